import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseFeed } from 'feedsmith';
import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSilentLog } from '../log.js';
import type { Store } from '../store/store.js';
import { sqliteDialect } from '../test-support/stores.js';
import { exportSite } from './export-site.js';
import {
  buildWebFixture,
  CLEAN_HEADLINE,
  CLEAN_STORY,
  FIXTURE_NOW,
  HOSTILE_STORY,
  PENDING_STORY,
} from './test-fixture.js';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

function linksOf(html: string): string[] {
  const links: string[] = [];
  const parser = new Parser({
    onopentag(_name, attributes) {
      for (const key of ['href', 'src', 'action']) {
        const value = attributes[key];
        if (value !== undefined) links.push(value);
      }
    },
  });
  parser.write(html);
  parser.end();
  return links;
}

describe('static export', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let out: string;

  beforeAll(async () => {
    ({ store, dispose } = await sqliteDialect.open());
    await buildWebFixture(store);
    out = mkdtempSync(join(tmpdir(), 'roundup-export-'));
    await exportSite(
      { store, clock: { now: () => FIXTURE_NOW }, log: createSilentLog() },
      { outDir: out, baseUrl: 'https://news.example.org/roundup' },
    );
  });
  afterAll(async () => {
    await dispose();
    rmSync(out, { recursive: true, force: true });
  });

  it('writes the pages, the stylesheet and the feeds', () => {
    for (const path of [
      'index.html',
      'sources.html',
      'assets/style.css',
      `stories/${CLEAN_STORY}.html`,
      `stories/${HOSTILE_STORY}.html`,
      `stories/${PENDING_STORY}.html`,
      'feeds/briefings.rss',
      'feeds/briefings.atom',
      'feeds/briefings.json',
    ])
      expect(existsSync(join(out, path)), path).toBe(true);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain(CLEAN_HEADLINE);
    expect(readdirSync(join(out, 'entities')).some((f) => f.startsWith('nordwind-'))).toBe(true);
    expect(readdirSync(join(out, 'feeds/entities')).some((f) => /^nordwind-.*\.atom$/.test(f))).toBe(true);
  });

  it('links only relatively, and every link leads to a file of the export', () => {
    const broken: string[] = [];
    for (const file of listFiles(out).filter((f) => f.endsWith('.html'))) {
      for (const link of linksOf(readFileSync(file, 'utf8'))) {
        if (/^https?:/.test(link) || link.startsWith('#')) continue;
        if (link.startsWith('/')) {
          broken.push(`${relative(out, file)} → ${link} (absolute)`);
          continue;
        }
        const target = resolve(dirname(file), decodeURIComponent(link.split('#')[0] ?? ''));
        if (!existsSync(target)) broken.push(`${relative(out, file)} → ${link}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('has no search form (it needs the server) and feeds with absolute links under the base URL', () => {
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).not.toContain('role="search"');
    const rss = readFileSync(join(out, 'feeds/briefings.rss'), 'utf8');
    const parsed = parseFeed(rss) as { feed: { items?: Array<{ link?: string }> } };
    expect(parsed.feed.items?.map((i) => i.link)).toContain(
      `https://news.example.org/roundup/stories/${CLEAN_STORY}.html`,
    );
  });
});
