import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as cli } from '../test-support/cli.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, main } from './main.js';

const dir = mkdtempSync(join(tmpdir(), 'roundup-cli-'));
const db = join(dir, 'cli.db');

interface Site {
  base: string;
  close(): Promise<void>;
}

/** Serves `pages` (path → content type and body; told the address) on 127.0.0.1, 404 elsewhere. */
async function servePages(
  pages: (base: string) => Record<string, readonly [type: string, body: string]>,
): Promise<Site> {
  let routes: Record<string, readonly [string, string]> = {};
  const server: Server = createServer((req, res) => {
    const page = routes[req.url ?? ''];
    if (page) {
      res.setHeader('content-type', page[0]);
      res.end(page[1]);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  routes = pages(base);
  return { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('roundup CLI', () => {
  it('prints help for the program and every command, exit 0', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(EXIT_OK);
    for (const command of ['run', 'ingest', 'import', 'sources', 'stats', 'init', 'add-feed']) {
      expect(help.stdout).toContain(command);
      const sub = await cli([command, '--help']);
      expect(sub.code, command).toBe(EXIT_OK);
      expect(sub.stdout).toMatch(/Usage: roundup/);
    }
  });

  it('exits 2 on an unknown command, a missing argument or an unknown option', async () => {
    expect((await cli(['frobnicate'])).code).toBe(EXIT_USAGE);
    expect((await cli(['import'])).code).toBe(EXIT_USAGE);
    expect((await cli(['stats', '--bogus'])).code).toBe(EXIT_USAGE);
    expect(await main(['node', 'roundup', 'nope'], {})).toBe(EXIT_USAGE);
  });

  it('exits 2 with the option named when the config is invalid', async () => {
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, 'http:\n  maxRedirects: many\n');
    const result = await cli(['stats', '--config', config, '--db', db]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/http\.maxRedirects/);
  });

  it('prints stats as JSON', async () => {
    const result = await cli(['stats', '--json', '--db', db]);
    expect(result.code).toBe(EXIT_OK);
    expect(JSON.parse(result.stdout)).toEqual({ posts: 0, comments: 0, documents: 0, stories: 0, facts: 0 });
  });

  it('imports files, reports bad lines with their numbers, and counts nothing new the second time', async () => {
    const file = join(dir, 'items.ndjson');
    writeFileSync(
      file,
      [
        '{"id":1,"type":"story","by":"pg","time":1700000000,"title":"A story","url":"https://example.com/a","score":5,"descendants":1,"kids":[2]}',
        '{"id":2,"type":"comment","by":"tptacek","time":1700000100,"parent":1,"text":"First &amp; only"}',
        '{not json',
      ].join('\n'),
    );
    const first = await cli(['import', file, '--json', '--db', db]);
    expect(first.code).toBe(EXIT_OK);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ posts: 1, comments: 1, skipped: 1 });
    expect(summary.errors).toEqual([expect.objectContaining({ file, line: 3 })]);
    const again = JSON.parse((await cli(['import', file, '--json', '--db', db])).stdout);
    expect(again).toMatchObject({ posts: 0, comments: 0, skipped: 1 });
    const stats = JSON.parse((await cli(['stats', '--json', '--db', db])).stdout);
    expect(stats).toMatchObject({ posts: 1, comments: 1 });
  });

  it('places posts with the event span it is given, and refuses a span that is no positive number', async () => {
    const file = join(dir, 'span.ndjson');
    const item = (id: number, time: number, title: string, text: string) =>
      JSON.stringify({ id, type: 'story', by: 'a', time, title, text, score: 5 });
    const start = 1_700_000_000;
    writeFileSync(
      file,
      [
        item(
          301,
          start,
          'Microsoft to invest $10 billion in Japan AI infrastructure through 2029',
          'Microsoft will invest $10 billion in Japan between 2026 and 2029 to expand its artificial intelligence and cloud data centres. The investment includes training one million engineers and a partnership with Sakura Internet for GPU capacity.',
        ),
        item(
          302,
          start + 3_600,
          'Microsoft commits $10B to Japanese AI data centres',
          'Microsoft says the $10 billion investment in Japan runs through 2029 and covers new data centres for artificial intelligence, cloud capacity with Sakura Internet and training for one million engineers.',
        ),
        item(
          303,
          start + 70 * 3_600,
          'Microsoft picks Sakura Internet for GPU capacity in Japan',
          'Sakura Internet will supply GPU capacity to Microsoft in Japan for artificial intelligence workloads, the Osaka company said on Friday. Sakura Internet expects cloud revenue to double by 2029 and will hire engineers for the data centres.',
        ),
      ].join('\n'),
    );
    const storiesWith = async (name: string, options: string[]) => {
      const spanDb = join(dir, `${name}.db`);
      expect((await cli(['import', file, '--db', spanDb])).code).toBe(EXIT_OK);
      const placed = await cli(['cluster', ...options, '--db', spanDb]);
      expect(placed.code, placed.stderr).toBe(EXIT_OK);
      const stories = JSON.parse((await cli(['stories', '--json', '--db', spanDb])).stdout) as unknown[];
      return stories.length;
    };
    expect(await storiesWith('span-default', [])).toBe(2);
    expect(await storiesWith('span-long', ['--event-span-hours', '96'])).toBe(1);
    const refused = await cli(['cluster', '--event-span-hours', 'a day', '--db', db]);
    expect(refused.code).toBe(EXIT_USAGE);
    expect(refused.stderr).toContain('--event-span-hours takes a positive number');
  });

  it('exits 1 when a file cannot be read at all, after importing the others', async () => {
    const good = join(dir, 'one.ndjson');
    writeFileSync(good, '{"id":77,"type":"story","by":"a","time":1700000000,"title":"Seventy-seven"}\n');
    const result = await cli([
      'import',
      join(dir, 'missing.ndjson'),
      good,
      '--json',
      '--db',
      join(dir, 'other.db'),
    ]);
    expect(result.code).toBe(EXIT_FAILURE);
    const summary = JSON.parse(result.stdout);
    expect(summary.posts).toBe(1);
    expect(summary.errors[0]).toMatchObject({ file: join(dir, 'missing.ndjson'), line: null });
  });

  it('writes a commented roundup.yaml that loads, and refuses to overwrite it', async () => {
    const config = join(dir, 'roundup.yaml');
    expect((await cli(['init', '--config', config])).code).toBe(EXIT_OK);
    expect(readFileSync(config, 'utf8')).toMatch(/^# roundup configuration/);
    const sources = await cli(['sources', '--json', '--config', config, '--db', join(dir, 'init.db')]);
    expect(sources.code).toBe(EXIT_OK);
    const ids = JSON.parse(sources.stdout).map((s: { id: string }) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['hn-top', 'hn-new', 'r-technology']));
    expect((await cli(['init', '--config', config])).code).toBe(EXIT_USAGE);
  });
});

describe('roundup run without a network', () => {
  it('exits 0 and says per source that it is unreachable', async () => {
    const config = join(dir, 'offline.yaml');
    // Port 9 on 127.0.0.1: nothing listens, every connection is refused.
    writeFileSync(
      config,
      [
        'http: { retries: 0, perHostIntervalMs: 0 }',
        'hn: { firebaseUrl: "http://127.0.0.1:9/v0", algoliaUrl: "http://127.0.0.1:9/api/v1" }',
        'sources:',
        '  - { kind: hn, id: hn-top, list: top }',
        '  - { kind: feed, id: offline-feed, url: "http://127.0.0.1:9/feed.xml" }',
      ].join('\n'),
    );
    const offlineDb = join(dir, 'offline.db');
    const result = await cli(['run', '--once', '--config', config, '--db', offlineDb]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toMatch(/hn-top: unreachable or failed/);
    expect(result.stdout).toMatch(/offline-feed: unreachable or failed/);
    const sources = JSON.parse(
      (await cli(['sources', '--json', '--config', config, '--db', offlineDb])).stdout,
    );
    expect(sources.map((s: { status: string }) => s.status)).toEqual(['failing', 'failing']);
  });
});

describe('roundup add-feed', () => {
  let site: Site;
  let base = '';
  beforeAll(async () => {
    site = await servePages(() => ({
      '/blog': [
        'text/html',
        '<html><head><link rel="alternate" type="application/rss+xml" title="Blog" href="/feed.xml"></head></html>',
      ],
      '/feed.xml': [
        'application/rss+xml',
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example Blog</title><link>http://example.com/</link><description>d</description><item><title>Hello</title><link>http://example.com/hello</link></item></channel></rss>',
      ],
    }));
    base = site.base;
  });
  afterAll(() => site.close());

  it('finds the feed behind a page and appends it to roundup.yaml, keeping the comments', async () => {
    const config = join(dir, 'feeds.yaml');
    writeFileSync(
      config,
      '# my sources\nhttp: { perHostIntervalMs: 0 }\nsources:\n  - { kind: hn, list: top } # front page\n',
    );
    const result = await cli(['add-feed', `${base}/blog`, '--config', config, '--db', join(dir, 'feeds.db')]);
    expect(result.code, result.stderr).toBe(EXIT_OK);
    const text = readFileSync(config, 'utf8');
    expect(text).toContain('# my sources');
    expect(text).toContain('# front page');
    expect(text).toContain(`${base}/feed.xml`);
    const sources = JSON.parse(
      (await cli(['sources', '--json', '--config', config, '--db', join(dir, 'feeds.db')])).stdout,
    );
    expect(sources.map((s: { kind: string }) => s.kind)).toEqual(['hn', 'feed']);
    expect(existsSync(config)).toBe(true);
  });

  it('refuses what is not an http(s) URL with exit 2', async () => {
    expect((await cli(['add-feed', 'file:///etc/passwd', '--config', join(dir, 'x.yaml')])).code).toBe(
      EXIT_USAGE,
    );
  });
});

describe('roundup run --once with linked articles', () => {
  /** Two link posts of one event whose titles share one word; their articles tell the event. */
  const paragraphs = (lead: string) =>
    [
      lead,
      'Nordwind said on Tuesday it will spend 4 billion euros between 2026 and 2030 on three offshore substations in the Baltic Sea and an undersea cable that lands near Gdańsk.',
      'The grid operator PSG will build and run the cable under a 25-year contract, the companies said, and the Polish energy ministry welcomed the Nordwind investment.',
      'Nordwind expects the Baltic link to carry power from 2029, when the first substation is due; PSG shares rose 6 percent in Warsaw after the announcement.',
      'Analysts said the Nordwind and PSG agreement is the largest grid investment in the Baltic region this decade.',
    ]
      .map((p) => `<p>${p}</p>`)
      .join('\n');
  const pages: Record<string, string> = {
    '/news/cable': `<html><head><title>Cable deal for the north</title></head><body><article><h1>Cable deal for the north</h1>${paragraphs('A new power cable will link offshore wind farms to the Polish coast.')}</article></body></html>`,
    '/markets/psg': `<html><head><title>PSG rallies on Baltic contract</title></head><body><article><h1>PSG rallies on Baltic contract</h1>${paragraphs('Shares of the grid operator PSG climbed after it won a long cable contract.')}</article></body></html>`,
  };
  let site: Site;
  let base = '';
  beforeAll(async () => {
    site = await servePages((at) => {
      const published = new Date(Date.now() - 3_600_000).toUTCString();
      const item = (guid: number, title: string, path: string) =>
        `<item><title>${title}</title><link>${at}${path}</link><guid>${guid}</guid><pubDate>${published}</pubDate></item>`;
      return {
        '/feed.xml': [
          'application/rss+xml',
          `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>${at}/</link><description>d</description>${item(1, 'Cable deal for the north', '/news/cable')}${item(2, 'PSG rallies on Baltic contract', '/markets/psg')}</channel></rss>`,
        ],
        ...Object.fromEntries(
          Object.entries(pages).map(([path, html]) => [path, ['text/html; charset=utf-8', html] as const]),
        ),
      };
    });
    base = site.base;
  });
  afterAll(() => site.close());

  const runOnce = async (name: string, perPass: number) => {
    const config = join(dir, `${name}.yaml`);
    const runDb = join(dir, `${name}.db`);
    writeFileSync(
      config,
      [
        // The articles are on 127.0.0.1, which the address guard refuses unless allowed.
        'http: { retries: 0, perHostIntervalMs: 0, allowedRanges: ["127.0.0.1/32"] }',
        `articles: { perPass: ${perPass} }`,
        'sources:',
        `  - { kind: feed, id: wire, url: "${base}/feed.xml" }`,
      ].join('\n'),
    );
    const result = await cli(['run', '--once', '--config', config, '--db', runDb]);
    expect(result.code, result.stderr).toBe(EXIT_OK);
    const stories = JSON.parse((await cli(['stories', '--json', '--db', runDb])).stdout) as Array<{
      posts: unknown[];
    }>;
    return { stdout: result.stdout, stories };
  };

  it('fetches the articles of new posts before placing them, so their text joins them in one story', async () => {
    const { stdout, stories } = await runOnce('articles', 50);
    expect(stdout).toMatch(/articles: 2 stored, 0 failed, 0 skipped/);
    expect(stories.map((s) => s.posts.length)).toEqual([2]);
    // Titles alone (articles.perPass: 0) are two stories.
    const titlesOnly = await runOnce('titles-only', 0);
    expect(titlesOnly.stdout).not.toMatch(/articles:/);
    expect(titlesOnly.stories.map((s) => s.posts.length)).toEqual([1, 1]);
  });
});
