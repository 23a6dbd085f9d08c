/**
 * The numbered sources of a briefing. Statements are composed citing SourceText ids; the list is
 * numbered once everything is chosen: the story's posts first (oldest first), then linked
 * documents, then the comments that are quoted or cited (oldest first). Comments are sources of
 * their own, linked to their place in the thread.
 */
import { postSourceText, type SourceText } from '../extract/types.js';
import type { BriefingInput, BriefingPostInput, BriefingSource } from './types.js';

/** A http(s) URL as given, or null: no other scheme is ever linked. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null; // not a URL: nothing to link
  }
}

/** The link to a comment: HN item page, Reddit comment permalink, else its post's page. */
export function commentUrl(commentId: string, post: BriefingPostInput | undefined): string | null {
  const hn = /^hn:(\d+)$/.exec(commentId);
  if (hn) return `https://news.ycombinator.com/item?id=${hn[1]}`;
  const reddit = /^reddit:(?:t1_)?([a-z0-9]+)$/i.exec(commentId);
  const redditPost = post ? /^reddit:(?:t3_)?([a-z0-9]+)$/i.exec(post.id) : null;
  if (reddit && redditPost) return `https://www.reddit.com/comments/${redditPost[1]}/_/${reddit[1]}/`;
  return post ? safeUrl(post.permalink ?? post.url) : null;
}

function hostOf(url: string | null): string | null {
  const safe = safeUrl(url);
  return safe ? new URL(safe).hostname.replace(/^www\./, '') : null;
}

function byTimeThenId(
  a: { publishedAt: number; id: string },
  b: { publishedAt: number; id: string },
): number {
  return a.publishedAt - b.publishedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** What the composer knows about every text of the story, by SourceText id. */
export interface SourceCatalogue {
  /** Every text that may be quoted: the input's sources, plus posts and comments missing there. */
  texts: Map<string, SourceText>;
  posts: Map<string, BriefingPostInput>;
  /** The post a comment belongs to. */
  postOfComment: Map<string, string | null>;
  /** The post whose link a document is. */
  postOfDocument: Map<string, BriefingPostInput>;
}

export function catalogueSources(input: BriefingInput): SourceCatalogue {
  const texts = new Map<string, SourceText>();
  for (const source of input.sources) texts.set(source.id, source);
  const posts = new Map(input.posts.map((post) => [post.id, post]));
  for (const post of input.posts) {
    if (!texts.has(post.id)) {
      texts.set(post.id, {
        id: post.id,
        kind: 'post',
        community: post.community,
        publishedAt: post.publishedAt,
        author: post.author,
        text: postSourceText(post),
      });
    }
  }
  const postOfComment = new Map<string, string | null>();
  for (const comment of input.comments) {
    postOfComment.set(comment.id, comment.postId);
    if (!texts.has(comment.id) && comment.text.trim() !== '') {
      texts.set(comment.id, {
        id: comment.id,
        kind: 'comment',
        community: comment.community,
        publishedAt: comment.publishedAt,
        author: comment.author,
        text: comment.text,
      });
    }
  }
  const postOfDocument = new Map<string, BriefingPostInput>();
  const sortedPosts = [...input.posts].sort(byTimeThenId);
  for (const source of texts.values()) {
    if (source.kind !== 'document') continue;
    const key = source.id.startsWith('doc:') ? source.id.slice(4) : source.id;
    const post =
      sortedPosts.find((p) => p.dedupKey === key) ??
      sortedPosts.find((p) => p.url !== null && hostOf(p.url) === source.community);
    if (post) postOfDocument.set(source.id, post);
  }
  return { texts, posts, postOfComment, postOfDocument };
}

const KIND_ORDER: Record<SourceText['kind'], number> = { post: 0, document: 1, comment: 2 };

/**
 * Numbers the sources: every post and document of the story, and the comments in `cited`.
 * Returns the list and the number of each SourceText id.
 */
export function numberSources(
  catalogue: SourceCatalogue,
  cited: ReadonlySet<string>,
): { sources: BriefingSource[]; numberOf: Map<string, number> } {
  const chosen = [...catalogue.texts.values()].filter(
    (source) => source.kind !== 'comment' || cited.has(source.id),
  );
  chosen.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || byTimeThenId(a, b));
  const numberOf = new Map<string, number>();
  const sources = chosen.map((source, index): BriefingSource => {
    const n = index + 1;
    numberOf.set(source.id, n);
    return { n, ...describeSource(source, catalogue) };
  });
  return { sources, numberOf };
}

function describeSource(source: SourceText, catalogue: SourceCatalogue): Omit<BriefingSource, 'n'> {
  const base = {
    id: source.id,
    kind: source.kind,
    community: source.community,
    author: source.author,
    publishedAt: source.publishedAt,
  };
  if (source.kind === 'post') {
    const post = catalogue.posts.get(source.id);
    return {
      ...base,
      title: post?.title ?? firstLine(source.text),
      url: safeUrl(post?.permalink ?? post?.url),
    };
  }
  if (source.kind === 'document') {
    const post = catalogue.postOfDocument.get(source.id);
    return { ...base, title: post?.title ?? firstLine(source.text), url: safeUrl(post?.url) };
  }
  const postId = catalogue.postOfComment.get(source.id) ?? null;
  const post = postId ? catalogue.posts.get(postId) : undefined;
  return { ...base, title: post?.title ?? '', url: commentUrl(source.id, post) };
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
