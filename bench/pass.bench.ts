/**
 * What one pass of the main job (`roundup run`) costs on a big store, stage by stage: the usual
 * pass, with nothing new, and one after 50 new posts.
 *
 *   npx tsx bench/pass.bench.ts [--posts N] [--store URL]   (default 1,000,000 posts, SQLite)
 *
 * Builds the store through its own writers where they write in bulk (`writeBatch`,
 * `applyClustering`, `refreshStories`, `setBriefedInputs`, `ensureSource`), with plain inserts
 * where they write one story at a time (facts, briefings, search rows): N posts over 60 days, one
 * in ten with 20 comments; a linked article for 30% of them, a failed fetch for 5%; about 70% of
 * the posts start a story and the others join one started within the 2,000 posts before them;
 * 2% of the new stories are merged into such a story; facts and entities for 40% of the live
 * stories, a briefing for each (a second version for 20%). The stories of the 72 h window are
 * left as the main job leaves them: refreshed, briefed, indexed (full-text rows only for them:
 * see `describeStories`).
 *
 * Then passes a minute apart, with one clusterer kept between them (`createClusterSession`; the
 * first pass, after 50 new posts, builds it and is not timed), each stage as `roundup run` calls
 * it: place new posts and refresh the window's stories (`clusterNewPosts`), write the briefings
 * whose inputs changed (`briefChangedStories`, which extracts their facts first), bring search up
 * to date (`syncSearchIndex`), read the sources' schedule (`listSourceStates`). Three passes with
 * nothing new, then three after 50 new posts each (stored before the pass, untimed); the median
 * printed. Polling sources and fetching articles are left out: they wait on the network.
 * Baseline, in the same run: reading the members of the window's stories (`listStoryIdsSince`,
 * `listStoryMembers`), the least a pass reads to refresh them.
 * `--store postgres://…` runs it on PostgreSQL, in a schema of its own that it drops after.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Insertable, sql } from 'kysely';
import type { Assignment, ClusterPost, Merge } from '../src/cluster/types.js';
import { type Clock, createSilentLog, type Log } from '../src/log.js';
import type { Comment, Post } from '../src/model.js';
import { BRIEFING_CODE_VERSION, briefChangedStories } from '../src/pipeline/brief.js';
import {
  type ClusterSession,
  clusterNewPosts,
  createClusterSession,
  refreshStories,
} from '../src/pipeline/cluster.js';
import { createStore, type Store, writeBatch } from '../src/store/index.js';
import type {
  BriefingsTable,
  DocumentsTable,
  EntitiesTable,
  FactSourcesTable,
  FactsTable,
  SearchDocsTable,
  SearchStoriesTable,
} from '../src/store/schema.js';
import { syncSearchIndex } from '../src/store/search.js';
import { ensureSource, listSourceStates } from '../src/store/sources.js';
import { dropSchema } from '../src/store/store.js';
import {
  applyClustering,
  listStoryIdsSince,
  listStoryMembers,
  setBriefedInputs,
  storyInputs,
} from '../src/store/stories.js';
import { clusterPostOf } from '../src/test-support/make.js';
import { countFlag, storeFlag } from './lib/args.js';
import { createRandom, proseWords, syllableWords } from './lib/generate.js';

const args = process.argv.slice(2);
const POSTS = countFlag(args, 'posts', 1_000_000);
const STORE_URL = storeFlag(args);

const DAYS = 60;
const DAY_MS = 86_400_000;
const WINDOW_MS = 72 * 3_600_000;
const START = Date.UTC(2026, 0, 1);
const END = START + DAYS * DAY_MS;
/** When the store is left as the main job would leave it, a minute after the last post. */
const BUILT_AT = END + 60_000;
const PASS_EVERY_MS = 60_000;
const NEW_POSTS = 50;
const RUNS = 3;
/** Posts written per transaction while building. */
const WRITE_CHUNK = 5_000;
/** Stories given facts, briefings and search rows at a time. */
const STORY_PAGE = 20_000;
/** Rows per insert: 400 rows of 13 columns stay far below PostgreSQL's 65,535 parameters. */
const INSERT_ROWS = 400;
/** A post joins a story started by one of this many posts before it (a few hours of news). */
const JOIN_REACH = 2_000;

const random = createRandom(20260101);
const { word, words } = proseWords(
  random,
  syllableWords(['ka', 'lo', 'mi', 'ne', 'su', 'ta', 'ri', 'po', 'va', 'de', 'gu', 'zo'], 20_000),
);

