import { briefChangedStories } from '../pipeline/brief.js';
import { clusterNewPosts } from '../pipeline/cluster.js';
import type { AppContext } from './context.js';
import { runIngest } from './ingest.js';
import type { Output } from './output.js';

/**
 * `roundup run` (what `npm start` runs): one pass of the main job — poll every source that is
 * due, place new posts in stories, and (re)write the briefings of the stories still active. It
 * exits 0 when sources are unreachable: each says so, and is rescheduled.
 */
export async function runMain(
  context: AppContext,
  output: Output,
  options: { json?: boolean; force?: boolean },
): Promise<number> {
  const code = await runIngest(context, output, options);
  const store = await context.store();
  const llm = context.llm();
  const deps = { store, clock: context.clock, log: context.log, ...(llm ? { llm } : {}) };
  const windowMs = context.config.cluster.windowHours * 3_600_000;
  const clustered = await clusterNewPosts(deps, { windowMs });
  const briefed = await briefChangedStories(deps, context.clock.now() - windowMs);
  if (!options.json) {
    output.out(
      `cluster: ${clustered.posts} posts placed, ${clustered.newStories} new stories; briefings: ${briefed.created} new or updated, ${briefed.failed} held back by the grounding check`,
    );
  }
  return code;
}
