import { createHash } from 'node:crypto';
import { computeHeat } from '../cluster/heat.js';
import { createClusterer, defaultTunables, pickRepresentative } from '../cluster/index.js';
import type { Assignment, Clusterer, ClusterPost, Merge, Move, StorySeed } from '../cluster/types.js';
import { errorMessage } from '../errors.js';
import type { Clock, Log } from '../log.js';
import type { Db, Store } from '../store/store.js';
import {
  applyClustering,
  clusteringMark,
  listActiveStories,
  listPlacedSince,
  listStoryIdsSince,
  listStoryMembers,
  listUnclusteredPostIds,
  loadClusterPosts,
  type StoryMember,
  type StoryRow,
  updateStorySummaries,
} from '../store/stories.js';
import { type HeldLease, takeLease } from './lease.js';

export interface ClusterDeps {
  store: Store;
  clock: Clock;
  log: Log;
}

export interface ClusterRunOptions {
  /** Stories active within this window of a post are its candidates. */
  windowMs: number;
  /**
   * A post further than this from the start of a story needs a closer match (the clusterer's
   * `eventSpanMs`; default 24 h).
   */
  eventSpanMs?: number;
  /** Posts loaded and written per transaction. */
  batchSize?: number;
}

export interface ClusterReport {
  posts: number;
  newStories: number;
  joined: number;
  merges: number;
  /** Posts placed earlier (this run or, within the settle time, a previous one) that changed story. */
  moves: number;
  refreshed: number;
  /**
   * Null when this run placed the posts; otherwise why it did nothing: another process holds the
   * clustering lease ("another process is placing posts: host:123:ab12cd34, until …").
   */
  skipped: string | null;
}

/** The lease that lets one process at a time place posts (`pipeline/lease.ts`). */
export const CLUSTER_LEASE = 'cluster';
/**
 * How long the lease lasts unless renewed; it is renewed with every batch stored. A holder killed
 * on this machine loses it at once (its process is gone); one on another machine after this.
 */
const LEASE_TTL_MS = 5 * 60_000;

/** A story's id is derived from the post that started it: stable, and the same on every machine. */
export function storyIdFor(postId: string): string {
  return `s_${createHash('sha256').update(postId).digest('hex').slice(0, 16)}`;
}

/**
 * A clusterer kept from one pass of the main job to the next (`roundup run`): each pass places
 * its new posts where the last one stopped, as one long run would, instead of rebuilding the
 * clusterer from the store. Rebuilt when stories changed under it (another process clustered) or
 * a pass failed before storing everything it decided.
 */
export interface ClusterSession {
  resident: { clusterer: Clusterer; windowMs: number; eventSpanMs: number | undefined; mark: string } | null;
}

export function createClusterSession(): ClusterSession {
  return { resident: null };
}

/** How far back a clusterer running all along would still remember a post: its idf and link horizons. */
const HISTORY_MS = Math.max(defaultTunables.idfHorizonMs, defaultTunables.dedupWindowMs);

/** Publication order, ties by id: the order posts are placed in. */
function placedBefore(
  a: { publishedAt: number; id: string },
  b: { publishedAt: number; id: string },
): boolean {
  return a.publishedAt < b.publishedAt || (a.publishedAt === b.publishedAt && a.id <= b.id);
}

/**
 * A clusterer that continues from the store at `from` (the first post to place) as if it had run
 * all along: the stories active in the window are rebuilt, and the other posts placed within the
 * idf and dedup horizons are counted (their texts in the idf corpus, their links), a batch at a
 * time in publication order.
 */
