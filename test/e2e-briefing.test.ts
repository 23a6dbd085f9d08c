/**
 * End to end, from archive files to a briefing, through the real CLI in-process: one story
 * (Microsoft's $10 billion investment in Japan) discussed in three subreddits, on Hacker News and
 * in a feed, among unrelated stories — one about the same company on the same day (its share
 * price falling after earnings) — with a planted conflicting figure ("$9 billion").
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT_OK } from '../src/cli/main.js';
import { runCli as cli } from '../src/test-support/cli.js';
import type { Briefing } from '../src/write/types.js';

/** 2026-03-03 08:00 UTC, a Tuesday, in seconds. */
const T = Date.UTC(2026, 2, 3, 8, 0) / 1000;
const H = 3600;

const redditSubmissions = [
  {
    id: 'mj1',
    subreddit: 'technology',
    title: 'Microsoft will invest $10 billion in Japan to expand AI and cloud infrastructure',
    selftext: '',
    url: 'https://wire.example.com/microsoft-japan-10bn',
    permalink: '/r/technology/comments/mj1/microsoft_will_invest_10_billion_in_japan/',
    author: 'newsbot',
    score: 2100,
    num_comments: 3,
    created_utc: T + H,
    is_self: false,
  },
  {
    id: 'mj2',
    subreddit: 'japan',
    title: 'Microsoft announces $10 billion investment in Japan data centres',
    selftext:
      'Microsoft said it will invest $10 billion in Japan between 2026 and 2029. Sakura Internet will supply GPUs to Microsoft as part of the plan. Sakura Internet shares rose 20% in Tokyo trading.',
    url: 'https://www.reddit.com/r/japan/comments/mj2/microsoft_announces/',
    permalink: '/r/japan/comments/mj2/microsoft_announces/',
    author: 'tokyoite',
    score: 640,
    num_comments: 2,
    created_utc: T + 2 * H,
    is_self: true,
  },
  {
    id: 'mj3',
    subreddit: 'artificial',
    title: 'Microsoft commits $10B to Japan AI push, plans to train 1 million engineers',
    selftext:
      'Microsoft also plans to train one million engineers and developers in Japan by 2030 as part of the $10 billion investment, the company said.',
    url: 'https://www.reddit.com/r/artificial/comments/mj3/microsoft_commits/',
    permalink: '/r/artificial/comments/mj3/microsoft_commits/',
    author: 'ml_watcher',
    score: 310,
    num_comments: 1,
    created_utc: T + 3 * H,
    is_self: true,
  },
  // Unrelated: the same company on the same day, and something else entirely.
  {
    id: 'ms1',
    subreddit: 'stocks',
    title: 'Microsoft stock slides 4% after quarterly earnings miss estimates',
    selftext:
      'Microsoft shares fell 4% on Tuesday after the company reported quarterly revenue below analyst estimates. Weak guidance for Azure also weighed on the stock.',
    url: 'https://www.reddit.com/r/stocks/comments/ms1/microsoft_stock_slides/',
    permalink: '/r/stocks/comments/ms1/microsoft_stock_slides/',
    author: 'bullbear',
    score: 900,
    num_comments: 1,
    created_utc: T + 4 * H,
    is_self: true,
  },
  {
    id: 'sp1',
    subreddit: 'space',
    title: 'NASA delays Artemis lunar rover mission to 2028',
    selftext: 'The lunar terrain vehicle needs more testing of its wheels and batteries, NASA said.',
    url: 'https://www.reddit.com/r/space/comments/sp1/nasa_delays/',
    permalink: '/r/space/comments/sp1/nasa_delays/',
    author: 'moonwalker',
    score: 1200,
    num_comments: 1,
    created_utc: T + 2 * H,
    is_self: true,
  },
];

