import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorMessage, RoundupError } from '../../errors.js';
import type { Clock, Log } from '../../log.js';
import type { Comment, Post } from '../../model.js';
import { type BatchRows, type BatchWriter, createBatchWriter } from '../../store/batch.js';
import {
  appendIngestLog,
  type IngestLogEntry,
  resolveCommentTree,
  type Store,
  type WriteCounts,
} from '../../store/index.js';
import { parseFeed } from '../feed/parse.js';
import { detectLayout, headIsEnough, type Layout, type RecordKind } from './detect.js';
import { isRecordList, parseJsonLine, parseRecord, type RecordContext, type RowSink } from './parse.js';
import { createProgressBar, type ProgressBar } from './progress.js';
import { formatBytes, LineSplitter, type OpenedArchive, openArchive, readRest } from './read.js';
import { RecentTree } from './tree.js';

/**
 * `roundup import <files…>`: archive dumps and recorded API responses into the store. NDJSON is
 * streamed (constant memory) and written in batches of one transaction each; whole documents (a
 * listing, a thread, a feed) are read whole under a cap. Re-running is safe at any point: every
 * write is an idempotent upsert, so an interrupted import is finished by importing the file again.
 */

export interface ImportDeps {
  store: Store;
  log: Log;
  clock: Clock;
  /** Decompressed bytes allowed per file (config `import.maxDecompressedBytes`). */
  maxDecompressedBytes: number;
  /** Draw a progress bar on stderr when stderr is a terminal. */
  progress?: boolean;
}

export interface ImportError {
  file: string;
  /** 1-based line of an NDJSON file; null for the file as a whole or a whole-document record. */
  line: number | null;
  message: string;
}

export interface FileSummary {
  file: string;
  /** What was found, e.g. `hn-firebase ndjson (gzip)`, `reddit-thread json`, `feed xml`. */
  format: string;
  posts: number;
  comments: number;
  skipped: number;
  /** Nothing could be read from it (missing, unreadable, unknown format, broken document). */
  failed: boolean;
}

export interface ImportSummary {
  /** Rows inserted or changed by this run (a re-import of the same data reports 0). */
  posts: number;
  comments: number;
  /** Records not imported: bad lines and records without content (users, poll options). */
  skipped: number;
  errors: ImportError[];
  files: FileSummary[];
}

/** The default of config `import.maxDecompressedBytes`: 4 GiB per file. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 4 * 1024 ** 3;

/** Rows per batch: one transaction each. */
export const BATCH_ROWS = 1_000;
/** How often the import_files row is brought up to date while a file is read. */
export const PROGRESS_EVERY_MS = 1_000;
/** A longer NDJSON line is reported as bad without being held in memory. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
/**
 * Whole documents become one string; V8 strings stop near 512 MiB, and a document that large
 * should be NDJSON anyway.
 */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
/** Bad lines listed per file (in the summary and the ingest log); the rest are only counted. */
export const MAX_REPORTED_BAD_LINES = 1_000;

export async function importFiles(deps: ImportDeps, files: string[]): Promise<ImportSummary> {
  const summary: ImportSummary = { posts: 0, comments: 0, skipped: 0, errors: [], files: [] };
  const bar = deps.progress && process.stderr.isTTY ? createProgressBar(process.stderr, deps.clock) : null;
  // Shared by the files of one run: a comments dump often follows its submissions dump.
  const tree = new RecentTree();
  const writer = await startWriter(deps);
  try {
    for (const file of files) {
      const run = new FileImport(deps, file, bar, tree, writer);
      const result = await run.execute();
      bar?.done();
      summary.posts += result.posts;
      summary.comments += result.comments;
      summary.skipped += result.skipped;
      summary.errors.push(...run.errors);
      summary.files.push(result);
    }
  } finally {
    await writer.close();
  }
  return summary;
}

/** The store's batch writer; writeBatch on the store's own connection when it cannot be had. */
async function startWriter(deps: ImportDeps): Promise<BatchWriter> {
  try {
    return await createBatchWriter(deps.store);
  } catch (error) {
    deps.log.warn({ error: errorMessage(error) }, 'archive import writes without a writer thread');
    return createBatchWriter(deps.store, { foreground: true });
  }
}