async function resumeClusterer(
  { store, log }: Pick<ClusterDeps, 'store' | 'log'>,
  options: ClusterRunOptions,
  from: number,
  batchSize: number,
) {
  const clusterer = createClusterer(
    {
      windowMs: options.windowMs,
      ...(options.eventSpanMs === undefined ? {} : { eventSpanMs: options.eventSpanMs }),
    },
    { newStoryId: (post) => storyIdFor(post.id) },
  );
  const storyOf = new Map<string, string>();
  for (const seed of await listActiveStories(store.db, from - options.windowMs)) {
    for (const id of seed.postIds) storyOf.set(id, seed.id);
  }
  const members = (await loadClusterPosts(store.db, [...storyOf.keys()])).sort((a, b) =>
    placedBefore(a, b) ? -1 : 1,
  );
  const history = (await listPlacedSince(store.db, from - HISTORY_MS)).filter((p) => !storyOf.has(p.postId));
  const seedsOf = (posts: readonly ClusterPost[]): StorySeed[] => {
    const byStory = new Map<string, ClusterPost[]>();
    for (const post of posts) {
      const id = storyOf.get(post.id) as string;
      const list = byStory.get(id);
      if (list) list.push(post);
      else byStory.set(id, [post]);
    }
    return [...byStory].map(([id, list]) => ({ id, members: list }));
  };
  let seeded = 0;
  for (let i = 0; i < history.length; i += batchSize) {
    const batch = history.slice(i, i + batchSize);
    const last = batch[batch.length - 1] as { postId: string; publishedAt: number };
    const placedIn = new Map(batch.map((p) => [p.postId, p.storyId]));
    const posts = await loadClusterPosts(
      store.db,
      batch.map((p) => p.postId),
    );
    let upTo = seeded;
    while (upTo < members.length && placedBefore(members[upTo] as ClusterPost, { ...last, id: last.postId }))
      upTo++;
    clusterer.seed(
      seedsOf(members.slice(seeded, upTo)),
      posts.map((post) => ({ post, storyId: placedIn.get(post.id) as string })),
    );
    seeded = upTo;
  }
  clusterer.seed(seedsOf(members.slice(seeded)));
  log.info(
    { activePosts: members.length, historyPosts: history.length },
    'clusterer resumed from the stories in the window and the posts of the idf and dedup horizons',
  );
  return clusterer;
}

/**
 * Places every post that is in no story yet, oldest first, continuing from the stories already
 * active in the window and the posts placed within the idf and dedup horizons (14 days), so that
 * clustering in many runs decides as one run would; history is never re-clustered (only posts
 * placed within the clusterer's settle time, 24 h by default, may still move to a better story).
 * Running it again with nothing new changes nothing. With a `session`, the clusterer of the last
 * run is used again when nothing changed since. Afterwards refreshes the title, counts and heat of
 * every story touched or still active. Holds the `cluster` lease meanwhile: when another process
 * holds it, does nothing and says why (`skipped`).
 */
export async function clusterNewPosts(
  deps: ClusterDeps,
  options: ClusterRunOptions,
  session?: ClusterSession,
): Promise<ClusterReport> {
  const { store, clock, log } = deps;
  const report: ClusterReport = {
    posts: 0,
    newStories: 0,
    joined: 0,
    merges: 0,
    moves: 0,
    refreshed: 0,
    skipped: null,
  };
  // Two processes placing the same posts at once would each decide from what the other had not
  // stored yet, and their stories would mix: one at a time.
  const taken = await takeLease(store.db, { name: CLUSTER_LEASE, clock, ttlMs: LEASE_TTL_MS });
  if ('busy' in taken) {
    report.skipped = `another process is placing posts: ${taken.busy.holder}, until ${new Date(taken.busy.expiresAt).toISOString()}`;
    log.info({ holder: taken.busy.holder, until: taken.busy.expiresAt }, 'clustering skipped: lease held');
    return report;
  }
  try {
    await placeNewPosts(deps, options, taken.lease, report, session);
    return report;
  } finally {
    await taken.lease.release().catch((error: unknown) => {
      // Not given up, it expires by itself; a failure of the run itself is the one to report.
      log.warn({ err: errorMessage(error) }, 'cluster lease not released');
    });
  }
}

