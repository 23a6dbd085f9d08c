import { importFiles } from '../sources/archive/index.js';
import type { AppContext } from './context.js';
import type { Output } from './output.js';

/**
 * `roundup import <files…>`: exit 0 when every file could be read (even with bad lines), 1 when a
 * file could not be read at all. `--json` prints {posts, comments, skipped, errors}.
 */
export async function runImport(
  context: AppContext,
  output: Output,
  files: string[],
  options: { json?: boolean; progress?: boolean },
): Promise<number> {
  const store = await context.store();
  const summary = await importFiles(
    {
      store,
      log: context.log,
      clock: context.clock,
      maxDecompressedBytes: context.config.import.maxDecompressedBytes,
      progress: options.progress !== false && output.errIsTty && !options.json,
    },
    files,
  );
  const failed = summary.files.some((f) => f.failed);
  if (options.json) {
    output.json({
      posts: summary.posts,
      comments: summary.comments,
      skipped: summary.skipped,
      errors: summary.errors,
    });
    return failed ? 1 : 0;
  }
  for (const file of summary.files) {
    output.out(
      `${file.file}: ${file.failed ? 'FAILED' : file.format}, ${file.posts} posts, ${file.comments} comments written, ${file.skipped} skipped`,
    );
  }
  const shown = summary.errors.slice(0, 20);
  for (const e of shown) output.err(`${e.file}${e.line === null ? '' : `:${e.line}`}: ${e.message}`);
  if (summary.errors.length > shown.length)
    output.err(`… and ${summary.errors.length - shown.length} more errors`);
  output.out(
    `import: ${summary.posts} posts and ${summary.comments} comments written or updated, ${summary.skipped} skipped`,
  );
  return failed ? 1 : 0;
}
