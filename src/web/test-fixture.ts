import type { Comment, Post } from '../model.js';
import { refreshStories } from '../pipeline/cluster.js';
import { saveBriefing } from '../store/briefings.js';
import { replaceStoryFacts } from '../store/facts.js';
import {
  appendIngestLog,
  ensureSource,
  updateSourceState,
  upsertComments,
  upsertPosts,
} from '../store/index.js';
import { syncSearchIndex } from '../store/search.js';
import type { Store } from '../store/store.js';
import { applyClustering } from '../store/stories.js';
import { makeComment, makePost } from '../test-support/make.js';
import { BRIEFING_DISCLAIMER, BRIEFING_FORMAT, type Briefing } from '../write/types.js';

/**
 * A small database for web tests: a clean story with a full briefing, a hostile story whose
 * every text carries a script payload, a story with no briefing yet, and sources in each state.
 * Stories are placed by hand (applyClustering) so that the tests do not depend on the clusterer.
 */

export const FIXTURE_NOW = Date.UTC(2026, 2, 2, 12);
const T0 = Date.UTC(2026, 2, 1, 8);
const HOUR = 3_600_000;

/** Every payload sets window.__pwned when it runs; the browser test asserts it never is set. */
export const PAYLOADS = {
  script: '<script>window.__pwned = "script"</script>',
  img: '<img src=x onerror="window.__pwned = \'img\'">',
  svg: '<svg onload="window.__pwned = \'svg\'"><circle r="5"/></svg>',
  js: 'javascript:window.__pwned="href"',
  attr: '" onmouseover="window.__pwned=\'attr\'" x="',
  style: '</style><style>body{display:none}</style>',
};

export const CLEAN_STORY = 's_clean000000001';
export const HOSTILE_STORY = 's_hostile0000001';
export const PENDING_STORY = 's_pending0000001';

export const CLEAN_HEADLINE = 'Nordwind commits €4 billion to offshore wind grid in the Baltic';
export const HOSTILE_HEADLINE = `Evil ${PAYLOADS.script} headline ${PAYLOADS.img}`;

function posts(): Post[] {
  return [
    makePost({
      id: 'hn:100',
      community: 'Hacker News',
      title: 'Nordwind to invest €4bn in Baltic grid link',
      text: 'Nordwind said it will spend €4 billion between 2026 and 2030 on three offshore substations.',
      url: 'https://balticwire.example/nordwind-grid',
      permalink: 'https://news.ycombinator.com/item?id=100',
      author: 'kilowattkate',
      publishedAt: T0,
      commentCount: 2,
    }),
    makePost({
      id: 'reddit:t3_a1',
      kind: 'reddit',
      community: 'r/energy',
      title: "Nordwind's €4bn grid bet",
      text: 'The grid operator PSG will build and run the cable under a 25-year contract.',
      url: 'https://balticwire.example/nordwind-grid',
      permalink: 'https://www.reddit.com/r/energy/comments/a1/',
      author: 'gridnerd',
      publishedAt: T0 + 2 * HOUR,
      commentCount: 1,
    }),
    makePost({
      id: 'feed:bw1',
      kind: 'feed',
      community: 'Baltic Wire',
      title: 'PSG shares rise 6% on Nordwind cable deal',
      text: 'PSG shares rose 6% on the day.',
      url: 'https://balticwire.example/psg-shares',
      permalink: 'https://balticwire.example/psg-shares',
      author: 'Baltic Wire staff',
      publishedAt: T0 + 5 * HOUR,
    }),
    makePost({
      id: 'hn:666',
      community: 'Hacker News',
      title: `Evil ${PAYLOADS.script} title ${PAYLOADS.img}`,
      text: `Body ${PAYLOADS.svg} and ${PAYLOADS.style}`,
      url: PAYLOADS.js,
      permalink: PAYLOADS.js,
      author: `mallory ${PAYLOADS.svg}`,
      publishedAt: T0 + HOUR,
    }),
    makePost({
      id: 'reddit:t3_evil',
      kind: 'reddit',
      community: `r/evil${PAYLOADS.attr}`,
      title: `Second evil post ${PAYLOADS.img}`,
      text: 'plain',
      url: 'https://evil.example/"><script>window.__pwned="url"</script>',
      permalink: null,
      author: `eve${PAYLOADS.attr}`,
      publishedAt: T0 + 3 * HOUR,
    }),
    makePost({
      id: 'hn:200',
      community: 'Hacker News',
      title: 'Quiet story with no briefing yet',
      text: 'Nothing written about this one.',
      url: 'https://example.org/quiet',
      publishedAt: T0 + 4 * HOUR,
    }),
  ];
}

