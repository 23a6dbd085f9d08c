/**
 * What finding the posts in no story yet costs on a big store. Every `roundup cluster` run and
 * every pass of the main job asks which posts to place; the main job also asks which of their
 * articles to fetch first.
 *
 *   npx tsx bench/unplaced.bench.ts [--posts N] [--store URL]   (default 1,000,000 posts, SQLite)
 *
 * Stores N posts, each with its own link, all placed in stories but the newest 100, through the
 * store's own writers (`upsertPosts`, `applyClustering`). Then, five times each, the median
 * printed, first with the newest 100 unplaced (a pass with new posts), then with every post
 * placed (a pass with nothing new, the usual one):
 * - `listUnclusteredPostIds` (a batch of 5,000) and `listPostsNeedingDocuments` of the unplaced
 *   posts (50), which walk the partial index posts_unplaced;
 * - baseline, in the same run: the same two questions as anti-joins against story_posts, as they
 *   were asked before posts carried their `placed` flag.
 * `--store postgres://…` runs it on PostgreSQL, in a schema of its own that it drops after.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Assignment } from '../src/cluster/types.js';
import { listPostsNeedingDocuments } from '../src/store/documents.js';
import { createStore, type Store, upsertPosts } from '../src/store/index.js';
import { dropSchema } from '../src/store/store.js';
import { applyClustering, listUnclusteredPostIds } from '../src/store/stories.js';
import { makePost } from '../src/test-support/make.js';
import { countFlag, storeFlag } from './lib/args.js';

const args = process.argv.slice(2);
const POSTS = countFlag(args, 'posts', 1_000_000, 101);
const STORE_URL = storeFlag(args);

const UNPLACED = 100;
const WRITE_CHUNK = 5_000;
const START = Date.UTC(2026, 0, 1);

async function fill(store: Store): Promise<void> {
  for (let from = 0; from < POSTS; from += WRITE_CHUNK) {
    const posts = [];
    for (let i = from; i < Math.min(POSTS, from + WRITE_CHUNK); i++) {
      posts.push(
        makePost({
          id: `hn:${i}`,
          title: `Post ${i}`,
          url: `https://example.com/${i}`,
          dedupKey: `example.com/${i}`,
          publishedAt: START + i * 1_000,
        }),
      );
    }
    await upsertPosts(store.db, posts, START);
    await placeEach(
      store,
      posts.filter((_, k) => from + k < POSTS - UNPLACED),
    );
  }
}

/** Places each post in a story of its own, through the store's writer. */
async function placeEach(store: Store, posts: ReadonlyArray<{ id: string }>): Promise<void> {
  const assignments: Assignment[] = posts.map((post) => ({
    postId: post.id,
    storyId: `s:${post.id}`,
    created: true,
    similarity: 0,
    reason: 'new story',
  }));
  await applyClustering(store.db, { assignments, merges: [], posts: new Map() }, START);
}

/** The anti-join the store asked before the placed flag: posts without a story_posts row. */
async function unclusteredByAntiJoin(store: Store): Promise<number> {
  const rows = await store.db
    .selectFrom('posts')
    .leftJoin('story_posts', 'story_posts.post_id', 'posts.id')
    .select(['posts.id', 'posts.published_at'])
    .where('story_posts.post_id', 'is', null)
    .where('posts.deleted', '=', 0)
    .orderBy('posts.published_at')
    .orderBy('posts.id')
    .limit(5_000)
    .execute();
  return rows.length;
}

/** The article look-up's old form: NOT EXISTS story_posts, then the same document checks. */
async function needingDocumentsByAntiJoin(store: Store): Promise<number> {
  const rows = await store.db
    .selectFrom('posts')
    .select('posts.id')
    .where('posts.url', 'is not', null)
    .where('posts.dedup_key', 'is not', null)
    .where('posts.deleted', '=', 0)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom('story_posts').select('post_id').whereRef('story_posts.post_id', '=', 'posts.id')),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('documents').select('dedup_key').whereRef('documents.dedup_key', '=', 'posts.dedup_key'),
        ),
      ),
    )
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id')
    .limit(50)
    .execute();
  return rows.length;
}

async function median(run: () => Promise<number>): Promise<{ ms: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    rows = await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[2] as number, rows };
}

async function timeCases(store: Store, state: string): Promise<void> {
  const cases: Array<[string, () => Promise<number>]> = [
    [
      'listUnclusteredPostIds (posts.placed, partial index)',
      async () => (await listUnclusteredPostIds(store.db, { limit: 5_000 })).length,
    ],
    ['baseline: the same as an anti-join against story_posts', () => unclusteredByAntiJoin(store)],
    [
      'listPostsNeedingDocuments, unplaced only (partial index)',
      async () =>
        (await listPostsNeedingDocuments(store.db, { limit: 50, now: START, unplacedOnly: true })).length,
    ],
    ['baseline: the same with NOT EXISTS story_posts', () => needingDocumentsByAntiJoin(store)],
  ];
  console.log(`\n${state}\n\n| question | rows | median of 5 (ms) |\n|---|---|---|`);
  for (const [name, run] of cases) {
    const { ms, rows } = await median(run);
    console.log(`| ${name} | ${rows} | ${ms.toFixed(1)} |`);
  }
}

async function main(): Promise<void> {
  const dir = STORE_URL === null ? mkdtempSync(join(tmpdir(), 'roundup-bench-')) : null;
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const store = dir
    ? await createStore(join(dir, 'bench.db'))
    : await createStore(STORE_URL as string, { schema });
  try {
    const started = performance.now();
    await fill(store);
    if (store.dialect === 'postgres') await sql`ANALYZE`.execute(store.db);
    console.log(
      `stored ${POSTS.toLocaleString('en-US')} posts (${UNPLACED} in no story) on ${store.dialect} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    await timeCases(store, `${UNPLACED} newest posts in no story (a pass with new posts)`);
    await placeEach(store, await listUnclusteredPostIds(store.db, { limit: UNPLACED }));
    await timeCases(store, 'every post placed (a pass with nothing new)');
  } finally {
    await store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    else await dropSchema(STORE_URL as string, schema);
  }
}

await main();
