import { describe, expect, it } from 'vitest';
import { stem } from './stem.js';
import { isStopword, stopwordsFor } from './stopwords.js';
import { contentTerms, termCounts } from './terms.js';

describe('stopwords', () => {
  it('uses the English list by default and for unknown languages', () => {
    expect(isStopword('the')).toBe(true);
    expect(isStopword('the', 'und')).toBe(true);
    expect(isStopword('der', 'de')).toBe(true);
  });

  it('keeps words that name things in the news', () => {
    for (const word of ['microsoft', 'billion', 'ai', '10']) expect(stopwordsFor('en').has(word)).toBe(false);
  });
});

describe('stem', () => {
  it('stems English with Porter and leaves other languages and numbers alone', () => {
    expect(stem('investments')).toBe('invest');
    expect(stem('investments', 'de')).toBe('investments');
    expect(stem('10bn')).toBe('10bn');
    expect(stem('u.s')).toBe('u.s');
  });
});

describe('contentTerms', () => {
  it('drops stopwords, keeps numbers and stems the rest', () => {
    expect(
      contentTerms('Microsoft is investing $10 billion in the Japanese AI data centres by 2029'),
    ).toEqual(['microsoft', 'invest', '$10', 'billion', 'japanes', 'ai', 'data', 'centr', '2029']);
  });

  it('counts terms', () => {
    expect(termCounts(['a', 'b', 'a'])).toEqual(
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
  });
});
