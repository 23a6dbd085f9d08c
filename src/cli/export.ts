import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { WebConfig } from '../web/context.js';
import { exportSite } from '../web/export-site.js';
import type { AppContext } from './context.js';
import type { Output } from './output.js';

/** `roundup export --out DIR`: the whole site as static files plus the feeds. */
export async function runExport(
  context: AppContext,
  output: Output,
  options: { out?: string; baseUrl?: string; stories?: string; json?: boolean; web?: WebConfig },
): Promise<number> {
  if (!options.out) throw new UsageError('export: --out DIR is required');
  let maxStories: number | undefined;
  if (options.stories !== undefined) {
    maxStories = Number(options.stories);
    if (!Number.isInteger(maxStories) || maxStories < 1 || maxStories > 100_000)
      throw new UsageError('export: --stories takes a whole number from 1 to 100000');
  }
  const baseUrl = options.baseUrl ?? options.web?.baseUrl;
  if (baseUrl !== undefined && !/^https?:\/\/[^\s]+$/i.test(baseUrl))
    throw new UsageError(`export: --base-url must be an http(s) URL, not "${baseUrl}"`);
  const outDir = resolve(options.out);
  const store = await context.store();
  const report = await exportSite(
    { store, clock: context.clock, log: context.log },
    {
      outDir,
      ...(options.web?.siteTitle ? { siteTitle: options.web.siteTitle } : {}),
      ...(baseUrl ? { baseUrl } : {}),
      ...(maxStories ? { maxStories } : {}),
    },
  );
  for (const warning of report.warnings) output.err(warning);
  if (options.json) output.json({ outDir, ...report });
  else
    output.out(
      `export: wrote ${report.files} files (${report.stories} stories, ${report.entities} entities) to ${outDir}; open ${resolve(outDir, 'index.html')}`,
    );
  return 0;
}
