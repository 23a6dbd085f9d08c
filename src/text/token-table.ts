/**
 * Interned tokens: a text's tokens as small integer ids, found without cutting a string per
 * token. A token of plain ASCII letters and digits (nearly every token of English news) is packed
 * into a key straight from the text's characters and found by that key alone; only a token not
 * seen before, or one that needs more than lowercasing ("1,000", "don't", "$10", "zürich"),
 * becomes a string first. The clusterer tokenised every post into fresh strings and looked each
 * one up in a map: hashing new strings and collecting them was a large part of its time. Pure
 * and in memory.
 */
import { detached } from './detach.js';
import { mayStartNumber } from './entities.js';
import { createTokenSpan, MAX_TOKEN_LENGTH, scanToken, tokenText } from './tokens.js';

export interface TokenTable {
  /** Ids of the tokens of `text` in order, exactly as `tokenize` cuts them; new tokens are interned. */
  tokenIds(text: string): number[];
  /** The token (as `tokenize` gives it) of an id. */
  tokenOf(id: number): string;
  /** Whether the token of an id may be a number (`mayStartNumber`: a digit or a currency sign first). */
  startsNumber(id: number): boolean;
  /** Tokens interned. */
  readonly size: number;
  /** Forgets every token: ids handed out before mean nothing any more. */
  clear(): void;
}

/**
 * A token of at most 15 characters, each 0-9 or a-z (99% of the tokens of a sample of English news), is
 * its own key: 6 bits a character (1-36; 0 is no character), the last character lowest in `a`,
 * five to an int, in three ints `a`, `b`, `c`. The key is the token, so a slot holding it
 * confirms a match without reading the token's string (those strings lie scattered over the
 * heap: reading them was a large part of a lookup) and without hashing character by character.
 */
const PACKED_LENGTH = 15;
const LOW_30_BITS = 0x3fffffff;

/** A 0-9, A-Z, a-z character's 6-bit code in a key (a letter's for either case); 0 for any other. */
const PACKED_CODE = new Uint8Array(128);
for (let code = 48; code <= 57; code++) PACKED_CODE[code] = code - 47;
for (let code = 97; code <= 122; code++) {
  PACKED_CODE[code] = code - 86;
  PACKED_CODE[code - 32] = code - 86;
}

/** `PACKED_CODE` of any code, -1 (past the end of a text) included. */
function packedCodeOf(code: number): number {
  return code >>> 0 < 128 ? (PACKED_CODE[code] as number) : 0;
}

/** Spreads a key over the slots: the key's ints end in its last characters, not in mixed bits. */
function hashOfKey(a: number, b: number, c: number): number {
  const hash = Math.imul(a, 0x9e3779b1) + Math.imul(b, 0x85ebca77) + Math.imul(c, 0xc2b2ae3d);
  return hash ^ (hash >>> 15);
}

/** FNV-1a over the UTF-16 code units of a token that is no key. */
function hashOfString(token: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  return hash;
}

/**
 * A slot is four ints: the token's id + 1 (0 for an empty slot), then its key `a`, `b`, `c`. A
 * token that is no key has 0 (which no key's `a` is: it holds the last character), its string's
 * hash and 0 instead, and is confirmed by comparing its string.
 */
const SLOT_INTS = 4;
const SLOT_SHIFT = 2;
const ID = 0;
const A = 1;
const B = 2;
const C = 3;
const INITIAL_SLOTS = 4096;

/** Where a probe for the token of a slot's `a`, `b`, `c` starts. */
function hashOfSlot(a: number, b: number, c: number): number {
  return a === 0 ? b : hashOfKey(a, b, c);
}

