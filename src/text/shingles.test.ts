import { describe, expect, it } from 'vitest';
import { fnv1a, jaccard, shingles } from './shingles.js';

describe('shingles', () => {
  it('hashes each distinct window of k words to a 32-bit number', () => {
    const words = ['a', 'b', 'c', 'a', 'b', 'c'];
    const result = shingles(words, 3);
    expect(result).toBeInstanceOf(Uint32Array);
    expect(result.length).toBe(3); // abc, bca, cab (abc repeats)
    for (const value of result) expect(value).toBeLessThan(2 ** 32);
  });

  it('gives one shingle for texts shorter than k and none for no words', () => {
    expect(shingles(['only', 'two'], 3).length).toBe(1);
    expect(shingles([], 3).length).toBe(0);
  });

  it('is order-sensitive and deterministic', () => {
    expect(shingles(['x', 'y'], 2)).toEqual(shingles(['x', 'y'], 2));
    expect(shingles(['x', 'y'], 2)[0]).not.toBe(shingles(['y', 'x'], 2)[0]);
  });

  it('rejects a k below 1', () => {
    expect(() => shingles(['a'], 0)).toThrow(RangeError);
  });

  it('measures overlap with Jaccard', () => {
    const a = shingles('the quick brown fox jumps'.split(' '), 2);
    const b = shingles('the quick brown cat sleeps'.split(' '), 2);
    expect(jaccard(a, a)).toBe(1);
    expect(jaccard(a, b)).toBeCloseTo(2 / 6);
  });

  it('matches the FNV-1a reference value', () => {
    expect(fnv1a('a')).toBe(0xe40c292c);
  });
});
