import { errorMessage, FetchError } from '../errors.js';
import type { Fetcher } from '../http/types.js';
import type { Clock, Log } from '../log.js';
import {
  type DocumentStatus,
  listPostsNeedingDocuments,
  type PostNeedingDocument,
  recordDocumentFailure,
  upsertDocument,
} from '../store/documents.js';
import type { Store } from '../store/store.js';
import { dedupKey, fetchableUrl } from '../urls/canonical.js';
import { decodeHtmlBody, isHtmlContentType } from './decode.js';
import { type ExtractedArticle, extractArticle } from './extract.js';
import { createRobotsPolicy, type RobotsPolicy } from './robots.js';

export { decodeHtmlBody, isHtmlContentType } from './decode.js';
export { type ExtractedArticle, extractArticle } from './extract.js';
export { createRobotsPolicy, ROBOTS_AGENT, type RobotsPolicy, type RobotsVerdict } from './robots.js';

/** Article pages larger than this (decoded) are refused: no news article needs more. */
export const ARTICLE_MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Links fetched at once; the fetcher still spaces requests to one host. */
const DEFAULT_CONCURRENCY = 4;

const ACCEPT_HTML = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';

/** Paths that name a file that is certainly not a web page: skipped without a request. */
const NON_HTML_EXTENSION =
  /\.(pdf|jpe?g|png|gif|webp|avif|svg|mp[34]|m4a|webm|mov|avi|wav|ogg|flac|zip|gz|tgz|bz2|xz|7z|rar|tar|exe|dmg|iso|apk|docx?|xlsx?|pptx?|epub|csv)$/i;

export interface ArticleDeps {
  store: Store;
  fetcher: Fetcher;
  clock: Clock;
  log: Log;
  /** Shared across runs of one process; a new one (empty cache) when absent. */
  robots?: RobotsPolicy;
}

export interface FetchArticlesOptions {
  /** Posts to look at in this run, newest first. */
  limit: number;
  /** Only posts in no story yet (the main job, before it places them). */
  unplacedOnly?: boolean;
  concurrency?: number;
  maxBodyBytes?: number;
}

export interface ArticleResult {
  postId: string;
  url: string;
  status: DocumentStatus;
  message?: string;
}

export interface FetchArticlesReport {
  /** Extracted and stored (`ok`). */
  fetched: number;
  /** Fetch failed (`error`): recorded, tried again after a day. */
  failed: number;
  /** Not fetched or nothing to keep: `robots` and `skipped`. */
  skipped: number;
  results: ArticleResult[];
}

/**
 * The articles stage: for each post whose link has no document yet, fetch the page (untrusted:
 * the address guard applies; robots.txt honoured; the fetcher keeps per-host politeness),
 * extract it and store a document — or record why not, so the next run does not ask again at
 * once. One link's failure never stops the others.
 */
