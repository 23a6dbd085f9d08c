import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError } from '../../errors.js';
import { createFetcher } from '../../http/fetcher.js';
import { defaultFetcherOptions } from '../../http/options.js';
import type { Fetcher, FetchRequest } from '../../http/types.js';
import { createSilentLog } from '../../log.js';
import { makeSourceState } from '../../test-support/make.js';
import type { KnownPost, PollContext } from '../types.js';
import { createHnSource, hnSettingsSchema, hnSourceSchema } from './index.js';

const fixtures = join(import.meta.dirname, '__fixtures__');
const firebaseDir = '/work/shared/eval/hn/firebase_api_readme_examples';
const hasEval = existsSync(firebaseDir);
if (!hasEval) console.warn(`hn poll tests: skipping the recorded-payload poll, ${firebaseDir} is absent`);

interface Route {
  status: number;
  body: string;
}

/** A real HTTP server on 127.0.0.1 answering from a route table; it logs the paths asked for. */
async function startServer(
  routes: Map<string, Route>,
): Promise<{ server: Server; baseUrl: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    paths.push(path);
    const route = routes.get(path) ?? { status: 404, body: 'null' };
    response.writeHead(route.status, { 'content-type': 'application/json' });
    response.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, baseUrl: `http://127.0.0.1:${port}`, paths };
}

function ok(body: string): Route {
  return { status: 200, body };
}

function fixture(name: string): string {
  return readFileSync(join(fixtures, name), 'utf8');
}

function readmeExample(name: string): string {
  return JSON.stringify(
    (JSON.parse(readFileSync(join(firebaseDir, `${name}.json`), 'utf8')) as { response: unknown }).response,
  );
}

