import { getStats } from '../store/index.js';
import type { AppContext } from './context.js';
import type { Output } from './output.js';

/** `roundup stats`: row counts. */
export async function runStats(
  context: AppContext,
  output: Output,
  options: { json?: boolean },
): Promise<number> {
  const store = await context.store();
  const stats = await getStats(store.db);
  if (options.json) output.json(stats);
  else {
    output.out(`database: ${store.location} (${store.dialect})`);
    for (const [name, count] of Object.entries(stats)) output.out(`${name.padEnd(10)} ${count}`);
  }
  return 0;
}
