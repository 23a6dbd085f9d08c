import { z } from 'zod';
import { FetchError } from '../../errors.js';
import type { FetchResponse } from '../../http/types.js';
import type { PollContext, PollResult, Source } from '../types.js';
import { parseFeed } from './parse.js';

/**
 * RSS, Atom, RDF and JSON Feed: one configured URL, polled with conditional GET. The server's
 * hints are honoured: RSS `ttl`/`sy:updatePeriod` and Cache-Control max-age delay the next poll,
 * a permanent redirect moves the source, 410 Gone disables it.
 */

export const feedSourceSchema = z
  .object({
    kind: z.literal('feed'),
    id: z.string().min(1).optional(),
    url: z.url({ protocol: /^https?$/ }),
    /** Overrides the community name taken from the feed's title. */
    name: z.string().min(1).optional(),
    pollEveryMin: z.number().positive().default(30),
  })
  .strict();
export type FeedSourceConfig = z.infer<typeof feedSourceSchema>;

export function createFeedSource(entry: FeedSourceConfig): Source {
  const id = entry.id ?? `feed-${new URL(entry.url).hostname}`;
  return {
    id,
    kind: 'feed',
    url: entry.url,
    pollEveryMin: entry.pollEveryMin,
    describe: () =>
      `Feed ${entry.name ? `"${entry.name}" ` : ''}${entry.url} (every ${entry.pollEveryMin} min)`,
    poll: (context) => pollFeed(entry, context),
  };
}

async function pollFeed(entry: FeedSourceConfig, context: PollContext): Promise<PollResult> {
  const url = context.state.url ?? entry.url;
  const response = await context.fetcher.fetch({
    url,
    trusted: true,
    etag: context.state.etag,
    lastModified: context.state.lastModified,
  });
  const now = context.clock.now();
  const validators = {
    etag: response.headers.etag ?? context.state.etag,
    lastModified: response.headers['last-modified'] ?? context.state.lastModified,
  };
  const movedTo = response.permanentUrl && response.permanentUrl !== url ? response.permanentUrl : null;
  const empty = { posts: [], comments: [] };

  if (response.notModified || response.status === 304) {
    return {
      batch: empty,
      status: 304,
      ...validators,
      movedTo,
      nextCheckAt: nextCheckAt(now, null, response),
      warnings: [],
    };
  }
  if (response.status === 410) {
    return { batch: empty, status: 410, disable: `feed: ${url} answered 410 Gone`, warnings: [] };
  }
  if (response.status < 200 || response.status >= 300) {
    throw new FetchError(`feed: unable to fetch ${url} (HTTP ${response.status})`, {
      url,
      status: response.status,
      reason: 'status',
    });
  }

  const feed = parseFeed(response.body, {
    feedUrl: response.url || url,
    idScope: entry.url,
    now,
    contentType: response.headers['content-type'] ?? null,
  });
  const posts = entry.name
    ? feed.posts.map((post) => ({ ...post, community: entry.name ?? post.community }))
    : feed.posts;
  context.log.debug({ sourceId: entry.id, format: feed.format, posts: posts.length }, 'feed parsed');
  return {
    batch: { posts, comments: [] },
    status: response.status,
    ...validators,
    movedTo,
    nextCheckAt: nextCheckAt(now, feed.ttlMin, response),
    warnings: [],
  };
}

/**
 * The earliest next poll the server asks for: RSS 2.0 `ttl` ("how long a channel can be
 * cached before refreshing from the source") and Cache-Control max-age (RFC 9111 §5.2.2.1);
 * the later of the two wins. Null when neither is given.
 */
function nextCheckAt(now: number, ttlMin: number | null, response: FetchResponse): number | null {
  const waits: number[] = [];
  if (ttlMin !== null && ttlMin > 0) waits.push(ttlMin * 60_000);
  const maxAgeSec = cacheMaxAge(response.headers['cache-control']);
  if (maxAgeSec !== null && maxAgeSec > 0) waits.push(maxAgeSec * 1000);
  return waits.length > 0 ? now + Math.max(...waits) : null;
}

/** `max-age` of a Cache-Control header, unless the response may not be stored or reused as is. */
export function cacheMaxAge(header: string | undefined): number | null {
  if (!header) return null;
  const directives = header
    .toLowerCase()
    .split(',')
    .map((part) => part.trim());
  if (directives.some((directive) => directive === 'no-store' || directive === 'no-cache')) return null;
  for (const directive of directives) {
    const match = /^max-age\s*=\s*"?(\d+)"?$/.exec(directive);
    if (match) return Number(match[1]);
  }
  return null;
}
