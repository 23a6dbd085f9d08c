import type { ClusterPost } from '../cluster/types.js';
import type { Comment, Post, SourceKind, SourceState } from '../model.js';
import type { DocumentInput } from '../store/documents.js';

/** A post with defaults, for tests. */
export function makePost(overrides: Partial<Post> & { id: string }): Post {
  return {
    kind: 'hn',
    community: 'Hacker News',
    title: `Title of ${overrides.id}`,
    text: '',
    html: null,
    url: null,
    dedupKey: null,
    permalink: null,
    author: 'alice',
    score: 1,
    commentCount: 0,
    publishedAt: Date.UTC(2026, 10, 1),
    deleted: false,
    ...overrides,
  };
}

/** What the clusterer reads of a post (no linked document, no comments). */
export function clusterPostOf(post: Post): ClusterPost {
  return {
    id: post.id,
    community: post.community,
    publishedAt: post.publishedAt,
    title: post.title,
    text: post.text,
    dedupKey: post.dedupKey,
  };
}

export function makeComment(overrides: Partial<Comment> & { id: string }): Comment {
  return {
    postId: 'hn:1',
    parentId: null,
    author: 'bob',
    text: `Text of ${overrides.id}`,
    score: null,
    publishedAt: Date.UTC(2026, 10, 1, 1),
    depth: null,
    deleted: false,
    ...overrides,
  };
}

/** A source's state as it is before its first poll, for tests. */
export function makeSourceState(
  id: string,
  kind: SourceKind,
  overrides: Partial<SourceState> = {},
): SourceState {
  return {
    id,
    kind,
    url: null,
    enabled: true,
    etag: null,
    lastModified: null,
    cursor: null,
    nextCheckAt: null,
    lastFetchAt: null,
    lastStatus: null,
    lastNewItems: null,
    consecutiveErrors: 0,
    lastError: null,
    blockedReason: null,
    disabledReason: null,
    ...overrides,
  };
}

/** An extracted article for the documents store; `url` is the dedup key unless given. */
export function makeDocument(dedupKey: string, extra: Partial<DocumentInput> = {}): DocumentInput {
  return {
    dedupKey,
    url: dedupKey,
    postId: null,
    canonicalUrl: null,
    canonicalKey: null,
    title: 'Cable approved',
    byline: 'Maja',
    site: 'Baltic Wire',
    text: 'The cable was approved.',
    html: '<p>The cable was approved.</p>',
    ...extra,
  };
}
