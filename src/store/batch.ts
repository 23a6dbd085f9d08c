import type { Comment, ParsedBatch, Post } from '../model.js';
import { toCommentRow, upsertComments, upsertCommentsQuery } from './comments.js';
import { dedupeById, toPostRow, upsertPosts, upsertPostsQuery } from './posts.js';
import type { CommentsTable, PostsTable } from './schema.js';
import type { SqliteHandle, Store } from './store.js';

export interface WriteCounts {
  posts: number;
  comments: number;
}

/**
 * Writes posts and comments in one transaction: a batch lands whole or not at all. On SQLite the
 * same upserts run as prepared single-row statements (compiled once by Kysely from the same
 * builders), which skips building and compiling a large query per batch — the bulk-import path.
 */
export async function writeBatch(store: Store, batch: ParsedBatch, now: number): Promise<WriteCounts> {
  if (batch.posts.length === 0 && batch.comments.length === 0) return { posts: 0, comments: 0 };
  if (store.sqlite) return writeBatchPrepared(store, store.sqlite, batch, now);
  return store.db.transaction().execute(async (trx) => ({
    posts: await upsertPosts(trx, batch.posts, now),
    comments: await upsertComments(trx, batch.comments, now),
  }));
}

interface PreparedUpserts {
  posts(row: PostsTable): number;
  comments(row: CommentsTable): number;
  transaction: SqliteHandle['transaction'];
}

const prepared = new WeakMap<Store, PreparedUpserts>();

function prepareUpserts(store: Store, sqlite: SqliteHandle): PreparedUpserts {
  const cached = prepared.get(store);
  if (cached) return cached;
  // Compile each upsert for one sample row; parameters then follow the row's column order.
  const postSample = toPostRow(samplePost, 7);
  const commentSample = toCommentRow(sampleComment, 7);
  const postQuery = upsertPostsQuery(store.db, [postSample]).compile();
  const commentQuery = upsertCommentsQuery(store.db, [commentSample]).compile();
  const postColumns = Object.keys(postSample) as Array<keyof PostsTable>;
  const commentColumns = Object.keys(commentSample) as Array<keyof CommentsTable>;
  assertParameterOrder(
    postQuery.parameters,
    postColumns.map((c) => postSample[c]),
  );
  assertParameterOrder(
    commentQuery.parameters,
    commentColumns.map((c) => commentSample[c]),
  );
  const postStatement = sqlite.prepare(postQuery.sql);
  const commentStatement = sqlite.prepare(commentQuery.sql);
  const upserts: PreparedUpserts = {
    posts: (row) => postStatement.run(...postColumns.map((c) => row[c])).changes,
    comments: (row) => commentStatement.run(...commentColumns.map((c) => row[c])).changes,
    transaction: (fn) => sqlite.transaction(fn),
  };
  prepared.set(store, upserts);
  return upserts;
}

function writeBatchPrepared(
  store: Store,
  sqlite: SqliteHandle,
  batch: ParsedBatch,
  now: number,
): WriteCounts {
  const upserts = prepareUpserts(store, sqlite);
  return upserts.transaction(() => {
    let posts = 0;
    let comments = 0;
    for (const post of dedupeById(batch.posts)) posts += upserts.posts(toPostRow(post, now));
    for (const comment of dedupeById(batch.comments))
      comments += upserts.comments(toCommentRow(comment, now));
    return { posts, comments };
  })();
}

/** Guards the assumption above: a Kysely upgrade that reorders parameters must fail loudly, not corrupt rows. */
function assertParameterOrder(actual: readonly unknown[], expected: readonly unknown[]): void {
  if (actual.length !== expected.length || actual.some((value, i) => value !== expected[i])) {
    throw new Error('store: compiled upsert parameters are not in column order');
  }
}

// Distinct values per column, so that assertParameterOrder can tell columns apart.
const samplePost: Post = {
  id: 'p:sample',
  kind: 'hn',
  community: 'c:sample',
  title: 't:sample',
  text: 'x:sample',
  html: 'h:sample',
  url: 'u:sample',
  dedupKey: 'd:sample',
  permalink: 'l:sample',
  author: 'a:sample',
  score: 101,
  commentCount: 102,
  publishedAt: 103,
  deleted: false,
};

const sampleComment: Comment = {
  id: 'c:sample',
  postId: 'p:sample',
  parentId: 'q:sample',
  author: 'a:sample',
  text: 'x:sample',
  score: 201,
  publishedAt: 202,
  depth: 203,
  deleted: false,
};
