import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { UsageError } from '../errors.js';
import { buildBriefing } from '../pipeline/brief.js';
import { indexStory, syncSearchIndex } from '../store/search.js';
import { createApp } from '../web/app.js';
import type { AdminActions, WebConfig, WebDeps } from '../web/context.js';
import { runAddFeed } from './add-feed.js';
import type { AppContext } from './context.js';
import type { Output } from './output.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;
/** How often the server brings the search index up to date with what other processes wrote. */
const SEARCH_SYNC_MS = 30_000;
/** Connections still busy this long after close() are cut. */
const CLOSE_GRACE_MS = 5_000;

export interface RunningServer {
  /** `http://127.0.0.1:8080/` */
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to 5 s), stops the index sync. */
  close(): Promise<void>;
}

export interface ServeDeps extends WebDeps {
  /** Default 30 s; 0 turns the periodic search-index sync off. */
  searchSyncMs?: number;
}

/**
 * Serves the web app on Node (http, keep-alive). The search index is synced once before the
 * first request and then every `searchSyncMs`, so stories written by a worker elsewhere become
 * searchable without a restart.
 */
export async function startServer(
  deps: ServeDeps,
  options: { host: string; port: number },
): Promise<RunningServer> {
  const { store, clock, log } = deps;
  const sync = async () => {
    try {
      const result = await syncSearchIndex(store.db, clock.now());
      if (result.indexed + result.removed > 0) log.info(result, 'search index synced');
    } catch (error) {
      // The site keeps serving; search shows what was indexed before. Logged, and retried next tick.
      log.error({ err: error }, 'search index sync failed');
    }
  };
  await sync();
  const app = createApp(deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/`;
  const every = deps.searchSyncMs ?? SEARCH_SYNC_MS;
  let syncing: Promise<void> = Promise.resolve();
  const timer =
    every > 0
      ? setInterval(() => {
          syncing = syncing.then(sync);
        }, every)
      : null;
  timer?.unref();
  log.info({ url }, 'web server listening');
  let closed: Promise<void> | null = null;
  return {
    url,
    close() {
      closed ??= (async () => {
        if (timer) clearInterval(timer);
        const http = server as Server;
        const done = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeIdleConnections?.();
        const cut = setTimeout(() => http.closeAllConnections?.(), CLOSE_GRACE_MS);
        cut.unref();
        await done;
        clearTimeout(cut);
        await syncing;
        log.info({ url }, 'web server closed');
      })();
      return closed;
    },
  };
}

export type RebuildStory = (
  storyId: string,
) => Promise<{ briefing: unknown; version: number | null; created: boolean } | null>;

/** The admin actions of a CLI process: feeds are added to roundup.yaml, rebuilt stories re-indexed. */
export function createAdminActions(context: AppContext, rebuild?: RebuildStory): AdminActions {
  return {
    async addSource({ url, name }) {
      let reply: { id?: string; url?: string } = {};
      const capture: Output = {
        out: () => undefined,
        err: (text) => context.log.warn({ text }, 'add-feed said'),
        json: (value) => {
          reply = value as typeof reply;
        },
        isTty: false,
        errIsTty: false,
      };
      await runAddFeed(context, capture, url, { json: true, ...(name ? { name } : {}) });
      // Already configured: add-feed prints text, not JSON; answer with the URL as given.
      return { id: reply.id ?? '', url: reply.url ?? url };
    },
    ...(rebuild
      ? {
          async rebuildStory(storyId: string) {
            const result = await rebuild(storyId);
            if (!result) return null;
            const store = await context.store();
            await indexStory(store.db, storyId, context.clock.now());
            return { storyId, version: result.version, created: result.created };
          },
        }
      : {}),
  };
}

export function parsePort(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`serve: --port takes a number from 0 to 65535, not "${value}"`);
  return port;
}

/**
 * `roundup serve`: the web UI, API and feeds over what is stored, until SIGINT or SIGTERM.
 * `web` is the configuration's web section; `rebuild` is what POST /admin/rebuild runs (default:
 * buildBriefing without the optional model writer).
 */
export async function runServe(
  context: AppContext,
  output: Output,
  options: {
    host?: string;
    port?: string | number;
    web?: WebConfig & { host?: string; port?: number };
    rebuild?: RebuildStory;
  },
): Promise<number> {
  const store = await context.store();
  // A rebuild writes as the main job does: with the model writer when one is configured.
  const llm = context.llm();
  const deps = { store, clock: context.clock, log: context.log, ...(llm ? { llm } : {}) };
  const server = await startServer(
    {
      store,
      clock: context.clock,
      log: context.log,
      config: options.web ?? {},
      admin: createAdminActions(context, options.rebuild ?? ((storyId) => buildBriefing(deps, storyId))),
    },
    {
      host: options.host ?? options.web?.host ?? DEFAULT_HOST,
      port: parsePort(options.port ?? options.web?.port),
    },
  );
  output.out(`roundup: serving on ${server.url} (Ctrl-C to stop)`);
  await waitForSignal();
  output.err('roundup: stopping…');
  await server.close();
  return 0;
}

/** Resolves on the first SIGINT or SIGTERM. */
export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
