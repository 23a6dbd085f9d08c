import { sql } from 'kysely';
import type { Comment, ParsedBatch, Post } from '../model.js';
import { toCommentRow, upsertComments, upsertCommentsQuery } from './comments.js';
import { dedupeById, toPostRow, upsertPosts, upsertPostsQuery } from './posts.js';
import type { SqliteHandle, Store } from './store.js';
import { startWriterThread } from './writer-thread.js';

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

interface CompiledUpserts {
  posts: string;
  comments: string;
}

const compiled = new WeakMap<Store, CompiledUpserts>();

/**
 * The upserts compiled for one sample row each. Their parameters follow the row's column order, so
 * a row's parameters are `Object.values(toPostRow(…))`: toPostRow and toCommentRow build one
 * object literal, whose keys always come in the same order.
 */
function compileUpserts(store: Store): CompiledUpserts {
  const cached = compiled.get(store);
  if (cached) return cached;
  const postSample = toPostRow(samplePost, 7);
  const commentSample = toCommentRow(sampleComment, 7);
  const postQuery = upsertPostsQuery(store.db, [postSample]).compile();
  const commentQuery = upsertCommentsQuery(store.db, [commentSample]).compile();
  assertParameterOrder(postQuery.parameters, Object.values(postSample));
  assertParameterOrder(commentQuery.parameters, Object.values(commentSample));
  const upserts = { posts: postQuery.sql, comments: commentQuery.sql };
  compiled.set(store, upserts);
  return upserts;
}

/** Each batch's rows as parameter lists, without duplicates (the last copy of an id wins). */
function toParameters(batch: ParsedBatch, now: number): { posts: unknown[][]; comments: unknown[][] } {
  return {
    posts: dedupeById(batch.posts).map((post) => Object.values(toPostRow(post, now))),
    comments: dedupeById(batch.comments).map((comment) => Object.values(toCommentRow(comment, now))),
  };
}

interface PreparedUpserts {
  posts: ReturnType<SqliteHandle['prepare']>;
  comments: ReturnType<SqliteHandle['prepare']>;
}

const prepared = new WeakMap<Store, PreparedUpserts>();

function prepareUpserts(store: Store, sqlite: SqliteHandle): PreparedUpserts {
  const cached = prepared.get(store);
  if (cached) return cached;
  const upserts = compileUpserts(store);
  const statements = { posts: sqlite.prepare(upserts.posts), comments: sqlite.prepare(upserts.comments) };
  prepared.set(store, statements);
  return statements;
}

function writeBatchPrepared(
  store: Store,
  sqlite: SqliteHandle,
  batch: ParsedBatch,
  now: number,
): WriteCounts {
  const statements = prepareUpserts(store, sqlite);
  const rows = toParameters(batch, now);
  return sqlite.transaction(() => {
    let posts = 0;
    let comments = 0;
    for (const row of rows.posts) posts += statements.posts.run(...row).changes;
    for (const row of rows.comments) comments += statements.comments.run(...row).changes;
    return { posts, comments };
  })();
}

/**
 * writeBatch on a connection of its own in a worker thread, so that the caller can go on (parse
 * the next batch) while one is written. Each batch is still one transaction; one batch at a time.
 */
export interface BackgroundWriter {
  /** Settles when the batch is committed; call again only once the last write settled. */
  write(batch: ParsedBatch, now: number): Promise<WriteCounts>;
  /** Ends the thread (after a write in flight). */
  close(): Promise<void>;
}

/**
 * A BackgroundWriter for a store in a SQLite file; null where another connection would not see the
 * same database (PostgreSQL writes stay on its pool, an in-memory SQLite is private to its connection).
 */
export async function startBackgroundWriter(store: Store): Promise<BackgroundWriter | null> {
  if (!store.sqlite) return null;
  // Ask the connection which file it has open ('' for an in-memory or temporary database).
  const { rows } = await sql<{ name: string; file: string }>`PRAGMA database_list`.execute(store.db);
  const path = rows.find((row) => row.name === 'main')?.file;
  if (!path) return null;
  const upserts = compileUpserts(store);
  const thread = startWriterThread({
    path,
    busyTimeoutMs: BUSY_TIMEOUT_MS,
    statements: [upserts.posts, upserts.comments],
  });
  return {
    async write(batch, now) {
      const rows = toParameters(batch, now);
      const [posts = 0, comments = 0] = await thread.write([rows.posts, rows.comments]);
      return { posts, comments };
    },
    close: () => thread.close(),
  };
}

/** As the main connection's (store.ts): both connections write, one at a time. */
const BUSY_TIMEOUT_MS = 5_000;

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
