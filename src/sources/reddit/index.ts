import { z } from 'zod';
import { errorMessage, FetchError, ParseError } from '../../errors.js';
import type { FetchRequest, FetchResponse } from '../../http/types.js';
import type { Comment, Post } from '../../model.js';
import type { PollContext, PollResult, Source } from '../types.js';
import {
  type MoreStub,
  parseListing,
  parseMoreChildren,
  parseSubredditFeed,
  parseThread,
  resolveDepths,
} from './parse.js';

/**
 * Reddit. With app credentials: app-only OAuth (client_credentials) against oauth.reddit.com,
 * listings, whole threads and every `more` stub expanded, within the X-Ratelimit budget. Without:
 * the subreddit's Atom feed (`.rss`), posts only; the unauthenticated `.json` endpoints answer 403.
 */

const baseUrlSchema = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

export const redditSettingsSchema = z
  .object({
    clientId: z.string().min(1).optional(),
    /** Redacted when the config is printed (config/load.ts redactConfig). */
    clientSecret: z.string().min(1).optional(),
    /** Reddit asks for `<platform>:<app id>:<version> (by /u/<name>)`; the fetcher's default otherwise. */
    userAgent: z.string().min(1).optional(),
    oauthUrl: baseUrlSchema.default('https://oauth.reddit.com'),
    tokenUrl: z.url({ protocol: /^https?$/ }).default('https://www.reddit.com/api/v1/access_token'),
    webUrl: baseUrlSchema.default('https://www.reddit.com'),
  })
  .strict()
  .refine((settings) => Boolean(settings.clientId) === Boolean(settings.clientSecret), {
    message: 'reddit.clientId and reddit.clientSecret go together: set both or neither',
  });
export type RedditSettings = z.infer<typeof redditSettingsSchema>;

export const redditSourceSchema = z
  .object({
    kind: z.literal('reddit'),
    id: z.string().min(1).optional(),
    subreddit: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_]{1,20}$/, 'expected a subreddit name such as technology (without r/)'),
    listing: z.enum(['hot', 'new', 'top', 'rising']).default('hot'),
    limit: z.number().int().min(1).max(100).default(25),
    comments: z.boolean().default(true),
    pollEveryMin: z.number().positive().default(30),
  })
  .strict();
export type RedditSourceConfig = z.infer<typeof redditSourceSchema>;

/** Stop before the budget is spent: the next request would be refused (X-Ratelimit-Remaining). */
const MIN_REMAINING = 2;
const DEFAULT_RATE_LIMIT_WAIT_MS = 10 * 60_000;
/** A 403 or refused credentials need a person to act; asking every poll would only add noise. */
const FORBIDDEN_WAIT_MS = 6 * 60 * 60_000;
/** Renew the token this long before Reddit's expires_in runs out. */
const TOKEN_MARGIN_MS = 60_000;
/** /api/morechildren takes at most 100 ids per call. */
const MORE_CHILDREN_BATCH = 100;
/** A huge thread (tens of thousands of comments) must not take the whole request budget. */
const MAX_MORE_CALLS_PER_THREAD = 100;

export function createRedditSource(entry: RedditSourceConfig, settings: RedditSettings): Source {
  const id = entry.id ?? `r-${entry.subreddit.toLowerCase()}`;
  const community = `r/${entry.subreddit}`;
  const credentials =
    settings.clientId && settings.clientSecret
      ? { id: settings.clientId, secret: settings.clientSecret }
      : null;
  const session: Session = { token: null, exhaustedUntil: null };
  return {
    id,
    kind: 'reddit',
    url: null,
    pollEveryMin: entry.pollEveryMin,
    describe: () =>
      credentials
        ? `Reddit ${community} ${entry.listing} (${entry.limit}, OAuth, ${entry.comments ? 'with comments' : 'no comments'})`
        : `Reddit ${community} ${entry.listing} (${entry.limit}, RSS, no comments without credentials)`,
    poll: (context) => {
      const poll: RedditPoll = { id, entry, settings, community, context };
      return credentials ? pollOauth(poll, createApi({ poll, credentials, session })) : pollFeed(poll);
    },
  };
}

