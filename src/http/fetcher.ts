import { lookup as dnsLookup } from 'node:dns/promises';
import { type Readable, type Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { createBrotliDecompress, createGunzip, createInflate, constants as zlibConstants } from 'node:zlib';
import PQueue from 'p-queue';
import { Agent, request as undiciRequest } from 'undici';
import { errorMessage, FetchError } from '../errors.js';
import { createSilentLog, systemClock } from '../log.js';
import {
  BlockedAddressError,
  checkAllowedRanges,
  checkLiteralAddress,
  checkUrlScheme,
  createLookup,
  type ResolveHost,
} from './address-guard.js';
import type { FetcherOptions } from './options.js';
import { parseRetryAfter } from './retry-after.js';
import type { Fetcher, FetchRequest, FetchResponse } from './types.js';

/** Full-jitter exponential backoff: attempt n waits random() × min(cap, base × 2^n). */
const RETRY_BASE_MS = 500;
const RETRY_CAP_MS = 30_000;

/** Bodies we don't keep (redirects, errors): drained up to this, past it the connection is closed. */
const DISCARD_LIMIT_BYTES = 128 * 1024;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const PERMANENT_REDIRECT_STATUSES = new Set([301, 308]);
/** Sent only to the origin they were meant for (as the Fetch standard does on redirects). */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

const DEFAULT_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, ' +
  'application/json;q=0.9, text/html;q=0.8, */*;q=0.5';
const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * Truncated compressed bodies decode to what arrived instead of failing, like browsers and
 * undici's fetch do.
 */
const ZLIB_OPTIONS = { flush: zlibConstants.Z_SYNC_FLUSH, finishFlush: zlibConstants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS = {
  flush: zlibConstants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH,
};

/** One request on the way: the original, or a redirect target. */
interface Hop {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body: string | undefined;
  /** Only the request URL's own origin is trusted; trust is lost for good once a redirect leaves it. */
  trusted: boolean;
}

interface Limits {
  timeoutMs: number;
  maxBodyBytes: number;
}

interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function createFetcher(options: FetcherOptions): Fetcher & { close(): Promise<void> } {
  checkAllowedRanges(options.allowedRanges);
  const log = options.log ?? createSilentLog();
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const random = options.random ?? Math.random;
  const clock = options.clock ?? systemClock;
  const resolve: ResolveHost = options.lookup ?? ((hostname) => dnsLookup(hostname, { all: true }));
  // Two pools, so a connection opened for a trusted URL is never reused for an untrusted one.
  const trustedAgent = new Agent({
    connect: { timeout: options.connectTimeoutMs, lookup: createLookup(resolve, null) },
  });
  const guardedAgent = new Agent({
    connect: { timeout: options.connectTimeoutMs, lookup: createLookup(resolve, options.allowedRanges) },
  });
  const hostQueues = createHostQueues(options);

  async function fetch(request: FetchRequest): Promise<FetchResponse> {
    const requestUrl = checkUrlScheme(request.url);
    const limits: Limits = {
      timeoutMs: request.timeoutMs ?? options.timeoutMs,
      maxBodyBytes: request.maxBodyBytes ?? options.maxBodyBytes,
    };
    let hop: Hop = {
      url: requestUrl,
      method: request.method ?? 'GET',
      headers: buildHeaders(request, options.userAgent),
      body: request.body,
      trusted: request.trusted,
    };
    let allPermanent = true;
    for (let redirects = 0; ; redirects++) {
      const exchange = await sendWithRetries(hop, limits);
      const location = exchange.headers.location;
      if (!REDIRECT_STATUSES.has(exchange.status) || location === undefined) {
        const notModified = exchange.status === 304;
        log.debug(
          { url: hop.url.href, status: exchange.status, bytes: exchange.body.length, redirects },
          'fetch done',
        );
        return {
          status: exchange.status,
          url: hop.url.href,
          headers: exchange.headers,
          body: exchange.body,
          notModified,
          permanentUrl: redirects > 0 && allPermanent ? hop.url.href : null,
        };
      }
      if (redirects >= options.maxRedirects) {
        throw new FetchError(
          `http: unable to fetch ${request.url} (more than ${options.maxRedirects} redirects)`,
          {
            url: request.url,
            status: exchange.status,
            reason: 'redirects',
          },
        );
      }
      allPermanent &&= PERMANENT_REDIRECT_STATUSES.has(exchange.status);
      hop = redirectHop(hop, exchange.status, location, requestUrl);
    }
  }

  async function sendWithRetries(hop: Hop, limits: Limits): Promise<Exchange> {
    if (!hop.trusted) checkLiteralAddress(hop.url, options.allowedRanges);
    for (let attempt = 0; ; attempt++) {
      try {
        return await hostQueues.run(hop.url.hostname, () => send(hop, limits));
      } catch (error) {
        if (!(error instanceof FetchError) || !isRetryable(error) || attempt >= options.retries) throw error;
        const delayMs = Math.round(random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt));
        log.warn(
          { url: hop.url.href, attempt: attempt + 1, delayMs, status: error.status, error: error.message },
          'fetch retrying',
        );
        await sleep(delayMs);
      }
    }
  }

  /** One HTTP exchange; the timeout covers connecting, headers and the whole body. */
  async function send(hop: Hop, limits: Limits): Promise<Exchange> {
    const url = hop.url.href;
    log.debug({ url, method: hop.method, trusted: hop.trusted }, 'fetch sending');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
    try {
      const response = await undiciRequest(hop.url, {
        method: hop.method,
        headers: hop.headers,
        body: hop.body,
        signal: controller.signal,
        dispatcher: hop.trusted ? trustedAgent : guardedAgent,
      });
      const status = response.statusCode;
      const headers = flattenHeaders(response.headers);
      if (status === 304 || status >= 500 || status === 429 || REDIRECT_STATUSES.has(status)) {
        await response.body.dump({ limit: DISCARD_LIMIT_BYTES, signal: controller.signal });
        if (status === 429 || status === 503) {
          const retryAfter = headers['retry-after'];
          const retryAfterMs =
            retryAfter === undefined ? undefined : (parseRetryAfter(retryAfter, clock.now()) ?? undefined);
          throw new FetchError(
            `http: unable to fetch ${url} (status ${status}, Retry-After ${retryAfter ?? 'absent'})`,
            {
              url,
              status,
              retryAfterMs,
              reason: 'status',
            },
          );
        }
        if (status >= 500) {
          throw new FetchError(`http: unable to fetch ${url} (status ${status})`, {
            url,
            status,
            reason: 'status',
          });
        }
        return { status, headers, body: Buffer.alloc(0) };
      }
      const body = await readBody(response.body, headers, limits.maxBodyBytes, url);
      return { status, headers, body };
    } catch (error) {
      throw toFetchError(error, url, controller.signal.aborted, limits.timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  async function close(): Promise<void> {
    await Promise.all([trustedAgent.close(), guardedAgent.close()]);
  }

  return { fetch, close };
}

/**
 * One p-queue per host: at most `perHostConcurrency` requests at once, and starts at least
 * `perHostIntervalMs` apart (a sliding window of one start per interval).
 */
function createHostQueues(options: FetcherOptions) {
  const hosts = new Map<string, { queue: PQueue; lastStartAt: number }>();
  const spacing =
    options.perHostIntervalMs > 0
      ? { interval: options.perHostIntervalMs, intervalCap: 1, strict: true }
      : {};

  /** Queues that are idle and past their spacing window carry no state worth keeping. */
  function forgetIdleHosts(now: number): void {
    for (const [host, entry] of hosts) {
      const idle = entry.queue.size === 0 && entry.queue.pending === 0;
      if (idle && now - entry.lastStartAt >= options.perHostIntervalMs) hosts.delete(host);
    }
  }

  return {
    run<T>(host: string, task: () => Promise<T>): Promise<T> {
      let entry = hosts.get(host);
      if (entry === undefined) {
        forgetIdleHosts(Date.now());
        entry = {
          queue: new PQueue({ concurrency: options.perHostConcurrency, ...spacing }),
          lastStartAt: 0,
        };
        hosts.set(host, entry);
      }
      const started = entry;
      return entry.queue.add(() => {
        started.lastStartAt = Date.now();
        return task();
      });
    },
  };
}

/** Network failures and 5xx other than 503 are worth another try; 429/503 go back to the caller's schedule. */
function isRetryable(error: FetchError): boolean {
  if (error.reason === 'network') return true;
  return (
    error.reason === 'status' && error.status !== undefined && error.status >= 500 && error.status !== 503
  );
}

function buildHeaders(request: FetchRequest, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  headers['user-agent'] ??= userAgent;
  headers.accept ??= DEFAULT_ACCEPT;
  // We decode the body ourselves and count the decoded bytes.
  headers['accept-encoding'] = ACCEPT_ENCODING;
  if (request.etag) headers['if-none-match'] = request.etag;
  if (request.lastModified) headers['if-modified-since'] = request.lastModified;
  return headers;
}

function redirectHop(previous: Hop, status: number, location: string, requestUrl: URL): Hop {
  let target: URL;
  try {
    target = new URL(location, previous.url);
  } catch (error) {
    throw new FetchError(
      `http: unable to follow redirect from ${previous.url.href} (invalid Location ${location})`,
      { url: previous.url.href, status, reason: 'protocol' },
      { cause: error },
    );
  }
  checkUrlScheme(target.href);
  const headers = { ...previous.headers };
  if (target.origin !== previous.url.origin) {
    for (const name of CREDENTIAL_HEADERS) delete headers[name];
  }
  // RFC 9110 §15.4.4: 303 asks for a GET. For 301/302 the Fetch standard turns POST into GET too,
  // as every browser does; 307/308 keep method and body.
  const toGet = status === 303 || ((status === 301 || status === 302) && previous.method === 'POST');
  if (toGet) {
    delete headers['content-type'];
    delete headers['content-length'];
  }
  return {
    url: target,
    method: toGet ? 'GET' : previous.method,
    headers,
    body: toGet ? undefined : previous.body,
    trusted: previous.trusted && target.origin === requestUrl.origin,
  };
}

/** Reads and decodes the body, refusing it as soon as the decoded size passes `maxBodyBytes`. */
async function readBody(
  body: Readable,
  headers: Record<string, string>,
  maxBodyBytes: number,
  url: string,
): Promise<Buffer> {
  const tooLarge = () =>
    new FetchError(`http: unable to fetch ${url} (body larger than ${maxBodyBytes} bytes)`, {
      url,
      reason: 'too-large',
    });
  let decoders: Transform[];
  try {
    decoders = createDecoders(headers['content-encoding'], url);
  } catch (error) {
    discard(body);
    throw error;
  }
  // Content-Length counts encoded bytes, so it only says something about identity bodies.
  const declaredBytes = Number(headers['content-length']);
  if (decoders.length === 0 && declaredBytes > maxBodyBytes) {
    discard(body);
    throw tooLarge();
  }
  let decodeError: unknown;
  for (const decoder of decoders) {
    decoder.once('error', (error) => {
      decodeError ??= error;
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    await pipeline([
      body,
      ...decoders,
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          if (size > maxBodyBytes) {
            callback(tooLarge());
            return;
          }
          chunks.push(chunk);
          callback();
        },
      }),
    ]);
  } catch (error) {
    // The pipeline hands its first error (our own too-large, say) to every stream in it.
    if (error instanceof FetchError) throw error;
    if (decodeError !== undefined && error === decodeError) {
      throw new FetchError(
        `http: unable to decode ${url} (${headers['content-encoding']})`,
        { url, reason: 'protocol' },
        { cause: error },
      );
    }
    throw error;
  }
  return Buffer.concat(chunks, size);
}

/** Drops a body unread and closes its connection; undici reports that as an abort, which is the point. */
function discard(body: Readable): void {
  body.once('error', () => {});
  body.destroy();
}

/** Decoders for Content-Encoding, in the order to apply them (the reverse of the header's). */
function createDecoders(contentEncoding: string | undefined, url: string): Transform[] {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  return codings.reverse().map((coding) => {
    // RFC 9110 §8.4.1: x-gzip is an alias of gzip; "deflate" is the zlib format (RFC 1950).
    if (coding === 'gzip' || coding === 'x-gzip') return createGunzip(ZLIB_OPTIONS);
    if (coding === 'deflate') return createInflate(ZLIB_OPTIONS);
    if (coding === 'br') return createBrotliDecompress(BROTLI_OPTIONS);
    throw new FetchError(`http: unable to decode ${url} (unsupported Content-Encoding ${coding})`, {
      url,
      reason: 'protocol',
    });
  });
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function toFetchError(error: unknown, url: string, timedOut: boolean, timeoutMs: number): FetchError {
  if (error instanceof FetchError) return error;
  if (error instanceof BlockedAddressError) {
    return new FetchError(
      `http: refusing to fetch ${url} (${error.hostname} resolves to non-public address ${error.address})`,
      { url, reason: 'blocked-address' },
      { cause: error },
    );
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (timedOut || (typeof code === 'string' && TIMEOUT_CODES.has(code))) {
    return new FetchError(
      `http: unable to fetch ${url} (${timedOut ? `timed out after ${timeoutMs} ms` : errorMessage(error)})`,
      { url, reason: 'timeout' },
      { cause: error },
    );
  }
  return new FetchError(
    `http: unable to fetch ${url} (${errorMessage(error)})`,
    { url, reason: 'network' },
    { cause: error },
  );
}
