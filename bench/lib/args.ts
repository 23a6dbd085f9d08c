/** The command-line flags the benches share. */
import { isPostgresUrl } from '../../src/store/index.js';

/** The whole number after `--name` (at least `min`), or `fallback` when the flag is absent. */
export function countFlag(args: readonly string[], name: string, fallback: number, min = 1): number {
  const at = args.indexOf(`--${name}`);
  const value = at === -1 ? fallback : Number(args[at + 1]);
  if (!Number.isInteger(value) || value < min)
    throw new Error(
      min === 1
        ? `bench: --${name} takes a positive whole number`
        : `bench: --${name} takes a whole number over ${min - 1}`,
    );
  return value;
}

/** The PostgreSQL URL after `--store`, or null for the embedded SQLite default. */
export function storeFlag(args: readonly string[]): string | null {
  const at = args.indexOf('--store');
  const url = at === -1 ? null : (args[at + 1] ?? null);
  if (url !== null && !isPostgresUrl(url)) throw new Error('bench: --store takes a postgres:// URL');
  return url;
}
