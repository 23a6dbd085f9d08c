import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSilentLog } from '../log.js';
import { listStoryEntities, listStoryFacts } from '../store/facts.js';
import { upsertComments, upsertPosts } from '../store/index.js';
import type { Store } from '../store/store.js';
import { loadStorySources } from '../store/story-sources.js';
import { makeComment, makePost } from '../test-support/make.js';
import { dialects } from '../test-support/stores.js';
import { ageStoryFacts } from '../test-support/upgrade.js';
import { clusterNewPosts, storyIdFor } from './cluster.js';
import { ensureStoryFacts } from './extract.js';

const T = Date.UTC(2026, 10, 24, 8);

for (const dialect of dialects) {
  describe(`story facts on ${dialect.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const deps = () => ({ store, clock: { now: () => T + 3_600_000 }, log: createSilentLog() });

    beforeEach(async () => {
      ({ store, dispose } = await dialect.open());
      await upsertPosts(
        store.db,
        [
          makePost({
            id: 'feed:a',
            kind: 'feed',
            community: 'Nikkei Asia',
            title: 'Microsoft to invest $10 billion in Japan',
            text: 'Microsoft will invest $10 billion in Japan from 2026 to 2029 to expand AI data centres, the company said.',
            publishedAt: T,
          }),
        ],
        T,
      );
      await clusterNewPosts(deps(), { windowMs: 72 * 3_600_000 });
    });
    afterEach(async () => {
      await dispose();
    });

    it('extracts a story once over when two processes do it at the same time', async () => {
      const storyId = storyIdFor('feed:a');
      await Promise.all([ensureStoryFacts(deps(), storyId), ensureStoryFacts(deps(), storyId)]);
      const alone = await listStoryFacts(store.db, storyId);
      expect(alone.map((f) => f.kind)).toContain('money');
      const ranks = alone.map((f) => f.rank);
      expect(new Set(ranks).size).toBe(ranks.length);
    });

    it('stores facts with spans that quote their source, and re-extracts only when the story changed', async () => {
      const storyId = storyIdFor('feed:a');
      expect(await ensureStoryFacts(deps(), storyId)).toBe(true);
      const facts = await listStoryFacts(store.db, storyId);
      expect(facts.map((f) => f.kind)).toContain('money');
      const sources = new Map((await loadStorySources(store.db, storyId)).map((s) => [s.id, s.text]));
      for (const fact of facts) {
        for (const span of fact.sources) {
          expect(sources.get(span.id)?.slice(span.start, span.end)).toContain(fact.text.slice(0, 10));
        }
      }
      expect((await listStoryEntities(store.db, storyId)).map((e) => e.name)).toContain('Microsoft');
      expect(await ensureStoryFacts(deps(), storyId)).toBe(false);

      await upsertComments(
        store.db,
        [makeComment({ id: 'hn:1', postId: 'feed:a', text: 'Sakura Internet shares rose 20% on the news.' })],
        T,
      );
      expect(await ensureStoryFacts(deps(), storyId)).toBe(true);
      expect((await listStoryFacts(store.db, storyId)).map((f) => f.kind)).toContain('market_move');
    });

    it('extracts again the facts an older extractor stored', async () => {
      const storyId = storyIdFor('feed:a');
      expect(await ensureStoryFacts(deps(), storyId)).toBe(true);
      await ageStoryFacts(store, storyId);
      expect(await ensureStoryFacts(deps(), storyId)).toBe(true);
      expect(await ensureStoryFacts(deps(), storyId)).toBe(false);
    });
  });
}
