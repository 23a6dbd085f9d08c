import type { Config, ConfiguredSource } from '../config/schema.js';
import { createFeedSource } from './feed/index.js';
import { createHnSource } from './hn/index.js';
import { createRedditSource } from './reddit/index.js';
import type { Source } from './types.js';

/** One factory per source kind: adding a kind means adding a line here and a folder. */
const factories: {
  [K in ConfiguredSource['kind']]: (entry: Extract<ConfiguredSource, { kind: K }>, config: Config) => Source;
} = {
  hn: (entry, config) => createHnSource(entry, config.hn),
  reddit: (entry, config) => createRedditSource(entry, config.reddit),
  feed: (entry) => createFeedSource(entry),
};

export function createSource(entry: ConfiguredSource, config: Config): Source {
  const factory = factories[entry.kind] as (entry: ConfiguredSource, config: Config) => Source;
  return factory(entry, config);
}

export function createSources(config: Config): Source[] {
  return config.sources.map((entry) => createSource(entry, config));
}
