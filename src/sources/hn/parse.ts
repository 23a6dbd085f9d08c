import { z } from 'zod';
import { ParseError } from '../../errors.js';
import type { Comment, ParsedBatch, Post } from '../../model.js';
import { htmlToText, sanitizeHtml } from '../../text/html.js';
import { dedupKey, fetchableUrl } from '../../urls/canonical.js';

/**
 * Hacker News payloads → posts and comments. Two APIs:
 * - Firebase (https://github.com/HackerNews/API): one item per request; a comment knows only its `parent`.
 * - Algolia HN Search (https://hn.algolia.com/api): `items/:id` gives a whole tree, `search` gives hits.
 * HN text fields are HTML (`<p>`, `&#x27;` …): text is htmlToText, html is sanitised.
 */

export const HN_COMMUNITY = 'Hacker News';
const HN_BASE = 'https://news.ycombinator.com/';

export function hnPostId(id: number | string): string {
  return `hn:${id}`;
}

export function hnPermalink(id: number | string): string {
  return `${HN_BASE}item?id=${id}`;
}

const POST_TYPES = new Set(['story', 'job', 'poll']);

const firebaseItemSchema = z.object({
  id: z.number().int(),
  type: z.enum(['story', 'comment', 'job', 'poll', 'pollopt']),
  by: z.string().optional(),
  time: z.number().optional(),
  text: z.string().optional(),
  title: z.string().optional(),
  url: z.string().optional(),
  score: z.number().optional(),
  descendants: z.number().optional(),
  parent: z.number().int().optional(),
  deleted: z.boolean().optional(),
  dead: z.boolean().optional(),
});

export interface FirebaseItemContext {
  /** The post the comment belongs to, when the caller knows it (it walked down from the story). */
  postId?: string;
}

/**
 * One Firebase item (`/v0/item/<id>.json`). Stories, jobs and polls become posts; a comment becomes a
 * comment whose postId is null (Firebase only names the parent) unless `context.postId` says it.
 * Returns null for `null` (Firebase's answer for an unknown id) and for poll options.
 */
export function parseFirebaseItem(
  json: unknown,
  context: FirebaseItemContext = {},
): { post?: Post; comment?: Comment } | null {
  if (json === null) return null;
  const item = parseShape(firebaseItemSchema, json, 'hn: unable to parse Firebase item');
  if (item.type === 'pollopt') return null;
  const deleted = item.deleted === true || item.dead === true;
  const publishedAt = secondsToMs(item.time, deleted, `hn: Firebase item ${item.id} has no time`);
  // Comments keep no HTML, so only posts pay for sanitising.
  const body = deleted ? emptyBody() : POST_TYPES.has(item.type) ? htmlBody(item.text) : textBody(item.text);
  const author = deleted ? null : (item.by ?? null);
  if (POST_TYPES.has(item.type)) {
    const url = fetchableUrl(item.url);
    return {
      post: {
        id: hnPostId(item.id),
        kind: 'hn',
        community: HN_COMMUNITY,
        title: item.title ?? '',
        ...body,
        url,
        dedupKey: url ? dedupKey(url) : null,
        permalink: hnPermalink(item.id),
        author,
        score: item.score ?? null,
        commentCount: item.descendants ?? null,
        publishedAt,
        deleted,
      },
    };
  }
  if (item.parent === undefined) {
    throw new ParseError(`hn: unable to parse Firebase item ${item.id} (a comment without parent)`);
  }
  const parentId = hnPostId(item.parent);
  const postId = context.postId ?? null;
  const topLevel = postId !== null && parentId === postId;
  return {
    comment: {
      id: hnPostId(item.id),
      postId,
      parentId: topLevel ? null : parentId,
      author,
      text: body.text,
      score: item.score ?? null,
      publishedAt,
      depth: topLevel ? 0 : null,
      deleted,
    },
  };
}

const idListSchema = z.array(z.number().int().nonnegative());

