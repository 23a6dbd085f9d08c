import { type Selectable, sql } from 'kysely';
import type { Assignment, ClusterPost, Merge, Move } from '../cluster/types.js';
import type { StoriesTable } from './schema.js';
import type { Db } from './store.js';

const CHUNK = 400;
/** How much comment text represents a post in clustering: its best comments, up to this length. */
const COMMENT_SAMPLE_CHARS = 4_000;
const COMMENT_SAMPLE_COUNT = 30;

export interface StoryRow {
  id: string;
  title: string;
  representativePostId: string | null;
  firstSeen: number;
  lastSeen: number;
  postCount: number;
  communityCount: number;
  heat: number;
  mergedInto: string | null;
}

/** The columns a `StoryRow` is made of. */
const STORY_ROW_COLUMNS = [
  'id',
  'title',
  'representative_post_id',
  'first_seen',
  'last_seen',
  'post_count',
  'community_count',
  'heat',
  'merged_into',
] as const;

function fromRow(row: Pick<Selectable<StoriesTable>, (typeof STORY_ROW_COLUMNS)[number]>): StoryRow {
  return {
    id: row.id,
    title: row.title,
    representativePostId: row.representative_post_id,
    firstSeen: Number(row.first_seen),
    lastSeen: Number(row.last_seen),
    postCount: row.post_count,
    communityCount: row.community_count,
    heat: Number(row.heat),
    mergedInto: row.merged_into,
  };
}

/** Posts not in any story yet, oldest first (deleted posts carry no text and are left out). */
export async function listUnclusteredPostIds(
  db: Db,
  options: { limit: number; after?: { publishedAt: number; id: string } },
) {
  // Walks the partial index posts_unplaced in its order. Literal zeros, not parameters: a plan
  // made once for any value (a reused prepared statement) cannot use an index WHERE placed = 0.
  let query = db
    .selectFrom('posts')
    .select(['posts.id', 'posts.published_at'])
    .where('posts.placed', '=', sql.lit(0))
    .where('posts.deleted', '=', sql.lit(0));
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('posts.published_at', '>', after.publishedAt),
        eb.and([eb('posts.published_at', '=', after.publishedAt), eb('posts.id', '>', after.id)]),
      ]),
    );
  }
  const rows = await query.orderBy('posts.published_at').orderBy('posts.id').limit(options.limit).execute();
  return rows.map((r) => ({ id: r.id, publishedAt: Number(r.published_at) }));
}

/**
 * Everything clustering knows of these posts: title, text, the linked document (by the post's
 * dedup key) and a sample of the best comments. The dedup key offered is the document's
 * canonical key when it has one (rel=canonical on the same site), else the post's own.
 */
export async function loadClusterPosts(db: Db, postIds: readonly string[]): Promise<ClusterPost[]> {
  const out = new Map<string, ClusterPost>();
  for (let i = 0; i < postIds.length; i += CHUNK) {
    const chunk = postIds.slice(i, i + CHUNK);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('posts')
      .leftJoin('documents', (join) =>
        join.onRef('documents.dedup_key', '=', 'posts.dedup_key').on('documents.status', '=', 'ok'),
      )
      .select([
        'posts.id',
        'posts.community',
        'posts.published_at',
        'posts.title',
        'posts.text',
        'posts.dedup_key',
        'documents.title as document_title',
        'documents.text as document_text',
        'documents.canonical_key',
      ])
      .where('posts.id', 'in', chunk)
      .execute();
    const comments = await db
      .selectFrom('comments')
      .select(['post_id', 'text', 'score'])
      .where('post_id', 'in', chunk)
      .where('deleted', '=', 0)
      .orderBy('post_id')
      .orderBy(sql`COALESCE(score, 0)`, 'desc')
      .orderBy('id')
      .execute();
    const samples = new Map<string, string[]>();
    for (const c of comments) {
      if (!c.post_id) continue;
      const list = samples.get(c.post_id) ?? [];
      if (list.length < COMMENT_SAMPLE_COUNT) list.push(c.text);
      samples.set(c.post_id, list);
    }
    for (const row of rows) {
      out.set(row.id, {
        id: row.id,
        community: row.community,
        publishedAt: Number(row.published_at),
        title: row.title,
        text: row.text,
        dedupKey: row.canonical_key ?? row.dedup_key,
        documentTitle: row.document_title ?? null,
        documentText: row.document_text ?? null,
        commentText: (samples.get(row.id) ?? []).join('\n').slice(0, COMMENT_SAMPLE_CHARS),
      });
    }
  }
  return postIds.flatMap((id) => {
    const post = out.get(id);
    return post ? [post] : [];
  });
}