/** A batch being written, and what to record once it is committed. */
interface BatchInFlight {
  /** Settles with the counts, or with the failure: never rejects, so no rejection goes unhandled. */
  outcome: Promise<WriteCounts | Error>;
  /** Lines read when the batch was handed over: the progress it completes. */
  linesDone: number;
  /** Bad lines met up to then, logged once the batch is committed. */
  badLog: IngestLogEntry[];
  /** When it was handed to the writer (clock time). */
  handedAt: number;
}

/** Thrown inside a file's import to stop it with a message; never escapes importFiles. */
class FileAbort extends RoundupError {
  override readonly name = 'FileAbort';
}

/** One file's import: reads, parses and writes, and keeps its counts. */
class FileImport implements RowSink {
  readonly errors: ImportError[] = [];
  private readonly path: string;
  private readonly log: Log;
  private readonly context: RecordContext;
  /** The rows read since the last batch was handed to the writer. */
  private batch: BatchRows;
  private badLog: IngestLogEntry[] = [];
  private written = { posts: 0, comments: 0 };
  private skipped = 0;
  private badLines = 0;
  /** Rows parsed (written or not): zero when nothing could be read from the file. */
  private rowsParsed = 0;
  private linesDone = 0;
  private readonly kinds = new Set<RecordKind>();
  private layout: Layout | null = null;
  private archive: OpenedArchive | null = null;
  private readonly startedAt: number;
  private inFlight: BatchInFlight | null = null;
  private progressSavedAt: number | null = null;
  /** writeMs: time this thread spent writing, or waiting for the writer thread. */
  private readonly timing = { writeMs: 0, resolveMs: 0, resolveRounds: 0 };

  constructor(
    private readonly deps: ImportDeps,
    private readonly file: string,
    private readonly bar: ProgressBar | null,
    private readonly tree: RecentTree,
    private readonly writer: BatchWriter,
  ) {
    this.path = resolve(file);
    this.log = deps.log.child({ file });
    this.startedAt = deps.clock.now();
    this.context = { feedUrl: pathToFileURL(this.path).href, now: this.startedAt };
    this.batch = writer.createBatch(this.startedAt);
  }

  async execute(): Promise<FileSummary> {
    let failure: string | null = null;
    try {
      this.archive = await this.open();
      await this.noteEarlierRun();
      await this.readAll(this.archive);
    } catch (error) {
      failure = error instanceof FileAbort ? error.message : this.describeFailure(error);
    } finally {
      this.archive?.close();
    }
    const failed = failure !== null && this.rowsParsed === 0;
    try {
      // A batch still in flight: its failure is the file's, but costs no rows parsed after it.
      await this.settle();
    } catch (error) {
      failure ??= errorMessage(error);
    }
    try {
      // Rows parsed before a failure are good rows: keep them.
      await this.flush();
      if (this.archive) {
        await this.saveProgress(failure === null);
        // Also after a re-import that changed nothing: an earlier run may have been killed before it.
        const resolveStartedAt = this.deps.clock.now();
        const tree = await resolveCommentTree(this.deps.store.db);
        this.timing.resolveMs = this.deps.clock.now() - resolveStartedAt;
        this.timing.resolveRounds = tree.rounds;
      }
    } catch (error) {
      failure ??= `archive: unable to store rows of ${this.file} (${errorMessage(error)})`;
    }
    if (failure !== null) this.errors.push({ file: this.file, line: null, message: failure });
    const summary: FileSummary = {
      file: this.file,
      format: this.format(),
      posts: this.written.posts,
      comments: this.written.comments,
      skipped: this.skipped,
      failed,
    };
    await this.finish(summary, failure);
    return summary;
  }

  private async open(): Promise<OpenedArchive> {
    try {
      return await openArchive(this.path, {
        label: this.file,
        maxDecompressedBytes: this.deps.maxDecompressedBytes,
      });
    } catch (error) {
      if (error instanceof RoundupError) throw new FileAbort(error.message, { cause: error });
      throw new FileAbort(`archive: unable to read ${this.file} (${errorMessage(error)})`, { cause: error });
    }
  }

