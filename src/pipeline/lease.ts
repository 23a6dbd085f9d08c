import { randomUUID } from 'node:crypto';
import { existsSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { RoundupError } from '../errors.js';
import type { Clock } from '../log.js';
import { acquireLease, type LeaseHolder, releaseLease, renewLease } from '../store/leases.js';
import type { Db } from '../store/store.js';

/**
 * A lease this process holds (store/leases.ts): work that two processes must not do at once,
 * such as placing posts in stories, whose decisions depend on what was placed before.
 */
export interface HeldLease {
  /**
   * Extends the lease; in `db` (a transaction), so that what the transaction writes is kept
   * only if the lease was still held. Throws when another process took it over.
   */
  renew(db: Db): Promise<void>;
  release(): Promise<void>;
}

export type LeaseResult = { lease: HeldLease } | { busy: LeaseHolder };

const PID_NAMESPACE = '/proc/self/ns/pid';

/**
 * Where process ids mean the same: the host name, and on Linux the PID namespace too. Containers
 * can share a host name (host networking, replicas given one name) while each has its own
 * process ids: a pid seen from one says nothing of a process in another.
 */
function processScope(): string {
  // "pid:[4026531836]"; without /proc (macOS, Windows), the host name alone.
  const namespace = existsSync(PID_NAMESPACE) ? (/\d+/.exec(readlinkSync(PID_NAMESPACE))?.[0] ?? '') : '';
  const host = hostname().replaceAll(':', '_');
  return namespace === '' ? host : `${host}#${namespace}`;
}

/** `scope:pid:nonce` (`processScope`): unique per call, and it says where the holder runs. */
export function createHolderId(): string {
  return `${processScope()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * True when `holder` ran where this process runs (same host and PID namespace) in a process that
 * no longer exists (it was killed or crashed before giving the lease up): its lease can be taken
 * at once instead of when it expires. A holder elsewhere, or one whose process is alive, is never
 * gone.
 */
export function isHolderGone(holder: string): boolean {
  const [scope, pidText] = holder.split(':');
  const pid = Number(pidText);
  if (scope !== processScope() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Takes the lease `name` for `ttlMs`, or says who holds it. A holder that is gone
 * (`isHolderGone`) loses it at once; one on another machine only when its time runs out.
 */
export async function takeLease(
  db: Db,
  { name, clock, ttlMs }: { name: string; clock: Clock; ttlMs: number },
): Promise<LeaseResult> {
  const holder = createHolderId();
  let attempt = await acquireLease(db, { name, holder, now: clock.now(), ttlMs });
  if (!attempt.acquired && isHolderGone(attempt.heldBy.holder)) {
    attempt = await acquireLease(db, {
      name,
      holder,
      now: clock.now(),
      ttlMs,
      takeFrom: attempt.heldBy.holder,
    });
  }
  if (!attempt.acquired) return { busy: attempt.heldBy };
  return {
    lease: {
      async renew(target) {
        if (!(await renewLease(target, { name, holder, now: clock.now(), ttlMs }))) {
          throw new RoundupError(
            `${name}: unable to renew the lease (${holder}): it expired and another process holds it now`,
          );
        }
      },
      release: () => releaseLease(db, name, holder),
    },
  };
}
