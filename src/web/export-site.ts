import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NotFoundError } from '../errors.js';
import type { Clock, Log } from '../log.js';
import type { Store } from '../store/store.js';
import {
  type EntityDetail,
  loadEntity,
  loadLatestBriefings,
  loadSourceHealth,
  loadStoryDetail,
  loadStorySummaries,
} from './data.js';
import { generateFeed } from './feeds.js';
import { renderEntityPage, renderFrontPage, renderSourcesPage, renderStoryPage } from './pages.js';
import { entitySlug, exportPaths, FEED_FORMATS, storyFileName } from './paths.js';
import { ICON_SVG, STYLESHEET } from './style.js';

export interface ExportOptions {
  outDir: string;
  siteTitle?: string;
  /** The address the files will be served from; feeds need it for absolute links. */
  baseUrl?: string;
  /** Stories listed on the front pages, by heat (default 300); every story with a briefing is exported too. */
  maxStories?: number;
}

export interface ExportReport {
  files: number;
  stories: number;
  entities: number;
  /** Said when feeds carry relative links (no base URL). */
  warnings: string[];
}

const PER_PAGE = 30;

/**
 * Writes the site as static files: front pages, story pages, entity pages, the sources page, the
 * stylesheet and the feeds. Links are relative, so the folder works from any file server or
 * straight from disk. There is no search (it needs the server).
 */
export async function exportSite(
  deps: { store: Store; clock: Clock; log: Log },
  options: ExportOptions,
): Promise<ExportReport> {
  const db = deps.store.db;
  const siteTitle = options.siteTitle ?? 'roundup';
  const maxStories = options.maxStories ?? 300;
  const base = options.baseUrl ? options.baseUrl.replace(/\/*$/, '/') : '';
  const warnings: string[] = [];
  if (!base)
    warnings.push('export: no base URL given, so feed links are relative (set --base-url for feed readers)');
  let files = 0;
  const write = (path: string, body: string) => {
    const full = join(options.outDir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, body, 'utf8');
    files++;
  };
  const ctx = (depth: number) => ({ paths: exportPaths(depth), siteTitle });

  write('assets/style.css', STYLESHEET);
  write('assets/icon.svg', ICON_SVG);

  const listed = await loadStorySummaries(db, { limit: maxStories, offset: 0 });
  const pages = Math.max(1, Math.ceil(listed.length / PER_PAGE));
  const pageFile = (n: number) => (n === 1 ? 'index.html' : `page-${n}.html`);
  for (let page = 1; page <= pages; page++) {
    write(
      pageFile(page),
      renderFrontPage(ctx(0), {
        stories: listed.slice((page - 1) * PER_PAGE, page * PER_PAGE),
        page,
        hasMore: page < pages,
        pageHref: pageFile,
      }).toString(),
    );
  }

  const briefed = await loadLatestBriefings(db, { limit: 1_000_000 });
  const storyIds = [...new Set([...listed.map((s) => s.id), ...briefed.map((b) => b.briefing.storyId)])];
  const exported = new Set(storyIds);
  const entityNames = new Set<string>();
  for (const id of storyIds) {
    const detail = await loadStoryDetail(db, id);
    for (const group of detail.briefing?.entities ?? [])
      for (const e of group.entities) entityNames.add(e.name);
    write(`stories/${storyFileName(id)}.html`, renderStoryPage(ctx(1), detail).toString());
  }

  const feedLink = (storyId: string) => `${base}stories/${storyFileName(storyId)}.html`;
  const feedsFor = (name: string, title: string, description: string, storyBriefings: typeof briefed) => {
    for (const format of FEED_FORMATS) {
      const path = name ? `feeds/entities/${entitySlug(name)}.${format}` : `feeds/briefings.${format}`;
      write(
        path,
        generateFeed(
          format,
          {
            title,
            description,
            homeUrl: name ? `${base}entities/${entitySlug(name)}.html` : `${base}index.html`,
            selfUrl: `${base}${path}`,
            now: deps.clock.now(),
          },
          storyBriefings.slice(0, 50).map((b) => ({ ...b, link: feedLink(b.briefing.storyId) })),
        ),
      );
    }
  };
  feedsFor(
    '',
    `${siteTitle}: briefings`,
    'Sourced briefings of the stories several communities discuss.',
    briefed,
  );

  let entities = 0;
  for (const name of entityNames) {
    let entity: EntityDetail;
    try {
      entity = await loadEntity(db, name);
    } catch (error) {
      if (error instanceof NotFoundError) continue;
      throw error;
    }
    // Only link what the export holds.
    const visible: EntityDetail = {
      ...entity,
      stories: entity.stories.filter((s) => exported.has(s.id)),
      facts: entity.facts.filter((f) => exported.has(f.storyId)),
    };
    write(`entities/${entitySlug(name)}.html`, renderEntityPage(ctx(1), visible).toString());
    entities++;
    const ids = new Set(visible.stories.map((s) => s.id));
    feedsFor(
      entity.name,
      `${siteTitle}: ${entity.name}`,
      `Briefings of stories that involve ${entity.name}.`,
      briefed.filter((b) => ids.has(b.briefing.storyId)),
    );
  }

  write('sources.html', renderSourcesPage(ctx(0), await loadSourceHealth(db)).toString());
  deps.log.info({ files, stories: storyIds.length, entities }, 'site exported');
  return { files, stories: storyIds.length, entities, warnings };
}