const redditComments = [
  {
    id: 'c11',
    link_id: 't3_mj1',
    parent_id: 't3_mj1',
    body: 'Smart move. Demand for AI compute in Asia is huge and Japan has been short of GPU capacity for years.',
    author: 'dataguy',
    score: 340,
    created_utc: T + 2 * H,
  },
  {
    id: 'c12',
    link_id: 't3_mj1',
    parent_id: 't1_c11',
    body: 'Actually Microsoft will invest $9 billion in Japan. The press release rounds it up.',
    author: 'contrarian',
    score: 45,
    created_utc: T + 3 * H,
  },
  {
    id: 'c13',
    link_id: 't3_mj1',
    parent_id: 't3_mj1',
    body: 'If you run services in Tokyo, you should expect lower latency once the new regions open.',
    author: 'sre_jp',
    score: 120,
    created_utc: T + 3 * H,
  },
  {
    id: 'c21',
    link_id: 't3_mj2',
    parent_id: 't3_mj2',
    body: 'Great news for Sakura Internet, their shares had been flat for ages and this deal changes that.',
    author: 'osaka_dev',
    score: 88,
    created_utc: T + 3 * H,
  },
  {
    id: 'c22',
    link_id: 't3_mj2',
    parent_id: 't3_mj2',
    body: 'Worried about the power grid here, these data centres will need a lot of electricity that households also need.',
    author: 'kansai_kate',
    score: 60,
    created_utc: T + 4 * H,
  },
  {
    id: 'c31',
    link_id: 't3_mj3',
    parent_id: 't3_mj3',
    body: 'Training a million engineers sounds nice but the courses need to be good for it to matter.',
    author: 'prof_ai',
    score: 30,
    created_utc: T + 4 * H,
  },
  {
    id: 'c41',
    link_id: 't3_ms1',
    parent_id: 't3_ms1',
    body: 'Azure growth slowing was the real reason for the earnings miss, not the dividend.',
    author: 'quant_q',
    score: 200,
    created_utc: T + 5 * H,
  },
  {
    id: 'c51',
    link_id: 't3_sp1',
    parent_id: 't3_sp1',
    body: 'The rover batteries freezing during the lunar night was always going to be the hard part.',
    author: 'selenite',
    score: 77,
    created_utc: T + 3 * H,
  },
];

const hnItems = [
  {
    id: 5001,
    type: 'story',
    by: 'hnreader',
    time: T + H / 2,
    title: 'Microsoft to invest $10B in Japan over four years',
    url: 'https://wire.example.com/microsoft-japan-10bn',
    score: 512,
    descendants: 2,
    kids: [5002, 5003],
  },
  {
    id: 5002,
    type: 'comment',
    by: 'gpu_guy',
    parent: 5001,
    time: T + H,
    text: 'The interesting part is the partnership with Sakura Internet, which will supply GPUs. It means local capacity instead of sending everything to US regions.',
  },
  {
    id: 5003,
    type: 'comment',
    by: 'gridwatch',
    parent: 5001,
    time: T + 2 * H,
    text: 'Japan&#x27;s power grid will struggle with these data centres; users should expect higher electricity prices.',
  },
  {
    id: 6001,
    type: 'story',
    by: 'zigfan',
    time: T + 2 * H,
    title: 'Zig 0.15 released with a new async I/O model',
    url: 'https://ziglang.example/news/0.15',
    score: 300,
    descendants: 1,
    kids: [6002],
  },
  {
    id: 6002,
    type: 'comment',
    by: 'allocator',
    parent: 6001,
    time: T + 3 * H,
    text: 'The comptime changes in Zig are the real headline here.',
  },
];

function rfc822(seconds: number): string {
  return new Date(seconds * 1000).toUTCString();
}

