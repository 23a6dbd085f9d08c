import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createHolderId, isHolderGone } from './lease.js';

describe('isHolderGone', () => {
  const gone = spawnSync(process.execPath, ['-e', '']).pid as number;
  const here = (pid: number) => createHolderId().replace(/:\d+:/, `:${pid}:`);

  it('is true for a process of this machine that exited, false for one alive', () => {
    expect(isHolderGone(here(gone))).toBe(true);
    expect(isHolderGone(here(process.ppid))).toBe(false);
    expect(isHolderGone(createHolderId())).toBe(false);
  });

  it('is false for a holder elsewhere: another host, or another PID namespace of this host', () => {
    expect(isHolderGone(`another-host:${gone}:abcd1234`)).toBe(false);
    expect(isHolderGone(`${hostname()}#1:${gone}:abcd1234`)).toBe(false);
    expect(isHolderGone('garbage')).toBe(false);
  });
});
