import { createRobotsPolicy, fetchArticles, type RobotsPolicy } from '../articles/index.js';
import { briefChangedStories, buildBriefing } from '../pipeline/brief.js';
import { type ClusterSession, clusterNewPosts, createClusterSession } from '../pipeline/cluster.js';
import { runScheduler } from '../pipeline/scheduler.js';
import { syncSearchIndex } from '../store/search.js';
import { listSourceStates } from '../store/sources.js';
import type { AppContext } from './context.js';
import { runIngest } from './ingest.js';
import type { Output } from './output.js';
import { createAdminActions, parsePort, startServer, waitForSignal } from './serve.js';

/** Longest and shortest waits between passes of the main job. */
const MAX_WAIT_MS = 60_000;
const MIN_WAIT_MS = 5_000;

/** What the passes of one main job share: the clusterer, and what robots.txt files said. */
interface PassState {
  session: ClusterSession;
  robots: RobotsPolicy;
}

/**
 * One pass of the main job: poll every source that is due, fetch the articles new posts link to
 * (`articles.perPass`, newest first; a link that fails is recorded and tried a day later), place new posts in stories,
 * (re)write the briefings of the stories still active, and bring search up to date. Sources
 * that are unreachable say so and are rescheduled; the pass itself succeeds.
 */
async function runPass(
  context: AppContext,
  output: Output,
  options: { json?: boolean; force?: boolean },
  state?: PassState,
) {
  await runIngest(context, output, options);
  const store = await context.store();
  const llm = context.llm();
  const deps = { store, clock: context.clock, log: context.log, ...(llm ? { llm } : {}) };
  const perPass = context.config.articles.perPass;
  const articles =
    perPass > 0
      ? await fetchArticles(
          {
            ...deps,
            fetcher: context.fetcher(),
            ...(state ? { robots: state.robots } : {}),
          },
          { limit: perPass, unplacedOnly: true },
        )
      : null;
  const windowMs = context.config.cluster.windowHours * 3_600_000;
  const eventSpanMs = context.config.cluster.eventSpanHours * 3_600_000;
  const clustered = await clusterNewPosts(deps, { windowMs, eventSpanMs }, state?.session);
  const briefed = await briefChangedStories(deps, context.clock.now() - windowMs);
  await syncSearchIndex(store.db, context.clock.now());
  if (!options.json) {
    const placed =
      clustered.skipped === null
        ? `${clustered.posts} posts placed, ${clustered.newStories} new stories`
        : `skipped (${clustered.skipped})`;
    if (articles !== null && articles.results.length > 0)
      output.out(
        `articles: ${articles.fetched} stored, ${articles.failed} failed, ${articles.skipped} skipped (${articles.results.length} links of new posts)`,
      );
    output.out(
      `cluster: ${placed}; briefings: ${briefed.created} new or updated, ${briefed.failed} held back by the grounding check`,
    );
  }
  const states = await listSourceStates(store.db);
  const due = states.filter((s) => s.enabled && s.nextCheckAt !== null).map((s) => s.nextCheckAt as number);
  return { nextAt: due.length > 0 ? Math.min(...due) : null };
}

/**
 * `roundup run` (what `npm start` runs): serves the site and, on each source's schedule,
 * ingests, clusters, extracts and writes briefings, until SIGINT or SIGTERM (the pass in
 * progress finishes; every write is a transaction, so a harder stop rolls back). `--once` runs
 * one pass and exits.
 */
export async function runMain(
  context: AppContext,
  output: Output,
  options: { json?: boolean; force?: boolean; once?: boolean; host?: string; port?: string },
): Promise<number> {
  if (options.once) {
    await runPass(context, output, options);
    return 0;
  }
  const store = await context.store();
  const web = context.config.web;
  const llm = context.llm();
  const deps = { store, clock: context.clock, log: context.log, ...(llm ? { llm } : {}) };
  const server = await startServer(
    { ...deps, config: web, admin: createAdminActions(context, (id) => buildBriefing(deps, id)) },
    { host: options.host ?? web.host, port: parsePort(options.port ?? web.port) },
  );
  output.out(`roundup: open ${server.url} (Ctrl-C to stop)`);
  const stop = new AbortController();
  const signalled = waitForSignal().then((signal) => {
    output.err(`roundup: ${signal} received; finishing the current pass, then stopping`);
    stop.abort();
  });
  let first = true;
  // Each pass continues with the clusterer of the last one instead of rebuilding it from the store,
  // and with what robots.txt files said (cached for their lifetimes).
  const state: PassState = {
    session: createClusterSession(),
    robots: createRobotsPolicy({ fetcher: context.fetcher(), clock: context.clock }),
  };
  await runScheduler({
    pass: () => {
      const result = runPass(
        context,
        output,
        { ...options, force: first && (options.force ?? false) },
        state,
      );
      first = false;
      return result;
    },
    now: () => context.clock.now(),
    signal: stop.signal,
    maxWaitMs: MAX_WAIT_MS,
    minWaitMs: MIN_WAIT_MS,
    log: context.log,
  });
  await signalled;
  await server.close();
  output.err('roundup: stopped');
  return 0;
}
