/**
 * Word tokens: runs of Unicode letters and digits, lowercased. A hand-written scanner (one pass
 * over char codes, no backtracking) because it is the hot path of clustering.
 *
 * Kept whole: decimals and thousands ("10.5", "1,000" → "1000"), amounts with a currency sign
 * ("$10", "€4"), percentages ("4%"), letter/digit mixes ("10bn", "gpt4"), dotted abbreviations
 * ("U.S." → "u.s"), contractions ("don't" → "dont"). A possessive "'s" is dropped
 * ("Microsoft's" → "microsoft"). Everything else (hyphens, slashes, quotes) splits.
 */

/** Longer runs (hashes, base64, URLs run together) are no words and are passed over. */
export const MAX_TOKEN_LENGTH = 48;
/** A letter, digit or combining mark beyond ASCII: a character of a word (tokens and names alike). */
export const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;

/** $ € £ ¥ ₹ (compared by code: this is asked at every character between tokens). */
function isCurrencySign(code: number): boolean {
  return code === 0x24 || code === 0x20ac || code === 0xa3 || code === 0xa5 || code === 0x20b9;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

function isWordCode(text: string, index: number, code: number): boolean {
  if (code < 128) return isDigit(code) || isAsciiLetter(code);
  if (code >= 0xd800 && code <= 0xdbff) {
    // A surrogate pair: test the whole code point.
    const point = text.codePointAt(index);
    return point !== undefined && NON_ASCII_WORD.test(String.fromCodePoint(point));
  }
  if (code >= 0xdc00 && code <= 0xdfff) return true; // low half of a pair already accepted
  return NON_ASCII_WORD.test(text[index] ?? '');
}

function isLetterAt(text: string, index: number): boolean {
  if (index >= text.length) return false;
  const code = text.charCodeAt(index);
  if (code < 128) return isAsciiLetter(code);
  return isWordCode(text, index, code) && !isDigit(code);
}

function isWordAt(text: string, index: number): boolean {
  if (index >= text.length) return false;
  return isWordCode(text, index, text.charCodeAt(index));
}

/** Where `scanToken` found a token, and what its string needs besides lowercasing. */
export interface TokenSpan {
  start: number;
  end: number;
  /** A thousands comma to drop ("1,000" → "1000"). */
  hasComma: boolean;
  /** An apostrophe to drop ("don't" → "dont"). */
  hasApostrophe: boolean;
}

export function createTokenSpan(): TokenSpan {
  return { start: 0, end: 0, hasComma: false, hasApostrophe: false };
}

/**
 * Finds the first token of `text` at or after `from` (see the module comment), fills `span`
 * with it and returns where the scan goes on (past a dropped possessive "'s"); -1 when no token
 * is left. Tokens longer than 48 characters are passed over. The one scanner behind `tokenize`
 * and the clusterer's token ids (text/token-table.ts), so both cut the same tokens.
 */
export function scanToken(text: string, from: number, span: TokenSpan): number {
  const length = text.length;
  let index = from;
  while (index < length) {
    const code = text.charCodeAt(index);
    const start = index;
    if (isCurrencySign(code) && isDigit(text.charCodeAt(index + 1))) {
      index++; // the sign belongs to the amount that follows
    } else if (!isWordCode(text, index, code)) {
      index++;
      continue;
    }
    let hasComma = false;
    let hasApostrophe = false;
    let dotted = false;
    let end = index;
    while (end < length) {
      const c = text.charCodeAt(end);
      if (isWordCode(text, end, c)) {
        end++;
        continue;
      }
      const prev = text.charCodeAt(end - 1);
      const next = end + 1 < length ? text.charCodeAt(end + 1) : -1;
      if ((c === 0x2e || c === 0x2c) && isDigit(prev) && isDigit(next)) {
        // 10.5, 1,000
        if (c === 0x2c) hasComma = true;
        end++;
        continue;
      }
      if (c === 0x2e && isAsciiLetter(prev) && isAsciiLetter(next) && !isWordAt(text, end + 2)) {
        // U.S., U.K., e.g.: single letters joined by dots
        const tokenLength = end - start;
        if (tokenLength === 1 || dotted) {
          dotted = true;
          end++;
          continue;
        }
      }
      if ((c === 0x27 || c === 0x2019) && isLetterAt(text, end - 1) && isLetterAt(text, end + 1)) {
        const possessive = (next === 0x73 || next === 0x53) && !isWordAt(text, end + 2);
        if (possessive) break;
        hasApostrophe = true;
        end++;
        continue;
      }
      if (c === 0x25 && isDigit(prev)) end++; // 4%
      break;
    }
    index = end;
    // Skip a dropped possessive 's so that the "s" is not a token of its own.
    const after = text.charCodeAt(index);
    if ((after === 0x27 || after === 0x2019) && (text[index + 1] === 's' || text[index + 1] === 'S')) {
      if (!isWordAt(text, index + 2)) index += 2;
    }
    if (end - start <= MAX_TOKEN_LENGTH) {
      span.start = start;
      span.end = end;
      span.hasComma = hasComma;
      span.hasApostrophe = hasApostrophe;
      return index;
    }
  }
  return -1;
}

/** The string of the token `span` holds: lowercased, without its commas and apostrophes. */
export function tokenText(text: string, span: TokenSpan): string {
  let token = text.slice(span.start, span.end).toLowerCase();
  if (span.hasComma) token = token.replaceAll(',', '');
  if (span.hasApostrophe) token = token.replaceAll("'", '').replaceAll('\u2019', '');
  return token;
}

/** Lowercased word tokens of `text` in order (see the module comment for what stays whole). */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const span = createTokenSpan();
  for (let at = scanToken(text, 0, span); at >= 0; at = scanToken(text, at, span)) {
    tokens.push(tokenText(text, span));
  }
  return tokens;
}

/** True when the token holds a digit (a number, an amount, a year, "10bn"). */
export function isNumericToken(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    if (isDigit(token.charCodeAt(i))) return true;
  }
  return false;
}
