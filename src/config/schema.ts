import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { defaultFetcherOptions } from '../http/options.js';
import { feedSourceSchema } from '../sources/feed/index.js';
import { hnSettingsSchema, hnSourceSchema } from '../sources/hn/index.js';
import { redditSettingsSchema, redditSourceSchema } from '../sources/reddit/index.js';

const cidrSchema = z.string().refine(
  (value) => {
    try {
      ipaddr.parseCIDR(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected a CIDR range such as 10.0.0.0/8 or fd00::/8' },
);

export const httpSettingsSchema = z
  .object({
    userAgent: z.string().min(1).default(defaultFetcherOptions.userAgent),
    timeoutMs: z.number().int().positive().default(defaultFetcherOptions.timeoutMs),
    connectTimeoutMs: z.number().int().positive().default(defaultFetcherOptions.connectTimeoutMs),
    maxBodyBytes: z.number().int().positive().default(defaultFetcherOptions.maxBodyBytes),
    maxRedirects: z.number().int().min(0).max(20).default(defaultFetcherOptions.maxRedirects),
    perHostConcurrency: z.number().int().min(1).max(16).default(defaultFetcherOptions.perHostConcurrency),
    perHostIntervalMs: z.number().int().min(0).default(defaultFetcherOptions.perHostIntervalMs),
    retries: z.number().int().min(0).max(10).default(defaultFetcherOptions.retries),
    /** Private ranges that links found in posts may reach anyway (an intranet wiki, say). */
    allowedRanges: z.array(cidrSchema).default([]),
  })
  .strict();

export const importSettingsSchema = z
  .object({
    /** A compressed file that inflates past this is aborted (compression bombs). */
    maxDecompressedBytes: z
      .number()
      .int()
      .positive()
      .default(4 * 1024 ** 3),
  })
  .strict();

export const clusterSettingsSchema = z
  .object({
    /** A post may join stories active within this many hours of it. */
    windowHours: z
      .number()
      .positive()
      .max(24 * 30)
      .default(72),
    /**
     * An event's coverage lands within this many hours of its first post: a post further from the
     * start of a story needs a closer match to join it (more for each day beyond), so a running
     * story's next development becomes a story of its own.
     */
    eventSpanHours: z
      .number()
      .positive()
      .max(24 * 30)
      .default(24),
  })
  .strict();

export const articlesSettingsSchema = z
  .object({
    /**
     * Linked articles the main job fetches in each pass, before it places the new posts in stories
     * (the newest new posts first): their text helps tell which story a link post belongs to. 0:
     * the main job fetches none (`roundup fetch-articles` still does).
     */
    perPass: z.number().int().min(0).max(10_000).default(50),
  })
  .strict();

export const llmSettingsSchema = z
  .object({
    /** Any OpenAI-compatible server: Ollama (http://127.0.0.1:11434), vLLM, llama.cpp, a hosted API. */
    baseUrl: z.url({ protocol: /^https?$/ }),
    model: z.string().min(1),
    apiKey: z.string().optional(),
    timeoutMs: z.number().int().positive().default(60_000),
  })
  .strict();

export const webSettingsSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    siteTitle: z.string().min(1).max(100).default('roundup'),
    /** Where the site is reachable from outside (absolute links in feeds). */
    baseUrl: z
      .string()
      .regex(/^https?:\/\//)
      .optional(),
    /** Bearer token for actions that change anything (add/remove a source, rebuild); absent = disabled. */
    adminToken: z.string().min(16).optional(),
    cacheTtlMs: z.number().int().min(0).max(3_600_000).default(5_000),
    maxBodyBytes: z.number().int().positive().max(1_048_576).default(16_384),
  })
  .strict();

export const sourceConfigSchema = z.discriminatedUnion('kind', [
  hnSourceSchema,
  redditSourceSchema,
  feedSourceSchema,
]);
export type SourceConfig = z.infer<typeof sourceConfigSchema>;

export const configSchema = z
  .object({
    /** A SQLite file path, or a postgres:// URL. */
    db: z.string().min(1).default('./data/roundup.db'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('error'),
    http: httpSettingsSchema.default(httpSettingsSchema.parse({})),
    import: importSettingsSchema.default(importSettingsSchema.parse({})),
    cluster: clusterSettingsSchema.default(clusterSettingsSchema.parse({})),
    articles: articlesSettingsSchema.default(articlesSettingsSchema.parse({})),
    web: webSettingsSchema.default(webSettingsSchema.parse({})),
    /** Optional model writer; absent means extractive writing only. */
    llm: llmSettingsSchema.optional(),
    hn: hnSettingsSchema.default(hnSettingsSchema.parse({})),
    reddit: redditSettingsSchema.default(redditSettingsSchema.parse({})),
    /** Absent: the default sources (see defaults.ts). An empty list means none. */
    sources: z.array(sourceConfigSchema).optional(),
  })
  .strict();

export type ConfigInput = z.input<typeof configSchema>;
/** A source entry after loading: its id is always set. */
export type ConfiguredSource = SourceConfig & { id: string };
export type Config = Omit<z.infer<typeof configSchema>, 'sources'> & { sources: ConfiguredSource[] };
