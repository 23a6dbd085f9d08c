/**
 * The token scanner and sentence spans that every extractor works on. One pass over char codes,
 * no regular expressions over the input, so the work is linear in the length of the text by
 * construction (the extractors then match short token patterns at each position).
 */
import { MONTH_ABBREVIATIONS } from '../text/calendar.js';

export type TokenKind = 'word' | 'num' | 'sym' | 'punct';

export interface Token {
  kind: TokenKind;
  /** The exact text, `source.slice(start, end)`. */
  text: string;
  lower: string;
  /** Offsets into the text that was scanned (plus the offset passed to `scanTokens`). */
  start: number;
  end: number;
  /** No whitespace between this token and the previous one ("US$": "$" is glued to "US"). */
  glued: boolean;
  /** For `num`: the value ("10,000" → 10000, "2.5" → 2.5). */
  value: number;
  /** For `num`: digits after the decimal point. */
  decimals: number;
  /** For `word`: starts with an upper-case letter. */
  capital: boolean;
  /** For `word`: letters and digits mixed ("H100", "3nm", "GPT4"). */
  alnum: boolean;
}

const SYMBOLS = new Set(['$', '€', '£', '¥', '₩', '₹', '%', '~', '&', '+']);

/** Suffixes split off a number they are glued to: "10bn" → 10 + bn. */
const GLUED_SCALES = new Set(['k', 'm', 'mn', 'b', 'bn', 'bln', 't', 'tn', 'trn', 'tr']);

/** Letters split off a number that follows them: "FY2029", "RM1.2", "Rs5". */
const GLUED_PREFIXES = new Set(['fy', 'rm', 'rs', 'chf', 'usd', 'eur', 'gbp', 'jpy', 'inr', 'sgd', 'q']);

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

const LETTER = /\p{L}|\p{M}/u;

function isLetter(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) return true;
  if (code < 128 || Number.isNaN(code)) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false; // astral letters are rare here; treat as punctuation
  return LETTER.test(text.charAt(index));
}

function isSpace(code: number): boolean {
  return (
    code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0 || code === 0x3000 || code === 12
  );
}

function makeToken(kind: TokenKind, text: string, start: number, glued: boolean): Token {
  const first = text.charAt(0);
  return {
    kind,
    text,
    lower: text.toLowerCase(),
    start,
    end: start + text.length,
    glued,
    value: Number.NaN,
    decimals: 0,
    capital: kind === 'word' && first !== first.toLowerCase(),
    alnum: false,
  };
}

/** Reads "10", "10,000,000", "2.5", "1,599.99" starting at `index`; returns the end. */
function scanNumberEnd(text: string, index: number): number {
  let end = index;
  while (end < text.length && isDigit(text.charCodeAt(end))) end++;
  while (end + 1 < text.length) {
    const c = text.charCodeAt(end);
    if ((c === 44 /* , */ || c === 46) /* . */ && isDigit(text.charCodeAt(end + 1))) {
      end++;
      while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    } else break;
  }
  return end;
}

function parseNumber(raw: string): { value: number; decimals: number } {
  // "1,599.99" and "10,000": commas group thousands; a single dot is a decimal point.
  // "1.234.567" (several dots) groups thousands the European way.
  const dots = raw.split('.').length - 1;
  let clean: string;
  if (dots > 1) clean = raw.replaceAll('.', '').replaceAll(',', '.');
  else clean = raw.replaceAll(',', '');
  const point = clean.indexOf('.');
  const decimals = point === -1 ? 0 : clean.length - point - 1;
  // More than 15 significant digits cannot be held exactly: not a number we can report faithfully.
  const significant = clean.replace('.', '').replace(/^0+/, '').length;
  if (significant > 15) return { value: Number.NaN, decimals };
  return { value: Number(clean), decimals };
}

