import { describe, expect, it } from 'vitest';
import { contentTerms, termCounts } from '../text/terms.js';
import { cosine } from '../text/tfidf.js';
import { pickTitle, type TitledMember } from './title.js';

/** The definition, pair by pair: each member's mean cosine to the others, ties to the earliest. */
function pickTitleByPairs(members: readonly TitledMember[]): string {
  const vectors = members.map((m) => termCounts(contentTerms(m.title)));
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  members.forEach((member, i) => {
    let sum = 0;
    vectors.forEach((other, j) => {
      if (i !== j) sum += cosine(vectors[i] as Map<string, number>, other);
    });
    const score = members.length > 1 ? sum / (members.length - 1) : 0;
    const holder = members[best];
    const earlier =
      holder !== undefined &&
      (member.publishedAt < holder.publishedAt ||
        (member.publishedAt === holder.publishedAt && (member.id ?? '') < (holder.id ?? '')));
    if (best === -1 || score > bestScore + 1e-12 || (Math.abs(score - bestScore) <= 1e-12 && earlier)) {
      best = i;
      bestScore = score;
    }
  });
  return members[best]?.title ?? '';
}

describe('pickTitle', () => {
  it("picks the member title most like the others'", () => {
    expect(
      pickTitle([
        { title: "Nordwind's big bet", publishedAt: 1 },
        { title: 'Nordwind commits €4bn to Baltic offshore grid', publishedAt: 2 },
        { title: 'Nordwind to invest €4bn in Baltic grid link', publishedAt: 3 },
        { title: 'Baltic offshore grid: Nordwind €4bn plan', publishedAt: 4 },
      ]),
    ).toBe('Nordwind commits €4bn to Baltic offshore grid');
  });

  it('breaks ties by the earliest, then the smallest id', () => {
    expect(
      pickTitle([
        { title: 'Same words here', publishedAt: 5, id: 'b' },
        { title: 'Same words here!', publishedAt: 3, id: 'c' },
        { title: 'Same words here?', publishedAt: 3, id: 'a' },
      ]),
    ).toBe('Same words here?');
  });

  it('counts no likeness to itself: titles sharing no word with the others all score 0', () => {
    expect(
      pickTitle([
        { title: 'What now?', publishedAt: 1 },
        { title: 'Grid cable', publishedAt: 2 },
        { title: 'Wind plan', publishedAt: 3 },
      ]),
    ).toBe('What now?');
  });

  it('handles one member and none', () => {
    expect(pickTitle([{ title: 'Only', publishedAt: 1 }])).toBe('Only');
    expect(pickTitle([])).toBe('');
  });

  it('picks what comparing every pair of titles picks, on 300 random stories', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const words = [
      'grid',
      'baltic',
      'nordwind',
      'invests',
      'cable',
      'offshore',
      'wind',
      'the',
      'of',
      '€4bn',
      'plan',
    ];
    for (let trial = 0; trial < 300; trial++) {
      const members = Array.from({ length: 1 + Math.floor(random() * 30) }, (_, i) => ({
        id: `p${i}`,
        publishedAt: Math.floor(random() * 5),
        title: Array.from(
          { length: 1 + Math.floor(random() * 6) },
          () => words[Math.floor(random() * words.length)],
        ).join(' '),
      }));
      expect(pickTitle(members), JSON.stringify(members)).toBe(pickTitleByPairs(members));
    }
  });
});
