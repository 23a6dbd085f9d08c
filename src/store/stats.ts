import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Db } from './store.js';

export interface Stats {
  posts: number;
  comments: number;
  documents: number;
  stories: number;
  facts: number;
}

async function countRows(db: Db, table: string): Promise<number> {
  const tables = await (db as Kysely<Database>).introspection.getTables();
  if (!tables.some((t) => t.name === table)) return 0;
  const row = await (db as unknown as Kysely<Record<string, object>>)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Row counts; tables that later stages create (stories, facts) count 0 until they exist. */
export async function getStats(db: Db): Promise<Stats> {
  return {
    posts: await countRows(db, 'posts'),
    comments: await countRows(db, 'comments'),
    documents: await countRows(db, 'documents'),
    stories: await countRows(db, 'stories'),
    facts: await countRows(db, 'facts'),
  };
}
