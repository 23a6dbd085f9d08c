import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fetcher } from '../http/types.js';
import { createSilentLog } from '../log.js';
import { getDocument } from '../store/documents.js';
import { type Store, upsertPosts } from '../store/index.js';
import { makePost } from '../test-support/make.js';
import { sqliteDialect } from '../test-support/stores.js';
import { dedupKey } from '../urls/canonical.js';
import { fetchArticles } from './index.js';
import { createTestFetcher, startTestServer, type TestServer } from './test-server.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));

const NOW = Date.UTC(2026, 2, 1, 12);
const HOUR = 60 * 60 * 1000;
const html = { 'content-type': 'text/html; charset=utf-8' };

let server: TestServer;
let store: Store;
let clock: { at: number; now(): number };
const cleanups: Array<() => Promise<void>> = [];

beforeEach(async () => {
  server = await startTestServer();
  const opened = await sqliteDialect.open();
  store = opened.store;
  cleanups.push(server.close, opened.dispose);
  clock = { at: NOW, now: () => clock.at };
  server.route('/robots.txt', (response) =>
    response.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n'),
  );
  server.route('/news/nordwind', (response) =>
    response.writeHead(200, html).end(fixture('news-article.html')),
  );
  server.route('/news/ostseekabel', (response) =>
    response.writeHead(200, html).end(fixture('syndicated.html')),
  );
  server.route('/download/report', (response) =>
    response.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7 …'),
  );
  server.route('/private/memo', (response) =>
    response.writeHead(200, html).end(fixture('news-article.html')),
  );
});

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A fetcher that may reach the test server on 127.0.0.1 (untrusted fetches refuse loopback otherwise). */
function allowedFetcher(): Fetcher {
  const fetcher = createTestFetcher({ allowedRanges: ['127.0.0.0/8'] });
  cleanups.push(fetcher.close);
  return fetcher;
}

/** Stores one post per path, the first path newest. */
async function postLinks(...paths: string[]): Promise<void> {
  await upsertPosts(
    store.db,
    paths.map((path, index) => {
      const url = `${server.origin}${path}`;
      return makePost({
        id: `hn:${index + 1}`,
        url,
        dedupKey: dedupKey(url),
        publishedAt: NOW - (index + 1) * HOUR,
      });
    }),
    NOW,
  );
}

const run = (fetcher: Fetcher, limit = 50) =>
  fetchArticles({ store, fetcher, clock, log: createSilentLog() }, { limit });

