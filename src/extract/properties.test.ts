import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractMentions } from './index.js';
import { WORD_NUMBERS } from './numbers.js';
import { scanTokens, splitSentenceRanges } from './scan.js';
import { extractStory } from './story.js';
import { sourceOf } from './test-helpers.js';
import type { FactMention } from './types.js';

/** Fields that state a number the source must show (resolved years are flagged `relativeYears`). */
const NUMERIC_FIELDS = ['amount', 'min', 'max', 'quantity', 'size'];

/** Does `text` show `value` as digits (any scale, with or without commas) or as a number word? */
function showsNumber(text: string, value: number): boolean {
  const digits = text.replace(/(\d),(?=\d)/g, '$1');
  // No scale shows a zero ("shares rose 0%"): it is shown when a 0 is.
  if (value === 0) return /(?<![\d.])0/.test(digits);
  const scales = [1, 1e3, 1e5, 1e6, 1e7, 1e9, 1e12];
  for (const scale of scales) {
    const mantissa = value / scale;
    if (mantissa < 0.001) continue;
    const forms = new Set([
      String(mantissa),
      String(Math.round(mantissa * 1000) / 1000),
      mantissa.toFixed(1),
      mantissa.toFixed(2),
    ]);
    for (const form of forms) if (digits.includes(form.replace(/\.0+$/, ''))) return true;
    for (const [word, n] of WORD_NUMBERS)
      if (n === mantissa && text.toLowerCase().includes(word)) return true;
    if (mantissa === 1 && /\ban?\b/i.test(text)) return true;
    // "twenty-five", "one hundred"
    if (mantissa > 20 && mantissa < 1000 && /[a-z]+-[a-z]+|hundred/i.test(text)) return true;
  }
  return false;
}

function checkMention(source: string, fact: FactMention): void {
  expect(source.slice(fact.span.start, fact.span.end)).toBe(fact.text);
  const value = fact.value;
  for (const field of NUMERIC_FIELDS) {
    const n = value[field];
    if (typeof n === 'number' && !(fact.kind === 'target' && field === 'quantity' && n === 1)) {
      expect(showsNumber(fact.text, n), `${field}=${n} in "${fact.text}"`).toBe(true);
    }
  }
  if (fact.kind === 'period' && value.relativeYears === undefined) {
    for (const field of ['from', 'to', 'by']) {
      const year = value[field];
      // "through 2029" starts at the publication year, which the text need not show.
      if (
        typeof year === 'number' &&
        !(field === 'from' && value.to !== undefined && !fact.text.includes(String(year)))
      ) {
        expect(fact.text.includes(String(year)) || fact.text.includes(String(year).slice(2))).toBe(true);
      }
    }
  }
}

const moneyish = fc.constantFrom(
  '$',
  '€',
  '£',
  '¥',
  '₩',
  '₹',
  'US$',
  'HK$',
  'Rs ',
  'CHF ',
  ' billion',
  'bn',
  'B',
  'k',
  ' crore',
  ' dollars',
  ' yen',
  '%',
  '-',
  '–',
  ',',
  '.',
  ' ',
  ' to ',
  ' between ',
  ' and ',
  ' from ',
  ' by ',
  ' over the next ',
  ' years',
  ' invest ',
  ' shares rose ',
  ' partnered with ',
  ' Microsoft ',
  ' Nordwind ',
  ' not ',
  '?',
  '\n',
  'FY',
  'ten',
  'a',
);
const digitsish = fc.stringMatching(/^[0-9]{1,6}$/);
const adversarial = fc.array(fc.oneof(moneyish, digitsish), { maxLength: 60 }).map((parts) => parts.join(''));

describe('properties', () => {
  it('never throws on any string and every span quotes its source', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), adversarial),
        (text) => {
          const { facts, entityMentions } = extractMentions(sourceOf(text));
          for (const fact of facts) checkMention(text, fact);
          for (const entity of entityMentions)
            expect(text.slice(entity.span.start, entity.span.end)).toBe(entity.text);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never reports a number that is not in its span', () => {
    fc.assert(
      fc.property(adversarial, (text) => {
        for (const fact of extractMentions(sourceOf(text)).facts) checkMention(text, fact);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws for a story of arbitrary sources', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(adversarial, fc.string()), { maxLength: 5 }), (texts) => {
        const result = extractStory(
          texts.map((text, i) => sourceOf(text, { id: `s:${i}`, community: `c${i % 2}` })),
        );
        for (const fact of result.facts) expect(fact.communities).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('sentence ranges and tokens cover the text in order, within bounds', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), adversarial), (text) => {
        let previous = 0;
        for (const range of splitSentenceRanges(text)) {
          expect(range.start).toBeGreaterThanOrEqual(previous);
          expect(range.end).toBeGreaterThan(range.start);
          expect(range.end).toBeLessThanOrEqual(text.length);
          previous = range.end;
        }
        for (const token of scanTokens(text)) expect(text.slice(token.start, token.end)).toBe(token.text);
      }),
    );
  });
});

describe('bounded work', () => {
  // No timing assertions: the scanners are single passes and every pattern looks a fixed
  // number of tokens around a position, so these inputs finish; the benchmark measures speed.
  it('completes on 100 KB of adversarial digits, commas, dots and currency signs', () => {
    const pieces = ['1', '0', ',', '.', '$', '€', '¥', '-', '9', '%', ' ', '2026', 'bn', '£', ','];
    let text = '';
    let i = 0;
    while (text.length < 100_000) {
      text += pieces[(i * 7 + (i >> 3)) % pieces.length];
      i++;
    }
    const { facts } = extractMentions(sourceOf(text));
    for (const fact of facts) expect(text.slice(fact.span.start, fact.span.end)).toBe(fact.text);
  });

  it('completes on 100 KB of one unbroken number and of capitalised words', () => {
    const number = '1,'.repeat(50_000);
    expect(() => extractMentions(sourceOf(number))).not.toThrow();
    const names = 'Alpha Beta Gamma Corp and '.repeat(4000);
    const result = extractStory([sourceOf(names)]);
    expect(result.entities.length).toBeGreaterThan(0);
  });
});