function comments(): Comment[] {
  return [
    makeComment({
      id: 'hn:101',
      postId: 'hn:100',
      author: 'ampere',
      text: 'Finally money for the wires, not just the turbines.',
      publishedAt: T0 + HOUR,
      depth: 0,
    }),
    makeComment({
      id: 'hn:667',
      postId: 'hn:666',
      author: `<b>bold</b>${PAYLOADS.img}`,
      text: `Comment ${PAYLOADS.script} ${PAYLOADS.svg} [click](${PAYLOADS.js})`,
      publishedAt: T0 + 2 * HOUR,
      depth: 0,
    }),
  ];
}

function cleanBriefing(): Briefing {
  return {
    version: 0,
    format: BRIEFING_FORMAT,
    storyId: CLEAN_STORY,
    headline: CLEAN_HEADLINE,
    headlineCitations: [1],
    byline:
      'Synthesised from 3 posts and 1 comment in Hacker News, r/energy and Baltic Wire · updated 2026-03-02 12:00 UTC',
    updatedAt: FIXTURE_NOW,
    sections: [
      {
        id: 'what-happened',
        title: 'What happened',
        sentences: [
          {
            text: 'Nordwind said it will spend €4 billion between 2026 and 2030 on three offshore substations.',
            citations: [1],
          },
          {
            text: 'The grid operator PSG will build and run the cable under a 25-year contract.',
            citations: [2],
          },
        ],
      },
      {
        id: 'why-it-matters',
        title: 'Why it matters',
        sentences: [{ text: 'Finally money for the wires, not just the turbines.', citations: [4] }],
      },
    ],
    facts: [
      {
        kind: 'investment',
        label: 'investment',
        value: 'EUR 4,000,000,000, 2026–2030',
        raw: { amount: 4e9, currency: 'EUR' },
        who: 'Nordwind',
        quote: 'Nordwind said it will spend €4 billion between 2026 and 2030',
        communities: 2,
        citations: [1, 2],
        conflict: false,
        conflictsWith: [],
      },
      {
        kind: 'market_move',
        label: 'market move',
        value: 'PSG shares +6%',
        raw: { change: 0.06 },
        who: 'PSG',
        quote: 'PSG shares rose 6% on the day.',
        communities: 1,
        citations: [3],
        conflict: true,
        conflictsWith: [0],
      },
    ],
    entities: [
      {
        role: 'decision-maker / platform',
        entities: [{ name: 'Nordwind', kind: 'organization', mentions: 4, citations: [1, 2] }],
      },
      { role: 'partner', entities: [{ name: 'PSG', kind: 'organization', mentions: 2, citations: [2, 3] }] },
    ],
    perspectives: [
      {
        community: 'Hacker News',
        stance: 'positive',
        participation: { posts: 1, comments: 1, authors: 2 },
        themes: ['wires', 'turbines'],
        quotes: [
          {
            text: 'Finally money for the wires, not just the turbines.',
            author: 'ampere',
            score: 12,
            citations: [4],
          },
        ],
      },
      {
        community: 'r/energy',
        stance: 'mixed',
        participation: { posts: 1, comments: 0, authors: 1 },
        themes: [],
        quotes: [],
      },
    ],
    controversy: 'low',
    timeline: [
      { at: T0, date: '2026-03-01', text: 'Nordwind announces the €4 billion plan.', citations: [1] },
      { at: T0 + 5 * HOUR, date: '2026-03-01', text: 'PSG shares rise 6%.', citations: [3] },
    ],
    sources: [
      {
        n: 1,
        id: 'hn:100',
        kind: 'post',
        community: 'Hacker News',
        title: 'Nordwind to invest €4bn in Baltic grid link',
        url: 'https://balticwire.example/nordwind-grid',
        author: 'kilowattkate',
        publishedAt: T0,
      },
      {
        n: 2,
        id: 'reddit:t3_a1',
        kind: 'post',
        community: 'r/energy',
        title: "Nordwind's €4bn grid bet",
        url: 'https://www.reddit.com/r/energy/comments/a1/',
        author: 'gridnerd',
        publishedAt: T0 + 2 * HOUR,
      },
      {
        n: 3,
        id: 'feed:bw1',
        kind: 'post',
        community: 'Baltic Wire',
        title: 'PSG shares rise 6% on Nordwind cable deal',
        url: 'https://balticwire.example/psg-shares',
        author: 'Baltic Wire staff',
        publishedAt: T0 + 5 * HOUR,
      },
      {
        n: 4,
        id: 'hn:101',
        kind: 'comment',
        community: 'Hacker News',
        title: 'Comment on “Nordwind to invest €4bn in Baltic grid link”',
        url: 'https://news.ycombinator.com/item?id=101',
        author: 'ampere',
        publishedAt: T0 + HOUR,
      },
    ],
    inspiredBy: { n: 1, community: 'Hacker News', title: 'Nordwind to invest €4bn in Baltic grid link' },
    disclaimer: BRIEFING_DISCLAIMER,
    grounded: true,
  };
}

