/**
 * Import throughput against the raw cost of the same input.
 *
 *   npx tsx bench/import.bench.ts [--items N] [--repeat R]      (npm run bench)
 *
 * Generates N realistic Hacker News Firebase items and N Pushshift-style Reddit comments as NDJSON
 * (and the comments again as .zst when the zstd tool is installed) under bench/.work/, then runs
 * each case in its own process so peak memory is its own:
 * - baseline: stream the file line by line (node:readline), JSON.parse, and a bare better-sqlite3
 *   prepared INSERT of (id, text) in one transaction;
 * - import: the `roundup import FILE --json` command as users run it, from the build (`npm run
 *   build` first; bench/lib/import-child.mjs, no TypeScript loader in its process), into a fresh
 *   roundup SQLite store (parsers, upserts in batches, tree resolution).
 * With --repeat R, the two run in turns R times and the fastest run of each counts (peak memory:
 * the largest): on a busy machine one run of either can be slowed by half.
 * Targets: import ≥ 50% of the baseline's items/s, peak RSS < 300 MB.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { Decompress } from 'fzstd';
import { countFlag } from './lib/args.js';
import { createRandom } from './lib/generate.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const workDir = join(here, '.work');
const self = fileURLToPath(import.meta.url);

interface CaseResult {
  items: number;
  seconds: number;
  peakRssMb: number;
  /** Largest V8 heap in use seen by a 100 ms sampler (live objects plus garbage not yet collected). */
  peakHeapMb: number;
}

let peakHeapBytes = 0;
function sampleHeap(): NodeJS.Timeout {
  const timer = setInterval(() => {
    peakHeapBytes = Math.max(peakHeapBytes, process.memoryUsage().heapUsed);
  }, 100);
  timer.unref();
  return timer;
}

async function main(): Promise<void> {
  const items = countFlag(args, 'items', 1_000_000);
  const repeat = countFlag(args, 'repeat', 1);
  mkdirSync(workDir, { recursive: true });

  const hnFile = join(workDir, `hn-items-${items}.ndjson`);
  const redditFile = join(workDir, `reddit-comments-${items}.ndjson`);
  if (!existsSync(hnFile)) timed(`generating ${hnFile}`, () => writeLines(hnFile, items, hnItem));
  if (!existsSync(redditFile))
    timed(`generating ${redditFile}`, () => writeLines(redditFile, items, redditComment));
  const files: Array<{ name: string; path: string }> = [
    { name: 'HN Firebase items, NDJSON', path: hnFile },
    { name: 'Reddit comments, NDJSON', path: redditFile },
  ];
  const zstFile = `${redditFile}.zst`;
  if (hasZstd()) {
    if (!existsSync(zstFile))
      timed(`compressing ${zstFile}`, () =>
        execFileSync('zstd', ['-q', '-f', '-3', '-T0', redditFile, '-o', zstFile]),
      );
    files.push({ name: 'Reddit comments, NDJSON .zst', path: zstFile });
  } else {
    console.info(
      'bench: the zstd tool is not installed, so the .zst case is skipped (install zstd to run it)',
    );
  }

  const rows: string[][] = [];
  const loadBefore = loadavg()[0] as number;
  for (const { name, path } of files) {
    const sizeMb = (statSync(path).size / 1024 ** 2).toFixed(0);
    const baselines: CaseResult[] = [];
    const imports: CaseResult[] = [];
    for (let run = 0; run < repeat; run++) {
      baselines.push(runChild('baseline', path));
      imports.push(runChild('import', path));
    }
    const baseline = best(baselines);
    const imported = best(imports);
    const rate = (r: CaseResult) => r.items / r.seconds;
    rows.push(row(`${name} (${sizeMb} MB): baseline`, baseline, rate(baseline), 100));
    rows.push(
      row(
        `${name} (${sizeMb} MB): import`,
        imported,
        rate(imported),
        (rate(imported) / rate(baseline)) * 100,
      ),
    );
  }
  printTable(['case', 'items', 'seconds', 'items/s', '% of baseline', 'peak RSS MB', 'peak heap MB'], rows);
  console.info(
    `${repeat === 1 ? 'one run each' : `fastest of ${repeat} runs each`}; load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] as number).toFixed(1)} after (${availableParallelism()} cores)`,
  );
  console.info('targets: import ≥ 50% of baseline items/s, peak RSS < 300 MB');
}

/** The fastest run, with the largest peaks of all runs. */
function best(results: CaseResult[]): CaseResult {
  const fastest = results.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return {
    ...fastest,
    peakRssMb: Math.max(...results.map((r) => r.peakRssMb)),
    peakHeapMb: Math.max(...results.map((r) => r.peakHeapMb)),
  };
}

