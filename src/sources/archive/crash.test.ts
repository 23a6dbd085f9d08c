import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSilentLog } from '../../log.js';
import { createStore, type Store } from '../../store/index.js';
import { importFiles } from './index.js';

/**
 * The import is killed (SIGKILL, no chance to clean up) at several points of its progress, then run
 * again to the end: the database must hold exactly what a clean import gives. Kills are triggered by
 * observed progress (rows in the database), never by elapsed time; when the import is quicker than
 * the observation, that run simply completes and the test stays valid.
 */

const ITEMS = 30_000;
const runner = fileURLToPath(new URL('./__fixtures__/import-child.ts', import.meta.url));
const cwd = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'roundup-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Stories with threads of replies; every tenth block reversed so replies often come before their parents. */
function writeItems(path: string): void {
  const lines: string[] = [];
  let story = 0;
  const thread: number[] = [];
  for (let id = 1; id <= ITEMS; id++) {
    const time = 1_700_000_000 + id;
    if (id % 25 === 1) {
      story = id;
      thread.length = 0;
      lines.push(
        JSON.stringify({
          by: `u${id % 97}`,
          descendants: 24,
          id,
          score: id % 300,
          time,
          title: `Story ${id} &amp; more`,
          type: 'story',
          url: `https://example.com/${id}`,
        }),
      );
    } else {
      const parent = thread.length > 0 && id % 3 !== 0 ? (thread[(id * 7) % thread.length] as number) : story;
      thread.push(id);
      lines.push(
        JSON.stringify({
          by: `u${id % 89}`,
          id,
          parent,
          text: `Reply ${id}: it&#x27;s &quot;fine&quot;<p>second paragraph`,
          time,
          type: 'comment',
        }),
      );
    }
  }
  for (let start = 0; start < lines.length; start += 1_000) {
    if ((start / 1_000) % 10 === 3)
      lines.splice(start, 1_000, ...lines.slice(start, start + 1_000).reverse());
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

async function snapshot(store: Store) {
  const posts = await store.db
    .selectFrom('posts')
    .select([
      'id',
      'kind',
      'community',
      'title',
      'text',
      'html',
      'url',
      'dedup_key',
      'permalink',
      'author',
      'score',
      'comment_count',
      'published_at',
      'deleted',
    ])
    .orderBy('id')
    .execute();
  const comments = await store.db
    .selectFrom('comments')
    .select(['id', 'post_id', 'parent_id', 'author', 'text', 'score', 'published_at', 'depth', 'deleted'])
    .orderBy('id')
    .execute();
  return { posts, comments };
}

function runChild(
  database: string,
  file: string,
): {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', runner, database, file], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (done) => {
      child.on('exit', (code, signal) => done({ code, signal, stdout, stderr }));
    },
  );
  return { child, exit };
}

describe('an import killed part-way', () => {
  it('finishes on the next run with the same rows as a clean import, none twice', async () => {
    const file = join(dir, 'items.ndjson');
    writeItems(file);

    const cleanPath = join(dir, 'clean.db');
    const clean = await createStore(cleanPath);
    const cleanSummary = await importFiles(
      { store: clean, log: createSilentLog(), clock: { now: () => 1 }, maxDecompressedBytes: 1024 ** 3 },
      [file],
    );
    expect(cleanSummary.errors).toEqual([]);
    expect(cleanSummary.posts + cleanSummary.comments).toBe(ITEMS);
    const expected = await snapshot(clean);
    await clean.close();

    const crashedPath = join(dir, 'crashed.db');
    await (await createStore(crashedPath)).close();
    const reader = new SqliteDatabase(crashedPath);
    const rowCount = reader.prepare(
      'SELECT (SELECT count(*) FROM posts) + (SELECT count(*) FROM comments) AS n',
    );
    const count = () => (rowCount.get() as { n: number }).n;

    const killedAt: number[] = [];
    try {
      for (const threshold of [1, ITEMS * 0.3, ITEMS * 0.6, ITEMS * 0.9]) {
        const { child, exit } = runChild(crashedPath, file);
        let exited = false;
        void exit.then(() => {
          exited = true;
        });
        // Poll for progress; kill as soon as the threshold is seen.
        while (!exited) {
          if (count() >= threshold) {
            child.kill('SIGKILL');
            break;
          }
          await delay(5);
        }
        const result = await exit;
        if (result.signal === 'SIGKILL') killedAt.push(count());
        else expect(result, result.stderr).toMatchObject({ code: 0 });
      }
      console.info(
        `crash test: killed at ${killedAt.join(', ') || 'no point (each run finished first)'} rows of ${ITEMS}`,
      );

      const last = runChild(crashedPath, file);
      const result = await last.exit;
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout) as { errors: unknown[]; files: Array<{ failed: boolean }> };
      expect(summary.errors).toEqual([]);
      const duplicates = reader
        .prepare(
          'SELECT (SELECT count(*) - count(DISTINCT id) FROM posts) + (SELECT count(*) - count(DISTINCT id) FROM comments) AS n',
        )
        .get() as { n: number };
      expect(duplicates.n).toBe(0);
    } finally {
      reader.close();
    }

    const crashed = await createStore(crashedPath);
    try {
      const actual = await snapshot(crashed);
      expect(actual.posts.length).toBe(expected.posts.length);
      expect(actual.comments.length).toBe(expected.comments.length);
      expect(actual).toEqual(expected);
      expect(actual.comments.filter((c) => c.post_id === null || c.depth === null)).toEqual([]);
    } finally {
      await crashed.close();
    }
  }, 120_000);
});
