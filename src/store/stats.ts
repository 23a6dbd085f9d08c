import type { Database } from './schema.js';
import type { Db } from './store.js';

export interface Stats {
  posts: number;
  comments: number;
  documents: number;
  stories: number;
  facts: number;
}

async function countRows(db: Db, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Row counts of the main tables (all exist once the migrations have run). */
export async function getStats(db: Db): Promise<Stats> {
  return {
    posts: await countRows(db, 'posts'),
    comments: await countRows(db, 'comments'),
    documents: await countRows(db, 'documents'),
    stories: await countRows(db, 'stories'),
    facts: await countRows(db, 'facts'),
  };
}
