import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numbersFromTokens } from '../text/entities.js';
import { createTermTable } from '../text/packed.js';
import { tokenize } from '../text/tokens.js';
import { computeFeatures, fieldNumbers } from './features.js';
import { defaultTunables } from './index.js';
import { createRollingCorpus } from './rolling-corpus.js';
import type { ClusterPost } from './types.js';

const WORDS = [
  'microsoft',
  'invests',
  '$10',
  '10',
  '4',
  '2.5',
  '1,000',
  '€4',
  '2029',
  'billion',
  'bn',
  'million',
  'percent',
  'pct',
  'dollars',
  'usd',
  'euros',
  'in',
  'japan',
  '4%',
  '10bn',
  'gpt4',
];

describe('fieldNumbers', () => {
  it('reads the same numbers from the tokens around numbers as numbersFromTokens from every token', () => {
    const table = createTermTable();
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 40 }), (words) => {
        const text = words.join(' ');
        const [ids = []] = table.tokenizeDocument([text]);
        expect(fieldNumbers(ids, table)).toEqual(numbersFromTokens(tokenize(text)));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps numbers of separate runs apart', () => {
    const table = createTermTable();
    const text = 'usd rose; 10 analysts said the index fell 4 percent to 2029 billion dollars';
    const [ids = []] = table.tokenizeDocument([text]);
    expect(fieldNumbers(ids, table)).toEqual(numbersFromTokens(tokenize(text)));
    expect(fieldNumbers(ids, table)).toEqual(['10', '4%', '$2.029tn']);
  });
});

describe('computeFeatures', () => {
  function features(title: string, text = '') {
    const post: ClusterPost = {
      id: 'p',
      community: 'Hacker News',
      publishedAt: 0,
      title,
      text,
      dedupKey: null,
    };
    const table = createTermTable();
    const computed = computeFeatures(post, createRollingCorpus(), table, defaultTunables);
    return { computed, terms: [...computed.titleVector.ids].map((id) => table.termOf(id)).sort() };
  }

  it('reads a short English title as English (franc guesses wildly on a few words)', () => {
    // franc-min calls this Czech, whose stopwords lack "which", "do" and "use": they became terms, and "Which" a name.
    const { computed, terms } = features('Which laptop do you use?');
    expect(terms).toEqual(['laptop']);
    expect([...computed.names.keys()]).toEqual([]);
  });

  it("keeps a post's three vectors in one buffer, each unit length with ids ascending", () => {
    const { computed } = features(
      'Microsoft to invest $10 billion in Japan',
      'Microsoft will invest $10 billion in Japanese data centres through 2029, the company said on Tuesday, and train a million engineers.',
    );
    const vectors = [computed.titleVector, computed.bodyVector, computed.fullVector];
    for (const { ids, weights } of vectors) {
      expect(ids.buffer).toBe(computed.titleVector.ids.buffer);
      expect(weights.buffer).toBe(computed.titleVector.ids.buffer);
      expect([...ids]).toEqual([...ids].sort((a, b) => a - b));
      expect(Math.hypot(...weights)).toBeCloseTo(1, 5);
    }
    // Side by side, not overlapping.
    const spans = vectors
      .flatMap(({ ids, weights }) => [ids, weights])
      .map((view) => [view.byteOffset, view.byteOffset + view.byteLength] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]?.[0]).toBe(spans[i - 1]?.[1]);
  });

  it('leaves the kind of post out of its title terms', () => {
    expect(features('Ask HN: Which laptop do you use?').terms).toEqual(['laptop']);
    expect(features('[AMA Request] John Oliver').terms).toEqual(['john', 'oliv']);
  });
});
