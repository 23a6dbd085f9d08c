import type { Db } from './store.js';

/**
 * Leases: work that only one process may do at a time, held in the database so that processes on
 * one machine (SQLite) or many (PostgreSQL) exclude each other. A lease is a row `name → holder,
 * expires_at`; it is taken when absent, expired, or held by the caller, and kept by renewing it
 * before it expires. Times are the callers' clocks (epoch ms).
 */
export interface LeaseHolder {
  holder: string;
  expiresAt: number;
}

export type LeaseAttempt = { acquired: true } | { acquired: false; heldBy: LeaseHolder };

export interface LeaseRequest {
  name: string;
  holder: string;
  now: number;
  ttlMs: number;
  /** Take the lease from this holder even before it expires (the caller knows it is gone). */
  takeFrom?: string;
}

/**
 * Takes the lease when no one holds it, its holder's time ran out, or `takeFrom` holds it; one
 * statement (an upsert whose update is conditional), so two processes asking at once cannot
 * both get it.
 */
export async function acquireLease(db: Db, request: LeaseRequest): Promise<LeaseAttempt> {
  const { name, holder, now, ttlMs, takeFrom } = request;
  const expiresAt = now + ttlMs;
  // Twice at most: the lease can be given up between the upsert and the look at its holder.
  for (let attempt = 0; ; attempt++) {
    const taken = await db
      .insertInto('leases')
      .values({ name, holder, expires_at: expiresAt })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder, expires_at: expiresAt })
          .where((eb) =>
            eb.or([
              eb('leases.expires_at', '<=', now),
              eb('leases.holder', '=', holder),
              ...(takeFrom === undefined ? [] : [eb('leases.holder', '=', takeFrom)]),
            ]),
          ),
      )
      .returning('holder')
      .executeTakeFirst();
    if (taken?.holder === holder) return { acquired: true };
    const current = await db
      .selectFrom('leases')
      .select(['holder', 'expires_at'])
      .where('name', '=', name)
      .executeTakeFirst();
    if (current)
      return { acquired: false, heldBy: { holder: current.holder, expiresAt: Number(current.expires_at) } };
    if (attempt === 1) return { acquired: false, heldBy: { holder: 'unknown', expiresAt: now } };
  }
}

/** Extends the caller's lease; false when it is no longer the holder (it expired and was taken). */
export async function renewLease(
  db: Db,
  request: Pick<LeaseRequest, 'name' | 'holder' | 'now' | 'ttlMs'>,
): Promise<boolean> {
  const result = await db
    .updateTable('leases')
    .set({ expires_at: request.now + request.ttlMs })
    .where('name', '=', request.name)
    .where('holder', '=', request.holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Gives the lease up, when the caller still holds it. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}
