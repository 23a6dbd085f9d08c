/**
 * Web throughput and latency over a database of 100,000 posts, beside the same server answering
 * a constant string, in the same run.
 *
 *   npx tsx bench/web.bench.ts [--posts N] [--fresh] [--seconds S] [--connections C]
 *
 * 1. Builds (or reuses) bench/.work/web-<N>.db: N generated posts (seeded PRNG) over 30 days —
 *    about 40% in multi-post events across communities, with comments, money, years and
 *    organisation names that fact extraction finds — written with direct upserts, placed in
 *    stories by `clusterNewPosts`, and briefed by `buildBriefing` for the 40 hottest stories.
 * 2. Starts the web app (createApp on @hono/node-server) in a child process, so that the load
 *    generator does not share its event loop, plus one extra route that answers "ok".
 * 3. Runs autocannon against each route in turn (same connections and duration) and prints
 *    requests per second, p50 and p99 latency, and the share of the constant route's throughput.
 * Targets: story page p99 ≤ 25 ms and ≥ 30% of the constant route's requests per second.
 * Also prints, in-process, the cost of one uncached story page (load + render).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createSilentLog } from '../src/log.js';
import type { Comment, Post } from '../src/model.js';
import { buildBriefing } from '../src/pipeline/brief.js';
import { clusterNewPosts } from '../src/pipeline/cluster.js';
import { upsertComments, upsertPosts } from '../src/store/index.js';
import { createStore, type Store } from '../src/store/store.js';
import { listStories } from '../src/store/stories.js';
import { createApp } from '../src/web/app.js';
import { loadStoryDetail } from '../src/web/data.js';
import { renderStoryPage } from '../src/web/pages.js';
import { serverPaths } from '../src/web/paths.js';
import { createRandom, syllableWords } from './lib/generate.js';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  pipelining: number;
}) => Promise<AutocannonResult>;
// autocannon ships no types; load it with require and describe the little we use.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  if (i === -1) return fallback;
  const n = Number(args[i + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`bench: ${name} takes a positive number`);
  return n;
};
const POSTS = flag('--posts', 100_000);
const SECONDS = flag('--seconds', 8);
const CONNECTIONS = flag('--connections', 10);
const BRIEFED = 40;
const WORK = join(import.meta.dirname, '.work');
const DB_PATH = join(WORK, `web-${POSTS}.db`);

const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const SPAN_MS = 30 * DAY_MS;
const NOW = START + SPAN_MS + DAY_MS;
const clock = { now: () => NOW };
const log = createSilentLog();

const random = createRandom(20260306);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const COMMUNITIES = [
  'Hacker News',
  'r/technology',
  'r/business',
  'r/energy',
  'r/worldnews',
  'Reuters',
  'The Verge',
];
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ster',
  'ren',
  'to',
  'va',
  'quin',
  'dor',
  'pel',
  'su',
  'gra',
  'ne',
  'bri',
  'tal',
];
const WORDS = syllableWords(SYLLABLES, 20_000);
const COMMON = ['the', 'of', 'and', 'to', 'in', 'a', 'for', 'on', 'with', 'is', 'that', 'by', 'it'];
const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
const sentence = (n: number) =>
  `${capital(Array.from({ length: n }, () => (random() < 0.35 ? pick(COMMON) : pick(WORDS))).join(' '))}.`;

/** The generated posts and comments, in time order. */
function generate(count: number): { posts: Post[]; comments: Comment[] } {
  const posts: Post[] = [];
  const comments: Comment[] = [];
  let n = 0;
  let c = 0;
  const add = (post: Omit<Post, 'id' | 'kind' | 'html' | 'dedupKey' | 'deleted'>, withComments: number) => {
    const id = `hn:${++n}`;
    posts.push({ ...post, id, kind: 'hn', html: null, dedupKey: null, deleted: false });
    for (let i = 0; i < withComments; i++) {
      comments.push({
        id: `hn:c${++c}`,
        postId: id,
        parentId: null,
        author: `user${int(1, 5_000)}`,
        text: `${random() < 0.5 ? 'This is great news for' : 'I doubt this will help'} ${post.title.split(' ')[0]}. ${sentence(int(8, 20))}`,
        score: int(1, 200),
        publishedAt: post.publishedAt + int(1, 6) * 600_000,
        depth: 0,
        deleted: false,
      });
    }
  };
  while (n < count) {
    const at = START + Math.floor(random() * SPAN_MS);
    if (random() < 0.08) {
      // An event: 2–12 posts in several communities over a few hours, sharing names and numbers.
      const org = `${capital(pick(WORDS))} ${pick(['Systems', 'Energy', 'Labs', 'Group', 'Motors'])}`;
      const partner = `${capital(pick(WORDS))} ${pick(['Bank', 'Grid', 'Cloud', 'Holdings'])}`;
      const amount = int(1, 90);
      const from = int(2026, 2029);
      const to = from + int(1, 5);
      const topic = Array.from({ length: 4 }, () => pick(WORDS));
      const size = Math.min(count - n, int(2, 12));
      for (let i = 0; i < size; i++) {
        add(
          {
            community: pick(COMMUNITIES),
            title: `${org} to invest $${amount} billion in ${topic.slice(0, 2).join(' ')} with ${partner}`,
            text: `${org} said it will invest $${amount} billion between ${from} and ${to} in ${topic.join(' ')}. ${partner} will supply the equipment under a ${int(5, 25)}-year contract. ${sentence(int(10, 25))}`,
            url: null,
            permalink: `https://news.ycombinator.com/item?id=${n + 1}`,
            author: `user${int(1, 5_000)}`,
            score: int(1, 900),
            commentCount: 3,
            publishedAt: at + i * int(5, 60) * 60_000,
          },
          3,
        );
      }
    } else {
      add(
        {
          community: pick(COMMUNITIES),
          title: sentence(int(6, 12)).slice(0, -1),
          text: random() < 0.5 ? sentence(int(20, 60)) : '',
          url: `https://example.com/${n}`,
          permalink: `https://news.ycombinator.com/item?id=${n + 1}`,
          author: `user${int(1, 5_000)}`,
          score: int(1, 300),
          commentCount: 0,
          publishedAt: at,
        },
        0,
      );
    }
  }
  posts.sort((a, b) => a.publishedAt - b.publishedAt);
  return { posts, comments };
}

