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

export interface SqliteWriterThread {
  /**
   * Runs each statement over its rows (`rows[i]` for `statements[i]`, each row its parameters in
   * order) in one transaction, and settles once that is committed, or rolled back: then it rejects.
   * Resolves with the changes per statement. One batch at a time: call again once the last settled.
   */
  write(rows: unknown[][][]): Promise<number[]>;
  /** Closes the connection and ends the thread, after a write still in flight. */
  close(): Promise<void>;
}

export interface WriterThreadOptions {
  /** The SQLite file (already created and migrated, in WAL mode). */
  path: string;
  /** How long a write waits for another connection's lock before it fails. */
  busyTimeoutMs: number;
  /** The statements the writes run, compiled (SQL with `?` parameters). */
  statements: string[];
}

type Reply = { changes: number[] } | { error: string };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
// Per connection: the main connection's settings do not carry over.
db.pragma('busy_timeout = ' + Number(workerData.busyTimeoutMs));
db.pragma('synchronous = NORMAL');
const statements = workerData.statements.map((sql) => db.prepare(sql));
const writeAll = db.transaction((batch) => {
  const changes = [];
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i];
    let n = 0;
    for (const row of batch[i]) n += statement.run(row).changes;
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
    write(rows) {
      if (failure) return Promise.reject(failure);
      if (pending) return Promise.reject(new Error('store: writer thread is busy with another batch'));
      return new Promise<number[]>((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage(rows);
      });
    },
    async close() {
      if (!failure) worker.postMessage('close');
      await exited;
    },
  };
}
