import { pino } from 'pino';

/** The logging port: the subset of pino we call. */
export interface Log {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  child(fields: object): Log;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Logs go to stderr so that stdout stays for results (`--json`). */
export function createLog(level: string): Log {
  return pino({ level, base: undefined }, pino.destination(2));
}

export function createSilentLog(): Log {
  return pino({ level: 'silent' });
}
