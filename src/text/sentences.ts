import { split } from 'sentence-splitter';

/**
 * The sentences of a plain text, trimmed, empty ones dropped. sentence-splitter knows common
 * abbreviations ("U.S.", "Dr.", "e.g.") and decimal points, so "$10.5 billion" stays whole.
 * Line breaks end a sentence too (a paragraph break, a list item).
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\n+/)) {
    if (line.trim() === '') continue;
    for (const node of split(line)) {
      if (node.type !== 'Sentence') continue;
      const sentence = node.raw.trim();
      if (sentence !== '') sentences.push(sentence);
    }
  }
  return sentences;
}