  private describeFailure(error: unknown): string {
    if (error instanceof RoundupError && error.message.startsWith('archive: ')) return error.message;
    return `archive: unable to read ${this.file} (${errorMessage(error)})`;
  }

  /** The import_files row only informs: correctness on a re-run comes from idempotent upserts. */
  private async noteEarlierRun(): Promise<void> {
    const archive = this.archive as OpenedArchive;
    const earlier = await this.deps.store.db
      .selectFrom('import_files')
      .selectAll()
      .where('path', '=', this.path)
      .executeTakeFirst();
    if (!earlier) return;
    const unchanged = Number(earlier.size) === archive.size && Number(earlier.mtime_ms) === archive.mtimeMs;
    const fields = {
      linesDone: Number(earlier.lines_done),
      unchanged,
      completedBefore: earlier.completed === 1,
    };
    if (earlier.completed === 1) {
      this.log.info(
        fields,
        'archive file imported before; importing again (stored rows are left as they are)',
      );
    } else {
      this.log.info(fields, 'archive import resuming: an earlier run stopped; reading from the start');
    }
  }

  private async readAll(archive: OpenedArchive): Promise<void> {
    const head: Buffer[] = [];
    let headBytes = 0;
    let complete = false;
    let joined = Buffer.alloc(0);
    for (;;) {
      const next = await archive.chunks.next();
      if (next.done) {
        complete = true;
        break;
      }
      head.push(next.value);
      headBytes += next.value.length;
      if (headBytes >= MAX_LINE_BYTES) break;
      // Join only when a line ended: a huge first line is not copied chunk after chunk.
      if (next.value.includes(10)) {
        joined = Buffer.concat(head, headBytes);
        if (headIsEnough(joined)) break;
      }
    }
    if (joined.length !== headBytes) joined = Buffer.concat(head, headBytes);
    this.layout = detectLayout(joined, complete);
    switch (this.layout) {
      case 'empty':
        return;
      case 'unknown':
        throw new FileAbort(
          `archive: ${this.file} is not a format roundup imports (starts with ${JSON.stringify(joined.toString('utf8', 0, 24))}; expected NDJSON, JSON or a feed)`,
        );
      case 'json-lines':
        return this.readLines(archive, joined, complete);
      case 'json-document':
      case 'xml':
        return this.readDocument(archive, joined, this.layout);
    }
  }

  private async readLines(archive: OpenedArchive, head: Buffer, complete: boolean): Promise<void> {
    const splitter = new LineSplitter(MAX_LINE_BYTES, (line, lineNo) => this.onLine(line, lineNo));
    splitter.push(head);
    if (!complete) {
      for (;;) {
        this.linesDone = splitter.lines;
        if (this.batch.size >= BATCH_ROWS) await this.flush(true);
        this.drawProgress();
        const next = await archive.chunks.next();
        if (next.done) break;
        splitter.push(next.value);
      }
    }
    splitter.end();
    this.linesDone = splitter.lines;
  }

  private onLine(line: string | null, lineNo: number): void {
    if (line === null) {
      this.badLine(lineNo, `archive: line longer than ${formatBytes(MAX_LINE_BYTES)}`);
      return;
    }
    if (isBlank(line)) return;
    try {
      const value = parseJsonLine(line);
      if (isRecordList(value)) {
        for (const element of value) this.takeRecord(element);
      } else {
        this.takeRecord(value);
      }
    } catch (error) {
      // Any failure, expected (ParseError) or not, costs this line only.
      this.badLine(lineNo, errorMessage(error));
    }
  }

  private takeRecord(value: unknown): void {
    const outcome = parseRecord(value, this.context, this);
    this.kinds.add(outcome.kind);
    if (outcome.ignored) this.skipped++;
  }

