import { createHash } from 'node:crypto';
import { computeHeat } from '../cluster/heat.js';
import { createClusterer, defaultTunables, pickTitle } from '../cluster/index.js';
import type { Assignment, ClusterPost, Merge, Move } from '../cluster/types.js';
import type { Clock, Log } from '../log.js';
import type { Store } from '../store/store.js';
import {
  applyClustering,
  listActiveStories,
  listPlacedLinks,
  listStoryIdsSince,
  listStoryMembers,
  listUnclusteredPostIds,
  loadClusterPosts,
  updateStorySummary,
} from '../store/stories.js';

export interface ClusterDeps {
  store: Store;
  clock: Clock;
  log: Log;
}

export interface ClusterRunOptions {
  /** Stories active within this window of a post are its candidates. */
  windowMs: number;
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
}

/** A story's id is derived from the post that started it: stable, and the same on every machine. */
export function storyIdFor(postId: string): string {
  return `s_${createHash('sha256').update(postId).digest('hex').slice(0, 16)}`;
}

/**
 * Places every post that is in no story yet, oldest first, continuing from the stories already
 * active in the window; history is never re-clustered (only posts placed within the clusterer's
 * settle time, 24 h by default, may still move to a better story). Running it again with nothing new changes
 * nothing. Afterwards refreshes the title, counts and heat of every story touched or still active.
 */
export async function clusterNewPosts(deps: ClusterDeps, options: ClusterRunOptions): Promise<ClusterReport> {
  const { store, clock, log } = deps;
  const batchSize = options.batchSize ?? 5_000;
  const report: ClusterReport = { posts: 0, newStories: 0, joined: 0, merges: 0, moves: 0, refreshed: 0 };
  const first = await listUnclusteredPostIds(store.db, { limit: 1 });
  const touched = new Set<string>();
  if (first[0]) {
    const clusterer = createClusterer(
      { windowMs: options.windowMs },
      { newStoryId: (post) => storyIdFor(post.id) },
    );
    const seeds = await listActiveStories(store.db, first[0].publishedAt - options.windowMs);
    const seedPosts = new Map(
      (
        await loadClusterPosts(
          store.db,
          seeds.flatMap((s) => s.postIds),
        )
      ).map((p) => [p.id, p]),
    );
    // Links placed within the dedup window, also in stories gone quiet since: the same link
    // joins the same story in this run as it would have in the run that placed it.
    const links = await listPlacedLinks(store.db, first[0].publishedAt - defaultTunables.dedupWindowMs);
    clusterer.seed(
      seeds.map((s) => ({ id: s.id, members: s.postIds.flatMap((id) => seedPosts.get(id) ?? []) })),
      links,
    );
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
      const changed = await store.db
        .transaction()
        .execute((trx) => applyClustering(trx, { assignments, merges, moves, posts: byId }, clock.now()));
      for (const id of changed) touched.add(id);
      for (const merge of merges) touched.delete(merge.from);
      report.posts += assignments.length;
      report.newStories += assignments.filter((a) => a.created).length;
      report.joined += assignments.filter((a) => !a.created).length;
      report.merges += merges.length;
      report.moves += moves.length;
      log.info({ posts: report.posts, newStories: report.newStories }, 'cluster batch stored');
    }
  }
  // Heat decays with time, so every story still in the window is refreshed, not only touched ones.
  const now = clock.now();
  for (const id of await listStoryIdsSince(store.db, now - options.windowMs)) touched.add(id);
  report.refreshed = await refreshStories(store, [...touched], now);
  return report;
}

/** Recomputes title, times, counts and heat of these stories from their members. */
export async function refreshStories(
  store: Store,
  storyIds: readonly string[],
  now: number,
): Promise<number> {
  const members = await listStoryMembers(store.db, storyIds);
  const byStory = new Map<string, typeof members>();
  for (const m of members) {
    const list = byStory.get(m.storyId) ?? [];
    list.push(m);
    byStory.set(m.storyId, list);
  }
  let refreshed = 0;
  for (const [id, list] of byStory) {
    const title = pickTitle(list.map((m) => ({ id: m.postId, title: m.title, publishedAt: m.publishedAt })));
    const representative = list.find((m) => m.title === title) ?? list[0];
    await updateStorySummary(
      store.db,
      id,
      {
        title,
        representativePostId: representative?.postId ?? null,
        firstSeen: Math.min(...list.map((m) => m.publishedAt)),
        lastSeen: Math.max(...list.map((m) => m.publishedAt)),
        postCount: list.length,
        communityCount: new Set(list.map((m) => m.community)).size,
        heat: computeHeat(list, now),
      },
      now,
    );
    refreshed++;
  }
  return refreshed;
}
