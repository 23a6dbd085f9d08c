/**
 * Format detection from content, never from the file name: compression from the magic bytes,
 * layout (XML, JSON lines, one JSON document) from the first non-blank bytes, and the kind of
 * each JSON record from its fields.
 */

export type Compression = 'gzip' | 'zstd' | 'none';

export function detectCompression(magic: Uint8Array): Compression {
  if (magic.length >= 2 && magic[0] === 0x1f && magic[1] === 0x8b) return 'gzip';
  if (magic.length >= 4 && magic[0] === 0x28 && magic[1] === 0xb5 && magic[2] === 0x2f && magic[3] === 0xfd) {
    return 'zstd';
  }
  return 'none';
}

/**
 * - `xml`: a feed (RSS, Atom, RDF), read whole.
 * - `json-lines`: one JSON value per line (NDJSON), streamed.
 * - `json-document`: one JSON value over many lines (pretty-printed, or one huge line), read whole.
 */
export type Layout = 'xml' | 'json-lines' | 'json-document' | 'empty' | 'unknown';

/** Lines looked at (after the first) to tell NDJSON that starts with a bad line from a document. */
export const DETECT_LINES = 5;

/**
 * Tells the layout from the head of the decompressed input. `complete` says whether the head is
 * the whole input. Needs the head to hold the first line whole, or DETECT_LINES lines, unless it
 * stopped at the line cap (then the first line is too long for NDJSON: a document).
 */
export function detectLayout(head: Buffer, complete: boolean): Layout {
  const start = firstNonBlank(head);
  if (start === -1) return complete ? 'empty' : 'unknown';
  const first = head[start];
  if (first === 0x3c /* < */) return 'xml';
  if (first !== 0x7b /* { */ && first !== 0x5b /* [ */) return 'unknown';
  const lines = completeLines(head, start, complete);
  if (lines.length === 0) return 'json-document';
  if (parsesAsJson(lines[0] as string)) return 'json-lines';
  // NDJSON whose first line is broken still has whole records at the start of the next lines; a
  // pretty-printed document has fragments there (`"id": 1,`), and its whole inner objects are indented.
  for (const line of lines.slice(1)) {
    if (/^\{\s*"/.test(line) && parsesAsJson(line)) return 'json-lines';
  }
  return 'json-document';
}

/** How many newlines the head must hold (after the first non-blank byte) for detectLayout. */
export function headIsEnough(head: Buffer): boolean {
  const start = firstNonBlank(head);
  if (start === -1) return false;
  if (head[start] === 0x3c) return true;
  let newlines = 0;
  for (let at = head.indexOf(10, start); at !== -1; at = head.indexOf(10, at + 1)) {
    newlines++;
    if (newlines === 1) {
      // A whole first line that parses settles it.
      if (parsesAsJson(head.toString('utf8', start, at))) return true;
    }
    if (newlines > DETECT_LINES) return true;
  }
  return false;
}

function firstNonBlank(head: Buffer): number {
  let i = 0;
  // UTF-8 byte order mark.
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  for (; i < head.length; i++) {
    const byte = head[i];
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return i;
  }
  return -1;
}

function completeLines(head: Buffer, start: number, complete: boolean): string[] {
  const lines: string[] = [];
  let from = start;
  while (lines.length <= DETECT_LINES) {
    const newline = head.indexOf(10, from);
    if (newline === -1) {
      if (complete && from < head.length) lines.push(head.toString('utf8', from));
      break;
    }
    lines.push(head.toString('utf8', from, newline));
    from = newline + 1;
  }
  return lines.filter((line, index) => index === 0 || line.trim() !== '');
}

function parsesAsJson(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null;
  } catch {
    // Not JSON on its own: the caller reads that as "part of a larger document".
    return false;
  }
}

/** What one JSON record is, told from its fields. */
export type RecordKind =
  | 'hn-firebase'
  | 'hn-algolia-item'
  | 'hn-algolia-search'
  | 'reddit-submission'
  | 'reddit-comment'
  | 'reddit-thing'
  | 'reddit-listing'
  | 'reddit-thread'
  | 'reddit-morechildren'
  | 'recorded-response'
  | 'json-feed'
  | 'array'
  /** A known shape that holds no posts or comments: users, id lists, `updates`. */
  | 'not-content'
  | 'unknown';

const HN_TYPES = new Set(['story', 'comment', 'job', 'poll', 'pollopt']);

export function classifyRecord(value: unknown): RecordKind {
  if (Array.isArray(value)) {
    if (value.length === 2 && isListing(value[0]) && isListing(value[1])) return 'reddit-thread';
    if (value.every((element) => typeof element === 'number')) return 'not-content';
    return 'array';
  }
  if (typeof value !== 'object' || value === null) return 'unknown';
  const record = value as Record<string, unknown>;
  if (typeof record.id === 'number' && typeof record.type === 'string' && HN_TYPES.has(record.type)) {
    // Algolia items carry their replies as `children`, Firebase items as `kids` ids.
    return Array.isArray(record.children) || 'created_at_i' in record ? 'hn-algolia-item' : 'hn-firebase';
  }
  if (Array.isArray(record.hits)) return 'hn-algolia-search';
  if (typeof record.kind === 'string') {
    if (record.kind === 'Listing') return 'reddit-listing';
    if (record.kind === 't3' || record.kind === 't1') return 'reddit-thing';
    if (record.kind === 'more' || record.kind === 't2' || record.kind === 't5') return 'not-content';
  }
  if (typeof record.body === 'string' && 'link_id' in record && 'parent_id' in record)
    return 'reddit-comment';
  if (
    typeof record.title === 'string' &&
    'subreddit' in record &&
    ('selftext' in record || 'num_comments' in record)
  ) {
    return 'reddit-submission';
  }
  if ('response' in record && ('source_url' in record || 'url' in record || 'request_form' in record)) {
    return 'recorded-response';
  }
  if ('reply' in record && 'url' in record) return 'recorded-response';
  if (isObject(record.json) && isObject((record.json as Record<string, unknown>).data)) {
    const data = (record.json as { data: Record<string, unknown> }).data;
    if (Array.isArray(data.things)) return 'reddit-morechildren';
  }
  if (typeof record.version === 'string' && record.version.startsWith('https://jsonfeed.org/version/')) {
    return 'json-feed';
  }
  // Users (Firebase `{id: "jl", karma}`, Algolia `{username, karma}`) and Firebase `updates`.
  if ('karma' in record || (Array.isArray(record.items) && Array.isArray(record.profiles)))
    return 'not-content';
  return 'unknown';
}

function isListing(value: unknown): boolean {
  return isObject(value) && (value as { kind?: unknown }).kind === 'Listing';
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