/** Tokens of `text`; offsets are shifted by `offset`. */
export function scanTokens(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  const length = text.length;
  let index = 0;
  let glued = false;
  while (index < length) {
    const code = text.charCodeAt(index);
    if (isSpace(code)) {
      index++;
      glued = false;
      continue;
    }
    const start = index;
    if (isDigit(code)) {
      const end = scanNumberEnd(text, index);
      // Letters glued after the number: a scale ("10bn"), a unit ("3nm") or a name ("4090s").
      let letterEnd = end;
      while (letterEnd < length && (isLetter(text, letterEnd) || isDigit(text.charCodeAt(letterEnd))))
        letterEnd++;
      const raw = text.slice(start, end);
      const suffix = text.slice(end, letterEnd);
      if (suffix === '' || GLUED_SCALES.has(suffix.toLowerCase())) {
        const token = makeToken('num', raw, offset + start, glued);
        const parsed = parseNumber(raw);
        token.value = parsed.value;
        token.decimals = parsed.decimals;
        tokens.push(token);
        if (suffix !== '') tokens.push(makeToken('word', suffix, offset + end, true));
      } else {
        const token = makeToken('word', text.slice(start, letterEnd), offset + start, glued);
        token.alnum = true;
        token.capital = false;
        tokens.push(token);
      }
      index = letterEnd;
      glued = true;
      continue;
    }
    if (isLetter(text, index)) {
      let end = index + 1;
      for (;;) {
        if (end < length && isLetter(text, end)) {
          end++;
          continue;
        }
        // An apostrophe inside a word: "don't", "Microsoft's".
        const c = text.charCodeAt(end);
        if ((c === 39 || c === 0x2019) && end + 1 < length && isLetter(text, end + 1)) {
          end += 2;
          continue;
        }
        // Dotted abbreviations: "U.S.", "U.K." (single letters joined by dots).
        if (c === 46 && end - index <= 2 && end + 2 < length && isLetter(text, end + 1)) {
          const after = text.charCodeAt(end + 2);
          if (after === 46 && !isLetter(text, end + 3)) {
            end += 3;
            continue;
          }
        }
        break;
      }
      // Digits right after letters: a prefix we split ("FY2029", "RM1.2") or a name ("H100").
      if (end < length && isDigit(text.charCodeAt(end))) {
        const letters = text.slice(index, end);
        if (GLUED_PREFIXES.has(letters.toLowerCase()) && letters.length <= 3) {
          tokens.push(makeToken('word', letters, offset + index, glued));
          index = end;
          glued = true;
          continue;
        }
        let alnumEnd = end;
        while (alnumEnd < length && (isLetter(text, alnumEnd) || isDigit(text.charCodeAt(alnumEnd))))
          alnumEnd++;
        const token = makeToken('word', text.slice(index, alnumEnd), offset + index, glued);
        token.alnum = true;
        tokens.push(token);
        index = alnumEnd;
        glued = true;
        continue;
      }
      tokens.push(makeToken('word', text.slice(index, end), offset + index, glued));
      index = end;
      glued = true;
      continue;
    }
    // One char of punctuation or a symbol (a surrogate pair stays whole).
    let end = index + 1;
    if (code >= 0xd800 && code <= 0xdbff && end < length) end++;
    const piece = text.slice(index, end);
    tokens.push(makeToken(SYMBOLS.has(piece) ? 'sym' : 'punct', piece, offset + index, glued));
    index = end;
    glued = true;
  }
  return tokens;
}

export interface TextRange {
  start: number;
  end: number;
}

/** Words before a full stop that do not end a sentence. */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'jr',
  'sr',
  'inc',
  'corp',
  'co',
  'ltd',
  'vs',
  'etc',
  'no',
  ...MONTH_ABBREVIATIONS,
  'approx',
  'est',
  'fig',
  'gov',
  'u.s',
  'e.g',
  'i.e',
]);

/** Longest "sentence" handed to the extractors; longer runs are cut at a space. */
export const MAX_SENTENCE_CHARS = 1200;

/**
 * Sentence ranges of `text`, trimmed. A sentence ends at a line break, at "!" or "?" followed by
 * a space, and at "." followed by a space and a capital, digit or quote, unless the word before
 * the dot is a known abbreviation or a single letter. Runs longer than MAX_SENTENCE_CHARS are cut.
 */
export function splitSentenceRanges(text: string): TextRange[] {
  const ranges: TextRange[] = [];
  const length = text.length;
  let start = 0;
  const push = (from: number, to: number) => {
    let a = from;
    let b = to;
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    while (b - a > MAX_SENTENCE_CHARS) {
      let cut = a + MAX_SENTENCE_CHARS;
      let back = cut;
      while (back > a + MAX_SENTENCE_CHARS / 2 && !isSpace(text.charCodeAt(back))) back--;
      if (back > a + MAX_SENTENCE_CHARS / 2) cut = back;
      // Never cut a surrogate pair in half.
      const before = text.charCodeAt(cut - 1);
      if (before >= 0xd800 && before <= 0xdbff) cut++;
      ranges.push({ start: a, end: cut });
      a = cut;
      while (a < b && isSpace(text.charCodeAt(a))) a++;
    }
    if (b > a) ranges.push({ start: a, end: b });
  };
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code === 10 || code === 13) {
      push(start, index);
      start = index + 1;
      continue;
    }
    if (code !== 46 && code !== 33 && code !== 63 && code !== 0x3002) continue;
    // Runs of terminators ("?!", "...") end together.
    let end = index + 1;
    while (end < length) {
      const c = text.charCodeAt(end);
      if (
        c === 46 ||
        c === 33 ||
        c === 63 ||
        c === 34 ||
        c === 0x201d ||
        c === 39 ||
        c === 0x2019 ||
        c === 41
      )
        end++;
      else break;
    }
    if (end < length && !isSpace(text.charCodeAt(end))) {
      index = end - 1;
      continue;
    }
    if (code === 46 && end === index + 1) {
      // A single dot: look at the word before and the character after.
      let wordStart = index;
      while (
        wordStart > start &&
        index - wordStart < 12 &&
        (isLetter(text, wordStart - 1) || text.charCodeAt(wordStart - 1) === 46)
      )
        wordStart--;
      const word = text.slice(wordStart, index).toLowerCase();
      if (word.length === 1 || ABBREVIATIONS.has(word)) {
        index = end - 1;
        continue;
      }
      let next = end;
      while (next < length && (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 9)) next++;
      const after = text.charAt(next);
      if (next < length && after === after.toLowerCase() && after !== after.toUpperCase()) {
        index = end - 1;
        continue;
      }
    }
    push(start, end);
    start = end;
    index = end - 1;
  }
  push(start, length);
  return ranges;
}