describe('fetchArticles', () => {
  it('stores articles, records failures and skips what it must, one link never stopping the others', async () => {
    await postLinks(
      '/news/nordwind',
      '/news/missing',
      '/download/report',
      '/private/memo',
      '/files/paper.pdf',
      '/news/ostseekabel',
    );
    const report = await run(allowedFetcher());

    expect(report).toMatchObject({ fetched: 2, failed: 1, skipped: 3 });
    expect(report.results.map(({ postId, status }) => [postId, status])).toEqual([
      ['hn:1', 'ok'],
      ['hn:2', 'error'],
      ['hn:3', 'skipped'],
      ['hn:4', 'robots'],
      ['hn:5', 'skipped'],
      ['hn:6', 'ok'],
    ]);
    expect(report.results[1]?.message).toContain('(status 404)');
    expect(report.results[2]?.message).toBe('not an HTML page (application/pdf)');
    expect(report.results[3]?.message).toContain('disallowed by');
    expect(report.results[4]?.message).toBe('not an HTML page (.pdf)');
    // Disallowed and obviously non-HTML links are never requested.
    expect(server.hits('/private/memo')).toBe(0);
    expect(server.hits('/files/paper.pdf')).toBe(0);
    expect(server.hits('/robots.txt')).toBe(1);
  });

  it('stores the extracted article with its same-site canonical URL and key', async () => {
    await postLinks('/news/nordwind');
    await run(allowedFetcher());
    const stored = await getDocument(store.db, dedupKey(`${server.origin}/news/nordwind`) ?? '');
    const canonicalUrl = `${server.origin}/2026/03/01/nordwind-baltic-grid`;
    expect(stored).toMatchObject({
      status: 'ok',
      url: `${server.origin}/news/nordwind`,
      title: 'Nordwind commits €4 billion to Baltic offshore grid',
      byline: 'Maja Kowalska',
      site: 'Baltic Wire',
      canonicalUrl,
      canonicalKey: dedupKey(canonicalUrl),
      postId: 'hn:1',
      fetchedAt: NOW,
    });
    expect(stored?.text).toContain('Shares in PSG rose 6% in Warsaw');
    expect(stored?.html).toContain(`src="${server.origin}/news/images/substation.jpg"`);
  });

  it('records failures as error and robots documents with their message', async () => {
    await postLinks('/news/missing', '/private/memo');
    await run(allowedFetcher());
    expect(await getDocument(store.db, dedupKey(`${server.origin}/news/missing`) ?? '')).toMatchObject({
      status: 'error',
      error: `articles: unable to fetch ${server.origin}/news/missing (status 404)`,
      text: '',
    });
    expect(await getDocument(store.db, dedupKey(`${server.origin}/private/memo`) ?? '')).toMatchObject({
      status: 'robots',
      error: expect.stringContaining(`disallowed by ${server.origin}/robots.txt`),
    });
  });

  it('fetches nothing new when run again, and retries failures a day later', async () => {
    await postLinks('/news/nordwind', '/news/missing', '/download/report', '/private/memo');
    const fetcher = allowedFetcher();
    await run(fetcher);
    const requests = server.paths.length;

    clock.at += HOUR;
    expect(await run(fetcher)).toEqual({ fetched: 0, failed: 0, skipped: 0, results: [] });
    expect(server.paths.length).toBe(requests);

    clock.at += 24 * HOUR;
    server.route('/news/missing', (response) =>
      response.writeHead(200, html).end(fixture('syndicated.html')),
    );
    const later = await run(fetcher);
    expect(later.results.map(({ postId, status }) => [postId, status])).toEqual([
      ['hn:2', 'ok'],
      ['hn:4', 'robots'],
    ]);
  });

  it('fetches an article linked by several posts once', async () => {
    const url = `${server.origin}/news/nordwind`;
    await upsertPosts(
      store.db,
      [
        makePost({ id: 'hn:1', url, dedupKey: dedupKey(url), publishedAt: NOW - HOUR }),
        makePost({
          id: 'reddit:t3_1',
          url: `${url}?utm_source=reddit`,
          dedupKey: dedupKey(url),
          publishedAt: NOW,
        }),
      ],
      NOW,
    );
    const report = await run(allowedFetcher());
    expect(report.results).toEqual([
      { postId: 'reddit:t3_1', url: `${url}?utm_source=reddit`, status: 'ok' },
    ]);
    expect(server.paths.filter((path) => path.startsWith('/news/nordwind'))).toEqual([
      '/news/nordwind?utm_source=reddit',
    ]);
  });

  it('records a page larger than the body cap as an error', async () => {
    await postLinks('/news/nordwind');
    const report = await fetchArticles(
      { store, fetcher: allowedFetcher(), clock, log: createSilentLog() },
      { limit: 10, maxBodyBytes: 1024 },
    );
    expect(report.results[0]).toMatchObject({
      status: 'error',
      message: expect.stringContaining('larger than 1024 bytes'),
    });
  });

  it('refuses a link to a loopback address when no range allows it, and records the refusal (SSRF guard)', async () => {
    await postLinks('/news/nordwind');
    const guarded = createTestFetcher();
    cleanups.push(guarded.close);
    const report = await run(guarded);
    expect(report).toMatchObject({ fetched: 0, failed: 1, skipped: 0 });
    expect(report.results[0]?.message).toContain('refusing to fetch');
    expect(await getDocument(store.db, dedupKey(`${server.origin}/news/nordwind`) ?? '')).toMatchObject({
      status: 'error',
      error: expect.stringContaining('non-public address 127.0.0.1'),
    });
    // Not one request reached the server: not the article, not even robots.txt.
    expect(server.paths).toEqual([]);
  });
});
