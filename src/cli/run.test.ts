import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('roundup run (the main job)', () => {
  it('serves the site with no network, says each source is unreachable, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roundup-run-'));
    const config = join(dir, 'roundup.yaml');
    writeFileSync(
      config,
      [
        'http: { retries: 0, perHostIntervalMs: 0 }',
        'sources:',
        '  - { kind: feed, id: offline-feed, url: "http://127.0.0.1:9/feed.xml" }',
      ].join('\n'),
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', main, 'run', '--port', '0', '--config', config, '--db', join(dir, 'run.db')],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ROUNDUP_LOG_LEVEL: 'silent' } },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The address is printed first; the first pass's report follows.
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /open (http:\/\/\S+)/.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
      child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    const front = await fetch(url);
    expect(front.status).toBe(200);
    expect(front.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    await new Promise<void>((resolve) => {
      const wait = () => (/offline-feed: unreachable/.test(stdout) ? resolve() : setTimeout(wait, 50));
      wait();
    });
    const sources = await (await fetch(`${url}sources`)).text();
    expect(sources).toContain('offline-feed');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/SIGTERM received/);
    expect(stderr).toMatch(/stopped/);
  });
});
