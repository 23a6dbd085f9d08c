import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPostings, type Postings } from './postings.js';

/** What `forEachOverlap` visits, ordered by item. */
function overlaps<T>(
  postings: Postings<T>,
  terms: number[],
  weights: number[],
  maxListSize: number,
  minOverlap: number,
): Array<[T, number]> {
  const found: Array<[T, number]> = [];
  postings.forEachOverlap(terms, weights, maxListSize, minOverlap, (item, overlap) => {
    found.push([item, overlap]);
    return true;
  });
  return found.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

describe('postings', () => {
  it('sums the weights of the terms an item is listed under', () => {
    const postings = createPostings<string>();
    postings.list('a', [1, 2, 3]);
    postings.list('b', [3, 4]);
    expect(overlaps(postings, [3, 1, 9], [0.5, 0.25, 1], 10, 0)).toEqual([
      ['a', 0.75],
      ['b', 0.5],
    ]);
  });

  it('leaves out items below the minimum overlap and terms listing too many items', () => {
    const postings = createPostings<string>();
    postings.list('a', [1, 2]);
    postings.list('b', [1]);
    postings.list('c', [2]);
    expect(overlaps(postings, [1, 2], [0.2, 0.2], 10, 0.3)).toEqual([['a', 0.4]]);
    // Term 1 lists two items: above a maximum of one, it is not scanned.
    expect(overlaps(postings, [1, 2], [0.2, 0.2], 1, 0)).toEqual([]);
    expect(overlaps(postings, [1, 2], [0.2, 0.2], 2, 0)).toEqual([
      ['a', 0.4],
      ['b', 0.2],
      ['c', 0.2],
    ]);
  });

  it('relists an item under its new terms only, and unlists it everywhere', () => {
    const postings = createPostings<string>();
    postings.list('a', [1, 2]);
    postings.list('a', [2, 3]);
    expect(postings.sizeOf(1)).toBe(0);
    expect(postings.sizeOf(2)).toBe(1);
    expect(overlaps(postings, [1, 2, 3], [1, 1, 1], 10, 0)).toEqual([['a', 2]]);
    postings.unlist('a');
    expect(postings.size).toBe(0);
    expect(postings.sizeOf(3)).toBe(0);
    expect(overlaps(postings, [1, 2, 3], [1, 1, 1], 10, 0)).toEqual([]);
    postings.unlist('a');
    expect(postings.size).toBe(0);
  });

  it('visits the highest overlaps first and stops when asked', () => {
    const postings = createPostings<string>();
    postings.list('a', [1]);
    postings.list('b', [1, 2, 3]);
    postings.list('c', [1, 2]);
    const visited: string[] = [];
    postings.forEachOverlap([1, 2, 3], [0.25, 0.5, 1], 10, 0, (item) => {
      visited.push(item);
      return visited.length < 2;
    });
    expect(visited).toEqual(['b', 'c']);
  });

  it('keeps every item through a list growing to many blocks and shrinking back', () => {
    const postings = createPostings<number>();
    for (let item = 0; item < 200; item++) postings.list(item, [1, 2 + (item % 3)]);
    for (let item = 0; item < 190; item++) postings.unlist(item);
    expect(postings.sizeOf(1)).toBe(10);
    expect(overlaps(postings, [1, 2], [0.5, 0.25], 300, 0).map(([item]) => item)).toEqual([
      190, 191, 192, 193, 194, 195, 196, 197, 198, 199,
    ]);
    expect(overlaps(postings, [2], [1], 300, 0).map(([item]) => item)).toEqual([192, 195, 198]);
  });

  it('agrees with a map of sets through any sequence of listings and removals', () => {
    const operation = fc.oneof(
      fc.record({
        kind: fc.constant('list' as const),
        item: fc.integer({ min: 0, max: 40 }),
        terms: fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 6 }),
      }),
      fc.record({ kind: fc.constant('unlist' as const), item: fc.integer({ min: 0, max: 40 }) }),
      fc.record({
        kind: fc.constant('query' as const),
        terms: fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 6 }),
        maxListSize: fc.integer({ min: 0, max: 12 }),
        minOverlap: fc.integer({ min: 0, max: 4 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 200 }), (operations) => {
        const postings = createPostings<number>();
        const reference = new Map<number, Set<number>>();
        const listed = new Map<number, number[]>();
        for (const op of operations) {
          if (op.kind === 'list' || op.kind === 'unlist') {
            for (const term of listed.get(op.item) ?? []) reference.get(term)?.delete(op.item);
            listed.delete(op.item);
            if (op.kind === 'list') {
              for (const term of op.terms) {
                const set = reference.get(term) ?? new Set();
                set.add(op.item);
                reference.set(term, set);
              }
              listed.set(op.item, op.terms);
              postings.list(op.item, op.terms);
            } else postings.unlist(op.item);
            continue;
          }
          const expected = new Map<number, number>();
          op.terms.forEach((term, i) => {
            const set = reference.get(term);
            if (!set || set.size > op.maxListSize) return;
            for (const item of set) expected.set(item, (expected.get(item) ?? 0) + i + 1);
          });
          const want = [...expected].filter(([, sum]) => sum >= op.minOverlap).sort((a, b) => a[0] - b[0]);
          const weights = op.terms.map((_, i) => i + 1);
          expect(overlaps(postings, op.terms, weights, op.maxListSize, op.minOverlap)).toEqual(want);
          for (const term of op.terms) expect(postings.sizeOf(term)).toBe(reference.get(term)?.size ?? 0);
        }
        expect(postings.size).toBe(listed.size);
      }),
    );
  });
});
