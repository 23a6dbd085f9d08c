import { describe, expect, it } from 'vitest';
import { pickRepresentatives } from './representatives.js';

describe('pickRepresentatives', () => {
  it('picks from a thread of 12,000 comments: the most central first, then different ones', () => {
    const texts = [
      'The grid cable is the right call and long overdue for the whole region.',
      'The grid cable is the right call, and the region needed it for years.',
      'Nobody asked the fishermen whether they want a cable through their waters at all.',
    ];
    const comments = Array.from({ length: 12_000 }, (_, i) => ({
      id: `c${i}`,
      postId: 'p1',
      author: `u${i}`,
      // Half say the first thing, a third the second, the rest the third.
      text: texts[i % 6 < 3 ? 0 : i % 6 < 5 ? 1 : 2] as string,
      score: 1,
    }));
    const picks = pickRepresentatives(comments);
    expect(picks.map((p) => p.id)).toEqual(['c0', 'c5']);
  });

  it('never picks a comment with an obscenity or a slur, however central or voted', () => {
    const comment = (id: string, text: string, score: number) => ({
      id,
      postId: 'p1',
      author: id,
      text,
      score,
    });
    const picks = pickRepresentatives([
      comment('c1', 'The grid cable is the right fucking call and long overdue for the region.', 900),
      comment('c2', 'The grid cable is the right call and long overdue for the whole region.', 3),
      comment('c3', 'The grid cable is long overdue, the right call for the whole region.', 2),
    ]);
    expect(picks.map((p) => p.id)).not.toContain('c1');
    expect(picks.length).toBeGreaterThan(0);
  });
});
