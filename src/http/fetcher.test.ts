import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchError } from '../errors.js';
import type { Log } from '../log.js';
import { createFetcher } from './fetcher.js';
import { defaultFetcherOptions, type FetcherOptions, USER_AGENT } from './options.js';
import type { FetchRequest } from './types.js';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  origin: string;
  port: number;
  seen: SeenRequest[];
  route(path: string, handler: Handler): void;
  hits(path: string): number;
  close(): Promise<void>;
}

async function startServer(): Promise<TestServer> {
  const routes = new Map<string, Handler>();
  const seen: SeenRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const path = request.url ?? '/';
      seen.push({ method: request.method ?? '', path, headers: request.headers, body });
      const handler = routes.get(path);
      if (handler) handler(request, response, body);
      else response.writeHead(404).end('no route');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    seen,
    route: (path, handler) => routes.set(path, handler),
    hits: (path) => seen.filter((request) => request.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function serve(): Promise<TestServer> {
  const server = await startServer();
  cleanups.push(server.close);
  return server;
}

/** A fetcher whose sleeps return at once and are recorded. */
function makeFetcher(overrides: Partial<FetcherOptions> = {}) {
  const sleeps: number[] = [];
  const fetcher = createFetcher({
    ...defaultFetcherOptions,
    perHostIntervalMs: 0,
    timeoutMs: 5_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  cleanups.push(fetcher.close);
  return Object.assign(fetcher, { sleeps });
}

/** The FetchError a promise rejects with (fails the test when it resolves or throws anything else). */
async function fetchError(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

function recordingLog(onMessage: (message: string, fields: object) => void): Log {
  const record = (fields: object, message: string) => onMessage(message, fields);
  const log: Log = { debug: record, info: record, warn: record, error: record, child: () => log };
  return log;
}

const trusted = (url: string, extra: Partial<FetchRequest> = {}): FetchRequest => ({
  url,
  trusted: true,
  ...extra,
});

describe('createFetcher: responses', () => {
  it('returns the body, headers and URL of a 200', async () => {
    const server = await serve();
    server.route('/feed.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end('<rss/>');
    });
    const response = await makeFetcher().fetch(trusted(`${server.origin}/feed.xml`));
    expect(response).toMatchObject({
      status: 200,
      url: `${server.origin}/feed.xml`,
      notModified: false,
      permanentUrl: null,
    });
    expect(response.body.toString()).toBe('<rss/>');
    expect(response.headers).toMatchObject({ 'content-type': 'application/rss+xml', etag: '"v1"' });
  });

  it('sends the descriptive User-Agent, an Accept and the encodings it decodes', async () => {
    const server = await serve();
    server.route('/', (_request, response) => response.end('ok'));
    await makeFetcher().fetch(trusted(`${server.origin}/`));
    expect(server.seen[0]?.headers).toMatchObject({
      'user-agent': USER_AGENT,
      'accept-encoding': 'gzip, deflate, br',
      accept: expect.stringContaining('application/rss+xml'),
    });
  });

  it("keeps the request's own User-Agent and Accept, whatever their case", async () => {
    const server = await serve();
    server.route('/', (_request, response) => response.end('ok'));
    await makeFetcher().fetch(
      trusted(`${server.origin}/`, { headers: { 'User-Agent': 'custom/1.0', Accept: 'application/json' } }),
    );
    expect(server.seen[0]?.headers).toMatchObject({ 'user-agent': 'custom/1.0', accept: 'application/json' });
  });

  it('resolves 410 and 403 with their status so the caller can decide', async () => {
    const server = await serve();
    server.route('/gone', (_request, response) => response.writeHead(410).end('gone'));
    server.route('/forbidden', (_request, response) => response.writeHead(403).end('no'));
    const fetcher = makeFetcher();
    expect((await fetcher.fetch(trusted(`${server.origin}/gone`))).status).toBe(410);
    expect((await fetcher.fetch(trusted(`${server.origin}/forbidden`))).status).toBe(403);
    expect(server.hits('/gone')).toBe(1);
  });
});

describe('createFetcher: conditional GET', () => {
  it('sends If-None-Match from the etag and reports 304 as not modified with an empty body', async () => {
    const server = await serve();
    server.route('/feed', (request, response) => {
      if (request.headers['if-none-match'] === '"v1"') response.writeHead(304).end();
      else response.writeHead(200, { etag: '"v1"' }).end('full body');
    });
    const response = await makeFetcher().fetch(trusted(`${server.origin}/feed`, { etag: '"v1"' }));
    expect(response).toMatchObject({ status: 304, notModified: true });
    expect(response.body.length).toBe(0);
  });

  it('sends If-Modified-Since from lastModified', async () => {
    const lastModified = 'Wed, 25 Nov 2026 08:00:00 GMT';
    const server = await serve();
    server.route('/feed', (request, response) => {
      if (request.headers['if-modified-since'] === lastModified) response.writeHead(304).end();
      else response.writeHead(200).end('full body');
    });
    const response = await makeFetcher().fetch(trusted(`${server.origin}/feed`, { lastModified }));
    expect(response).toMatchObject({ status: 304, notModified: true });
  });

  it('sends no validators when it has none', async () => {
    const server = await serve();
    server.route('/feed', (_request, response) => response.end('full body'));
    const response = await makeFetcher().fetch(trusted(`${server.origin}/feed`, { etag: null }));
    expect(response.notModified).toBe(false);
    expect(server.seen[0]?.headers['if-none-match']).toBeUndefined();
    expect(server.seen[0]?.headers['if-modified-since']).toBeUndefined();
  });
});

describe('createFetcher: redirects', () => {
  it('reports the final URL as permanent when every hop was 301 or 308', async () => {
    const server = await serve();
    server.route('/a', (_request, response) => response.writeHead(301, { location: '/b' }).end());
    server.route('/b', (_request, response) =>
      response.writeHead(308, { location: `${server.origin}/c` }).end(),
    );
    server.route('/c', (_request, response) => response.end('moved here'));
    const response = await makeFetcher().fetch(trusted(`${server.origin}/a`));
    expect(response).toMatchObject({
      status: 200,
      url: `${server.origin}/c`,
      permanentUrl: `${server.origin}/c`,
    });
    expect(response.body.toString()).toBe('moved here');
  });

  it('reports no permanent URL when a hop was temporary', async () => {
    const server = await serve();
    server.route('/a', (_request, response) => response.writeHead(301, { location: '/b' }).end());
    server.route('/b', (_request, response) => response.writeHead(302, { location: '/c' }).end());
    server.route('/c', (_request, response) => response.end('here for now'));
    const response = await makeFetcher().fetch(trusted(`${server.origin}/a`));
    expect(response).toMatchObject({ status: 200, url: `${server.origin}/c`, permanentUrl: null });
  });

  it('follows maxRedirects redirects and refuses one more', async () => {
    const server = await serve();
    for (let hop = 0; hop < 6; hop++) {
      server.route(`/${hop}`, (_request, response) =>
        response.writeHead(302, { location: `/${hop + 1}` }).end(),
      );
    }
    server.route('/6', (_request, response) => response.end('end of the chain'));
    const fetcher = makeFetcher({ maxRedirects: 5 });
    expect((await fetcher.fetch(trusted(`${server.origin}/1`))).url).toBe(`${server.origin}/6`);
    const error = await fetchError(fetcher.fetch(trusted(`${server.origin}/0`)));
    expect(error.reason).toBe('redirects');
    expect(server.hits('/6')).toBe(1);
  });

  it('turns a POST into a GET without body on 303', async () => {
    const server = await serve();
    server.route('/submit', (_request, response) => response.writeHead(303, { location: '/result' }).end());
    server.route('/result', (_request, response) => response.end('done'));
    await makeFetcher().fetch(
      trusted(`${server.origin}/submit`, {
        method: 'POST',
        body: 'q=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(server.seen.map((request) => [request.method, request.path, request.body])).toEqual([
      ['POST', '/submit', 'q=1'],
      ['GET', '/result', ''],
    ]);
    expect(server.seen[1]?.headers['content-type']).toBeUndefined();
  });

  it('keeps method and body on 307', async () => {
    const server = await serve();
    server.route('/submit', (_request, response) => response.writeHead(307, { location: '/again' }).end());
    server.route('/again', (_request, response) => response.end('done'));
    await makeFetcher().fetch(trusted(`${server.origin}/submit`, { method: 'POST', body: 'q=1' }));
    expect(server.seen[1]).toMatchObject({ method: 'POST', path: '/again', body: 'q=1' });
  });

  it('drops credentials when a redirect leaves the origin', async () => {
    const first = await serve();
    const second = await serve();
    first.route('/same', (_request, response) => response.writeHead(302, { location: '/away' }).end());
    first.route('/away', (_request, response) =>
      response.writeHead(302, { location: `${second.origin}/` }).end(),
    );
    second.route('/', (_request, response) => response.end('elsewhere'));
    const fetcher = makeFetcher({ allowedRanges: ['127.0.0.0/8'] });
    await fetcher.fetch(trusted(`${first.origin}/same`, { headers: { Authorization: 'Bearer secret' } }));
    expect(first.seen.map((request) => request.headers.authorization)).toEqual([
      'Bearer secret',
      'Bearer secret',
    ]);
    expect(second.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('refuses a redirect to a scheme other than http and https', async () => {
    const server = await serve();
    server.route('/', (_request, response) =>
      response.writeHead(302, { location: 'file:///etc/passwd' }).end(),
    );
    const error = await fetchError(makeFetcher().fetch(trusted(`${server.origin}/`)));
    expect(error.reason).toBe('blocked-address');
  });
});

describe('createFetcher: rate limits and retries', () => {
  it('rejects 429 with the Retry-After seconds and does not retry', async () => {
    const server = await serve();
    server.route('/', (_request, response) => response.writeHead(429, { 'retry-after': '120' }).end());
    const fetcher = makeFetcher();
    const error = await fetchError(fetcher.fetch(trusted(`${server.origin}/`)));
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000, reason: 'status' });
    expect(server.hits('/')).toBe(1);
    expect(fetcher.sleeps).toEqual([]);
  });

  it('rejects 429 with the time left until a Retry-After date', async () => {
    const now = Date.UTC(2026, 10, 26, 9, 0, 0);
    const server = await serve();
    server.route('/', (_request, response) =>
      response.writeHead(429, { 'retry-after': new Date(now + 90_000).toUTCString() }).end(),
    );
    const fetcher = makeFetcher({ clock: { now: () => now } });
    const error = await fetchError(fetcher.fetch(trusted(`${server.origin}/`)));
    expect(error).toMatchObject({ status: 429, retryAfterMs: 90_000, reason: 'status' });
  });

  it('rejects 503 with Retry-After without retrying, and without a delay when there is none', async () => {
    const server = await serve();
    server.route('/with', (_request, response) => response.writeHead(503, { 'retry-after': '30' }).end());
    server.route('/without', (_request, response) => response.writeHead(503).end());
    const fetcher = makeFetcher();
    expect(await fetchError(fetcher.fetch(trusted(`${server.origin}/with`)))).toMatchObject({
      status: 503,
      retryAfterMs: 30_000,
    });
    const without = await fetchError(fetcher.fetch(trusted(`${server.origin}/without`)));
    expect(without).toMatchObject({ status: 503, retryAfterMs: undefined, reason: 'status' });
    expect(server.hits('/with') + server.hits('/without')).toBe(2);
  });

  it('retries a 500 with full-jitter exponential backoff, then rejects', async () => {
    const server = await serve();
    server.route('/', (_request, response) => response.writeHead(500).end('broken'));
    const fetcher = makeFetcher({ retries: 3, random: () => 0.5 });
    const error = await fetchError(fetcher.fetch(trusted(`${server.origin}/`)));
    expect(error).toMatchObject({ status: 500, reason: 'status' });
    expect(server.hits('/')).toBe(4);
    // random 0.5 × 500 ms × 2^attempt
    expect(fetcher.sleeps).toEqual([250, 500, 1000]);
  });

  it('resolves when a retry succeeds', async () => {
    const server = await serve();
    server.route('/', (_request, response) => {
      if (server.hits('/') === 1) response.writeHead(502).end();
      else response.end('recovered');
    });
    const fetcher = makeFetcher({ retries: 2, random: () => 1 });
    const response = await fetcher.fetch(trusted(`${server.origin}/`));
    expect(response.body.toString()).toBe('recovered');
    expect(fetcher.sleeps).toEqual([500]);
  });

  it('retries network errors and then rejects with reason network', async () => {
    const server = await startServer();
    const origin = server.origin;
    await server.close();
    const fetcher = makeFetcher({ retries: 2 });
    const error = await fetchError(fetcher.fetch(trusted(`${origin}/`)));
    expect(error.reason).toBe('network');
    expect(fetcher.sleeps).toHaveLength(2);
  });
});

describe('createFetcher: timeouts and body cap', () => {
  it('times out a server that sends headers and then stalls', async () => {
    const server = await serve();
    server.route('/', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('first bytes, then nothing');
    });
    const fetcher = makeFetcher({ timeoutMs: 300 });
    const error = await fetchError(fetcher.fetch(trusted(`${server.origin}/`)));
    expect(error.reason).toBe('timeout');
    expect(fetcher.sleeps).toEqual([]);
  });

  it('times out a server that never answers, with the per-request timeout', async () => {
    const server = await serve();
    server.route('/', () => {});
    const error = await fetchError(makeFetcher().fetch(trusted(`${server.origin}/`, { timeoutMs: 300 })));
    expect(error.reason).toBe('timeout');
  });

  it('refuses a body whose Content-Length exceeds the cap before reading it', async () => {
    const server = await serve();
    server.route('/', (_request, response) => {
      response.writeHead(200, { 'content-length': '2000' });
      response.write('x'.repeat(100)); // and never the rest: only the header can explain the refusal
    });
    const error = await fetchError(makeFetcher({ maxBodyBytes: 1000 }).fetch(trusted(`${server.origin}/`)));
    expect(error.reason).toBe('too-large');
  });

  it('refuses a chunked body once it passes the cap', async () => {
    const server = await serve();
    server.route('/', (_request, response) => {
      // No Content-Length: write() before end() sends the body chunked.
      response.write('x'.repeat(2500));
      response.end('x'.repeat(2500));
    });
    const fetcher = makeFetcher();
    const error = await fetchError(fetcher.fetch(trusted(`${server.origin}/`, { maxBodyBytes: 4999 })));
    expect(error.reason).toBe('too-large');
    const fits = await fetcher.fetch(trusted(`${server.origin}/`, { maxBodyBytes: 5000 }));
    expect(fits.body.length).toBe(5000);
  });

  it('counts decoded bytes, so a small gzip that inflates past the cap is refused', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const server = await serve();
    server.route('/', (_request, response) => {
      response
        .writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) })
        .end(bomb);
    });
    const error = await fetchError(
      makeFetcher({ maxBodyBytes: 1024 * 1024 }).fetch(trusted(`${server.origin}/`)),
    );
    expect(error.reason).toBe('too-large');
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('decodes a %s body', async (encoding, compress) => {
    const text = '<rss><channel><title>compressed</title></channel></rss>'.repeat(50);
    const server = await serve();
    server.route('/', (_request, response) => {
      response.writeHead(200, { 'content-encoding': encoding }).end(compress(Buffer.from(text)));
    });
    const response = await makeFetcher().fetch(trusted(`${server.origin}/`));
    expect(response.body.toString()).toBe(text);
  });

  it('rejects a body in an encoding it did not ask for, or one that does not decode', async () => {
    const server = await serve();
    server.route('/zstd', (_request, response) =>
      response.writeHead(200, { 'content-encoding': 'zstd' }).end('??'),
    );
    server.route('/corrupt', (_request, response) =>
      response.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all'),
    );
    const fetcher = makeFetcher();
    expect((await fetchError(fetcher.fetch(trusted(`${server.origin}/zstd`)))).reason).toBe('protocol');
    expect((await fetchError(fetcher.fetch(trusted(`${server.origin}/corrupt`)))).reason).toBe('protocol');
  });
});

describe('createFetcher: address guard', () => {
  it('refuses an untrusted URL on 127.0.0.1 unless allowedRanges covers it', async () => {
    const server = await serve();
    server.route('/', (_request, response) => response.end('local'));
    const url = `${server.origin}/`;
    const error = await fetchError(makeFetcher().fetch({ url, trusted: false }));
    expect(error.reason).toBe('blocked-address');
    expect(server.hits('/')).toBe(0);
    const allowed = await makeFetcher({ allowedRanges: ['127.0.0.0/8'] }).fetch({ url, trusted: false });
    expect(allowed.body.toString()).toBe('local');
  });

  it('refuses loopback written in the notations the URL parser normalises', async () => {
    const server = await serve();
    server.route('/', (_request, response) => response.end('local'));
    const fetcher = makeFetcher();
    for (const host of ['2130706433', '0x7f.1', '0177.0.0.1', '127.1', '[::ffff:127.0.0.1]']) {
      const error = await fetchError(
        fetcher.fetch({ url: `http://${host}:${server.port}/`, trusted: false }),
      );
      expect(error.reason, host).toBe('blocked-address');
    }
    expect(server.hits('/')).toBe(0);
  });

  it('refuses an untrusted host name that resolves to loopback, checking after DNS', async () => {
    const server = await serve();
    server.route('/', (_request, response) => response.end('local'));
    const fetcher = makeFetcher({
      lookup: async () => [
        { address: '93.184.215.14', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ],
    });
    const error = await fetchError(
      fetcher.fetch({ url: `http://news.example:${server.port}/`, trusted: false }),
    );
    expect(error).toMatchObject({ reason: 'blocked-address', url: `http://news.example:${server.port}/` });
    expect(server.hits('/')).toBe(0);
  });

  it('connects to the address its lookup checked', async () => {
    const server = await serve();
    server.route('/', (_request, response) => response.end('pinned'));
    const looked: string[] = [];
    const fetcher = makeFetcher({
      allowedRanges: ['127.0.0.0/8'],
      lookup: async (hostname) => {
        looked.push(hostname);
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    const response = await fetcher.fetch({ url: `http://news.example:${server.port}/`, trusted: false });
    expect(response.body.toString()).toBe('pinned');
    expect(looked).toEqual(['news.example']);
    expect(server.seen[0]?.headers.host).toBe(`news.example:${server.port}`);
  });

  it('refuses a trusted URL that redirects to localhost', async () => {
    const server = await serve();
    server.route('/feed', (_request, response) =>
      response.writeHead(302, { location: `http://localhost:${server.port}/admin` }).end(),
    );
    server.route('/admin', (_request, response) => response.end('secret'));
    const error = await fetchError(makeFetcher().fetch(trusted(`${server.origin}/feed`)));
    expect(error.reason).toBe('blocked-address');
    expect(server.hits('/admin')).toBe(0);
  });

  it('refuses a trusted URL that redirects to another port on 127.0.0.1', async () => {
    const server = await serve();
    const other = await serve();
    server.route('/feed', (_request, response) =>
      response.writeHead(301, { location: `${other.origin}/admin` }).end(),
    );
    other.route('/admin', (_request, response) => response.end('secret'));
    const error = await fetchError(makeFetcher().fetch(trusted(`${server.origin}/feed`)));
    expect(error.reason).toBe('blocked-address');
    expect(other.hits('/admin')).toBe(0);
  });

  it('keeps trusting a redirect within the trusted origin', async () => {
    const server = await serve();
    server.route('/feed', (_request, response) => response.writeHead(301, { location: '/rss.xml' }).end());
    server.route('/rss.xml', (_request, response) => response.end('<rss/>'));
    const response = await makeFetcher().fetch(trusted(`${server.origin}/feed`));
    expect(response.body.toString()).toBe('<rss/>');
  });

  it('does not trust the original origin again once a redirect has left it', async () => {
    const server = await serve();
    const other = await serve();
    // feed.example also resolves to a private address: fine while trusted, refused once not.
    const fetcher = makeFetcher({
      allowedRanges: ['127.0.0.1/32'],
      lookup: async (hostname) =>
        hostname === 'feed.example'
          ? [
              { address: '127.0.0.1', family: 4 },
              { address: '10.0.0.1', family: 4 },
            ]
          : [{ address: '127.0.0.1', family: 4 }],
    });
    const feedOrigin = `http://feed.example:${server.port}`;
    server.route('/feed', (_request, response) =>
      response.writeHead(302, { location: `http://mirror.example:${other.port}/` }).end(),
    );
    other.route('/', (_request, response) =>
      response.writeHead(302, { location: `${feedOrigin}/admin` }).end(),
    );
    server.route('/admin', (_request, response) => response.end('secret'));
    expect((await fetcher.fetch(trusted(`${feedOrigin}/admin`))).body.toString()).toBe('secret');
    const error = await fetchError(fetcher.fetch(trusted(`${feedOrigin}/feed`)));
    expect(error.reason).toBe('blocked-address');
    expect(other.hits('/')).toBe(1);
    expect(server.hits('/admin')).toBe(1);
  });

  it('refuses a URL that is not http or https', async () => {
    const error = await fetchError(makeFetcher().fetch(trusted('ftp://example.com/feed')));
    expect(error.reason).toBe('blocked-address');
  });
});

describe('createFetcher: per-host politeness', () => {
  it('never runs more than perHostConcurrency requests to one host at once', async () => {
    const server = await serve();
    const held: ServerResponse[] = [];
    let arrived = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const total = 6;
    function answerOldest(): void {
      inFlight--;
      held.shift()?.end('ok');
      if (arrived === total && held.length > 0) setTimeout(answerOldest, 20);
    }
    server.route('/', (_request, response) => {
      arrived++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      held.push(response);
      // Hold answers until two wait, then answer the oldest a little later: a fetcher ignoring the
      // limit has sent the rest by then. A correct one cannot, however slow the machine.
      if (held.length >= 2 || arrived === total) setTimeout(answerOldest, 20);
    });
    const fetcher = makeFetcher({ perHostConcurrency: 2 });
    const responses = await Promise.all(
      Array.from({ length: total }, () => fetcher.fetch(trusted(`${server.origin}/`))),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(maxInFlight).toBe(2);
  });

  it('spaces request starts to one host by perHostIntervalMs', async () => {
    const intervalMs = 150;
    const server = await serve();
    server.route('/', (_request, response) => response.end('ok'));
    const sentAt: number[] = [];
    const log = recordingLog((message) => {
      if (message === 'fetch sending') sentAt.push(performance.now());
    });
    const fetcher = makeFetcher({ perHostConcurrency: 3, perHostIntervalMs: intervalMs, log });
    await Promise.all(Array.from({ length: 3 }, () => fetcher.fetch(trusted(`${server.origin}/`))));
    expect(server.hits('/')).toBe(3);
    const gaps = sentAt.slice(1).map((at, index) => at - (sentAt[index] ?? 0));
    // A lower bound only (less 2 ms for the whole milliseconds p-queue counts in): a slow machine
    // widens the gaps, it cannot narrow them.
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(intervalMs - 2);
  });

  it('does not space requests to different hosts', async () => {
    const server = await serve();
    server.route('/', (_request, response) => response.end('ok'));
    const fetcher = makeFetcher({
      perHostIntervalMs: 60_000,
      lookup: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    // Two host names for the same server; with a minute of spacing, a shared queue would hang.
    const responses = await Promise.all(
      ['a.example', 'b.example'].map((host) => fetcher.fetch(trusted(`http://${host}:${server.port}/`))),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
  }, 5_000);
});
