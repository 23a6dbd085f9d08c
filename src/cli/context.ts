import { resolve } from 'node:path';
import { type Config, loadConfig } from '../config/index.js';
import { createFetcher } from '../http/fetcher.js';
import type { Fetcher } from '../http/types.js';
import { createOpenAiCompatibleLlm } from '../llm/openai-compatible.js';
import type { Llm } from '../llm/types.js';
import { type Clock, createLog, type Log, systemClock } from '../log.js';
import { createStore, type Store } from '../store/index.js';

/** Options every command accepts. */
export interface GlobalOptions {
  db?: string;
  config?: string;
  logLevel?: string;
}

/** What commands are given: built once here, the composition root of the CLI process. */
export interface AppContext {
  config: Config;
  configPath: string;
  clock: Clock;
  log: Log;
  /** Opened on first use, closed by `close()`. */
  store(): Promise<Store>;
  fetcher(): Fetcher;
  /** The optional model writer, when `llm` is configured. */
  llm(): Llm | undefined;
  close(): Promise<void>;
}

export const DEFAULT_CONFIG_PATH = './roundup.yaml';

export function resolveConfigPath(globals: GlobalOptions, env: Record<string, string | undefined>): string {
  return resolve(globals.config ?? env.ROUNDUP_CONFIG ?? DEFAULT_CONFIG_PATH);
}

export function createContext(globals: GlobalOptions, env: Record<string, string | undefined>): AppContext {
  const configPath = resolveConfigPath(globals, env);
  const config = loadConfig({
    path: configPath,
    explicit: Boolean(globals.config ?? env.ROUNDUP_CONFIG),
    env,
    db: globals.db,
  });
  const log = createLog(globals.logLevel ?? config.logLevel);
  let store: Promise<Store> | null = null;
  let fetcher: (Fetcher & { close(): Promise<void> }) | null = null;
  let llm: Llm | null = null;
  return {
    config,
    configPath,
    clock: systemClock,
    log,
    store() {
      store ??= createStore(config.db);
      return store;
    },
    fetcher() {
      fetcher ??= createFetcher({ ...config.http, log });
      return fetcher;
    },
    llm() {
      if (!config.llm) return undefined;
      llm ??= createOpenAiCompatibleLlm(
        {
          baseUrl: config.llm.baseUrl,
          model: config.llm.model,
          apiKey: config.llm.apiKey ?? null,
          timeoutMs: config.llm.timeoutMs,
        },
        this.fetcher(),
      );
      return llm;
    },
    async close() {
      if (fetcher) await fetcher.close();
      if (store)
        await store.then(
          (s) => s.close(),
          () => undefined,
        );
    },
  };
}
