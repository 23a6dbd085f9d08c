import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshStories } from '../pipeline/cluster.js';
import { saveBriefing } from '../store/briefings.js';
import { upsertPosts } from '../store/index.js';
import { indexStory, parseSearchTerms, SNIPPET_START, searchDocs, syncSearchIndex } from '../store/search.js';
import type { Store } from '../store/store.js';
import { applyClustering } from '../store/stories.js';
import { makePost } from '../test-support/make.js';
import { dialects } from '../test-support/stores.js';
import { buildWebFixture, CLEAN_STORY, FIXTURE_NOW, HOSTILE_STORY } from './test-fixture.js';

describe('parseSearchTerms', () => {
  it('keeps letters and digits only, so no query syntax reaches the engine', () => {
    expect(parseSearchTerms('"NEAR(x*) OR -y:^ €4bn Ärger')).toEqual([
      'near',
      'x',
      'or',
      'y',
      '4bn',
      'ärger',
    ]);
    expect(parseSearchTerms('  ** ')).toEqual([]);
    expect(parseSearchTerms(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '))).toHaveLength(12);
  });
});

for (const dialect of dialects) {
  describe(`search index (${dialect.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const search = (q: string) => searchDocs(store.db, store.dialect, q);

    beforeAll(async () => {
      ({ store, dispose } = await dialect.open());
      await buildWebFixture(store);
    });
    afterAll(async () => {
      await dispose();
    });

    it('finds stories by briefing prose, posts by title and text, facts by statement', async () => {
      const story = await search('turbines');
      expect(story.hits.map((h) => `${h.kind}:${h.refId}`)).toContain(`story:${CLEAN_STORY}`);
      const post = await search('substations');
      expect(post.hits.map((h) => h.refId)).toContain('hn:100');
      const fact = await searchDocs(store.db, store.dialect, 'shares rose', { kinds: ['fact'] });
      expect(fact.hits[0]?.refId).toBe(`${CLEAN_STORY}:f1`);
      expect(fact.hits[0]?.snippet).toContain(SNIPPET_START);
      // Stemming: "investing" finds "invest".
      expect((await search('investing')).hits.length).toBeGreaterThan(0);
    });

    it('does nothing when nothing changed', async () => {
      expect(await syncSearchIndex(store.db, FIXTURE_NOW)).toEqual({ indexed: 0, removed: 0 });
    });

    it('re-indexes a story when a post joins it or a new briefing is written', async () => {
      await upsertPosts(
        store.db,
        [
          makePost({
            id: 'hn:300',
            title: 'Cable ship Zephyrine starts laying the Nordwind link',
            publishedAt: FIXTURE_NOW,
          }),
        ],
        FIXTURE_NOW,
      );
      await applyClustering(
        store.db,
        {
          assignments: [
            { postId: 'hn:300', storyId: CLEAN_STORY, created: false, similarity: 0.8, reason: 'test' },
          ],
          merges: [],
          posts: new Map(),
        },
        FIXTURE_NOW,
      );
      await refreshStories(store, [CLEAN_STORY], FIXTURE_NOW);
      expect((await search('zephyrine')).hits).toHaveLength(0);
      expect(await syncSearchIndex(store.db, FIXTURE_NOW)).toEqual({ indexed: 1, removed: 0 });
      expect((await search('zephyrine')).hits.map((h) => h.refId)).toEqual(['hn:300']);

      await saveBriefing(
        store.db,
        {
          storyId: CLEAN_STORY,
          contentHash: 'v2',
          headline: 'Nordwind grid: the Quokkaline update',
          grounded: true,
          body: JSON.stringify({ headline: 'Nordwind grid: the Quokkaline update', sections: [] }),
        },
        FIXTURE_NOW,
      );
      expect(await syncSearchIndex(store.db, FIXTURE_NOW)).toEqual({ indexed: 1, removed: 0 });
      expect((await search('quokkaline')).hits.map((h) => h.kind)).toEqual(['story']);
    });

    it('drops the rows of a story merged into another', async () => {
      expect((await search('mallory')).hits.length).toBeGreaterThan(0);
      await store.db
        .updateTable('stories')
        .set({ merged_into: CLEAN_STORY })
        .where('id', '=', HOSTILE_STORY)
        .execute();
      expect(await syncSearchIndex(store.db, FIXTURE_NOW)).toEqual({ indexed: 0, removed: 1 });
      expect((await search('mallory')).hits).toHaveLength(0);
      expect(await indexStory(store.db, 's_never', FIXTURE_NOW)).toBe('removed');
    });
  });
}