/** Every post placed in a story and published at or after `since`, oldest first (ties by id), with its story. */
export async function listPlacedSince(
  db: Db,
  since: number,
): Promise<Array<{ postId: string; storyId: string; publishedAt: number }>> {
  const rows = await db
    .selectFrom('posts')
    .innerJoin('story_posts', 'story_posts.post_id', 'posts.id')
    .select(['posts.id', 'posts.published_at', 'story_posts.story_id'])
    .where('posts.published_at', '>=', since)
    .orderBy('posts.published_at')
    .orderBy('posts.id')
    .execute();
  return rows.map((row) => ({
    postId: row.id,
    storyId: row.story_id,
    publishedAt: Number(row.published_at),
  }));
}

/**
 * What tells whether stories changed since it was last read: posts placed and stories merged
 * (placing is the only way either changes, and neither goes back).
 */
export async function clusteringMark(db: Db): Promise<string> {
  const placed = await db
    .selectFrom('story_posts')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const merged = await db
    .selectFrom('stories')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('merged_into', 'is not', null)
    .executeTakeFirstOrThrow();
  return `${Number(placed.n)}/${Number(merged.n)}`;
}

/** Stories still open at `since` (not merged away), with their member post ids. */
export async function listActiveStories(
  db: Db,
  since: number,
): Promise<Array<{ id: string; postIds: string[] }>> {
  const rows = await db
    .selectFrom('stories')
    .innerJoin('story_posts', 'story_posts.story_id', 'stories.id')
    .select(['stories.id', 'story_posts.post_id'])
    .where('stories.last_seen', '>=', since)
    .where('stories.merged_into', 'is', null)
    .orderBy('stories.first_seen')
    .orderBy('stories.id')
    .orderBy('story_posts.post_id')
    .execute();
  const byStory = new Map<string, string[]>();
  for (const row of rows) {
    const list = byStory.get(row.id) ?? [];
    list.push(row.post_id);
    byStory.set(row.id, list);
  }
  return [...byStory].map(([id, postIds]) => ({ id, postIds }));
}

/**
 * Stores the clusterer's decisions in one transaction: new stories, memberships, moves (a post
 * changes story, with its new similarity and reason), then merges (members move to the
 * survivor; the absorbed story — and any that pointed to it — point to the survivor from now
 * on). Moves go before merges, as `Clusterer.drainMoves` says: a merge takes every post its
 * story holds by then. Returns the ids of stories whose summary must be refreshed.
 */
