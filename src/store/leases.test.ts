import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects } from '../test-support/stores.js';
import { acquireLease, releaseLease, renewLease } from './leases.js';
import type { Store } from './store.js';

const NOW = Date.UTC(2026, 11, 6, 12);
const TTL = 60_000;

for (const dialect of dialects) {
  describe(`leases on ${dialect.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await dialect.open());
    });
    afterEach(async () => {
      await dispose();
    });

    it('gives a lease to one holder at a time, and says who holds it', async () => {
      expect(await acquireLease(store.db, { name: 'cluster', holder: 'a', now: NOW, ttlMs: TTL })).toEqual({
        acquired: true,
      });
      expect(
        await acquireLease(store.db, { name: 'cluster', holder: 'b', now: NOW + 1, ttlMs: TTL }),
      ).toEqual({
        acquired: false,
        heldBy: { holder: 'a', expiresAt: NOW + TTL },
      });
      // Another name is another lease; the holder asking again keeps it.
      expect(await acquireLease(store.db, { name: 'other', holder: 'b', now: NOW, ttlMs: TTL })).toEqual({
        acquired: true,
      });
      expect(
        await acquireLease(store.db, { name: 'cluster', holder: 'a', now: NOW + 2, ttlMs: TTL }),
      ).toEqual({
        acquired: true,
      });
    });

    it('hands an expired lease, or one taken from a named holder, to the next asker', async () => {
      await acquireLease(store.db, { name: 'cluster', holder: 'a', now: NOW, ttlMs: TTL });
      expect(
        await acquireLease(store.db, { name: 'cluster', holder: 'b', now: NOW + TTL, ttlMs: TTL }),
      ).toEqual({ acquired: true });
      expect(
        await acquireLease(store.db, {
          name: 'cluster',
          holder: 'c',
          now: NOW + TTL,
          ttlMs: TTL,
          takeFrom: 'a',
        }),
      ).toMatchObject({ acquired: false, heldBy: { holder: 'b' } });
      expect(
        await acquireLease(store.db, {
          name: 'cluster',
          holder: 'c',
          now: NOW + TTL,
          ttlMs: TTL,
          takeFrom: 'b',
        }),
      ).toEqual({ acquired: true });
    });

    it('renews and releases only for the holder', async () => {
      await acquireLease(store.db, { name: 'cluster', holder: 'a', now: NOW, ttlMs: TTL });
      expect(
        await renewLease(store.db, { name: 'cluster', holder: 'a', now: NOW + TTL - 1, ttlMs: TTL }),
      ).toBe(true);
      // Renewed: still held one ms before the first term would have ended, and after it.
      expect(
        await acquireLease(store.db, { name: 'cluster', holder: 'b', now: NOW + TTL + 1, ttlMs: TTL }),
      ).toMatchObject({ acquired: false });
      expect(await renewLease(store.db, { name: 'cluster', holder: 'b', now: NOW, ttlMs: TTL })).toBe(false);
      await releaseLease(store.db, 'cluster', 'b');
      expect(
        await acquireLease(store.db, { name: 'cluster', holder: 'b', now: NOW + TTL + 2, ttlMs: TTL }),
      ).toMatchObject({ acquired: false });
      await releaseLease(store.db, 'cluster', 'a');
      expect(await acquireLease(store.db, { name: 'cluster', holder: 'b', now: NOW, ttlMs: TTL })).toEqual({
        acquired: true,
      });
    });
  });
}
