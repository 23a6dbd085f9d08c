import { split } from 'sentence-splitter';

/**
 * The sentences of a plain text, trimmed, empty ones dropped. sentence-splitter knows common
 * abbreviations ("U.S.", "Dr.", "e.g.") and decimal points, so "$10.5 billion" stays whole.
 * Line breaks end a sentence too (a paragraph break, a list item).
 */
export function splitSentences(text: string): string[] {
  const known = memo.get(text);
  if (known) {
    // Most recently used last: the oldest entries leave first.
    memo.delete(text);
    memo.set(text, known);
    return [...known];
  }
  const sentences = splitUncached(text);
  remember(text, sentences);
  return sentences;
}

/**
 * The sentences of recently split texts. Writing a briefing splits each text several times (its
 * facts, each community's stance, the summary, the grounding check): 4,792 splits of 1,980
 * distinct comments in one story, three fifths of the characters split again. Bounded by the
 * characters held; a text longer than a tenth of that is not kept.
 */
const memo = new Map<string, readonly string[]>();
const MEMO_CHARS = 4_000_000;
let memoChars = 0;

function remember(text: string, sentences: readonly string[]): void {
  if (text.length > MEMO_CHARS / 10) return;
  memo.set(text, [...sentences]);
  memoChars += text.length;
  for (const [oldest] of memo) {
    if (memoChars <= MEMO_CHARS) break;
    memo.delete(oldest);
    memoChars -= oldest.length;
  }
}

function splitUncached(text: string): string[] {
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
