import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFetcher } from '../../http/fetcher.js';
import { defaultFetcherOptions } from '../../http/options.js';
import type { Fetcher, FetchRequest } from '../../http/types.js';
import { createSilentLog } from '../../log.js';
import type { SourceState } from '../../model.js';
import { makeSourceState } from '../../test-support/make.js';
import type { KnownPost, PollContext, Source } from '../types.js';
import { createRedditSource, redditSettingsSchema, redditSourceSchema } from './index.js';

const fixtures = join(import.meta.dirname, '__fixtures__');
const cassettes = '/work/shared/eval/reddit/praw_cassettes';
const hasCassettes = existsSync(cassettes);
if (!hasCassettes)
  console.warn(`reddit poll tests: skipping the recorded-payload polls, ${cassettes} is absent`);

const NOW = 1_800_000_000_000;

interface Thing {
  kind: string;
  data: Record<string, unknown>;
}

/**
 * Reddit's /api/morechildren, replayed from the recorded n49rw calls. PRAW asked for up to 478 ids
 * at once, our client asks for at most 100, so the answers are rebuilt per id like Reddit does:
 * at most 20 of the asked comments per call (each with the replies that came inline with it),
 * the `more` stubs recorded under them, and one stub under the post holding the ids not served.
 */
function createMoreChildrenReplay(tree: unknown, lines: string[]) {
  const inTree = new Set<string>();
  const stubbed = new Set<string>();
  const walk = (things: Thing[]) => {
    for (const thing of things) {
      if (thing.kind === 'more') for (const child of thing.data.children as string[]) stubbed.add(child);
      if (thing.kind !== 't1') continue;
      inTree.add(thing.data.id as string);
      const replies = thing.data.replies as { data: { children: Thing[] } } | '';
      if (replies) walk(replies.data.children);
    }
  };
  walk((tree as [unknown, { data: { children: Thing[] } }])[1].data.children);
  const comments = new Map<string, Thing>();
  const stubsUnder = new Map<string, Thing[]>();
  for (const line of lines) {
    const { response } = JSON.parse(line) as { response: { json: { data: { things: Thing[] } } } };
    for (const thing of response.json.data.things) {
      if (thing.kind === 't1') comments.set(thing.data.id as string, thing);
      else if (thing.kind === 'more' && (thing.data.parent_id as string).startsWith('t1_')) {
        for (const child of thing.data.children as string[]) stubbed.add(child);
        const parent = (thing.data.parent_id as string).slice(3);
        stubsUnder.set(parent, [...(stubsUnder.get(parent) ?? []), thing]);
      }
    }
  }
  const repliesOf = new Map<string, string[]>();
  for (const [id, thing] of comments) {
    const parent = (thing.data.parent_id as string).slice(3);
    repliesOf.set(parent, [...(repliesOf.get(parent) ?? []), id]);
  }
  return (asked: string[]) => {
    const things: Thing[] = [];
    const served = new Set<string>();
    const serve = (id: string) => {
      const thing = comments.get(id);
      if (!thing || served.has(id)) return;
      served.add(id);
      things.push(thing);
      for (const stub of stubsUnder.get(id) ?? []) things.push(stub);
      for (const reply of repliesOf.get(id) ?? [])
        if (!stubbed.has(reply) && !inTree.has(reply)) serve(reply);
    };
    const first = asked.slice(0, 20);
    const rest = asked.slice(20);
    for (const id of first) serve(id);
    if (rest.length > 0) {
      things.push({
        kind: 'more',
        data: {
          count: rest.length,
          parent_id: 't3_n49rw',
          children: rest,
          id: rest[0],
          name: `t1_${rest[0]}`,
        },
      });
    }
    return { json: { errors: [], data: { things } } };
  };
}

type Handler = (
  request: IncomingMessage,
  body: string,
  url: URL,
) => { status: number; headers?: Record<string, string>; body: string };