async function placeNewPosts(
  deps: ClusterDeps,
  options: ClusterRunOptions,
  lease: HeldLease,
  report: ClusterReport,
  session: ClusterSession | undefined,
): Promise<void> {
  const { store, clock, log } = deps;
  const batchSize = options.batchSize ?? 5_000;
  const first = await listUnclusteredPostIds(store.db, { limit: 1 });
  const touched = new Set<string>();
  if (first[0]) {
    const resident = session?.resident;
    const reuse =
      resident &&
      resident.windowMs === options.windowMs &&
      resident.eventSpanMs === options.eventSpanMs &&
      resident.mark === (await clusteringMark(store.db));
    // Until this run has stored all it decided, no later run may continue from its clusterer.
    if (session) session.resident = null;
    const clusterer = reuse
      ? resident.clusterer
      : await resumeClusterer(deps, options, first[0].publishedAt, batchSize);
    let after: { publishedAt: number; id: string } | undefined;
    for (;;) {
      const ids = await listUnclusteredPostIds(store.db, { limit: batchSize, ...(after ? { after } : {}) });
      const last = ids[ids.length - 1];
      if (!last) break;
      after = last;
      const posts = await loadClusterPosts(
        store.db,
        ids.map((p) => p.id),
      );
      const assignments: Assignment[] = posts.map((post) => clusterer.add(post));
      const moves: Move[] = clusterer.drainMoves();
      const merges: Merge[] = clusterer.drainMerges();
      const byId = new Map<string, ClusterPost>(posts.map((p) => [p.id, p]));
      // Renewed in the batch's transaction: if the lease was lost (expired and taken), the batch
      // is not stored, and this run stops.
      const changed = await store.db.transaction().execute(async (trx) => {
        await lease.renew(trx);
        return applyClustering(trx, { assignments, merges, moves, posts: byId }, clock.now());
      });
      for (const id of changed) touched.add(id);
      for (const merge of merges) touched.delete(merge.from);
      report.posts += assignments.length;
      report.newStories += assignments.filter((a) => a.created).length;
      report.joined += assignments.filter((a) => !a.created).length;
      report.merges += merges.length;
      report.moves += moves.length;
      log.info({ posts: report.posts, newStories: report.newStories }, 'cluster batch stored');
    }
    if (session)
      session.resident = {
        clusterer,
        windowMs: options.windowMs,
        eventSpanMs: options.eventSpanMs,
        mark: await clusteringMark(store.db),
      };
  }
  // Heat decays with time, so every story still in the window is refreshed, not only touched ones.
  const now = clock.now();
  for (const id of await listStoryIdsSince(store.db, now - options.windowMs)) touched.add(id);
  report.refreshed = await refreshStories(store, [...touched], now, (trx) => lease.renew(trx));
}

/**
 * Recomputes title, times, counts and heat of these stories from their members. `eachChunk` runs
 * first in each chunk's transaction (the clustering run renews its lease there).
 */
export async function refreshStories(
  store: Store,
  storyIds: readonly string[],
  now: number,
  eachChunk?: (trx: Db) => Promise<void>,
): Promise<number> {
  const members = await listStoryMembers(store.db, storyIds);
  const byStory = new Map<string, typeof members>();
  for (const m of members) {
    const list = byStory.get(m.storyId) ?? [];
    list.push(m);
    byStory.set(m.storyId, list);
  }
  const stories = [...byStory];
  // A transaction per few hundred stories: one commit each instead of one per story.
  for (let i = 0; i < stories.length; i += REFRESH_CHUNK) {
    await store.db.transaction().execute(async (trx) => {
      await eachChunk?.(trx);
      const summaries = stories
        .slice(i, i + REFRESH_CHUNK)
        .map(([id, list]) => ({ id, summary: summarizeStory(list, now) }));
      await updateStorySummaries(trx, summaries, now);
    });
  }
  return stories.length;
}

/** Stories refreshed per transaction. */
const REFRESH_CHUNK = 500;

/** A story's title, representative post, times, counts and heat, from its members (at least one). */
export function summarizeStory(
  list: readonly StoryMember[],
  now: number,
): Omit<StoryRow, 'id' | 'mergedInto'> {
  const representative =
    list[pickRepresentative(list.map((m) => ({ id: m.postId, title: m.title, publishedAt: m.publishedAt })))];
  // A loop, not Math.min(...): a spread of 130,000 arguments overflows the stack.
  let firstSeen = Number.POSITIVE_INFINITY;
  let lastSeen = Number.NEGATIVE_INFINITY;
  for (const m of list) {
    if (m.publishedAt < firstSeen) firstSeen = m.publishedAt;
    if (m.publishedAt > lastSeen) lastSeen = m.publishedAt;
  }
  return {
    title: representative?.title ?? '',
    representativePostId: representative?.postId ?? null,
    firstSeen,
    lastSeen,
    postCount: list.length,
    communityCount: new Set(list.map((m) => m.community)).size,
    heat: computeHeat(list, now),
  };
}
