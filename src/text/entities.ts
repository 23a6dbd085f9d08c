import { MONTH_NAMES, WEEKDAY_NAMES } from './calendar.js';
import { detached } from './detach.js';
import { stopwordsFor } from './stopwords.js';
import { NON_ASCII_WORD, tokenize } from './tokens.js';

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
  // "I" with a verb, always capitalised ("I'm", "I’ve"): a pronoun, however it is written.
  ...["i'm", "i've", "i'd", "i'll"].flatMap((word) => [word, word.replace("'", '’')]),
  // Hacker News calling itself ("Hi HN", "Ask HN"): the site, not who the post is about.
  'hn',
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

/**
 * What a character is to the name scan, read once per character: the word classes come last
 * and carry the case of a word's first character, so `>= WORD_UNCASED` asks "word character?"
 * and `>= JOINER` asks "does the word go on?".
 */
const OTHER = 0;
/** Plain space between words keeps a phrase open: ' ', tab, no-break space. */
const SPACE = 1;
const JOINER = 2;
/** Digits and '&', and letters without case. */
const WORD_UNCASED = 3;
const WORD_LOWER = 4;
const WORD_UPPER = 5;

/** `charClass` for ASCII by table: most news text is ASCII, and this lookup is the scan's inner loop. */
const ASCII_CLASSES = (() => {
  const classes = new Uint8Array(128);
  for (let code = 0; code < 128; code++) {
    if (code === 32 || code === 9) classes[code] = SPACE;
    else if (isJoiner(code)) classes[code] = JOINER;
    else if (code >= 65 && code <= 90) classes[code] = WORD_UPPER;
    else if (code >= 97 && code <= 122) classes[code] = WORD_LOWER;
    else if (isWordChar(String.fromCharCode(code), 0)) classes[code] = WORD_UNCASED;
  }
  return classes;
})();

/** The class of a non-ASCII character: letters by Unicode property, their case as `toUpperCase` sees it. */
function nonAsciiClass(text: string, index: number, code: number): number {
  if (code === 0xa0) return SPACE;
  if (code === 0x2019) return JOINER;
  const char = text.charAt(index);
  if (!NON_ASCII_WORD.test(char)) return OTHER;
  const lower = char.toLowerCase();
  if (lower === char.toUpperCase()) return WORD_UNCASED;
  return char !== lower && char === char.toUpperCase() ? WORD_UPPER : WORD_LOWER;
}

function charClass(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code < 128 ? (ASCII_CLASSES[code] as number) : nonAsciiClass(text, index, code);
}

/** Whether a word goes on through `code`, at `index`: a word character or a joiner (its case is not needed). */
function continuesWord(text: string, index: number, code: number): boolean {
  if (code < 128) return (ASCII_CLASSES[code] as number) >= JOINER;
  return code === 0x2019 || NON_ASCII_WORD.test(text.charAt(index));
}

/** The offset just past the word whose second character is at `index`. */
function wordEnd(text: string, index: number): number {
  let end = index;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    // Most of a word is lower-case ASCII letters: a range test is cheaper than the table.
    if ((code >= 97 && code <= 122) || continuesWord(text, end, code)) end++;
    else break;
  }
  return end;
}

function isApostrophe(code: number): boolean {
  return code === 0x27 || code === 0x2019; // ' ’
}

/** Whether the word at start…end ends in a possessive "'s" or "’S" (either case). */
function endsPossessive(text: string, start: number, end: number): boolean {
  return (
    end - start >= 2 && (text.charCodeAt(end - 1) | 32) === 0x73 && isApostrophe(text.charCodeAt(end - 2))
  );
}

/**
 * Where the word at start…end ends as a name: a lower-case possessive "'s" and then trailing
 * joiners dropped ("Microsoft's" → "Microsoft", "U.S." → "U.S"). Offsets, so that one slice
 * cuts the name out. A word starts with a word character, so the name is never empty.
 */
function nameEnd(text: string, start: number, end: number): number {
  let stop = end;
  if (stop - start >= 2 && text.charCodeAt(stop - 1) === 0x73 && isApostrophe(text.charCodeAt(stop - 2)))
    stop -= 2;
  while (stop > start && isJoiner(text.charCodeAt(stop - 1))) stop--;
  return stop;
}

/**
 * The longest connector. No code point's lower case is shorter than it (checked over all of
 * Unicode), so a longer word is no connector and is let go without cutting it out.
 */
const MAX_CONNECTOR_LENGTH = Math.max(...[...NAME_CONNECTORS].map((connector) => connector.length));

