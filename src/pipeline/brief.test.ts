import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiCompatibleLlm } from '../llm/openai-compatible.js';
import { createTestFetcher, startChatServer } from '../llm/test-server.js';
import { createSilentLog } from '../log.js';
import { getLatestBriefing } from '../store/briefings.js';
import { upsertDocument } from '../store/documents.js';
import { getExtractHash } from '../store/facts.js';
import { upsertComments, upsertPosts } from '../store/index.js';
import type { Store } from '../store/store.js';
import { getStory, setBriefedInputs, storyInputs } from '../store/stories.js';
import { STORY_COMMENT_BUDGET } from '../store/story-sources.js';
import { makeComment, makePost } from '../test-support/make.js';
import { dialects } from '../test-support/stores.js';
import { ageStoryFacts } from '../test-support/upgrade.js';
import { briefChangedStories, buildBriefing, loadBriefingInput } from './brief.js';
import { clusterNewPosts, storyIdFor } from './cluster.js';

const T = Date.UTC(2026, 10, 24, 8);

for (const dialect of dialects) {
  describe(`briefings on ${dialect.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let now = T + 3_600_000;
    const deps = () => ({ store, clock: { now: () => now }, log: createSilentLog() });

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
            text: 'Microsoft will invest $10 billion in Japan from 2026 to 2029 to expand AI data centres, the company said on Tuesday.',
            url: 'https://asia.nikkei.com/microsoft-japan',
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

    it('stores a grounded briefing once, and a new version only when the story changed', async () => {
      const storyId = storyIdFor('feed:a');
      const first = await buildBriefing(deps(), storyId);
      expect(first).toMatchObject({ version: 1, created: true, failures: [] });
      expect(first?.briefing.grounded).toBe(true);
      expect(first?.briefing.headline).toBe('Microsoft to invest $10 billion in Japan');
      now += 60_000;
      const again = await buildBriefing(deps(), storyId);
      expect(again).toMatchObject({ version: 1, created: false });

      await upsertComments(
        store.db,
        [
          makeComment({
            id: 'hn:7',
            postId: 'feed:a',
            author: 'kate',
            text: 'This is great news for Japanese engineers.',
          }),
        ],
        T,
      );
      const changed = await buildBriefing(deps(), storyId);
      expect(changed).toMatchObject({ version: 2, created: true });
      const stored = await getLatestBriefing(store.db, storyId);
      expect(stored?.version).toBe(2);
      const body = JSON.parse(stored?.body ?? '{}') as { byline: string };
      expect(body.byline).toMatch(/1 post and 1 comment|1 posts? and 1 comments?/);
    });

    it('writes a story once when two writers brief it at the same time (the main job and an admin rebuild)', async () => {
      const storyId = storyIdFor('feed:a');
      const [one, two] = await Promise.all([buildBriefing(deps(), storyId), buildBriefing(deps(), storyId)]);
      expect([one?.version, two?.version]).toEqual([1, 1]);
      expect([one?.created, two?.created].sort()).toEqual([false, true]);
      const versions = await store.db
        .selectFrom('briefings')
        .select('version')
        .where('story_id', '=', storyId)
        .execute();
      expect(versions).toHaveLength(1);
    });

    it('keeps the extractive text when the model writer invents a number, and still publishes', async () => {
      const server = await startChatServer();
      const fetcher = createTestFetcher();
      try {
        const invented = JSON.stringify({
          sentences: [{ text: 'Microsoft will invest $12 billion in Japan by 2031 [1].', citations: [1] }],
        });
        server.script(
          { content: invented },
          { content: invented },
          { content: invented },
          { content: invented },
        );
        const llm = createOpenAiCompatibleLlm(
          { baseUrl: server.baseUrl, model: 'test', timeoutMs: 5_000 },
          fetcher,
        );
        const result = await buildBriefing({ ...deps(), llm }, storyIdFor('feed:a'));
        expect(server.requests.length).toBeGreaterThan(0);
        expect(result?.version).toBe(1);
        const text = JSON.stringify(result?.briefing.sections);
        expect(text).not.toMatch(/12 billion|2031/);
        expect(text).toMatch(/10 billion/);
      } finally {
        await fetcher.close();
        await server.close();
      }
    });

    it('writes again only the stories whose posts, comments or members changed since their last briefing', async () => {
      const since = T - 72 * 3_600_000;
      expect(await briefChangedStories(deps(), since)).toEqual({ stories: 1, created: 1, failed: 0 });
      // Nothing new: the pass composes nothing (it used to compose every active story).
      expect(await briefChangedStories(deps(), since)).toEqual({ stories: 0, created: 0, failed: 0 });

      now += 60_000;
      await upsertComments(
        store.db,
        [makeComment({ id: 'hn:8', postId: 'feed:a', text: 'Big news for data centre builders.' })],
        now,
      );
      expect(await briefChangedStories(deps(), since)).toMatchObject({ stories: 1 });
      expect(await briefChangedStories(deps(), since)).toMatchObject({ stories: 0 });

      now += 60_000;
      const reuters = makePost({
        id: 'feed:b',
        kind: 'feed',
        community: 'Reuters',
        title: 'Microsoft plans $10 billion investment in Japan AI data centres',
        text: 'Microsoft said it would invest $10 billion in Japan through 2029 in AI data centres and cloud capacity.',
        url: 'https://www.reuters.com/microsoft-japan',
        publishedAt: T + 30 * 60_000,
      });
      await upsertPosts(store.db, [reuters], now);
      await clusterNewPosts(deps(), { windowMs: 72 * 3_600_000 });
      expect(await briefChangedStories(deps(), since)).toMatchObject({ stories: 1, created: 1 });
      const stored = await getLatestBriefing(store.db, storyIdFor('feed:a'));
      expect(JSON.parse(stored?.body ?? '{}').byline).toMatch(/2 posts/);

      // A poll that only raises a post's score still counts: the briefing shows engagement.
      now += 60_000;
      await upsertPosts(store.db, [{ ...reuters, score: 99 }], now);
      expect(await briefChangedStories(deps(), since)).toMatchObject({ stories: 1 });
    });

    it('writes every story of the window again once after roundup is upgraded', async () => {
      const since = T - 72 * 3_600_000;
      const storyId = storyIdFor('feed:a');
      expect(await briefChangedStories(deps(), since)).toMatchObject({ stories: 1 });
      // As an older roundup left it: its briefing and its facts written by another extractor.
      const older = await storyInputs(store.db, [storyId], 'extraction 1, writer 1');
      await setBriefedInputs(store.db, storyId, older.get(storyId) as string);
      const current = await ageStoryFacts(store, storyId);

      expect(await briefChangedStories(deps(), since)).toMatchObject({ stories: 1 });
      // The facts were extracted again by this version, and the next pass writes nothing.
      expect(await getExtractHash(store.db, storyId)).toBe(current);
      expect(await briefChangedStories(deps(), since)).toMatchObject({ stories: 0 });
    });

    it('writes the window again when the model writer is turned on, changed or turned off', async () => {
      const since = T - 72 * 3_600_000;
      // A model that is never reached: the extractive text stays, but the inputs name the model.
      const model = (id: string) => ({
        id,
        complete: async () => {
          throw new Error('offline');
        },
      });
      expect(await briefChangedStories(deps(), since)).toMatchObject({ stories: 1 });
      expect(await briefChangedStories({ ...deps(), llm: model('a@local') }, since)).toMatchObject({
        stories: 1,
      });
      expect(await briefChangedStories({ ...deps(), llm: model('a@local') }, since)).toMatchObject({
        stories: 0,
      });
      expect(await briefChangedStories({ ...deps(), llm: model('b@local') }, since)).toMatchObject({
        stories: 1,
      });
      expect(await briefChangedStories(deps(), since)).toMatchObject({ stories: 1 });
    });

    it('reads at most the comment budget of a huge thread, and counts every comment', async () => {
      const count = STORY_COMMENT_BUDGET + 10;
      await upsertComments(
        store.db,
        Array.from({ length: count }, (_, i) =>
          makeComment({
            id: `nikkei:c${i}`,
            postId: 'feed:a',
            author: `reader${i % 700}`,
            text: `Comment ${i} on the Japan investment.`,
            score: i,
            publishedAt: T + i,
          }),
        ),
        T,
      );
      const story = await getStory(store.db, storyIdFor('feed:a'));
      if (!story) throw new Error('no story');
      const input = await loadBriefingInput(store, story, now);
      expect(input.comments).toHaveLength(STORY_COMMENT_BUDGET);
      // The best-scored ones; the facts and quotes read the same comments.
      expect(Math.min(...input.comments.map((c) => c.score ?? 0))).toBe(10);
      const read = new Set(input.comments.map((c) => c.id));
      expect(input.sources.filter((s) => s.kind === 'comment').every((s) => read.has(s.id))).toBe(true);
      expect(input.sources.filter((s) => s.kind === 'comment')).toHaveLength(STORY_COMMENT_BUDGET);
      const totals = input.commentTotals?.get('Nikkei Asia');
      expect(totals?.comments).toBe(count);
      expect(totals?.authors.size).toBe(700);
    });

    it("lists a linked article under its post's title and link", async () => {
      // The post's link as ingest keys it (makePost leaves it out).
      await store.db
        .updateTable('posts')
        .set({ dedup_key: 'asia.nikkei.com/microsoft-japan' })
        .where('id', '=', 'feed:a')
        .execute();
      await upsertDocument(
        store.db,
        {
          dedupKey: 'asia.nikkei.com/microsoft-japan',
          url: 'https://asia.nikkei.com/microsoft-japan',
          postId: 'feed:a',
          canonicalUrl: null,
          canonicalKey: null,
          title: 'Microsoft to invest $10 billion in Japan',
          byline: 'Kenji Kawase',
          site: 'Nikkei Asia',
          text: 'Microsoft will spend the money on data centres in Tokyo and Osaka over four years.',
          html: null,
        },
        now,
      );
      const result = await buildBriefing(deps(), storyIdFor('feed:a'));
      const document = result?.briefing.sources.find((source) => source.kind === 'document');
      expect(document).toMatchObject({
        title: 'Microsoft to invest $10 billion in Japan',
        url: 'https://asia.nikkei.com/microsoft-japan',
      });
    });

    it('answers null for an unknown story', async () => {
      expect(await buildBriefing(deps(), 's_nope')).toBeNull();
    });
  });
}
