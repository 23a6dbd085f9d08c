import type { Context } from 'hono';
import { NotFoundError, UsageError } from '../errors.js';
import { matchesEtag, type Rendered } from './cache.js';

export const HTML_TYPE = 'text/html; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

/** Sends a body with its ETag, or 304 when the client's copy is current (RFC 9110 §13.1.2). */
export function send(
  c: Context,
  rendered: Rendered,
  contentType: string,
  cacheControl = 'no-cache',
): Response {
  if (matchesEtag(c.req.header('if-none-match'), rendered.etag)) {
    return c.body(null, 304, { ETag: rendered.etag, 'Cache-Control': cacheControl });
  }
  return c.body(rendered.body, 200, {
    'Content-Type': contentType,
    ETag: rendered.etag,
    'Cache-Control': cacheControl,
  });
}

/** A whole number query parameter within bounds; UsageError (400) otherwise. */
export function intParam(
  value: string | undefined,
  name: string,
  bounds: { min: number; max: number; fallback: number },
): number {
  if (value === undefined || value === '') return bounds.fallback;
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`web: ${name} must be a whole number`);
  const n = Number(value);
  if (n < bounds.min || n > bounds.max)
    throw new UsageError(`web: ${name} must be between ${bounds.min} and ${bounds.max}`);
  return n;
}

const MAX_NAME_CHARS = 200;

/** A path parameter (story id, entity name) of sane length. */
export function nameParam(value: string | undefined, what: string): string {
  if (!value) throw new NotFoundError(`web: no ${what}`);
  if (value.length > MAX_NAME_CHARS) throw new UsageError(`web: the ${what} is too long`);
  return value;
}

/** A search query: present, and not too long. */
export function queryParam(value: string | undefined): string {
  const q = (value ?? '').trim();
  if (!q) throw new UsageError('web: q (the search words) is required');
  if (q.length > 200) throw new UsageError('web: q is longer than 200 characters');
  return q;
}
