import { stem } from './stem.js';
import { stopwordsFor } from './stopwords.js';
import { isNumericToken, tokenize } from './tokens.js';

export interface TermsOptions {
  /** ISO 639-1; decides stopwords and stemming (default 'en'). */
  language?: string;
}

/**
 * Content terms of a text: tokens without stopwords and one-letter words, stemmed. Numbers stay
 * ("2029", "$10", "4%", "10bn"); they often tell two events about one company apart.
 */
export function contentTerms(text: string, options: TermsOptions = {}): string[] {
  return termsFromTokens(tokenize(text), options);
}

/** `contentTerms` for tokens already made by `tokenize` (to tokenise once for several uses). */
export function termsFromTokens(tokens: readonly string[], options: TermsOptions = {}): string[] {
  const language = options.language ?? 'en';
  const stopwords = stopwordsFor(language);
  const terms: string[] = [];
  for (const token of tokens) {
    if (token.length < 2 && !isNumericToken(token)) continue;
    if (stopwords.has(token)) continue;
    terms.push(stem(token, language));
  }
  return terms;
}

/** Term → count. */
export function termCounts(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
