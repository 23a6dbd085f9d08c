import type { Log } from '../log.js';

export interface SchedulerOptions {
  /** One pass of the main job; its result says when the next one is wanted (epoch ms), or null. */
  pass(): Promise<{ nextAt: number | null }>;
  now(): number;
  /** Stops the loop: a pass in progress finishes first, a wait ends at once. */
  signal: AbortSignal;
  /** Longest wait between passes, so new config and search updates never wait long. */
  maxWaitMs: number;
  /** Shortest wait between passes, so a source due "now" cannot spin the loop. */
  minWaitMs: number;
  log: Log;
  /** Injected for tests; defaults to a timer that the signal cancels. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * The database is the schedule: each source's next check is stored, so the loop only asks the
 * pass when to come back. A failing pass is logged and retried after the shortest wait.
 */
export async function runScheduler(options: SchedulerOptions): Promise<{ passes: number }> {
  const sleep = options.sleep ?? abortableSleep;
  let passes = 0;
  while (!options.signal.aborted) {
    let nextAt: number | null = null;
    try {
      ({ nextAt } = await options.pass());
    } catch (error) {
      options.log.error({ err: error }, 'scheduler: pass failed');
    }
    passes++;
    if (options.signal.aborted) break;
    const now = options.now();
    const wait = Math.min(
      options.maxWaitMs,
      Math.max(options.minWaitMs, (nextAt ?? now + options.maxWaitMs) - now),
    );
    await sleep(wait, options.signal);
  }
  return { passes };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