function makeNewsPost(post: { id: string; site: string; publishedAt: number; withComments: boolean }): Post {
  return {
    id: post.id,
    kind: 'hn',
    community: `community ${Math.floor(random() * 20)}`,
    title: words(9),
    text: words(30),
    html: null,
    url: `https://${post.site}/${post.id}`,
    dedupKey: `${post.site}/${post.id}`,
    permalink: `https://news.ycombinator.com/item?id=${post.id}`,
    author: `user${Math.floor(random() * 50_000)}`,
    score: Math.floor(random() * 300),
    commentCount: post.withComments ? 20 : 0,
    publishedAt: post.publishedAt,
    deleted: false,
  };
}

/** 20 comments: ten answering the post, each answered once. */
function makeThread(post: Post): Comment[] {
  return Array.from({ length: 20 }, (_, k) => ({
    id: `${post.id}:c${k}`,
    postId: post.id,
    parentId: k < 10 ? null : `${post.id}:c${k - 10}`,
    author: `user${Math.floor(random() * 50_000)}`,
    text: words(12),
    score: Math.floor(random() * 50),
    publishedAt: post.publishedAt + (k + 1) * 60_000,
    depth: k < 10 ? 0 : 1,
    deleted: false,
  }));
}

function makeDocument(post: Post, site: string, ok: boolean): Insertable<DocumentsTable> {
  return {
    dedup_key: post.dedupKey as string,
    url: post.url as string,
    canonical_url: null,
    title: ok ? post.title : null,
    byline: null,
    site: ok ? site : null,
    text: ok ? words(50) : '',
    html: null,
    status: ok ? 'ok' : 'error',
    error: ok ? null : 'status 503',
    fetched_at: post.publishedAt + 60_000,
    canonical_key: null,
    post_id: post.id,
  };
}

function* chunksOf<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += INSERT_ROWS) yield rows.slice(i, i + INSERT_ROWS);
}

/** Posts, comments, documents and stories, a transaction per chunk; returns how many stories were merged. */
async function storePosts(store: Store): Promise<number> {
  // The post that started each post's (surviving) story: story `s_<i>` was started by post i.
  const storyStart = new Int32Array(POSTS);
  let merged = 0;
  for (let from = 0; from < POSTS; from += WRITE_CHUNK) {
    const posts: Post[] = [];
    const comments: Comment[] = [];
    const documents: Array<Insertable<DocumentsTable>> = [];
    const assignments: Assignment[] = [];
    const merges: Merge[] = [];
    const clusterPosts = new Map<string, ClusterPost>();
    for (let i = from; i < Math.min(POSTS, from + WRITE_CHUNK); i++) {
      const site = `news${i % 50}.example`;
      const post = makeNewsPost({
        id: `hn:${i}`,
        site,
        publishedAt: START + Math.floor((i * DAYS * DAY_MS) / POSTS),
        withComments: i % 10 === 0,
      });
      posts.push(post);
      if (i % 10 === 0) comments.push(...makeThread(post));
      if (i % 20 < 6) documents.push(makeDocument(post, site, true));
      else if (i % 20 === 6) documents.push(makeDocument(post, site, false));
      clusterPosts.set(post.id, clusterPostOf(post));
      const earlier = Math.max(0, i - 1 - Math.floor(random() * JOIN_REACH));
      if (i > 0 && random() < 0.3) {
        storyStart[i] = storyStart[earlier] as number;
        assignments.push({
          postId: post.id,
          storyId: `s_${storyStart[i]}`,
          created: false,
          similarity: 0.5,
          reason: 'joined',
        });
        continue;
      }
      storyStart[i] = i;
      assignments.push({
        postId: post.id,
        storyId: `s_${i}`,
        created: true,
        similarity: 0,
        reason: 'new story',
      });
      if (i > 0 && random() < 0.02) {
        // Merged in the same batch: its post moves to the survivor, where later posts join too.
        storyStart[i] = storyStart[earlier] as number;
        merges.push({ from: `s_${i}`, into: `s_${storyStart[i]}`, similarity: 0.5, reason: 'merged' });
      }
    }
    const last = posts[posts.length - 1] as Post;
    await writeBatch(store, { posts, comments }, last.publishedAt);
    for (const rows of chunksOf(documents)) await store.db.insertInto('documents').values(rows).execute();
    await store.db
      .transaction()
      .execute((trx) => applyClustering(trx, { assignments, merges, posts: clusterPosts }, last.publishedAt));
    merged += merges.length;
  }
  return merged;
}

