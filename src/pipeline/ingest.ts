import { errorMessage, FetchError } from '../errors.js';
import type { Fetcher } from '../http/types.js';
import type { Clock, Log } from '../log.js';
import type { SourceState } from '../model.js';
import type { Source } from '../sources/types.js';
import {
  appendIngestLog,
  ensureSource,
  getSourceState,
  lookupPosts,
  resolveCommentTree,
  type SourceUpdate,
  type Store,
  updateSourceState,
  writeBatch,
} from '../store/index.js';
import { takeLease } from './lease.js';

export interface IngestDeps {
  store: Store;
  fetcher: Fetcher;
  clock: Clock;
  log: Log;
  /** Injected for tests; defaults to Math.random (backoff jitter). */
  random?: () => number;
}

export type PollOutcome =
  | 'ok'
  | 'not-modified'
  | 'error'
  | 'blocked'
  | 'disabled'
  /** Not polled: disabled earlier, or not due yet (blocked, backing off, ttl). */
  | 'skipped';

export interface SourceReport {
  sourceId: string;
  outcome: PollOutcome;
  /** Rows inserted or changed by this poll. */
  posts: number;
  comments: number;
  httpStatus: number | null;
  /** Why it failed, is blocked, disabled or skipped. */
  message: string | null;
  warnings: string[];
  nextCheckAt: number | null;
}

/**
 * How long a poll may hold its source's lease (`pipeline/lease.ts`) before another process may
 * take it: longer than any poll takes (an HN list with its threads, every request timing out).
 */
const POLL_LEASE_MS = 30 * 60 * 1000;

/** Longest backoff after repeated failures. */
const MAX_BACKOFF_MS = 24 * 60 * 60 * 1000;
/** When a 429 names no Retry-After. */
const DEFAULT_BLOCK_MS = 10 * 60 * 1000;

/**
 * Polls every source once, all at the same time (the fetcher keeps each host polite), stores what
 * each returns and its new polling state. A failing source is recorded and rescheduled with backoff;
 * it never stops the others. Sources not due yet are skipped unless `force`.
 */
export async function ingestOnce(
  deps: IngestDeps,
  sources: readonly Source[],
  options: { force?: boolean } = {},
): Promise<SourceReport[]> {
  const settled = await Promise.allSettled(sources.map((source) => pollSource(deps, source, options)));
  return settled.map((result, i) => {
    if (result.status === 'fulfilled') return result.value;
    // pollSource records its own failures; this is a store failure while recording.
    const sourceId = sources[i]?.id ?? '?';
    deps.log.error({ sourceId, err: result.reason }, 'ingest: unable to record poll');
    return {
      sourceId,
      outcome: 'error',
      posts: 0,
      comments: 0,
      httpStatus: null,
      message: errorMessage(result.reason),
      warnings: [],
      nextCheckAt: null,
    };
  });
}

export async function pollSource(
  deps: IngestDeps,
  source: Source,
  options: { force?: boolean } = {},
): Promise<SourceReport> {
  const { store, clock } = deps;
  const startedAt = clock.now();
  const state = await ensureSource(
    store.db,
    { id: source.id, kind: source.kind, url: source.url },
    startedAt,
  );
  const report = (partial: Partial<SourceReport> & { outcome: PollOutcome }): SourceReport => ({
    sourceId: source.id,
    posts: 0,
    comments: 0,
    httpStatus: null,
    message: null,
    warnings: [],
    nextCheckAt: state.nextCheckAt,
    ...partial,
  });

  const notDue = skipReason(state, startedAt, options);
  if (notDue !== null) return report({ outcome: 'skipped', message: notDue });
  // Two processes (the main job and `roundup ingest`, two machines) must not poll one source at
  // once: the site would be asked twice, and the second poll's state would overwrite the first's.
  const taken = await takeLease(store.db, { name: `source:${source.id}`, clock, ttlMs: POLL_LEASE_MS });
  if ('busy' in taken) {
    return report({ outcome: 'skipped', message: `being polled by another process (${taken.busy.holder})` });
  }
  try {
    // Another process may have polled it (or an admin disabled it) since its state was read: the
    // state now decides.
    const current = (await getSourceState(store.db, source.id)) ?? state;
    const changedMeanwhile = skipReason(current, clock.now(), options);
    if (changedMeanwhile !== null)
      return report({ outcome: 'skipped', message: changedMeanwhile, nextCheckAt: current.nextCheckAt });
    return await pollDue(deps, source, current, report);
  } finally {
    await taken.lease.release();
  }
}

/** Why a source is not polled now (disabled, blocked, not due), or null when it is due. */
function skipReason(state: SourceState, now: number, options: { force?: boolean }): string | null {
  if (!state.enabled) return `disabled: ${state.disabledReason ?? 'by hand'}`;
  if (!options.force && state.nextCheckAt !== null && state.nextCheckAt > now) {
    const why = state.blockedReason ? `blocked: ${state.blockedReason}` : 'not due yet';
    return `${why} (next check ${new Date(state.nextCheckAt).toISOString()})`;
  }
  return null;
}

