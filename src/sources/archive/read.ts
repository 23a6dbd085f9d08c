import type { ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { RoundupError } from '../../errors.js';
import { type Compression, detectCompression } from './detect.js';

/** Raw bytes read from the disk per chunk. */
const READ_CHUNK_BYTES = 256 * 1024;
/**
 * Compressed bytes handed to the zstd decoder per call. Its callback runs synchronously for every
 * block a call completes, and a block (≤ 128 KiB out) can be 4 bytes in: small pieces bound what
 * one call can produce (1 KiB → at most 32 MiB) so the cap check runs often enough.
 */
const ZSTD_PIECE_BYTES = 1024;

/** The decompressed input passed its cap: the file is abandoned where it stands. */
export class CapExceededError extends RoundupError {
  override readonly name = 'CapExceededError';
}

/** Decompression or reading failed part-way (corrupt gzip/zstd, I/O error). */
export class ReadError extends RoundupError {
  override readonly name = 'ReadError';
}

export interface OpenedArchive {
  compression: Compression;
  size: number;
  mtimeMs: number;
  /** Decompressed bytes, in chunks; stops with CapExceededError after `maxDecompressedBytes`. */
  chunks: AsyncIterator<Buffer>;
  /** Bytes of the file (compressed) read so far, for progress. */
  bytesRead(): number;
  /** Releases the file when reading stops early. */
  close(): void;
}

export interface OpenOptions {
  /** The name to use in messages (as the user typed it). */
  label: string;
  maxDecompressedBytes: number;
}

/**
 * Opens a file and decompresses it by its magic bytes (gzip 1f 8b, zstd 28 b5 2f fd), whatever
 * its name says. Throws (ENOENT, EISDIR …) when it cannot be opened at all.
 */
export async function openArchive(path: string, options: OpenOptions): Promise<OpenedArchive> {
  const handle = await open(path, 'r');
  let stream: ReadStream | undefined;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new ReadError(`archive: ${options.label} is not a file`);
    const magic = Buffer.alloc(4);
    const { bytesRead } = await handle.read(magic, 0, 4, 0);
    const compression = detectCompression(magic.subarray(0, bytesRead));
    stream = handle.createReadStream({ start: 0, highWaterMark: READ_CHUNK_BYTES, autoClose: true });
    const raw = stream;
    const decompressed =
      compression === 'gzip'
        ? gunzip(raw)
        : compression === 'zstd'
          ? unzstd(raw)
          : (raw as AsyncIterable<Buffer>);
    const chunks = capped(decompressed, options)[Symbol.asyncIterator]();
    return {
      compression,
      size: stat.size,
      mtimeMs: Math.round(stat.mtimeMs),
      chunks,
      bytesRead: () => raw.bytesRead,
      close: () => {
        void chunks.return?.(undefined);
        raw.destroy();
      },
    };
  } catch (error) {
    if (stream) stream.destroy();
    else await handle.close();
    throw error;
  }
}

async function* gunzip(raw: ReadStream): AsyncGenerator<Buffer> {
  const inflater = createGunzip();
  raw.on('error', (error) => inflater.destroy(error));
  raw.pipe(inflater);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (error) {
    throw decodeError('gzip', error);
  } finally {
    inflater.destroy();
    raw.destroy();
  }
}

async function* unzstd(raw: ReadStream): AsyncGenerator<Buffer> {
  const out: Buffer[] = [];
  // fzstd hands out blocks that it may reuse as its window: copy them.
  const decoder = new Decompress((data) => {
    if (data.length > 0) out.push(Buffer.from(data));
  });
  try {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      for (let i = 0; i < chunk.length; i += ZSTD_PIECE_BYTES) {
        decoder.push(chunk.subarray(i, i + ZSTD_PIECE_BYTES));
        while (out.length > 0) yield out.shift() as Buffer;
      }
    }
    decoder.push(new Uint8Array(0), true);
    while (out.length > 0) yield out.shift() as Buffer;
  } catch (error) {
    throw decodeError('zstd', error);
  } finally {
    raw.destroy();
  }
}

function decodeError(format: string, error: unknown): Error {
  if (error instanceof RoundupError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ReadError(`${format}: ${message}`, { cause: error });
}

async function* capped(source: AsyncIterable<Buffer>, options: OpenOptions): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > options.maxDecompressedBytes) {
      throw new CapExceededError(
        `archive: ${options.label}: decompressed size passes the ${formatBytes(options.maxDecompressedBytes)} cap (import.maxDecompressedBytes)`,
      );
    }
    yield chunk;
  }
}

/** `4 GiB`, `16 MiB`, `512 KiB`, `100 bytes`: exact binary units when they fit, else bytes. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
    if (bytes >= size) return `${(bytes / size).toFixed(1)} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** Called for each line: its text (without the newline or a trailing \r), or null when it passed the cap. */
export type LineHandler = (line: string | null, lineNo: number) => void;

/**
 * Splits bytes into lines without holding more than one line: a line longer than `maxLineBytes`
 * is dropped as it streams by and reported as null, so one broken line cannot exhaust memory.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overlong = false;
  private lineNo = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: LineHandler,
  ) {}

  /** Lines completed so far. */
  get lines(): number {
    return this.lineNo;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      if (newline === -1) {
        this.keep(chunk, start, chunk.length);
        return;
      }
      this.emit(chunk, start, newline);
      start = newline + 1;
    }
  }

  /** The last line, when the input does not end with a newline. */
  end(): void {
    if (this.pendingBytes > 0 || this.overlong) this.emit(Buffer.alloc(0), 0, 0);
  }

  private keep(chunk: Buffer, start: number, end: number): void {
    if (this.overlong || start === end) return;
    if (this.pendingBytes + (end - start) > this.maxLineBytes) {
      this.overlong = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    // Copy: the caller may reuse its chunk.
    this.pending.push(Buffer.from(chunk.subarray(start, end)));
    this.pendingBytes += end - start;
  }

  private emit(chunk: Buffer, start: number, end: number): void {
    this.lineNo++;
    if (this.overlong || this.pendingBytes + (end - start) > this.maxLineBytes) {
      this.overlong = false;
      this.pending = [];
      this.pendingBytes = 0;
      this.onLine(null, this.lineNo);
      return;
    }
    let line: string;
    if (this.pendingBytes === 0) {
      line = chunk.toString('utf8', start, end);
    } else {
      this.pending.push(chunk.subarray(start, end));
      line = Buffer.concat(this.pending).toString('utf8');
      this.pending = [];
      this.pendingBytes = 0;
    }
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    this.onLine(line, this.lineNo);
  }
}

/** Reads what is left of `chunks` after `head`, whole, refusing more than `maxBytes`. */
export async function readRest(
  head: Buffer[],
  chunks: AsyncIterator<Buffer>,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  const parts = [...head];
  let total = parts.reduce((sum, part) => sum + part.length, 0);
  if (total > maxBytes) throw tooLarge();
  for (;;) {
    const next = await chunks.next();
    if (next.done) break;
    total += next.value.length;
    if (total > maxBytes) throw tooLarge();
    parts.push(next.value);
  }
  return Buffer.concat(parts, total);
}
