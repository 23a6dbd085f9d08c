import { MONTH_NAMES, WEEKDAY_NAMES } from './calendar.js';
import { stopwordsFor } from './stopwords.js';
import { tokenize } from './tokens.js';

/**
 * A cheap stand-in for named entities, used as clustering evidence: capitalised phrases
 * ("Supreme Court", "Bank of America", "OpenAI") and numbers with their units ("$10bn", "4%",
 * "2029"). No model: capitalisation, a stopword list and a few unit words.
 */
export interface Entities {
  /** Capitalised phrases as written (possessive dropped), distinct ignoring case, in first-seen order. */
  names: string[];
  /** Normalised numbers and amounts, distinct, in first-seen order: "$10bn", "€4m", "4%", "2029", "52". */
  numbers: string[];
}

/** Capitalised but not names: they start sentences or date things, and carry no event. */
export const NOT_NAMES: ReadonlySet<string> = new Set([
  ...WEEKDAY_NAMES,
  ...MONTH_NAMES,
  'mr',
  'mrs',
  'ms',
  'dr',
]);

/** Lowercase words allowed inside a name when a capitalised word follows: "Bank of America". */
export const NAME_CONNECTORS: ReadonlySet<string> = new Set([
  'of',
  'de',
  'del',
  'da',
  'van',
  'von',
  'der',
  'la',
  'le',
  '&',
]);

const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;

/** Letters, digits and '&' (words are runs of these, joined by . ' ’ -). */
export function isWordChar(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128)
    return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122) || code === 38;
  return NON_ASCII_WORD.test(text.charAt(index));
}

export function isJoiner(code: number): boolean {
  return code === 0x2e || code === 0x27 || code === 0x2019 || code === 0x2d; // . ' ’ -
}

/** Whether a word's first character is a cased letter, and whether it is upper case. */
const UNCASED = 0;
const LOWER = 1;
const UPPER = 2;

function caseOf(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code < 128) return code >= 65 && code <= 90 ? UPPER : code >= 97 && code <= 122 ? LOWER : UNCASED;
  const first = text.charAt(index);
  const lower = first.toLowerCase();
  if (lower === first.toUpperCase()) return UNCASED;
  return first !== lower && first === first.toUpperCase() ? UPPER : LOWER;
}

function cleanName(word: string): string {
  let text = word;
  if (text.endsWith("'s") || text.endsWith('’s')) text = text.slice(0, -2);
  while (text.endsWith('.') || text.endsWith('-') || text.endsWith("'") || text.endsWith('’')) {
    text = text.slice(0, -1);
  }
  return text;
}

/** True when everything between two offsets is plain space (no comma, no full stop). */
function onlySpaceBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 0xa0 && code !== 9) return false;
  }
  return true;
}

/** True when the word starts a sentence: text start, or after . ! ? : or a line break (quotes skipped). */
function startsSentence(text: string, start: number): boolean {
  for (let i = start - 1; i >= 0; i--) {
    const char = text.charAt(i);
    if (char === ' ' || char === '"' || char === '“' || char === "'" || char === '‘' || char === '(')
      continue;
    if (char === '.' || char === '!' || char === '?' || char === ':' || char === '\n' || char === '—')
      return true;
    return false;
  }
  return true;
}

/**
 * Capitalised phrases of `text`, as written, distinct ignoring case, in first-seen order.
 *
 * Words are runs of letters, digits and '&' joined by . ' ’ - ; a name is a run of capitalised
 * words separated by plain spaces, with connectors inside ("Bank of America"); a sentence-initial
 * stopword, "I", weekdays, months and titles are not names. Title Case Headlines ("Microsoft To
 * Invest $10 Billion In Japan") say nothing through their capitals: three quarters of their
 * cased words capitalised, over four words or more, gives no names at all.
 *
 * One pass over the characters: only capitalised words (and lower-case words inside a phrase)
 * are cut out as strings, so the common word costs no allocation. This is the clusterer's
 * name evidence for every post.
 */
