import { describe, expect, it } from 'vitest';
import { analyseCommunities, compareCommunities, excerpt } from './index.js';
import type { PerspectiveComment, PerspectivePost } from './types.js';

const T0 = Date.UTC(2026, 2, 1, 9);

function post(id: string, community: string, title: string, text = ''): PerspectivePost {
  return {
    id,
    community,
    title,
    text,
    author: `op_${id}`,
    score: 100,
    commentCount: null,
    url: 'https://balticwire.example/nordwind-grid',
    publishedAt: T0,
  };
}

let sequence = 0;
function comment(
  postId: string,
  community: string,
  author: string,
  text: string,
  score: number | null = 5,
): PerspectiveComment {
  sequence++;
  return {
    id: `c${sequence}`,
    postId,
    parentId: null,
    community,
    author,
    text,
    score,
    publishedAt: T0 + sequence * 60_000,
    depth: 0,
  };
}

const energyPost = post('p1', 'r/energy', "Nordwind's €4bn Baltic grid bet");
const energy = [
  comment(
    'p1',
    'r/energy',
    'kilowattkate',
    'Finally money for the wires, not just the turbines. This is great news for the grid.',
    240,
  ),
  comment(
    'p1',
    'r/energy',
    'gridnerd',
    'Excellent move. The substations will cut curtailment and the cable to Gdansk is a smart, overdue investment.',
    35,
  ),
  comment(
    'p1',
    'r/energy',
    'offshore_ole',
    'Love this. Curtailment has wasted so much wind power, and better grid links are the best fix we have.',
    20,
  ),
  comment(
    'p1',
    'r/energy',
    'hvdc_fan',
    'Good to see the grid operator get a long contract; stable funding helps transmission projects succeed.',
    12,
  ),
  comment(
    'p1',
    'r/energy',
    'ana',
    'Great news, the curtailment numbers in the Baltic were awful and this will help a lot.',
    8,
  ),
];

const investingPost = post('p2', 'r/investing', 'Nordwind to spend €4bn on grid');
const investing = [
  comment(
    'p2',
    'r/investing',
    'bearish_bob',
    'Terrible capital allocation. Shareholders will hate the dilution and the returns are awful.',
    80,
  ),
  comment(
    'p2',
    'r/investing',
    'valueval',
    'This is a waste of money; the regulated returns on grid cables are poor and the risk of delays is serious.',
    30,
  ),
  comment(
    'p2',
    'r/investing',
    'dividendd',
    'Bad news for the dividend. I am selling, the balance sheet cannot take another €4bn of debt.',
    15,
  ),
  comment(
    'p2',
    'r/investing',
    'quant_q',
    'Awful timing with rates this high; cost overruns on offshore grid projects have destroyed value before.',
    10,
  ),
  comment(
    'p2',
    'r/investing',
    'spam_bot',
    'BUY NOW!!! Best crypto signals here, join my channel for free money',
    0,
  ),
  comment(
    'p2',
    'r/investing',
    'spam_bot',
    'BUY NOW!!! Best crypto signals here, join my channel for free money',
    0,
  ),
  comment(
    'p2',
    'r/investing',
    'spam_bot',
    'BUY NOW!!! Best crypto signals here, join my channel for free money',
    0,
  ),
  comment(
    'p2',
    'r/investing',
    'spam_bot',
    'BUY NOW!!! Best crypto signals here, join my channel for free money',
    0,
  ),
  comment(
    'p2',
    'r/investing',
    'spam_bot',
    'BUY NOW!!! Best crypto signals here, join my channel for free money',
    0,
  ),
  comment('p2', 'r/investing', 'ghost', '', 3),
  comment('p2', 'r/investing', null as unknown as string, '[deleted]', 1),
];

