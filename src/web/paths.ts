import { createHash } from 'node:crypto';

export type FeedFormat = 'rss' | 'atom' | 'json';
export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

/**
 * Where pages link. The server uses absolute paths (`/stories/s_1`); the static export uses
 * links relative to the page (`../stories/s_1.html`) so the site works from any folder or file
 * server. Page templates take a `Paths` and never build a URL themselves.
 */
export interface Paths {
  /** True for the static export: no search box, no per-search feeds. */
  staticSite: boolean;
  home: string;
  sources: string;
  search(query?: string): string;
  story(id: string): string;
  entity(name: string): string;
  asset(name: string): string;
  feed(format: FeedFormat): string;
  entityFeed(name: string, format: FeedFormat): string;
  /** Null on the static site (it has no search). */
  searchFeed(query: string, format: FeedFormat): string | null;
}

export function serverPaths(): Paths {
  return {
    staticSite: false,
    home: '/',
    sources: '/sources',
    search: (query) => (query ? `/search?q=${encodeURIComponent(query)}` : '/search'),
    story: (id) => `/stories/${encodeURIComponent(id)}`,
    entity: (name) => `/entities/${encodeURIComponent(name)}`,
    asset: (name) => `/assets/${name}`,
    feed: (format) => `/feeds/briefings.${format}`,
    entityFeed: (name, format) => `/feeds/entities/${encodeURIComponent(name)}/briefings.${format}`,
    searchFeed: (query, format) => `/feeds/search/briefings.${format}?q=${encodeURIComponent(query)}`,
  };
}

/** A file name for an entity: readable, and unique thanks to a short hash of the exact name. */
export function entitySlug(name: string): string {
  const readable = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${readable || 'entity'}-${hash}`;
}

/** Story ids are `s_<hex>`; anything else is made file-safe the same way as entity names. */
export function storyFileName(id: string): string {
  return /^[A-Za-z0-9_-]{1,80}$/.test(id) ? id : entitySlug(id);
}

/** Paths for a page `depth` folders below the export's root. */
export function exportPaths(depth: number): Paths {
  const root = depth === 0 ? './' : '../'.repeat(depth);
  return {
    staticSite: true,
    home: `${root}index.html`,
    sources: `${root}sources.html`,
    search: () => `${root}index.html`,
    story: (id) => `${root}stories/${storyFileName(id)}.html`,
    entity: (name) => `${root}entities/${entitySlug(name)}.html`,
    asset: (name) => `${root}assets/${name}`,
    feed: (format) => `${root}feeds/briefings.${format}`,
    entityFeed: (name, format) => `${root}feeds/entities/${entitySlug(name)}.${format}`,
    searchFeed: () => null,
  };
}
