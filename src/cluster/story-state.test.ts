import { describe, expect, it } from 'vitest';
import { EMPTY_VECTOR } from '../text/packed.js';
import type { PostFeatures } from './features.js';
import { createStoryState, sharesEvidence } from './story-state.js';

function features(id: string, names: string[], numbers: string[]): PostFeatures {
  return {
    id,
    publishedAt: 0,
    dedupKey: null,
    language: 'en',
    corpusTerms: new Int32Array(0),
    titleVector: EMPTY_VECTOR,
    bodyVector: EMPTY_VECTOR,
    fullVector: EMPTY_VECTOR,
    hasBody: false,
    names: new Map(names.map((name) => [name.toLowerCase(), name])),
    titleNumbers: new Set(),
    numbers: new Set(numbers),
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
