import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rougePorterStem, rougeScores, rougeTokens } from './rouge.js';

const SAMPLE_DIR = fileURLToPath(new URL('../../../shared/eval/mds/multiling2011_sample/', import.meta.url));
const hasSample = existsSync(`${SAMPLE_DIR}summaries.jsonl`);

describe('ROUGE tokens', () => {
  it('lowercases, sets hyphens apart and drops everything that is not a letter or a digit', () => {
    expect(rougeTokens('U.S.-based firms, e.g. "Acme" — $10.5bn!', new Map())).toEqual([
      'u',
      's',
      'base',
      'firm',
      'e',
      'g',
      'acm',
      '10',
      '5bn',
    ]);
  });

  it('stems only tokens longer than three characters, exceptions first', () => {
    const exceptions = new Map([['said', 'say']]);
    expect(rougeTokens('He said cats ran', exceptions)).toEqual(['he', 'say', 'cat', 'ran']);
  });

  it("uses ROUGE-1.5.5's Porter variant, which strips -ment before -ent", () => {
    expect(rougePorterStem('statement')).toBe('statem');
    expect(rougePorterStem('movements')).toBe('movem');
    expect(rougePorterStem('relational')).toBe('relat');
    expect(rougePorterStem('yelling')).toBe('yell');
  });
});

describe('ROUGE scores', () => {
  it('counts clipped n-gram hits against each reference and sums them (-f A)', () => {
    const scores = rougeScores(['the cat sat on the mat'], [['the cat is on the mat'], ['a dog sat there']], {
      exceptions: new Map(),
    });
    // Unigram hits: 5 against the first reference, 1 ("sat") against the second.
    expect(scores.rouge1.recall).toBeCloseTo(6 / 10, 5);
    expect(scores.rouge1.precision).toBeCloseTo(6 / 12, 5);
    // Bigrams: "the cat", "on the", "the mat" against the first, none against the second.
    expect(scores.rouge2.recall).toBeCloseTo(3 / 8, 5);
    expect(scores.rougeL.recall).toBeCloseTo(6 / 10, 5);
  });

  it('takes the union of LCS hits over peer sentences for each reference sentence', () => {
    const scores = rougeScores(['w1 w2 w6 w7 w8', 'w1 w3 w8 w9 w5'], [['w1 w2 w3 w4 w5']], {
      exceptions: new Map(),
    });
    // Lin (2004) §3.2: LCS ∪ = w1 w2 w3 w5, so R = 4/5.
    expect(scores.rougeL.recall).toBeCloseTo(0.8, 5);
    expect(scores.rougeL.precision).toBeCloseTo(0.4, 5);
  });
});

interface SampleLine {
  instance_id: string;
  summarizer_id: string;
  summary: { text: string[] };
  references: Array<{ text: string[] }>;
}

interface ExpectedCase {
  instance_id: string;
  summarizer_id: string;
  expected: Record<'rouge-1' | 'rouge-2' | 'rouge-l', { recall: number; precision: number; f1: number }>;
}

if (!hasSample) {
  console.log(`rouge.test: skipping the ROUGE-1.5.5 comparison, ${SAMPLE_DIR} is absent`);
}

describe.skipIf(!hasSample)('ROUGE-1.5.5 agreement on the MultiLing 2011 sample', () => {
  const lines = hasSample
    ? readFileSync(`${SAMPLE_DIR}summaries.jsonl`, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as SampleLine)
    : [];
  const expected = hasSample
    ? (JSON.parse(readFileSync(`${SAMPLE_DIR}rouge155_expected.json`, 'utf8')) as { cases: ExpectedCase[] })
        .cases
    : [];

  it('has the 12 summaries', () => {
    expect(lines).toHaveLength(12);
    expect(expected).toHaveLength(12);
  });

  for (let index = 0; index < 12; index++) {
    it(`matches the official R, P and F within 0.1 point for summary ${index + 1}`, () => {
      const line = lines[index] as SampleLine;
      const want = expected[index] as ExpectedCase;
      expect(`${line.instance_id}/${line.summarizer_id}`).toBe(`${want.instance_id}/${want.summarizer_id}`);
      const got = rougeScores(
        line.summary.text,
        line.references.map((reference) => reference.text),
      );
      const pairs = [
        ['rouge-1', got.rouge1],
        ['rouge-2', got.rouge2],
        ['rouge-l', got.rougeL],
      ] as const;
      for (const [name, score] of pairs) {
        for (const measure of ['recall', 'precision', 'f1'] as const) {
          const difference = Math.abs(score[measure] * 100 - want.expected[name][measure]);
          expect(difference, `${name} ${measure}`).toBeLessThan(0.1);
        }
      }
    });
  }
});
