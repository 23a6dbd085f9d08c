import type { Db } from './store.js';

export interface StoredBriefing {
  storyId: string;
  version: number;
  contentHash: string;
  headline: string;
  grounded: boolean;
  /** The briefing as JSON text. */
  body: string;
  createdAt: number;
}

/**
 * Stores a briefing as the story's next version, unless its content is the same as the latest
 * version's (then nothing changes). Returns the version that is now current.
 */
export async function saveBriefing(
  db: Db,
  briefing: { storyId: string; contentHash: string; headline: string; grounded: boolean; body: string },
  now: number,
): Promise<{ version: number; created: boolean }> {
  const latest = await getLatestBriefing(db, briefing.storyId);
  if (latest && latest.contentHash === briefing.contentHash)
    return { version: latest.version, created: false };
  const version = (latest?.version ?? 0) + 1;
  await db
    .insertInto('briefings')
    .values({
      story_id: briefing.storyId,
      version,
      content_hash: briefing.contentHash,
      headline: briefing.headline,
      grounded: briefing.grounded ? 1 : 0,
      body: briefing.body,
      created_at: now,
    })
    .execute();
  // The search rows carry the briefing's headline and prose.
  await db.updateTable('stories').set({ search_pending: 1 }).where('id', '=', briefing.storyId).execute();
  return { version, created: true };
}

function fromRow(row: {
  story_id: string;
  version: number;
  content_hash: string;
  headline: string;
  grounded: number;
  body: string;
  created_at: number;
}): StoredBriefing {
  return {
    storyId: row.story_id,
    version: row.version,
    contentHash: row.content_hash,
    headline: row.headline,
    grounded: row.grounded === 1,
    body: row.body,
    createdAt: Number(row.created_at),
  };
}

export async function getLatestBriefing(db: Db, storyId: string): Promise<StoredBriefing | null> {
  const row = await db
    .selectFrom('briefings')
    .selectAll()
    .where('story_id', '=', storyId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** The newest version of each story's briefing, newest first (for feeds). */
export async function listLatestBriefings(
  db: Db,
  options: { limit?: number; storyIds?: readonly string[] } = {},
): Promise<StoredBriefing[]> {
  let query = db
    .selectFrom('briefings as b')
    .selectAll('b')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('briefings as newer')
            .select('newer.version')
            .whereRef('newer.story_id', '=', 'b.story_id')
            .whereRef('newer.version', '>', 'b.version'),
        ),
      ),
    );
  if (options.storyIds) {
    if (options.storyIds.length === 0) return [];
    query = query.where('b.story_id', 'in', [...options.storyIds]);
  }
  const rows = await query
    .orderBy('b.created_at', 'desc')
    .orderBy('b.story_id')
    .limit(options.limit ?? 50)
    .execute();
  return rows.map(fromRow);
}
