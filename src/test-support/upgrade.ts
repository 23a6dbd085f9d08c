import { EXTRACTION_VERSION } from '../extract/index.js';
import { hashSources } from '../pipeline/extract.js';
import type { Store } from '../store/store.js';
import { loadStorySources } from '../store/story-sources.js';

/**
 * Leaves a story's stored facts as the extractor before this one stored them (the hash of its
 * sources under the previous `EXTRACTION_VERSION`); returns the hash this version gives them.
 */
export async function ageStoryFacts(store: Store, storyId: string): Promise<string> {
  const sources = await loadStorySources(store.db, storyId);
  await store.db
    .updateTable('stories')
    .set({ extract_hash: hashSources(sources, EXTRACTION_VERSION - 1) })
    .where('id', '=', storyId)
    .execute();
  return hashSources(sources);
}
