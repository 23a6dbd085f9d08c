import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSilentLog } from '../log.js';
import type { Post } from '../model.js';
import { upsertComments, upsertPosts } from '../store/index.js';
import type { Db, Store } from '../store/store.js';
import {
  applyClustering,
  getStory,
  listStories,
  listStoryMembers,
  type StoryMember,
} from '../store/stories.js';
import { makeComment, makePost } from '../test-support/make.js';
import { dialects } from '../test-support/stores.js';
import { dedupKey } from '../urls/canonical.js';
import {
  CLUSTER_LEASE,
  clusterNewPosts,
  createClusterSession,
  storyIdFor,
  summarizeStory,
} from './cluster.js';
import { createHolderId, takeLease } from './lease.js';

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

/**
 * Ten days of made-up news in time order: each day three events of one to four posts over a few
 * hours, from several communities, with words of their own among common ones; one event in four
 * comes back five days later through the same link (past the window, within the dedup window).
 */
function stream(): Post[] {
  let state = 20261206;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const syllables = ['ka', 'lo', 'mi', 'ne', 'su', 'ta', 'ri', 'po', 'va', 'de', 'gu', 'zo'];
  const word = () => Array.from({ length: 3 }, () => pick(syllables)).join('');
  const common = Array.from({ length: 60 }, word);
  const communities = ['Hacker News', 'r/technology', 'r/worldnews', 'Reuters', 'The Verge'];
  const out: Post[] = [];
  const comebacks: Array<{ at: number; words: string[]; url: string }> = [];
  // A later post on an event without its link, past the event span: scored with the age penalty.
  const lates: Array<{ at: number; words: string[] }> = [];
  const say = (words: readonly string[], count: number) =>
    Array.from({ length: count }, () => (random() < 0.45 ? pick(words) : pick(common))).join(' ');
  const emit = (at: number, words: readonly string[], url: string | null) => {
    const id = `feed:${out.length}`;
    out.push(post(id, pick(communities), at, say(words, 7), `${say(words, 40)}.`, url));
  };
  for (let day = 0; day < 10; day++) {
    for (let e = 0; e < 3; e++) {
      const words = Array.from({ length: 8 }, word);
      const start = DAY + day * 24 * HOUR + e * 7 * HOUR;
      const url = `https://news.example/${day}-${e}`;
      const size = 1 + Math.floor(random() * 4);
      for (let i = 0; i < size; i++) emit(start + i * 2 * HOUR, words, i === 0 ? url : null);
      if (random() < 0.25) comebacks.push({ at: start + 5 * 24 * HOUR, words, url });
      if (random() < 0.3) lates.push({ at: start + 40 * HOUR, words });
    }
  }
  for (const { at, words, url } of comebacks) emit(at, words, url);
  for (const { at, words } of lates) emit(at, words, null);
  return out.sort((a, b) => a.publishedAt - b.publishedAt || (a.id < b.id ? -1 : 1));
}

