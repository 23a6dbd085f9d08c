export { DEFAULT_SOURCES_YAML } from './defaults.js';
export {
  defaultSources,
  deriveSourceId,
  type LoadOptions,
  loadConfig,
  parseConfig,
  redactConfig,
} from './load.js';
export type { Config, ConfiguredSource, SourceConfig } from './schema.js';
