import { describe, expect, it } from 'vitest';
import { createClusterer, defaultTunables } from './index.js';
import type { Assignment, ClusterPost } from './types.js';

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function post(partial: Partial<ClusterPost> & Pick<ClusterPost, 'id' | 'title'>): ClusterPost {
  return { community: 'Hacker News', publishedAt: T0, text: '', dedupKey: null, ...partial };
}

function newClusterer(options: Parameters<typeof createClusterer>[0] = {}) {
  let next = 0;
  return createClusterer(options, { newStoryId: () => `story-${++next}` });
}

function run(
  posts: readonly ClusterPost[],
  options: Parameters<typeof createClusterer>[0] = {},
): Assignment[] {
  const clusterer = newClusterer(options);
  return posts.map((p) => clusterer.add(p));
}

/** One company, two events, same day, same communities. */
const investment = [
  post({
    id: 'feed:inv1',
    community: 'Reuters',
    title: 'Microsoft to invest $10 billion in Japan AI infrastructure through 2029',
    text: 'Microsoft will invest $10 billion in Japan between 2026 and 2029 to expand its artificial intelligence and cloud data centres, the company said on Tuesday. The investment includes training one million engineers and developers and a partnership with Sakura Internet for GPU capacity. Prime Minister Ishiba welcomed the data centre commitment.',
    publishedAt: T0,
  }),
  post({
    id: 'hn:inv2',
    title: 'Microsoft commits $10B to Japanese AI data centres',
    text: 'Microsoft says the $10 billion investment in Japan runs through 2029 and covers new data centres for artificial intelligence, cloud capacity with Sakura Internet and training for one million engineers. Ishiba praised the commitment to the data centre buildout.',
    publishedAt: T0 + 40 * MINUTE,
  }),
  post({
    id: 'reddit:t3_inv3',
    community: 'r/technology',
    title: "Microsoft's $10bn Japan investment: data centres, Sakura Internet GPUs and a million engineers",
    text: 'The $10 billion plan through 2029 adds artificial intelligence data centres in Japan, buys GPU capacity from Sakura Internet and promises to train one million engineers. Microsoft announced the investment after meeting Ishiba.',
    publishedAt: T0 + 2 * HOUR,
    dedupKey: 'https://example.com/ms-japan-analysis',
  }),
];
const shares = [
  post({
    id: 'feed:sh1',
    community: 'Reuters',
    title: 'Microsoft shares fall 4% in Tokyo after earnings miss',
    text: 'Shares of Microsoft fell 4% in Tokyo trading after quarterly earnings missed analyst estimates, as revenue growth in the Azure cloud unit slowed and operating margins narrowed. Traders said the stock slide followed weaker guidance for the next quarter.',
    publishedAt: T0 + 30 * MINUTE,
  }),
  post({
    id: 'hn:sh2',
    title: 'Microsoft stock drops 4% as quarterly earnings disappoint',
    text: 'Microsoft stock slid 4% after the company reported quarterly earnings below analyst estimates. Azure revenue growth slowed, margins narrowed and guidance for the next quarter was weaker than traders expected; the shares fell in Tokyo trading too.',
    publishedAt: T0 + 90 * MINUTE,
  }),
  post({
    id: 'reddit:t3_sh3',
    community: 'r/technology',
    title: 'Microsoft misses earnings estimates, shares slide 4%',
    text: 'Quarterly earnings missed estimates: Azure growth slowed, margins narrowed, weaker guidance. The stock fell 4% and analyst downgrades followed as traders sold shares in Tokyo.',
    publishedAt: T0 + 3 * HOUR,
  }),
];

function byTime(posts: ClusterPost[]): ClusterPost[] {
  return [...posts].sort((a, b) => a.publishedAt - b.publishedAt || (a.id < b.id ? -1 : 1));
}

function storiesOf(assignments: readonly Assignment[]): Map<string, string[]> {
  const stories = new Map<string, string[]>();
  for (const a of assignments) stories.set(a.storyId, [...(stories.get(a.storyId) ?? []), a.postId]);
  return stories;
}