const feed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Tech Wire</title>
    <link>https://techwire.example/</link>
    <description>Technology news</description>
    <item>
      <title>Microsoft to invest $10 billion in Japan AI and cloud infrastructure</title>
      <link>https://techwire.example/microsoft-japan</link>
      <guid>https://techwire.example/microsoft-japan</guid>
      <pubDate>${rfc822(T)}</pubDate>
      <author>Jane Reporter</author>
      <description>Microsoft said on Tuesday it will invest $10 billion in Japan between 2026 and 2029 to expand its AI and cloud infrastructure. The company will work with Sakura Internet, which will supply GPUs to Microsoft. Brad Smith, Microsoft president, said it is the largest investment the company has made in Japan. Microsoft also plans to train one million engineers and developers by 2030.</description>
    </item>
    <item>
      <title>Microsoft shares fall after earnings miss</title>
      <link>https://techwire.example/microsoft-earnings</link>
      <guid>https://techwire.example/microsoft-earnings</guid>
      <pubDate>${rfc822(T + 5 * H)}</pubDate>
      <description>Microsoft shares fell 4% after quarterly earnings missed analyst estimates, with Azure growth slowing and weak guidance.</description>
    </item>
    <item>
      <title>NASA pushes Artemis rover test flights back</title>
      <link>https://techwire.example/artemis-rover</link>
      <guid>https://techwire.example/artemis-rover</guid>
      <pubDate>${rfc822(T + 2 * H)}</pubDate>
      <description>NASA said the Artemis lunar rover needs more wheel and battery testing before its 2028 mission.</description>
    </item>
  </channel>
</rss>
`;

/** Words only the unrelated stories use. */
const UNRELATED = [
  'Azure',
  'earnings',
  'estimates',
  'guidance',
  'dividend',
  'slides',
  'Artemis',
  'lunar',
  'rover',
  'NASA',
  'Zig',
  'comptime',
];
const COMMUNITIES = ['r/technology', 'r/japan', 'r/artificial', 'Hacker News', 'Tech Wire'];

const dir = mkdtempSync(join(tmpdir(), 'roundup-e2e-brief-'));
const db = join(dir, 'roundup.db');
const ndjson = (rows: unknown[]) => `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;

