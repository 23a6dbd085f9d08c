import { Serializer } from 'node:v8';
import { sql } from 'kysely';
import type { Comment, ParsedBatch, Post } from '../model.js';
import { toCommentRow, upsertComments, upsertCommentsQuery } from './comments.js';
import { dedupeById, toPostRow, upsertPosts, upsertPostsQuery } from './posts.js';
import type { SqliteHandle, Store } from './store.js';
import { type SerializedStatementRows, startWriterThread } from './writer-thread.js';

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
  posts: CompiledUpsert;
  comments: CompiledUpsert;
}

interface CompiledUpsert {
  sql: string;
  parameters: number;
}

const compiled = new WeakMap<Store, CompiledUpserts>();

/**
 * The upserts compiled for one sample row each. Their parameters follow the row's column order, so
 * a row's parameters are `Object.values(toPostRow(…))`: toPostRow and toCommentRow build one
 * object literal, whose keys always come in the same order. The id comes first (ID_PARAMETER).
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
  if (Object.keys(postSample)[ID_PARAMETER] !== 'id' || Object.keys(commentSample)[ID_PARAMETER] !== 'id') {
    throw new Error('store: the id is not the first parameter of the compiled upserts');
  }
  const upserts = {
    posts: { sql: postQuery.sql, parameters: postQuery.parameters.length },
    comments: { sql: commentQuery.sql, parameters: commentQuery.parameters.length },
  };
  compiled.set(store, upserts);
  return upserts;
}

const ID_PARAMETER = 0;

interface PreparedUpserts {
  posts: ReturnType<SqliteHandle['prepare']>;
  comments: ReturnType<SqliteHandle['prepare']>;
}

const prepared = new WeakMap<Store, PreparedUpserts>();

function prepareUpserts(store: Store, sqlite: SqliteHandle): PreparedUpserts {
  const cached = prepared.get(store);
  if (cached) return cached;
  const upserts = compileUpserts(store);
  const statements = {
    posts: sqlite.prepare(upserts.posts.sql),
    comments: sqlite.prepare(upserts.comments.sql),
  };
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
  const posts = dedupeById(batch.posts).map((post) => Object.values(toPostRow(post, now)));
  const comments = dedupeById(batch.comments).map((comment) => Object.values(toCommentRow(comment, now)));
  return sqlite.transaction(() => {
    let postChanges = 0;
    let commentChanges = 0;
    for (const row of posts) postChanges += statements.posts.run(...row).changes;
    for (const row of comments) commentChanges += statements.comments.run(...row).changes;
    return { posts: postChanges, comments: commentChanges };
  })();
}

/** Rows gathered for one writeBatch transaction, from createBatch of a BatchWriter. */
export interface BatchRows {
  /** Rows added so far. */
  readonly size: number;
  addPost(post: Post): void;
  addComment(comment: Comment): void;
}

/**
 * Writes batches for a bulk import. On a SQLite file it writes in a worker thread, on a connection
 * of its own, so that the caller goes on (parses the next batch) while one is written; elsewhere
 * (PostgreSQL, an in-memory SQLite) it is writeBatch. Each batch is one transaction either way.
 */
export interface BatchWriter {
  /** True when writes run beside the caller rather than on its thread. */
  readonly background: boolean;
  /** An empty batch; `now` becomes its rows' fetch and update time. */
  createBatch(now: number): BatchRows;
  /** Writes a batch of createBatch; settles once it is committed. One write at a time. */
  write(batch: BatchRows): Promise<WriteCounts>;
  /** Ends the worker thread, if any (after a write in flight). */
  close(): Promise<void>;
}

/** `foreground` keeps the writes on the store's own connection whatever the store. */
export async function createBatchWriter(
  store: Store,
  options: { foreground?: boolean } = {},
): Promise<BatchWriter> {
  const path = options.foreground ? null : await sqliteFile(store);
  return path === null ? createForegroundWriter(store) : createBackgroundWriter(store, path);
}

/** The file of a SQLite store, or null where another connection would not see the same database. */
async function sqliteFile(store: Store): Promise<string | null> {
  if (!store.sqlite) return null;
  // Ask the connection which file it has open ('' for an in-memory or temporary database).
  const { rows } = await sql<{ name: string; file: string }>`PRAGMA database_list`.execute(store.db);
  return rows.find((row) => row.name === 'main')?.file || null;
}

class ParsedRows implements BatchRows {
  readonly posts: Post[] = [];
  readonly comments: Comment[] = [];

  constructor(readonly now: number) {}

  get size(): number {
    return this.posts.length + this.comments.length;
  }

  addPost(post: Post): void {
    this.posts.push(post);
  }

  addComment(comment: Comment): void {
    this.comments.push(comment);
  }
}

function createForegroundWriter(store: Store): BatchWriter {
  return {
    background: false,
    createBatch: (now) => new ParsedRows(now),
    async write(batch) {
      if (!(batch instanceof ParsedRows)) throw new Error('store: a batch from another writer');
      return writeBatch(store, batch, batch.now);
    },
    close: async () => {},
  };
}

/**
 * Rows serialized as they are added (V8's structured-clone format, as postMessage writes it): the
 * caller then holds no row objects while a batch fills. That matters to memory: JSON.parse leaves
 * long strings as slices of their line, so each row kept for a batch kept its whole line, and rows
 * kept across young-generation collections are promoted; V8 then grew the main heap to 4× its
 * live size. Values are written one by one, not as one array per row: a serializer keeps every
 * object it wrote (and so every row) alive until it is itself collected.
 */
class SerializedRows implements BatchRows {
  private readonly posts = new Serializer();
  private readonly comments = new Serializer();
  private postCount = 0;
  private commentCount = 0;

  constructor(private readonly now: number) {
    this.posts.writeHeader();
    this.comments.writeHeader();
  }

  get size(): number {
    return this.postCount + this.commentCount;
  }

  addPost(post: Post): void {
    for (const value of Object.values(toPostRow(post, this.now))) this.posts.writeValue(value);
    this.postCount++;
  }

  addComment(comment: Comment): void {
    for (const value of Object.values(toCommentRow(comment, this.now))) this.comments.writeValue(value);
    this.commentCount++;
  }

  /** Posts then comments, in the order of the writer thread's statements. */
  release(): SerializedStatementRows[] {
    return [
      { rows: this.postCount, buffer: this.posts.releaseBuffer() },
      { rows: this.commentCount, buffer: this.comments.releaseBuffer() },
    ];
  }
}

function createBackgroundWriter(store: Store, path: string): BatchWriter {
  const upserts = compileUpserts(store);
  const thread = startWriterThread({
    path,
    busyTimeoutMs: BUSY_TIMEOUT_MS,
    // Within one batch the last copy of an id wins, as in writeBatch (dedupeById).
    statements: [
      { ...upserts.posts, keyParameter: ID_PARAMETER },
      { ...upserts.comments, keyParameter: ID_PARAMETER },
    ],
  });
  return {
    background: true,
    createBatch: (now) => new SerializedRows(now),
    async write(batch) {
      if (!(batch instanceof SerializedRows)) throw new Error('store: a batch from another writer');
      const [posts = 0, comments = 0] = await thread.write(batch.release());
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
