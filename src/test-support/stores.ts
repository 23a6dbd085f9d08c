import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore, type Dialect, type Store } from '../store/index.js';
import { dropSchema } from '../store/store.js';

/** PostgreSQL runs when ROUNDUP_TEST_PG_URL is set (tests read it here, and only here). */
export const pgUrl = process.env.ROUNDUP_TEST_PG_URL;

export interface TestDialect {
  name: Dialect;
  /** Opens a fresh, empty, migrated store; `dispose` removes it. */
  open(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

export const sqliteDialect: TestDialect = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'roundup-test-'));
    const store = await createStore(join(dir, 'test.db'));
    return {
      store,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const postgresDialect: TestDialect | null = pgUrl
  ? {
      name: 'postgres',
      async open() {
        const url = pgUrl;
        const schema = `t_${randomBytes(6).toString('hex')}`;
        const store = await createStore(url, { schema, poolSize: 4 });
        return {
          store,
          async dispose() {
            await store.close();
            await dropSchema(url, schema);
          },
        };
      },
    }
  : null;

/** SQLite always; PostgreSQL when ROUNDUP_TEST_PG_URL is set. */
export const dialects: TestDialect[] = postgresDialect ? [sqliteDialect, postgresDialect] : [sqliteDialect];

if (!postgresDialect) {
  console.info('store tests: PostgreSQL skipped (set ROUNDUP_TEST_PG_URL to run them on PostgreSQL too)');
}