  private async readDocument(archive: OpenedArchive, head: Buffer, layout: 'xml' | 'json-document') {
    const body = await readRest([head], archive.chunks, MAX_DOCUMENT_BYTES, () => {
      return new FileAbort(
        `archive: ${this.file}: a ${layout === 'xml' ? 'feed' : 'JSON document'} over ${formatBytes(MAX_DOCUMENT_BYTES)} cannot be read whole (convert it to NDJSON, one record per line)`,
      );
    });
    this.linesDone = countLines(body);
    this.drawProgress();
    if (layout === 'xml') {
      try {
        const feed = parseFeed(body, { feedUrl: this.context.feedUrl, now: this.context.now });
        for (const post of feed.posts) this.addPost(post);
      } catch (error) {
        throw new FileAbort(errorMessage(error), { cause: error });
      }
      return;
    }
    let value: unknown;
    try {
      value = parseJsonLine(body.toString('utf8'));
    } catch (error) {
      throw new FileAbort(`archive: ${this.file}: ${errorMessage(error)}`, { cause: error });
    }
    if (!isRecordList(value)) {
      try {
        this.takeRecord(value);
      } catch (error) {
        throw new FileAbort(errorMessage(error), { cause: error });
      }
      return;
    }
    // A list of records: one bad element costs itself only.
    for (const [index, element] of value.entries()) {
      try {
        this.takeRecord(element);
      } catch (error) {
        this.badLine(null, `record #${index + 1}: ${errorMessage(error)}`);
      }
      if (this.batch.size >= BATCH_ROWS) await this.flush(true);
    }
  }

  addPost(post: Post): void {
    this.batch.addPost(post);
    this.tree.addPost(post.id);
    this.rowsParsed++;
  }

  addComment(comment: Comment): void {
    this.batch.addComment(this.tree.place(comment));
    this.rowsParsed++;
  }

  private badLine(line: number | null, message: string): void {
    this.skipped++;
    this.badLines++;
    if (this.badLines > MAX_REPORTED_BAD_LINES) return;
    this.errors.push({ file: this.file, line, message });
    this.badLog.push({
      at: this.deps.clock.now(),
      action: 'import',
      subject: this.path,
      status: 'bad-line',
      line,
      message,
    });
    this.log.warn({ line, message }, 'archive record skipped');
  }

  /**
   * Writes the pending rows in one transaction, then the bad-line log entries and the progress.
   * With `more` to read and a writer thread, the batch is written while the next one is read, and
   * recorded by the next flush: at most one batch is in flight, so memory stays bounded and the
   * store's own connection writes only while the writer thread is idle.
   */
  private async flush(more = false): Promise<void> {
    await this.settle();
    if (this.batch.size === 0) {
      await this.record(this.takeBadLog(), this.linesDone);
      return;
    }
    const batch = this.batch;
    const now = this.deps.clock.now();
    this.batch = this.writer.createBatch(now);
    this.inFlight = {
      outcome: this.writer.write(batch).catch((error: unknown) => asError(error)),
      linesDone: this.linesDone,
      badLog: this.takeBadLog(),
      handedAt: now,
    };
    if (!more || !this.writer.background) await this.settle();
  }

  /** Waits for the batch in flight, if any, and records it. */
  private async settle(): Promise<void> {
    const batch = this.inFlight;
    if (!batch) return;
    this.inFlight = null;
    const waitStartedAt = this.deps.clock.now();
    const outcome = await batch.outcome;
    this.timing.writeMs += this.deps.clock.now() - (this.writer.background ? waitStartedAt : batch.handedAt);
    if (outcome instanceof Error) {
      // Its bad lines are still to be logged, by the flush that follows.
      this.badLog = [...batch.badLog, ...this.badLog];
      throw this.storeFailure(outcome);
    }
    this.count(outcome);
    await this.record(batch.badLog, batch.linesDone);
  }

  private takeBadLog(): IngestLogEntry[] {
    const entries = this.badLog;
    this.badLog = [];
    return entries;
  }

  private count(counts: WriteCounts): void {
    this.written.posts += counts.posts;
    this.written.comments += counts.comments;
  }

