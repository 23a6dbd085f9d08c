import { type Insertable, type Selectable, sql } from 'kysely';
import type { Post } from '../model.js';
import type { PostsTable } from './schema.js';
import type { Db } from './store.js';

/** A post row as written: every column but `placed`, which only clustering sets. */
type PostRow = Insertable<PostsTable>;

/** Rows per INSERT: 16 columns × 400 rows stays far below both dialects' parameter limits. */
const CHUNK = 400;

export function toPostRow(post: Post, now: number): PostRow {
  const deleted = post.deleted;
  return {
    id: post.id,
    kind: post.kind,
    community: post.community,
    title: post.title,
    text: deleted ? '' : post.text,
    html: deleted ? null : post.html,
    url: post.url,
    dedup_key: post.dedupKey,
    permalink: post.permalink,
    author: deleted ? null : post.author,
    score: post.score,
    comment_count: post.commentCount,
    published_at: Math.round(post.publishedAt),
    deleted: deleted ? 1 : 0,
    fetched_at: now,
    updated_at: now,
  };
}

/**
 * Inserts new posts and updates known ones (score, comment count, edited text) in place; never
 * duplicates. A deletion upstream is sticky: once deleted, text, HTML and author stay purged even
 * if an older copy is imported again. Returns how many rows were inserted or changed.
 */
export async function upsertPosts(db: Db, posts: readonly Post[], now: number): Promise<number> {
  let written = 0;
  for (let i = 0; i < posts.length; i += CHUNK) {
    const rows = dedupeById(posts.slice(i, i + CHUNK)).map((post) => toPostRow(post, now));
    const result = await upsertPostsQuery(db, rows).executeTakeFirst();
    written += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return written;
}

/**
 * INSERT … ON CONFLICT DO UPDATE for posts; the update only runs where something a reader would
 * see changed, so a re-import is a no-op. Shared by the batched path and the prepared-statement
 * path (batch.ts), which compiles it once for one row.
 */
export function upsertPostsQuery(db: Db, rows: PostRow[]) {
  return db
    .insertInto('posts')
    .values(rows)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({
          community: sql`excluded.community`,
          title: sql`CASE WHEN posts.deleted = 1 AND excluded.deleted = 0 THEN posts.title ELSE excluded.title END`,
          text: sql`CASE WHEN posts.deleted = 1 OR excluded.deleted = 1 THEN '' ELSE excluded.text END`,
          html: sql`CASE WHEN posts.deleted = 1 OR excluded.deleted = 1 THEN NULL ELSE excluded.html END`,
          url: sql`COALESCE(excluded.url, posts.url)`,
          dedup_key: sql`COALESCE(excluded.dedup_key, posts.dedup_key)`,
          permalink: sql`COALESCE(excluded.permalink, posts.permalink)`,
          author: sql`CASE WHEN posts.deleted = 1 OR excluded.deleted = 1 THEN NULL ELSE COALESCE(excluded.author, posts.author) END`,
          score: sql`COALESCE(excluded.score, posts.score)`,
          comment_count: sql`COALESCE(excluded.comment_count, posts.comment_count)`,
          published_at: sql`excluded.published_at`,
          deleted: sql`CASE WHEN posts.deleted = 1 OR excluded.deleted = 1 THEN 1 ELSE 0 END`,
          fetched_at: sql`excluded.fetched_at`,
          updated_at: sql`excluded.updated_at`,
        })
        // Only touch rows where something a reader would see changed, so a re-import is a no-op.
        .where(
          sql<boolean>`(posts.deleted = 0 AND (excluded.deleted = 1
              OR posts.title IS DISTINCT FROM excluded.title
              OR posts.text IS DISTINCT FROM excluded.text
              OR posts.html IS DISTINCT FROM excluded.html
              OR posts.author IS DISTINCT FROM COALESCE(excluded.author, posts.author)))
              OR posts.community IS DISTINCT FROM excluded.community
              OR posts.url IS DISTINCT FROM COALESCE(excluded.url, posts.url)
              OR posts.dedup_key IS DISTINCT FROM COALESCE(excluded.dedup_key, posts.dedup_key)
              OR posts.permalink IS DISTINCT FROM COALESCE(excluded.permalink, posts.permalink)
              OR posts.score IS DISTINCT FROM COALESCE(excluded.score, posts.score)
              OR posts.comment_count IS DISTINCT FROM COALESCE(excluded.comment_count, posts.comment_count)
              OR posts.published_at IS DISTINCT FROM excluded.published_at`,
        ),
    );
}

/** Within one INSERT a key may appear once (PostgreSQL refuses otherwise): the last copy wins. */
export function dedupeById<T extends { id: string }>(items: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const item of items) byId.set(item.id, item);
  return byId.size === items.length ? [...items] : [...byId.values()];
}

export interface StoredPost extends Post {
  fetchedAt: number;
  updatedAt: number;
}

export function fromPostRow(row: Selectable<PostsTable>): StoredPost {
  return {
    id: row.id,
    kind: row.kind as Post['kind'],
    community: row.community,
    title: row.title,
    text: row.text,
    html: row.html,
    url: row.url,
    dedupKey: row.dedup_key,
    permalink: row.permalink,
    author: row.author,
    score: row.score,
    commentCount: row.comment_count,
    publishedAt: Number(row.published_at),
    deleted: row.deleted === 1,
    fetchedAt: Number(row.fetched_at),
    updatedAt: Number(row.updated_at),
  };
}

export async function getPost(db: Db, id: string): Promise<StoredPost | null> {
  const row = await db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromPostRow(row) : null;
}

export async function listPosts(
  db: Db,
  options: { limit?: number; offset?: number } = {},
): Promise<StoredPost[]> {
  const rows = await db
    .selectFrom('posts')
    .selectAll()
    .orderBy('published_at', 'desc')
    .orderBy('id')
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0)
    .execute();
  return rows.map(fromPostRow);
}

/** What the store knows of these posts: for polls that skip unchanged threads. */
export async function lookupPosts(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { commentCount: number | null; storedComments: number; fetchedAt: number }>> {
  const known = new Map<string, { commentCount: number | null; storedComments: number; fetchedAt: number }>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('posts')
      .select((eb) => [
        'posts.id',
        'posts.comment_count',
        'posts.fetched_at',
        eb
          .selectFrom('comments')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('comments.post_id', '=', 'posts.id')
          .as('stored'),
      ])
      .where('posts.id', 'in', chunk)
      .execute();
    for (const row of rows) {
      known.set(row.id, {
        commentCount: row.comment_count,
        storedComments: Number(row.stored ?? 0),
        fetchedAt: Number(row.fetched_at),
      });
    }
  }
  return known;
}