async function buildDatabase(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${DB_PATH}${suffix}`, { force: true });
  const store = await createStore(DB_PATH);
  const deps = { store, clock, log };
  let t = performance.now();
  const { posts, comments } = generate(POSTS);
  for (let i = 0; i < posts.length; i += 5_000)
    await store.db.transaction().execute((trx) => upsertPosts(trx, posts.slice(i, i + 5_000), NOW));
  for (let i = 0; i < comments.length; i += 5_000)
    await store.db.transaction().execute((trx) => upsertComments(trx, comments.slice(i, i + 5_000), NOW));
  console.log(`generated and stored ${posts.length} posts, ${comments.length} comments in ${secs(t)}`);
  t = performance.now();
  const report = await clusterNewPosts(deps, { windowMs: 72 * 3_600_000 });
  console.log(`clustered into ${report.newStories} stories (${report.merges} merges) in ${secs(t)}`);
  t = performance.now();
  // Heat decays with time; stories are ranked as of NOW, so the hottest are the newest events.
  const top = await listStories(store.db, { limit: BRIEFED });
  let written = 0;
  for (const story of top) {
    const result = await buildBriefing(deps, story.id);
    if (result?.version) written++;
  }
  console.log(`briefed ${written} of the ${top.length} hottest stories in ${secs(t)}`);
  await store.close();
}

const secs = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** The child: the web app plus a constant route, on an ephemeral port; prints the URL. */
async function runServer(): Promise<void> {
  const store = await createStore(DB_PATH);
  const app = createApp({ store, clock: { now: () => Date.now() }, log, config: {} });
  app.get('/bench/constant', (c) => c.text('ok'));
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
    process.stdout.write(`LISTENING http://127.0.0.1:${info.port}\n`);
  });
  process.on('SIGTERM', () => {
    server.close();
    void store.close().then(() => process.exit(0));
  });
}

