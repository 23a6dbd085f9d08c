import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addPacked,
  countIds,
  createDenseVector,
  createIdCorpus,
  createTermTable,
  dotPacked,
  normPacked,
  prunePacked,
  sharedIdCount,
  topPositions,
  unionIds,
} from './packed.js';
import { createCorpus, dot } from './tfidf.js';

describe('packed tf-idf', () => {
  it('interns a term once and maps tokens to the ids of their stems, without stopwords', () => {
    const table = createTermTable();
    const ids = table.idsFromTokens(['the', 'markets', 'market', 'fell', 'a'], 'en');
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBe(ids[1]);
    expect(table.termOf(ids[0] as number)).toBe('market');
    expect(table.intern('market')).toBe(ids[0]);
  });

  it('maps token ids to the term ids their strings map to, in each language', () => {
    const table = createTermTable();
    const [tokens = []] = table.tokenizeDocument(['The markets fell; Markets rallied in Zürich, 4% up']);
    for (const language of ['en', 'de']) {
      const strings = tokens.map((id) => table.tokenOf(id));
      expect(table.idsFromTokenIds(tokens, language)).toEqual(table.idsFromTokens(strings, language));
    }
  });

  it("tells a token id's stopwords per language", () => {
    const table = createTermTable();
    const [tokens = []] = table.tokenizeDocument(['The markets und die Banken']);
    expect(tokens.map((id) => table.isStopword(id, 'en'))).toEqual([true, false, false, false, false]);
    expect(tokens.map((id) => table.isStopword(id, 'de'))).toEqual([false, false, true, true, false]);
    // The same once the tokens' terms are looked up (and remembered) in each language.
    table.idsFromTokenIds(tokens, 'en');
    table.idsFromTokenIds(tokens, 'de');
    expect(tokens.map((id) => table.isStopword(id, 'en'))).toEqual([true, false, false, false, false]);
    expect(tokens.map((id) => table.isStopword(id, 'de'))).toEqual([false, false, true, true, false]);
  });

  it('weighs and compares like the string-keyed corpus', () => {
    const docs = [
      ['microsoft', 'invest', 'japan', 'japan'],
      ['microsoft', 'share', 'fall'],
      ['japan', 'data', 'centr', 'invest'],
    ];
    const table = createTermTable();
    const corpus = createIdCorpus();
    const reference = createCorpus();
    const idDocs = docs.map((doc) => doc.map((term) => table.intern(term)));
    for (let i = 0; i < docs.length; i++) {
      corpus.addDocument(countIds(idDocs[i] as number[]).ids);
      reference.addDocument(docs[i] as string[]);
    }
    const a = corpus.vectorize(idDocs[0] as number[]);
    const b = corpus.vectorize(idDocs[2] as number[]);
    expect(normPacked(a)).toBeCloseTo(1, 6);
    expect(dotPacked(a, b)).toBeCloseTo(
      dot(reference.vectorize(docs[0] as string[]), reference.vectorize(docs[2] as string[])),
      6,
    );
    corpus.removeDocument(countIds(idDocs[1] as number[]).ids);
    expect(corpus.documentFrequency(table.intern('share'))).toBe(0);
    expect(corpus.documentCount).toBe(2);
  });

  it('counts the ids two vectors have in common', () => {
    const vector = (ids: number[]) => ({ ids: Int32Array.from(ids), weights: new Float32Array(ids.length) });
    expect(sharedIdCount(vector([1, 3, 5, 9]), vector([2, 3, 9, 10]))).toBe(2);
    expect(sharedIdCount(vector([1, 2]), vector([3, 4]))).toBe(0);
    expect(sharedIdCount(vector([]), vector([3]))).toBe(0);
  });

  it('counts ids and unites the counted ids of several texts', () => {
    const title = countIds([7, 3, 7, 7, 1]);
    expect([...title.ids]).toEqual([1, 3, 7]);
    expect([...title.counts]).toEqual([1, 1, 3]);
    expect([...unionIds([title, countIds([]), countIds([2, 7, 9, 2])])]).toEqual([1, 2, 3, 7, 9]);
  });

  it('adds by merging ids, keeps them ascending and drops what cancels out', () => {
    const a = { ids: Int32Array.from([1, 4, 9]), weights: Float32Array.from([1, 2, 3]) };
    const b = { ids: Int32Array.from([0, 4, 9]), weights: Float32Array.from([5, 1, 1.5]) };
    const sum = addPacked(a, b, -2);
    expect([...sum.ids]).toEqual([0, 1]);
    expect([...sum.weights]).toEqual([-10, 1]);
  });

  it('adds entry by entry as a map of ids would, for any vectors and scale', () => {
    const vector = fc
      .dictionary(
        fc.integer({ min: 0, max: 40 }).map(String),
        fc.constantFrom(0, 0.5, 1, -1, 2, 1e-13, 0.1, -0.25),
      )
      .map((entries) => {
        const sorted = Object.entries(entries).sort((x, y) => Number(x[0]) - Number(y[0]));
        return {
          ids: Int32Array.from(sorted.map(([id]) => Number(id))),
          weights: Float32Array.from(sorted.map(([, w]) => w)),
        };
      });
    fc.assert(
      fc.property(vector, vector, fc.constantFrom(1, -1, 0.3, 2), (a, b, scale) => {
        const expected = new Map<number, number>();
        for (let i = 0; i < a.ids.length; i++) expected.set(a.ids[i] as number, a.weights[i] as number);
        for (let i = 0; i < b.ids.length; i++) {
          const id = b.ids[i] as number;
          expected.set(id, (expected.get(id) ?? 0) + scale * (b.weights[i] as number));
        }
        const want = [...expected]
          .filter(([, w]) => b.ids.length === 0 || !(Math.abs(w) < 1e-12))
          .sort((x, y) => x[0] - y[0]);
        const sum = addPacked(a, b, scale);
        expect([...sum.ids]).toEqual(want.map(([id]) => id));
        expect([...sum.weights]).toEqual([...Float32Array.from(want.map(([, w]) => w))]);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds and keeps the heaviest entries', () => {
    const v = {
      ids: Int32Array.from([2, 3, 5, 8, 13]),
      weights: Float32Array.from([0.1, 0.9, 0.5, 0.9, 0.2]),
    };
    expect(topPositions(v, 3).map((p) => v.ids[p])).toEqual([3, 8, 5]);
    expect([...prunePacked(v, 2).ids]).toEqual([3, 8]);
  });

  const positiveVector = fc
    .dictionary(fc.integer({ min: 0, max: 3000 }).map(String), fc.float({ min: 0, max: 4, noNaN: true }))
    .map((entries) => {
      const sorted = Object.entries(entries).sort((x, y) => Number(x[0]) - Number(y[0]));
      return {
        ids: Int32Array.from(sorted.map(([id]) => Number(id))),
        weights: Float32Array.from(sorted.map(([, w]) => w)),
      };
    });

  it('dots a spread-out vector with others exactly as the merge does, for any vectors', () => {
    const dense = createDenseVector();
    fc.assert(
      fc.property(positiveVector, fc.array(positiveVector, { maxLength: 4 }), (loaded, others) => {
        dense.load(loaded);
        for (const other of others) {
          expect(dense.dot(other)).toBe(dotPacked(loaded, other));
          // Either way round: the clusterer dots a story of one through its post's dense copy.
          expect(dense.dot(other)).toBe(dotPacked(other, loaded));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('orders the heaviest entries as a full sort would, ties by position', () => {
    const tied = fc
      .array(fc.constantFrom(0, 0.25, 0.5, 1), { maxLength: 60 })
      .map((weights) => ({ ids: Int32Array.from(weights.keys()), weights: Float32Array.from(weights) }));
    fc.assert(
      fc.property(tied, fc.integer({ min: 0, max: 20 }), (v, k) => {
        const sorted = [...v.ids.keys()].sort(
          (p, q) => (v.weights[q] as number) - (v.weights[p] as number) || p - q,
        );
        expect(topPositions(v, k)).toEqual(sorted.slice(0, k));
      }),
      { numRuns: 2000 },
    );
  });
});
