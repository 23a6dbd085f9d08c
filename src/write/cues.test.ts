import { describe, expect, it } from 'vitest';
import type { SourceText } from '../extract/types.js';
import { selectCueSentences } from './cues.js';

function source(id: string, kind: SourceText['kind'], text: string): SourceText {
  return { id, kind, community: 'c', publishedAt: 0, author: null, text };
}

describe('selectCueSentences', () => {
  const texts = [
    source(
      'doc:1',
      'document',
      'Nordwind will spend €4 billion on the grid. The cable is the largest ever laid in the Baltic Sea by any operator. It means cheaper power for the whole region within a decade.',
    ),
    source(
      'hn:1',
      'comment',
      'If you live near the coast, you should expect construction traffic for two years. Why would anyone expect otherwise here?',
    ),
    source(
      'hn:2',
      'comment',
      'Customers can expect lower bills because transmission losses fall, the operator says.',
    ),
  ];
  const { significance, advice } = selectCueSentences(texts, new Set(), () => 1);

  it('finds significance and advice sentences, advice winning when a sentence has both', () => {
    expect(significance.map((s) => s.text)).toEqual([
      'The cable is the largest ever laid in the Baltic Sea by any operator.',
    ]);
    expect(advice.map((s) => [s.sourceId, s.text])).toEqual([
      ['hn:1', 'If you live near the coast, you should expect construction traffic for two years.'],
      ['hn:2', 'Customers can expect lower bills because transmission losses fall, the operator says.'],
    ]);
  });

  it('skips a sentence with an obscenity, however strong its cues', () => {
    const picked = selectCueSentences(
      [
        source('hn:3', 'comment', "If you ever do that again, I'll come back and fuck up your whole lawn."),
        source(
          'hn:4',
          'comment',
          'If you rent near the coast, you should expect higher bills for two years.',
        ),
      ],
      new Set(),
      () => 1,
    );
    expect(picked.advice.map((s) => s.sourceId)).toEqual(['hn:4']);
  });

  it('skips questions and later sentences that start with a pronoun pointing back', () => {
    const all = [...significance, ...advice].map((s) => s.text).join(' ');
    expect(all).not.toContain('Why would anyone');
    expect(all).not.toContain('It means cheaper power');
  });

  it('lets a comment speak only with the votes to do so', () => {
    const quiet = selectCueSentences(texts, new Set(), () => 0);
    expect([...quiet.significance, ...quiet.advice].every((s) => s.sourceId === 'doc:1')).toBe(true);
  });
});