function hostileBriefing(): Briefing {
  const p = PAYLOADS;
  return {
    ...cleanBriefing(),
    storyId: HOSTILE_STORY,
    headline: HOSTILE_HEADLINE,
    byline: `Synthesised from ${p.svg} posts`,
    sections: [
      {
        id: 'what-happened',
        title: `What ${p.script} happened`,
        sentences: [{ text: `A sentence quoting ${p.img} and ${p.svg} and ${p.style}`, citations: [1] }],
      },
    ],
    facts: [
      {
        kind: 'money',
        label: `money ${p.img}`,
        value: `USD ${p.script}`,
        raw: {},
        who: `Evil ${p.attr}`,
        quote: `quoted ${p.svg}`,
        communities: 1,
        citations: [1],
        conflict: false,
        conflictsWith: [],
      },
    ],
    entities: [
      {
        role: `role ${p.script}`,
        entities: [{ name: `Evil${p.img}`, kind: 'organization', mentions: 1, citations: [1] }],
      },
    ],
    perspectives: [
      {
        community: `r/evil${p.attr}`,
        stance: 'negative',
        participation: { posts: 1, comments: 1, authors: 1 },
        themes: [p.script],
        quotes: [
          { text: `Comment ${p.script} ${p.svg}`, author: `<b>bold</b>${p.img}`, score: 1, citations: [2] },
        ],
      },
    ],
    controversy: null,
    timeline: [{ at: T0, date: `2026 ${p.img}`, text: `timeline ${p.svg}`, citations: [1] }],
    sources: [
      {
        n: 1,
        id: 'hn:666',
        kind: 'post',
        community: 'Hacker News',
        title: `Evil ${p.script} title ${p.img}`,
        url: p.js,
        author: `mallory ${p.svg}`,
        publishedAt: T0 + HOUR,
      },
      {
        n: 2,
        id: 'hn:667',
        kind: 'comment',
        community: `r/evil${p.attr}`,
        title: `Comment on ${p.img}`,
        url: 'https://evil.example/"><script>window.__pwned="url"</script>',
        author: `<b>bold</b>${p.img}`,
        publishedAt: T0 + 2 * HOUR,
      },
    ],
    inspiredBy: { n: 1, community: `x${p.attr}`, title: p.script },
    disclaimer: BRIEFING_DISCLAIMER,
  };
}