export function createTokenTable(): TokenTable {
  let tokens: string[] = [];
  /** 1 where the token of that id starts with a digit or a currency sign. */
  let numeric = new Uint8Array(INITIAL_SLOTS / 2);
  /** Open addressing, linear probing; at most half full, so probes stay short. */
  let slots = new Int32Array(INITIAL_SLOTS * SLOT_INTS);
  const span = createTokenSpan();
  /** The key `packRun` found last. */
  const key = new Int32Array(3);

  function insert(token: string, a: number, b: number, c: number): number {
    const id = tokens.length;
    // The table outlives the text the token was cut from.
    tokens.push(detached(token));
    if (id >= numeric.length) {
      const grown = new Uint8Array(numeric.length * 2);
      grown.set(numeric);
      numeric = grown;
    }
    numeric[id] = mayStartNumber(token) ? 1 : 0;
    if (tokens.length * 2 > slots.length / SLOT_INTS) grow();
    const at = emptySlotFor(slots, hashOfSlot(a, b, c));
    slots[at + ID] = id + 1;
    slots[at + A] = a;
    slots[at + B] = b;
    slots[at + C] = c;
    return id;
  }

  function grow(): void {
    const old = slots;
    slots = new Int32Array(old.length * 2);
    for (let from = 0; from < old.length; from += SLOT_INTS) {
      if (old[from + ID] === 0) continue;
      const hash = hashOfSlot(old[from + A] as number, old[from + B] as number, old[from + C] as number);
      slots.set(old.subarray(from, from + SLOT_INTS), emptySlotFor(slots, hash));
    }
  }

  /** The id of the token whose key is `a`, `b`, `c`, or -1. */
  function findKey(a: number, b: number, c: number): number {
    const mask = slots.length - 1;
    for (let at = (hashOfKey(a, b, c) << SLOT_SHIFT) & mask; ; at = (at + SLOT_INTS) & mask) {
      const entry = slots[at + ID] as number;
      if (entry === 0) return -1;
      if (slots[at + A] === a && slots[at + B] === b && slots[at + C] === c) return entry - 1;
    }
  }

  /** The id of `token`, one that is no key, or -1. */
  function findString(token: string, hash: number): number {
    const mask = slots.length - 1;
    for (let at = (hash << SLOT_SHIFT) & mask; ; at = (at + SLOT_INTS) & mask) {
      const entry = slots[at + ID] as number;
      if (entry === 0) return -1;
      if (slots[at + A] === 0 && slots[at + B] === hash && tokens[entry - 1] === token) return entry - 1;
    }
  }

  /** The id of the lowercase of `text[start, end)`, whose key `packRun` just found, interned if new. */
  function idOfPackedRun(text: string, start: number, end: number): number {
    const a = key[0] as number;
    const b = key[1] as number;
    const c = key[2] as number;
    const id = findKey(a, b, c);
    return id >= 0 ? id : insert(text.slice(start, end).toLowerCase(), a, b, c);
  }

  /** The id of `token`, interned if new. */
  function idOfToken(token: string): number {
    if (packRun(token, 0, token.length, key)) return idOfPackedRun(token, 0, token.length);
    const hash = hashOfString(token);
    const id = findString(token, hash);
    return id >= 0 ? id : insert(token, 0, hash, 0);
  }

  /** The id of the token `span` holds, interned if new; its string is cut only if it is no key. */
  function idOfSpan(text: string): number {
    const { start, end } = span;
    if (!span.hasComma && !span.hasApostrophe && packRun(text, start, end, key)) {
      return idOfPackedRun(text, start, end);
    }
    return idOfToken(tokenText(text, span));
  }

  return {
    tokenIds(text) {
      const ids: number[] = [];
      const length = text.length;
      let index = 0;
      while (index < length) {
        const code = text.charCodeAt(index);
        const first = packedCodeOf(code);
        if (first !== 0) {
          // A run of ASCII letters and digits, packed into a key as it is read. When what ends it
          // is plain ASCII punctuation, the end of the text, or a . or , that joins nothing (no
          // letter or digit after it), the run is the token `scanToken` cuts here; otherwise
          // (' % or a character beyond ASCII) `scanToken` decides.
          const start = index;
          let a = first;
          let b = 0;
          let c = 0;
          let end = index + 1;
          let next = end < length ? text.charCodeAt(end) : -1;
          for (let packed = packedCodeOf(next); packed !== 0; packed = packedCodeOf(next)) {
            c = ((c << 6) | (b >>> 24)) & LOW_30_BITS;
            b = ((b << 6) | (a >>> 24)) & LOW_30_BITS;
            a = ((a << 6) | packed) & LOW_30_BITS;
            end++;
            next = end < length ? text.charCodeAt(end) : -1;
          }
          if (endsPlainRun(text, end, next)) {
            index = end;
            const tokenLength = end - start;
            if (tokenLength <= PACKED_LENGTH) {
              const id = findKey(a, b, c);
              ids.push(id >= 0 ? id : insert(text.slice(start, end).toLowerCase(), a, b, c));
            } else if (tokenLength <= MAX_TOKEN_LENGTH) {
              ids.push(idOfToken(text.slice(start, end).toLowerCase()));
            }
            continue;
          }
        } else if (code < 128 && code !== 0x24) {
          index++; // ASCII that neither is nor starts a token ($ may start an amount)
          continue;
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
    startsNumber(id) {
      return id < tokens.length && numeric[id] === 1;
    },
    get size() {
      return tokens.length;
    },
    clear() {
      tokens = [];
      numeric = new Uint8Array(INITIAL_SLOTS / 2);
      slots = new Int32Array(INITIAL_SLOTS * SLOT_INTS);
    },
  };
}

/**
 * Fills `key` with the key of the lowercase of `text[start, end)` and returns true, or returns
 * false when that is no key. Packs as `tokenIds` does while it reads a run.
 */
function packRun(text: string, start: number, end: number, key: Int32Array): boolean {
  if (end - start > PACKED_LENGTH) return false;
  let a = 0;
  let b = 0;
  let c = 0;
  for (let i = start; i < end; i++) {
    const packed = packedCodeOf(text.charCodeAt(i));
    if (packed === 0) return false;
    c = ((c << 6) | (b >>> 24)) & LOW_30_BITS;
    b = ((b << 6) | (a >>> 24)) & LOW_30_BITS;
    a = ((a << 6) | packed) & LOW_30_BITS;
  }
  key[0] = a;
  key[1] = b;
  key[2] = c;
  return a !== 0;
}

/**
 * Whether a run of ASCII letters and digits ending before `text[end]` (code `next`, -1 past the
 * end) is a whole token. scanToken joins a run onward only over . and , with a letter or digit
 * after them (10.5, 1,000, U.S.), over ' (don't, and it drops a possessive 's) and % after a digit.
 */
function endsPlainRun(text: string, end: number, next: number): boolean {
  if (next === 0x2e || next === 0x2c) {
    const after = end + 1 < text.length ? text.charCodeAt(end + 1) : -1;
    return packedCodeOf(after) === 0;
  }
  return next < 128 && next !== 0x27 && next !== 0x25;
}

/** The first empty slot of `hash`'s probe sequence. */
function emptySlotFor(slots: Int32Array, hash: number): number {
  const mask = slots.length - 1;
  let at = (hash << SLOT_SHIFT) & mask;
  while (slots[at + ID] !== 0) at = (at + SLOT_INTS) & mask;
  return at;
}
