import { ParseError } from '../../errors.js';
import type { Comment, ParsedBatch, Post } from '../../model.js';
import { parseFeed } from '../feed/parse.js';
import { parseAlgoliaItem, parseAlgoliaSearch, parseFirebaseItem } from '../hn/parse.js';
import { commentFromRedditData, parseListing, parseThread, postFromRedditData } from '../reddit/parse.js';
import { classifyRecord, type RecordKind } from './detect.js';

/**
 * One archive record (an NDJSON line, or a whole JSON document) → posts and comments, through the
 * sources' own parsers. Pure: the caller reads the bytes and writes the rows.
 */

export interface RecordContext {
  /** `file://<absolute path>`: the base and id namespace of a JSON Feed. */
  feedUrl: string;
  now: number;
}

/** Where parsed rows go; `add*` are called in record order. */
export interface RowSink {
  addPost(post: Post): void;
  addComment(comment: Comment): void;
}

export interface RecordOutcome {
  kind: RecordKind;
  /** Rows handed to the sink. */
  rows: number;
  /** The record, or a part of it, is a known shape without content (a user, a poll option). */
  ignored: boolean;
}

/**
 * Parses one record into `sink`. Throws ParseError when it is not a record we know (the caller
 * reports it as a bad line); a known shape that holds no posts or comments gives `ignored`.
 * Arrays other than a Reddit thread are not handled here: see `forEachElement`.
 */
export function parseRecord(value: unknown, context: RecordContext, sink: RowSink): RecordOutcome {
  const kind = classifyRecord(value);
  switch (kind) {
    case 'hn-firebase': {
      const item = parseFirebaseItem(value);
      if (item?.post) sink.addPost(item.post);
      else if (item?.comment) sink.addComment(item.comment);
      else return { kind, rows: 0, ignored: true };
      return { kind, rows: 1, ignored: false };
    }
    case 'reddit-submission':
      sink.addPost(postFromRedditData(value));
      return { kind, rows: 1, ignored: false };
    case 'reddit-comment':
      sink.addComment(commentFromRedditData(value));
      return { kind, rows: 1, ignored: false };
    case 'reddit-thing': {
      const thing = value as { kind: 't3' | 't1'; data: unknown };
      if (thing.kind === 't3') sink.addPost(postFromRedditData(thing.data));
      else sink.addComment(commentFromRedditData(thing.data));
      return { kind, rows: 1, ignored: false };
    }
    case 'hn-algolia-item':
      return { kind, ...drain(parseAlgoliaItem(value), sink) };
    case 'hn-algolia-search':
      return { kind, ...drain(parseAlgoliaSearch(value), sink) };
    case 'reddit-listing':
      return { kind, ...drain(parseListing(value), sink) };
    case 'reddit-thread':
      // `more` stubs name comments the recording left out; an import cannot fetch them.
      return { kind, ...drain(parseThread(value).batch, sink) };
    case 'reddit-morechildren': {
      const things = (value as { json: { data: { things: unknown[] } } }).json.data.things;
      const comments: Comment[] = [];
      for (const thing of things) {
        const { kind: thingKind, data } = (thing ?? {}) as { kind?: unknown; data?: unknown };
        if (thingKind === 't1') comments.push(commentFromRedditData(data));
      }
      return { kind, ...drain({ posts: [], comments }, sink) };
    }
    case 'json-feed': {
      const feed = parseFeed(JSON.stringify(value), { feedUrl: context.feedUrl, now: context.now });
      for (const post of feed.posts) sink.addPost(post);
      return { kind, rows: feed.posts.length, ignored: feed.posts.length === 0 };
    }
    case 'recorded-response': {
      const record = value as { reply?: unknown; response?: unknown };
      const inner = 'reply' in record ? record.reply : record.response;
      // Recordings also hold answers without content: `maxitem` (a number), `null` for a missing item.
      if (inner === null || typeof inner !== 'object') return { kind, rows: 0, ignored: true };
      if (Array.isArray(inner) && classifyRecord(inner) === 'array') {
        throw new ParseError('archive: a recorded response holds a list that is not a Reddit thread');
      }
      const outcome = parseRecord(inner, context, sink);
      return {
        kind: outcome.kind === 'not-content' ? kind : outcome.kind,
        rows: outcome.rows,
        ignored: outcome.ignored,
      };
    }
    case 'not-content':
      return { kind, rows: 0, ignored: true };
    case 'array':
      throw new ParseError(
        'archive: a JSON list is not a record (one record per line, or one document per file)',
      );
    case 'unknown':
      throw new ParseError(`archive: not a known record (${describeShape(value)})`);
  }
}

function drain(batch: ParsedBatch, sink: RowSink): { rows: number; ignored: boolean } {
  for (const post of batch.posts) sink.addPost(post);
  for (const comment of batch.comments) sink.addComment(comment);
  const rows = batch.posts.length + batch.comments.length;
  return { rows, ignored: rows === 0 };
}

/** `an object with fields id, by, text`, `a number`: what a rejected record looked like. */
export function describeShape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object';
  const shown = keys.slice(0, 6).join(', ');
  return `an object with fields ${shown}${keys.length > 6 ? ', …' : ''}`;
}

/**
 * A document that is a JSON list of records (`[{url, reply}, …]`, a list of items) is taken one
 * element at a time, so one bad element costs only itself. Anything else is one record.
 */
export function isRecordList(value: unknown): value is unknown[] {
  return Array.isArray(value) && classifyRecord(value) === 'array';
}

/** Parses a JSON line; a syntax error becomes a ParseError naming the problem. */
export function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ParseError(`archive: invalid JSON (${reason})`, { cause: error });
  }
}
