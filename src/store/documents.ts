import { sql } from 'kysely';
import type { ArticleDocument } from '../model.js';
import type { DocumentsTable } from './schema.js';
import type { Db } from './store.js';

/**
 * What became of a linked article:
 * - `ok`: extracted and stored;
 * - `error`: the fetch failed (network, refused address, 4xx/5xx, too large) — `error` says why;
 * - `robots`: robots.txt disallows it, or could not be read (RFC 9309: then assume disallow);
 * - `skipped`: not worth fetching again — not HTML, not http(s), or nothing readable on the page.
 */
export type DocumentStatus = 'ok' | 'error' | 'robots' | 'skipped';

/**
 * `error` and `robots` rows are tried again once they are this old: long enough that a failing
 * link costs one request a day, short enough that a site that was down, or changed its
 * robots.txt, is read the next day. `ok` and `skipped` rows are final.
 */
export const DOCUMENT_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

const RETRYABLE_STATUSES: readonly DocumentStatus[] = ['error', 'robots'];

/** Stored error messages are cut to this many characters. */
const MAX_ERROR_CHARS = 1000;

/** Rows per query for lists of ids. */
const CHUNK = 400;

export interface StoredDocument extends ArticleDocument {
  status: DocumentStatus;
  /** Why it failed or was skipped; null when `ok`. */
  error: string | null;
  /** Dedup key of `canonicalUrl`: a better key for clustering when the post linked a variant. */
  canonicalKey: string | null;
  /** The post whose link led here first. */
  postId: string | null;
}

/** An extracted article to store under the dedup key of the link that led to it. */
export interface DocumentInput {
  dedupKey: string;
  /** The URL that answered (after redirects). */
  url: string;
  postId: string | null;
  canonicalUrl: string | null;
  canonicalKey: string | null;
  title: string | null;
  byline: string | null;
  site: string | null;
  text: string;
  html: string | null;
}

export interface DocumentFailure {
  dedupKey: string;
  url: string;
  postId: string | null;
  status: Exclude<DocumentStatus, 'ok'>;
  message: string;
}

/** A post whose link has no document yet (or only a failed one due for another try). */
export interface PostNeedingDocument {
  postId: string;
  url: string;
  dedupKey: string;
  publishedAt: number;
}

/** Stores an extracted article; storing it again replaces it (one row per dedup key). */
export async function upsertDocument(db: Db, document: DocumentInput, now: number): Promise<void> {
  const row: DocumentsTable = {
    dedup_key: document.dedupKey,
    url: document.url,
    canonical_url: document.canonicalUrl,
    title: document.title,
    byline: document.byline,
    site: document.site,
    text: document.text,
    html: document.html,
    status: 'ok',
    error: null,
    fetched_at: now,
    canonical_key: document.canonicalKey,
    post_id: document.postId,
  };
  await db
    .insertInto('documents')
    .values(row)
    .onConflict((oc) =>
      oc.column('dedup_key').doUpdateSet({
        url: sql`excluded.url`,
        canonical_url: sql`excluded.canonical_url`,
        title: sql`excluded.title`,
        byline: sql`excluded.byline`,
        site: sql`excluded.site`,
        text: sql`excluded.text`,
        html: sql`excluded.html`,
        status: sql`excluded.status`,
        error: sql`NULL`,
        fetched_at: sql`excluded.fetched_at`,
        canonical_key: sql`excluded.canonical_key`,
        post_id: sql`COALESCE(documents.post_id, excluded.post_id)`,
      }),
    )
    .execute();
}

/**
 * Records that a link failed or was skipped, so the next run does not ask again at once. Never
 * replaces an `ok` document (a late failure of a second attempt must not erase a good copy).
 */
export async function recordDocumentFailure(db: Db, failure: DocumentFailure, now: number): Promise<void> {
  const message = failure.message.slice(0, MAX_ERROR_CHARS);
  await db
    .insertInto('documents')
    .values({
      dedup_key: failure.dedupKey,
      url: failure.url,
      canonical_url: null,
      title: null,
      byline: null,
      site: null,
      text: '',
      html: null,
      status: failure.status,
      error: message,
      fetched_at: now,
      canonical_key: null,
      post_id: failure.postId,
    })
    .onConflict((oc) =>
      oc
        .column('dedup_key')
        .doUpdateSet({
          url: sql`excluded.url`,
          status: sql`excluded.status`,
          error: sql`excluded.error`,
          fetched_at: sql`excluded.fetched_at`,
          post_id: sql`COALESCE(documents.post_id, excluded.post_id)`,
        })
        .where('documents.status', '!=', 'ok'),
    )
    .execute();
}

