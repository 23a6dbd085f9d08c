import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/cli/serve.js';
import { createSilentLog } from '../../src/log.js';
import type { Store } from '../../src/store/store.js';
import { sqliteDialect } from '../../src/test-support/stores.js';
import {
  buildWebFixture,
  CLEAN_HEADLINE,
  CLEAN_STORY,
  FIXTURE_NOW,
  HOSTILE_STORY,
  PAYLOADS,
} from '../../src/web/test-fixture.js';

/**
 * The site in a real browser: Debian's Chromium driven by playwright-core (never a downloaded
 * browser). Skipped, with the reason printed, where /usr/bin/chromium is not installed.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.info(`browser tests skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);

const ARTIFACTS = join(process.cwd(), 'test-artifacts');

/**
 * The little of the DOM these tests read inside the page (the project compiles without the DOM
 * library). Callbacks passed to page.evaluate run in the browser, where these globals exist.
 */
interface DomElement {
  id: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  closest(selector: string): DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement> & Iterable<DomElement>;
}
interface DomGlobals {
  __pwned?: unknown;
  innerWidth: number;
  document: {
    documentElement: { scrollWidth: number };
    body: { textContent: string | null };
    getElementById(id: string): DomElement | null;
    querySelectorAll(selector: string): ArrayLike<DomElement> & Iterable<DomElement>;
  };
}

