import { parseAtomFeed } from 'feedsmith';
import { Parser } from 'htmlparser2';
import { z } from 'zod';
import { ParseError } from '../../errors.js';
import type { Comment, ParsedBatch, Post } from '../../model.js';
import { htmlToText, sanitizeHtml } from '../../text/html.js';
import { dedupKey, fetchableUrl } from '../../urls/canonical.js';

/**
 * Reddit payloads → posts and comments. The same functions read the API's `data` object of a
 * t3/t1 thing and a Pushshift / Arctic Shift NDJSON row (same field names; `created_utc` may be a
 * numeric string there; `name` may be missing). Bodies are markdown and stay so in `text`; `*_html`
 * (sent with raw_json=1) is sanitised into `html`.
 */

const REDDIT_WEB = 'https://www.reddit.com';
const GONE_BODIES = new Set(['[deleted]', '[removed]']);

export function redditPostId(base36: string): string {
  return `reddit:t3_${base36}`;
}

export function redditCommentId(base36: string): string {
  return `reddit:t1_${base36}`;
}

/** A `kind: "more"` stub: comments the tree left out, to fetch through /api/morechildren. */
export interface MoreStub {
  /** The comment the hidden ones answer (`reddit:t1_…`), or null when they answer the post. */
  parentId: string | null;
  /** Base36 ids (no prefix) as /api/morechildren wants them. Empty for "continue this thread". */
  children: string[];
  /** How many comments hide behind it (0 for "continue this thread"). */
  count: number;
}

const createdUtcSchema = z.union([
  z.number(),
  z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .transform(Number),
]);
const base36Schema = z.string().regex(/^[a-z0-9]+$/i);

const postDataSchema = z.object({
  id: base36Schema,
  subreddit: z.string().min(1),
  title: z.string(),
  selftext: z.string().nullish(),
  selftext_html: z.string().nullish(),
  url: z.string().nullish(),
  permalink: z.string().nullish(),
  author: z.string().nullish(),
  score: z.number().nullish(),
  num_comments: z.number().nullish(),
  created_utc: createdUtcSchema,
  is_self: z.boolean().nullish(),
  removed_by_category: z.string().nullish(),
});

const commentDataSchema = z.object({
  id: base36Schema,
  link_id: z.string().regex(/^(t3_)?[a-z0-9]+$/i),
  parent_id: z.string().regex(/^(t[13]_)?[a-z0-9]+$/i),
  body: z.string().nullish(),
  body_html: z.string().nullish(),
  author: z.string().nullish(),
  score: z.number().nullish(),
  score_hidden: z.boolean().nullish(),
  created_utc: createdUtcSchema,
  depth: z.number().int().nullish(),
});

/** A t3 `data` object or an archive submission row → Post. */
export function postFromRedditData(data: unknown): Post {
  const post = parseShape(postDataSchema, data, 'reddit: unable to parse post');
  const selftext = post.selftext ?? '';
  const deleted = GONE_BODIES.has(selftext) || Boolean(post.removed_by_category);
  const permalinkPath = post.permalink ?? `/r/${post.subreddit}/comments/${post.id}/`;
  const permalink = absoluteRedditUrl(permalinkPath);
  const isSelf = post.is_self ?? isOwnPermalink(post.url, post.id);
  const url = isSelf ? null : fetchableUrl(post.url ? absoluteRedditUrl(post.url) : null);
  return {
    id: redditPostId(post.id),
    kind: 'reddit',
    community: `r/${post.subreddit}`,
    title: post.title,
    text: deleted ? '' : selftext,
    html: deleted || !post.selftext_html ? null : sanitizeRedditHtml(post.selftext_html),
    url,
    dedupKey: url ? dedupKey(url) : null,
    permalink,
    author: authorName(post.author),
    score: post.score ?? null,
    commentCount: post.num_comments ?? null,
    publishedAt: Math.round(post.created_utc * 1000),
    deleted,
  };
}

export interface CommentContext {
  /** Depth when the caller knows it from the tree (wins over nothing, loses to the API's `depth`). */
  depth?: number | null;
}

/**
 * A t1 `data` object or an archive comment row → Comment. postId comes from `link_id`; a `t3_`
 * parent means a top-level comment (parentId null, depth 0).
 */
export function commentFromRedditData(data: unknown, context: CommentContext = {}): Comment {
  const comment = parseShape(commentDataSchema, data, 'reddit: unable to parse comment');
  const body = comment.body ?? '';
  const deleted = GONE_BODIES.has(body);
  const postBase = stripPrefix(comment.link_id);
  const parentIsPost = comment.parent_id.startsWith('t3_') || stripPrefix(comment.parent_id) === postBase;
  const depth = comment.depth ?? (parentIsPost ? 0 : (context.depth ?? null));
  return {
    id: redditCommentId(comment.id),
    postId: redditPostId(postBase),
    parentId: parentIsPost ? null : redditCommentId(stripPrefix(comment.parent_id)),
    author: deleted ? null : authorName(comment.author),
    text: deleted ? '' : body,
    score: comment.score_hidden ? null : (comment.score ?? null),
    publishedAt: Math.round(comment.created_utc * 1000),
    depth,
    deleted,
  };
}

