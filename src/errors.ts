/** The one error hierarchy. Map to exit codes and HTTP statuses with `instanceof`, in one place. */
export class RoundupError extends Error {
  override readonly name: string = 'RoundupError';
}

export interface FetchErrorDetails {
  url: string;
  /** HTTP status when a response arrived. */
  status?: number;
  /** How long the server asked us to wait (Retry-After), in ms. */
  retryAfterMs?: number;
  /** Why: `timeout`, `too-large`, `blocked-address`, `redirects`, `network`, `status`, `protocol`. */
  reason: string;
}

export class FetchError extends RoundupError {
  override readonly name = 'FetchError';
  readonly url: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly reason: string;
  constructor(message: string, details: FetchErrorDetails, options?: ErrorOptions) {
    super(message, options);
    this.url = details.url;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.reason = details.reason;
  }
}

export class ParseError extends RoundupError {
  override readonly name = 'ParseError';
}

export class ConfigError extends RoundupError {
  override readonly name = 'ConfigError';
}

export class NotFoundError extends RoundupError {
  override readonly name = 'NotFoundError';
}

/** Command-line usage mistakes: exit code 2. */
export class UsageError extends RoundupError {
  override readonly name = 'UsageError';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
