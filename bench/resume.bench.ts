/**
 * What continuing clustering costs per run, on a SQLite store of generated posts.
 *
 *   npx tsx bench/resume.bench.ts [--per-day N] [--brief]   (default 3,000 posts a day for 20 days)
 *
 * Stores N posts a day for 20 days (titles of 9 words, texts of 120, about two in five words
 * function words as in English; each post its own link), clusters them in one run, then, three
 * times, stores 50 new posts and clusters them: once with a fresh clusterer per run (`roundup
 * cluster`, which first resumes from the store: the stories active in the 72 h window and the
 * other posts placed within the 14-day idf and dedup horizons) and once with the clusterer kept
 * between runs (`roundup run`'s passes, `ClusterSession`). Baseline, in the same process:
 * reading the posts a resume reads (`loadClusterPosts`), without clustering them. Prints seconds
 * per run and peak RSS. Not a timed test: figures for the README.
 *
 * `--brief` adds the main job's write stage (`briefChangedStories` over the stories active in the
 * window): the first pass writes every story; then a pass with nothing new, and one after 50 new
 * posts, which write only the stories whose inputs changed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSilentLog } from '../src/log.js';
import type { Post } from '../src/model.js';
import { briefChangedStories } from '../src/pipeline/brief.js';
import { clusterNewPosts, createClusterSession } from '../src/pipeline/cluster.js';
import { createStore, upsertPosts } from '../src/store/index.js';
import { listPlacedSince, loadClusterPosts } from '../src/store/stories.js';
import { makePost } from '../src/test-support/make.js';
import { countFlag } from './lib/args.js';
import { createRandom, proseWords, syllableWords } from './lib/generate.js';

const args = process.argv.slice(2);
const PER_DAY = countFlag(args, 'per-day', 3_000);

const BRIEF = args.includes('--brief');
const DAYS = 20;
const DAY_MS = 86_400_000;
const WINDOW_MS = 72 * 3_600_000;
const START = Date.UTC(2026, 0, 1);
const END = START + DAYS * DAY_MS;

const random = createRandom(20261206);
const { words } = proseWords(
  random,
  syllableWords(['ka', 'lo', 'mi', 'ne', 'su', 'ta', 'ri', 'po', 'va', 'de', 'gu', 'zo'], 20_000),
);

function newPost(id: string, publishedAt: number): Post {
  return makePost({
    id,
    kind: 'feed',
    community: `feed ${Math.floor(random() * 5)}`,
    title: words(9),
    text: words(120),
    url: `https://news.example/${id}`,
    dedupKey: `news.example/${id}`,
    publishedAt,
  });
}

async function seconds(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

const dir = mkdtempSync(join(tmpdir(), 'roundup-resume-'));
try {
  const store = await createStore(join(dir, 'bench.db'));
  const history = Array.from({ length: PER_DAY * DAYS }, (_, i) =>
    newPost(`p${i}`, START + Math.floor((i / PER_DAY) * DAY_MS)),
  );
  await upsertPosts(store.db, history, END);
  const deps = { store, clock: { now: () => END }, log: createSilentLog() };
  const first = await seconds(() => clusterNewPosts(deps, { windowMs: WINDOW_MS }));
  console.log(
    `stored and clustered ${history.length} posts (${PER_DAY}/day for ${DAYS} days) in ${first.toFixed(1)} s`,
  );

  const reread = await seconds(async () => {
    const placed = await listPlacedSince(store.db, END - 14 * DAY_MS);
    for (let i = 0; i < placed.length; i += 5_000) {
      await loadClusterPosts(
        store.db,
        placed.slice(i, i + 5_000).map((p) => p.postId),
      );
    }
  });
  const session = createClusterSession();
  const fresh: number[] = [];
  const kept: number[] = [];
  let next = 0;
  // Fresh runs first, then kept ones: a run by another clusterer in between would make the kept
  // one rebuild (it cannot know what that run placed).
  for (const [list, use] of [
    [fresh, undefined],
    [kept, session],
  ] as const) {
    for (let round = 0; round < 3; round++) {
      const at = END + next * 60_000;
      const posts = Array.from({ length: 50 }, (_, i) => newPost(`n${next}-${i}`, at + i));
      next++;
      await upsertPosts(store.db, posts, at);
      list.push(await seconds(() => clusterNewPosts(deps, { windowMs: WINDOW_MS }, use)));
    }
  }
  const show = (values: readonly number[]) => values.map((s) => s.toFixed(2)).join(', ');
  console.log('');
  console.log('| case | seconds per run (three runs) |');
  console.log('|---|---|');
  console.log(`| baseline: read the posts of the last 14 days from the store | ${reread.toFixed(2)} |`);
  console.log(`| 50 new posts, fresh clusterer resumed from the store (roundup cluster) | ${show(fresh)} |`);
  console.log(`| 50 new posts, clusterer kept from the last run (roundup run's passes) | ${show(kept)} |`);
  if (BRIEF) {
    const since = END - WINDOW_MS;
    const passes: string[] = [];
    for (const label of ['first pass', 'nothing new', '50 new posts']) {
      if (label === '50 new posts') {
        const at = END + next++ * 60_000;
        await upsertPosts(
          store.db,
          Array.from({ length: 50 }, (_, i) => newPost(`b${i}`, at + i)),
          at,
        );
        await clusterNewPosts(deps, { windowMs: WINDOW_MS }, session);
      }
      let written = { stories: 0, created: 0, failed: 0 };
      const took = await seconds(async () => {
        written = await briefChangedStories(deps, since);
      });
      passes.push(`${label}: ${written.stories} stories written, ${took.toFixed(2)} s`);
    }
    console.log(`| write stage (briefChangedStories), stories active in the window | ${passes.join('; ')} |`);
  }
  console.log('');
  console.log(
    `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; the first kept run builds the clusterer as a fresh one does`,
  );
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
