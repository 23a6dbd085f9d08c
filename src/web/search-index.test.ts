import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshStories } from '../pipeline/cluster.js';
import { saveBriefing } from '../store/briefings.js';
import { replaceStoryFacts } from '../store/facts.js';
import { upsertPosts } from '../store/index.js';
import { indexStory, parseSearchTerms, SNIPPET_START, searchDocs, syncSearchIndex } from '../store/search.js';
import { migrateStore, type Store } from '../store/store.js';
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

    it('re-indexes a story whose facts were extracted again', async () => {
      expect(await syncSearchIndex(store.db, FIXTURE_NOW)).toEqual({ indexed: 0, removed: 0 });
      await replaceStoryFacts(
        store.db,
        CLEAN_STORY,
        {
          facts: [
            {
              kind: 'market_move',
              value: { company: 'PSG', change: -0.09 },
              text: 'PSG shares slumped 9% after the tender.',
              sources: [{ id: 'feed:bw1', start: 0, end: 10 }],
              communities: 1,
              firstReportedAt: FIXTURE_NOW,
              conflict: false,
              speaker: null,
            },
          ],
          entities: [],
        },
        'extracted again',
      );
      expect(await syncSearchIndex(store.db, FIXTURE_NOW)).toEqual({ indexed: 1, removed: 0 });
      expect((await search('slumped')).hits.map((h) => h.refId)).toContain(`${CLEAN_STORY}:f0`);
    });

    it('finds the stories whose search rows lag behind when a store made before the pending flag is opened', async () => {
      expect(await syncSearchIndex(store.db, FIXTURE_NOW)).toEqual({ indexed: 0, removed: 0 });
      // As a store at migration 0010 was: no flag, and one story renamed since it was indexed.
      await sql`DROP INDEX stories_search_pending`.execute(store.db);
      await sql`ALTER TABLE stories DROP COLUMN search_pending`.execute(store.db);
      await sql`DELETE FROM kysely_migration WHERE name = '0011_search_pending'`.execute(store.db);
      await sql`UPDATE stories SET title = 'Renamed by an older roundup' WHERE id = ${CLEAN_STORY}`.execute(
        store.db,
      );
      await migrateStore(store);
      expect(await syncSearchIndex(store.db, FIXTURE_NOW)).toEqual({ indexed: 1, removed: 0 });
      expect((await search('older roundup')).hits.map((h) => h.refId)).toContain(CLEAN_STORY);
    });

    it('drops the rows of a story merged into another', async () => {
      expect((await search('mallory')).hits.length).toBeGreaterThan(0);
      await applyClustering(
        store.db,
        {
          assignments: [],
          merges: [{ from: HOSTILE_STORY, into: CLEAN_STORY, similarity: 0.5, reason: 'test merge' }],
          posts: new Map(),
        },
        FIXTURE_NOW,
      );
      // The survivor's own search rows carry the posts it absorbed once it is refreshed; the
      // story merged away loses its rows.
      expect((await syncSearchIndex(store.db, FIXTURE_NOW)).removed).toBe(1);
      expect((await search('mallory')).hits).toHaveLength(0);
      expect(await indexStory(store.db, 's_never', FIXTURE_NOW)).toBe('removed');
    });
  });
}