  private storeFailure(error: unknown): FileAbort {
    return new FileAbort(`archive: unable to store rows of ${this.file} (${errorMessage(error)})`, {
      cause: error,
    });
  }

  /**
   * After the rows up to `linesDone` are committed: their bad lines, and the progress when the last
   * was saved PROGRESS_EVERY_MS ago (it only informs; a write per batch cost ~4% of an import).
   */
  private async record(badLog: IngestLogEntry[], linesDone: number): Promise<void> {
    if (badLog.length > 0) await appendIngestLog(this.deps.store.db, badLog);
    const now = this.deps.clock.now();
    if (this.archive && (this.progressSavedAt === null || now - this.progressSavedAt >= PROGRESS_EVERY_MS)) {
      await this.saveProgress(false, linesDone);
      this.progressSavedAt = now;
    }
  }

  private async saveProgress(completed: boolean, linesDone = this.linesDone): Promise<void> {
    const archive = this.archive as OpenedArchive;
    const row = {
      path: this.path,
      size: archive.size,
      mtime_ms: archive.mtimeMs,
      lines_done: linesDone,
      completed: completed ? 1 : 0,
      updated_at: this.deps.clock.now(),
    };
    await this.deps.store.db
      .insertInto('import_files')
      .values(row)
      .onConflict((oc) =>
        oc.column('path').doUpdateSet({
          size: row.size,
          mtime_ms: row.mtime_ms,
          lines_done: row.lines_done,
          completed: row.completed,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  private drawProgress(): void {
    if (!this.bar || !this.archive) return;
    this.bar.update({
      file: this.file,
      bytesRead: this.archive.bytesRead(),
      size: this.archive.size,
      lines: this.linesDone,
      rows: this.written.posts + this.written.comments + this.batch.size,
    });
  }

  private format(): string {
    if (!this.archive) return 'unknown';
    const kinds = [...this.kinds].filter((kind) => kind !== 'not-content');
    const what =
      this.layout === 'xml'
        ? 'feed'
        : kinds.length > 0
          ? kinds.join('+')
          : this.layout === 'empty'
            ? 'empty'
            : 'unknown';
    const layout = this.layout === 'json-lines' ? ' ndjson' : this.layout === 'json-document' ? ' json' : '';
    const xml = this.layout === 'xml' ? ' xml' : '';
    const compression = this.archive.compression === 'none' ? '' : ` (${this.archive.compression})`;
    return `${what}${layout}${xml}${compression}`;
  }

  private async finish(summary: FileSummary, failure: string | null): Promise<void> {
    const unlisted = this.badLines - MAX_REPORTED_BAD_LINES;
    const entries: IngestLogEntry[] = [];
    if (unlisted > 0) {
      const message = `archive: ${this.file}: ${unlisted} more bad lines not listed`;
      this.errors.push({ file: this.file, line: null, message });
      entries.push({
        at: this.deps.clock.now(),
        action: 'import',
        subject: this.path,
        status: 'warning',
        message,
      });
    }
    entries.push({
      at: this.deps.clock.now(),
      action: 'import',
      subject: this.path,
      status: failure === null ? 'ok' : 'error',
      posts: summary.posts,
      comments: summary.comments,
      message: failure,
    });
    try {
      await appendIngestLog(this.deps.store.db, entries);
    } catch (error) {
      this.log.error({ error: errorMessage(error) }, 'archive import could not be logged');
    }
    const fields = {
      format: summary.format,
      posts: summary.posts,
      comments: summary.comments,
      skipped: summary.skipped,
      lines: this.linesDone,
      totalMs: this.deps.clock.now() - this.startedAt,
      ...this.timing,
    };
    if (failure === null) this.log.info(fields, 'archive file imported');
    else this.log.error({ ...fields, error: failure }, 'archive file stopped');
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code !== 32 && code !== 9 && code !== 13) return false;
  }
  return true;
}

function countLines(body: Buffer): number {
  let lines = 0;
  for (let at = body.indexOf(10); at !== -1; at = body.indexOf(10, at + 1)) lines++;
  return body.length > 0 && body[body.length - 1] !== 10 ? lines + 1 : lines;
}