export async function getDocument(db: Db, dedupKey: string): Promise<StoredDocument | null> {
  const row = await db
    .selectFrom('documents')
    .selectAll()
    .where('dedup_key', '=', dedupKey)
    .executeTakeFirst();
  return row ? fromDocumentRow(row) : null;
}

/**
 * Posts that link an article with no document yet, newest first: url set, not deleted, and no
 * documents row for their dedup key — or only an `error`/`robots` row older than
 * `retryAfterMs`. One post per dedup key (the newest), so an article linked from five
 * communities is fetched once.
 */
export async function listPostsNeedingDocuments(
  db: Db,
  options: { limit: number; now: number; retryAfterMs?: number; unplacedOnly?: boolean },
): Promise<PostNeedingDocument[]> {
  const retryBefore = options.now - (options.retryAfterMs ?? DOCUMENT_RETRY_AFTER_MS);
  let query = db
    .selectFrom('posts')
    .select(['posts.id', 'posts.url', 'posts.dedup_key', 'posts.published_at'])
    .where('posts.url', 'is not', null)
    .where('posts.dedup_key', 'is not', null)
    .where('posts.deleted', '=', 0);
  // Posts in no story yet: the main job fetches their articles before placing them. Literal
  // zeros so that the planner can walk the partial index posts_unplaced (see listUnclusteredPostIds).
  if (options.unplacedOnly)
    query = query.where('posts.placed', '=', sql.lit(0)).where('posts.deleted', '=', sql.lit(0));
  const rows = await query
    // No document, or only a failed one that is due for another try.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('documents')
            .select('documents.dedup_key')
            .whereRef('documents.dedup_key', '=', 'posts.dedup_key')
            .where((eb) =>
              eb.or([
                eb('documents.status', 'not in', RETRYABLE_STATUSES),
                eb('documents.fetched_at', '>', retryBefore),
              ]),
            ),
        ),
      ),
    )
    // The newest post of its dedup key (ties broken by id).
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('posts as newer')
            .select('newer.id')
            .whereRef('newer.dedup_key', '=', 'posts.dedup_key')
            .where('newer.url', 'is not', null)
            .where('newer.deleted', '=', 0)
            .where((eb) =>
              eb.or([
                eb('newer.published_at', '>', eb.ref('posts.published_at')),
                eb.and([
                  eb('newer.published_at', '=', eb.ref('posts.published_at')),
                  eb('newer.id', '<', eb.ref('posts.id')),
                ]),
              ]),
            ),
        ),
      ),
    )
    .orderBy('posts.published_at', 'desc')
    .orderBy('posts.id')
    .limit(options.limit)
    .execute();
  return rows.flatMap((row) =>
    row.url !== null && row.dedup_key !== null
      ? [{ postId: row.id, url: row.url, dedupKey: row.dedup_key, publishedAt: Number(row.published_at) }]
      : [],
  );
}

/**
 * The extracted documents (`ok` only) of these posts, by post id, found through the posts'
 * dedup keys: for the clustering stage. Posts without one are absent from the map.
 */
export async function getDocumentsForPosts(
  db: Db,
  postIds: readonly string[],
): Promise<Map<string, StoredDocument>> {
  const documents = new Map<string, StoredDocument>();
  for (let i = 0; i < postIds.length; i += CHUNK) {
    const chunk = postIds.slice(i, i + CHUNK);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('posts')
      .innerJoin('documents', 'documents.dedup_key', 'posts.dedup_key')
      .selectAll('documents')
      .select('posts.id as for_post_id')
      .where('posts.id', 'in', chunk)
      .where('documents.status', '=', 'ok')
      .execute();
    for (const { for_post_id, ...row } of rows) documents.set(for_post_id, fromDocumentRow(row));
  }
  return documents;
}

function fromDocumentRow(row: DocumentsTable): StoredDocument {
  return {
    url: row.url,
    dedupKey: row.dedup_key,
    canonicalUrl: row.canonical_url,
    title: row.title,
    byline: row.byline,
    site: row.site,
    text: row.text,
    html: row.html,
    fetchedAt: Number(row.fetched_at),
    status: row.status as DocumentStatus,
    error: row.error,
    canonicalKey: row.canonical_key,
    postId: row.post_id,
  };
}