/** Fills an empty store with the fixture; returns nothing, the ids are exported constants. */
export async function buildWebFixture(store: Store): Promise<void> {
  const db = store.db;
  await upsertPosts(db, posts(), FIXTURE_NOW);
  await upsertComments(db, comments(), FIXTURE_NOW);
  const placements: Array<[string, string, boolean]> = [
    ['hn:100', CLEAN_STORY, true],
    ['reddit:t3_a1', CLEAN_STORY, false],
    ['feed:bw1', CLEAN_STORY, false],
    ['hn:666', HOSTILE_STORY, true],
    ['reddit:t3_evil', HOSTILE_STORY, false],
    ['hn:200', PENDING_STORY, true],
  ];
  const byId = new Map(posts().map((p) => [p.id, p]));
  await applyClustering(
    db,
    {
      assignments: placements.map(([postId, storyId, created]) => ({
        postId,
        storyId,
        created,
        similarity: created ? 0 : 1,
        reason: 'fixture',
      })),
      merges: [],
      posts: new Map(
        placements.map(([postId]) => {
          const p = byId.get(postId);
          if (!p) throw new Error(`fixture: no post ${postId}`);
          return [
            postId,
            {
              id: p.id,
              community: p.community,
              publishedAt: p.publishedAt,
              title: p.title,
              text: p.text,
              dedupKey: null,
              documentTitle: null,
              documentText: null,
              commentText: '',
            },
          ];
        }),
      ),
    },
    FIXTURE_NOW,
  );
  await refreshStories(store, [CLEAN_STORY, HOSTILE_STORY, PENDING_STORY], FIXTURE_NOW);
  await replaceStoryFacts(
    db,
    CLEAN_STORY,
    {
      facts: [
        {
          kind: 'investment',
          value: { amount: 4e9, currency: 'EUR', from: 'Nordwind' },
          text: 'Nordwind said it will spend €4 billion between 2026 and 2030',
          sources: [{ id: 'hn:100', start: 45, end: 105 }],
          communities: 2,
          firstReportedAt: T0,
          conflict: false,
          speaker: 'Nordwind',
        },
        {
          kind: 'market_move',
          value: { company: 'PSG', change: 0.06 },
          text: 'PSG shares rose 6% on the day.',
          sources: [{ id: 'feed:bw1', start: 43, end: 73 }],
          communities: 1,
          firstReportedAt: T0 + 5 * HOUR,
          conflict: true,
          speaker: null,
        },
      ],
      entities: [
        {
          name: 'Nordwind',
          kind: 'organization',
          aliases: ['Nordwind AG'],
          role: 'decision-maker / platform',
          evidence: [],
          mentions: 4,
        },
        { name: 'PSG', kind: 'organization', aliases: [], role: 'partner', evidence: [], mentions: 2 },
      ],
    },
    'fixture',
  );
  await replaceStoryFacts(
    db,
    HOSTILE_STORY,
    {
      facts: [
        {
          kind: 'money',
          value: { amount: 1 },
          text: `Evil${PAYLOADS.img} paid ${PAYLOADS.script}`,
          sources: [{ id: 'hn:666', start: 0, end: 10 }],
          communities: 1,
          firstReportedAt: T0 + HOUR,
          conflict: false,
          speaker: `Evil${PAYLOADS.img}`,
        },
      ],
      entities: [
        {
          name: `Evil${PAYLOADS.img}`,
          kind: 'organization',
          aliases: [],
          role: null,
          evidence: [],
          mentions: 1,
        },
        { name: 'Nordwind', kind: 'organization', aliases: [], role: null, evidence: [], mentions: 1 },
      ],
    },
    'fixture',
  );
  for (const briefing of [cleanBriefing(), hostileBriefing()]) {
    await saveBriefing(
      db,
      {
        storyId: briefing.storyId,
        contentHash: `fixture-${briefing.storyId}`,
        headline: briefing.headline,
        grounded: true,
        body: JSON.stringify(briefing),
      },
      FIXTURE_NOW,
    );
  }
  await ensureSource(db, { id: 'hn', kind: 'hn', url: null }, FIXTURE_NOW);
  await updateSourceState(
    db,
    'hn',
    { lastFetchAt: FIXTURE_NOW - HOUR, lastStatus: 200, lastNewItems: 42 },
    FIXTURE_NOW,
  );
  await ensureSource(db, { id: 'reddit-technology', kind: 'reddit', url: null }, FIXTURE_NOW);
  await updateSourceState(
    db,
    'reddit-technology',
    {
      lastFetchAt: FIXTURE_NOW - HOUR,
      lastStatus: 429,
      consecutiveErrors: 3,
      lastError: `reddit: rate limited ${PAYLOADS.script}`,
      blockedReason: 'HTTP 429: Retry-After 3600',
    },
    FIXTURE_NOW,
  );
  await ensureSource(db, { id: 'feed-gone', kind: 'feed', url: 'https://gone.example/rss.xml' }, FIXTURE_NOW);
  await updateSourceState(
    db,
    'feed-gone',
    { enabled: false, disabledReason: 'HTTP 410 Gone', lastStatus: 410 },
    FIXTURE_NOW,
  );
  await appendIngestLog(db, [
    {
      at: FIXTURE_NOW - HOUR,
      action: 'poll',
      subject: 'hn',
      status: 'ok',
      httpStatus: 200,
      posts: 40,
      comments: 2,
    },
    {
      at: FIXTURE_NOW - HOUR,
      action: 'poll',
      subject: 'reddit-technology',
      status: 'error',
      httpStatus: 429,
      message: `rate limited ${PAYLOADS.img}`,
    },
  ]);
  await syncSearchIndex(db, FIXTURE_NOW);
}