describe('HN source', () => {
  const fetcher = createFetcher({ ...defaultFetcherOptions, perHostIntervalMs: 0, retries: 0 });
  const routes = new Map<string, Route>();
  let server: Awaited<ReturnType<typeof startServer>>;
  const requests: FetchRequest[] = [];
  const recordingFetcher: Fetcher = {
    fetch: (request) => {
      requests.push(request);
      return fetcher.fetch(request);
    },
  };

  beforeAll(async () => {
    server = await startServer(routes);
  });
  afterAll(async () => {
    server.server.close();
    await fetcher.close();
  });

  function source(entry: Record<string, unknown> = {}) {
    const settings = hnSettingsSchema.parse({
      firebaseUrl: `${server.baseUrl}/v0/`,
      algoliaUrl: `${server.baseUrl}/api/v1`,
    });
    return createHnSource(hnSourceSchema.parse({ kind: 'hn', ...entry }), settings);
  }

  function context(known: Record<string, KnownPost> = {}): PollContext {
    return {
      fetcher: recordingFetcher,
      clock: { now: () => 1_800_000_000_000 },
      log: createSilentLog(),
      state: makeSourceState('hn-top', 'hn'),
      lookupPosts: async (ids) => new Map(ids.flatMap((id) => (known[id] ? [[id, known[id]] as const] : []))),
    };
  }

  it('describes itself', () => {
    expect(source({ list: 'best', limit: 10 }).describe()).toBe(
      'Hacker News best stories (10, with comments)',
    );
    expect(source().id).toBe('hn-top');
  });

  it.skipIf(!hasEval)('polls the list, the items and the threads whose comment count moved', async () => {
    routes.clear();
    routes.set('/v0/topstories.json', ok(fixture('firebase-topstories.json')));
    routes.set('/v0/item/40000000.json', ok(fixture('firebase-show-hn.json')));
    routes.set('/v0/item/121003.json', ok(readmeExample('item_121003')));
    routes.set('/v0/item/192327.json', ok(readmeExample('item_192327')));
    routes.set('/v0/item/126809.json', ok(readmeExample('item_126809')));
    routes.set('/v0/item/8863.json', { status: 500, body: 'oops' });
    routes.set('/api/v1/items/40000000', ok(fixture('algolia-item-tree.json')));
    // 121003 (16 comments) has no thread route: Algolia answers 404.
    server.paths.length = 0;
    requests.length = 0;

    const result = await source({ limit: 5 }).poll(
      context({ 'hn:126809': { commentCount: 54, storedComments: 60, fetchedAt: 0 } }),
    );

    expect(result.status).toBe(200);
    expect(result.batch.posts.map((post) => post.id)).toEqual([
      'hn:40000000',
      'hn:121003',
      'hn:192327',
      'hn:126809',
    ]);
    expect(result.batch.comments.map((comment) => comment.id)).toEqual([
      'hn:40000003',
      'hn:40000004',
      'hn:40000005',
      'hn:40000006',
    ]);
    expect(result.batch.comments.every((comment) => comment.postId === 'hn:40000000')).toBe(true);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatch(/^hn: unable to fetch item 8863 \(.*status 500/);
    expect(result.warnings[1]).toMatch(/^hn: unable to fetch thread hn:121003 \(.*status 404/);
    // The failed thread's post goes out without a count so that the next poll asks again.
    expect(result.batch.posts.find((post) => post.id === 'hn:121003')?.commentCount).toBeNull();
    expect(result.batch.posts.find((post) => post.id === 'hn:40000000')?.commentCount).toBe(3);
    // The poll (54 comments, unchanged) and the job (no comments) are not fetched again.
    expect(server.paths).not.toContain('/api/v1/items/126809');
    expect(server.paths).not.toContain('/api/v1/items/192327');
    expect(server.paths.filter((path) => path.startsWith('/api/v1/items/')).sort()).toEqual([
      '/api/v1/items/121003',
      '/api/v1/items/40000000',
    ]);
    expect(requests.every((request) => request.trusted)).toBe(true);
  });

  it('fetches no threads when comments are off, and only the first `limit` items', async () => {
    routes.clear();
    routes.set('/v0/newstories.json', ok('[40000000, 40000001]'));
    routes.set('/v0/item/40000000.json', ok(fixture('firebase-show-hn.json')));
    server.paths.length = 0;
    const result = await source({ list: 'new', limit: 1, comments: false }).poll(context());
    expect(result.batch.posts.map((post) => post.id)).toEqual(['hn:40000000']);
    expect(server.paths).toEqual(['/v0/newstories.json', '/v0/item/40000000.json']);
    expect(result.warnings).toEqual([]);
  });

  it('refetches a thread when the stored comment count is stale', async () => {
    routes.clear();
    routes.set('/v0/topstories.json', ok('[40000000]'));
    routes.set('/v0/item/40000000.json', ok(fixture('firebase-show-hn.json')));
    routes.set('/api/v1/items/40000000', ok(fixture('algolia-item-tree.json')));
    server.paths.length = 0;
    const unchanged = await source().poll(
      context({ 'hn:40000000': { commentCount: 3, storedComments: 4, fetchedAt: 0 } }),
    );
    expect(unchanged.batch.comments).toEqual([]);
    const moved = await source().poll(
      context({ 'hn:40000000': { commentCount: 2, storedComments: 3, fetchedAt: 0 } }),
    );
    expect(moved.batch.comments).toHaveLength(4);
  });

  it('fails the poll when the list request fails', async () => {
    routes.clear();
    routes.set('/v0/topstories.json', { status: 503, body: 'busy' });
    await expect(source().poll(context())).rejects.toBeInstanceOf(FetchError);
    routes.set('/v0/topstories.json', { status: 404, body: 'null' });
    await expect(source().poll(context())).rejects.toThrow(/hn: unable to fetch list .* \(status 404\)/);
    routes.set('/v0/topstories.json', ok('{"error":"Permission denied"}'));
    await expect(source().poll(context())).rejects.toThrow(/id list/);
  });
});
