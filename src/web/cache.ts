import { createHash } from 'node:crypto';

/** A rendered response body and its validator. */
export interface Rendered {
  body: string;
  etag: string;
}

/** A weak ETag from the body's bytes (same bytes, same tag, on every server). */
export function etagOf(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** RFC 9110 §13.1.2: If-None-Match uses the weak comparison; `*` matches any current representation. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

/**
 * A small LRU of rendered bodies. Entries are promises so that concurrent requests for the same
 * missing page render it once; a rejected render is dropped, not cached.
 */
export class RenderCache {
  readonly #entries = new Map<string, { value: Promise<Rendered>; expiresAt: number }>();
  readonly #maxEntries: number;

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  get(key: string, now: number, ttlMs: number, render: () => Promise<string>): Promise<Rendered> {
    const hit = this.#entries.get(key);
    if (hit && hit.expiresAt > now) {
      // Refresh its place: Map keeps insertion order, so the oldest is first.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.value;
    }
    const value = render().then((body) => ({ body, etag: etagOf(body) }));
    const entry = { value, expiresAt: now + ttlMs };
    this.#entries.set(key, entry);
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}