/**
 * Every story's title, times and counts from its members in one statement (refreshStories writes
 * them a story at a time); the heat as long decayed. The window's stories are refreshed after.
 */
async function summarizeStories(store: Store): Promise<void> {
  await sql`UPDATE stories SET post_count = c.n, first_seen = c.f, last_seen = c.l,
      community_count = c.cc, heat = 0.001 * c.n
    FROM (SELECT sp.story_id AS sid, COUNT(*) AS n, MIN(p.published_at) AS f, MAX(p.published_at) AS l,
        COUNT(DISTINCT p.community) AS cc
      FROM story_posts sp JOIN posts p ON p.id = sp.post_id GROUP BY sp.story_id) c
    WHERE stories.id = c.sid`.execute(store.db);
  await store.db
    .updateTable('stories')
    .set({ extract_hash: sql<string>`'x' || id` })
    .where('merged_into', 'is', null)
    .execute();
}

/**
 * Facts, entities and briefings of every live story, and what its search rows were built from
 * (`search_stories`). The search rows themselves, as `indexStory` builds them, only for the
 * stories of the window: a pass re-indexes no other (clustering and briefing change only those),
 * and full-text indexing every story would take longer than all the rest of the building.
 */
async function describeStories(store: Store, windowSince: number): Promise<void> {
  let after = '';
  for (;;) {
    const page = await store.db
      .selectFrom('stories')
      .select([
        'id',
        'title',
        'representative_post_id',
        'first_seen',
        'last_seen',
        'post_count',
        'extract_hash',
      ])
      .where('merged_into', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(STORY_PAGE)
      .execute();
    const last = page[page.length - 1];
    if (!last) break;
    after = last.id;
    const facts: Array<Insertable<FactsTable>> = [];
    const spans: Array<Insertable<FactSourcesTable>> = [];
    const entities: Array<Insertable<EntitiesTable>> = [];
    const briefings: Array<Insertable<BriefingsTable>> = [];
    const docs: Array<Insertable<SearchDocsTable>> = [];
    const indexed: Array<Insertable<SearchStoriesTable>> = [];
    for (const story of page) {
      const firstSeen = Number(story.first_seen);
      const inWindow = Number(story.last_seen) >= windowSince;
      if (random() < 0.4) {
        for (let rank = 0; rank < 3; rank++) {
          const id = `${story.id}:f${rank}`;
          const text = words(12);
          facts.push({
            id,
            story_id: story.id,
            rank,
            kind: 'number',
            value: '{"n":1}',
            text,
            communities: 1,
            conflict: 0,
            speaker: null,
            first_reported_at: firstSeen,
          });
          spans.push({
            fact_id: id,
            source_id: story.representative_post_id ?? '',
            span_start: 0,
            span_end: 40,
          });
          if (inWindow)
            docs.push({
              key: `fact:${id}`,
              kind: 'fact',
              story_id: story.id,
              ref_id: id,
              title: text,
              body: 'number\n',
              at: firstSeen,
            });
        }
        for (let e = 0; e < 2; e++)
          entities.push({
            story_id: story.id,
            name: `${word()} ${e}`,
            kind: 'org',
            aliases: '[]',
            role: null,
            evidence: '[]',
            mentions: 2,
          });
      }
      const versions = random() < 0.2 ? 2 : 1;
      let headline = '';
      let prose = '';
      for (let version = 1; version <= versions; version++) {
        headline = words(9);
        prose = words(30);
        briefings.push({
          story_id: story.id,
          version,
          content_hash: `${story.id}:${version}`,
          headline,
          grounded: 1,
          body: JSON.stringify({ headline, sections: [{ sentences: [{ text: prose }] }] }),
          created_at: firstSeen + version * 60_000,
        });
      }
      if (inWindow)
        docs.push({
          key: `story:${story.id}`,
          kind: 'story',
          story_id: story.id,
          ref_id: story.id,
          title: headline,
          body: `${story.title}\n${prose}`,
          at: Number(story.last_seen),
        });
      indexed.push({
        story_id: story.id,
        title: story.title,
        post_count: story.post_count,
        extract_hash: story.extract_hash,
        briefing_version: versions,
        indexed_at: BUILT_AT,
      });
    }
    for (const rows of chunksOf(facts)) await store.db.insertInto('facts').values(rows).execute();
    for (const rows of chunksOf(spans)) await store.db.insertInto('fact_sources').values(rows).execute();
    for (const rows of chunksOf(entities)) await store.db.insertInto('entities').values(rows).execute();
    for (const rows of chunksOf(briefings)) await store.db.insertInto('briefings').values(rows).execute();
    for (const rows of chunksOf(docs)) await store.db.insertInto('search_docs').values(rows).execute();
    for (const rows of chunksOf(indexed)) await store.db.insertInto('search_stories').values(rows).execute();
  }
  // The posts' search rows, as indexStory writes them: title; text, community and author.
  await store.db
    .insertInto('search_docs')
    .columns(['key', 'kind', 'story_id', 'ref_id', 'title', 'body', 'at'])
    .expression((eb) =>
      eb
        .selectFrom('story_posts')
        .innerJoin('posts', 'posts.id', 'story_posts.post_id')
        .innerJoin('stories', 'stories.id', 'story_posts.story_id')
        .select([
          sql<string>`'post:' || posts.id`.as('key'),
          sql<string>`'post'`.as('kind'),
          'story_posts.story_id',
          'posts.id',
          'posts.title',
          sql<string>`posts.text || ${'\n'} || posts.community || ${'\n'} || COALESCE(posts.author, '')`.as(
            'body',
          ),
          'posts.published_at',
        ])
        .where('posts.deleted', '=', 0)
        .where('stories.last_seen', '>=', windowSince)
        .where('stories.merged_into', 'is', null),
    )
    .execute();
}

/** The store as the main job leaves it after a pass at BUILT_AT; says how far it got meanwhile. */
async function buildStore(store: Store): Promise<{ merged: number; windowStories: number }> {
  const started = performance.now();
  const progress = (step: string) =>
    console.log(`building: ${step} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const merged = await storePosts(store);
  progress('posts, comments, documents and stories stored');
  await summarizeStories(store);
  const windowIds = await listStoryIdsSince(store.db, BUILT_AT - WINDOW_MS);
  await refreshStories(store, windowIds, BUILT_AT);
  const inputs = await storyInputs(store.db, windowIds, BRIEFING_CODE_VERSION);
  await store.db.transaction().execute(async (trx) => {
    for (const [id, value] of inputs) await setBriefedInputs(trx, id, value);
  });
  progress('stories summarized, the window refreshed and briefed');
  // After the refresh: the search rows carry the titles it chose.
  await describeStories(store, BUILT_AT - WINDOW_MS);
  // The rows just built are what every story holds: none lags behind.
  await store.db.updateTable('stories').set({ search_pending: 0 }).where('search_pending', '=', 1).execute();
  for (const id of ['hn-top', 'hn-new', 'hn-best'])
    await ensureSource(store.db, { id, kind: 'hn', url: null }, BUILT_AT);
  if (store.dialect === 'postgres') await sql`VACUUM ANALYZE`.execute(store.db);
  progress('facts, briefings and search rows stored');
  return { merged, windowStories: windowIds.length };
}

async function countRows(store: Store, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(
    store.db,
  );
  return Number(rows[0]?.n ?? 0);
}

const count = (n: number) => n.toLocaleString('en-US');

async function secondsOf(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

interface PassDeps {
  store: Store;
  clock: Clock;
  log: Log;
}

/** A stage of runPass in src/cli/run.ts; `run` says what it did. */
interface Stage {
  label: string;
  run(deps: PassDeps, session: ClusterSession): Promise<string>;
}

const STAGES: Stage[] = [
  {
    label: 'place new posts, refresh the window (clusterNewPosts)',
    async run(deps, session) {
      const report = await clusterNewPosts(deps, { windowMs: WINDOW_MS }, session);
      return `${report.posts} placed, ${report.newStories} new stories, ${count(report.refreshed)} refreshed`;
    },
  },
  {
    label: 'write changed briefings (briefChangedStories)',
    async run(deps) {
      const briefed = await briefChangedStories(deps, deps.clock.now() - WINDOW_MS);
      return `${briefed.stories} stories written, ${briefed.created} new versions`;
    },
  },
  {
    label: 'bring search up to date (syncSearchIndex)',
    async run(deps) {
      const synced = await syncSearchIndex(deps.store.db, deps.clock.now());
      return `${synced.indexed} indexed, ${synced.removed} removed`;
    },
  },
  {
    label: "read the sources' schedule (listSourceStates)",
    async run(deps) {
      return `${(await listSourceStates(deps.store.db)).length} sources`;
    },
  },
];

interface PassTimes {
  /** In the order of STAGES. */
  stages: Array<{ label: string; seconds: number; did: string }>;
  wholeS: number;
}

async function runPass(deps: PassDeps, session: ClusterSession): Promise<PassTimes> {
  const stages: PassTimes['stages'] = [];
  const start = performance.now();
  for (const stage of STAGES) {
    let did = '';
    const seconds = await secondsOf(async () => {
      did = await stage.run(deps, session);
    });
    stages.push({ label: stage.label, seconds, did });
  }
  return { stages, wholeS: (performance.now() - start) / 1000 };
}

async function main(): Promise<void> {
  const dir = STORE_URL === null ? mkdtempSync(join(tmpdir(), 'roundup-bench-')) : null;
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const store = dir
    ? await createStore(join(dir, 'bench.db'))
    : await createStore(STORE_URL as string, { schema });
  try {
    const started = performance.now();
    const built = await buildStore(store);
    const buildS = (performance.now() - started) / 1000;
    const sizes: string[] = [];
    for (const table of ['posts', 'comments', 'documents', 'stories', 'facts', 'entities', 'briefings'])
      sizes.push(`${count(await countRows(store, table))} ${table}`);
    sizes.push(`${count(await countRows(store, 'search_docs'))} search rows`);
    console.log(
      `built on ${store.dialect} in ${buildS.toFixed(1)} s: ${sizes.join(', ')}; ${count(built.merged)} of the stories merged away, ${count(built.windowStories)} in the 72 h window`,
    );

    let now = BUILT_AT;
    const deps: PassDeps = { store, clock: { now: () => now }, log: createSilentLog() };
    const session = createClusterSession();
    let serial = 0;
    const storeNewPosts = async () => {
      const posts = Array.from({ length: NEW_POSTS }, (_, k) =>
        makeNewsPost({
          id: `hn:new${serial++}`,
          site: 'new.example',
          publishedAt: now - Math.floor(random() * 50_000),
          withComments: k % 10 === 0,
        }),
      );
      await writeBatch(
        store,
        { posts, comments: posts.filter((_, k) => k % 10 === 0).flatMap(makeThread) },
        now,
      );
    };

    // The first pass builds the kept clusterer from the store (as the main job's first pass does).
    now += PASS_EVERY_MS;
    await storeNewPosts();
    await runPass(deps, session);

    const baseline: number[] = [];
    let windowStories = 0;
    for (let run = 0; run < RUNS; run++) {
      baseline.push(
        await secondsOf(async () => {
          const ids = await listStoryIdsSince(store.db, now - WINDOW_MS);
          windowStories = ids.length;
          await listStoryMembers(store.db, ids);
        }),
      );
    }
    const rows: string[] = [
      `| baseline: read the members of the window's ${count(windowStories)} stories (listStoryIdsSince, listStoryMembers) | ${median(baseline).toFixed(3)} |`,
    ];
    for (const [name, before] of [
      ['nothing new', null],
      [`${NEW_POSTS} new posts`, storeNewPosts],
    ] as const) {
      const passes: PassTimes[] = [];
      for (let run = 0; run < RUNS; run++) {
        now += PASS_EVERY_MS;
        await before?.();
        passes.push(await runPass(deps, session));
      }
      const last = passes[passes.length - 1] as PassTimes;
      last.stages.forEach((stage, i) => {
        const seconds = median(passes.map((pass) => pass.stages[i]?.seconds ?? Number.NaN));
        rows.push(`| ${name}: ${stage.label}; last run ${stage.did} | ${seconds.toFixed(3)} |`);
      });
      rows.push(`| ${name}: whole pass | ${median(passes.map((pass) => pass.wholeS)).toFixed(3)} |`);
    }
    console.log(`\n| case | seconds (median of ${RUNS}) |\n|---|---|`);
    for (const row of rows) console.log(row);
    console.log(
      `\npeak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (building the store included)`,
    );
  } finally {
    await store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    else await dropSchema(STORE_URL as string, schema);
  }
}

await main();
