import { z } from 'zod';
import { errorMessage, FetchError, ParseError } from '../../errors.js';
import type { FetchResponse } from '../../http/types.js';
import type { Comment, Post } from '../../model.js';
import type { PollContext, PollResult, Source } from '../types.js';
import { parseAlgoliaItem, parseFirebaseIdList, parseFirebaseItem } from './parse.js';

/**
 * Hacker News: the list and its items from the official Firebase API (no published rate limit),
 * whole threads from Algolia's `items/:id` (one call per thread, about 10,000 calls an hour).
 */

const baseUrlSchema = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

export const hnSettingsSchema = z
  .object({
    firebaseUrl: baseUrlSchema.default('https://hacker-news.firebaseio.com/v0'),
    algoliaUrl: baseUrlSchema.default('https://hn.algolia.com/api/v1'),
  })
  .strict();
export type HnSettings = z.infer<typeof hnSettingsSchema>;

export const hnSourceSchema = z
  .object({
    kind: z.literal('hn'),
    id: z.string().min(1).optional(),
    list: z.enum(['top', 'new', 'best']).default('top'),
    limit: z.number().int().min(1).max(500).default(30),
    comments: z.boolean().default(true),
    pollEveryMin: z.number().positive().default(15),
  })
  .strict();
export type HnSourceConfig = z.infer<typeof hnSourceSchema>;

export function createHnSource(entry: HnSourceConfig, settings: HnSettings): Source {
  const id = entry.id ?? `hn-${entry.list}`;
  return {
    id,
    kind: 'hn',
    url: null,
    pollEveryMin: entry.pollEveryMin,
    describe: () =>
      `Hacker News ${entry.list} stories (${entry.limit}, ${entry.comments ? 'with comments' : 'no comments'})`,
    poll: (context) => pollHn({ id, entry, settings }, context),
  };
}

interface HnPoll {
  id: string;
  entry: HnSourceConfig;
  settings: HnSettings;
}

async function pollHn({ id, entry, settings }: HnPoll, context: PollContext): Promise<PollResult> {
  const warnings: string[] = [];
  const listUrl = `${settings.firebaseUrl}/${entry.list}stories.json`;
  const listResponse = await context.fetcher.fetch({ url: listUrl, trusted: true });
  const ids = parseFirebaseIdList(readJson(listResponse, 'list')).slice(0, entry.limit);

  const items = await Promise.allSettled(
    ids.map(async (itemId) => {
      const response = await context.fetcher.fetch({
        url: `${settings.firebaseUrl}/item/${itemId}.json`,
        trusted: true,
      });
      const parsed = parseFirebaseItem(readJson(response, `item ${itemId}`));
      if (!parsed) throw new ParseError(`hn: item ${itemId} is missing (Firebase answered null)`);
      return parsed;
    }),
  );
  const posts: Post[] = [];
  items.forEach((item, index) => {
    if (item.status === 'rejected')
      warnings.push(`hn: unable to fetch item ${ids[index]} (${errorMessage(item.reason)})`);
    else if (item.value.post) posts.push(item.value.post);
  });

  const comments: Comment[] = [];
  const failedThreads = new Set<string>();
  if (entry.comments) {
    const known = await context.lookupPosts(posts.map((post) => post.id));
    const stale = posts.filter((post) => {
      if (post.deleted || !post.commentCount) return false;
      const stored = known.get(post.id);
      // Refetch when the count moved since the last fetch, or when that fetch stored nothing.
      return !stored || stored.commentCount !== post.commentCount || stored.storedComments === 0;
    });
    const threads = await Promise.allSettled(
      stale.map(async (post) => {
        const itemId = post.id.slice('hn:'.length);
        const response = await context.fetcher.fetch({
          url: `${settings.algoliaUrl}/items/${itemId}`,
          trusted: true,
        });
        return parseAlgoliaItem(readJson(response, `thread ${itemId}`)).comments;
      }),
    );
    threads.forEach((thread, index) => {
      if (thread.status === 'fulfilled') comments.push(...thread.value);
      else {
        const postId = stale[index]?.id ?? '';
        failedThreads.add(postId);
        warnings.push(`hn: unable to fetch thread ${postId} (${errorMessage(thread.reason)})`);
      }
    });
  }
  // A thread that failed goes out without a count, so the next poll sees a change and asks again.
  const batchPosts = posts.map((post) =>
    failedThreads.has(post.id) ? { ...post, commentCount: null } : post,
  );

  context.log.info({ sourceId: id, posts: posts.length, comments: comments.length }, 'hn polled');
  return { batch: { posts: batchPosts, comments }, status: listResponse.status, warnings };
}

/** The fetcher resolves for 4xx other than 429: anything but 200 is a failure here. */
function readJson(response: FetchResponse, what: string): unknown {
  if (response.status !== 200) {
    throw new FetchError(`hn: unable to fetch ${what} from ${response.url} (status ${response.status})`, {
      url: response.url,
      status: response.status,
      reason: 'status',
    });
  }
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch (error) {
    throw new ParseError(`hn: unable to parse ${what} from ${response.url} (not JSON)`, { cause: error });
  }
}
