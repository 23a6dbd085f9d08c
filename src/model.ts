/**
 * Shared types. Times are epoch milliseconds (numbers) everywhere: `publishedAt`,
 * `fetchedAt`, `nextCheckAt` … Ids are source-qualified strings:
 * posts `hn:<id>`, `reddit:t3_<id>`, `feed:<hash>`; comments `hn:<id>`, `reddit:t1_<id>`.
 */

export type SourceKind = 'hn' | 'reddit' | 'feed';

/** A post as the sources produce it and the store keeps it. */
export interface Post {
  id: string;
  kind: SourceKind;
  /** `Hacker News`, `r/<subreddit>` as Reddit spells it, or a feed's site name. */
  community: string;
  title: string;
  /** Plain text of the post body (self text, feed summary/content), may be empty. */
  text: string;
  /** Sanitised HTML of the body when the source gave HTML, else null. */
  html: string | null;
  /** The link to fetch (an article), or null for a text post. */
  url: string | null;
  /** Dedup key of `url` (see urls/canonical.ts), or null. */
  dedupKey: string | null;
  /** The post's own page at its community (HN item page, Reddit permalink, feed item link). */
  permalink: string | null;
  author: string | null;
  score: number | null;
  commentCount: number | null;
  publishedAt: number;
  /** Upstream deleted or removed it: text is purged, the row stays. */
  deleted: boolean;
}

export interface Comment {
  id: string;
  /** Null when only the parent is known (archive items); the store resolves it from the parent chain. */
  postId: string | null;
  /** The parent comment id, or null when it answers the post directly. */
  parentId: string | null;
  author: string | null;
  text: string;
  score: number | null;
  publishedAt: number;
  /** 0 for a top-level comment; null when not known yet (archive comments arriving alone). */
  depth: number | null;
  deleted: boolean;
}

/** A linked article's extracted text (filled by the articles stage). */
export interface ArticleDocument {
  url: string;
  dedupKey: string;
  canonicalUrl: string | null;
  title: string | null;
  byline: string | null;
  site: string | null;
  text: string;
  html: string | null;
  fetchedAt: number;
}

/** What a parser yields: posts and comments in any order. */
export interface ParsedBatch {
  posts: Post[];
  comments: Comment[];
}

/** A configured source's polling state, as stored. */
export interface SourceState {
  id: string;
  kind: SourceKind;
  url: string | null;
  enabled: boolean;
  etag: string | null;
  lastModified: string | null;
  cursor: string | null;
  nextCheckAt: number | null;
  lastFetchAt: number | null;
  lastStatus: number | null;
  lastNewItems: number | null;
  consecutiveErrors: number;
  lastError: string | null;
  blockedReason: string | null;
  disabledReason: string | null;
}