export function extractNames(text: string, language = 'en'): string[] {
  const stopwords = stopwordsFor(language);
  const names = new Map<string, string>();
  let phrase: string[] = [];
  let pendingConnector: string | null = null;
  let lastEnd = -1;
  let words = 0;
  let letters = 0;
  let capitalised = 0;
  const flush = () => {
    if (phrase.length > 0) {
      const name = phrase.join(' ');
      const key = name.toLowerCase();
      if (!NOT_NAMES.has(key) && name.length > 1 && !names.has(key)) names.set(key, name);
      phrase = [];
    }
    pendingConnector = null;
  };
  const length = text.length;
  let index = 0;
  while (index < length) {
    if (!isWordChar(text, index)) {
      index++;
      continue;
    }
    const start = index;
    index++;
    while (index < length) {
      if (isWordChar(text, index)) index++;
      else if (isJoiner(text.charCodeAt(index))) index++;
      else break;
    }
    const end = index;
    words++;
    const wordCase = caseOf(text, start);
    if (wordCase !== UNCASED) letters++;
    if (wordCase === UPPER) capitalised++;

    const joined = lastEnd >= 0 && onlySpaceBetween(text, lastEnd, start);
    if (!joined) flush();
    lastEnd = end;
    if (wordCase !== UPPER) {
      if (phrase.length > 0 && pendingConnector === null) {
        const lower = cleanName(text.slice(start, end)).toLowerCase();
        if (NAME_CONNECTORS.has(lower)) {
          pendingConnector = lower;
          continue;
        }
      }
      flush();
      continue;
    }
    const word = text.slice(start, end);
    const name = cleanName(word);
    const lower = name.toLowerCase();
    if (phrase.length === 0 && ((stopwords.has(lower) && startsSentence(text, start)) || lower === 'i')) {
      continue; // "The", "He", "In" opening a sentence; "I"
    }
    if (NOT_NAMES.has(lower)) {
      flush();
      continue;
    }
    if (pendingConnector !== null) phrase.push(pendingConnector);
    pendingConnector = null;
    phrase.push(name);
    // "Microsoft's CEO": a possessive ends the name.
    if (name.length < word.length && /['’]s$/i.test(word)) flush();
  }
  flush();
  if (words >= 4 && letters >= 4 && capitalised / letters >= 0.75) return [];
  return [...names.values()];
}

const SCALES: ReadonlyMap<string, number> = new Map([
  ['thousand', 1e3],
  ['k', 1e3],
  ['million', 1e6],
  ['mn', 1e6],
  ['mln', 1e6],
  ['m', 1e6],
  ['billion', 1e9],
  ['bn', 1e9],
  ['b', 1e9],
  ['trillion', 1e12],
  ['tn', 1e12],
  ['t', 1e12],
]);

const CURRENCY_WORDS: ReadonlyMap<string, string> = new Map([
  ['dollar', '$'],
  ['dollars', '$'],
  ['usd', '$'],
  ['euro', '€'],
  ['euros', '€'],
  ['eur', '€'],
  ['pound', '£'],
  ['pounds', '£'],
  ['gbp', '£'],
  ['yen', '¥'],
  ['jpy', '¥'],
]);

const NUMBER = /^([$€£¥₹]?)(\d+(?:\.\d+)?)([a-z]*)(%?)$/;

const AMOUNT_UNITS: ReadonlyArray<readonly [number, string]> = [
  [1e12, 'tn'],
  [1e9, 'bn'],
  [1e6, 'm'],
];

function formatAmount(value: number): string {
  for (const [size, suffix] of AMOUNT_UNITS) {
    if (value >= size) return `${Number((value / size).toFixed(3))}${suffix}`;
  }
  return String(Number(value.toFixed(3)));
}

/**
 * Numbers and amounts, normalised so that "$10 billion", "$10bn" and "10 billion dollars" are
 * all "$10bn"; "4 percent" and "4%" are "4%". Bare one-digit numbers are left out (too common
 * to tell events apart).
 */
export function extractNumbers(text: string): string[] {
  return numbersFromTokens(tokenize(text));
}

/** `extractNumbers` for tokens already made by `tokenize`. */
export function numbersFromTokens(tokens: readonly string[]): string[] {
  const numbers = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    // NUMBER needs a digit or a currency sign first: most tokens are words, and are let go here.
    const first = token.charCodeAt(0);
    if (!isDigitCode(first) && !isCurrencySign(first)) continue;
    const match = NUMBER.exec(token);
    if (!match) continue;
    let currency = match[1] ?? '';
    let value = Number(match[2]);
    let suffix = match[3] ?? '';
    let percent = match[4] === '%';
    let scale = 1;
    if (suffix !== '') {
      const attached = SCALES.get(suffix);
      if (attached === undefined) continue; // "gpt4"-like mixes, "3d", "5g": not numbers
      scale = attached;
      suffix = '';
    }
    const next = tokens[i + 1];
    if (scale === 1 && next !== undefined && SCALES.has(next) && next.length > 1) {
      scale = SCALES.get(next) ?? 1;
      i++;
    }
    const after = tokens[i + 1];
    if (after === 'percent' || after === 'pct') {
      percent = true;
      i++;
    } else if (currency === '' && after !== undefined && CURRENCY_WORDS.has(after)) {
      currency = CURRENCY_WORDS.get(after) ?? '';
      i++;
    }
    const before = tokens[i - 1];
    if (currency === '' && before !== undefined && CURRENCY_WORDS.has(before)) {
      currency = CURRENCY_WORDS.get(before) ?? '';
    }
    value *= scale;
    if (percent) numbers.add(`${formatAmount(value)}%`);
    else if (currency !== '' || scale > 1) numbers.add(`${currency}${formatAmount(value)}`);
    else if (value >= 10 || match[2]?.includes('.')) numbers.add(formatAmount(value));
  }
  return [...numbers];
}

export type NumberKind = 'money' | 'percent' | 'year' | 'count';

function isCurrencySign(code: number): boolean {
  return code === 0x24 || code === 0x20ac || code === 0xa3 || code === 0xa5 || code === 0x20b9; // $ € £ ¥ ₹
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * What a normalised number from `extractNumbers` is: money starts with a currency sign, a
 * percentage ends with %, a year is 19xx or 20xx. Read from char codes (no regex): similarity asks
 * this for every number of a post and of each candidate story.
 */
export function numberKind(normalised: string): NumberKind {
  if (isCurrencySign(normalised.charCodeAt(0))) return 'money';
  if (normalised.charCodeAt(normalised.length - 1) === 0x25) return 'percent';
  if (
    normalised.length === 4 &&
    ((normalised.charCodeAt(0) === 0x31 && normalised.charCodeAt(1) === 0x39) ||
      (normalised.charCodeAt(0) === 0x32 && normalised.charCodeAt(1) === 0x30)) &&
    isDigitCode(normalised.charCodeAt(2)) &&
    isDigitCode(normalised.charCodeAt(3))
  )
    return 'year';
  return 'count';
}

export function extractEntities(text: string, language = 'en'): Entities {
  return { names: extractNames(text, language), numbers: extractNumbers(text) };
}
