import { existsSync, writeFileSync } from 'node:fs';
import { DEFAULT_SOURCES_YAML } from '../config/index.js';
import { UsageError } from '../errors.js';
import type { Output } from './output.js';

/** `roundup init`: writes a commented roundup.yaml with the default sources. */
export function runInit(output: Output, path: string, options: { force?: boolean }): number {
  if (existsSync(path) && !options.force) {
    throw new UsageError(`init: ${path} exists already (use --force to overwrite it)`);
  }
  writeFileSync(path, DEFAULT_SOURCES_YAML, 'utf8');
  output.out(`init: wrote ${path}; edit its sources, then run \`roundup ingest\``);
  return 0;
}
