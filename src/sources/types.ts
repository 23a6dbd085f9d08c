import type { Fetcher } from '../http/types.js';
import type { Clock, Log } from '../log.js';
import type { ParsedBatch, SourceKind, SourceState } from '../model.js';

export interface PollContext {
  fetcher: Fetcher;
  clock: Clock;
  log: Log;
  /** The stored state from the last poll (validators, cursor …). */
  state: SourceState;
  /**
   * What the store already knows of these posts (by id), so a poll can skip threads whose
   * comment count has not changed since they were last fetched.
   */
  lookupPosts(ids: string[]): Promise<Map<string, KnownPost>>;
}

export interface KnownPost {
  commentCount: number | null;
  /** How many comments are stored for it. */
  storedComments: number;
  fetchedAt: number;
}

export interface PollResult {
  batch: ParsedBatch;
  /** HTTP status of the main request (304 when nothing changed). */
  status: number;
  etag?: string | null;
  lastModified?: string | null;
  cursor?: string | null;
  /** A permanent redirect moved the source: store this URL instead. */
  movedTo?: string | null;
  /** Earliest time to poll again that the server asked for (ttl, Cache-Control max-age). */
  nextCheckAt?: number | null;
  /** The source is gone for good (410): disable it with this reason. */
  disable?: string;
  /** The source refuses us for now (403, 429): mark it blocked with this reason until `until`. */
  block?: { reason: string; until: number };
  /** Problems that did not stop the poll (a thread that failed, a bad item). */
  warnings: string[];
}

/** A configured source: a typed descriptor built from its config entry. */
export interface Source {
  id: string;
  kind: SourceKind;
  /** The URL polled, for a feed; null for API sources. */
  url: string | null;
  /** One line for `roundup sources`: "Hacker News top stories (30, with comments)". */
  describe(): string;
  /** Minutes between polls when the server says nothing. */
  pollEveryMin: number;
  poll(context: PollContext): Promise<PollResult>;
}
