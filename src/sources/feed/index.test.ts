import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, ParseError } from '../../errors.js';
import { createFetcher } from '../../http/fetcher.js';
import { defaultFetcherOptions } from '../../http/options.js';
import { createSilentLog } from '../../log.js';
import type { SourceState } from '../../model.js';
import { makeSourceState } from '../../test-support/make.js';
import type { PollContext } from '../types.js';
import { discoverFeeds, resolveFeedUrl } from './discover.js';
import { cacheMaxAge, createFeedSource, feedSourceSchema } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const rss = readFileSync(join(here, '__fixtures__', 'rss2.xml'));
const atom = readFileSync(join(here, '__fixtures__', 'atom-base.xml'));
const NOW = Date.UTC(2026, 2, 5, 12, 0, 0);

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
const routes = new Map<string, Handler>();
let server: Server;
let base: string;
const fetcher = createFetcher({
  ...defaultFetcherOptions,
  perHostIntervalMs: 0,
  retries: 0,
  clock: { now: () => NOW },
});

beforeAll(async () => {
  server = createServer((request, response) => {
    const handler = routes.get(request.url ?? '');
    if (handler) handler(request, response);
    else response.writeHead(404).end('not here');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await fetcher.close();
  await new Promise((done) => server.close(done));
});

function contextFor(state: Partial<SourceState> = {}): PollContext {
  return {
    fetcher,
    clock: { now: () => NOW },
    log: createSilentLog(),
    lookupPosts: async () => new Map(),
    state: makeSourceState('feed-test', 'feed', state),
  };
}

function source(path: string, extra: { name?: string } = {}) {
  return createFeedSource(feedSourceSchema.parse({ kind: 'feed', url: `${base}${path}`, ...extra }));
}

describe('feed source poll', () => {
  it('fetches with validators, then answers 304 with an empty batch', async () => {
    let seen: string | undefined;
    routes.set('/etag.xml', (request, response) => {
      seen = request.headers['if-none-match'];
      if (seen === '"v1"') response.writeHead(304, { etag: '"v1"' }).end();
      else
        response
          .writeHead(200, {
            'content-type': 'application/rss+xml',
            etag: '"v1"',
            'last-modified': 'Thu, 05 Mar 2026 11:00:00 GMT',
          })
          .end(rss);
    });
    const feed = source('/etag.xml');
    const first = await feed.poll(contextFor());
    expect(first).toMatchObject({ status: 200, etag: '"v1"', lastModified: 'Thu, 05 Mar 2026 11:00:00 GMT' });
    expect(first.batch.posts).toHaveLength(3);
    expect(first.batch.posts[0]?.community).toBe('Baltic Wire & Friends');

    const second = await feed.poll(
      contextFor({ etag: first.etag ?? null, lastModified: first.lastModified ?? null }),
    );
    expect(seen).toBe('"v1"');
    expect(second).toMatchObject({ status: 304, etag: '"v1"', batch: { posts: [], comments: [] } });
  });

  it('disables the source on 410 Gone', async () => {
    routes.set('/gone.xml', (_request, response) => response.writeHead(410).end('gone'));
    const result = await source('/gone.xml').poll(contextFor());
    expect(result.disable).toBe(`feed: ${base}/gone.xml answered 410 Gone`);
    expect(result.batch.posts).toEqual([]);
  });

  it('throws a FetchError on 404 so the pipeline records it', async () => {
    await expect(source('/missing.xml').poll(contextFor())).rejects.toBeInstanceOf(FetchError);
    await expect(source('/missing.xml').poll(contextFor())).rejects.toMatchObject({ status: 404 });
  });

  it('throws a ParseError when the body is no feed', async () => {
    routes.set('/page.html', (_request, response) =>
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>hi</body></html>'),
    );
    await expect(source('/page.html').poll(contextFor())).rejects.toBeInstanceOf(ParseError);
  });

  it('waits for the larger of ttl and Cache-Control max-age', async () => {
    routes.set('/ttl.xml', (_request, response) =>
      response.writeHead(200, { 'cache-control': 'public, max-age=600' }).end(rss),
    );
    routes.set('/max-age.xml', (_request, response) =>
      response.writeHead(200, { 'cache-control': 'max-age=7200' }).end(rss),
    );
    routes.set('/no-hints.xml', (_request, response) => response.writeHead(200).end(atom));
    expect((await source('/ttl.xml').poll(contextFor())).nextCheckAt).toBe(NOW + 60 * 60_000);
    expect((await source('/max-age.xml').poll(contextFor())).nextCheckAt).toBe(NOW + 7200 * 1000);
    expect((await source('/no-hints.xml').poll(contextFor())).nextCheckAt).toBeNull();
  });

  it('reports a permanent redirect as movedTo, and lets name override the community', async () => {
    routes.set('/old.xml', (_request, response) => response.writeHead(301, { location: '/new.xml' }).end());
    routes.set('/new.xml', (_request, response) => response.writeHead(200).end(atom));
    const result = await source('/old.xml', { name: 'Kate’s journal' }).poll(contextFor());
    expect(result.movedTo).toBe(`${base}/new.xml`);
    expect(result.batch.posts.every((post) => post.community === 'Kate’s journal')).toBe(true);
  });

  it('polls the stored URL after a move but keeps post ids stable', async () => {
    const moved = await source('/old.xml').poll(contextFor());
    const direct = await source('/old.xml').poll(contextFor({ url: `${base}/new.xml` }));
    expect(direct.batch.posts.map((post) => post.id)).toEqual(moved.batch.posts.map((post) => post.id));
  });

  it('describes itself', () => {
    expect(source('/x.xml', { name: 'X' }).describe()).toBe(`Feed "X" ${base}/x.xml (every 30 min)`);
  });
});

describe('cacheMaxAge', () => {
  it('reads max-age unless the response may not be reused', () => {
    expect(cacheMaxAge('public, max-age=300')).toBe(300);
    expect(cacheMaxAge('no-cache, max-age=300')).toBeNull();
    expect(cacheMaxAge(undefined)).toBeNull();
  });
});

describe('discovery', () => {
  const page = `<!doctype html><html><head><base href="https://cdn.example.org/site/">
    <link rel="stylesheet" href="a.css">
    <link rel="alternate" type="application/rss+xml" title="RSS" href="feed.xml">
    <link rel="Alternate" type="application/atom+xml; charset=utf-8" href="/atom.xml">
    <link rel="alternate" type="application/feed+json" href="feed.json">
    <link rel="alternate" type="text/html" hreflang="de" href="/de/">
    <link rel="alternate" type="application/rss+xml" href="feed.xml">
    </head><body></body></html>`;

  it('finds alternate feed links resolved against <base href>', () => {
    expect(discoverFeeds(page, 'https://www.example.org/blog/')).toEqual([
      { url: 'https://cdn.example.org/site/feed.xml', title: 'RSS', type: 'application/rss+xml' },
      { url: 'https://cdn.example.org/atom.xml', title: null, type: 'application/atom+xml' },
      { url: 'https://cdn.example.org/site/feed.json', title: null, type: 'application/feed+json' },
    ]);
  });

  it('resolves a page to its first feed that parses, and a feed URL to itself', async () => {
    routes.set('/blog/', (_request, response) =>
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<html><head><link rel="alternate" type="application/rss+xml" href="/broken.xml"><link rel="alternate" type="application/atom+xml" href="/blog/atom.xml" title="Atom"></head></html>`,
        ),
    );
    routes.set('/broken.xml', (_request, response) => response.writeHead(200).end('<html>nope</html>'));
    routes.set('/blog/atom.xml', (_request, response) => response.writeHead(200).end(atom));
    await expect(resolveFeedUrl(fetcher, `${base}/blog/`)).resolves.toEqual({
      url: `${base}/blog/atom.xml`,
      title: 'Example Journal',
    });
    await expect(resolveFeedUrl(fetcher, `${base}/blog/atom.xml`)).resolves.toEqual({
      url: `${base}/blog/atom.xml`,
      title: 'Example Journal',
    });
  });
});