/** The word at start…end as a connector ("of", "van", "&"), or null when it is none. */
function connectorAt(text: string, start: number, end: number): string | null {
  const stop = nameEnd(text, start, end);
  if (stop - start > MAX_CONNECTOR_LENGTH) return null;
  const lower = text.slice(start, stop).toLowerCase();
  return NAME_CONNECTORS.has(lower) ? lower : null;
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

/** Adds a finished phrase to `names` unless it is not a name or is there already under `key`, its lower case. */
function addName(names: Map<string, string>, phrase: string, key: string): void {
  if (!NOT_NAMES.has(key) && phrase.length > 1 && !names.has(key)) names.set(key, detached(phrase));
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
 * One pass over the characters, each classed once: only capitalised words (and a short word
 * after an open phrase, which may be a connector) are cut out as strings, so the common word
 * costs no allocation. This is the clusterer's name evidence for every post.
 */
export function extractNames(text: string, language = 'en'): string[] {
  const stopwords = stopwordsFor(language);
  const names = new Map<string, string>();
  // The open phrase, its words joined by spaces; '' when none is open.
  let phrase = '';
  // The phrase in lower case, built word by word: lower-casing is per character but for a final
  // sigma, which looks no further than the space between words, so the pieces make the whole.
  let phraseKey = '';
  // A connector ("of") waits for the capitalised word that confirms it; only set while a phrase is open.
  let pendingConnector: string | null = null;
  // Whether only plain space has passed since the last word (false before the first word).
  let joined = false;
  let words = 0;
  let letters = 0;
  let capitalised = 0;
  const length = text.length;
  let index = 0;
  while (index < length) {
    const wordClass = charClass(text, index);
    if (wordClass < WORD_UNCASED) {
      if (wordClass !== SPACE) joined = false;
      index++;
      continue;
    }
    const start = index;
    index = wordEnd(text, index + 1);
    const end = index;
    words++;
    if (wordClass !== WORD_UNCASED) letters++;
    if (wordClass === WORD_UPPER) capitalised++;
    const wasJoined = joined;
    joined = true;
    if (phrase !== '' && !wasJoined) {
      addName(names, phrase, phraseKey);
      phrase = '';
      phraseKey = '';
      pendingConnector = null;
    }
    if (wordClass !== WORD_UPPER) {
      if (phrase === '') continue; // the common word: no phrase to end or extend
      if (pendingConnector === null) {
        pendingConnector = connectorAt(text, start, end);
        if (pendingConnector !== null) continue;
      }
      addName(names, phrase, phraseKey);
      phrase = '';
      phraseKey = '';
      pendingConnector = null;
      continue;
    }
    const name = text.slice(start, nameEnd(text, start, end));
    const lower = name.toLowerCase();
    // Sentence start before stopword: most capitalised words stand inside sentences, and are let go without a lookup.
    if (phrase === '' && ((startsSentence(text, start) && stopwords.has(lower)) || lower === 'i')) {
      continue; // "The", "He", "In" opening a sentence; "I"
    }
    if (NOT_NAMES.has(lower)) {
      if (phrase !== '') addName(names, phrase, phraseKey);
      phrase = '';
      phraseKey = '';
      pendingConnector = null;
      continue;
    }
    if (phrase === '') {
      phrase = name;
      phraseKey = lower;
    } else if (pendingConnector !== null) {
      phrase = `${phrase} ${pendingConnector} ${name}`;
      phraseKey = `${phraseKey} ${pendingConnector} ${lower}`;
    } else {
      phrase = `${phrase} ${name}`;
      phraseKey = `${phraseKey} ${lower}`;
    }
    pendingConnector = null;
    // "Microsoft's CEO": a possessive ends the name.
    if (name.length < end - start && endsPossessive(text, start, end)) {
      addName(names, phrase, phraseKey);
      phrase = '';
      phraseKey = '';
    }
  }
  if (phrase !== '') addName(names, phrase, phraseKey);
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

/** A digit or a currency sign first: a token that `numbersFromTokens` may read as a number. */
export function mayStartNumber(token: string): boolean {
  const first = token.charCodeAt(0);
  return isDigitCode(first) || isCurrencySign(first);
}

/** `extractNumbers` for tokens already made by `tokenize`. */
export function numbersFromTokens(tokens: readonly string[]): string[] {
  const numbers = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    // Most tokens are words, and are let go here.
    if (!mayStartNumber(token)) continue;
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
