import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FetchError } from '../errors.js';
import type { Fetcher } from '../http/types.js';
import { createSilentLog } from '../log.js';
import type { Source } from '../sources/types.js';
import { getSourceState, getStats, listIngestLog, type Store } from '../store/index.js';
import { makeComment, makePost } from '../test-support/make.js';
import { sqliteDialect } from '../test-support/stores.js';
import { backoffMs, ingestOnce } from './ingest.js';

const T0 = Date.UTC(2026, 10, 26, 9);
const noFetcher: Fetcher = {
  fetch: () => Promise.reject(new Error('the test sources do not fetch')),
};

/** `builder`, and every builder made from it, running `before` when executed. */
function runningFirst<T extends object>(builder: T, before: () => Promise<unknown>): T {
  return new Proxy(builder, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      if (property === 'execute' || property === 'executeTakeFirst')
        return async (...args: unknown[]) => {
          await before();
          return value.apply(target, args);
        };
      return (...args: unknown[]) => {
        const result = value.apply(target, args);
        return typeof result === 'object' && result !== null ? runningFirst(result, before) : result;
      };
    },
  });
}

function source(id: string, poll: Source['poll'], pollEveryMin = 15): Source {
  return { id, kind: 'feed', url: `https://example.com/${id}`, pollEveryMin, describe: () => id, poll };
}

