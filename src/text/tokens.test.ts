import { describe, expect, it } from 'vitest';
import { isNumericToken, tokenize } from './tokens.js';

describe('tokenize', () => {
  it('lowercases words and splits on punctuation and hyphens', () => {
    expect(tokenize('OpenAI-backed start-up, "Acme"; raises money!')).toEqual([
      'openai',
      'backed',
      'start',
      'up',
      'acme',
      'raises',
      'money',
    ]);
  });

  it('keeps numbers, amounts, percentages and years whole', () => {
    expect(
      tokenize('Microsoft to invest $10 billion (10bn) through 2029; shares fell 4.5% to 1,000'),
    ).toEqual([
      'microsoft',
      'to',
      'invest',
      '$10',
      'billion',
      '10bn',
      'through',
      '2029',
      'shares',
      'fell',
      '4.5%',
      'to',
      '1000',
    ]);
  });

  it('keeps dotted abbreviations and contractions, drops possessive s', () => {
    expect(tokenize("The U.S. and Microsoft's partner don't agree")).toEqual([
      'the',
      'u.s',
      'and',
      'microsoft',
      'partner',
      'dont',
      'agree',
    ]);
  });

  it('ends a sentence-final number at the full stop', () => {
    expect(tokenize('It grew 12. Then 3.')).toEqual(['it', 'grew', '12', 'then', '3']);
  });

  it('reads letters of any script', () => {
    expect(tokenize('Zürich és Москва 東京')).toEqual(['zürich', 'és', 'москва', '東京']);
  });

  it('gives nothing for punctuation only', () => {
    expect(tokenize(' --- !!! ')).toEqual([]);
  });

  it('tells numeric tokens', () => {
    expect(isNumericToken('10bn')).toBe(true);
    expect(isNumericToken('openai')).toBe(false);
  });

  it('stays linear on long inputs without separators', () => {
    const long = `${'a.'.repeat(50_000)}x`;
    const started = performance.now();
    tokenize(long);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