interface RedditPoll {
  id: string;
  entry: RedditSourceConfig;
  settings: RedditSettings;
  community: string;
  context: PollContext;
}

/** Kept between polls of one source: the bearer token and a spent rate-limit window. */
interface Session {
  token: { value: string; expiresAt: number } | null;
  exhaustedUntil: number | null;
}

async function pollFeed(poll: RedditPoll): Promise<PollResult> {
  const { entry, settings, community, context } = poll;
  const path = entry.listing === 'hot' ? '' : `${entry.listing}/`;
  const url = `${settings.webUrl}/r/${entry.subreddit}/${path}.rss?limit=${entry.limit}`;
  try {
    const response = await context.fetcher.fetch({
      url,
      trusted: true,
      etag: context.state.etag,
      lastModified: context.state.lastModified,
      headers: userAgentHeader(settings),
    });
    const validators = {
      etag: response.headers.etag ?? null,
      lastModified: response.headers['last-modified'] ?? null,
    };
    if (response.notModified)
      return { batch: { posts: [], comments: [] }, status: 304, ...validators, warnings: [] };
    expectOk(response, `${community} feed`);
    const batch = parseSubredditFeed(response.body.toString('utf8'), community);
    return { batch, status: response.status, ...validators, warnings: [] };
  } catch (error) {
    const block = toBlock(error, poll, false);
    if (!block) throw error;
    return { batch: { posts: [], comments: [] }, status: blockStatus(error), block, warnings: [] };
  }
}

async function pollOauth(poll: RedditPoll, api: Api): Promise<PollResult> {
  const { entry, settings, community, context } = poll;
  let posts: Post[] = [];
  const comments: Comment[] = [];
  const warnings: string[] = [];
  const incomplete = new Set<string>();
  // An incomplete thread goes out without a count, so the next poll sees a change and asks again.
  const batch = () => ({
    posts: posts.map((post) => (incomplete.has(post.id) ? { ...post, commentCount: null } : post)),
    comments,
  });
  /** The listing's status once it answered; a later block does not change what the main request said. */
  let status: number | null = null;
  try {
    const listingUrl = `${settings.oauthUrl}/r/${entry.subreddit}/${entry.listing}?limit=${entry.limit}&raw_json=1`;
    const response = await api.get(listingUrl);
    expectOk(response, `${community} ${entry.listing} listing`);
    status = response.status;
    posts = parseListing(readJson(response, `${community} listing`)).posts;
    if (!entry.comments) return { batch: batch(), status: response.status, warnings };

    const known = await context.lookupPosts(posts.map((post) => post.id));
    const stale = posts.filter((post) => {
      if (post.deleted || !post.commentCount) return false;
      const stored = known.get(post.id);
      // Refetch when the count moved since the last fetch, or when that fetch stored nothing.
      return !stored || stored.commentCount !== post.commentCount || stored.storedComments === 0;
    });
    for (const post of stale) incomplete.add(post.id);
    // One thread at a time: the rate-limit headers of each answer decide whether to go on.
    for (const post of stale) {
      const thread: ThreadProgress = { comments: [], complete: false };
      try {
        await fetchThread({ poll, api, post, thread, warnings });
      } catch (error) {
        if (isStop(error)) throw error;
        warnings.push(`reddit: unable to fetch thread ${post.id} (${errorMessage(error)})`);
      } finally {
        comments.push(...resolveDepths(thread.comments));
        if (thread.complete) incomplete.delete(post.id);
      }
    }
    return { batch: batch(), status: response.status, warnings };
  } catch (error) {
    const block = toBlock(error, poll, true);
    if (!block) throw error;
    return { batch: batch(), status: status ?? blockStatus(error), block, warnings };
  }
}

interface ThreadProgress {
  comments: Comment[];
  complete: boolean;
}

interface ThreadFetch {
  poll: RedditPoll;
  api: Api;
  post: Post;
  thread: ThreadProgress;
  warnings: string[];
}

