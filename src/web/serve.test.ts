import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../cli/serve.js';
import { createSilentLog } from '../log.js';
import type { Store } from '../store/store.js';
import { sqliteDialect } from '../test-support/stores.js';
import { buildWebFixture, CLEAN_HEADLINE, CLEAN_STORY, FIXTURE_NOW } from './test-fixture.js';

describe('startServer', () => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await sqliteDialect.open());
    await buildWebFixture(store);
  });
  afterAll(async () => {
    await dispose();
  });

  it('serves on 127.0.0.1 over a real socket and closes gracefully', async () => {
    const server = await startServer(
      { store, clock: { now: () => FIXTURE_NOW }, log: createSilentLog(), config: {}, searchSyncMs: 0 },
      { host: '127.0.0.1', port: 0 },
    );
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(new URL(`stories/${CLEAN_STORY}`, server.url));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(CLEAN_HEADLINE);
    await server.close();
    await expect(fetch(server.url)).rejects.toThrow();
    // Closing twice is harmless.
    await server.close();
  });
});