/** `topstories.json`, `newstories.json`, `beststories.json` …: an array of item ids, best first. */
export function parseFirebaseIdList(json: unknown): number[] {
  return parseShape(idListSchema, json, 'hn: unable to parse Firebase id list');
}

interface AlgoliaItem {
  id: number;
  type: string;
  author?: string | null | undefined;
  created_at_i?: number | undefined;
  title?: string | null | undefined;
  url?: string | null | undefined;
  text?: string | null | undefined;
  points?: number | null | undefined;
  parent_id?: number | null | undefined;
  story_id?: number | null | undefined;
  children?: AlgoliaItem[] | undefined;
}

const algoliaItemSchema: z.ZodType<AlgoliaItem> = z.looseObject({
  id: z.number().int(),
  type: z.string(),
  author: z.string().nullish(),
  created_at_i: z.number().optional(),
  title: z.string().nullish(),
  url: z.string().nullish(),
  text: z.string().nullish(),
  points: z.number().nullish(),
  parent_id: z.number().int().nullish(),
  story_id: z.number().int().nullish(),
  get children() {
    return z.array(algoliaItemSchema).optional();
  },
});

/**
 * Algolia `items/:id`: the item and its whole reply tree (`children`). A story, job or poll at the
 * root gives a post and every comment below it with postId, parentId (null for top-level) and depth.
 * A comment at the root gives that subtree; its depth is known only when it answers the story directly.
 * Algolia keeps deleted comments in the tree with neither author nor text: they stay, marked deleted.
 */
export function parseAlgoliaItem(json: unknown): ParsedBatch {
  const root = parseShape(algoliaItemSchema, json, 'hn: unable to parse Algolia item');
  const posts: Post[] = [];
  const comments: Comment[] = [];
  if (POST_TYPES.has(root.type)) {
    const postId = hnPostId(root.id);
    for (const child of root.children ?? [])
      walkAlgoliaComments(child, { postId, parentId: null, depth: 0 }, comments);
    const url = fetchableUrl(root.url);
    const deleted = isAlgoliaDeleted(root);
    posts.push({
      id: postId,
      kind: 'hn',
      community: HN_COMMUNITY,
      title: root.title ?? '',
      ...(deleted ? emptyBody() : htmlBody(root.text)),
      url,
      dedupKey: url ? dedupKey(url) : null,
      permalink: hnPermalink(root.id),
      author: root.author ?? null,
      score: root.points ?? null,
      // Algolia's tree has no descendants count: count the live comments it holds.
      commentCount: comments.filter((comment) => !comment.deleted).length,
      publishedAt: secondsToMs(root.created_at_i, deleted, `hn: Algolia item ${root.id} has no created_at_i`),
      deleted,
    });
  } else if (root.type === 'comment') {
    const postId = root.story_id == null ? null : hnPostId(root.story_id);
    const topLevel = root.story_id != null && root.parent_id === root.story_id;
    const parentId = topLevel || root.parent_id == null ? null : hnPostId(root.parent_id);
    walkAlgoliaComments(root, { postId, parentId, depth: topLevel ? 0 : null }, comments);
  } else if (root.type !== 'pollopt') {
    throw new ParseError(`hn: unable to parse Algolia item ${root.id} (unknown type "${root.type}")`);
  }
  return { posts, comments };
}

interface TreePosition {
  postId: string | null;
  parentId: string | null;
  depth: number | null;
}

function walkAlgoliaComments(item: AlgoliaItem, position: TreePosition, out: Comment[]): void {
  if (item.type !== 'comment') return;
  const id = hnPostId(item.id);
  const deleted = isAlgoliaDeleted(item);
  out.push({
    id,
    postId: position.postId,
    parentId: position.parentId,
    author: deleted ? null : (item.author ?? null),
    text: deleted ? '' : textBody(item.text).text,
    score: item.points ?? null,
    publishedAt: secondsToMs(item.created_at_i, deleted, `hn: Algolia item ${item.id} has no created_at_i`),
    depth: position.depth,
    deleted,
  });
  const below: TreePosition = {
    postId: position.postId,
    parentId: id,
    depth: position.depth === null ? null : position.depth + 1,
  };
  for (const child of item.children ?? []) walkAlgoliaComments(child, below, out);
}

