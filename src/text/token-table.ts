/**
 * Interned tokens: a text's tokens as small integer ids, found without cutting a string per
 * token. A token of plain ASCII letters and digits (nearly every token of English news) is hashed
 * and compared straight from the text's characters; only a token not seen before, or one that
 * needs more than lowercasing ("1,000", "don't", "$10", "zürich"), becomes a string first. The
 * clusterer tokenised every post into fresh strings and looked each one up in a map: hashing
 * new strings and collecting them was a large part of its time. Pure and in memory.
 */
import { createTokenSpan, MAX_TOKEN_LENGTH, scanToken, tokenText } from './tokens.js';

export interface TokenTable {
  /** Ids of the tokens of `text` in order, exactly as `tokenize` cuts them; new tokens are interned. */
  tokenIds(text: string): number[];
  /** The token (as `tokenize` gives it) of an id. */
  tokenOf(id: number): string;
  /** Tokens interned. */
  readonly size: number;
  /** Forgets every token: ids handed out before mean nothing any more. */
  clear(): void;
}

// FNV-1a over the token's UTF-16 code units.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashOf(token: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), FNV_PRIME);
  return hash;
}

/** 0-9, A-Z, a-z: the characters whose lowercase is `code | 0x20`. */
function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

const INITIAL_SLOTS = 4096;

export function createTokenTable(): TokenTable {
  let tokens: string[] = [];
  let hashes = new Int32Array(INITIAL_SLOTS / 2);
  /** Open addressing, linear probing: a token's id + 1, 0 for an empty slot. */
  let slots = new Int32Array(INITIAL_SLOTS);
  const span = createTokenSpan();

  function place(id: number): void {
    const mask = slots.length - 1;
    let at = (hashes[id] as number) & mask;
    while (slots[at] !== 0) at = (at + 1) & mask;
    slots[at] = id + 1;
  }

  function insert(token: string, hash: number): number {
    const id = tokens.length;
    tokens.push(token);
    if (id >= hashes.length) {
      const grown = new Int32Array(hashes.length * 2);
      grown.set(hashes);
      hashes = grown;
    }
    hashes[id] = hash;
    if (tokens.length * 2 > slots.length) {
      // At most half full, so probes stay short.
      slots = new Int32Array(slots.length * 2);
      for (let other = 0; other < tokens.length; other++) place(other);
    } else place(id);
    return id;
  }

  /** The id of `token`, or -1. */
  function findToken(token: string, hash: number): number {
    const mask = slots.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const entry = slots[at] as number;
      if (entry === 0) return -1;
      if (hashes[entry - 1] === hash && tokens[entry - 1] === token) return entry - 1;
    }
  }

  /** The id of the lowercase of `text[start, end)`, all of it ASCII letters and digits, or -1. */
  function findPlain(text: string, start: number, end: number, hash: number): number {
    const mask = slots.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const entry = slots[at] as number;
      if (entry === 0) return -1;
      if (hashes[entry - 1] !== hash) continue;
      const token = tokens[entry - 1] as string;
      if (token.length !== end - start) continue;
      let same = true;
      for (let i = 0; i < token.length; i++) {
        if (token.charCodeAt(i) !== (text.charCodeAt(start + i) | 0x20)) {
          same = false;
          break;
        }
      }
      if (same) return entry - 1;
    }
  }

  /** The id of the token `span` holds, interned if new. */
  function idOfSpan(text: string): number {
    const { start, end } = span;
    let plain = !span.hasComma && !span.hasApostrophe;
    let hash = FNV_OFFSET;
    for (let i = start; plain && i < end; i++) {
      const code = text.charCodeAt(i);
      if (isAsciiAlphanumeric(code)) hash = Math.imul(hash ^ (code | 0x20), FNV_PRIME);
      else plain = false;
    }
    if (plain) {
      // The hash of the lowercased characters is the hash of the token's string.
      const id = findPlain(text, start, end, hash);
      return id >= 0 ? id : insert(tokenText(text, span), hash);
    }
    const token = tokenText(text, span);
    const tokenHash = hashOf(token);
    const id = findToken(token, tokenHash);
    return id >= 0 ? id : insert(token, tokenHash);
  }

  return {
    tokenIds(text) {
      const ids: number[] = [];
      const length = text.length;
      let index = 0;
      while (index < length) {
        const code = text.charCodeAt(index);
        if (code < 128 && code !== 0x24 && !isAsciiAlphanumeric(code)) {
          index++; // ASCII that neither is nor starts a token ($ may start an amount)
          continue;
        }
        if (code < 128 && code !== 0x24) {
          // A run of ASCII letters and digits, hashed as it is read. When what ends it is plain
          // ASCII punctuation (not . , ' % which can join or end a token otherwise) or the end of
          // the text, the run is the token `scanToken` cuts here; otherwise `scanToken` decides.
          const start = index;
          let hash = FNV_OFFSET;
          let end = index;
          let next = code;
          do {
            hash = Math.imul(hash ^ (next | 0x20), FNV_PRIME);
            end++;
            next = end < length ? text.charCodeAt(end) : -1;
          } while (next >= 0 && isAsciiAlphanumeric(next));
          if (next < 128 && next !== 0x2e && next !== 0x2c && next !== 0x27 && next !== 0x25) {
            index = end;
            if (end - start > MAX_TOKEN_LENGTH) continue;
            let id = findPlain(text, start, end, hash);
            if (id < 0) id = insert(text.slice(start, end).toLowerCase(), hash);
            ids.push(id);
            continue;
          }
        }
        index = scanToken(text, index, span);
        if (index < 0) break;
        ids.push(idOfSpan(text));
      }
      return ids;
    },
    tokenOf(id) {
      return tokens[id] ?? '';
    },
    get size() {
      return tokens.length;
    },
    clear() {
      tokens = [];
      hashes = new Int32Array(INITIAL_SLOTS / 2);
      slots = new Int32Array(INITIAL_SLOTS);
    },
  };
}