const hnPost = post('p3', 'Hacker News', 'Nordwind commits €4B to Baltic offshore grid');
const hn = [
  comment(
    'p3',
    'Hacker News',
    'pg_fan',
    'This is a great project and I love that they are building HVDC grid links instead of more turbines.',
    null,
  ),
  comment(
    'p3',
    'Hacker News',
    'skeptic',
    'The permitting will be a disaster. These projects are always late and terribly over budget.',
    null,
  ),
  comment(
    'p3',
    'Hacker News',
    'engineer',
    'Wonderful engineering challenge, HVDC converters at this scale are impressive and exciting.',
    null,
  ),
  comment(
    'p3',
    'Hacker News',
    'critic',
    'Horrible for the fishermen, the cable route ruins spawning grounds and nobody cares.',
    null,
  ),
  comment(
    'p3',
    'Hacker News',
    'ops',
    'HVDC permitting in Poland is painfully slow, I fear this will fail like the last one.',
    null,
  ),
  comment(
    'p3',
    'Hacker News',
    'builder',
    'Happy to see real investment in HVDC grid transmission, it is the best way to use offshore wind.',
    null,
  ),
];

const input = {
  posts: [energyPost, investingPost, hnPost],
  comments: [...energy, ...investing, ...hn],
  subject: ['Nordwind', 'grid', 'cable'],
};

describe('analyseCommunities', () => {
  const perspectives = analyseCommunities(input);
  const byName = new Map(perspectives.map((p) => [p.community, p]));

  it('reads a positive, a negative and a mixed community', () => {
    expect(byName.get('r/energy')?.stance).toBe('positive');
    expect(byName.get('r/investing')?.stance).toBe('negative');
    expect(byName.get('Hacker News')?.stance).toBe('mixed');
  });

  it('gives the numbers behind each stance', () => {
    const energyScores = byName.get('r/energy')?.stanceScores;
    expect(energyScores?.mean).toBeGreaterThan(0.3);
    expect(energyScores?.positiveShare).toBeGreaterThan(0.8);
    expect(energyScores?.n).toBe(5);
    const hnScores = byName.get('Hacker News')?.stanceScores;
    expect(hnScores?.positiveShare).toBeGreaterThan(0.35);
    expect(hnScores?.negativeShare).toBeGreaterThan(0.35);
    expect(hnScores?.polarisation).toBeGreaterThan(0.8);
  });

  it('counts participation without deleted comments', () => {
    expect(byName.get('r/investing')?.participation).toEqual({ posts: 1, comments: 9, authors: 6 });
    expect(byName.get('Hacker News')?.participation).toEqual({ posts: 1, comments: 6, authors: 7 });
  });

  it('orders communities by how many took part', () => {
    expect(perspectives.map((p) => p.community)).toEqual(['r/investing', 'Hacker News', 'r/energy']);
  });

  it("finds each community's own themes", () => {
    const themes = (name: string) => byName.get(name)?.themes.map((theme) => theme.term) ?? [];
    expect(themes('Hacker News').join(' ')).toMatch(/hvdc/);
    expect(themes('r/energy').join(' ')).toMatch(/curtailment/);
    expect(themes('r/investing').join(' ')).not.toMatch(/hvdc|curtailment/);
  });

  it('picks 2–3 representative comments by centrality, not just the top score', () => {
    const energyReps = byName.get('r/energy')?.representatives ?? [];
    expect(energyReps.length).toBeGreaterThanOrEqual(2);
    expect(energyReps.length).toBeLessThanOrEqual(3);
    const topScored = [...energy].sort((a, b) => (b.score ?? 0) - (a.score ?? 0)).slice(0, energyReps.length);
    expect(energyReps.map((r) => r.id).sort()).not.toEqual(topScored.map((c) => c.id).sort());
    // A central comment about curtailment is picked although it has 8 points against 240.
    expect(energyReps.some((r) => /curtailment/i.test(r.quote))).toBe(true);
  });

  it('never picks a duplicated spam comment twice', () => {
    const reps = byName.get('r/investing')?.representatives ?? [];
    expect(reps.filter((r) => /BUY NOW/.test(r.quote)).length).toBeLessThanOrEqual(1);
    expect(new Set(reps.map((r) => r.quote)).size).toBe(reps.length);
  });

  it('quotes each representative with id, author, excerpt and score', () => {
    const [first] = byName.get('r/energy')?.representatives ?? [];
    expect(first).toMatchObject({ postId: 'p1' });
    expect(first?.id).toMatch(/^c\d+$/);
    expect(first?.author).toBeTruthy();
    expect(first?.quote.length).toBeGreaterThan(20);
  });

  it('ignores a community whose only comments were deleted', () => {
    const result = analyseCommunities({
      posts: [post('p9', 'r/empty', 'Nordwind')],
      comments: [comment('p9', 'r/empty', 'x', ''), comment('p9', 'r/empty', 'y', '[removed]')],
    });
    expect(result[0]?.participation.comments).toBe(0);
    expect(result[0]?.stance).toBe('neutral');
    expect(result[0]?.representatives).toEqual([]);
  });

  it("reads stance from the commenter's own words, not from the quote they answer", () => {
    const [result] = analyseCommunities({
      posts: [post('p8', 'r/test', 'Nordwind')],
      comments: [
        comment(
          'p8',
          'r/test',
          'a',
          '> This is a wonderful, excellent, amazing plan.\nNo, it is a terrible, awful plan.',
        ),
        comment('p8', 'r/test', 'b', 'A horrible and wasteful plan, truly bad.'),
      ],
    });
    expect(result?.stance).toBe('negative');
  });
});