function isAlgoliaDeleted(item: AlgoliaItem): boolean {
  return item.author == null && (item.text == null || item.text === '');
}

const algoliaHitSchema = z.looseObject({
  objectID: z.string().regex(/^\d+$/),
  _tags: z.array(z.string()),
  created_at_i: z.number(),
  author: z.string().nullish(),
  title: z.string().nullish(),
  url: z.string().nullish(),
  story_text: z.string().nullish(),
  comment_text: z.string().nullish(),
  points: z.number().nullish(),
  num_comments: z.number().nullish(),
  story_id: z.number().int().nullish(),
  parent_id: z.number().int().nullish(),
});

const algoliaSearchSchema = z.looseObject({ hits: z.array(z.unknown()) });

/**
 * Algolia `search` / `search_by_date`: story, poll and job hits → posts; comment hits → comments with
 * postId (`story_id`), parentId null when `parent_id` is the story, depth 0 then and null otherwise.
 * `_highlightResult` is ignored; poll options are skipped.
 */
export function parseAlgoliaSearch(json: unknown): ParsedBatch {
  const { hits } = parseShape(algoliaSearchSchema, json, 'hn: unable to parse Algolia search response');
  const posts: Post[] = [];
  const comments: Comment[] = [];
  hits.forEach((raw, index) => {
    const hit = parseShape(algoliaHitSchema, raw, `hn: unable to parse Algolia search hit #${index}`);
    const tags = new Set(hit._tags);
    const publishedAt = hit.created_at_i * 1000;
    if (tags.has('comment')) {
      const topLevel = hit.story_id != null && hit.parent_id === hit.story_id;
      comments.push({
        id: hnPostId(hit.objectID),
        postId: hit.story_id == null ? null : hnPostId(hit.story_id),
        parentId: topLevel || hit.parent_id == null ? null : hnPostId(hit.parent_id),
        author: hit.author ?? null,
        text: textBody(hit.comment_text).text,
        score: hit.points ?? null,
        publishedAt,
        depth: topLevel ? 0 : null,
        deleted: false,
      });
    } else if (tags.has('story') || tags.has('poll') || tags.has('job')) {
      const url = fetchableUrl(hit.url);
      posts.push({
        id: hnPostId(hit.objectID),
        kind: 'hn',
        community: HN_COMMUNITY,
        title: hit.title ?? '',
        ...htmlBody(hit.story_text),
        url,
        dedupKey: url ? dedupKey(url) : null,
        permalink: hnPermalink(hit.objectID),
        author: hit.author ?? null,
        score: hit.points ?? null,
        commentCount: hit.num_comments ?? null,
        publishedAt,
        deleted: false,
      });
    } else if (!tags.has('pollopt')) {
      throw new ParseError(
        `hn: unable to parse Algolia search hit #${index} (tags ${hit._tags.join(',')} name no item type)`,
      );
    }
  });
  return { posts, comments };
}

function htmlBody(html: string | null | undefined): { text: string; html: string | null } {
  if (!html) return { text: '', html: null };
  return { text: htmlToText(html), html: sanitizeHtml(html, HN_BASE) };
}

function textBody(html: string | null | undefined): { text: string; html: null } {
  return { text: html ? htmlToText(html) : '', html: null };
}

function emptyBody(): { text: string; html: null } {
  return { text: '', html: null };
}

/** Deleted items may come without a time: 0 then stands for "unknown" rather than dropping the row. */
function secondsToMs(seconds: number | undefined, deleted: boolean, message: string): number {
  if (seconds !== undefined) return seconds * 1000;
  if (deleted) return 0;
  throw new ParseError(message);
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