describe('a briefing from archive files, end to end', () => {
  let storyId = '';
  let briefing: Briefing;
  let markdown = '';

  beforeAll(async () => {
    const files = {
      'RS_2026-03.ndjson': ndjson(redditSubmissions),
      'RC_2026-03.ndjson': ndjson(redditComments),
      'hn-items.ndjson': ndjson(hnItems),
      'techwire.xml': feed,
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    const imported = await cli([
      'import',
      '--json',
      '--no-progress',
      '--db',
      db,
      ...Object.keys(files).map((f) => join(dir, f)),
    ]);
    expect(imported.code, imported.stderr).toBe(EXIT_OK);
    expect(JSON.parse(imported.stdout)).toMatchObject({ posts: 10, comments: 11 });

    const clustered = await cli(['cluster', '--json', '--db', db]);
    expect(clustered.code, clustered.stderr).toBe(EXIT_OK);

    const stories = await cli(['stories', '--json', '--db', db]);
    expect(stories.code, stories.stderr).toBe(EXIT_OK);
    const list = JSON.parse(stories.stdout) as Array<{ id: string; title: string; posts: unknown[] }>;
    const japan = list.filter((s) => /japan/i.test(s.title));
    expect(japan, JSON.stringify(list, null, 1)).toHaveLength(1);
    storyId = japan[0]?.id ?? '';
    expect(japan[0]?.posts).toHaveLength(5);

    const json = await cli(['brief', storyId, '--format', 'json', '--db', db]);
    expect(json.code, json.stderr).toBe(EXIT_OK);
    briefing = JSON.parse(json.stdout) as Briefing;
    const md = await cli(['brief', storyId, '--format', 'md', '--db', db]);
    expect(md.code, md.stderr).toBe(EXIT_OK);
    markdown = md.stdout;
    if (process.env.ROUNDUP_PRINT_BRIEFING) console.log(markdown);
  });

  it('keeps the same-day story about the same company apart', async () => {
    const stories = JSON.parse((await cli(['stories', '--json', '--db', db])).stdout) as Array<{
      id: string;
      title: string;
    }>;
    const earnings = stories.filter((s) => /earnings|stock slides|shares fall/i.test(s.title));
    expect(earnings.length).toBeGreaterThanOrEqual(1);
    expect(earnings.every((s) => s.id !== storyId)).toBe(true);
  });

  it('names every community that discussed the story', () => {
    for (const community of COMMUNITIES) {
      expect(briefing.byline).toContain(community);
      expect(briefing.sources.some((s) => s.community === community)).toBe(true);
    }
    expect(briefing.perspectives.map((p) => p.community)).toEqual(
      expect.arrayContaining(COMMUNITIES.slice(0, 4)),
    );
    expect(briefing.byline).toMatch(
      /^Synthesised from 5 posts and 8 comments in .+ · updated \d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
    );
  });

  it('states the key facts with their sources', () => {
    const ten = briefing.facts.find(
      (f) => f.kind === 'investment' && f.value.startsWith('USD 10,000,000,000'),
    );
    expect(ten).toBeDefined();
    expect(ten?.who).toBe('Microsoft');
    expect(ten?.communities).toBeGreaterThanOrEqual(3);
    const citedCommunities = new Set(
      ten?.citations.map((n) => briefing.sources.find((s) => s.n === n)?.community),
    );
    expect(citedCommunities.size).toBeGreaterThanOrEqual(3);
    expect(briefing.facts.some((f) => f.kind === 'target' && f.value.includes('1,000,000 engineers'))).toBe(
      true,
    );
    expect(briefing.facts.some((f) => f.kind === 'partnership' && f.who?.includes('Sakura Internet'))).toBe(
      true,
    );
    expect(markdown).toMatch(
      /\| investment \| USD 10,000,000,000[^|]*\| Microsoft \| \d communities (?:\[\[\d+\]\]\(#source-\d+\))+ \|/,
    );
  });

  it('flags the planted conflicting figure next to the agreed one', () => {
    const nine = briefing.facts.findIndex(
      (f) => f.kind === 'investment' && f.value.startsWith('USD 9,000,000,000'),
    );
    expect(nine).toBeGreaterThanOrEqual(0);
    const row = briefing.facts[nine];
    expect(row?.conflict).toBe(true);
    expect(
      row?.conflictsWith.map((i) => briefing.facts[i]?.value.startsWith('USD 10,000,000,000')),
    ).toContain(true);
    const source = briefing.sources.find((s) => s.n === row?.citations[0]);
    expect(source).toMatchObject({ id: 'reddit:t1_c12', kind: 'comment', community: 'r/technology' });
    expect(source?.url).toBe('https://www.reddit.com/comments/mj1/_/c12/');
    expect(markdown).toMatch(/⚠ conflicting: other sources say USD 10,000,000,000/);
  });

  it('is grounded, with every prose sentence cited to a listed source', () => {
    expect(briefing.grounded).toBe(true);
    const numbers = new Set(briefing.sources.map((s) => s.n));
    expect(briefing.sections.map((s) => s.id)[0]).toBe('what-happened');
    for (const section of briefing.sections) {
      for (const sentence of section.sentences) {
        expect(sentence.citations.length).toBeGreaterThan(0);
        for (const n of sentence.citations) expect(numbers.has(n)).toBe(true);
      }
    }
    expect(briefing.inspiredBy).toMatchObject({ n: 1, community: 'Tech Wire' });
    expect(briefing.facts.filter((f) => f.kind === 'target')).toHaveLength(1);
  });

  it('contains nothing from the unrelated stories', () => {
    const everything = `${JSON.stringify(briefing)}\n${markdown}`;
    for (const word of UNRELATED) expect(everything, word).not.toMatch(new RegExp(`\\b${word}\\b`, 'i'));
    expect(
      briefing.sources.every((s) => !/ms1|sp1|6001|c41|c51|earnings|artemis/i.test(`${s.id} ${s.url}`)),
    ).toBe(true);
  });
});
