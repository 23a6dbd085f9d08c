import { describe, expect, it } from 'vitest';
import type { SourceText } from '../extract/types.js';
import { checkGrounding, findUnsupported, namesIn } from './ground.js';
import type { Briefing } from './types.js';

const PUBLISHED_AT = Date.UTC(2026, 2, 3, 9, 0);

function source(id: string, text: string, publishedAt = PUBLISHED_AT): SourceText {
  return { id, kind: 'post', community: 'Hacker News', publishedAt, author: 'a', text };
}

const wire = source(
  'doc:1',
  'Microsoft said on Tuesday it will invest US$10bn in Japan from 2026 to 2029 with Sakura Internet. It plans to train one million engineers by 2030; shares rose 6 per cent.',
);

function briefingWith(sentence: string, citations = [1]): Briefing {
  return {
    version: 1,
    format: 1,
    storyId: 's1',
    headline: 'Microsoft to invest in Japan',
    headlineCitations: [1],
    byline: '',
    updatedAt: PUBLISHED_AT,
    sections: [{ id: 'what-happened', title: 'What happened', sentences: [{ text: sentence, citations }] }],
    facts: [],
    entities: [],
    perspectives: [],
    controversy: null,
    timeline: [],
    sources: [
      {
        n: 1,
        id: 'doc:1',
        kind: 'document',
        community: 'wire.example',
        title: 't',
        url: null,
        author: null,
        publishedAt: PUBLISHED_AT,
      },
    ],
    inspiredBy: null,
    disclaimer: '',
    grounded: true,
  };
}

describe('checkGrounding', () => {
  it('accepts numbers written differently on each side', () => {
    expect(findUnsupported('Microsoft will put $10 billion into Japan over 2026–2029.', [wire])).toEqual([]);
    expect(
      findUnsupported('It wants 1,000,000 engineers trained by 2030 and shares were up 6%.', [wire]),
    ).toEqual([]);
    expect(findUnsupported('USD 10,000,000,000', [wire], 'value')).toEqual([]);
  });

  it('rejects a planted unsupported number', () => {
    const result = checkGrounding(briefingWith('Microsoft will invest $12 billion in Japan [1].'), [wire]);
    expect(result.grounded).toBe(false);
    expect(result.failures).toEqual([
      expect.objectContaining({ section: 'what-happened', token: '12 billion', reason: 'number' }),
    ]);
  });

  it('rejects a planted unsupported name', () => {
    const result = checkGrounding(briefingWith('The deal was arranged with Goldman Sachs in Tokyo.'), [wire]);
    expect(result.grounded).toBe(false);
    expect(result.failures.map((f) => [f.token, f.reason])).toEqual([
      ['Goldman Sachs', 'name'],
      ['Tokyo', 'name'],
    ]);
  });

  it('rejects a name that starts a sentence when it is not a common opener', () => {
    expect(findUnsupported('Google will invest in Japan.', [wire]).map((t) => t.token)).toEqual(['Google']);
    expect(findUnsupported('Meanwhile, Microsoft will invest in Japan.', [wire])).toEqual([]);
  });

  it('accepts the sentence as the source writes it, and checks only the cited sources', () => {
    const other = source('hn:2', 'Nothing about money here.');
    const sentence =
      'Microsoft said on Tuesday it will invest US$10bn in Japan from 2026 to 2029 with Sakura Internet.';
    expect(findUnsupported(sentence, [wire])).toEqual([]);
    expect(findUnsupported(sentence, [other]).length).toBeGreaterThan(0);
  });

  it('fails statements without citations or with unknown ones', () => {
    expect(checkGrounding(briefingWith('Microsoft will invest.', []), [wire]).failures[0]?.reason).toBe(
      'no-citations',
    );
    expect(checkGrounding(briefingWith('Microsoft will invest.', [7]), [wire]).failures[0]?.reason).toBe(
      'unknown-citation',
    );
  });

  it('accepts a date the source writes in words or relative to its publication', () => {
    expect(findUnsupported('2026-03-03', [wire], 'value')).toEqual([]);
    expect(findUnsupported('2026-04-20', [wire], 'value').map((t) => t.reason)).toEqual(['date']);
    const dated = source('doc:2', 'The plant opens on April 20, 2026.');
    expect(findUnsupported('2026-04-20', [dated], 'value')).toEqual([]);
  });

  it('needs the currency of a table value in the source', () => {
    expect(findUnsupported('EUR 10,000,000,000', [wire], 'value').map((t) => t.token)).toEqual(['EUR']);
  });

  it('finds multiword names but not ordinary sentence starts', () => {
    expect(namesIn('The Bank of Japan said Sakura Internet’s shares rose.', 'prose')).toEqual([
      'Bank of Japan',
      'Sakura Internet',
    ]);
  });
});
