import { type IngestDeps, ingestOnce, type SourceReport } from '../pipeline/ingest.js';
import { createSources } from '../sources/registry.js';
import type { AppContext } from './context.js';
import { formatTime, type Output } from './output.js';

/** `roundup ingest` (and, until the web lands, `roundup run`): poll every source once. */
export async function runIngest(
  context: AppContext,
  output: Output,
  options: { json?: boolean; force?: boolean },
): Promise<number> {
  const store = await context.store();
  const sources = createSources(context.config);
  if (sources.length === 0) {
    output.err('ingest: no sources configured (add some to roundup.yaml, or run `roundup init`)');
    if (options.json) output.json([]);
    return 0;
  }
  const deps: IngestDeps = { store, fetcher: context.fetcher(), clock: context.clock, log: context.log };
  const reports = await ingestOnce(deps, sources, { force: options.force ?? false });
  if (options.json) output.json(reports);
  else {
    for (const report of reports) output.out(describeReport(report));
    const posts = reports.reduce((n, r) => n + r.posts, 0);
    const comments = reports.reduce((n, r) => n + r.comments, 0);
    const failed = reports.filter((r) => r.outcome === 'error' || r.outcome === 'blocked').length;
    output.out(
      `ingest: ${reports.length} sources, ${posts} posts and ${comments} comments new or changed` +
        (failed ? `, ${failed} unreachable or blocked (see \`roundup sources\`)` : ''),
    );
  }
  // Unreachable sources are recorded per source; the run itself succeeded.
  return 0;
}

export function describeReport(report: SourceReport): string {
  const head = `${report.sourceId}:`;
  switch (report.outcome) {
    case 'ok':
      return `${head} ${report.posts} posts, ${report.comments} comments new or changed (HTTP ${report.httpStatus ?? '—'})${
        report.warnings.length
          ? `; ${report.warnings.length} warnings: ${report.warnings.slice(0, 2).join('; ')}`
          : ''
      }`;
    case 'not-modified':
      return `${head} not modified since the last poll (HTTP 304)`;
    case 'skipped':
      return `${head} skipped, ${report.message}`;
    case 'disabled':
      return `${head} disabled: ${report.message}`;
    case 'blocked':
      return `${head} blocked: ${report.message}`;
    case 'error':
      return `${head} unreachable or failed: ${report.message} (next try ${formatTime(report.nextCheckAt)})`;
  }
}
