import { detached } from './detach.js';
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

/**
 * Per language, token → its term, or '' when the token is no content word. One map lookup per
 * token instead of a stopword lookup plus a stem lookup: news vocabulary is Zipfian, so nearly
 * every token is a hit. Cleared when it grows past `MAX_CACHED` (memory stays bounded).
 */
const MAX_CACHED = 200_000;
const termCache = new Map<string, Map<string, string>>();

function termCacheFor(language: string): Map<string, string> {
  let cache = termCache.get(language);
  if (!cache) {
    cache = new Map();
    termCache.set(language, cache);
  }
  return cache;
}

/** `contentTerms` for tokens already made by `tokenize` (to tokenise once for several uses). */
export function termsFromTokens(tokens: readonly string[], options: TermsOptions = {}): string[] {
  const language = options.language ?? 'en';
  const cache = termCacheFor(language);
  let stopwords: ReadonlySet<string> | undefined;
  const terms: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    let term = cache.get(token);
    if (term === undefined) {
      stopwords ??= stopwordsFor(language);
      term =
        (token.length < 2 && !isNumericToken(token)) || stopwords.has(token) ? '' : stem(token, language);
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(detached(token), detached(term));
    }
    if (term !== '') terms.push(term);
  }
  return terms;
}

/** The term of one token ('' when it is no content word): what `termsFromTokens` keeps of it. */
export function termOfToken(token: string, language = 'en'): string {
  const cache = termCacheFor(language);
  let term = cache.get(token);
  if (term === undefined) {
    term =
      (token.length < 2 && !isNumericToken(token)) || stopwordsFor(language).has(token)
        ? ''
        : stem(token, language);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(detached(token), detached(term));
  }
  return term;
}

/** Term → count. */
export function termCounts(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
