import { sql } from 'kysely';
import type { Comment } from '../model.js';
import { dedupeById } from './posts.js';
import type { CommentsTable } from './schema.js';
import type { Db } from './store.js';

const CHUNK = 500;

export function toCommentRow(comment: Comment, now: number): CommentsTable {
  const deleted = comment.deleted;
  return {
    id: comment.id,
    post_id: comment.postId,
    // A parent equal to the post is the post itself: the comment is top-level.
    parent_id: comment.parentId === comment.postId ? null : comment.parentId,
    author: deleted ? null : comment.author,
    text: deleted ? '' : comment.text,
    score: comment.score,
    published_at: Math.round(comment.publishedAt),
    depth: comment.depth,
    deleted: deleted ? 1 : 0,
    fetched_at: now,
    updated_at: now,
  };
}

/**
 * Inserts or updates comments; never duplicates. Deletion is sticky (text and author purged, the
 * row kept so replies keep their place in the tree). A comment whose post was resolved from its
 * parent chain keeps that resolution when its bare archive copy is imported again.
 */
export async function upsertComments(db: Db, comments: readonly Comment[], now: number): Promise<number> {
  let written = 0;
  for (let i = 0; i < comments.length; i += CHUNK) {
    const rows = dedupeById(comments.slice(i, i + CHUNK)).map((comment) => toCommentRow(comment, now));
    const result = await upsertCommentsQuery(db, rows).executeTakeFirst();
    written += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return written;
}

/** INSERT … ON CONFLICT DO UPDATE for comments (see upsertPostsQuery). */
export function upsertCommentsQuery(db: Db, rows: CommentsTable[]) {
  return db
    .insertInto('comments')
    .values(rows)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({
          post_id: sql`COALESCE(excluded.post_id, comments.post_id)`,
          parent_id: sql`CASE WHEN excluded.post_id IS NULL AND excluded.parent_id = comments.post_id
              THEN comments.parent_id ELSE excluded.parent_id END`,
          author: sql`CASE WHEN comments.deleted = 1 OR excluded.deleted = 1 THEN NULL ELSE COALESCE(excluded.author, comments.author) END`,
          text: sql`CASE WHEN comments.deleted = 1 OR excluded.deleted = 1 THEN '' ELSE excluded.text END`,
          score: sql`COALESCE(excluded.score, comments.score)`,
          published_at: sql`excluded.published_at`,
          depth: sql`COALESCE(excluded.depth, comments.depth)`,
          deleted: sql`CASE WHEN comments.deleted = 1 OR excluded.deleted = 1 THEN 1 ELSE 0 END`,
          fetched_at: sql`excluded.fetched_at`,
          updated_at: sql`excluded.updated_at`,
        })
        .where(
          sql<boolean>`(comments.deleted = 0 AND (excluded.deleted = 1
              OR comments.text IS DISTINCT FROM excluded.text
              OR comments.author IS DISTINCT FROM COALESCE(excluded.author, comments.author)))
              OR comments.post_id IS DISTINCT FROM COALESCE(excluded.post_id, comments.post_id)
              OR comments.parent_id IS DISTINCT FROM (CASE WHEN excluded.post_id IS NULL
                AND excluded.parent_id = comments.post_id THEN comments.parent_id ELSE excluded.parent_id END)
              OR comments.score IS DISTINCT FROM COALESCE(excluded.score, comments.score)
              OR comments.depth IS DISTINCT FROM COALESCE(excluded.depth, comments.depth)
              OR comments.published_at IS DISTINCT FROM excluded.published_at`,
        ),
    );
}

/**
 * Completes the tree for comments that arrived without their post or depth (archive dumps list
 * comments alone, in any order): a comment whose parent is a post becomes top-level under it; a
 * comment under a resolved comment inherits its post; depths follow from the parents. Runs one
 * tree level per round, so it terminates after at most the depth of the deepest thread.
 */
export async function resolveCommentTree(db: Db): Promise<{ rounds: number; resolved: number }> {
  let rounds = 0;
  let resolved = 0;
  // EXISTS probes the parent by primary key; the partial index comments_unresolved keeps the
  // scan to rows still missing a post or depth, so the cost follows the new rows, not the table.
  const top = await db
    .updateTable('comments')
    .set({ post_id: sql`parent_id`, parent_id: null })
    .where('post_id', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('posts').select(sql`1`.as('one')).whereRef('posts.id', '=', 'comments.parent_id')),
    )
    .executeTakeFirst();
  resolved += Number(top.numUpdatedRows);
  for (;;) {
    rounds++;
    const step = await db
      .updateTable('comments')
      .set({
        post_id: (eb) =>
          eb
            .selectFrom('comments as parent')
            .select('parent.post_id')
            .whereRef('parent.id', '=', 'comments.parent_id'),
      })
      .where('comments.post_id', 'is', null)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('comments as parent')
            .select(sql`1`.as('one'))
            .whereRef('parent.id', '=', 'comments.parent_id')
            .where('parent.post_id', 'is not', null),
        ),
      )
      .executeTakeFirst();
    const n = Number(step.numUpdatedRows);
    resolved += n;
    if (n === 0 || rounds > 10_000) break;
  }
  await db
    .updateTable('comments')
    .set({ depth: 0 })
    .where('depth', 'is', null)
    .where('parent_id', 'is', null)
    .where('post_id', 'is not', null)
    .execute();
  for (;;) {
    rounds++;
    const step = await db
      .updateTable('comments')
      .set({
        depth: (eb) =>
          eb
            .selectFrom('comments as parent')
            .select(sql<number>`parent.depth + 1`.as('d'))
            .whereRef('parent.id', '=', 'comments.parent_id'),
      })
      .where('comments.depth', 'is', null)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('comments as parent')
            .select(sql`1`.as('one'))
            .whereRef('parent.id', '=', 'comments.parent_id')
            .where('parent.depth', 'is not', null),
        ),
      )
      .executeTakeFirst();
    if (Number(step.numUpdatedRows) === 0 || rounds > 20_000) break;
  }
  return { rounds, resolved };
}

export interface StoredComment extends Comment {
  fetchedAt: number;
}

export function fromCommentRow(row: CommentsTable): StoredComment {
  return {
    id: row.id,
    postId: row.post_id,
    parentId: row.parent_id,
    author: row.author,
    text: row.text,
    score: row.score,
    publishedAt: Number(row.published_at),
    depth: row.depth,
    deleted: row.deleted === 1,
    fetchedAt: Number(row.fetched_at),
  };
}

/** A post's comments in thread order (by depth-first path is left to readers; here by time). */
export async function listComments(db: Db, postId: string): Promise<StoredComment[]> {
  const rows = await db
    .selectFrom('comments')
    .selectAll()
    .where('post_id', '=', postId)
    .orderBy('published_at')
    .orderBy('id')
    .execute();
  return rows.map(fromCommentRow);
}
