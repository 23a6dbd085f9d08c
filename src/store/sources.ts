import type { SourceKind, SourceState } from '../model.js';
import type { SourcesTable } from './schema.js';
import type { Db } from './store.js';

function fromRow(row: SourcesTable): SourceState {
  return {
    id: row.id,
    kind: row.kind as SourceKind,
    url: row.url,
    enabled: row.enabled === 1,
    etag: row.etag,
    lastModified: row.last_modified,
    cursor: row.cursor,
    nextCheckAt: row.next_check_at === null ? null : Number(row.next_check_at),
    lastFetchAt: row.last_fetch_at === null ? null : Number(row.last_fetch_at),
    lastStatus: row.last_status,
    lastNewItems: row.last_new_items,
    consecutiveErrors: row.consecutive_errors,
    lastError: row.last_error,
    blockedReason: row.blocked_reason,
    disabledReason: row.disabled_reason,
  };
}

/**
 * Makes sure a configured source has a state row; returns the stored state. The stored URL wins
 * over the configured one once a permanent redirect moved it, unless the configuration changed.
 */
export async function ensureSource(
  db: Db,
  source: { id: string; kind: SourceKind; url: string | null },
  now: number,
): Promise<SourceState> {
  await db
    .insertInto('sources')
    .values({
      id: source.id,
      kind: source.kind,
      url: source.url,
      enabled: 1,
      etag: null,
      last_modified: null,
      cursor: null,
      next_check_at: null,
      last_fetch_at: null,
      last_status: null,
      last_new_items: null,
      consecutive_errors: 0,
      last_error: null,
      blocked_reason: null,
      disabled_reason: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const state = await getSourceState(db, source.id);
  if (!state) throw new Error(`store: unable to create source ${source.id}`);
  return state;
}

export async function getSourceState(db: Db, id: string): Promise<SourceState | null> {
  const row = await db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : null;
}

export async function listSourceStates(db: Db): Promise<SourceState[]> {
  const rows = await db.selectFrom('sources').selectAll().orderBy('id').execute();
  return rows.map(fromRow);
}

/** The fields a poll may change. */
export type SourceUpdate = Partial<Omit<SourceState, 'id' | 'kind'>>;

export async function updateSourceState(
  db: Db,
  id: string,
  update: SourceUpdate,
  now: number,
): Promise<void> {
  const set: Partial<SourcesTable> = { updated_at: now };
  if (update.url !== undefined) set.url = update.url;
  if (update.enabled !== undefined) set.enabled = update.enabled ? 1 : 0;
  if (update.etag !== undefined) set.etag = update.etag;
  if (update.lastModified !== undefined) set.last_modified = update.lastModified;
  if (update.cursor !== undefined) set.cursor = update.cursor;
  if (update.nextCheckAt !== undefined) set.next_check_at = update.nextCheckAt;
  if (update.lastFetchAt !== undefined) set.last_fetch_at = update.lastFetchAt;
  if (update.lastStatus !== undefined) set.last_status = update.lastStatus;
  if (update.lastNewItems !== undefined) set.last_new_items = update.lastNewItems;
  if (update.consecutiveErrors !== undefined) set.consecutive_errors = update.consecutiveErrors;
  if (update.lastError !== undefined) set.last_error = update.lastError;
  if (update.blockedReason !== undefined) set.blocked_reason = update.blockedReason;
  if (update.disabledReason !== undefined) set.disabled_reason = update.disabledReason;
  await db.updateTable('sources').set(set).where('id', '=', id).execute();
}
