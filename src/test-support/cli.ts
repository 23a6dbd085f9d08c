import { buildProgram, EXIT_OK, EXIT_USAGE } from '../cli/main.js';
import type { Output } from '../cli/output.js';

/** What one in-process CLI run printed, and its exit code. */
export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output and the given environment (logs silenced). */
export async function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    json: (v) => out.push(JSON.stringify(v)),
    isTty: false,
    errIsTty: false,
  };
  let code = EXIT_OK;
  const program = buildProgram(output, { ROUNDUP_LOG_LEVEL: 'silent', ...env }, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(['node', 'roundup', ...args]);
  } catch (error) {
    code = (error as { exitCode?: number }).exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