export async function fetchArticles(
  deps: ArticleDeps,
  options: FetchArticlesOptions,
): Promise<FetchArticlesReport> {
  const robots = deps.robots ?? createRobotsPolicy({ fetcher: deps.fetcher, clock: deps.clock });
  const posts = await listPostsNeedingDocuments(deps.store.db, {
    limit: options.limit,
    now: deps.clock.now(),
    unplacedOnly: options.unplacedOnly ?? false,
  });
  const maxBodyBytes = options.maxBodyBytes ?? ARTICLE_MAX_BODY_BYTES;
  const results: ArticleResult[] = new Array(posts.length);
  let next = 0;
  // A small pool of workers over the list; each item settles on its own (processPost never rejects).
  const worker = async () => {
    for (let index = next++; index < posts.length; index = next++) {
      const post = posts[index];
      if (post) results[index] = await processPost(deps, robots, post, maxBodyBytes);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, posts.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  const report: FetchArticlesReport = {
    fetched: results.filter((r) => r.status === 'ok').length,
    failed: results.filter((r) => r.status === 'error').length,
    skipped: results.filter((r) => r.status === 'robots' || r.status === 'skipped').length,
    results,
  };
  deps.log.info(
    { posts: posts.length, fetched: report.fetched, failed: report.failed, skipped: report.skipped },
    'articles fetched',
  );
  return report;
}

/** The outcome of one link, before it is stored. */
type Outcome =
  | { status: 'ok'; url: string; document: ExtractedArticle }
  | { status: Exclude<DocumentStatus, 'ok'>; url: string; message: string };

async function processPost(
  deps: ArticleDeps,
  robots: RobotsPolicy,
  post: PostNeedingDocument,
  maxBodyBytes: number,
): Promise<ArticleResult> {
  const fields = { postId: post.postId, url: post.url };
  try {
    const outcome = await fetchOne(deps.fetcher, robots, post, maxBodyBytes);
    const now = deps.clock.now();
    if (outcome.status === 'ok') {
      const { document } = outcome;
      await upsertDocument(
        deps.store.db,
        {
          dedupKey: post.dedupKey,
          url: outcome.url,
          postId: post.postId,
          canonicalUrl: document.canonicalUrl,
          canonicalKey: document.canonicalUrl ? dedupKey(document.canonicalUrl) : null,
          title: document.title,
          byline: document.byline,
          site: document.site,
          text: document.text,
          html: document.html,
        },
        now,
      );
      deps.log.info({ ...fields, status: 'ok', chars: document.text.length }, 'article stored');
      return { postId: post.postId, url: post.url, status: 'ok' };
    }
    await recordDocumentFailure(
      deps.store.db,
      {
        dedupKey: post.dedupKey,
        url: outcome.url,
        postId: post.postId,
        status: outcome.status,
        message: outcome.message,
      },
      now,
    );
    const level = outcome.status === 'error' ? 'warn' : 'info';
    deps.log[level]({ ...fields, status: outcome.status, reason: outcome.message }, 'article not stored');
    return { postId: post.postId, url: post.url, status: outcome.status, message: outcome.message };
  } catch (error) {
    // Not an expected failure of the link (the store, a bug): not recorded, so the next run retries.
    const message = errorMessage(error);
    deps.log.error({ ...fields, error: message }, 'article failed');
    return { postId: post.postId, url: post.url, status: 'error', message };
  }
}

async function fetchOne(
  fetcher: Fetcher,
  robots: RobotsPolicy,
  post: PostNeedingDocument,
  maxBodyBytes: number,
): Promise<Outcome> {
  const url = fetchableUrl(post.url);
  if (url === null) return { status: 'skipped', url: post.url, message: 'not an http(s) link' };
  const extension = NON_HTML_EXTENSION.exec(new URL(url).pathname)?.[1];
  if (extension) return { status: 'skipped', url, message: `not an HTML page (.${extension.toLowerCase()})` };
  try {
    const verdict = await robots.check(url);
    if (!verdict.allowed) return { status: 'robots', url, message: verdict.message };
    const response = await fetcher.fetch({
      url,
      trusted: false,
      maxBodyBytes,
      headers: { accept: ACCEPT_HTML },
    });
    if (response.status >= 400) {
      return {
        status: 'error',
        url,
        message: `articles: unable to fetch ${url} (status ${response.status})`,
      };
    }
    // The fetcher follows redirects itself: a hop to another origin is checked after the fact,
    // and a page its robots.txt disallows is not kept.
    if (new URL(response.url).origin !== new URL(url).origin) {
      const after = await robots.check(response.url);
      if (!after.allowed) return { status: 'robots', url: response.url, message: after.message };
    }
    const contentType = response.headers['content-type'];
    if (!isHtmlContentType(contentType)) {
      return { status: 'skipped', url: response.url, message: `not an HTML page (${contentType})` };
    }
    const article = extractArticle(decodeHtmlBody(response.body, contentType), response.url);
    if (article === null)
      return { status: 'skipped', url: response.url, message: 'no readable article on the page' };
    return { status: 'ok', url: response.url, document: article };
  } catch (error) {
    // Refused addresses, timeouts, 5xx, oversized bodies: the link's failure, recorded as such.
    if (error instanceof FetchError) return { status: 'error', url, message: error.message };
    throw error;
  }
}
