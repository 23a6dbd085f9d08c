import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRollingCorpus } from './rolling-corpus.js';

/** Document frequencies of the documents published at or after `from`. */
function expectedFrequencies(documents: ReadonlyArray<{ at: number; ids: number[] }>, from: number) {
  const df = new Map<number, number>();
  for (const { at, ids } of documents) {
    if (at < from) continue;
    for (const id of ids) df.set(id, (df.get(id) ?? 0) + 1);
  }
  return df;
}

describe('createRollingCorpus', () => {
  it('uncounts the documents that age out, oldest first, and keeps the rest', () => {
    const corpus = createRollingCorpus();
    corpus.addDocument([1, 2, 3], 10);
    corpus.addDocument([2, 3], 20);
    corpus.addDocument([3, 4], 30);
    corpus.forgetBefore(20);
    expect(corpus.documentCount).toBe(2);
    expect([1, 2, 3, 4].map((id) => corpus.documentFrequency(id))).toEqual([0, 1, 2, 1]);
    corpus.forgetBefore(31);
    expect(corpus.documentCount).toBe(0);
    expect([1, 2, 3, 4].map((id) => corpus.documentFrequency(id))).toEqual([0, 0, 0, 0]);
  });

  it('counts exactly what a corpus of the documents in the horizon counts, through growth and compaction', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 3000 }), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 20 }),
        (idLists, horizon) => {
          const corpus = createRollingCorpus();
          const documents = idLists.map((ids, at) => ({ at, ids }));
          for (const { at, ids } of documents) {
            corpus.forgetBefore(at - horizon);
            corpus.addDocument(ids, at);
          }
          const from = documents.length - 1 - horizon;
          const expected = expectedFrequencies(documents, from);
          expect(corpus.documentCount).toBe(documents.filter((d) => d.at >= from).length);
          for (let id = 0; id <= 300; id++) expect(corpus.documentFrequency(id)).toBe(expected.get(id) ?? 0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps counting right over many more documents than its first arrays hold', () => {
    const corpus = createRollingCorpus();
    const documents: Array<{ at: number; ids: number[] }> = [];
    for (let at = 0; at < 10_000; at++) {
      // 1 to 7 distinct ids (about 40,000 in all, more than the first array of ids holds), and
      // a long horizon, then a short one: the arrays grow, then move their live part forward.
      const ids = [at % 97, 100 + (at % 13), 200 + (at % 50), 300, 301, 302, 303].slice(0, 1 + (at % 7));
      const from = at - (at < 6000 ? 3000 : 300);
      documents.push({ at, ids });
      corpus.forgetBefore(from);
      corpus.addDocument(ids, at);
      if (at % 250 !== 0) continue;
      const expected = expectedFrequencies(documents, from);
      expect(corpus.documentCount).toBe(documents.filter((d) => d.at >= from).length);
      for (let id = 0; id < 310; id++) expect(corpus.documentFrequency(id)).toBe(expected.get(id) ?? 0);
    }
  });
});