export async function applyClustering(
  db: Db,
  decisions: {
    assignments: readonly Assignment[];
    merges: readonly Merge[];
    moves?: readonly Move[];
    posts: ReadonlyMap<string, ClusterPost>;
  },
  now: number,
): Promise<Set<string>> {
  const touched = new Set<string>();
  const created = decisions.assignments.filter((a) => a.created);
  for (let i = 0; i < created.length; i += CHUNK) {
    await db
      .insertInto('stories')
      .values(
        created.slice(i, i + CHUNK).map((a) => {
          const post = decisions.posts.get(a.postId);
          return {
            id: a.storyId,
            title: post?.title ?? '',
            representative_post_id: a.postId,
            first_seen: post?.publishedAt ?? now,
            last_seen: post?.publishedAt ?? now,
            post_count: 0,
            community_count: 0,
            heat: 0,
            merged_into: null,
            created_at: now,
            extract_hash: null,
            updated_at: now,
            search_pending: 1,
          };
        }),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  for (let i = 0; i < decisions.assignments.length; i += CHUNK) {
    const chunk = decisions.assignments.slice(i, i + CHUNK);
    await db
      .insertInto('story_posts')
      .values(
        chunk.map((a) => ({
          post_id: a.postId,
          story_id: a.storyId,
          similarity: a.similarity,
          reason: a.reason,
          joined_at: now,
        })),
      )
      .onConflict((oc) => oc.column('post_id').doNothing())
      .execute();
    await db
      .updateTable('posts')
      .set({ placed: 1 })
      .where(
        'id',
        'in',
        chunk.map((a) => a.postId),
      )
      .execute();
    for (const a of chunk) touched.add(a.storyId);
  }
  for (const move of decisions.moves ?? []) {
    await db
      .updateTable('story_posts')
      .set({ story_id: move.to, similarity: move.similarity, reason: move.reason, joined_at: now })
      .where('post_id', '=', move.postId)
      .execute();
    touched.add(move.from);
    touched.add(move.to);
  }
  for (const merge of decisions.merges) {
    await db
      .updateTable('story_posts')
      .set({ story_id: merge.into })
      .where('story_id', '=', merge.from)
      .execute();
    await db
      .updateTable('stories')
      // Pending: the search rows of a story merged away are removed.
      .set({ merged_into: merge.into, updated_at: now, search_pending: 1 })
      .where((eb) => eb.or([eb('id', '=', merge.from), eb('merged_into', '=', merge.from)]))
      .execute();
    touched.delete(merge.from);
    touched.add(merge.into);
  }
  return touched;
}

export interface StoryMember {
  postId: string;
  storyId: string;
  similarity: number;
  reason: string;
  joinedAt: number;
  community: string;
  title: string;
  url: string | null;
  permalink: string | null;
  author: string | null;
  score: number | null;
  commentCount: number | null;
  publishedAt: number;
}

export async function listStoryMembers(db: Db, storyIds: readonly string[]): Promise<StoryMember[]> {
  const out: StoryMember[] = [];
  for (let i = 0; i < storyIds.length; i += CHUNK) {
    const chunk = storyIds.slice(i, i + CHUNK);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('story_posts')
      .innerJoin('posts', 'posts.id', 'story_posts.post_id')
      .select([
        'story_posts.post_id',
        'story_posts.story_id',
        'story_posts.similarity',
        'story_posts.reason',
        'story_posts.joined_at',
        'posts.community',
        'posts.title',
        'posts.url',
        'posts.permalink',
        'posts.author',
        'posts.score',
        'posts.comment_count',
        'posts.published_at',
      ])
      .where('story_posts.story_id', 'in', chunk)
      .orderBy('posts.published_at')
      .orderBy('posts.id')
      .execute();
    for (const r of rows) {
      out.push({
        postId: r.post_id,
        storyId: r.story_id,
        similarity: Number(r.similarity),
        reason: r.reason,
        joinedAt: Number(r.joined_at),
        community: r.community,
        title: r.title,
        url: r.url,
        permalink: r.permalink,
        author: r.author,
        score: r.score,
        commentCount: r.comment_count,
        publishedAt: Number(r.published_at),
      });
    }
  }
  return out;
}

/**
 * How far a story's stored heat may drift from its heat now before the row is written again:
 * heat decays by about 0.1% a minute (12 h half-life). Writing every story of the window on every
 * pass for that cost 1.2 s on SQLite and 10–12 s on PostgreSQL at 35,000 stories.
 */
export const HEAT_TOLERANCE = 0.01;

type StorySummary = Omit<StoryRow, 'id' | 'mergedInto'>;

/** Whether `next` differs from the stored summary: in anything but the heat, or in the heat by more than `HEAT_TOLERANCE`. */
function summaryChanged(stored: StorySummary, next: StorySummary): boolean {
  return (
    stored.title !== next.title ||
    stored.representativePostId !== next.representativePostId ||
    stored.firstSeen !== next.firstSeen ||
    stored.lastSeen !== next.lastSeen ||
    stored.postCount !== next.postCount ||
    stored.communityCount !== next.communityCount ||
    Math.abs(stored.heat - next.heat) > HEAT_TOLERANCE * Math.abs(stored.heat)
  );
}

/**
 * Writes the derived summaries (title, times, counts, heat) of these stories that changed
 * (`summaryChanged`), reading the stored ones first: one query for the lot instead of a
 * statement per story. Returns how many were written.
 */
export async function updateStorySummaries(
  db: Db,
  summaries: ReadonlyArray<{ id: string; summary: StorySummary }>,
  now: number,
): Promise<number> {
  const stored = new Map<string, StorySummary>();
  for (let i = 0; i < summaries.length; i += CHUNK) {
    const rows = await db
      .selectFrom('stories')
      .select(STORY_ROW_COLUMNS)
      .where(
        'id',
        'in',
        summaries.slice(i, i + CHUNK).map((s) => s.id),
      )
      .execute();
    for (const row of rows) stored.set(row.id, fromRow(row));
  }
  let written = 0;
  for (const { id, summary } of summaries) {
    const current = stored.get(id);
    if (!current || !summaryChanged(current, summary)) continue;
    await db
      .updateTable('stories')
      .set({
        title: summary.title,
        representative_post_id: summary.representativePostId,
        first_seen: summary.firstSeen,
        last_seen: summary.lastSeen,
        post_count: summary.postCount,
        community_count: summary.communityCount,
        heat: summary.heat,
        updated_at: now,
        // The search rows carry the title and the post count.
        ...(current.title !== summary.title || current.postCount !== summary.postCount
          ? { search_pending: 1 }
          : {}),
      })
      .where('id', '=', id)
      .execute();
    written++;
  }
  return written;
}

/**
 * Per story, how many comments its posts have and when the last one changed. Asked per post
 * through the comments' post index, then summed here: as one join grouped by story, PostgreSQL
 * planned a parallel scan of every story_posts row for each chunk (7–9 s a pass at 1M posts,
 * against 4 ms a chunk this way).
 */
async function commentsPerStory(
  db: Db,
  storyIds: readonly string[],
): Promise<Map<string, { count: number; changed: number }>> {
  const members = await db
    .selectFrom('story_posts')
    .select(['story_id', 'post_id'])
    .where('story_id', 'in', storyIds)
    .execute();
  const storyOf = new Map(members.map((m) => [m.post_id, m.story_id]));
  const postIds = [...storyOf.keys()];
  const out = new Map<string, { count: number; changed: number }>();
  for (let i = 0; i < postIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('comments')
      .select((eb) => [
        'post_id',
        eb.fn.countAll<number | string>().as('count'),
        eb.fn.max('updated_at').as('changed'),
      ])
      .where('post_id', 'in', postIds.slice(i, i + CHUNK))
      .groupBy('post_id')
      .execute();
    for (const row of rows) {
      const storyId = storyOf.get(row.post_id ?? '');
      if (storyId === undefined) continue;
      const entry = out.get(storyId) ?? { count: 0, changed: 0 };
      entry.count += Number(row.count);
      entry.changed = Math.max(entry.changed, Number(row.changed));
      out.set(storyId, entry);
    }
  }
  return out;
}

/**
 * What a story's briefing is written from, as one string per story: the code that writes it
 * (`codeVersion`, the versions of extraction and writing), its row (title, times, size), its
 * members (the last to join or move in), their posts and linked documents (the last change of
 * each), and their comments (how many, the last change). When it is what the last briefing was
 * written from (`stories.briefed_inputs`), writing again would give the same.
 */
export async function storyInputs(
  db: Db,
  storyIds: readonly string[],
  codeVersion: string,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < storyIds.length; i += CHUNK) {
    const chunk = storyIds.slice(i, i + CHUNK);
    if (chunk.length === 0) continue;
    const stories = await db
      .selectFrom('stories')
      .select(['id', 'title', 'first_seen', 'last_seen', 'post_count', 'representative_post_id'])
      .where('id', 'in', chunk)
      .execute();
    const posts = await db
      .selectFrom('story_posts')
      .innerJoin('posts', 'posts.id', 'story_posts.post_id')
      .leftJoin('documents', 'documents.dedup_key', 'posts.dedup_key')
      .select((eb) => [
        'story_posts.story_id',
        eb.fn.count<number | string>('story_posts.post_id').as('members'),
        eb.fn.max('story_posts.joined_at').as('joined'),
        eb.fn.max('posts.updated_at').as('posts'),
        eb.fn.max('documents.fetched_at').as('documents'),
      ])
      .where('story_posts.story_id', 'in', chunk)
      .groupBy('story_posts.story_id')
      .execute();
    const commentsOf = await commentsPerStory(db, chunk);
    const postsOf = new Map(posts.map((row) => [row.story_id, row]));
    for (const story of stories) {
      const p = postsOf.get(story.id);
      const c = commentsOf.get(story.id);
      out.set(
        story.id,
        JSON.stringify([
          codeVersion,
          story.title,
          Number(story.first_seen),
          Number(story.last_seen),
          story.post_count,
          story.representative_post_id,
          Number(p?.members ?? 0),
          Number(p?.joined ?? 0),
          Number(p?.posts ?? 0),
          Number(p?.documents ?? 0),
          Number(c?.count ?? 0),
          Number(c?.changed ?? 0),
        ]),
      );
    }
  }
  return out;
}

/**
 * The stories active since `since` whose inputs changed since their last briefing (or never had
 * one); `codeVersion` as for `storyInputs`.
 */
export async function listStoriesToBrief(
  db: Db,
  since: number,
  codeVersion: string,
): Promise<Array<{ id: string; inputs: string }>> {
  const rows = await db
    .selectFrom('stories')
    .select(['id', 'briefed_inputs'])
    .where('merged_into', 'is', null)
    .where('last_seen', '>=', since)
    .execute();
  // Ordered here: asked in SQL, SQLite walked every story in id order instead of the window's
  // rows through stories_last_seen (212 ms a pass at 700,000 stories, 64 ms this way).
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const inputs = await storyInputs(
    db,
    rows.map((row) => row.id),
    codeVersion,
  );
  return rows.flatMap((row) => {
    const now = inputs.get(row.id);
    return now !== undefined && now !== row.briefed_inputs ? [{ id: row.id, inputs: now }] : [];
  });
}

/** Records what a story's briefing was written from (see `storyInputs`). */
export async function setBriefedInputs(db: Db, storyId: string, inputs: string): Promise<void> {
  await db.updateTable('stories').set({ briefed_inputs: inputs }).where('id', '=', storyId).execute();
}

/** A story by id; an id absorbed by a merge resolves to the survivor. */
export async function getStory(db: Db, id: string): Promise<StoryRow | null> {
  let current = id;
  for (let hops = 0; hops < 50; hops++) {
    const row = await db.selectFrom('stories').selectAll().where('id', '=', current).executeTakeFirst();
    if (!row) return null;
    if (!row.merged_into) return fromRow(row);
    current = row.merged_into;
  }
  return null;
}

/** Stories by heat (then recency), optionally only those active since a time. */
export async function listStories(db: Db, options: { since?: number; limit?: number; offset?: number } = {}) {
  let query = db.selectFrom('stories').selectAll().where('merged_into', 'is', null);
  if (options.since !== undefined) query = query.where('last_seen', '>=', options.since);
  const rows = await query
    .orderBy('heat', 'desc')
    .orderBy('last_seen', 'desc')
    .orderBy('id')
    .limit(options.limit ?? 50)
    .offset(options.offset ?? 0)
    .execute();
  return rows.map(fromRow);
}

/** Ids of live stories whose last activity is at or after `since` (for heat refreshes). */
export async function listStoryIdsSince(db: Db, since: number): Promise<string[]> {
  const rows = await db
    .selectFrom('stories')
    .select('id')
    .where('merged_into', 'is', null)
    .where('last_seen', '>=', since)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Makes the calling transaction the only one writing `storyId`'s derived rows (facts, briefings)
 * until it ends: an update of the story's row that changes nothing. PostgreSQL holds that row's
 * lock until the transaction ends, so a second writer waits, then reads what the first stored;
 * SQLite has one writer at a time, and this takes its write lock at once, before the reads. Without
 * it, two writers (the main job and an admin rebuild, two processes) read the same latest
 * version and store the same next one.
 */
export async function lockStory(db: Db, storyId: string): Promise<void> {
  await db
    .updateTable('stories')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', storyId)
    .execute();
}
