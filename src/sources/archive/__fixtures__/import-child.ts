/**
 * Runs `importFiles` in its own process, for the crash test: `node --import tsx import-child.ts <db> <files…>`.
 * Prints the summary as one JSON line when done; the test kills it with SIGKILL before that.
 */
import { createSilentLog, systemClock } from '../../../log.js';
import { createStore } from '../../../store/index.js';
import { importFiles } from '../index.js';

const [database, ...files] = process.argv.slice(2);
if (!database || files.length === 0) throw new Error('usage: import-child.ts <db> <files…>');
const store = await createStore(database);
try {
  const summary = await importFiles(
    { store, log: createSilentLog(), clock: systemClock, maxDecompressedBytes: 4 * 1024 ** 3 },
    files,
  );
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  await store.close();
}
