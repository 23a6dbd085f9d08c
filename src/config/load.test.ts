import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { defaultSources, loadConfig, redactConfig } from './load.js';

function tempFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'roundup-config-')), 'roundup.yaml');
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('runs on defaults when there is no file', () => {
    const config = loadConfig({ path: '/nonexistent/roundup.yaml', explicit: false, env: {} });
    expect(config.db).toBe('./data/roundup.db');
    expect(config.http.maxBodyBytes).toBe(15 * 1024 * 1024);
    expect(config.sources.map((s) => s.id)).toContain('hn-top');
    expect(config.sources.some((s) => s.kind === 'reddit')).toBe(true);
    expect(config.sources.filter((s) => s.kind === 'feed').length).toBeGreaterThanOrEqual(4);
  });

  it('refuses a file named on the command line that does not exist', () => {
    expect(() => loadConfig({ path: '/nonexistent/roundup.yaml', explicit: true, env: {} })).toThrow(
      ConfigError,
    );
  });

  it('lets the environment and --db override the file, in that order', () => {
    const path = tempFile('db: ./file.db\nreddit:\n  clientId: from-file\nsources: []\n');
    const env = {
      ROUNDUP_DB: './env.db',
      ROUNDUP_REDDIT_CLIENT_SECRET: 's3cret',
      ROUNDUP_HTTP_ALLOWED_RANGES: '10.0.0.0/8, fd00::/8',
    };
    expect(loadConfig({ path, explicit: true, env }).db).toBe('./env.db');
    const config = loadConfig({ path, explicit: true, env, db: 'postgres://u:pw@h/db' });
    expect(config.db).toBe('postgres://u:pw@h/db');
    expect(config.reddit.clientId).toBe('from-file');
    expect(config.http.allowedRanges).toEqual(['10.0.0.0/8', 'fd00::/8']);
    expect(config.sources).toEqual([]);
    const shown = redactConfig(config);
    expect(JSON.stringify(shown)).not.toMatch(/s3cret|:pw@/);
  });

  it('names the file, the line and the option that is wrong', () => {
    expect(() => loadConfig({ path: tempFile('http:\n  timeoutMs: -5\n'), explicit: true, env: {} })).toThrow(
      /http\.timeoutMs/,
    );
    expect(() => loadConfig({ path: tempFile('sources: [\n'), explicit: true, env: {} })).toThrow(/line \d+/);
    expect(() =>
      loadConfig({ path: tempFile('http:\n  allowedRanges: ["not-a-range"]\n'), explicit: true, env: {} }),
    ).toThrow(/CIDR/);
  });

  it('derives source ids and refuses two sources with one id', () => {
    const config = loadConfig({
      path: tempFile(
        'sources:\n  - { kind: feed, url: "https://www.example.com/rss.xml" }\n  - { kind: reddit, subreddit: Technology }\n',
      ),
      explicit: true,
      env: {},
    });
    expect(config.sources.map((s) => s.id)).toEqual(['feed-example-com-rss-xml', 'r-technology']);
    expect(() =>
      loadConfig({
        path: tempFile('sources:\n  - { kind: hn, list: top }\n  - { kind: hn, list: top }\n'),
        explicit: true,
        env: {},
      }),
    ).toThrow(/two sources have the id "hn-top"/);
  });

  it('keeps the default sources valid', () => {
    expect(defaultSources().length).toBeGreaterThan(5);
  });
});
