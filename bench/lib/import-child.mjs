// The import case of bench/import.bench.ts: `roundup import FILE --json` as users run it, from the
// build (dist/, `npm run build`), with no TypeScript loader in the process, so that its peak
// memory is the command's own. Prints one JSON line: items, seconds, peakRssMb, peakHeapMb.
//   node bench/lib/import-child.mjs FILE DATABASE
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

let peakHeapBytes = 0;
const timer = setInterval(() => {
  peakHeapBytes = Math.max(peakHeapBytes, process.memoryUsage().heapUsed);
}, 100);
timer.unref();

const [file, database] = process.argv.slice(2);
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { buildProgram, EXIT_OK } = await import(pathToFileURL(join(root, 'dist/cli/main.js')).href);
// Where there is no roundup.yaml to read.
process.chdir(dirname(database));
const printed = [];
let code = EXIT_OK;
const program = buildProgram(
  {
    out: (text) => printed.push(text),
    err: (text) => process.stderr.write(`${text}\n`),
    json: (value) => printed.push(JSON.stringify(value)),
    isTty: false,
    errIsTty: false,
  },
  { ROUNDUP_LOG_LEVEL: 'silent' },
  (exit) => {
    code = exit;
  },
);
const started = performance.now();
await program.parseAsync(['node', 'roundup', '--db', database, 'import', file, '--json', '--no-progress']);
const summary = JSON.parse(printed.at(-1) ?? '{"errors":["no summary printed"]}');
if (code !== EXIT_OK || summary.errors.length > 0) {
  process.stderr.write(
    `bench: roundup import exited ${code}: ${JSON.stringify(summary.errors.slice(0, 3))}\n`,
  );
  process.exit(1);
}
process.stdout.write(
  `${JSON.stringify({
    items: summary.posts + summary.comments + summary.skipped,
    seconds: (performance.now() - started) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapMb: peakHeapBytes / 1024 ** 2,
  })}\n`,
);
process.exit(0);