/**
 * The thread, then every `more` stub through /api/morechildren until none is left. Reddit answers
 * a call with some of the asked ids (often about 20) and a new stub holding the rest, so ids may be
 * asked again; an id is dropped once an answer neither returns it nor lists it in a stub, and a
 * call that brings nothing new drops all of its ids, so the loop always ends.
 */
async function fetchThread({ poll, api, post, thread, warnings }: ThreadFetch): Promise<void> {
  const base36 = post.id.slice('reddit:t3_'.length);
  const response = await api.get(`${poll.settings.oauthUrl}/comments/${base36}?raw_json=1&limit=500`);
  expectOk(response, `thread ${post.id}`);
  const { batch, more } = parseThread(readJson(response, `thread ${post.id}`));
  const seen = new Set<string>();
  const keep = (comments: Comment[]): number => {
    let added = 0;
    for (const comment of comments) {
      if (seen.has(comment.id)) continue;
      seen.add(comment.id);
      thread.comments.push(comment);
      added++;
    }
    return added;
  };
  keep(batch.comments);

  const dropped = new Set<string>();
  const pending = new Set<string>();
  const enqueue = (stubs: MoreStub[]) => {
    for (const stub of stubs) {
      for (const child of stub.children) {
        if (!seen.has(`reddit:t1_${child}`) && !dropped.has(child)) pending.add(child);
      }
    }
  };
  enqueue(more);
  let calls = 0;
  while (pending.size > 0) {
    if (calls >= MAX_MORE_CALLS_PER_THREAD) {
      warnings.push(
        `reddit: stopped expanding ${post.id} after ${calls} morechildren calls (${pending.size} comments left)`,
      );
      // Counted as fetched: asking again next poll would spend the same budget on the same thread.
      break;
    }
    const ids = [...pending].slice(0, MORE_CHILDREN_BATCH);
    for (const child of ids) pending.delete(child);
    calls++;
    const query = new URLSearchParams({
      api_type: 'json',
      link_id: `t3_${base36}`,
      children: ids.join(','),
      raw_json: '1',
    });
    const answer = await api.get(`${poll.settings.oauthUrl}/api/morechildren?${query}`);
    expectOk(answer, `more comments of ${post.id}`);
    const expanded = parseMoreChildren(readJson(answer, `more comments of ${post.id}`), post.id);
    const added = keep(expanded.comments);
    const mentioned = new Set([
      ...expanded.comments.map((comment) => comment.id.slice('reddit:t1_'.length)),
      ...expanded.more.flatMap((stub) => stub.children),
    ]);
    for (const child of ids) if (added === 0 || !mentioned.has(child)) dropped.add(child);
    enqueue(expanded.more);
  }
  thread.complete = true;
}

interface Api {
  /** GET with the bearer token; renews the token once on 401. Throws a `rate-limit` FetchError when the budget is spent. */
  get(url: string): Promise<FetchResponse>;
}