function row(name: string, result: CaseResult, rate: number, percent: number): string[] {
  return [
    name,
    result.items.toLocaleString('en-US'),
    result.seconds.toFixed(1),
    Math.round(rate).toLocaleString('en-US'),
    `${percent.toFixed(0)}%`,
    result.peakRssMb.toFixed(0),
    result.peakHeapMb.toFixed(0),
  ];
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

function runChild(mode: 'baseline' | 'import', file: string): CaseResult {
  const database = join(workDir, `${mode}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${database}${suffix}`, { force: true });
  // The import case runs the built command (bench/lib/import-child.mjs), the baseline this file.
  const command =
    mode === 'import'
      ? [join(here, 'lib/import-child.mjs'), file, database]
      : ['--import', 'tsx', self, '--child', mode, file, database];
  const child = spawnSync(process.execPath, command, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`bench: the ${mode} run of ${file} failed (exit ${child.status})`);
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as CaseResult;
  console.info(
    `${mode.padEnd(8)} ${file}: ${result.items} items in ${result.seconds.toFixed(1)} s, peak ${result.peakRssMb.toFixed(0)} MB`,
  );
  return result;
}

function peaks(): { peakRssMb: number; peakHeapMb: number } {
  // maxRSS is in kilobytes.
  return { peakRssMb: process.resourceUsage().maxRSS / 1024, peakHeapMb: peakHeapBytes / 1024 ** 2 };
}

async function runBaseline(file: string, database: string): Promise<CaseResult> {
  const started = performance.now();
  const db = new SqliteDatabase(database);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE items (id TEXT PRIMARY KEY, text TEXT)');
  const insert = db.prepare('INSERT OR REPLACE INTO items (id, text) VALUES (?, ?)');
  let items = 0;
  db.exec('BEGIN');
  const lines = createInterface({ input: openDecompressed(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line === '') continue;
    const value = JSON.parse(line) as { id: number | string; text?: string; body?: string };
    insert.run(String(value.id), value.text ?? value.body ?? '');
    items++;
  }
  db.exec('COMMIT');
  db.close();
  return { items, seconds: (performance.now() - started) / 1000, ...peaks() };
}

/** The baseline reads .zst with the same decoder as the import (fzstd), in the same small pieces. */
function openDecompressed(file: string): Readable {
  const raw = createReadStream(file, { highWaterMark: 256 * 1024 });
  if (!file.endsWith('.zst')) return raw;
  async function* decode() {
    const out: Buffer[] = [];
    const decoder = new Decompress((data) => {
      if (data.length > 0) out.push(Buffer.from(data));
    });
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      for (let i = 0; i < chunk.length; i += 1024) {
        decoder.push(chunk.subarray(i, i + 1024));
        while (out.length > 0) yield out.shift() as Buffer;
      }
    }
    decoder.push(new Uint8Array(0), true);
    while (out.length > 0) yield out.shift() as Buffer;
  }
  return Readable.from(decode());
}

// ---- synthetic data -------------------------------------------------------------------------

const WORDS = (
  'the a of to and in is it that for on with as was this but be are not have you they at from by an ' +
  'compute model data chip fab billion investment market shares grid cable policy open source ' +
  'latency database kernel memory cache rust typescript python benchmark startup funding regulator ' +
  'partners contract energy nuclear wind battery supply chain europe china india layoffs hiring ' +
  'I think actually probably however because although therefore which would could should'
).split(' ');
const ENTITIES = ['&#x27;', '&quot;', '&amp;', '&gt;', '&lt;', '&#x2F;'];

function sentenceText(random: () => number, minChars: number, maxChars: number, html: boolean): string {
  const target = minChars + Math.floor(random() * (maxChars - minChars));
  const parts: string[] = [];
  let length = 0;
  while (length < target) {
    let word = WORDS[Math.floor(random() * WORDS.length)] as string;
    const roll = random();
    if (html && roll < 0.04) word = `${word}${ENTITIES[Math.floor(random() * ENTITIES.length)]}s`;
    else if (html && roll < 0.05)
      word = `<a href="https:&#x2F;&#x2F;example.com&#x2F;${length}" rel="nofollow">${word}</a>`;
    else if (html && roll < 0.06) word = `<i>${word}</i>`;
    else if (roll < 0.07) word = `${word}.${html ? '<p>' : '\n\n'}`;
    parts.push(word);
    length += word.length + 1;
  }
  return parts.join(' ');
}

type Generator = (index: number, random: () => number, state: GeneratorState) => string;
interface GeneratorState {
  story: number;
  thread: number[];
}

/** 5% stories (title, url or text), 95% comments answering the story or a comment of its thread. */
function hnItem(index: number, random: () => number, state: GeneratorState): string {
  const id = 30_000_000 + index;
  const time = 1_640_000_000 + index * 3;
  const by = `user${Math.floor(random() * 50_000)}`;
  if (index === 0 || random() < 0.05) {
    state.story = id;
    state.thread = [];
    const withUrl = random() < 0.8;
    return JSON.stringify({
      by,
      descendants: Math.floor(random() * 300),
      id,
      kids: [id + 1, id + 2, id + 5],
      score: Math.floor(random() * 1_000),
      time,
      title: sentenceText(random, 20, 80, false),
      type: 'story',
      ...(withUrl
        ? { url: `https://news.example.com/${id}/article-title` }
        : { text: sentenceText(random, 50, 600, true) }),
    });
  }
  const parent =
    state.thread.length > 0 && random() < 0.7
      ? (state.thread[Math.floor(random() * state.thread.length)] as number)
      : state.story;
  state.thread.push(id);
  if (state.thread.length > 200) state.thread.shift();
  if (random() < 0.02) return JSON.stringify({ deleted: true, id, parent, time, type: 'comment' });
  return JSON.stringify({
    by,
    id,
    ...(random() < 0.3 ? { kids: [id + 3] } : {}),
    parent,
    text: sentenceText(random, 50, 600, true),
    time,
    type: 'comment',
  });
}

const SUBREDDITS = ['technology', 'artificial', 'business', 'worldnews', 'programming', 'investing'];

/** A Pushshift / Arctic Shift comment row with the fields those dumps carry. */
function redditComment(index: number, random: () => number, state: GeneratorState): string {
  const id = (50_000_000 + index).toString(36);
  if (index === 0 || random() < 0.01) {
    state.story = 10_000_000 + index;
    state.thread = [];
  }
  const link = state.story.toString(36);
  const parent =
    state.thread.length > 0 && random() < 0.6
      ? `t1_${state.thread[Math.floor(random() * state.thread.length)]?.toString(36)}`
      : `t3_${link}`;
  state.thread.push(50_000_000 + index);
  if (state.thread.length > 200) state.thread.shift();
  const subreddit = SUBREDDITS[Math.floor(random() * SUBREDDITS.length)] as string;
  const deleted = random() < 0.03;
  return JSON.stringify({
    all_awardings: [],
    archived: false,
    author: deleted ? '[deleted]' : `redditor_${Math.floor(random() * 80_000)}`,
    author_flair_css_class: null,
    author_flair_text: null,
    body: deleted ? '[deleted]' : sentenceText(random, 50, 600, false),
    can_gild: true,
    controversiality: 0,
    created_utc: 1_640_000_000 + index * 2,
    distinguished: null,
    edited: false,
    gilded: 0,
    id,
    is_submitter: random() < 0.05,
    link_id: `t3_${link}`,
    locked: false,
    no_follow: true,
    parent_id: parent,
    permalink: `/r/${subreddit}/comments/${link}/title/${id}/`,
    retrieved_on: 1_650_000_000,
    score: Math.floor(random() * 500) - 10,
    send_replies: true,
    stickied: false,
    subreddit,
    subreddit_id: `t5_${(2_000 + SUBREDDITS.indexOf(subreddit)).toString(36)}`,
    total_awards_received: 0,
  });
}

function writeLines(path: string, count: number, generate: Generator): void {
  const random = createRandom(20_261_126);
  const state: GeneratorState = { story: 0, thread: [] };
  const fd = openSync(path, 'w');
  try {
    let buffer: string[] = [];
    let size = 0;
    for (let index = 0; index < count; index++) {
      const line = generate(index, random, state);
      buffer.push(line);
      size += line.length + 1;
      if (size > 4 * 1024 * 1024) {
        writeSync(fd, `${buffer.join('\n')}\n`);
        buffer = [];
        size = 0;
      }
    }
    if (buffer.length > 0) writeSync(fd, `${buffer.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
}

function hasZstd(): boolean {
  try {
    execFileSync('zstd', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function timed(label: string, action: () => unknown): void {
  const started = performance.now();
  action();
  console.info(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// Entry point last: the constants above must be initialised before it runs.
const args = process.argv.slice(2);
if (args[0] === '--child') {
  // Only the baseline runs here; the import case is bench/lib/import-child.mjs.
  const [, , file, database] = args;
  sampleHeap();
  const result = await runBaseline(file as string, database as string);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} else {
  await main();
}
