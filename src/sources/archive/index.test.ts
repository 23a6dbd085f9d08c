import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock, Log } from '../../log.js';
import { listIngestLog, type Store } from '../../store/index.js';
import { dialects } from '../../test-support/stores.js';
import { BATCH_ROWS, type ImportDeps, importFiles, MAX_REPORTED_BAD_LINES } from './index.js';
import { createProgressBar } from './progress.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const fixture = (name: string) => join(fixtures, name);
const evalDir = resolve(fileURLToPath(new URL('../../../../shared/eval/', import.meta.url)));
const hnDir = join(evalDir, 'hn');
const redditDir = join(evalDir, 'reddit', 'praw_cassettes');
if (!existsSync(hnDir) || !existsSync(redditDir)) {
  console.info(`archive tests: real captures not found under ${evalDir}; those cases are skipped`);
}

/**
 * `items` Firebase items over several read chunks and batches: a story, then 49 replies each to
 * the one before; after every 1,000th item a broken line. Returns the lines of the broken ones.
 */
function writeManyItems(path: string, items: number): number[] {
  const lines: string[] = [];
  const broken: number[] = [];
  const filler = 'lorem ipsum dolor sit amet '.repeat(8);
  for (let id = 1; id <= items; id++) {
    const time = 1_700_000_000 + id;
    lines.push(
      id % 50 === 1
        ? JSON.stringify({
            by: 'a',
            descendants: 49,
            id,
            score: 1,
            time,
            title: `Story ${id}`,
            type: 'story',
          })
        : JSON.stringify({
            by: 'b',
            id,
            parent: id - 1,
            text: `Reply ${id}: ${filler}`,
            time,
            type: 'comment',
          }),
    );
    if (id % 1_000 === 0) {
      lines.push('{"broken":');
      broken.push(lines.length);
    }
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return broken;
}

const NOW = Date.UTC(2026, 10, 26, 9);
const clock: Clock = { now: () => NOW };
const GiB = 1024 ** 3;

const tmp = mkdtempSync(join(tmpdir(), 'roundup-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface LogLine {
  level: string;
  fields: object;
  message: string;
}

function createMemoryLog(lines: LogLine[] = [], bound: object = {}): Log & { lines: LogLine[] } {
  const at =
    (level: string) =>
    (fields: object, message: string): void => {
      lines.push({ level, fields: { ...bound, ...fields }, message });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => createMemoryLog(lines, { ...bound, ...fields }),
  };
}

async function tableRows(store: Store) {
  const posts = await store.db
    .selectFrom('posts')
    .select([
      'id',
      'community',
      'title',
      'text',
      'url',
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

for (const dialect of dialects) {
  describe(`importFiles on ${dialect.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let log: ReturnType<typeof createMemoryLog>;
    let deps: ImportDeps;

    beforeEach(async () => {
      ({ store, dispose } = await dialect.open());
      log = createMemoryLog();
      deps = { store, log, clock, maxDecompressedBytes: 4 * GiB };
    });
    afterEach(async () => {
      await dispose();
    });

    it('imports Firebase items and places comments that came before their posts', async () => {
      const summary = await importFiles(deps, [fixture('hn-items.ndjson')]);
      expect(summary).toMatchObject({ posts: 3, comments: 3, skipped: 1, errors: [] });
      expect(summary.files).toEqual([
        {
          file: fixture('hn-items.ndjson'),
          format: 'hn-firebase ndjson',
          posts: 3,
          comments: 3,
          skipped: 1,
          failed: false,
        },
      ]);
      const { posts, comments } = await tableRows(store);
      expect(posts.map((p) => p.id)).toEqual(['hn:9001', 'hn:9010', 'hn:9020']);
      expect(comments).toMatchObject([
        { id: 'hn:9002', post_id: 'hn:9001', parent_id: null, depth: 0 },
        {
          id: 'hn:9003',
          post_id: 'hn:9001',
          parent_id: 'hn:9002',
          depth: 1,
          text: 'Agreed – the "cold start" path matters more.',
        },
        { id: 'hn:9004', post_id: 'hn:9001', parent_id: null, depth: 0, deleted: 1, text: '' },
      ]);
    });

    it('reports bad lines with their line numbers and imports the good ones', async () => {
      const summary = await importFiles(deps, [fixture('hn-items-bad.ndjson')]);
      const file = fixture('hn-items-bad.ndjson');
      expect(summary.errors.map((e) => [e.file, e.line])).toEqual([
        [file, 2],
        [file, 4],
        [file, 5],
        [file, 6],
        [file, 8],
      ]);
      expect(summary.errors[0]?.message).toMatch(/^archive: invalid JSON/);
      expect(summary.errors[1]?.message).toBe('archive: not a known record (a number)');
      expect(summary.errors[4]?.message).toMatch(/^hn: Firebase item 9104 has no time/);
      expect(summary).toMatchObject({ posts: 1, comments: 2, skipped: 5 });
      expect(summary.files[0]?.failed).toBe(false);
      const { comments } = await tableRows(store);
      expect(comments.map((c) => [c.id, c.post_id, c.depth])).toEqual([
        ['hn:9103', 'hn:9101', 0],
        ['hn:9105', 'hn:9101', 1],
      ]);
      const logged = await listIngestLog(store.db, { subject: file });
      expect(
        logged
          .filter((e) => e.status === 'bad-line')
          .map((e) => e.line)
          .sort(),
      ).toEqual([2, 4, 5, 6, 8]);
      expect(logged.find((e) => e.status === 'ok')).toMatchObject({ posts: 1, comments: 2 });
    });

    it('reads CRLF line ends', async () => {
      const summary = await importFiles(deps, [fixture('hn-items-crlf.ndjson')]);
      expect(summary).toMatchObject({ posts: 1, comments: 1, skipped: 0, errors: [] });
    });

    it('decompresses gzip and zstd by content, whatever the name says', async () => {
      const gz = join(tmp, `lying-name-${dialect.name}.json`);
      writeFileSync(gz, gzipSync(readFileSync(fixture('hn-items.ndjson'))));
      const zst = join(tmp, `lying-name-${dialect.name}.txt`);
      copyFileSync(fixture('hn-items.ndjson.zst'), zst);
      const summary = await importFiles(deps, [gz]);
      expect(summary.files[0]).toMatchObject({ format: 'hn-firebase ndjson (gzip)', posts: 3, comments: 3 });
      const expected = await tableRows(store);
      const again = await importFiles(deps, [zst]);
      expect(again.files[0]).toMatchObject({
        format: 'hn-firebase ndjson (zstd)',
        posts: 0,
        comments: 0,
        skipped: 1,
      });
      expect(await tableRows(store)).toEqual(expected);
    });

    it('imports the same file again without duplicates and reports nothing written', async () => {
      const files = [
        fixture('hn-items.ndjson'),
        fixture('reddit-comments.ndjson'),
        fixture('algolia-item.json'),
      ];
      const first = await importFiles(deps, files);
      expect(first).toMatchObject({ posts: 4, comments: 8 });
      const rows = await tableRows(store);
      const second = await importFiles(deps, files);
      expect(second).toMatchObject({ posts: 0, comments: 0, skipped: 1, errors: [] });
      expect(await tableRows(store)).toEqual(rows);
      const progress = await store.db.selectFrom('import_files').selectAll().orderBy('path').execute();
      expect(progress.map((p) => [p.path, Number(p.lines_done), p.completed])).toEqual([
        [fixture('algolia-item.json'), 23, 1],
        [fixture('hn-items.ndjson'), 8, 1],
        [fixture('reddit-comments.ndjson'), 3, 1],
      ]);
      expect(log.lines.some((l) => l.message.startsWith('archive file imported before'))).toBe(true);
    });

    it('says so when an earlier run stopped part-way', async () => {
      await store.db
        .insertInto('import_files')
        .values({
          path: fixture('hn-items.ndjson'),
          size: 1,
          mtime_ms: 1,
          lines_done: 3,
          completed: 0,
          updated_at: 1,
        })
        .execute();
      await importFiles(deps, [fixture('hn-items.ndjson')]);
      const resuming = log.lines.find((l) => l.message.startsWith('archive import resuming'));
      expect(resuming?.fields).toMatchObject({
        linesDone: 3,
        unchanged: false,
        file: fixture('hn-items.ndjson'),
      });
    });

    it('imports Reddit archive rows, API things and resolves depths', async () => {
      const summary = await importFiles(deps, [
        fixture('reddit-comments.ndjson'),
        fixture('reddit-submissions.ndjson'),
        fixture('reddit-things.ndjson'),
      ]);
      expect(summary).toMatchObject({ posts: 4, comments: 4, skipped: 0, errors: [] });
      expect(summary.files.map((f) => f.format)).toEqual([
        'reddit-comment ndjson',
        'reddit-submission ndjson',
        'reddit-thing ndjson',
      ]);
      const { posts, comments } = await tableRows(store);
      expect(posts.find((p) => p.id === 'reddit:t3_abc14')).toMatchObject({ deleted: 1, text: '' });
      expect(comments.map((c) => [c.id, c.parent_id, c.depth, c.deleted])).toEqual([
        ['reddit:t1_c1', null, 0, 0],
        ['reddit:t1_c2', 'reddit:t1_c1', 1, 0],
        ['reddit:t1_c3', 'reddit:t1_c2', 2, 1],
        ['reddit:t1_d1', null, 0, 0],
      ]);
    });

    it('reads feeds and pretty-printed JSON whole', async () => {
      const summary = await importFiles(deps, [
        fixture('feed-rss.txt'),
        fixture('feed.json'),
        fixture('algolia-item.json'),
      ]);
      expect(summary.errors).toEqual([]);
      expect(summary.files.map((f) => [f.format, f.posts, f.comments])).toEqual([
        ['feed xml', 2, 0],
        ['json-feed json', 1, 0],
        ['hn-algolia-item json', 1, 2],
      ]);
      const { posts } = await tableRows(store);
      expect(posts.filter((p) => p.community === 'Baltic Wire').map((p) => p.title)).toEqual(
        expect.arrayContaining(['Nordwind to invest €4bn in Baltic grid link', 'PSG shares rise 6%']),
      );
      expect(posts.find((p) => p.title === 'Cables under the Baltic')).toMatchObject({
        community: 'Grid Notes',
      });
    });

    it('reports a missing file, marks it failed and imports the others', async () => {
      const missing = join(tmp, 'does-not-exist.ndjson');
      const summary = await importFiles(deps, [missing, fixture('hn-items.ndjson')]);
      expect(summary.errors).toEqual([
        { file: missing, line: null, message: expect.stringMatching(/^archive: unable to read .*ENOENT/) },
      ]);
      expect(summary.files.map((f) => [f.failed, f.format])).toEqual([
        [true, 'unknown'],
        [false, 'hn-firebase ndjson'],
      ]);
      expect(summary.posts).toBe(3);
    });

    it('stops a compression bomb at the cap, keeps the rows read before it, and goes on', async () => {
      const good = readFileSync(fixture('hn-items.ndjson'));
      const bomb = join(tmp, `bomb-${dialect.name}.ndjson.gz`);
      // Good lines, then 64 MiB of blank lines: compresses to ~64 KiB.
      writeFileSync(bomb, gzipSync(Buffer.concat([good, Buffer.alloc(64 * 1024 * 1024, 10)])));
      const zeros = join(tmp, `zeros-${dialect.name}.gz`);
      writeFileSync(zeros, gzipSync(Buffer.alloc(64 * 1024 * 1024)));
      const summary = await importFiles({ ...deps, maxDecompressedBytes: 1024 * 1024 }, [
        bomb,
        zeros,
        fixture('reddit-comments.ndjson'),
      ]);
      expect(summary.errors).toEqual([
        {
          file: bomb,
          line: null,
          message: `archive: ${bomb}: decompressed size passes the 1 MiB cap (import.maxDecompressedBytes)`,
        },
        {
          file: zeros,
          line: null,
          message: `archive: ${zeros}: decompressed size passes the 1 MiB cap (import.maxDecompressedBytes)`,
        },
      ]);
      expect(summary.files.map((f) => [f.posts, f.comments, f.failed])).toEqual([
        [3, 3, false],
        [0, 0, true],
        [0, 3, false],
      ]);
      const progress = await store.db
        .selectFrom('import_files')
        .selectAll()
        .where('path', '=', bomb)
        .executeTakeFirst();
      expect(progress?.completed).toBe(0);
    });

    it('fails a file of an unknown format, an empty file is no error', async () => {
      const csv = join(tmp, 'items.csv');
      writeFileSync(csv, 'id,title\n1,hello\n');
      const empty = join(tmp, 'empty.ndjson');
      writeFileSync(empty, '\n\n');
      const summary = await importFiles(deps, [csv, empty]);
      expect(summary.errors).toEqual([
        {
          file: csv,
          line: null,
          message: expect.stringMatching(/^archive: .*items\.csv is not a format roundup imports/),
        },
      ]);
      expect(summary.files.map((f) => [f.format, f.failed])).toEqual([
        ['unknown', true],
        ['empty', false],
      ]);
    });

    it('fails a broken JSON document as a whole', async () => {
      const broken = join(tmp, 'broken.json');
      writeFileSync(broken, '{\n  "kind": "Listing",\n  "data": {\n');
      const summary = await importFiles(deps, [broken]);
      expect(summary.files[0]?.failed).toBe(true);
      expect(summary.errors[0]?.message).toMatch(/^archive: .*broken\.json: archive: invalid JSON/);
    });

    it('reports a line over 16 MiB as a bad line without holding it', async () => {
      const path = join(tmp, 'long-line.ndjson');
      const lines = readFileSync(fixture('hn-items.ndjson'), 'utf8').split('\n');
      writeFileSync(path, [lines[1], `{"text":"${'x'.repeat(17 * 1024 * 1024)}"}`, lines[2]].join('\n'));
      const summary = await importFiles(deps, [path]);
      expect(summary.errors).toEqual([{ file: path, line: 2, message: 'archive: line longer than 16 MiB' }]);
      expect(summary).toMatchObject({ posts: 1, comments: 1, skipped: 1 });
    });

    it('keeps the last copy of an item named twice in one batch', async () => {
      const path = join(tmp, `twice-${dialect.name}.ndjson`);
      const story = { by: 'a', descendants: 0, id: 77, score: 1, time: 1_700_000_000, type: 'story' };
      writeFileSync(
        path,
        `${JSON.stringify({ ...story, title: 'First title' })}\n${JSON.stringify({ ...story, title: 'Second title', score: 5 })}\n`,
      );
      const summary = await importFiles(deps, [path]);
      expect(summary).toMatchObject({ posts: 1, comments: 0, errors: [] });
      const { posts } = await tableRows(store);
      expect(posts).toMatchObject([{ id: 'hn:77', title: 'Second title', score: 5 }]);
    });

    it('writes a file of many batches whole: rows, tree, bad lines and progress', async () => {
      const path = join(tmp, `many-batches-${dialect.name}.ndjson`);
      const items = 5 * BATCH_ROWS + 321;
      const broken = writeManyItems(path, items);
      const summary = await importFiles(deps, [path]);
      const posts = Math.ceil(items / 50);
      expect(summary).toMatchObject({ posts, comments: items - posts, skipped: broken.length });
      expect(summary.errors.map((e) => e.line)).toEqual(broken);
      const { comments } = await tableRows(store);
      expect(comments).toHaveLength(items - posts);
      expect(comments.filter((c) => c.post_id === null || c.depth === null)).toEqual([]);
      expect(comments.find((c) => c.id === 'hn:50')).toMatchObject({ post_id: 'hn:1', depth: 48 });
      const logged = await listIngestLog(store.db, { subject: path, limit: 100 });
      expect(
        logged
          .filter((e) => e.status === 'bad-line')
          .map((e) => e.line)
          .sort((a, b) => (a ?? 0) - (b ?? 0)),
      ).toEqual(broken);
      const progress = await store.db.selectFrom('import_files').selectAll().executeTakeFirstOrThrow();
      expect([Number(progress.lines_done), progress.completed]).toEqual([items + broken.length, 1]);
      const again = await importFiles(deps, [path]);
      expect(again).toMatchObject({ posts: 0, comments: 0, skipped: broken.length });
    });

    // Mid-file, the refusal is seen when the next batch is handed over; at the end, after reading.
    for (const refused of [1_700, 3 * BATCH_ROWS]) {
      it.runIf(dialect.name === 'sqlite')(
        `reports a batch the store refuses (item ${refused} of ${3 * BATCH_ROWS}), keeps the other batches and goes on`,
        async () => {
          const path = join(tmp, `refused-batch-${refused}.ndjson`);
          const items = 3 * BATCH_ROWS;
          writeManyItems(path, items);
          // A literal id: SQLite triggers take no bound parameters.
          await sql`CREATE TRIGGER refuse BEFORE INSERT ON comments WHEN NEW.id = ${sql.lit(`hn:${refused}`)}
            BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`.execute(store.db);
          const summary = await importFiles(deps, [path, fixture('reddit-comments.ndjson')]);
          expect(summary.errors.filter((e) => e.line === null)).toEqual([
            {
              file: path,
              line: null,
              message: `archive: unable to store rows of ${path} (store: unable to write a batch (refused by the test))`,
            },
          ]);
          expect(summary.files.map((f) => f.failed)).toEqual([false, false]);
          expect(summary.files[1]).toMatchObject({ comments: 3 });
          // What is missing is one run of items: the refused batch, rolled back whole.
          const { posts, comments } = await tableRows(store);
          const stored = new Set([...posts, ...comments].map((row) => row.id));
          const missing = Array.from({ length: items }, (_, i) => i + 1).filter(
            (id) => !stored.has(`hn:${id}`),
          );
          expect(missing).toContain(refused);
          expect(missing.length).toBeLessThan(items);
          expect(missing).toEqual(
            Array.from({ length: missing.length }, (_, i) => (missing[0] as number) + i),
          );
          expect(summary.files[0]?.comments).toBe(comments.filter((c) => c.id.startsWith('hn:')).length);
        },
      );
    }

    it('lists the first bad lines and counts the rest', async () => {
      const path = join(tmp, 'many-bad.ndjson');
      writeFileSync(
        path,
        `${readFileSync(fixture('hn-items.ndjson'), 'utf8')}${'{"x":1}\n'.repeat(MAX_REPORTED_BAD_LINES + 200)}`,
      );
      const summary = await importFiles(deps, [path]);
      expect(summary.skipped).toBe(MAX_REPORTED_BAD_LINES + 200 + 1);
      expect(summary.errors).toHaveLength(MAX_REPORTED_BAD_LINES + 1);
      expect(summary.errors.at(-1)).toEqual({
        file: path,
        line: null,
        message: `archive: ${path}: 200 more bad lines not listed`,
      });
      const logged = await listIngestLog(store.db, { subject: path, limit: 5_000 });
      expect(logged.filter((e) => e.status === 'bad-line')).toHaveLength(MAX_REPORTED_BAD_LINES);
    });

    describe.skipIf(!existsSync(hnDir))('real Hacker News captures', () => {
      it('imports the 2014 Algolia recordings: search hits and an item tree, users skipped', async () => {
        const path = join(hnDir, 'algolia_api_v1_fixtures_2014.json');
        const records = JSON.parse(readFileSync(path, 'utf8')) as Array<{
          url: string;
          reply: { hits?: Array<{ objectID: string; _tags: string[] }> };
        }>;
        const hits = records.flatMap((r) => r.reply.hits ?? []);
        const commentIds = new Set(
          hits.filter((h) => h._tags.includes('comment')).map((h) => `hn:${h.objectID}`),
        );
        const postIds = new Set(
          hits
            .filter((h) => ['story', 'poll', 'job'].some((t) => h._tags.includes(t)))
            .map((h) => `hn:${h.objectID}`),
        );
        const summary = await importFiles(deps, [path]);
        expect(summary.errors).toEqual([]);
        expect(summary.skipped).toBe(1);
        const { posts, comments } = await tableRows(store);
        // items/17 adds pg's comment and its two replies to the comment hits.
        expect(posts.map((p) => p.id).sort()).toEqual([...postIds].sort());
        expect(comments.length).toBe(
          new Set([
            ...commentIds,
            'hn:17',
            ...comments.filter((c) => c.parent_id === 'hn:17').map((c) => c.id),
          ]).size,
        );
        expect(comments.filter((c) => c.parent_id === 'hn:17')).toHaveLength(2);
        expect(summary.posts).toBe(posts.length);
      });

      it('imports the Firebase README examples and skips users, maxitem, updates and poll options', async () => {
        const dir = join(hnDir, 'firebase_api_readme_examples');
        const files = readdirSync(dir)
          .filter((name) => name.endsWith('.json'))
          .map((name) => join(dir, name));
        const summary = await importFiles(deps, files);
        expect(summary).toMatchObject({ posts: 4, comments: 1, skipped: 4, errors: [] });
        const { posts, comments } = await tableRows(store);
        expect(posts.map((p) => p.id)).toEqual(['hn:121003', 'hn:126809', 'hn:192327', 'hn:8863']);
        expect(posts.find((p) => p.id === 'hn:8863')).toMatchObject({
          title: 'My YC app: Dropbox - Throw away your USB drive',
          comment_count: 71,
        });
        expect(comments).toMatchObject([{ id: 'hn:2921983', post_id: null, parent_id: 'hn:2921506' }]);
      });
    });

    describe.skipIf(!existsSync(redditDir))('real Reddit captures', () => {
      it('imports listings and threads, and the expanded thread has all its 1,425 comments', async () => {
        const files = readdirSync(redditDir)
          .filter((name) => name !== 'MANIFEST.json')
          .map((name) => join(redditDir, name));
        const summary = await importFiles(deps, files);
        expect(summary.errors).toEqual([]);
        expect(summary.files.every((f) => !f.failed)).toBe(true);
        const count = await store.db
          .selectFrom('comments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('post_id', '=', 'reddit:t3_n49rw')
          .executeTakeFirstOrThrow();
        expect(Number(count.n)).toBe(1425);
        const { posts, comments } = await tableRows(store);
        expect(comments.filter((c) => c.post_id === null || c.depth === null)).toEqual([]);
        expect(summary.comments).toBe(comments.length);
        // The same post in several listings, recorded at other times, is updated, not duplicated.
        const listed = new Set<string>();
        for (const name of files.filter((f) => f.endsWith('.json'))) {
          const json = JSON.parse(readFileSync(name, 'utf8')) as unknown;
          const listings = (Array.isArray(json) ? json.slice(0, 1) : [json]) as Array<{
            data: { children: Array<{ data: { id: string } }> };
          }>;
          for (const listing of listings)
            for (const child of listing.data.children) listed.add(`reddit:t3_${child.data.id}`);
        }
        expect(posts.map((p) => p.id).sort()).toEqual([...listed].sort());
        expect(summary.posts).toBeGreaterThanOrEqual(posts.length);
      });
    });
  });
}

describe('progress bar', () => {
  it('redraws one line in place at most every 200 ms and clears it when done', () => {
    let now = 0;
    const written: string[] = [];
    const bar = createProgressBar(
      { write: (text: string) => written.push(text), columns: 200 },
      { now: () => now },
    );
    const state = { file: 'items.ndjson', bytesRead: 50, size: 100, lines: 1234, rows: 1000 };
    bar.update(state);
    now = 100;
    bar.update({ ...state, bytesRead: 60 });
    now = 250;
    bar.update({ ...state, bytesRead: 100 });
    bar.done();
    expect(written).toHaveLength(3);
    expect(written[0]).toMatch(/^\ritems\.ndjson \[#{10}\.{10}\] {2}50% {2}1,234 lines {2}1,000 rows/);
    expect(written[1]).toMatch(/\[#{20}\] 100%/);
    expect(written[2]).toBe('\r\x1b[K');
  });
});
