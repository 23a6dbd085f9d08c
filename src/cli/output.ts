/** Writing results: stdout for results (text or --json), stderr for everything else. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  json(value: unknown): void;
  /** True when stdout is a terminal. */
  isTty: boolean;
  errIsTty: boolean;
}

export function createProcessOutput(): Output {
  // A reader that stops early (`roundup stories | head`) closes the pipe: stop quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    isTty: Boolean(process.stdout.isTTY),
    errIsTty: Boolean(process.stderr.isTTY),
  };
}

export function formatTime(ms: number | null): string {
  if (ms === null) return '—';
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