describe('compareCommunities', () => {
  const perspectives = analyseCommunities(input);
  const comparison = compareCommunities(perspectives);

  it('sees the positive and the negative community disagree', () => {
    const pair = comparison.disagreements.find(
      (p) => p.communities.includes('r/energy') && p.communities.includes('r/investing'),
    );
    expect(pair).toBeDefined();
    expect(Math.abs(pair?.difference ?? 0)).toBeGreaterThan(0.5);
  });

  it('finds the terms that several communities share', () => {
    expect(comparison.sharedTerms.map((t) => t.term)).toContain('grid');
  });

  it('rates a split story more controversial than one everybody likes', () => {
    const agreeing = compareCommunities(
      analyseCommunities({
        posts: [energyPost, post('p4', 'r/europe', 'Nordwind grid')],
        comments: [
          ...energy,
          comment('p4', 'r/europe', 'eu1', 'Great news for the Baltic grid, a wonderful investment.', 10),
          comment('p4', 'r/europe', 'eu2', 'Excellent, this cable will help everyone in the region.', 4),
        ],
      }),
    );
    expect(agreeing.disagreements).toEqual([]);
    expect(agreeing.agreements).toHaveLength(1);
    expect(comparison.controversy.score).toBeGreaterThan(agreeing.controversy.score);
    expect(agreeing.controversy.level).toBe('low');
    expect(comparison.controversy.between).toBeGreaterThan(0.2);
    expect(comparison.controversy.within).toBeGreaterThan(0);
  });
});

describe('excerpt', () => {
  it('keeps whole sentences within about 300 characters', () => {
    const sentence = 'This sentence has exactly enough words to be a reasonable sentence of some length.';
    const text = Array.from({ length: 8 }, () => sentence).join(' ');
    const quote = excerpt(text);
    expect(quote.length).toBeLessThanOrEqual(300);
    expect(quote.endsWith('length.')).toBe(true);
    expect(quote.split(sentence).length - 1).toBe(3);
  });

  it('cuts a single very long sentence at a word, with an ellipsis', () => {
    const quote = excerpt(`${'word '.repeat(120)}end.`);
    expect(quote.length).toBeLessThanOrEqual(400);
    expect(quote.endsWith('word…')).toBe(true);
  });
});
