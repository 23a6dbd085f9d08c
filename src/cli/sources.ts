import { createSources } from '../sources/registry.js';
import { ensureSource, listSourceStates } from '../store/index.js';
import type { AppContext } from './context.js';
import { formatTime, type Output } from './output.js';

/** `roundup sources`: each configured source's state. */
export async function runSources(
  context: AppContext,
  output: Output,
  options: { json?: boolean },
): Promise<number> {
  const store = await context.store();
  const sources = createSources(context.config);
  for (const source of sources) {
    await ensureSource(store.db, { id: source.id, kind: source.kind, url: source.url }, context.clock.now());
  }
  const states = new Map((await listSourceStates(store.db)).map((s) => [s.id, s]));
  const rows = sources.map((source) => {
    const state = states.get(source.id);
    const status = !state?.enabled
      ? 'disabled'
      : state.blockedReason
        ? 'blocked'
        : state.lastError
          ? 'failing'
          : state.lastFetchAt === null
            ? 'new'
            : 'ok';
    return {
      id: source.id,
      kind: source.kind,
      description: source.describe(),
      url: state?.url ?? source.url,
      status,
      lastFetchAt: state?.lastFetchAt ?? null,
      lastStatus: state?.lastStatus ?? null,
      newItems: state?.lastNewItems ?? null,
      consecutiveErrors: state?.consecutiveErrors ?? 0,
      lastError: state?.lastError ?? null,
      blockedReason: state?.blockedReason ?? null,
      disabledReason: state?.disabledReason ?? null,
      nextCheckAt: state?.nextCheckAt ?? null,
    };
  });
  if (options.json) {
    output.json(rows);
    return 0;
  }
  for (const row of rows) {
    output.out(`${row.id}  [${row.status}]  ${row.description}`);
    output.out(
      `    last fetch ${formatTime(row.lastFetchAt)}${row.lastStatus ? ` (HTTP ${row.lastStatus})` : ''}, new items ${
        row.newItems ?? '—'
      }, next check ${formatTime(row.nextCheckAt)}`,
    );
    if (row.disabledReason) output.out(`    disabled: ${row.disabledReason}`);
    if (row.blockedReason) output.out(`    blocked: ${row.blockedReason}`);
    if (row.lastError) output.out(`    error (${row.consecutiveErrors} in a row): ${row.lastError}`);
  }
  return 0;
}
