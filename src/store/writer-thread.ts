import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * A second better-sqlite3 connection to the same SQLite file, in a worker thread, that runs
 * prepared upserts one batch (one transaction) at a time. Bulk imports parse on the main thread
 * while the previous batch is written here, so the two halves of the work share the machine's cores.
 *
 * The worker's code is a plain JavaScript string run with `eval: true`: it then starts the same way
 * under tsx, under Vitest and from the built `dist/`, without a TypeScript loader in the worker or
 * a build step that copies a .js file. It knows no SQL of its own: the statements arrive compiled
 * (batch.ts compiles them from the Kysely builders of posts.ts and comments.ts).
 */

/**
 * One statement's rows, written by a node:v8 Serializer (after its header): each row's parameters
 * one value after the other, `rows` times.
 */
export interface SerializedStatementRows {
  rows: number;
  buffer: Buffer;
}

export interface SqliteWriterThread {
  /**
   * Runs each statement over its rows (`parts[i]` for `statements[i]`, each row the list of its
   * parameters) in one transaction, and settles once that is committed, or rolled back: then it
   * rejects. Resolves with the changes per statement. One batch at a time: call again once the last
   * settled. The buffers are handed over to the thread (they are empty afterwards).
   */
  write(parts: SerializedStatementRows[]): Promise<number[]>;
  /** Closes the connection and ends the thread, after a write still in flight. */
  close(): Promise<void>;
}

export interface WriterStatement {
  /** SQL with `?` parameters. */
  sql: string;
  /** Parameters per row. */
  parameters: number;
  /** Rows with the same value of this parameter: only the last one of a batch is run. */
  keyParameter?: number;
}

export interface WriterThreadOptions {
  /** The SQLite file (already created and migrated, in WAL mode). */
  path: string;
  /** How long a write waits for another connection's lock before it fails. */
  busyTimeoutMs: number;
  statements: WriterStatement[];
}

type Reply = { changes: number[] } | { error: string };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Deserializer } = require('node:v8');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
// Per connection: the main connection's settings do not carry over.
db.pragma('busy_timeout = ' + Number(workerData.busyTimeoutMs));
db.pragma('synchronous = NORMAL');
const statements = workerData.statements.map(({ sql, parameters, keyParameter }) => ({
  statement: db.prepare(sql),
  parameters,
  keyParameter,
}));
function readRows({ rows, buffer }, parameters) {
  const deserializer = new Deserializer(buffer);
  deserializer.readHeader();
  const list = [];
  for (let i = 0; i < rows; i++) {
    const row = new Array(parameters);
    for (let j = 0; j < parameters; j++) row[j] = deserializer.readValue();
    list.push(row);
  }
  return list;
}
function lastOfEachKey(rows, keyParameter) {
  if (keyParameter === undefined) return rows;
  const byKey = new Map();
  for (const row of rows) byKey.set(row[keyParameter], row);
  return byKey.size === rows.length ? rows : [...byKey.values()];
}
const writeAll = db.transaction((batch) => {
  const changes = [];
  for (let i = 0; i < statements.length; i++) {
    const { statement, parameters, keyParameter } = statements[i];
    let n = 0;
    for (const row of lastOfEachKey(readRows(batch[i], parameters), keyParameter)) {
      n += statement.run(row).changes;
    }
    changes.push(n);
  }
  return changes;
});
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ changes: writeAll.immediate(message) });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
`;

export function startWriterThread(options: WriterThreadOptions): SqliteWriterThread {
  // Resolved here, where node_modules is known: the worker's own require starts from the cwd.
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver,
      path: options.path,
      busyTimeoutMs: options.busyTimeoutMs,
      statements: options.statements,
    },
  });
  let pending: { resolve(changes: number[]): void; reject(error: Error): void } | null = null;
  let failure: Error | null = null;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  const fail = (error: Error) => {
    failure ??= error;
    pending?.reject(error);
    pending = null;
  };
  worker.on('message', (reply: Reply) => {
    const waiting = pending;
    pending = null;
    if (!waiting) return;
    if ('error' in reply) waiting.reject(new Error(`store: unable to write a batch (${reply.error})`));
    else waiting.resolve(reply.changes);
  });
  worker.on('error', (error) =>
    fail(new Error(`store: writer thread failed (${error.message})`, { cause: error })),
  );
  worker.on('exit', (code) => fail(new Error(`store: writer thread stopped (exit ${code})`)));

  return {
    write(parts) {
      if (failure) return Promise.reject(failure);
      if (pending) return Promise.reject(new Error('store: writer thread is busy with another batch'));
      return new Promise<number[]>((resolve, reject) => {
        pending = { resolve, reject };
        // Moved, not copied, when a buffer owns its memory whole (a released Serializer buffer does).
        const transfer = parts
          .map((part) => part.buffer.buffer)
          .filter((memory, i) => memory.byteLength === parts[i]?.buffer.byteLength);
        try {
          worker.postMessage(parts, transfer as ArrayBuffer[]);
        } catch (error) {
          pending = null;
          reject(new Error(`store: unable to hand a batch to the writer thread (${String(error)})`));
        }
      });
    },
    async close() {
      if (!failure) worker.postMessage('close');
      await exited;
    },
  };
}