function startChild(): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, import.meta.filename, '--serve', '--posts', String(POSTS)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /LISTENING (\S+)/.exec(buffer);
      if (match?.[1]) resolve({ child, base: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`bench: the server exited early (${code})`)));
  });
}

async function main(): Promise<void> {
  if (args.includes('--serve')) return runServer();
  if (args.includes('--fresh') || !existsSync(DB_PATH)) await buildDatabase();
  else console.log(`reusing ${DB_PATH} (--fresh rebuilds it)`);

  const store: Store = await createStore(DB_PATH);
  const top = (await listStories(store.db, { limit: BRIEFED })).map((s) => s.id);
  const briefed = await store.db
    .selectFrom('briefings')
    .select('story_id')
    .where('story_id', 'in', top)
    .groupBy('story_id')
    .execute();
  const storyId = top.find((id) => briefed.some((b) => b.story_id === id)) ?? top[0];
  if (!storyId) throw new Error('bench: no stories in the database');
  const posts = await store.db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const stories = await store.db
    .selectFrom('stories')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('merged_into', 'is', null)
    .executeTakeFirst();

  // In-process: one story page without any cache (load from the store + render), median of 50.
  const ctx = { paths: serverPaths(), siteTitle: 'roundup' };
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    const html = renderStoryPage(ctx, await loadStoryDetail(store.db, storyId)).toString();
    times.push(performance.now() - t);
    bytes = html.length;
  }
  times.sort((a, b) => a - b);
  await store.close();

  const { child, base } = await startChild();
  const routes: Array<[string, string]> = [
    ['constant string', '/bench/constant'],
    ['front page', '/'],
    ['story page', `/stories/${storyId}`],
    ['API: story list', '/api/stories?limit=20'],
    ['API: briefing', `/api/stories/${storyId}/briefing`],
  ];
  const rows: Array<{ name: string; rps: number; p50: number; p99: number; bad: number }> = [];
  try {
    for (const [name, path] of routes) {
      const url = `${base}${path}`;
      const warm = await fetch(url);
      if (warm.status !== 200) throw new Error(`bench: ${path} answered ${warm.status}`);
      await warm.arrayBuffer();
      // One short run first, so that every route is measured with the JIT warm, the first one too.
      await autocannon({ url, connections: CONNECTIONS, duration: 1, pipelining: 1 });
      const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, pipelining: 1 });
      rows.push({
        name,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        bad: result.non2xx + result.errors,
      });
    }
  } finally {
    child.kill('SIGTERM');
  }

  const constant = rows[0]?.rps ?? 1;
  console.log(
    `\n${Number(posts?.n)} posts, ${Number(stories?.n)} stories; story ${storyId} (page ${(bytes / 1024).toFixed(0)} KiB); ` +
      `${CONNECTIONS} connections × ${SECONDS} s per route; Node ${process.version}\n`,
  );
  console.log('| route | req/s | p50 ms | p99 ms | of constant | errors |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${Math.round(r.rps).toLocaleString('en')} | ${r.p50} | ${r.p99} | ${((r.rps / constant) * 100).toFixed(0)}% | ${r.bad} |`,
    );
  console.log(
    `\nuncached story page (load + render, in-process): median ${times[25]?.toFixed(2)} ms, max ${times[49]?.toFixed(2)} ms`,
  );
  const story = rows.find((r) => r.name === 'story page');
  if (story) {
    const ok = story.p99 <= 25 && story.rps >= 0.3 * constant;
    console.log(
      `target (story page p99 ≤ 25 ms and ≥ 30% of constant): ${ok ? 'met' : 'NOT met'} — p99 ${story.p99} ms, ${((story.rps / constant) * 100).toFixed(0)}%`,
    );
  }
}

await main();
