import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSilentLog } from '../log.js';
import type { Post } from '../model.js';
import { upsertComments, upsertPosts } from '../store/index.js';
import type { Store } from '../store/store.js';
import { applyClustering, getStory, listStories, listStoryMembers } from '../store/stories.js';
import { makeComment, makePost } from '../test-support/make.js';
import { dialects } from '../test-support/stores.js';
import { dedupKey } from '../urls/canonical.js';
import { clusterNewPosts, storyIdFor } from './cluster.js';

const DAY = Date.UTC(2026, 10, 24, 8);
const HOUR = 3_600_000;
const WINDOW = 72 * HOUR;

function post(
  id: string,
  community: string,
  at: number,
  title: string,
  text: string,
  url: string | null,
): Post {
  return makePost({
    id,
    kind: id.startsWith('hn:') ? 'hn' : id.startsWith('reddit:') ? 'reddit' : 'feed',
    community,
    title,
    text,
    url,
    dedupKey: url ? dedupKey(url) : null,
    publishedAt: at,
    score: 50,
    commentCount: 10,
  });
}

/** One company, one day, the same communities: an investment and a share-price fall. */
const posts: Post[] = [
  post(
    'feed:nikkei1',
    'Nikkei Asia',
    DAY,
    'Microsoft to invest $10 billion in Japan AI infrastructure through 2029',
    'Microsoft said it will invest $10 billion in Japan between 2026 and 2029 to build AI data centres and train one million engineers, in cooperation with the Japanese government.',
    'https://asia.nikkei.com/business/microsoft-japan-10bn',
  ),
  post(
    'hn:9001',
    'Hacker News',
    DAY + HOUR,
    'Microsoft commits $10B to AI data centers in Japan',
    '',
    'https://blogs.microsoft.com/japan-investment-2029',
  ),
  post(
    'reddit:t3_aaa',
    'r/technology',
    DAY + 2 * HOUR,
    'Microsoft will spend $10 billion on Japanese AI data centres by 2029',
    'The investment covers data centres, a partnership with Sakura Internet, and training for one million engineers and developers by 2030.',
    'https://www.reuters.com/technology/microsoft-japan-investment/',
  ),
  post(
    'reddit:t3_bbb',
    'r/technology',
    DAY + 3 * HOUR,
    'Microsoft shares fall 4% in Tokyo trading after earnings miss',
    'Microsoft stock dropped 4 percent on Friday after quarterly cloud revenue missed analyst estimates; Azure growth slowed to 29%.',
    'https://www.bloomberg.com/news/microsoft-shares-fall-earnings',
  ),
  post(
    'hn:9002',
    'Hacker News',
    DAY + 4 * HOUR,
    'Microsoft stock slides after Azure growth disappoints',
    'Shares fell as much as 4% after Azure cloud revenue growth of 29% missed estimates for the quarter.',
    'https://www.cnbc.com/microsoft-earnings-azure-miss',
  ),
  // The same article as the Reuters post, with trackers: one story by its dedup key.
  post(
    'feed:reuters1',
    'Reuters',
    DAY + 5 * HOUR,
    'Microsoft to invest $10 bln in Japan',
    '',
    'https://reuters.com/technology/microsoft-japan-investment/?utm_source=rss#x',
  ),
];

