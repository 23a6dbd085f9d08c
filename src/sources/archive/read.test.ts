import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CapExceededError, formatBytes, LineSplitter, openArchive, ReadError, readRest } from './read.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'roundup-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function split(chunks: Array<string | Buffer>, maxLineBytes = 1024): Array<[string | null, number]> {
  const lines: Array<[string | null, number]> = [];
  const splitter = new LineSplitter(maxLineBytes, (line, lineNo) => lines.push([line, lineNo]));
  for (const chunk of chunks) splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  splitter.end();
  return lines;
}

async function readAll(path: string, maxDecompressedBytes = 1024 ** 3): Promise<Buffer> {
  const archive = await openArchive(path, { label: path, maxDecompressedBytes });
  const parts: Buffer[] = [];
  try {
    for (;;) {
      const next = await archive.chunks.next();
      if (next.done) break;
      parts.push(next.value);
    }
  } finally {
    archive.close();
  }
  return Buffer.concat(parts);
}

describe('LineSplitter', () => {
  it('numbers lines from 1 and joins lines cut between chunks', () => {
    expect(split(['{"a":', '1}\n{"b"', ':2}\n', '\n{"c":3}'])).toEqual([
      ['{"a":1}', 1],
      ['{"b":2}', 2],
      ['', 3],
      ['{"c":3}', 4],
    ]);
  });

  it('drops the \\r of CRLF line ends', () => {
    expect(split(['a\r\nb\r', '\nc'])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('keeps multi-byte characters cut between chunks', () => {
    const bytes = Buffer.from('{"t":"€ and 日本"}\n');
    expect(split([bytes.subarray(0, 7), bytes.subarray(7, 9), bytes.subarray(9)])).toEqual([
      ['{"t":"€ and 日本"}', 1],
    ]);
  });

  it('reports a line over the cap as null and goes on with the next', () => {
    const long = 'x'.repeat(40);
    expect(split([`ok\n${long.slice(0, 20)}`, `${long.slice(20)}\nnext\n`], 16)).toEqual([
      ['ok', 1],
      [null, 2],
      ['next', 3],
    ]);
    expect(split([`${long}`], 16)).toEqual([[null, 1]]);
  });

  it('says nothing for an empty input or a final newline', () => {
    expect(split([])).toEqual([]);
    expect(split(['a\n'])).toEqual([['a', 1]]);
  });
});

describe('openArchive', () => {
  const plain = readFileSync(join(fixtures, 'hn-items.ndjson'));

  it('reads a plain file as it is', async () => {
    const archive = await openArchive(join(fixtures, 'hn-items.ndjson'), {
      label: 'x',
      maxDecompressedBytes: 1e9,
    });
    archive.close();
    expect(archive.compression).toBe('none');
    expect(archive.size).toBe(plain.length);
    expect(await readAll(join(fixtures, 'hn-items.ndjson'))).toEqual(plain);
  });

  it('decompresses gzip by its magic bytes, whatever the name says', async () => {
    const path = join(dir, 'items.json');
    writeFileSync(path, gzipSync(plain));
    expect(await readAll(path)).toEqual(plain);
  });

  it('decompresses concatenated gzip members', async () => {
    const path = join(dir, 'members.gz');
    writeFileSync(path, Buffer.concat([gzipSync('a\n'), gzipSync('b\n')]));
    expect((await readAll(path)).toString()).toBe('a\nb\n');
  });

  it('decompresses a zstd file made by the zstd tool (committed fixture)', async () => {
    const path = join(dir, 'zstd-named.txt');
    writeFileSync(path, readFileSync(join(fixtures, 'hn-items.ndjson.zst')));
    const archive = await openArchive(path, { label: 'x', maxDecompressedBytes: 1e9 });
    archive.close();
    expect(archive.compression).toBe('zstd');
    expect(await readAll(path)).toEqual(plain);
  });

  it.skipIf(!hasZstd())('decompresses a multi-frame zstd file larger than its window', async () => {
    const path = join(dir, 'big.ndjson');
    const lines = Array.from(
      { length: 60_000 },
      (_, i) => `{"id":${i},"text":"${'lorem ipsum '.repeat(i % 7)}"}`,
    );
    const body = `${lines.join('\n')}\n`;
    writeFileSync(path, body);
    execFileSync('zstd', ['-q', '-f', '-3', path, '-o', `${path}.zst`]);
    // A second frame appended: zstd readers must go on after the first.
    writeFileSync(
      `${path}.zst`,
      Buffer.concat([
        readFileSync(`${path}.zst`),
        execFileSync('zstd', ['-q', '-c', '-'], { input: 'tail\n' }),
      ]),
    );
    expect((await readAll(`${path}.zst`)).toString()).toBe(`${body}tail\n`);
  });

  it.skipIf(!hasZstd())('stops a zstd bomb at the cap and counts the compressed bytes read', async () => {
    const path = join(dir, 'bomb.ndjson.zst');
    // 256 MiB of zeros compress to a few KiB.
    writeFileSync(
      path,
      execFileSync('zstd', ['-q', '-c', '-19', '-'], { input: Buffer.alloc(256 * 1024 ** 2) }),
    );
    const error = await readAll(path, 1024 * 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapExceededError);
    const archive = await openArchive(path, { label: path, maxDecompressedBytes: 1024 ** 3 });
    try {
      expect(archive.bytesRead()).toBe(0);
      let bytes = 0;
      for (let next = await archive.chunks.next(); !next.done; next = await archive.chunks.next())
        bytes += next.value.length;
      expect(bytes).toBe(256 * 1024 ** 2);
      expect(archive.bytesRead()).toBe(archive.size);
    } finally {
      archive.close();
    }
  });

  it('stops a gzip bomb at the cap with a message naming the setting', async () => {
    const path = join(dir, 'bomb.ndjson.gz');
    writeFileSync(path, gzipSync(Buffer.alloc(64 * 1024 * 1024)));
    const error = await readAll(path, 1024 * 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapExceededError);
    expect((error as Error).message).toBe(
      `archive: ${path}: decompressed size passes the 1 MiB cap (import.maxDecompressedBytes)`,
    );
  });

  it('reports corrupt gzip as a read error', async () => {
    const path = join(dir, 'corrupt.gz');
    const good = gzipSync(plain);
    writeFileSync(path, Buffer.concat([good.subarray(0, 20), Buffer.alloc(50, 7)]));
    await expect(readAll(path)).rejects.toBeInstanceOf(ReadError);
  });

  it('reports corrupt zstd as a read error', async () => {
    const path = join(dir, 'corrupt.zst');
    writeFileSync(path, Buffer.concat([Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd), Buffer.alloc(64, 0xff)]));
    await expect(readAll(path)).rejects.toBeInstanceOf(ReadError);
  });

  it('throws when the file is missing or a folder', async () => {
    await expect(openArchive(join(dir, 'nope'), { label: 'nope', maxDecompressedBytes: 1 })).rejects.toThrow(
      /ENOENT/,
    );
    await expect(openArchive(dir, { label: 'dir', maxDecompressedBytes: 1 })).rejects.toThrow(
      /not a file|EISDIR/,
    );
  });
});

describe('readRest', () => {
  it('refuses a document over its cap', async () => {
    async function* chunks() {
      yield Buffer.alloc(10);
      yield Buffer.alloc(10);
    }
    const tooLarge = () => new Error('too large');
    await expect(readRest([Buffer.alloc(5)], chunks(), 30, tooLarge)).resolves.toHaveLength(25);
    await expect(readRest([Buffer.alloc(5)], chunks(), 20, tooLarge)).rejects.toThrow('too large');
  });
});

describe('formatBytes', () => {
  it('writes binary units', () => {
    expect(formatBytes(4 * 1024 ** 3)).toBe('4 GiB');
    expect(formatBytes(16 * 1024 ** 2)).toBe('16 MiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(100)).toBe('100 bytes');
  });
});

function hasZstd(): boolean {
  try {
    execFileSync('zstd', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    console.info('read tests: the zstd tool is not installed; the multi-frame zstd case is skipped');
    return false;
  }
}