/** A real HTTP server on 127.0.0.1; tests swap its handler. */
async function startServer() {
  const state = {
    handler: (() => ({ status: 404, body: '' })) as Handler,
    log: [] as Array<{ method: string; path: string; authorization: string | undefined }>,
  };
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      state.log.push({
        method: request.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        authorization: request.headers.authorization,
      });
      const answer = state.handler(request, body, url);
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, state, baseUrl: `http://127.0.0.1:${port}` };
}

describe('Reddit source', () => {
  const fetcher = createFetcher({ ...defaultFetcherOptions, perHostIntervalMs: 0, retries: 0 });
  const requests: FetchRequest[] = [];
  const recordingFetcher: Fetcher = {
    fetch: (request) => {
      requests.push(request);
      return fetcher.fetch(request);
    },
  };
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    server = await startServer();
  });
  beforeEach(() => {
    server.state.log.length = 0;
    requests.length = 0;
  });
  afterAll(async () => {
    server.server.close();
    await fetcher.close();
  });

  function source(options: { credentials: boolean; entry?: Record<string, unknown> }): Source {
    const settings = redditSettingsSchema.parse({
      ...(options.credentials ? { clientId: 'app-id', clientSecret: 'app-secret' } : {}),
      userAgent: 'test:roundup:0.1 (by /u/roundup)',
      oauthUrl: `${server.baseUrl}/`,
      tokenUrl: `${server.baseUrl}/api/v1/access_token`,
      webUrl: server.baseUrl,
    });
    return createRedditSource(
      redditSourceSchema.parse({ kind: 'reddit', subreddit: 'announcements', ...options.entry }),
      settings,
    );
  }

  function context(
    options: { known?: Record<string, KnownPost>; state?: Partial<SourceState> } = {},
  ): PollContext {
    const known = options.known ?? {};
    return {
      fetcher: recordingFetcher,
      clock: { now: () => NOW },
      log: createSilentLog(),
      state: { ...makeSourceState('r-announcements', 'reddit'), ...options.state },
      lookupPosts: async (ids) => new Map(ids.flatMap((id) => (known[id] ? [[id, known[id]] as const] : []))),
    };
  }

  function paths(prefix: string): string[] {
    return server.state.log.map((entry) => entry.path).filter((path) => path.startsWith(prefix));
  }

  it('describes the mode it polls in', () => {
    expect(source({ credentials: true }).describe()).toBe(
      'Reddit r/announcements hot (25, OAuth, with comments)',
    );
    expect(source({ credentials: false }).describe()).toBe(
      'Reddit r/announcements hot (25, RSS, no comments without credentials)',
    );
    expect(() => redditSettingsSchema.parse({ clientId: 'only-the-id' })).toThrow(/set both or neither/);
    expect(() => redditSourceSchema.parse({ kind: 'reddit', subreddit: 'r/technology' })).toThrow(
      /subreddit name/,
    );
  });

  describe.skipIf(!hasCassettes)(`OAuth against recorded payloads (${cassettes})`, () => {
    const thread = hasCassettes
      ? readFileSync(join(cassettes, 'thread_r_announcements_n49rw.json'), 'utf8')
      : '[]';
    const listing = hasCassettes ? JSON.stringify((JSON.parse(thread) as unknown[])[0]) : '{}';
    const replay = hasCassettes
      ? createMoreChildrenReplay(
          JSON.parse(thread),
          readFileSync(join(cassettes, 'thread_r_announcements_n49rw.morechildren.jsonl'), 'utf8')
            .split('\n')
            .filter((line) => line.trim() !== ''),
        )
      : () => ({});

    /** Reddit: a token endpoint, the listing, the thread and morechildren, with rate-limit headers. */
    function reddit(options: { remaining?: (call: number) => number; rejectToken?: string } = {}) {
      let tokens = 0;
      let calls = 0;
      server.state.handler = (request, body, url) => {
        if (url.pathname === '/api/v1/access_token') {
          const basic = Buffer.from('app-id:app-secret').toString('base64');
          if (request.method !== 'POST' || request.headers.authorization !== `Basic ${basic}`)
            return { status: 401, body: '{}' };
          if (body !== 'grant_type=client_credentials') return { status: 400, body: '{}' };
          tokens++;
          return {
            status: 200,
            body: JSON.stringify({
              access_token: `tok-${tokens}`,
              token_type: 'bearer',
              expires_in: 86400,
              scope: '*',
            }),
          };
        }
        const bearer = request.headers.authorization;
        if (!bearer?.startsWith('bearer tok-') || bearer === `bearer ${options.rejectToken}`)
          return { status: 401, body: '{}' };
        calls++;
        const headers = {
          'x-ratelimit-remaining': `${(options.remaining ?? (() => 500))(calls)}.0`,
          'x-ratelimit-used': `${calls}`,
          'x-ratelimit-reset': '240',
        };
        if (url.pathname === '/r/announcements/hot') return { status: 200, headers, body: listing };
        if (url.pathname === '/comments/n49rw') return { status: 200, headers, body: thread };
        if (url.pathname === '/api/morechildren') {
          const children = url.searchParams.get('children')?.split(',') ?? [];
          if (children.length > 100 || url.searchParams.get('link_id') !== 't3_n49rw')
            return { status: 400, headers, body: '{}' };
          return { status: 200, headers, body: JSON.stringify(replay(children)) };
        }
        return { status: 404, headers, body: '{}' };
      };
      return { tokens: () => tokens };
    }

    it('fetches the listing, the thread and every more stub: 1,425 distinct comments', async () => {
      const server$ = reddit();
      const result = await source({ credentials: true }).poll(context());
      expect(result.block).toBeUndefined();
      expect(result.warnings).toEqual([]);
      expect(result.batch.posts.map((post) => post.id)).toEqual(['reddit:t3_n49rw']);
      expect(result.batch.posts[0]).toMatchObject({ community: 'r/announcements', commentCount: 1412 });
      const ids = new Set(result.batch.comments.map((comment) => comment.id));
      expect(ids.size).toBe(result.batch.comments.length);
      expect(ids.size).toBe(1425);
      expect(result.batch.comments.filter((comment) => comment.depth === null)).toEqual([]);
      expect(result.batch.comments.every((comment) => comment.postId === 'reddit:t3_n49rw')).toBe(true);
      expect(server$.tokens()).toBe(1);
      expect(paths('/r/')).toEqual(['/r/announcements/hot?limit=25&raw_json=1']);
      expect(paths('/comments/')).toEqual(['/comments/n49rw?raw_json=1&limit=500']);
      expect(paths('/api/morechildren').length).toBeGreaterThan(9);
      expect(requests.every((request) => request.trusted)).toBe(true);
      expect(
        requests.every((request) => request.headers?.['user-agent'] === 'test:roundup:0.1 (by /u/roundup)'),
      ).toBe(true);
    });

    it('skips a thread whose comment count is unchanged and reuses the token', async () => {
      const server$ = reddit();
      const reddit$ = source({ credentials: true });
      const known = { 'reddit:t3_n49rw': { commentCount: 1412, storedComments: 1425, fetchedAt: NOW - 1 } };
      const first = await reddit$.poll(context({ known }));
      const second = await reddit$.poll(context({ known }));
      expect(first.batch.comments).toEqual([]);
      expect(second.batch.posts).toHaveLength(1);
      expect(paths('/comments/')).toEqual([]);
      expect(server$.tokens()).toBe(1);
    });

    it('asks for a new token once when the API answers 401', async () => {
      const server$ = reddit({ rejectToken: 'tok-1' });
      const result = await source({ credentials: true, entry: { comments: false } }).poll(context());
      expect(result.batch.posts).toHaveLength(1);
      expect(server$.tokens()).toBe(2);
      expect(
        server.state.log.filter((entry) => entry.path.startsWith('/r/')).map((entry) => entry.authorization),
      ).toEqual(['bearer tok-1', 'bearer tok-2']);
    });

    it('stops when X-Ratelimit-Remaining runs low and returns what it has, blocked until the reset', async () => {
      reddit({ remaining: (call) => 10 - call });
      const result = await source({ credentials: true }).poll(context());
      // Calls 1..8 leave 9..2 requests; the 9th answer says 1 left, so nothing more is asked.
      expect(server.state.log.filter((entry) => !entry.path.startsWith('/api/v1/'))).toHaveLength(9);
      expect(result.block).toEqual({
        reason: expect.stringMatching(/budget is spent/),
        until: NOW + 240_000,
      });
      expect(result.batch.posts).toHaveLength(1);
      expect(result.batch.comments.length).toBeGreaterThan(485);
      expect(result.batch.comments.length).toBeLessThan(1425);
      // The thread is incomplete: no count, so the next poll fetches it again.
      expect(result.batch.posts[0]?.commentCount).toBeNull();
    });

    it('blocks after the listing when the listing answer leaves fewer than 2 requests', async () => {
      reddit({ remaining: () => 1 });
      const result = await source({ credentials: true }).poll(context());
      expect(result.batch.posts).toHaveLength(1);
      expect(result.batch.comments).toEqual([]);
      expect(paths('/comments/')).toEqual([]);
      expect(result.block?.until).toBe(NOW + 240_000);
    });
  });

  it('refuses wrong credentials with a block, not a crash', async () => {
    server.state.handler = () => ({ status: 401, body: '{"message": "Unauthorized", "error": 401}' });
    const result = await source({ credentials: true }).poll(context());
    expect(result.block?.reason).toMatch(/token request answered 401; check reddit.clientId\/clientSecret/);
    expect(result.batch.posts).toEqual([]);
  });

  it('blocks until Retry-After when Reddit answers 429', async () => {
    server.state.handler = () => ({ status: 429, headers: { 'retry-after': '30' }, body: '' });
    const result = await source({ credentials: false }).poll(context());
    expect(result.block).toEqual({
      reason: 'reddit: r/announcements answered 429 Too Many Requests',
      until: NOW + 30_000,
    });
    expect(result.status).toBe(429);
  });

  it('waits 10 minutes after a 429 without Retry-After', async () => {
    server.state.handler = () => ({ status: 429, body: '' });
    const result = await source({ credentials: false }).poll(context());
    expect(result.block?.until).toBe(NOW + 10 * 60_000);
  });

  describe('without credentials (Atom feed)', () => {
    const feed = readFileSync(join(fixtures, 'r-technology.rss.xml'), 'utf8');

    it('reads posts from the .rss feed and keeps its validators', async () => {
      server.state.handler = (request, _body, url) => {
        if (url.pathname !== '/r/technology/.rss') return { status: 404, body: '' };
        if (request.headers['if-none-match'] === '"v1"') return { status: 304, body: '' };
        return { status: 200, headers: { 'content-type': 'application/atom+xml', etag: '"v1"' }, body: feed };
      };
      const technology = source({ credentials: false, entry: { subreddit: 'technology' } });
      const result = await technology.poll(context());
      expect(result.status).toBe(200);
      expect(result.etag).toBe('"v1"');
      expect(result.batch.posts.map((post) => post.id)).toEqual([
        'reddit:t3_1gx0aa1',
        'reddit:t3_1gx0bb2',
        'reddit:t3_1gx0cc3',
      ]);
      expect(result.batch.posts.every((post) => post.community === 'r/technology')).toBe(true);
      expect(result.batch.comments).toEqual([]);
      expect(server.state.log.map((entry) => entry.path)).toEqual(['/r/technology/.rss?limit=25']);

      const again = await technology.poll(context({ state: { etag: '"v1"' } }));
      expect(again.status).toBe(304);
      expect(again.batch.posts).toEqual([]);
    });

    it('blocks with a plain reason when Reddit answers 403', async () => {
      server.state.handler = () => ({ status: 403, body: '<html>blocked</html>' });
      const result = await source({ credentials: false }).poll(context());
      expect(result.block?.reason).toBe(
        "reddit: r/announcements answered 403 Forbidden; Reddit's API needs OAuth credentials (reddit.clientId/clientSecret)",
      );
      expect(result.block?.until).toBeGreaterThan(NOW);
      expect(result.status).toBe(403);
    });

    it('fails the poll on a 404', async () => {
      server.state.handler = () => ({ status: 404, body: '' });
      await expect(source({ credentials: false }).poll(context())).rejects.toThrow(/status 404/);
    });
  });
});
