import type { Clock, Log } from '../log.js';

/** Everything the fetcher can be told. Defaults below; config/ fills them from roundup.yaml. */
export interface FetcherOptions {
  userAgent: string;
  /** Whole request, first byte to last. */
  timeoutMs: number;
  connectTimeoutMs: number;
  /** Counted after decompression. */
  maxBodyBytes: number;
  maxRedirects: number;
  perHostConcurrency: number;
  /** Minimum spacing between request starts to the same host. */
  perHostIntervalMs: number;
  /** Retries for network errors and 5xx other than 503 (exponential backoff with full jitter); 429/503 are never retried. */
  retries: number;
  /** CIDR ranges that untrusted URLs may reach anyway (e.g. "10.0.0.0/8" for an intranet). */
  allowedRanges: string[];
  log?: Log;
  /** Injected for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Injected for tests; defaults to the system clock. Dates in Retry-After are relative to it. */
  clock?: Clock;
  /** Injected for tests; defaults to Math.random. */
  random?: () => number;
  /** Injected for tests; defaults to node:dns lookup with all: true. */
  lookup?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
}

export const USER_AGENT = 'roundup/0.1 (+https://github.com/roundup-news/roundup; self-hosted news digest)';

export const defaultFetcherOptions: FetcherOptions = {
  userAgent: USER_AGENT,
  timeoutMs: 30_000,
  connectTimeoutMs: 10_000,
  maxBodyBytes: 15 * 1024 * 1024,
  maxRedirects: 5,
  perHostConcurrency: 2,
  perHostIntervalMs: 1_000,
  retries: 2,
  allowedRanges: [],
};
