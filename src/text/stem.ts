import { stemmer } from 'stemmer';
import { detached } from './detach.js';

/** Stems are cached: news vocabulary is Zipfian, so a small map saves most Porter calls. */
const MAX_CACHED = 200_000;
const cache = new Map<string, string>();

function isPlainAsciiWord(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code < 97 || code > 122) return false;
  }
  return true;
}

/**
 * The stem of a lowercased token: Porter (stemmer) for English, the token itself for other
 * languages and for tokens with anything but a–z ("10bn", "$10", "u.s", "zürich").
 */
export function stem(token: string, language = 'en'): string {
  if ((language !== 'en' && language !== 'und') || token.length < 3) return token;
  let stemmed = cache.get(token);
  if (stemmed === undefined) {
    stemmed = isPlainAsciiWord(token) ? stemmer(token) : token;
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(detached(token), detached(stemmed));
  }
  return stemmed;
}