describe.skipIf(!hasChromium)('the site in Chromium', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  const problems: string[] = [];

  beforeAll(async () => {
    ({ store, dispose } = await sqliteDialect.open());
    await buildWebFixture(store);
    server = await startServer(
      {
        store,
        clock: { now: () => FIXTURE_NOW },
        log: createSilentLog(),
        config: { siteTitle: 'roundup' },
        searchSyncMs: 0,
      },
      { host: '127.0.0.1', port: 0 },
    );
    // launch() gives the browser a fresh temporary profile (user-data dir) of its own.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
        '--disable-sync',
      ],
    });
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    await dispose?.();
  });

  beforeEach(() => {
    problems.length = 0;
  });

  /** A page that records dialogs, page errors and console errors (a CSP refusal is one). */
  async function watchedPage(): Promise<Page> {
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    return page;
  }

  const url = (path: string) => new URL(path, server.url).href;

  it('opens the front page and follows a story', async () => {
    const page = await watchedPage();
    await page.goto(server.url);
    expect(await page.title()).toBe('roundup');
    await page.screenshot({ path: join(ARTIFACTS, 'front.png'), fullPage: true });
    await page.getByRole('link', { name: CLEAN_HEADLINE }).click();
    await page.waitForURL(`**/stories/${CLEAN_STORY}`);
    expect(await page.locator('h1').textContent()).toContain(CLEAN_HEADLINE);
    await page.screenshot({ path: join(ARTIFACTS, 'story.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(ARTIFACTS, 'story-phone.png'), fullPage: true });
    // Phone-readable: nothing is wider than the screen except inside scrollable table wrappers.
    const overflow = await page.evaluate(() => {
      const w = globalThis as unknown as DomGlobals;
      return w.document.documentElement.scrollWidth - w.innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('links every citation to an entry of the numbered source list', async () => {
    const page = await watchedPage();
    await page.goto(url(`stories/${CLEAN_STORY}`));
    const targets = await page.$$eval('a.cite', (links) =>
      links.map((a) => {
        const id = (a.getAttribute('href') ?? '').slice(1);
        const target = (globalThis as unknown as DomGlobals).document.getElementById(id);
        return { id, inSources: Boolean(target?.closest('#sources')) };
      }),
    );
    expect(targets.length).toBeGreaterThan(5);
    expect(targets.filter((t) => !t.inSources)).toEqual([]);
    await page.locator('a.cite[href="#source-2"]').first().click();
    expect(new URL(page.url()).hash).toBe('#source-2');
    expect(await page.locator('#source-2:target').count()).toBe(1);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('links each key fact to the quoted span inside each of its sources, and back', async () => {
    const page = await watchedPage();
    await page.goto(url(`stories/${CLEAN_STORY}`));
    const rows = await page.$$eval('#facts tbody tr', (trs) =>
      trs.map((tr) => ({
        id: tr.id,
        links: [...tr.querySelectorAll('a.cite')].map((a) => {
          const target = (globalThis as unknown as DomGlobals).document.getElementById(
            (a.getAttribute('href') ?? '').slice(1),
          );
          const entry = target?.closest('li[id^="source-"]:not([id*="-fact-"])');
          const external = entry?.querySelector('a[rel="noopener nofollow ugc"]');
          return {
            target: target?.id ?? null,
            entry: entry?.id ?? null,
            backLink: target?.querySelector('a')?.getAttribute('href') ?? null,
            quote: target?.querySelector('q')?.textContent ?? null,
            external: external?.getAttribute('href') ?? null,
          };
        }),
      })),
    );
    expect(rows.map((r) => r.id)).toEqual(['fact-0', 'fact-1']);
    for (const row of rows) {
      expect(row.links.length).toBeGreaterThan(0);
      for (const link of row.links) {
        expect(link.target).toMatch(/^source-\d+-fact-\d+$/);
        expect(link.entry).toMatch(/^source-\d+$/);
        expect(link.backLink).toBe(`#${row.id}`);
        expect(link.quote).toBeTruthy();
        expect(link.external).toMatch(/^https:\/\//);
      }
    }
    await page.locator('#fact-0 a.cite').first().click();
    expect(new URL(page.url()).hash).toBe('#source-1-fact-0');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('searches from the header box and opens a result', async () => {
    const page = await watchedPage();
    await page.goto(server.url);
    await page.getByRole('searchbox').fill('PSG shares');
    await page.getByRole('searchbox').press('Enter');
    await page.waitForURL('**/search?q=PSG+shares');
    expect(await page.locator('mark').count()).toBeGreaterThan(0);
    await page.locator('.hits a').first().click();
    await page.waitForURL(`**/stories/${CLEAN_STORY}**`);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('shows script payloads from sources as text, and none of them runs', async () => {
    for (const path of [
      '',
      `stories/${HOSTILE_STORY}`,
      `entities/${encodeURIComponent(`Evil${PAYLOADS.img}`)}`,
      'search?q=evil+script',
      'sources',
    ]) {
      const page = await watchedPage();
      await page.goto(url(path));
      // Hover and click over everything a payload might hang a handler on.
      for (const selector of ['h1', '.badge', '.author', 'a', 'q', 'blockquote']) {
        const first = page.locator(selector).first();
        if ((await first.count()) > 0) await first.hover({ timeout: 500 }).catch(() => undefined);
      }
      const state = await page.evaluate(() => {
        const w = globalThis as unknown as DomGlobals;
        const document = w.document;
        return {
          pwned: w.__pwned ?? null,
          active: document.querySelectorAll(
            'script, img, iframe, object, embed, [onerror], [onload], [onmouseover], [style]',
          ).length,
          badLinks: [...document.querySelectorAll('a[href]')]
            .map((a) => a.getAttribute('href') ?? '')
            .filter((href) => /^\s*javascript:/i.test(href)),
          text: document.body.textContent ?? '',
        };
      });
      expect(state.pwned, path).toBeNull();
      expect(state.active, path).toBe(0);
      expect(state.badLinks, path).toEqual([]);
      if (path.startsWith('stories/')) {
        expect(state.text).toContain('<script>window.__pwned = "script"</script>');
        expect(state.text).toContain('<svg onload=');
        await page.screenshot({ path: join(ARTIFACTS, 'hostile-story.png'), fullPage: true });
      }
      await page.close();
    }
    expect(problems).toEqual([]);
  });

  it('works with scripts disabled', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const page = await noScript.newPage();
    await page.goto(server.url);
    await page.getByRole('link', { name: CLEAN_HEADLINE }).click();
    await page.waitForURL(`**/stories/${CLEAN_STORY}`);
    expect(await page.locator('#facts table').count()).toBe(1);
    await noScript.close();
  });
});