for (const dialect of dialects) {
  describe(`clusterNewPosts on ${dialect.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const clock = { now: () => DAY + 6 * HOUR };
    const deps = () => ({ store, clock, log: createSilentLog() });

    beforeEach(async () => {
      ({ store, dispose } = await dialect.open());
      await upsertPosts(store.db, posts, DAY);
      await upsertComments(
        store.db,
        [
          makeComment({
            id: 'hn:1',
            postId: 'hn:9001',
            text: 'A $10 billion bet on Japanese data centres is big news for Sakura Internet.',
          }),
        ],
        DAY,
      );
    });
    afterEach(async () => {
      await dispose();
    });

    it('stores a move before the merges drained with it: the post ends where the clusterer left it', async () => {
      const assign = (postId: string, storyId: string, created: boolean) => ({
        postId,
        storyId,
        created,
        similarity: created ? 0 : 0.5,
        reason: 'test',
      });
      const decisions = {
        assignments: [
          assign('feed:nikkei1', 'a', true),
          assign('reddit:t3_bbb', 'a', false),
          assign('hn:9001', 'b', true),
          assign('hn:9002', 'c', true),
        ],
        // The shares post moved to c, then b was merged into a; a merge takes what b holds by then.
        moves: [{ postId: 'reddit:t3_bbb', from: 'a', to: 'c', similarity: 0.61, reason: 'moved from a' }],
        merges: [{ from: 'b', into: 'a', similarity: 0.4, reason: 'test merge' }],
        posts: new Map(),
      };
      const touched = await store.db.transaction().execute((trx) => applyClustering(trx, decisions, DAY));
      expect([...touched].sort()).toEqual(['a', 'c']);
      const members = await listStoryMembers(store.db, ['a', 'b', 'c']);
      const storyOf = new Map(members.map((m) => [m.postId, m.storyId]));
      expect(Object.fromEntries(storyOf)).toEqual({
        'feed:nikkei1': 'a',
        'hn:9001': 'a',
        'reddit:t3_bbb': 'c',
        'hn:9002': 'c',
      });
      expect(members.find((m) => m.postId === 'reddit:t3_bbb')).toMatchObject({
        similarity: 0.61,
        reason: 'moved from a',
      });
    });

    it('keeps two announcements of one company on one day apart, and joins each one across communities', async () => {
      const report = await clusterNewPosts(deps(), { windowMs: WINDOW });
      expect(report.posts).toBe(6);
      const members = await listStoryMembers(
        store.db,
        (await listStories(store.db)).map((s) => s.id),
      );
      const storyOf = new Map(members.map((m) => [m.postId, m.storyId]));
      const investment = storyOf.get('feed:nikkei1');
      const shares = storyOf.get('reddit:t3_bbb');
      expect(investment).toBeDefined();
      expect(shares).not.toBe(investment);
      for (const id of ['hn:9001', 'reddit:t3_aaa', 'feed:reuters1'])
        expect(storyOf.get(id), id).toBe(investment);
      expect(storyOf.get('hn:9002')).toBe(shares);
      const reutersMember = members.find((m) => m.postId === 'feed:reuters1');
      expect(reutersMember?.reason).toMatch(/same link/);
      expect(reutersMember?.similarity).toBe(1);
    });

    it('changes nothing when run again, and continues the same stories with a new post', async () => {
      await clusterNewPosts(deps(), { windowMs: WINDOW });
      const before = await listStories(store.db);
      const again = await clusterNewPosts(deps(), { windowMs: WINDOW });
      expect(again).toMatchObject({ posts: 0, newStories: 0, joined: 0, merges: 0 });
      expect((await listStories(store.db)).map((s) => [s.id, s.postCount])).toEqual(
        before.map((s) => [s.id, s.postCount]),
      );

      await upsertPosts(
        store.db,
        [
          post(
            'reddit:t3_ccc',
            'r/stocks',
            DAY + 7 * HOUR,
            'MSFT shares drop 4% after Azure revenue misses estimates',
            'Microsoft stock fell 4% as Azure growth of 29% missed analyst estimates for the quarter.',
            'https://www.marketwatch.com/msft-azure-miss',
          ),
        ],
        DAY,
      );
      const next = await clusterNewPosts(deps(), { windowMs: WINDOW });
      expect(next.posts).toBe(1);
      const members = await listStoryMembers(
        store.db,
        (await listStories(store.db)).map((s) => s.id),
      );
      const storyOf = new Map(members.map((m) => [m.postId, m.storyId]));
      expect(storyOf.get('reddit:t3_ccc')).toBe(storyOf.get('reddit:t3_bbb'));
    });

    it('joins a link seen again to its story in a later run, after the story went quiet', async () => {
      await clusterNewPosts(deps(), { windowMs: WINDOW });
      const investment = storyIdFor('feed:nikkei1');
      // Five days on: the investment story left the 72 h window, but not the 14-day dedup window.
      const later = DAY + 5 * 24 * HOUR;
      await upsertPosts(
        store.db,
        [
          post(
            'reddit:t3_late',
            'r/japan',
            later,
            'Five days later: what the Microsoft deal means for Sakura Internet',
            '',
            'https://www.reuters.com/technology/microsoft-japan-investment/?utm_medium=share',
          ),
        ],
        later,
      );
      const report = await clusterNewPosts(
        { store, clock: { now: () => later + HOUR }, log: createSilentLog() },
        { windowMs: WINDOW },
      );
      expect(report).toMatchObject({ posts: 1, newStories: 0, joined: 1 });
      const [member] = await listStoryMembers(store.db, [investment]).then((all) =>
        all.filter((m) => m.postId === 'reddit:t3_late'),
      );
      expect(member).toMatchObject({ storyId: investment, similarity: 1 });
      expect(member?.reason).toMatch(/^same link as reddit:t3_aaa/);
    });

    it('names a story by its stable id and a representative title, with heat from its communities', async () => {
      await clusterNewPosts(deps(), { windowMs: WINDOW });
      const story = await getStory(store.db, storyIdFor('feed:nikkei1'));
      expect(story).not.toBeNull();
      expect(story?.title).toMatch(/Microsoft/);
      expect(story?.postCount).toBe(4);
      expect(story?.communityCount).toBe(4);
      const [hottest] = await listStories(store.db);
      expect(hottest?.id).toBe(story?.id);
    });
  });
}