function createApi({
  poll,
  credentials,
  session,
}: {
  poll: RedditPoll;
  credentials: { id: string; secret: string };
  session: Session;
}): Api {
  const { settings, context } = poll;
  const now = () => context.clock.now();

  async function token(): Promise<string> {
    if (session.token && now() < session.token.expiresAt) return session.token.value;
    const basic = Buffer.from(`${credentials.id}:${credentials.secret}`).toString('base64');
    const response = await send({
      url: settings.tokenUrl,
      method: 'POST',
      trusted: true,
      headers: {
        ...userAgentHeader(settings),
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    if (response.status !== 200) {
      throw new FetchError(
        `reddit: the token request answered ${response.status}; check reddit.clientId/clientSecret`,
        {
          url: settings.tokenUrl,
          status: response.status,
          reason: 'credentials',
        },
      );
    }
    const parsed = tokenSchema.safeParse(readJson(response, 'token'));
    if (!parsed.success)
      throw new ParseError('reddit: unable to parse the token response', { cause: parsed.error });
    const lifetimeMs = Math.max(0, parsed.data.expires_in * 1000 - TOKEN_MARGIN_MS);
    session.token = { value: parsed.data.access_token, expiresAt: now() + lifetimeMs };
    return session.token.value;
  }

  async function send(request: FetchRequest): Promise<FetchResponse> {
    if (session.exhaustedUntil !== null && now() < session.exhaustedUntil) {
      throw new FetchError(
        `reddit: the API request budget is spent until ${new Date(session.exhaustedUntil).toISOString()}`,
        {
          url: request.url,
          retryAfterMs: session.exhaustedUntil - now(),
          reason: 'rate-limit',
        },
      );
    }
    const response = await context.fetcher.fetch(request);
    noteBudget(response);
    return response;
  }

  /** X-Ratelimit-Remaining: requests left in the window; X-Ratelimit-Reset: seconds until it ends. */
  function noteBudget(response: FetchResponse): void {
    const remaining = Number.parseFloat(response.headers['x-ratelimit-remaining'] ?? '');
    if (Number.isNaN(remaining) || remaining >= MIN_REMAINING) return;
    const resetSeconds = Number.parseFloat(response.headers['x-ratelimit-reset'] ?? '');
    const waitMs = Number.isNaN(resetSeconds) ? DEFAULT_RATE_LIMIT_WAIT_MS : resetSeconds * 1000;
    session.exhaustedUntil = now() + waitMs;
  }

  return {
    async get(url) {
      for (let attempt = 0; ; attempt++) {
        const bearer = await token();
        const response = await send({
          url,
          trusted: true,
          headers: { ...userAgentHeader(settings), authorization: `bearer ${bearer}` },
        });
        if (response.status !== 401 || attempt > 0) return response;
        session.token = null;
      }
    },
  };
}

const tokenSchema = z.looseObject({ access_token: z.string().min(1), expires_in: z.number().positive() });

/** Errors that end the whole poll (the rest would be refused too), as opposed to one failed thread. */
function isStop(error: unknown): boolean {
  return (
    error instanceof FetchError &&
    (error.reason === 'rate-limit' || error.reason === 'credentials' || error.status === 429)
  );
}

function toBlock(error: unknown, poll: RedditPoll, oauth: boolean): { reason: string; until: number } | null {
  if (!(error instanceof FetchError)) return null;
  const now = poll.context.clock.now();
  const { community } = poll;
  if (error.reason === 'rate-limit') {
    return { reason: error.message, until: now + (error.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS) };
  }
  if (error.reason === 'credentials') return { reason: error.message, until: now + FORBIDDEN_WAIT_MS };
  if (error.status === 429) {
    return {
      reason: `reddit: ${community} answered 429 Too Many Requests`,
      until: now + (error.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS),
    };
  }
  if (error.status === 403) {
    const reason = oauth
      ? `reddit: ${community} answered 403 Forbidden (a private, quarantined or banned subreddit?)`
      : `reddit: ${community} answered 403 Forbidden; Reddit's API needs OAuth credentials (reddit.clientId/clientSecret)`;
    return { reason, until: now + FORBIDDEN_WAIT_MS };
  }
  if (error.status === 401) {
    return {
      reason: `reddit: ${community} answered 401 Unauthorized with a fresh token; check reddit.clientId/clientSecret`,
      until: now + FORBIDDEN_WAIT_MS,
    };
  }
  return null;
}

function blockStatus(error: unknown): number {
  return error instanceof FetchError && error.status !== undefined ? error.status : 429;
}

function userAgentHeader(settings: RedditSettings): Record<string, string> {
  return settings.userAgent ? { 'user-agent': settings.userAgent } : {};
}

/** The fetcher resolves for 4xx other than 429: anything but 200 is a failure here. */
function expectOk(response: FetchResponse, what: string): void {
  if (response.status === 200) return;
  throw new FetchError(`reddit: unable to fetch ${what} from ${response.url} (status ${response.status})`, {
    url: response.url,
    status: response.status,
    reason: 'status',
  });
}

function readJson(response: FetchResponse, what: string): unknown {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch (error) {
    throw new ParseError(`reddit: unable to parse ${what} from ${response.url} (not JSON)`, { cause: error });
  }
}
