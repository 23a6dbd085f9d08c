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
      for (const part of splitAfterNumbers(node.raw)) {
        const sentence = part.trim();
        if (sentence !== '') sentences.push(sentence);
      }
    }
  }
  return sentences;
}

/**
 * sentence-splitter does not end a sentence after a number ("… between 2026 and 2029. Sakura
 * Internet will …"), reading "2029." as an ordinal. In English a number of two or more digits,
 * a full stop, a space and a capital letter (or an opening quote) is a sentence end; decimals
 * ("10.5") have no space and stay whole.
 */
function splitAfterNumbers(sentence: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const match of sentence.matchAll(NUMBER_THEN_CAPITAL)) {
    // Split after the white space, so the next sentence starts at its capital or its quote.
    const end = (match.index ?? 0) + match[0].length;
    parts.push(sentence.slice(start, end));
    start = end;
  }
  parts.push(sentence.slice(start));
  return parts;
}

/** Two or more digits, '.', white space, then (looking ahead) a capital, or a quote and a capital. */
const NUMBER_THEN_CAPITAL = /\d{2}\.\s+(?=["“‘']?[A-Z])/g;
