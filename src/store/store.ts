import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { type Dialect, migrateToLatest } from './migrations.js';
import { StorePostgresDialect } from './postgres-dialect.js';
import type { Database } from './schema.js';

export type { Dialect };

/** The store port: a typed query builder over one of two dialects. */
export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** SQLite only: prepared statements on the same connection, for bulk writes (see batch.ts). */
  sqlite?: SqliteHandle;
  /** Where it lives, with any password removed (for messages). */
  location: string;
  close(): Promise<void>;
}

export type Db = Kysely<Database> | Transaction<Database>;

/** The subset of better-sqlite3 that bulk writes use. */
export interface SqliteHandle {
  prepare(sql: string): { run(...params: unknown[]): { changes: number } };
  transaction<T>(fn: () => T): () => T;
}

export interface StoreOptions {
  /** PostgreSQL only: a schema to create and use (tests isolate themselves this way). */
  schema?: string;
  /** PostgreSQL only: pool size. */
  poolSize?: number;
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Hides the password of a database URL. */
export function redactLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.href;
  } catch {
    return 'postgres://…';
  }
}

/**
 * Opens the database named by `location` — a file path means SQLite (its folder is created),
 * a postgres:// URL means PostgreSQL — and runs the migrations.
 */
export async function createStore(location: string, options: StoreOptions = {}): Promise<Store> {
  const store = isPostgresUrl(location)
    ? await openPostgres(location, options)
    : openSqlite(location === ':memory:' ? location : resolve(location));
  try {
    await migrateStore(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** Runs the migrations not yet run on the store (in its own schema on PostgreSQL). */
export async function migrateStore(store: Store): Promise<void> {
  await migrateToLatest(store.db as never, store.dialect, await currentSchema(store));
}

/** PostgreSQL: the schema the store's tables go to (the first of its search path); undefined for SQLite. */
async function currentSchema(store: Store): Promise<string | undefined> {
  if (store.dialect !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(store.db);
  return rows[0]?.schema ?? undefined;
}

function openSqlite(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  // WAL: readers never block the writer, and a killed process leaves a consistent file.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    dialect: 'sqlite',
    sqlite: sqlite as unknown as SqliteHandle,
    location: path,
    close: () => db.destroy(),
  };
}

/** BIGINT (int8) and NUMERIC come back as strings from pg by default; our values fit a double. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** PostgreSQL's SQLSTATE for a duplicate key (here: a schema name created twice at once). */
const UNIQUE_VIOLATION = '23505';

async function openPostgres(url: string, options: StoreOptions): Promise<Store> {
  const schema = options.schema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`store: invalid schema name ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } catch (error) {
      // IF NOT EXISTS checks before it inserts: a process opening the same new schema at the same
      // moment can win in between, and then the schema is there, as wanted.
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: pgTypes as never,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new StorePostgresDialect({ pool }) });
  return { db, dialect: 'postgres', location: redactLocation(url), close: () => db.destroy() };
}

/** Drops a test schema (PostgreSQL). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.end();
  }
}
