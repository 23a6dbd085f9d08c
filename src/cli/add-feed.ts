import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument } from 'yaml';
import { DEFAULT_SOURCES_YAML, deriveSourceId } from '../config/index.js';
import { ConfigError, UsageError } from '../errors.js';
import { resolveFeedUrl } from '../sources/feed/discover.js';
import type { AppContext } from './context.js';
import type { Output } from './output.js';

/**
 * `roundup add-feed URL`: finds the feed (the URL itself, or the page's <link rel=alternate>),
 * and appends it to roundup.yaml, keeping the file's comments.
 */
export async function runAddFeed(
  context: AppContext,
  output: Output,
  url: string,
  options: { id?: string; name?: string; json?: boolean },
): Promise<number> {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new UsageError(`add-feed: ${url} is not an http(s) URL`);
  }
  const found = await resolveFeedUrl(context.fetcher(), url);
  const feedUrl = found.url;
  if (context.config.sources.some((s) => s.kind === 'feed' && s.url === feedUrl)) {
    output.out(`add-feed: ${feedUrl} is already configured`);
    return 0;
  }
  const path = context.configPath;
  const text = existsSync(path) ? readFileSync(path, 'utf8') : DEFAULT_SOURCES_YAML;
  const document = parseDocument(text);
  if (document.errors.length > 0)
    throw new ConfigError(`add-feed: unable to parse ${path}: ${document.errors[0]?.message}`);
  if (!isMap(document.contents)) throw new ConfigError(`add-feed: ${path} must be a mapping of options`);
  let sources = document.get('sources');
  if (!isSeq(sources)) {
    sources = document.createNode([]);
    document.set('sources', sources);
  }
  const id = options.id ?? deriveSourceId({ kind: 'feed', url: feedUrl, pollEveryMin: 30 });
  const entry: Record<string, unknown> = { kind: 'feed', id, url: feedUrl, pollEveryMin: 30 };
  if (options.name) entry.name = options.name;
  const node = document.createNode(entry);
  node.flow = true;
  (sources as { add(value: unknown): void }).add(node);
  writeFileSync(path, document.toString(), 'utf8');
  if (options.json) output.json({ id, url: feedUrl, title: found.title, config: path });
  else output.out(`add-feed: added ${found.title ? `"${found.title}" ` : ''}${feedUrl} as ${id} to ${path}`);
  return 0;
}
