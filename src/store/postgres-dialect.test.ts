import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pgUrl, postgresDialect } from '../test-support/stores.js';
import { createStore, dropSchema, type Store } from './store.js';

/** Another application's schema coming and going, one statement (one transaction) at a time. */
function churnSchemas(url: string): { stop(): Promise<number> } {
  const client = new pg.Client({ connectionString: url });
  let stopped = false;
  const done = (async () => {
    await client.connect();
    let cycles = 0;
    try {
      while (!stopped) {
        const schema = `churn_${randomBytes(6).toString('hex')}`;
        await client.query(`CREATE SCHEMA ${schema}`);
        await client.query(`CREATE TABLE ${schema}.items (id serial PRIMARY KEY, body text)`);
        await client.query(`ALTER TABLE ${schema}.items ADD COLUMN extra integer`);
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        cycles++;
      }
    } finally {
      await client.end();
    }
    return cycles;
  })();
  return {
    stop() {
      stopped = true;
      return done;
    },
  };
}

/** A fresh store in a schema of its own (only called when PostgreSQL is configured). */
function openPostgresStore() {
  if (!postgresDialect) throw new Error('PostgreSQL is not configured');
  return postgresDialect.open();
}

describe.skipIf(!postgresDialect || !pgUrl)('PostgreSQL store introspection', () => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ store, dispose } = await openPostgresStore());
  });
  afterEach(async () => {
    await dispose();
  });

  it("sees the store's own schema only, with each column as it is", async () => {
    const other = await openPostgresStore();
    try {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db);
      const tables = await store.db.introspection.getTables();
      expect(tables.map((t) => t.name)).toContain('posts');
      // Not the other store's tables, nor any other schema's.
      expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([rows[0]?.schema]));
      // Kysely's migration tables only when asked for.
      expect(tables.map((t) => t.name)).not.toContain('kysely_migration');
      const withInternal = await store.db.introspection.getTables({ withInternalKyselyTables: true });
      expect(withInternal.map((t) => t.name)).toContain('kysely_migration');
      const log = tables.find((t) => t.name === 'ingest_log');
      expect(log?.columns.find((c) => c.name === 'id')).toMatchObject({
        dataType: 'int4',
        isAutoIncrementing: true,
        isNullable: false,
      });
      expect(log?.columns.find((c) => c.name === 'http_status')).toMatchObject({
        isAutoIncrementing: false,
        isNullable: true,
      });
      // A serial column numbers itself through the sequence it owns.
      await sql`CREATE TABLE serial_probe (id serial, note text)`.execute(store.db);
      const probe = (await store.db.introspection.getTables()).find((t) => t.name === 'serial_probe');
      expect(probe?.columns.map((c) => [c.name, c.isAutoIncrementing, c.hasDefaultValue])).toEqual([
        ['id', true, true],
        ['note', false, false],
      ]);
    } finally {
      await other.dispose();
    }
  });

  it('opens, migrates and introspects while another session creates, alters and drops its own schemas', async () => {
    // Kysely's own introspector looks every table of every schema up by name, and failed here on
    // about half its calls ("schema … does not exist").
    const churn = churnSchemas(pgUrl as string);
    const errors: string[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        await store.db.introspection.getTables().catch((error: Error) => errors.push(error.message));
      }
      for (let i = 0; i < 3; i++) {
        const opened = await openPostgresStore().catch((error: Error) => {
          errors.push(`${error.message}: ${(error.cause as Error | undefined)?.message}`);
          return null;
        });
        await opened?.dispose();
      }
    } finally {
      expect(await churn.stop()).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
  }, 60_000);
});

describe.skipIf(!pgUrl)('PostgreSQL stores opened at once', () => {
  it('migrates a new schema once when three processes open it at the same moment', async () => {
    const url = pgUrl as string;
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const opened = await Promise.allSettled([1, 2, 3].map(() => createStore(url, { schema, poolSize: 2 })));
    try {
      const failures = opened.flatMap((result) =>
        result.status === 'rejected'
          ? [`${String(result.reason)}: ${String((result.reason as Error).cause ?? '')}`]
          : [],
      );
      expect(failures).toEqual([]);
      const [first] = opened;
      if (first?.status !== 'fulfilled') throw new Error('unreachable');
      const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(first.value.db);
      const names = rows.map((row) => row.name);
      expect(names.length).toBeGreaterThan(0);
      expect(new Set(names).size).toBe(names.length);
      expect((await first.value.db.introspection.getTables()).map((t) => t.name)).toContain('stories');
    } finally {
      for (const result of opened) if (result.status === 'fulfilled') await result.value.close();
      await dropSchema(url, schema);
    }
  }, 60_000);
});