describe('createClusterer', () => {
  it('keeps two events about one company on one day in the same communities apart', () => {
    const assignments = run(byTime([...investment, ...shares]));
    const stories = storiesOf(assignments);
    expect(stories.size).toBe(2);
    const storyOf = new Map(assignments.map((a) => [a.postId, a.storyId]));
    for (const p of investment) expect(storyOf.get(p.id)).toBe(storyOf.get('feed:inv1'));
    for (const p of shares) expect(storyOf.get(p.id)).toBe(storyOf.get('feed:sh1'));
    expect(storyOf.get('feed:inv1')).not.toBe(storyOf.get('feed:sh1'));
    // Apart because of the evidence, not only because the index found no candidate: with every
    // story a candidate, the shares post still sees the investment story and says no.
    const exhaustive = run(byTime([...investment, ...shares]), { minCandidateOverlap: 0 });
    expect(exhaustive.map((a) => a.storyId)).toEqual(assignments.map((a) => a.storyId));
    const sharesFirst = exhaustive.find((a) => a.postId === 'feed:sh1');
    expect(sharesFirst?.reason).toMatch(/^new story: (best match|closest story) \S+ /);
  });

  it('explains why a post joined, naming the shared evidence', () => {
    const assignments = run(byTime([...investment, ...shares]));
    const joined = assignments.find((a) => a.postId === 'hn:inv2');
    expect(joined?.created).toBe(false);
    expect(joined?.reason).toMatch(/^title\+text cosine 0\.\d\d; shared: .*Microsoft/);
    expect(joined?.reason).toContain('$10bn');
    expect(joined?.similarity).toBeGreaterThan(0.3);
    const first = assignments[0];
    expect(first?.created).toBe(true);
    expect(first?.similarity).toBe(0);
    expect(first?.reason).toMatch(/^new story/);
  });

  it('puts the same link from HN, Reddit and a feed in one story', () => {
    const key = 'https://example.com/2026/03/nordwind-grid';
    const assignments = run([
      post({ id: 'hn:1', title: 'Nordwind commits €4B to Baltic grid', dedupKey: key, publishedAt: T0 }),
      post({
        id: 'reddit:t3_a',
        community: 'r/europe',
        title: "Nordwind's big bet",
        dedupKey: key,
        publishedAt: T0 + HOUR,
      }),
      post({
        id: 'feed:x',
        community: 'Baltic Wire',
        title: 'Offshore wind: substations and a cable to Gdańsk',
        text: 'Unrelated-sounding body text about cables, substations and offshore wind turbines in the Baltic.',
        dedupKey: key,
        publishedAt: T0 + 2 * HOUR,
      }),
    ]);
    expect(new Set(assignments.map((a) => a.storyId)).size).toBe(1);
    expect(assignments[1]).toMatchObject({ similarity: 1, reason: 'same link as hn:1', created: false });
    expect(assignments[2]?.reason).toBe('same link as hn:1');
  });

  it('does not merge on a weak title-only overlap', () => {
    const assignments = run([
      post({ id: 'hn:1', title: 'Apple announces new iPhone' }),
      post({ id: 'hn:2', title: 'Apple announces new CEO', publishedAt: T0 + HOUR }),
    ]);
    expect(assignments[1]?.created).toBe(true);
    expect(assignments[1]?.storyId).not.toBe(assignments[0]?.storyId);
  });

  it('does not fold together two stories of titles alone that a post could not join', () => {
    const clusterer = newClusterer();
    const placed = [
      post({ id: 'hn:iphone', title: 'Apple announces new iPhone' }),
      post({ id: 'hn:ceo', title: 'Apple announces new CEO', publishedAt: T0 + HOUR }),
      post({ id: 'hn:iphone2', title: 'Apple announces the new iPhone', publishedAt: T0 + 2 * HOUR }),
      post({ id: 'hn:ceo2', title: 'Apple announces a new CEO', publishedAt: T0 + 3 * HOUR }),
    ].map((p) => clusterer.add(p));
    expect(placed[1]?.reason).toContain('title-only cosine');
    expect(clusterer.drainMerges()).toEqual([]);
    const [iphone, ceo, iphone2, ceo2] = placed.map((a) => a.storyId);
    expect(iphone2).toBe(iphone);
    expect(ceo2).toBe(ceo);
    expect(ceo).not.toBe(iphone);
  });

  it('names no HN, no "I\'m" and no post kind as what two Ask HN posts share', () => {
    const assignments = run([
      post({
        id: 'hn:jobs',
        title: 'Ask HN: When should I use background jobs for inserts?',
        text: "Hi HN, I'm building a website that embeds videos from a third party service. With background jobs the insert is fast, but I'm not sure the page shows the video when it is done. I'm new to this. Any experience with this kind of problem?",
      }),
      post({
        id: 'hn:visa',
        title: 'Ask HN: How can a developer from the EU get a job in the US?',
        text: "Hi HN, I'm a developer with five years of experience and I'm thinking about moving to the US. I'm not sure what kind of visa I need or how the process works. I'm in the EU. Any experience with this?",
        publishedAt: T0 + 2 * HOUR,
      }),
    ]);
    expect(assignments[1]?.storyId).not.toBe(assignments[0]?.storyId);
    expect(assignments[1]?.reason).not.toContain('shared:');
  });

  it('does not join two short titles on the one word they share', () => {
    const posts = [
      post({ id: 'reddit:t3_a', community: 'r/GetMotivated', title: 'Attention please' }),
      post({ id: 'reddit:t3_b', community: 'r/aww', title: 'Attention, everyone!', publishedAt: T0 + HOUR }),
    ];
    const apart = run(posts);
    expect(apart[1]?.storyId).not.toBe(apart[0]?.storyId);
    expect(apart[1]?.reason).toContain('only 1 shared term(s)');
    // The cosine alone would have joined them.
    const joined = run(posts, { minSharedTerms: 1 });
    expect(joined[1]?.storyId).toBe(joined[0]?.storyId);
  });

  it('joins title-only posts whose titles say the same thing', () => {
    const assignments = run([
      post({ id: 'hn:1', title: 'OpenAI raises $40 billion led by SoftBank' }),
      post({
        id: 'reddit:t3_b',
        community: 'r/technology',
        title: 'OpenAI raises $40 billion in round led by SoftBank',
        publishedAt: T0 + HOUR,
      }),
    ]);
    expect(assignments[1]?.storyId).toBe(assignments[0]?.storyId);
  });

  it('needs body evidence when both sides have text, even with identical titles', () => {
    const assignments = run([
      post({
        id: 'feed:a',
        title: 'Storm warning issued',
        text: 'Forecasters in Florida expect hurricane winds on the Gulf coast by Thursday; evacuation orders cover Tampa and Sarasota counties as shelters open.',
      }),
      post({
        id: 'feed:b',
        title: 'Storm warning issued',
        text: 'Norwegian meteorologists warn of a snowstorm over the Arctic archipelago of Svalbard; the Longyearbyen airport closes and ferries stop until the blizzard passes.',
        publishedAt: T0 + HOUR,
      }),
    ]);
    expect(assignments[1]?.created).toBe(true);
  });

  it('only looks at stories active within the window', () => {
    const first = investment[0] as ClusterPost;
    const assignments = run([first, { ...(investment[1] as ClusterPost), publishedAt: T0 + 80 * HOUR }], {
      windowMs: 72 * HOUR,
    });
    expect(assignments[1]?.created).toBe(true);
  });

  it('gives the same assignments when the same posts run through a fresh clusterer', () => {
    const posts = byTime([...investment, ...shares]);
    expect(run(posts)).toEqual(run(posts));
  });

  it('continues stories it was seeded with and emits nothing while seeding', () => {
    const clusterer = newClusterer();
    clusterer.seed([
      { id: 'stored-inv', members: investment.slice(0, 2) },
      { id: 'stored-sh', members: shares.slice(0, 2) },
    ]);
    expect(clusterer.drainMerges()).toEqual([]);
    expect(clusterer.add(investment[2] as ClusterPost).storyId).toBe('stored-inv');
    expect(clusterer.add(shares[2] as ClusterPost).storyId).toBe('stored-sh');
  });

  it('finds seeded links again', () => {
    const clusterer = newClusterer();
    clusterer.seed([
      { id: 'stored', members: [post({ id: 'hn:9', title: 'A', dedupKey: 'https://a.example/x' })] },
    ]);
    expect(
      clusterer.add(
        post({ id: 'hn:10', title: 'B', dedupKey: 'https://a.example/x', publishedAt: T0 + HOUR }),
      ),
    ).toMatchObject({
      storyId: 'stored',
      reason: 'same link as hn:9',
    });
  });

  it('merges two stories when a post bridges them, the smaller into the bigger', () => {
    const clusterer = newClusterer();
    clusterer.seed([
      { id: 'big', members: investment.slice(0, 2) },
      { id: 'small', members: [investment[2] as ClusterPost] },
    ]);
    const bridge = post({
      id: 'hn:bridge',
      title: 'Microsoft to invest $10 billion in Japan AI data centres, train one million engineers',
      text: 'Microsoft will invest $10 billion in Japan through 2029 on artificial intelligence data centres, GPU capacity from Sakura Internet and training for one million engineers, it said after Ishiba welcomed the commitment.',
      publishedAt: T0 + 3 * HOUR,
    });
    const assignment = clusterer.add(bridge);
    expect(assignment.storyId).toBe('big');
    const merges = clusterer.drainMerges();
    expect(merges).toEqual([expect.objectContaining({ from: 'small', into: 'big' })]);
    expect(merges[0]?.reason).toContain('bridged by hn:bridge');
    expect(clusterer.drainMerges()).toEqual([]);
    // The absorbed story's links now lead to the survivor.
    const late = post({
      id: 'hn:late',
      title: 'x',
      dedupKey: 'https://example.com/ms-japan-analysis',
      publishedAt: T0 + 4 * HOUR,
    });
    expect(clusterer.add(late)).toMatchObject({ storyId: 'big', reason: 'same link as reddit:t3_inv3' });
  });

  /** The shares story, grown by reposts, with the first investment post in it by mistake. */
  const muddled = [
    ...shares,
    ...shares.map((p) => ({ ...p, id: `${p.id}-repost`, publishedAt: p.publishedAt + 10 * MINUTE })),
    investment[0] as ClusterPost,
  ];

  it('moves a recent post to the story of its own event when the rest of that event arrives', () => {
    const clusterer = newClusterer();
    clusterer.seed([{ id: 'shares', members: muddled }]);
    const arrival = clusterer.add(investment[1] as ClusterPost);
    expect(arrival.created).toBe(true);
    const moves = clusterer.drainMoves();
    expect(moves).toEqual([
      expect.objectContaining({ postId: 'feed:inv1', from: 'shares', to: arrival.storyId }),
    ]);
    expect(moves[0]?.reason).toMatch(
      /^moved from shares after hn:inv2 started this story: title\+text cosine/,
    );
    expect(moves[0]?.similarity).toBeGreaterThan(0.3);
    expect(clusterer.drainMoves()).toEqual([]);
    // The shares story goes on without it, and the investment story keeps growing.
    const later = (p: ClusterPost, id: string) => ({ ...p, id, publishedAt: T0 + 4 * HOUR });
    expect(clusterer.add(later(shares[2] as ClusterPost, 'hn:sh4')).storyId).toBe('shares');
    expect(clusterer.add(later(investment[2] as ClusterPost, 'hn:inv4')).storyId).toBe(arrival.storyId);
  });

  it('takes the first post of an event back from the story it joined when the next post of its event arrives', () => {
    const seeded = (pairMargin: number) => {
      const clusterer = newClusterer({ pairMargin });
      // The first investment post joined the shares story: nothing closer was around yet.
      clusterer.seed([{ id: 'shares', members: byTime([shares[0], investment[0]] as ClusterPost[]) }]);
      return clusterer;
    };
    const clusterer = seeded(defaultTunables.pairMargin);
    const arrival = clusterer.add(investment[1] as ClusterPost);
    expect(arrival.created).toBe(true);
    expect(arrival.reason).toMatch(
      /^new story: feed:inv1 scores \S+ with it, more than its best story shares does \(\S+\), and moves over$/,
    );
    expect(clusterer.drainMoves()).toEqual([
      expect.objectContaining({ postId: 'feed:inv1', from: 'shares', to: arrival.storyId }),
    ]);
    expect(clusterer.drainMerges()).toEqual([]);
    // The arrival does score enough with the muddled story to join it: the pair check is what
    // keeps it out.
    expect(seeded(Number.POSITIVE_INFINITY).add(investment[1] as ClusterPost).storyId).toBe('shares');
  });

  it('does not split a story whose posts all belong together, however close two of them are', () => {
    const clusterer = newClusterer();
    const assignments = shares.map((p) => clusterer.add(p));
    expect(new Set(assignments.map((a) => a.storyId)).size).toBe(1);
    expect(clusterer.drainMoves()).toEqual([]);
    expect(clusterer.drainMerges()).toEqual([]);
  });

  it('leaves a post alone once it was placed longer ago than the settle time', () => {
    const clusterer = newClusterer({ settleMs: 20 * MINUTE });
    clusterer.seed([{ id: 'shares', members: muddled }]);
    clusterer.add(investment[1] as ClusterPost);
    expect(clusterer.drainMoves()).toEqual([]);
  });

  it('never moves a post away from another post with the same link', () => {
    const clusterer = newClusterer();
    const link = 'https://example.com/ms-japan';
    clusterer.seed([
      {
        id: 'shares',
        members: [
          ...muddled.slice(0, -1),
          { ...(investment[0] as ClusterPost), dedupKey: link },
          post({
            id: 'hn:same-link',
            title: 'Microsoft and Japan',
            dedupKey: link,
            publishedAt: T0 + MINUTE,
          }),
        ],
      },
    ]);
    clusterer.add(investment[1] as ClusterPost);
    expect(clusterer.drainMoves()).toEqual([]);
  });

  describe('an event is covered within about a day', () => {
    const DAY = 24 * HOUR;
    const pick = post({
      id: 'hn:sakura',
      title: 'Microsoft picks Sakura Internet for GPU capacity in Japan',
      text: 'Sakura Internet will supply GPU capacity to Microsoft in Japan for artificial intelligence workloads, the Osaka company said on Friday. Sakura Internet expects cloud revenue to double by 2029 and will hire engineers for the data centres.',
    });
    const repeat = post({
      id: 'hn:repeat',
      title: 'Microsoft to invest $10 billion in Japan AI data centres by 2029',
      text: 'Microsoft will invest $10 billion in Japan through 2029 to expand artificial intelligence and cloud data centres. The investment includes training one million engineers and a GPU partnership with Sakura Internet. Prime Minister Ishiba welcomed the commitment.',
    });
    const opening = investment.slice(0, 2) as ClusterPost[];

    it('lets a related post join a story that began hours before it', () => {
      const placed = run([...opening, { ...pick, publishedAt: T0 + 3 * HOUR }]);
      expect(placed[2]).toMatchObject({ storyId: placed[0]?.storyId, created: false });
      expect(placed[2]?.reason).not.toContain('story began');
    });

    it('starts a story for the same post three days on, saying what the age of the story took off', () => {
      const placed = run([...opening, { ...pick, publishedAt: T0 + 3 * DAY }]);
      expect(placed[2]?.created).toBe(true);
      expect(placed[2]?.reason).toContain('story began 3.0 days before this post: −0.80');
    });

    it('still joins a close match to a story days old', () => {
      const placed = run([...opening, { ...repeat, publishedAt: T0 + 2.5 * DAY }]);
      expect(placed[2]).toMatchObject({ storyId: placed[0]?.storyId, created: false });
      expect(placed[2]?.reason).toContain('story began 2.5 days before this post: −0.60');
    });

    it('takes nothing off within the event span and the same more for each day beyond it', () => {
      const options = { eventSpanMs: DAY, agePenaltyPerDay: 0.1 };
      const at = (days: number) =>
        run([...opening, { ...repeat, publishedAt: T0 + days * DAY }], options)[2]?.similarity ?? 0;
      const same = at(0.125);
      expect(at(1)).toBeCloseTo(same, 2);
      expect(same - at(2)).toBeCloseTo(0.1, 2);
      expect(same - at(2.5)).toBeCloseTo(0.15, 2);
    });

    it('does not fold two stories together that began days apart on a middling likeness', () => {
      const forecast = post({
        id: 'hn:forecast',
        title: 'Sakura Internet raises its forecast on Microsoft GPU orders',
        text: 'Sakura Internet raised its annual revenue forecast on Friday after Microsoft ordered GPU capacity for its data centres in Japan. The Osaka company expects cloud sales to double by 2029 and plans to hire engineers in Hokkaido.',
      });
      const merges = (later: number) => {
        const clusterer = newClusterer();
        for (const p of opening) clusterer.add(p);
        clusterer.add({ ...forecast, publishedAt: T0 + later });
        clusterer.add({ ...repeat, publishedAt: T0 + later + HOUR });
        return clusterer.drainMerges().length;
      };
      expect(merges(3 * HOUR)).toBe(1);
      // Still within the window of the first story (72 h), which a post 3 days on is not.
      expect(merges(2.5 * DAY)).toBe(0);
    });
  });
});
