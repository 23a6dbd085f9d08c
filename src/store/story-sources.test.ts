import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeComment, makeDocument, makePost } from '../test-support/make.js';
import { dialects } from '../test-support/stores.js';
import { upsertDocument } from './documents.js';
import { upsertComments, upsertPosts } from './index.js';
import type { Store } from './store.js';
import { applyClustering } from './stories.js';
import {
  countStoryComments,
  loadStoryComments,
  loadStorySources,
  type StorySourcePost,
  storySourcesOf,
} from './story-sources.js';

const T = Date.UTC(2026, 10, 24, 8);

for (const dialect of dialects) {
  describe(`story comments on ${dialect.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ store, dispose } = await dialect.open());
    });
    afterEach(async () => {
      await dispose();
    });

    async function twoThreads(): Promise<void> {
      await upsertPosts(
        store.db,
        [
          makePost({ id: 'reddit:t3_a', kind: 'reddit', community: 'r/a', publishedAt: T }),
          makePost({ id: 'hn:1', publishedAt: T }),
        ],
        T,
      );
      const reddit = (id: string, score: number, minutes: number, author = `u${id}`) =>
        makeComment({
          id: `reddit:${id}`,
          postId: 'reddit:t3_a',
          author,
          text: `comment ${id}`,
          score,
          depth: 0,
          publishedAt: T + minutes * 60_000,
        });
      // Hacker News shows no comment scores: top-level first, then the earliest.
      const hn = (id: string, depth: number, minutes: number) =>
        makeComment({
          id: `hn:${id}`,
          postId: 'hn:1',
          parentId: depth === 0 ? 'hn:1' : 'hn:top-early',
          author: 'pg',
          text: `comment ${id}`,
          depth,
          publishedAt: T + minutes * 60_000,
        });
      await upsertComments(
        store.db,
        [
          reddit('s50', 50, 9),
          reddit('s40', 40, 1),
          reddit('s30', 30, 2, 'us50'),
          reddit('s20', 20, 3),
          reddit('s10', 10, 4),
          { ...reddit('gone', 100, 5), deleted: true },
          { ...reddit('empty', 90, 6), text: '' },
          hn('top-late', 0, 5),
          hn('top-early', 0, 1),
          hn('reply', 1, 0),
        ],
        T,
      );
    }

    it("reads each post's best comments in turns across the posts, up to the budget, in time order", async () => {
      await twoThreads();
      const read = await loadStoryComments(store.db, ['reddit:t3_a', 'hn:1'], 4);
      // Turn one: r/a's best score (s50), Hacker News's earliest top-level; turn two: the next of each.
      expect(read.map((c) => c.id)).toEqual(['hn:top-early', 'reddit:s40', 'hn:top-late', 'reddit:s50']);
      expect(read[1]).toMatchObject({ postId: 'reddit:t3_a', author: 'us40', score: 40, depth: 0 });
      // A budget above the comments there are: every comment but the deleted and the empty one.
      expect((await loadStoryComments(store.db, ['reddit:t3_a', 'hn:1'], 100)).map((c) => c.id)).toEqual([
        'hn:reply',
        'hn:top-early',
        'reddit:s40',
        'reddit:s30',
        'reddit:s20',
        'reddit:s10',
        'hn:top-late',
        'reddit:s50',
      ]);
    });

    it('keeps the best of the whole story when its posts take more than one query', async () => {
      // 401 posts: ids are asked 400 at a time, and the best comment is in the second query.
      const posts = Array.from({ length: 401 }, (_, i) => makePost({ id: `hn:p${i}`, publishedAt: T }));
      await upsertPosts(store.db, posts, T);
      await upsertComments(
        store.db,
        posts.map((post, i) =>
          makeComment({
            id: `hn:c${i}`,
            postId: post.id,
            text: `comment ${i}`,
            score: i === 400 ? 1_000 : i,
            publishedAt: T + i,
          }),
        ),
        T,
      );
      const read = await loadStoryComments(
        store.db,
        posts.map((p) => p.id),
        3,
      );
      expect(read.map((c) => c.id)).toEqual(['hn:c398', 'hn:c399', 'hn:c400']);
    });

    it('counts every comment and author per community, whatever the budget read', async () => {
      await twoThreads();
      const totals = await countStoryComments(
        store.db,
        ['reddit:t3_a', 'hn:1'],
        new Map([
          ['reddit:t3_a', 'r/a'],
          ['hn:1', 'Hacker News'],
        ]),
      );
      expect(totals.get('r/a')?.comments).toBe(5);
      // us50 wrote two of them.
      expect([...(totals.get('r/a')?.authors ?? [])].sort()).toEqual(['us10', 'us20', 'us40', 'us50']);
      expect(totals.get('Hacker News')).toEqual({ comments: 3, authors: new Set(['pg']) });
    });

    it('dates a linked article by the earliest post that shared it, whatever order the posts come in', async () => {
      const link = 'https://news.example.com/cable';
      const shared = (id: string, hours: number, extra: object = {}) =>
        makePost({ id, url: link, dedupKey: link, publishedAt: T + hours * 3_600_000, ...extra });
      // The earliest post has the largest id; a deleted post is no source of its own.
      const posts = [shared('hn:1', 2), shared('hn:2', 1, { deleted: true }), shared('reddit:t3_z', 0)];
      await upsertPosts(store.db, posts, T);
      await applyClustering(
        store.db,
        {
          assignments: posts.map((p, i) => ({
            postId: p.id,
            storyId: 's1',
            created: i === 0,
            similarity: 1,
            reason: 'same link',
          })),
          merges: [],
          posts: new Map(),
        },
        T,
      );
      await upsertDocument(store.db, makeDocument(link, { postId: 'hn:1', html: null }), T);
      const sources = await loadStorySources(store.db, 's1');
      expect(sources.map((s) => [s.id, s.publishedAt])).toEqual([
        ['doc:https://news.example.com/cable', T],
        ['reddit:t3_z', T],
        ['hn:1', T + 2 * 3_600_000],
      ]);
      expect(sources[0]).toMatchObject({ kind: 'document', community: 'Baltic Wire', author: 'Maja' });
      // The same sources from posts a caller read itself (a briefing), in either order.
      const read: StorySourcePost[] = posts.map((p) => ({
        id: p.id,
        community: p.community,
        publishedAt: p.publishedAt,
        author: p.author,
        title: p.title,
        text: p.text,
        dedupKey: p.dedupKey,
        deleted: p.deleted,
      }));
      expect(await storySourcesOf(store.db, read)).toEqual(sources);
      expect(await storySourcesOf(store.db, [...read].reverse())).toEqual(sources);
    });
  });
}
