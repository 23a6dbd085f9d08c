import type { Clock, Log } from '../log.js';
import type { Store } from '../store/store.js';
import type { RenderCache } from './cache.js';
import type { PageContext } from './pages.js';

export interface WebConfig {
  /** Bearer token for the admin routes; absent = those routes do not exist (404). */
  adminToken?: string;
  siteTitle?: string;
  /** The public address (`https://news.example.org`), for feeds and the OpenAPI document. */
  baseUrl?: string;
  /** How long the front page, entity pages, searches and lists may be served from memory (default 5 s). */
  cacheTtlMs?: number;
  /** Largest request body accepted (default 16 KiB). */
  maxBodyBytes?: number;
}

/** The admin actions the routes call; the composition root wires them (see cli/serve.ts). */
export interface AdminActions {
  /** Adds a feed to the configuration; null when adding sources is not wired in this process. */
  addSource?: (input: { url: string; name?: string }) => Promise<{ id: string; url: string }>;
  /** Disables a source (it stays listed, with the reason); false when there is no such source. */
  removeSource?: (id: string) => Promise<boolean>;
  /** Rewrites a story's briefing; null when there is no such story. */
  rebuildStory?: (
    storyId: string,
  ) => Promise<{ storyId: string; version: number | null; created: boolean } | null>;
}

export interface WebDeps {
  store: Store;
  clock: Clock;
  log: Log;
  config: WebConfig;
  admin?: AdminActions;
}

/** What route handlers share. */
export interface WebContext {
  deps: WebDeps;
  page: PageContext;
  cache: RenderCache;
  ttlMs: number;
}
