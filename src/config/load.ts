import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { DEFAULT_SOURCES_YAML } from './defaults.js';
import { type Config, type ConfiguredSource, configSchema, type SourceConfig } from './schema.js';

export interface LoadOptions {
  /** The config file; when it is the default path and missing, defaults apply. */
  path: string;
  /** True when the user named the file (--config): then it must exist. */
  explicit: boolean;
  /** The environment (process.env at the composition root). */
  env: Record<string, string | undefined>;
  /** --db from the command line: wins over the environment and the file. */
  db?: string | undefined;
}

/**
 * Reads roundup.yaml (optional), applies ROUNDUP_* environment overrides and --db, validates it
 * all once with zod. Nothing else in roundup reads the environment.
 */
export function loadConfig(options: LoadOptions): Config {
  let raw: unknown = {};
  let text: string | null = null;
  try {
    text = readFileSync(options.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' || options.explicit) {
      throw new ConfigError(`config: unable to read ${options.path} (${code ?? String(error)})`, {
        cause: error,
      });
    }
  }
  if (text !== null) raw = parseYamlText(text, options.path) ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`config: ${options.path} must be a mapping of options`);
  }
  const merged = applyEnv(raw as Record<string, unknown>, options.env);
  if (options.db) merged.db = options.db;
  return parseConfig(merged, text === null ? '(defaults)' : options.path);
}

function parseYamlText(text: string, path: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` (line ${error.linePos[0].line})` : '';
    throw new ConfigError(
      `config: unable to parse ${path}${where}: ${(error as Error).message.split('\n')[0]}`,
      {
        cause: error,
      },
    );
  }
}

function applyEnv(
  raw: Record<string, unknown>,
  env: Record<string, string | undefined>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  const section = (name: string): Record<string, unknown> => {
    const value = out[name];
    const copy = typeof value === 'object' && value !== null ? { ...(value as Record<string, unknown>) } : {};
    out[name] = copy;
    return copy;
  };
  if (env.ROUNDUP_DB) out.db = env.ROUNDUP_DB;
  if (env.ROUNDUP_LOG_LEVEL) out.logLevel = env.ROUNDUP_LOG_LEVEL;
  if (env.ROUNDUP_REDDIT_CLIENT_ID) section('reddit').clientId = env.ROUNDUP_REDDIT_CLIENT_ID;
  if (env.ROUNDUP_REDDIT_CLIENT_SECRET) section('reddit').clientSecret = env.ROUNDUP_REDDIT_CLIENT_SECRET;
  if (env.ROUNDUP_WEB_ADMIN_TOKEN) section('web').adminToken = env.ROUNDUP_WEB_ADMIN_TOKEN;
  if (env.ROUNDUP_LLM_API_KEY && typeof out.llm === 'object' && out.llm !== null) {
    section('llm').apiKey = env.ROUNDUP_LLM_API_KEY;
  }
  if (env.ROUNDUP_HTTP_ALLOWED_RANGES) {
    section('http').allowedRanges = env.ROUNDUP_HTTP_ALLOWED_RANGES.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  return out;
}

/** Validates a config object; the default sources apply when `sources` is absent. */
export function parseConfig(raw: unknown, origin: string): Config {
  const result = configSchema.safeParse(dropEmptySections(raw));
  if (!result.success) throw new ConfigError(`config: invalid ${origin}: ${formatIssues(result.error)}`);
  const sources = result.data.sources ?? defaultSources();
  const config: Config = { ...result.data, sources: assignSourceIds(sources) };
  return config;
}

/** A section left with only comments (`reddit:` and nothing under it) reads as null: treat it as absent. */
function dropEmptySections(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== null));
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

let cachedDefaults: SourceConfig[] | null = null;

export function defaultSources(): SourceConfig[] {
  if (!cachedDefaults) {
    const parsed = configSchema.parse(dropEmptySections(parseYaml(DEFAULT_SOURCES_YAML)));
    cachedDefaults = parsed.sources ?? [];
  }
  return cachedDefaults.map((s) => ({ ...s }));
}

/** Gives every source a stable id (its own, or one derived from what it watches); ids must be unique. */
function assignSourceIds(sources: SourceConfig[]): ConfiguredSource[] {
  const seen = new Set<string>();
  return sources.map((source) => {
    const id = source.id ?? deriveSourceId(source);
    if (seen.has(id))
      throw new ConfigError(`config: two sources have the id "${id}"; give one an id of its own`);
    seen.add(id);
    return { ...source, id };
  });
}

export function deriveSourceId(source: SourceConfig): string {
  switch (source.kind) {
    case 'hn':
      return `hn-${source.list}`;
    case 'reddit':
      return `r-${source.subreddit.toLowerCase()}`;
    case 'feed': {
      try {
        const url = new URL(source.url);
        const slug = `${url.hostname.replace(/^www\./, '')}${url.pathname}`
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '');
        return `feed-${slug}`.slice(0, 80);
      } catch {
        return `feed-${source.url}`;
      }
    }
  }
}

/** The config as text for `roundup config`: secrets redacted. */
export function redactConfig(config: Config): Config {
  return {
    ...config,
    db: config.db.replace(/(postgres(?:ql)?:\/\/[^:/@]+:)[^@]+@/i, '$1***@'),
    reddit: {
      ...config.reddit,
      ...(config.reddit.clientSecret ? { clientSecret: '***' } : {}),
    },
    web: { ...config.web, ...(config.web.adminToken ? { adminToken: '***' } : {}) },
    ...(config.llm ? { llm: { ...config.llm, ...(config.llm.apiKey ? { apiKey: '***' } : {}) } } : {}),
  };
}
