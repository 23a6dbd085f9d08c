import type { Kysely } from 'kysely';
import type { ParsedBatch } from '../model.js';
import { upsertComments } from './comments.js';
import { upsertPosts } from './posts.js';
import type { Database } from './schema.js';

export interface WriteCounts {
  posts: number;
  comments: number;
}

/** Writes posts and comments in one transaction: a batch lands whole or not at all. */
export async function writeBatch(
  db: Kysely<Database>,
  batch: ParsedBatch,
  now: number,
): Promise<WriteCounts> {
  if (batch.posts.length === 0 && batch.comments.length === 0) return { posts: 0, comments: 0 };
  return db.transaction().execute(async (trx) => ({
    posts: await upsertPosts(trx, batch.posts, now),
    comments: await upsertComments(trx, batch.comments, now),
  }));
}
