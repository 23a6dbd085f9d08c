import { createHash } from 'node:crypto';
import { EXTRACTION_VERSION, extractStory } from '../extract/index.js';
import type { RoleDefinition, SourceText } from '../extract/types.js';
import type { Clock, Log } from '../log.js';
import { getExtractHash, replaceStoryFacts } from '../store/facts.js';
import type { Store } from '../store/store.js';
import { listStoryIdsSince, lockStory } from '../store/stories.js';
import { loadStorySources } from '../store/story-sources.js';

export interface ExtractDeps {
  store: Store;
  clock: Clock;
  log: Log;
}

export interface ExtractOptions {
  roles?: RoleDefinition[];
}

/**
 * What a story's facts were extracted from: ids and texts of its sources, and the version of the
 * extractor (`EXTRACTION_VERSION`), so that facts stored by an older roundup are extracted again.
 */
export function hashSources(sources: readonly SourceText[], version = EXTRACTION_VERSION): string {
  const hash = createHash('sha256');
  hash.update(`extraction ${version}\u0001`);
  for (const s of sources) hash.update(`${s.id}\u0000${s.community}\u0000${s.text}\u0001`);
  return hash.digest('hex');
}

/**
 * Extracts a story's facts and entities unless its sources are what they were last time
 * (then nothing changes). Returns true when it (re)extracted. `known`: the story's sources, when
 * the caller read them already (`loadStorySources`).
 */
export async function ensureStoryFacts(
  deps: ExtractDeps,
  storyId: string,
  options: ExtractOptions = {},
  known?: readonly SourceText[],
): Promise<boolean> {
  const { store } = deps;
  const sources = known ?? (await loadStorySources(store.db, storyId));
  const hash = hashSources(sources);
  if ((await getExtractHash(store.db, storyId)) === hash) return false;
  const extraction = extractStory(sources, options.roles ? { roles: options.roles } : {});
  const stored = await store.db.transaction().execute(async (trx) => {
    // One writer of the story's facts at a time; a second one finds them stored already.
    await lockStory(trx, storyId);
    if ((await getExtractHash(trx, storyId)) === hash) return false;
    await replaceStoryFacts(trx, storyId, extraction, hash);
    return true;
  });
  if (!stored) return false;
  deps.log.debug(
    { storyId, facts: extraction.facts.length, entities: extraction.entities.length },
    'story facts extracted',
  );
  return true;
}

/** The extract stage: every story active since `since` whose sources changed. */
export async function extractChangedStories(
  deps: ExtractDeps,
  since: number,
  options: ExtractOptions = {},
): Promise<{ stories: number; extracted: number }> {
  const ids = await listStoryIdsSince(deps.store.db, since);
  let extracted = 0;
  for (const id of ids) if (await ensureStoryFacts(deps, id, options)) extracted++;
  return { stories: ids.length, extracted };
}
