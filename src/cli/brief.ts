import { UsageError } from '../errors.js';
import { type BriefResult, buildBriefing } from '../pipeline/brief.js';
import { listStories } from '../store/stories.js';
import { renderBriefing } from '../write/render.js';
import type { BriefingFormat } from '../write/types.js';
import type { AppContext } from './context.js';
import type { Output } from './output.js';

const FORMATS: readonly BriefingFormat[] = ['md', 'json', 'html'];

function parseFormat(value: string | undefined): BriefingFormat {
  const format = (value ?? 'md') as BriefingFormat;
  if (!FORMATS.includes(format))
    throw new UsageError(`brief: --format takes md, json or html, not "${value}"`);
  return format;
}

/**
 * `roundup brief <story>` or `roundup brief --top N`: writes (or rebuilds) the briefing and
 * prints it. A briefing that fails its grounding check is not stored; its failing sentences go
 * to stderr and the command exits 1.
 */
export async function runBrief(
  context: AppContext,
  output: Output,
  id: string | undefined,
  options: { format?: string; top?: string },
): Promise<number> {
  const format = parseFormat(options.format);
  if (id === undefined && options.top === undefined)
    throw new UsageError('brief: name a story, or use --top N');
  if (id !== undefined && options.top !== undefined)
    throw new UsageError('brief: name a story or use --top N, not both');
  const store = await context.store();
  const llm = context.llm();
  const deps = { store, clock: context.clock, log: context.log, ...(llm ? { llm } : {}) };
  let ids: string[];
  if (id !== undefined) ids = [id];
  else {
    const top = Number(options.top);
    if (!Number.isInteger(top) || top < 1 || top > 500)
      throw new UsageError('brief: --top takes a whole number from 1 to 500');
    ids = (await listStories(store.db, { limit: top })).map((s) => s.id);
  }
  const results: BriefResult[] = [];
  for (const storyId of ids) {
    const result = await buildBriefing(deps, storyId);
    if (!result) {
      output.err(`roundup: no story ${storyId} (see \`roundup stories\`)`);
      return 1;
    }
    results.push(result);
  }
  if (format === 'json') {
    const rendered = results.map((r) => JSON.parse(renderBriefing(r.briefing, 'json')) as unknown);
    output.out(JSON.stringify(id !== undefined ? rendered[0] : rendered, null, 2));
  } else {
    output.out(
      results.map((r) => renderBriefing(r.briefing, format)).join(format === 'md' ? '\n\n---\n\n' : '\n'),
    );
  }
  let failed = 0;
  for (const result of results) {
    if (result.version !== null) continue;
    failed++;
    output.err(`brief: ${result.briefing.storyId} failed its grounding check and was not published:`);
    for (const f of result.failures.slice(0, 10))
      output.err(`  [${f.section}] ${f.reason} "${f.token}" in: ${f.sentence}`);
  }
  return failed > 0 ? 1 : 0;
}
