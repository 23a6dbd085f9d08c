import { describe, expect, it } from 'vitest';
import { scoreClustering } from './metrics.js';

const map = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('scoreClustering', () => {
  it('is 1 everywhere for a perfect clustering, whatever the labels', () => {
    const scores = scoreClustering(map({ a: 'x', b: 'x', c: 'y' }), map({ a: '1', b: '1', c: '2' }));
    expect(scores).toEqual({ precision: 1, recall: 1, f1: 1, ari: 1 });
  });

  it('computes B-cubed precision and recall per item', () => {
    // Gold {a,b,c}{d}; predicted {a,b}{c,d}.
    const scores = scoreClustering(
      map({ a: 'p', b: 'p', c: 'q', d: 'q' }),
      map({ a: 'g', b: 'g', c: 'g', d: 'h' }),
    );
    expect(scores.precision).toBeCloseTo((1 + 1 + 0.5 + 0.5) / 4);
    expect(scores.recall).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4);
  });

  it('matches the Adjusted Rand Index of a known example', () => {
    // scikit-learn: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.5714285714285715
    const scores = scoreClustering(
      map({ a: '0', b: '0', c: '1', d: '2' }),
      map({ a: '0', b: '0', c: '1', d: '1' }),
    );
    expect(scores.ari).toBeCloseTo(0.5714285714285715);
  });
});