describe('summarizeStory', () => {
  it('sums up a story of 150,000 posts (a long-lived link in an archive)', () => {
    const members: StoryMember[] = Array.from({ length: 150_000 }, (_, i) => ({
      postId: `reddit:t3_${i}`,
      storyId: 's',
      similarity: 1,
      reason: 'same link',
      joinedAt: DAY,
      community: `r/sub${i % 7}`,
      title: i % 2 === 0 ? 'Kyoto grid' : i % 3 === 0 ? 'Osaka grid' : 'Kyoto grid cable',
      url: null,
      permalink: null,
      author: null,
      score: 1,
      commentCount: 0,
      publishedAt: DAY - i * 1000,
    }));
    const summary = summarizeStory(members, DAY);
    expect(summary).toMatchObject({
      // Most like the rest; of its copies, the earliest.
      title: 'Kyoto grid',
      representativePostId: 'reddit:t3_149998',
      firstSeen: DAY - 149_999_000,
      lastSeen: DAY,
      postCount: 150_000,
      communityCount: 7,
    });
  });
});

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

    it('takes the event span it is given: a related post days later joins only under a longer span', async () => {
      const later = post(
        'hn:9100',
        'Hacker News',
        DAY + 66 * HOUR,
        'Microsoft picks Sakura Internet for GPU capacity in Japan',
        'Sakura Internet will supply GPU capacity for the AI data centres Microsoft is building in Japan with its $10 billion investment, the company said on Friday. It expects cloud revenue to double by 2029 and will train engineers.',
        null,
      );
      const storyOfLater = async (eventSpanMs: number | undefined) => {
        const { store: own, dispose: close } = await dialect.open();
        try {
          await upsertPosts(own.db, [...posts, later], DAY);
          const options =
            eventSpanMs === undefined ? { windowMs: WINDOW } : { windowMs: WINDOW, eventSpanMs };
          await clusterNewPosts({ store: own, clock, log: createSilentLog() }, options);
          const members = await listStoryMembers(
            own.db,
            (await listStories(own.db)).map((s) => s.id),
          );
          const storyOf = new Map(members.map((m) => [m.postId, m.storyId]));
          return {
            same: storyOf.get('hn:9100') === storyOf.get('feed:nikkei1'),
            reason: members.find((m) => m.postId === 'hn:9100')?.reason,
          };
        } finally {
          await close();
        }
      };
      const byDefault = await storyOfLater(undefined);
      expect(byDefault.same).toBe(false);
      expect(byDefault.reason).toContain('story began 2.8 days before this post');
      expect((await storyOfLater(96 * HOUR)).same).toBe(true);
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

    it('places posts over several runs, a day at a time, as one run does', async () => {
      const all = stream();
      const storiesOf = async (target: Store) => {
        const stories = await listStories(target.db, { limit: 10_000 });
        const members = await listStoryMembers(
          target.db,
          stories.map((story) => story.id),
        );
        // The similarity too: with the idf corpus of another span, the same joins score otherwise.
        return Object.fromEntries(members.map((m) => [m.postId, `${m.storyId} ${m.similarity} ${m.reason}`]));
      };
      const runInDays = async (target: Store, session?: ReturnType<typeof createClusterSession>) => {
        for (let day = 0; day < 16; day++) {
          const until = DAY + (day + 1) * 24 * HOUR;
          const batch = all.filter((p) => p.publishedAt >= until - 24 * HOUR && p.publishedAt < until);
          await upsertPosts(target.db, batch, until);
          await clusterNewPosts(
            { store: target, clock: { now: () => until }, log: createSilentLog() },
            { windowMs: WINDOW },
            session,
          );
        }
      };
      const once = await dialect.open();
      const daily = await dialect.open();
      const resident = await dialect.open();
      try {
        await upsertPosts(once.store.db, all, DAY);
        await clusterNewPosts(
          { store: once.store, clock: { now: () => DAY + 16 * 24 * HOUR }, log: createSilentLog() },
          { windowMs: WINDOW },
        );
        const expected = await storiesOf(once.store);
        expect(Object.keys(expected)).toHaveLength(all.length);
        // Some events are one story of several posts, some came back through their link.
        const sizes = new Map<string, number>();
        for (const member of Object.values(expected)) {
          const id = member.split(' ')[0] as string;
          sizes.set(id, (sizes.get(id) ?? 0) + 1);
        }
        expect([...sizes.values()].filter((size) => size > 1).length).toBeGreaterThan(5);
        expect(sizes.size).toBeGreaterThan(20);
        // Some posts were scored with the age penalty, joining or not.
        expect(
          Object.values(expected).filter((member) => member.includes('story began')).length,
        ).toBeGreaterThan(2);

        await runInDays(daily.store);
        expect(await storiesOf(daily.store)).toEqual(expected);
        await runInDays(resident.store, createClusterSession());
        expect(await storiesOf(resident.store)).toEqual(expected);
      } finally {
        await Promise.all([once.dispose(), daily.dispose(), resident.dispose()]);
      }
    });

    it('continues with the clusterer of the last run only while no other run placed posts', async () => {
      const session = createClusterSession();
      const at = (hours: number) => ({
        store,
        clock: { now: () => DAY + hours * HOUR },
        log: createSilentLog(),
      });
      await clusterNewPosts(at(6), { windowMs: WINDOW }, session);
      expect(session.resident).not.toBeNull();
      const kept = session.resident?.clusterer;
      // Another process places a post linking a new article …
      const article = 'https://www.ft.com/content/sakura-internet-gpu-order';
      await upsertPosts(
        store.db,
        [
          post(
            'feed:ft1',
            'Financial Times',
            DAY + 7 * HOUR,
            'Sakura Internet orders more GPUs',
            '',
            article,
          ),
        ],
        DAY,
      );
      await clusterNewPosts(at(8), { windowMs: WINDOW });
      // … so this run cannot continue from what it knew: it would not know that link.
      await upsertPosts(
        store.db,
        [
          post(
            'hn:9100',
            'Hacker News',
            DAY + 9 * HOUR,
            'Sakura Internet GPU order',
            '',
            `${article}?utm_source=hn`,
          ),
        ],
        DAY,
      );
      await clusterNewPosts(at(10), { windowMs: WINDOW }, session);
      expect(session.resident?.clusterer).not.toBe(kept);
      const [member] = (await listStoryMembers(store.db, [storyIdFor('feed:ft1')])).filter(
        (m) => m.postId === 'hn:9100',
      );
      expect(member?.reason).toBe('same link as feed:ft1');
      // Nothing changed since: the next run continues with the same clusterer.
      const again = session.resident?.clusterer;
      await upsertPosts(
        store.db,
        [
          post(
            'reddit:t3_zzz',
            'r/japan',
            DAY + 11 * HOUR,
            'A quiet day in Osaka',
            'Nothing happened at all in Osaka today, said nobody in particular.',
            null,
          ),
        ],
        DAY,
      );
      await clusterNewPosts(at(12), { windowMs: WINDOW }, session);
      expect(session.resident?.clusterer).toBe(again);
    });

    it('lets one run at a time place posts: a run started meanwhile skips, and stores nothing', async () => {
      // The first run holds the lease as clusterNewPosts takes it (this process, alive). Taken
      // here rather than by a second concurrent run, which could finish before the other asks.
      const first = await takeLease(store.db, { name: CLUSTER_LEASE, clock, ttlMs: HOUR });
      if (!('lease' in first)) throw new Error('lease not taken');
      const skipped = await clusterNewPosts(deps(), { windowMs: WINDOW });
      expect(skipped).toMatchObject({ posts: 0, refreshed: 0 });
      expect(skipped.skipped).toMatch(/^another process is placing posts: [^:]+:\d+:\w+, until \d{4}-/);
      expect(await listStories(store.db)).toHaveLength(0);
      await first.lease.release();
      // Given up: the next run goes ahead.
      const placed = await clusterNewPosts(deps(), { windowMs: WINDOW });
      expect(placed).toMatchObject({ posts: 6, skipped: null });
      const members = await listStoryMembers(
        store.db,
        (await listStories(store.db)).map((s) => s.id),
      );
      expect(members).toHaveLength(6);
    });

    it('takes the lease of a run on this machine whose process is gone, and waits for one elsewhere', async () => {
      const gone = spawnSync(process.execPath, ['-e', '']).pid;
      const hold = async (holder: string, expiresAt: number) =>
        store.db
          .insertInto('leases')
          .values({ name: CLUSTER_LEASE, holder, expires_at: expiresAt })
          .execute();
      await hold(createHolderId().replace(/:\d+:/, `:${gone}:`), DAY + 100 * HOUR);
      expect((await clusterNewPosts(deps(), { windowMs: WINDOW })).posts).toBe(6);

      await store.db.deleteFrom('leases').execute();
      await upsertPosts(
        store.db,
        [post('reddit:t3_ddd', 'r/japan', DAY + 5 * HOUR, 'Osaka weather', 'Rain all day in Osaka.', null)],
        DAY,
      );
      await hold('other-machine:4242:abcd1234', clock.now() + 60_000);
      const busy = await clusterNewPosts(deps(), { windowMs: WINDOW });
      expect(busy.skipped).toContain('other-machine:4242:abcd1234');
      expect(busy.posts).toBe(0);
      const later = { ...deps(), clock: { now: () => clock.now() + 60_000 } };
      expect(await clusterNewPosts(later, { windowMs: WINDOW })).toMatchObject({ skipped: null, posts: 1 });
    });

    it('stops without storing its next batch when another process took its lease', async () => {
      // The store as the run sees it: before its second batch's transaction, the lease expired
      // and another process took it.
      let transactions = 0;
      const db = new Proxy(store.db, {
        get(target, property) {
          if (property === 'transaction')
            return () => ({
              async execute<T>(work: (trx: Db) => Promise<T>): Promise<T> {
                if (++transactions === 2)
                  await target
                    .updateTable('leases')
                    .set({ holder: 'other-machine:1:thief' })
                    .where('name', '=', CLUSTER_LEASE)
                    .execute();
                return target.transaction().execute(work);
              },
            });
          const value = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      await expect(
        clusterNewPosts({ ...deps(), store: { ...store, db } }, { windowMs: WINDOW, batchSize: 2 }),
      ).rejects.toThrow(/cluster: unable to renew the lease .*another process holds it now/);
      expect(transactions).toBe(2);
      const members = await listStoryMembers(
        store.db,
        (await listStories(store.db)).map((s) => s.id),
      );
      expect(members).toHaveLength(2);
      // The lease is the other process's: it was not given up on the way out.
      const [lease] = await store.db.selectFrom('leases').selectAll().execute();
      expect(lease?.holder).toBe('other-machine:1:thief');
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
