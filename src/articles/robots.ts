import robotsParserModule from 'robots-parser';
import { FetchError } from '../errors.js';
import type { Fetcher } from '../http/types.js';
import type { Clock } from '../log.js';

/**
 * robots-parser is CommonJS (`module.exports = function`) but its types declare an ES default
 * export, which NodeNext reads as `module.exports.default`. Node hands us the function itself.
 */
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** The product token we answer to in robots.txt (RFC 9309 §2.2.1). */
export const ROBOTS_AGENT = 'roundup';

/** RFC 9309 §2.4: a cached robots.txt SHOULD NOT be used for more than 24 hours. */
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;
/** An unreachable robots.txt means "disallow all" only for a while: ask again sooner. */
const DEFAULT_UNREACHABLE_TTL_MS = 15 * 60 * 1000;
/** RFC 9309 §2.5: crawlers SHOULD parse at least 500 KiB. */
const MAX_ROBOTS_BYTES = 512 * 1024;
/** Origins remembered at most (the oldest are forgotten first). */
const MAX_ORIGINS = 10_000;

export type RobotsVerdict =
  | { allowed: true }
  /** robots.txt disallows this path for us, or could not be read (RFC 9309 §2.3.1.4). */
  | { allowed: false; message: string };

export interface RobotsPolicy {
  /**
   * May we fetch `url`? Rejects with FetchError only when the address guard refuses the host:
   * that is the link's failure, not a robots rule.
   */
  check(url: string): Promise<RobotsVerdict>;
}

export interface RobotsOptions {
  /** How long a fetched (or missing) robots.txt is trusted. */
  ttlMs?: number;
  /** How long "unreachable, so disallow all" is kept before asking again. */
  unreachableTtlMs?: number;
}

type Rules =
  | { kind: 'parsed'; robot: ReturnType<typeof robotsParser>; robotsUrl: string }
  | { kind: 'allow-all' }
  | { kind: 'disallow-all'; message: string };

interface Entry {
  rules: Promise<Rules>;
  expiresAt: number;
}

/**
 * robots.txt per origin, fetched through the same (untrusted, polite) fetcher and cached per
 * origin for the life of the policy. Concurrent checks of one origin share one request.
 */
export function createRobotsPolicy(
  deps: { fetcher: Fetcher; clock: Clock },
  options: RobotsOptions = {},
): RobotsPolicy {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const unreachableTtlMs = options.unreachableTtlMs ?? DEFAULT_UNREACHABLE_TTL_MS;
  const cache = new Map<string, Entry>();

  function rulesFor(origin: string): Promise<Rules> {
    const now = deps.clock.now();
    const cached = cache.get(origin);
    if (cached && cached.expiresAt > now) return cached.rules;
    cache.delete(origin);
    if (cache.size >= MAX_ORIGINS) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    const entry: Entry = { rules: fetchRules(deps.fetcher, origin), expiresAt: now + ttlMs };
    cache.set(origin, entry);
    entry.rules.then(
      (rules) => {
        if (rules.kind === 'disallow-all') entry.expiresAt = deps.clock.now() + unreachableTtlMs;
      },
      // A refused address is not cached: the error goes to every caller waiting on it.
      () => {
        if (cache.get(origin) === entry) cache.delete(origin);
      },
    );
    return entry.rules;
  }

  return {
    async check(url) {
      const target = new URL(url);
      const rules = await rulesFor(target.origin);
      if (rules.kind === 'allow-all') return { allowed: true };
      if (rules.kind === 'disallow-all') return { allowed: false, message: rules.message };
      // undefined means "not this robots.txt's origin", which cannot happen here.
      if (rules.robot.isAllowed(target.href, ROBOTS_AGENT) ?? true) return { allowed: true };
      const line = rules.robot.getMatchingLineNumber(target.href, ROBOTS_AGENT);
      return { allowed: false, message: `disallowed by ${rules.robotsUrl} (line ${line})` };
    },
  };
}

async function fetchRules(fetcher: Fetcher, origin: string): Promise<Rules> {
  const robotsUrl = `${origin}/robots.txt`;
  try {
    const response = await fetcher.fetch({
      url: robotsUrl,
      trusted: false,
      maxBodyBytes: MAX_ROBOTS_BYTES,
      headers: { accept: 'text/plain, */*;q=0.1' },
    });
    // RFC 9309 §2.3.1.3: 400–499 means unavailable, and crawlers MAY access any resource.
    if (response.status >= 400) return { kind: 'allow-all' };
    // The rules apply to the origin asked for, wherever redirects led (§2.3.1.2).
    return { kind: 'parsed', robot: robotsParser(robotsUrl, response.body.toString('utf8')), robotsUrl };
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    if (error.reason === 'blocked-address') throw error;
    // §2.3.1.2: past five redirects a crawler MAY take robots.txt as unavailable.
    if (error.reason === 'redirects') return { kind: 'allow-all' };
    // §2.3.1.4: server errors (the fetcher also rejects 429 this way) and network failures mean
    // unreachable, and then a crawler MUST assume complete disallow. Too large counts here too.
    return { kind: 'disallow-all', message: `robots.txt unreachable, assuming disallow (${error.message})` };
  }
}