async function pollDue(
  deps: IngestDeps,
  source: Source,
  state: SourceState,
  report: (partial: Partial<SourceReport> & { outcome: PollOutcome }) => SourceReport,
): Promise<SourceReport> {
  const { store, clock, log } = deps;
  try {
    const result = await source.poll({
      fetcher: deps.fetcher,
      clock,
      log: log.child({ sourceId: source.id }),
      state,
      lookupPosts: (ids) => lookupPosts(store.db, ids),
    });
    const now = clock.now();
    const written = await writeBatch(store, result.batch, now);
    if (result.batch.comments.some((c) => c.postId === null || c.depth === null))
      await resolveCommentTree(store.db);
    const update: SourceUpdate = {
      lastFetchAt: now,
      lastStatus: result.status,
      lastNewItems: written.posts + written.comments,
      consecutiveErrors: 0,
      lastError: null,
      blockedReason: null,
      nextCheckAt: Math.max(now + source.pollEveryMin * 60_000, result.nextCheckAt ?? 0),
    };
    if (result.etag !== undefined) update.etag = result.etag;
    if (result.lastModified !== undefined) update.lastModified = result.lastModified;
    if (result.cursor !== undefined) update.cursor = result.cursor;
    if (result.movedTo) update.url = result.movedTo;
    let outcome: PollOutcome = result.status === 304 ? 'not-modified' : 'ok';
    let message: string | null = null;
    if (result.disable) {
      update.enabled = false;
      update.disabledReason = result.disable;
      outcome = 'disabled';
      message = result.disable;
    } else if (result.block) {
      update.blockedReason = result.block.reason;
      update.nextCheckAt = result.block.until;
      outcome = 'blocked';
      message = result.block.reason;
    }
    await updateSourceState(store.db, source.id, update, now);
    await appendIngestLog(store.db, [
      {
        at: now,
        action: 'poll',
        subject: source.id,
        status:
          outcome === 'ok' || outcome === 'not-modified'
            ? outcome
            : outcome === 'disabled'
              ? 'disabled'
              : 'blocked',
        httpStatus: result.status,
        posts: written.posts,
        comments: written.comments,
        message: [message, ...result.warnings].filter(Boolean).join('; ') || null,
      },
    ]);
    log.info({ sourceId: source.id, status: result.status, ...written, outcome }, 'source polled');
    return report({
      outcome,
      posts: written.posts,
      comments: written.comments,
      httpStatus: result.status,
      message,
      warnings: result.warnings,
      nextCheckAt: update.nextCheckAt ?? null,
    });
  } catch (error) {
    return recordFailure(deps, source, state, error, report);
  }
}

async function recordFailure(
  deps: IngestDeps,
  source: Source,
  state: SourceState,
  error: unknown,
  report: (partial: Partial<SourceReport> & { outcome: PollOutcome }) => SourceReport,
): Promise<SourceReport> {
  const now = deps.clock.now();
  const status = error instanceof FetchError ? (error.status ?? null) : null;
  const message = errorMessage(error);
  const rateLimited = status === 429 || status === 503;
  const update: SourceUpdate = {
    lastFetchAt: now,
    lastStatus: status,
    lastNewItems: 0,
    consecutiveErrors: state.consecutiveErrors + 1,
    lastError: message,
  };
  let outcome: PollOutcome = 'error';
  if (rateLimited) {
    // RFC 9110 §10.2.3: Retry-After says when to come back; without it, wait a while.
    const waitMs =
      error instanceof FetchError && error.retryAfterMs !== undefined ? error.retryAfterMs : DEFAULT_BLOCK_MS;
    update.nextCheckAt = now + waitMs;
    update.blockedReason = `${status === 429 ? 'rate limited (429 Too Many Requests)' : 'unavailable (503)'}; retry after ${new Date(now + waitMs).toISOString()}`;
    outcome = 'blocked';
  } else {
    update.nextCheckAt =
      now + backoffMs(source.pollEveryMin * 60_000, state.consecutiveErrors + 1, deps.random);
  }
  await updateSourceState(deps.store.db, source.id, update, now);
  await appendIngestLog(deps.store.db, [
    {
      at: now,
      action: 'poll',
      subject: source.id,
      status: outcome === 'blocked' ? 'blocked' : 'error',
      httpStatus: status,
      message,
    },
  ]);
  deps.log.warn({ sourceId: source.id, status, err: message }, 'source poll failed');
  return report({
    outcome,
    httpStatus: status,
    message: update.blockedReason ?? message,
    nextCheckAt: update.nextCheckAt ?? null,
  });
}

/**
 * Exponential backoff with jitter for a source that keeps failing: the usual interval doubled
 * per consecutive failure, capped at a day, with "equal jitter" (half fixed, half random) so
 * many sources failing together do not retry together.
 */
export function backoffMs(intervalMs: number, failures: number, random: () => number = Math.random): number {
  const exp = Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** Math.min(failures - 1, 20));
  return Math.round(exp / 2 + (exp / 2) * random());
}