const thingSchema = z.looseObject({ kind: z.string(), data: z.unknown() });
const listingSchema = z.looseObject({
  kind: z.literal('Listing'),
  data: z.looseObject({ children: z.array(thingSchema), after: z.string().nullish() }),
});
const moreDataSchema = z.looseObject({
  parent_id: z.string(),
  children: z.array(z.string()),
  count: z.number().int().nonnegative(),
});

/** A Listing of t3 (subreddit listing) or t1 (user comments) things. Other kinds are skipped. */
export function parseListing(json: unknown): ParsedBatch {
  const listing = parseShape(listingSchema, json, 'reddit: unable to parse listing');
  const batch: ParsedBatch = { posts: [], comments: [] };
  for (const thing of listing.data.children) {
    if (thing.kind === 't3') batch.posts.push(postFromRedditData(thing.data));
    else if (thing.kind === 't1') batch.comments.push(commentFromRedditData(thing.data));
  }
  return batch;
}

const threadSchema = z.tuple([listingSchema, listingSchema]);

/**
 * `/comments/<id>`: `[post Listing, comment Listing]`. Walks `replies` (a Listing, or "" on a
 * leaf) depth first and collects every `more` stub, including "continue this thread" ones
 * (count 0, no children).
 */
export function parseThread(json: unknown): { batch: ParsedBatch; more: MoreStub[] } {
  const [postListing, commentListing] = parseShape(threadSchema, json, 'reddit: unable to parse thread');
  const batch = parseListing(postListing);
  const more: MoreStub[] = [];
  walkThings(commentListing.data.children, 0, batch.comments, more);
  return { batch, more };
}

function walkThings(
  things: Array<z.infer<typeof thingSchema>>,
  depth: number,
  out: Comment[],
  more: MoreStub[],
) {
  for (const thing of things) {
    if (thing.kind === 'more') {
      more.push(moreFromData(thing.data));
    } else if (thing.kind === 't1') {
      const comment = commentFromRedditData(thing.data, { depth });
      out.push(comment);
      const replies = (thing.data as { replies?: unknown }).replies;
      if (replies !== undefined && replies !== '' && replies !== null) {
        const listing = parseShape(
          listingSchema,
          replies,
          `reddit: unable to parse replies of ${comment.id}`,
        );
        walkThings(listing.data.children, (comment.depth ?? depth) + 1, out, more);
      }
    }
  }
}

function moreFromData(data: unknown): MoreStub {
  const more = parseShape(moreDataSchema, data, 'reddit: unable to parse "more" stub');
  return {
    parentId: more.parent_id.startsWith('t1_') ? redditCommentId(stripPrefix(more.parent_id)) : null,
    children: more.children,
    count: more.count,
  };
}

const moreChildrenSchema = z.looseObject({
  json: z.looseObject({
    errors: z.array(z.unknown()).optional(),
    data: z.looseObject({ things: z.array(thingSchema) }).optional(),
  }),
});

/**
 * `/api/morechildren?api_type=json`: `json.data.things`, a flat list of t1 and `more` things.
 * Depths come from the API's `depth` when sent, else from a parent within the response, else null
 * (see `resolveDepths` to finish them against the rest of the thread).
 */
export function parseMoreChildren(json: unknown, postId: string): { comments: Comment[]; more: MoreStub[] } {
  const response = parseShape(moreChildrenSchema, json, 'reddit: unable to parse morechildren response');
  const errors = response.json.errors ?? [];
  if (errors.length > 0 || !response.json.data) {
    throw new ParseError(`reddit: morechildren for ${postId} answered errors ${JSON.stringify(errors)}`);
  }
  const comments: Comment[] = [];
  const more: MoreStub[] = [];
  for (const thing of response.json.data.things) {
    if (thing.kind === 't1') {
      const comment = commentFromRedditData(thing.data);
      if (comment.postId !== postId) {
        throw new ParseError(
          `reddit: morechildren for ${postId} returned ${comment.id} of ${comment.postId}`,
        );
      }
      comments.push(comment);
    } else if (thing.kind === 'more') {
      more.push(moreFromData(thing.data));
    }
  }
  return { comments: resolveDepths(comments), more };
}

/**
 * Fills unknown depths from the parent chain: a comment whose parent has depth d gets d + 1. Takes
 * the whole thread (tree plus expanded comments) in any order; depths that stay unknown stay null.
 */
export function resolveDepths(comments: Comment[]): Comment[] {
  const byId = new Map(comments.map((comment) => [comment.id, comment]));
  const depths = new Map<string, number | null>();
  const depthOf = (comment: Comment, seen: Set<string>): number | null => {
    const known = depths.get(comment.id);
    if (known !== undefined) return known;
    let depth = comment.depth;
    if (depth === null && comment.parentId !== null && !seen.has(comment.id)) {
      seen.add(comment.id);
      const parent = byId.get(comment.parentId);
      const parentDepth = parent ? depthOf(parent, seen) : null;
      depth = parentDepth === null ? null : parentDepth + 1;
    }
    depths.set(comment.id, depth);
    return depth;
  };
  return comments.map((comment) => {
    const depth = depthOf(comment, new Set());
    return depth === comment.depth ? comment : { ...comment, depth };
  });
}

