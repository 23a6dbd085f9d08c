import { describe, expect, it } from 'vitest';
import { EMPTY_VECTOR, type PackedVector } from '../text/packed.js';
import type { PostFeatures } from './features.js';
import { addMember, createStoryState, sharesEvidence, soleMember, withoutMember } from './story-state.js';

function features(id: string, names: string[], numbers: string[]): PostFeatures {
  return {
    id,
    publishedAt: 0,
    dedupKey: null,
    titleVector: EMPTY_VECTOR,
    bodyVector: EMPTY_VECTOR,
    fullVector: EMPTY_VECTOR,
    hasBody: false,
    names: new Map(names.map((name) => [name.toLowerCase(), name])),
    titleNumbers: new Set(),
    numbers: new Set(numbers),
    amounts: numbers.filter((n) => n.startsWith('$') || n.endsWith('%')),
    actionTerms: new Set(),
  };
}

describe('sharesEvidence', () => {
  it('holds for a shared name or a shared amount, not for a shared year', () => {
    const microsoft = createStoryState('a', features('p1', ['Microsoft'], ['2029']));
    const alsoMicrosoft = createStoryState('b', features('p2', ['Microsoft', 'Japan'], []));
    const tenBillion = createStoryState('c', features('p3', ['Sakura'], ['$10bn', '2029']));
    const alsoTenBillion = createStoryState('d', features('p4', ['Tokyo'], ['$10bn']));
    expect(sharesEvidence(microsoft, alsoMicrosoft)).toBe(true);
    expect(sharesEvidence(tenBillion, alsoTenBillion)).toBe(true);
    expect(sharesEvidence(microsoft, tenBillion)).toBe(false);
  });
});

function vector(entries: Array<[number, number]>): PackedVector {
  return {
    ids: Int32Array.from(entries.map(([id]) => id)),
    weights: Float32Array.from(entries.map(([, w]) => w)),
  };
}

describe('a story of one post', () => {
  it("reads the post's own evidence, and counts it afresh, leaving the post as it was, when a second post joins", () => {
    const first = features('p1', ['Microsoft'], ['$10bn', '2029']);
    const story = createStoryState('s', first);
    expect(story.counts).toBeNull();
    expect(story.names).toBe(first.names);
    expect(soleMember(story)).toBe(first);
    expect(story.amountCount).toBe(1);

    addMember(story, features('p2', ['Microsoft', 'Sakura'], ['$10bn', '4%']));
    expect(story.counts?.names.get('microsoft')?.count).toBe(2);
    expect(story.counts?.numbers.get('$10bn')).toBe(2);
    expect([...story.names.keys()]).toEqual(['microsoft', 'sakura']);
    expect(story.amountCount).toBe(2);
    expect(story.recent.map((m) => m.id)).toEqual(['p1', 'p2']);
    expect(story.recent[0]).toBe(first);
    expect([...first.names.keys()]).toEqual(['microsoft']);
    expect([...first.numbers]).toEqual(['$10bn', '2029']);
  });
});

describe('withoutMember', () => {
  it('takes one member out of the sums and the counts, leaving the story itself unchanged', () => {
    const first = {
      ...features('p1', ['Microsoft'], ['$10bn']),
      fullVector: vector([
        [1, 0.6],
        [2, 0.8],
      ]),
    };
    const second = {
      ...features('p2', ['Microsoft', 'Sakura'], ['$10bn', '4%']),
      fullVector: vector([
        [2, 0.6],
        [3, 0.8],
      ]),
      dedupKey: 'https://example.com/a',
    };
    const story = createStoryState('s', first);
    addMember(story, second);
    const rest = withoutMember(story, second);
    expect(rest.size).toBe(1);
    expect([...rest.fullSum.ids]).toEqual([1, 2]);
    expect(rest.fullSum.weights[1]).toBeCloseTo(0.8, 5);
    expect([...rest.names.keys()]).toEqual(['microsoft']);
    expect(rest.counts?.names.get('microsoft')?.count).toBe(1);
    expect([...rest.numbers.keys()]).toEqual(['$10bn']);
    expect(rest.amountCount).toBe(1);
    expect(rest.dedupKeys).toEqual([]);
    expect(rest.recent.map((m) => m.id)).toEqual(['p1']);
    // The original is untouched: the caller decides which of the two to keep.
    expect(story.size).toBe(2);
    expect(story.counts?.names.get('microsoft')?.count).toBe(2);
    expect([...story.fullSum.ids]).toEqual([1, 2, 3]);
    expect(story.amountCount).toBe(2);
  });
});
