import { fetchArticles } from '../articles/index.js';
import { UsageError } from '../errors.js';
import type { AppContext } from './context.js';
import type { Output } from './output.js';

export const DEFAULT_ARTICLE_LIMIT = 50;
const MAX_ARTICLE_LIMIT = 10_000;

/**
 * `roundup fetch-articles [--limit N] [--json]`: fetch and extract the articles that posts link
 * to and that have no document yet, newest posts first. A link that fails is reported and
 * recorded (tried again a day later); the command itself succeeds.
 */
export async function runFetchArticles(
  context: AppContext,
  output: Output,
  options: { limit?: number | string; json?: boolean },
): Promise<number> {
  const limit = parseArticleLimit(options.limit);
  const store = await context.store();
  const report = await fetchArticles(
    { store, fetcher: context.fetcher(), clock: context.clock, log: context.log },
    { limit },
  );
  if (options.json) {
    output.json(report);
    return 0;
  }
  for (const result of report.results) {
    output.out(`${result.status.padEnd(7)} ${result.url}${result.message ? ` (${result.message})` : ''}`);
  }
  output.out(
    `fetch-articles: ${report.results.length} links, ${report.fetched} stored, ${report.failed} failed, ${report.skipped} skipped`,
  );
  return 0;
}

/** Commander hands options over as strings; a number passes through. */
export function parseArticleLimit(value: number | string | undefined): number {
  if (value === undefined) return DEFAULT_ARTICLE_LIMIT;
  const limit = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ARTICLE_LIMIT) {
    throw new UsageError(`fetch-articles: --limit takes a whole number from 1 to ${MAX_ARTICLE_LIMIT}`);
  }
  return limit;
}