/**
 * A subreddit's Atom feed (`/r/<sub>/.rss`). Each entry has id `t3_…`, a title, the comments page
 * as its link, `/u/<name>` as author and HTML content holding the self text between `SC_OFF` /
 * `SC_ON` markers and a `[link]` anchor to the article (or to the post itself for a self post).
 * No scores or comment counts: Reddit's feed does not carry them.
 */
export function parseSubredditFeed(xml: string, fallbackCommunity: string): ParsedBatch {
  let feed: ReturnType<typeof parseAtomFeed<string>>;
  try {
    feed = parseAtomFeed<string>(xml);
  } catch (error) {
    throw new ParseError(`reddit: unable to parse Atom feed of ${fallbackCommunity}`, { cause: error });
  }
  const posts: Post[] = [];
  for (const entry of feed.entries ?? []) {
    const id = /^t3_([a-z0-9]+)$/i.exec(entry.id ?? '')?.[1];
    if (!id) throw new ParseError(`reddit: feed entry "${entry.id}" of ${fallbackCommunity} has no t3_ id`);
    const permalink = fetchableUrl(entry.links?.find((link) => !link.rel || link.rel === 'alternate')?.href);
    const content = parseFeedContent(entry.content?.value ?? '');
    const ownPage = content.link !== null && isOwnPermalink(content.link, id);
    const url = ownPage ? null : fetchableUrl(content.link);
    const published = Date.parse(entry.published ?? entry.updated ?? '');
    if (Number.isNaN(published)) throw new ParseError(`reddit: feed entry t3_${id} has no usable date`);
    const label = entry.categories?.find((category) => category.label?.startsWith('r/'))?.label;
    const selfHtml = content.selfHtml;
    posts.push({
      id: redditPostId(id),
      kind: 'reddit',
      community: label ?? fallbackCommunity,
      title: entry.title?.value ?? '',
      text: selfHtml ? htmlToText(selfHtml) : '',
      html: selfHtml ? sanitizeRedditHtml(selfHtml) : null,
      url,
      dedupKey: url ? dedupKey(url) : null,
      permalink: permalink ?? `${REDDIT_WEB}/comments/${id}/`,
      author: authorName(entry.authors?.[0]?.name?.replace(/^\/u\//, '')),
      score: null,
      commentCount: null,
      publishedAt: published,
      deleted: false,
    });
  }
  return { posts, comments: [] };
}

function parseFeedContent(html: string): { link: string | null; selfHtml: string | null } {
  const marked = /<!-- SC_OFF -->([\s\S]*?)<!-- SC_ON -->/.exec(html);
  let link: string | null = null;
  let href: string | null = null;
  let anchorText = '';
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'a') {
          href = attributes.href ?? null;
          anchorText = '';
        }
      },
      ontext(text) {
        if (href !== null) anchorText += text;
      },
      onclosetag(name) {
        if (name !== 'a') return;
        if (anchorText.trim() === '[link]' && link === null) link = href;
        href = null;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  const selfHtml = marked?.[1]?.trim() || null;
  return { link, selfHtml };
}

/** True when `url` is the post's own comments page (a self post links to itself). */
function isOwnPermalink(url: string | null | undefined, base36: string): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url, REDDIT_WEB);
    const host = parsed.hostname.toLowerCase();
    const isReddit = host === 'reddit.com' || host.endsWith('.reddit.com');
    return isReddit && new RegExp(`/comments/${base36}(/|$)`, 'i').test(parsed.pathname);
  } catch {
    return false;
  }
}

function absoluteRedditUrl(pathOrUrl: string): string {
  return pathOrUrl.startsWith('/') ? `${REDDIT_WEB}${pathOrUrl}` : pathOrUrl;
}

function authorName(author: string | null | undefined): string | null {
  if (!author || author === '[deleted]' || author === '[removed]') return null;
  return author;
}

function stripPrefix(fullname: string): string {
  return fullname.replace(/^t\d_/, '');
}

/** Without raw_json=1 Reddit sends `&lt;div class="md"&gt;…`: undo that one level first. */
function sanitizeRedditHtml(html: string): string {
  const raw = html.trimStart().startsWith('&lt;')
    ? html
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&quot;', '"')
        .replaceAll('&#39;', "'")
        .replaceAll('&amp;', '&')
    : html;
  return sanitizeHtml(raw, REDDIT_WEB);
}

function parseShape<T>(schema: z.ZodType<T>, json: unknown, message: string): T {
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new ParseError(`${message} (${z.prettifyError(result.error).replaceAll('\n', '; ')})`, {
      cause: result.error,
    });
  }
  return result.data;
}