describe('ingestOnce', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let now = T0;
  const clock = { now: () => now };

  beforeEach(async () => {
    ({ store, dispose } = await sqliteDialect.open());
    now = T0;
  });
  afterEach(async () => {
    await dispose();
  });

  const deps = () => ({ store, fetcher: noFetcher, clock, log: createSilentLog(), random: () => 0.5 });

  it('stores what each source returns and keeps going when one fails', async () => {
    const good = source('good', async () => ({
      batch: {
        posts: [makePost({ id: 'feed:1' })],
        comments: [makeComment({ id: 'hn:9', postId: 'feed:1' })],
      },
      status: 200,
      etag: '"e1"',
      warnings: [],
    }));
    const bad = source('bad', async () => {
      throw new FetchError('http: unable to connect to example.com', {
        url: 'https://example.com',
        reason: 'network',
      });
    });
    const reports = await ingestOnce(deps(), [bad, good]);
    expect(reports.map((r) => [r.sourceId, r.outcome, r.posts, r.comments])).toEqual([
      ['bad', 'error', 0, 0],
      ['good', 'ok', 1, 1],
    ]);
    expect(await getStats(store.db)).toMatchObject({ posts: 1, comments: 1 });
    expect(await getSourceState(store.db, 'good')).toMatchObject({
      etag: '"e1"',
      lastNewItems: 2,
      lastStatus: 200,
    });
    const failed = await getSourceState(store.db, 'bad');
    expect(failed).toMatchObject({
      consecutiveErrors: 1,
      lastError: 'http: unable to connect to example.com',
    });
    expect((await listIngestLog(store.db)).map((e) => [e.subject, e.status])).toContainEqual([
      'bad',
      'error',
    ]);
  });

  it('polls a source once when two processes ingest at the same time', async () => {
    let polls = 0;
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const slow = source('slow', async () => {
      polls++;
      await finished;
      return { batch: { posts: [makePost({ id: 'feed:s1' })], comments: [] }, status: 200, warnings: [] };
    });
    const first = ingestOnce(deps(), [slow]);
    // The second asks while the first is still polling.
    while (polls === 0) await new Promise((resolve) => setImmediate(resolve));
    const [second] = await ingestOnce(deps(), [slow]);
    expect(second).toMatchObject({ outcome: 'skipped' });
    expect(second?.message).toMatch(/^being polled by another process \(/);
    finish();
    expect((await first)[0]).toMatchObject({ outcome: 'ok', posts: 1 });
    expect(polls).toBe(1);
    // Given up when done, and the source is not due again until its interval has passed.
    const [third] = await ingestOnce(deps(), [slow]);
    expect(third?.message).toMatch(/^not due yet/);
    now += 15 * 60_000;
    const [fourth] = await ingestOnce(deps(), [slow]);
    expect(fourth?.outcome).toBe('ok');
    expect(polls).toBe(2);
  });

  it('skips a source that another process polled while this one was getting ready to', async () => {
    let polls = 0;
    const counted = source('counted', async () => {
      polls++;
      return { batch: { posts: [], comments: [] }, status: 200, warnings: [] };
    });
    // This process has read the source's state (due) and is about to take its lease, when another
    // process polls it from start to end.
    let other: Promise<unknown> | null = null;
    const pollElsewhere = () => {
      other ??= ingestOnce(deps(), [counted]);
      return other;
    };
    const db = new Proxy(store.db, {
      get(target, property) {
        if (property === 'insertInto')
          return (table: 'leases') =>
            table === 'leases'
              ? runningFirst(target.insertInto(table), pollElsewhere)
              : target.insertInto(table);
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const [report] = await ingestOnce({ ...deps(), store: { ...store, db } }, [counted]);
    expect(polls).toBe(1);
    expect(report).toMatchObject({ outcome: 'skipped' });
    expect(report?.message).toMatch(/^not due yet/);
  });

  it('reschedules a rate-limited source at its Retry-After and skips it until then', async () => {
    const limited = source('limited', async () => {
      throw new FetchError('http: 429 from example.com', {
        url: 'https://example.com',
        status: 429,
        retryAfterMs: 120_000,
        reason: 'status',
      });
    });
    const [first] = await ingestOnce(deps(), [limited]);
    expect(first).toMatchObject({ outcome: 'blocked', httpStatus: 429, nextCheckAt: T0 + 120_000 });
    expect((await getSourceState(store.db, 'limited'))?.blockedReason).toMatch(/429/);
    now = T0 + 60_000;
    const [second] = await ingestOnce(deps(), [limited]);
    expect(second?.outcome).toBe('skipped');
    expect(second?.message).toMatch(/blocked/);
  });

  it('backs off exponentially after repeated failures', async () => {
    let calls = 0;
    const flaky = source('flaky', async () => {
      calls++;
      throw new FetchError('http: 500 from example.com', {
        url: 'https://example.com',
        status: 500,
        reason: 'status',
      });
    });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [report] = await ingestOnce(deps(), [flaky]);
      delays.push((report?.nextCheckAt ?? 0) - now);
      now = report?.nextCheckAt ?? now;
    }
    expect(calls).toBe(3);
    expect(delays).toEqual([
      backoffMs(900_000, 1, () => 0.5),
      backoffMs(900_000, 2, () => 0.5),
      backoffMs(900_000, 3, () => 0.5),
    ]);
    expect(delays[1]).toBe(2 * (delays[0] ?? 0));
  });

  it('disables a source that is gone for good and stops polling it', async () => {
    let calls = 0;
    const gone = source('gone', async () => {
      calls++;
      return {
        batch: { posts: [], comments: [] },
        status: 410,
        disable: 'feed: answered 410 Gone',
        warnings: [],
      };
    });
    await ingestOnce(deps(), [gone]);
    now += 24 * 3_600_000;
    const [again] = await ingestOnce(deps(), [gone], { force: true });
    expect(again?.outcome).toBe('skipped');
    expect(calls).toBe(1);
    expect(await getSourceState(store.db, 'gone')).toMatchObject({
      enabled: false,
      disabledReason: 'feed: answered 410 Gone',
    });
  });

  it('honours a server-asked interval longer than the configured one, and stores a moved URL', async () => {
    const moved = source('moved', async () => ({
      batch: { posts: [], comments: [] },
      status: 200,
      movedTo: 'https://example.org/new.xml',
      nextCheckAt: T0 + 3 * 3_600_000,
      warnings: [],
    }));
    const [report] = await ingestOnce(deps(), [moved]);
    expect(report?.nextCheckAt).toBe(T0 + 3 * 3_600_000);
    expect((await getSourceState(store.db, 'moved'))?.url).toBe('https://example.org/new.xml');
  });
});

describe('backoffMs', () => {
  it('stays within half and all of the doubled interval, capped at a day', () => {
    expect(backoffMs(60_000, 1, () => 0)).toBe(30_000);
    expect(backoffMs(60_000, 1, () => 1)).toBe(60_000);
    expect(backoffMs(60_000, 3, () => 1)).toBe(240_000);
    expect(backoffMs(60_000, 40, () => 1)).toBe(86_400_000);
  });
});
