import type { Clock } from '../../log.js';

/** What the bar shows for the file being read. */
export interface ProgressState {
  file: string;
  /** Compressed bytes read and the file's size: the only measure known before the end. */
  bytesRead: number;
  size: number;
  lines: number;
  rows: number;
}

export interface ProgressBar {
  update(state: ProgressState): void;
  done(): void;
}

interface Terminal {
  write(text: string): unknown;
  columns?: number;
}

const REDRAW_EVERY_MS = 200;
const BAR_CELLS = 20;

/** A one-line bar redrawn in place with \r, at most five times a second. */
export function createProgressBar(terminal: Terminal, clock: Clock): ProgressBar {
  let lastDrawAt = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(state) {
      const now = clock.now();
      if (now - lastDrawAt < REDRAW_EVERY_MS) return;
      lastDrawAt = now;
      const ratio = state.size > 0 ? Math.min(1, state.bytesRead / state.size) : 0;
      const filled = Math.round(ratio * BAR_CELLS);
      const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_CELLS - filled)}`;
      const line = `${shorten(state.file, 30)} [${bar}] ${(ratio * 100).toFixed(0).padStart(3)}%  ${state.lines.toLocaleString('en-US')} lines  ${state.rows.toLocaleString('en-US')} rows`;
      terminal.write(`\r${line.slice(0, (terminal.columns ?? 100) - 1)}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) terminal.write('\r\x1b[K');
      drawn = false;
      lastDrawAt = Number.NEGATIVE_INFINITY;
    },
  };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}
