import { splitSentences } from '../text/sentences.js';
import { contentTerms } from '../text/terms.js';
import { cleanSentence } from '../write/sentences-clean.js';

/** Placeholders that Reddit and HN leave for removed text. */
const REMOVED = /^\s*\[(?:deleted|removed|dead|flagged)\]\s*$/i;

/**
 * The commenter's own words: lines quoted from someone else (`> …`) are dropped, and so are
 * removal placeholders. '' when nothing is left (a deleted comment), which callers ignore.
 */
export function ownWords(text: string): string {
  if (REMOVED.test(text)) return '';
  const lines = text.split('\n').filter((line) => !/^\s*(?:>|&gt;)/.test(line));
  return lines.join('\n').trim();
}

/** The cleaned sentences of a comment's own words, empty ones dropped. */
export function opinionSentences(text: string): string[] {
  return splitSentences(ownWords(text))
    .map((sentence) => cleanSentence(sentence))
    .filter((sentence) => sentence !== '');
}

/** Subject phrases as sets of content terms; a sentence mentions one when it has all its terms. */
export function subjectMatcher(
  subject: readonly string[] | undefined,
): ((sentence: string) => boolean) | null {
  const phrases = (subject ?? []).map((phrase) => contentTerms(phrase)).filter((terms) => terms.length > 0);
  if (phrases.length === 0) return null;
  return (sentence) => {
    const terms = new Set(contentTerms(sentence));
    return phrases.some((phrase) => phrase.every((term) => terms.has(term)));
  };
}

/** Lowercased text with white space collapsed: equal for copies of one comment. */
export function duplicateKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}
