import { describe, expect, it } from 'vitest';
import { createSilentLog } from '../log.js';
import { runScheduler } from './scheduler.js';

describe('runScheduler', () => {
  it('waits until the next due time, within bounds, and keeps going after a failed pass', async () => {
    const controller = new AbortController();
    let now = 1_000_000;
    const waits: number[] = [];
    let calls = 0;
    const result = await runScheduler({
      now: () => now,
      signal: controller.signal,
      minWaitMs: 5_000,
      maxWaitMs: 60_000,
      log: createSilentLog(),
      async pass() {
        calls++;
        if (calls === 2) throw new Error('database away');
        return { nextAt: calls === 1 ? now + 20_000 : calls === 3 ? now + 1 : null };
      },
      async sleep(ms) {
        waits.push(ms);
        now += ms;
        if (waits.length === 4) controller.abort();
      },
    });
    expect(waits).toEqual([20_000, 60_000, 5_000, 60_000]);
    expect(result.passes).toBe(4);
  });

  it('lets a pass in progress finish when stopped, then stops', async () => {
    const controller = new AbortController();
    const events: string[] = [];
    const done = runScheduler({
      now: () => 0,
      signal: controller.signal,
      minWaitMs: 1,
      maxWaitMs: 1_000_000,
      log: createSilentLog(),
      async pass() {
        events.push('pass started');
        controller.abort();
        await Promise.resolve();
        events.push('pass finished');
        return { nextAt: null };
      },
    });
    expect(await done).toEqual({ passes: 1 });
    expect(events).toEqual(['pass started', 'pass finished']);
  });
});
