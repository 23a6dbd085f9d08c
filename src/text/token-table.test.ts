import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenTable } from './token-table.js';
import { tokenize } from './tokens.js';

describe('token table', () => {
  it('gives one id per distinct token, whatever its case in the text', () => {
    const table = createTokenTable();
    const ids = table.tokenIds('Apple sues APPLE; apple’s $10bn, 1,000 and 1000 U.S. Zürich zürich');
    expect(ids.map((id) => table.tokenOf(id))).toEqual(
      tokenize('Apple sues APPLE; apple’s $10bn, 1,000 and 1000 U.S. Zürich zürich'),
    );
    expect(ids[0]).toBe(ids[2]);
    expect(ids[0]).toBe(ids[3]);
    expect(ids[5]).toBe(ids[7]); // "1,000" and "1000" are one token
    expect(ids[9]).toBe(ids[10]);
    expect(new Set(ids).size).toBe(table.size);
  });

  it('cuts the tokens tokenize cuts, for any text, across many texts and a clear', () => {
    const table = createTokenTable();
    const pieces = fc.constantFrom(
      'Apple',
      'apple',
      'APPLE',
      ' ',
      ', ',
      '. ',
      "'s ",
      '’',
      "don't",
      '$',
      '10',
      '1,000',
      '4%',
      'U.S.',
      'zürich',
      'İstanbul',
      'ß',
      '𝒜b',
      '-',
      'x'.repeat(50),
      'y'.repeat(24),
      'bn',
      '.',
      ',',
      "'",
      '%',
      '€',
      '1',
      'S',
      '\n',
      'café',
    );
    const text = fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 5 }), fc.boolean(), (texts, clear) => {
        if (clear) table.clear();
        for (const one of texts) {
          const ids = table.tokenIds(one);
          expect(ids.map((id) => table.tokenOf(id))).toEqual(tokenize(one));
        }
        const seen = new Map<string, number>();
        for (let id = 0; id < table.size; id++) {
          expect(seen.has(table.tokenOf(id))).toBe(false);
          seen.set(table.tokenOf(id), id);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('tells tokens apart either side of 15 characters, the longest it finds by key alone', () => {
    const table = createTokenTable();
    const text =
      'abcdefghijklmno ABCDEFGHIJKLMNO abcdefghijklmnop ABCDEFGHIJKLMNOP bcdefghijklmno 123456789012345 1,234,567,890,123,45';
    const ids = table.tokenIds(text);
    expect(ids.map((id) => table.tokenOf(id))).toEqual(tokenize(text));
    expect(ids[1]).toBe(ids[0]);
    expect(ids[3]).toBe(ids[2]);
    expect(ids[6]).toBe(ids[5]); // "1,234,…" is "123456789012345"
    expect(new Set(ids).size).toBe(4);
  });

  it('keeps finding its tokens as it grows', () => {
    const table = createTokenTable();
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);
    const first = table.tokenIds(words.join(' '));
    expect(table.tokenIds(words.join(' ').toUpperCase())).toEqual(first);
    expect(table.size).toBe(words.length);
  });
});
