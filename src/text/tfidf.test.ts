import { describe, expect, it } from 'vitest';
import { addInto, cosine, createCorpus, dot, norm, topTerms } from './tfidf.js';

describe('createCorpus', () => {
  it('counts document frequencies once per document and forgets removed documents', () => {
    const corpus = createCorpus();
    corpus.addDocument(['apple', 'apple', 'iphone']);
    corpus.addDocument(['apple', 'ceo']);
    expect(corpus.documentCount).toBe(2);
    expect(corpus.documentFrequency('apple')).toBe(2);
    corpus.removeDocument(['apple', 'iphone']);
    expect(corpus.documentCount).toBe(1);
    expect(corpus.documentFrequency('iphone')).toBe(0);
    expect(corpus.vocabularySize).toBe(2);
  });

  it('smooths idf so unseen and ubiquitous terms stay finite and positive', () => {
    const corpus = createCorpus();
    corpus.addDocument(['a']);
    corpus.addDocument(['a', 'b']);
    expect(corpus.idf('a')).toBeCloseTo(1);
    expect(corpus.idf('b')).toBeCloseTo(Math.log(3 / 2) + 1);
    expect(corpus.idf('never')).toBeCloseTo(Math.log(3) + 1);
  });

  it('gives L2-normalised vectors that weigh rare terms more', () => {
    const corpus = createCorpus();
    for (let i = 0; i < 10; i++) corpus.addDocument(['common']);
    corpus.addDocument(['common', 'rare']);
    const vector = corpus.vectorize(['common', 'rare']);
    expect(norm(vector)).toBeCloseTo(1);
    expect(vector.get('rare') ?? 0).toBeGreaterThan(vector.get('common') ?? 0);
    expect(corpus.vectorize([]).size).toBe(0);
  });
});

describe('sparse vectors', () => {
  it('computes dot products, cosines, sums and top terms', () => {
    const a = new Map([
      ['x', 1],
      ['y', 1],
    ]);
    const b = new Map([['x', 2]]);
    expect(dot(a, b)).toBe(2);
    expect(cosine(a, b)).toBeCloseTo(Math.SQRT1_2);
    expect(cosine(a, new Map())).toBe(0);
    const sum = new Map(a);
    addInto(sum, b, 0.5);
    expect(sum.get('x')).toBe(2);
    expect(topTerms(sum, 1)).toEqual(['x']);
    expect(topTerms(a, 2)).toEqual(['x', 'y']);
  });
});
