import { describe, expect, it } from 'vitest';
import { extractEntities, extractNames, extractNumbers, numberKind } from './entities.js';

describe('extractNames', () => {
  it('finds capitalised phrases and skips sentence-initial stopwords', () => {
    expect(
      extractNames(
        'The Supreme Court ruled on Monday. He said Bank of America and OpenAI agreed in New York.',
      ),
    ).toEqual(['Supreme Court', 'Bank of America', 'OpenAI', 'New York']);
  });

  it("ends a name at a possessive and drops the 's", () => {
    expect(extractNames("Microsoft's CEO visited Japan's capital.")).toEqual(['Microsoft', 'CEO', 'Japan']);
  });

  it('reads nothing from Title Case headlines', () => {
    expect(extractNames('Microsoft To Invest $10 Billion In Japan AI Infrastructure')).toEqual([]);
  });

  it('takes "I" with a verb for no name, nor HN calling itself', () => {
    expect(extractNames("Hi HN, I'm a developer in Dublin and I’ve worked for Stripe.")).toEqual([
      'Dublin',
      'Stripe',
    ]);
  });

  it('does not join names across commas', () => {
    expect(extractNames('talks with Google, Amazon and Meta')).toEqual(['Google', 'Amazon', 'Meta']);
  });
});

describe('extractNumbers', () => {
  it('normalises amounts with scales and currencies', () => {
    expect(extractNumbers('$10 billion, or $10bn; 10 billion dollars; €4.5m and 300 million euros')).toEqual([
      '$10bn',
      '€4.5m',
      '€300m',
    ]);
  });

  it('normalises percentages and keeps years and larger counts, not single digits', () => {
    expect(extractNumbers('shares fell 4% (4 percent) in 2029 after 266,000 jobs and 3 days')).toEqual([
      '4%',
      '2029',
      '266000',
    ]);
  });

  it('tells the kind of a number', () => {
    expect(numberKind('$10bn')).toBe('money');
    expect(numberKind('4%')).toBe('percent');
    expect(numberKind('2029')).toBe('year');
    expect(numberKind('266000')).toBe('count');
  });

  it('returns both in one call', () => {
    expect(extractEntities('OpenAI raised $40 billion.')).toEqual({ names: ['OpenAI'], numbers: ['$40bn'] });
  });
});
