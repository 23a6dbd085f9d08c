import { describe, expect, it } from 'vitest';
import { computeHeat, HEAT_HALF_LIFE_MS } from './heat.js';

const NOW = Date.UTC(2026, 2, 2, 12);
const HOUR = 3_600_000;

describe('computeHeat', () => {
  it('ranks a story discussed in five places above one big thread in one', () => {
    const fivePlaces = ['Hacker News', 'r/technology', 'r/business', 'r/artificial', 'The Verge'].map(
      (community) => ({
        community,
        score: 10,
        commentCount: 10,
        publishedAt: NOW - HOUR,
      }),
    );
    const oneBigThread = [
      { community: 'r/technology', score: 5_000, commentCount: 2_000, publishedAt: NOW - HOUR },
    ];
    expect(computeHeat(fivePlaces, NOW)).toBeGreaterThan(computeHeat(oneBigThread, NOW));
  });

  it('grows with engagement inside a community, but only logarithmically', () => {
    const small = computeHeat([{ community: 'a', score: 10, commentCount: 0, publishedAt: NOW }], NOW);
    const big = computeHeat([{ community: 'a', score: 10_000, commentCount: 0, publishedAt: NOW }], NOW);
    expect(big).toBeGreaterThan(small);
    expect(big).toBeLessThan(small * 4);
  });

  it('cools with age: the same posts weigh half after one half-life', () => {
    const member = { community: 'a', score: null, commentCount: null };
    const fresh = computeHeat([{ ...member, publishedAt: NOW }], NOW);
    const old = computeHeat([{ ...member, publishedAt: NOW - HEAT_HALF_LIFE_MS }], NOW);
    expect(old).toBeCloseTo(fresh / 2);
  });

  it('rewards velocity: posts in the last hours count more than the same posts spread over days', () => {
    const communities = ['a', 'b', 'c'];
    const burst = communities.map((community, i) => ({
      community,
      score: 20,
      commentCount: 5,
      publishedAt: NOW - i * HOUR,
    }));
    const spread = communities.map((community, i) => ({
      community,
      score: 20,
      commentCount: 5,
      publishedAt: NOW - i * 24 * HOUR,
    }));
    expect(computeHeat(burst, NOW)).toBeGreaterThan(computeHeat(spread, NOW));
  });

  it('is 0 for no members and ignores negative scores', () => {
    expect(computeHeat([], NOW)).toBe(0);
    expect(computeHeat([{ community: 'a', score: -50, commentCount: 0, publishedAt: NOW }], NOW)).toBe(1);
  });
});
