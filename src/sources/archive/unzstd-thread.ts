import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * zstd decompression in a worker thread. fzstd is JavaScript, and decoding a Reddit dump costs
 * about as much as parsing it: on the main thread the two took turns, in a worker they overlap.
 * (Node 20 has no zstd in node:zlib, whose gzip already runs off the main thread.)
 *
 * The worker reads the file itself, from the descriptor it is given, and decodes on request, a
 * bounded amount at a time: the caller asks for the next output while it consumes the last one,
 * so at most two pieces of output exist at once whatever the compression ratio (a zstd bomb is
 * stopped by the caller's cap, as before). The worker's code is a JavaScript string for the same
 * reason as the store's writer thread (store/writer-thread.ts): no TypeScript loader is needed.
 */

export interface ZstdReader {
  /** Decompressed bytes, in order. Throws the decoder's or the file's error as it comes. */
  chunks: AsyncGenerator<Buffer>;
  /** Compressed bytes read from the file so far. */
  bytesRead(): number;
}

export interface ZstdReaderOptions {
  /** An open descriptor of the file, read from its start; the caller closes it after `chunks` ends. */
  fd: number;
  /** Compressed bytes read from the file at once. */
  readBytes: number;
  /** Compressed bytes handed to the decoder per call (see ZSTD_PIECE_BYTES in read.ts). */
  pieceBytes: number;
  /** Decompressed bytes a request asks for (one request may give up to one piece's output more). */
  outputBytes: number;
}

type Reply = { blocks: Uint8Array[]; bytesRead: number; done: boolean } | { error: string };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { Decompress } = require(workerData.fzstd);
const { fd, readBytes, pieceBytes, outputBytes } = workerData;
let blocks = [];
let blockBytes = 0;
// Each block is copied: fzstd may reuse it as its window. The copy owns its memory, so it is transferred.
const decoder = new Decompress((data) => {
  if (data.length > 0) {
    blocks.push(data.slice());
    blockBytes += data.length;
  }
});
let input = new Uint8Array(0);
let inputAt = 0;
let position = 0;
let done = false;
function decode() {
  while (!done && blockBytes < outputBytes) {
    if (inputAt === input.length) {
      // A new buffer each time: the decoder keeps references to input it has not finished with.
      const buffer = new Uint8Array(readBytes);
      const n = readSync(fd, buffer, 0, readBytes, position);
      position += n;
      if (n === 0) {
        decoder.push(new Uint8Array(0), true);
        done = true;
        break;
      }
      input = buffer.subarray(0, n);
      inputAt = 0;
    }
    const end = Math.min(inputAt + pieceBytes, input.length);
    decoder.push(input.subarray(inputAt, end));
    inputAt = end;
  }
}
parentPort.on('message', () => {
  try {
    decode();
    const reply = { blocks, bytesRead: position, done };
    blocks = [];
    blockBytes = 0;
    parentPort.postMessage(reply, reply.blocks.map((block) => block.buffer));
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
`;

/** Starts the worker at the first read; it ends with `chunks` (done, failed, or returned early). */
export function readZstdInThread(options: ZstdReaderOptions): ZstdReader {
  let bytesRead = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    const fzstd = createRequire(import.meta.url).resolve('fzstd');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        fzstd,
        fd: options.fd,
        readBytes: options.readBytes,
        pieceBytes: options.pieceBytes,
        outputBytes: options.outputBytes,
      },
    });
    // Requests settle with a reply whatever happens, so a read-ahead left unread never rejects unhandled.
    let waiting: ((reply: Reply) => void) | null = null;
    let failure: string | null = null;
    const answer = (reply: Reply) => {
      const settle = waiting;
      waiting = null;
      settle?.(reply);
    };
    worker.on('message', answer);
    worker.on('error', (error) => {
      failure ??= error.message;
      answer({ error: failure });
    });
    worker.on('exit', (code) => {
      failure ??= `decoder thread stopped (exit ${code})`;
      answer({ error: failure });
    });
    const request = () =>
      new Promise<Reply>((resolve) => {
        if (failure !== null) return resolve({ error: failure });
        waiting = resolve;
        worker.postMessage(null);
      });
    try {
      let next = request();
      for (;;) {
        const reply = await next;
        if ('error' in reply) throw new Error(reply.error);
        bytesRead = reply.bytesRead;
        // Ask for more before handing this out: the worker decodes while the caller parses.
        if (!reply.done) next = request();
        for (const block of reply.blocks) yield Buffer.from(block.buffer, block.byteOffset, block.length);
        if (reply.done) return;
      }
    } finally {
      // Waits until the worker is gone: only then may the caller close the descriptor it reads.
      await worker.terminate();
    }
  }
  return { chunks: chunks(), bytesRead: () => bytesRead };
}
