/** The fetcher port: what sources call. Vendor types (undici) stay inside fetcher.ts. */

export interface FetchRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /**
   * True when the URL comes from the user's own configuration (a configured feed, the HN/Reddit
   * base URLs). Untrusted URLs (links inside posts) are refused when they resolve to a private,
   * loopback, link-local … address. A redirect stays trusted only while it stays on the request
   * URL's origin; once it leaves that origin, every later hop is untrusted.
   */
  trusted: boolean;
  /** Conditional GET validators from the last successful fetch. */
  etag?: string | null;
  lastModified?: string | null;
  /** Overrides the configured body cap for this request. */
  maxBodyBytes?: number;
  /** Overrides the configured total timeout for this request. */
  timeoutMs?: number;
}

export interface FetchResponse {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  headers: Record<string, string>;
  /** The decompressed body (empty for 304). */
  body: Buffer;
  /** 304: nothing changed since the validators we sent. */
  notModified: boolean;
  /** Set when every redirect on the way was permanent (301/308): the URL to store instead. */
  permanentUrl: string | null;
}

export interface Fetcher {
  /**
   * Resolves for 2xx and 304 and for 4xx statuses other than 429 (the caller decides what a
   * 403, 404 or 410 means). Rejects with FetchError for 429/503 (with retryAfterMs), other 5xx,
   * timeouts, oversized bodies, refused addresses and too many redirects.
   */
  fetch(request: FetchRequest): Promise<FetchResponse>;
}
