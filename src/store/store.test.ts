import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeComment, makePost } from '../test-support/make.js';
import { dialects } from '../test-support/stores.js';
import {
  appendIngestLog,
  ensureSource,
  getPost,
  getSourceState,
  getStats,
  listComments,
  listIngestLog,
  lookupPosts,
  resolveCommentTree,
  type Store,
  updateSourceState,
  upsertComments,
  upsertPosts,
  writeBatch,
} from './index.js';
import { listTables, sql } from './migrations.js';
import { migrateStore } from './store.js';
import { applyClustering, getStory, listUnclusteredPostIds, updateStorySummaries } from './stories.js';

const NOW = Date.UTC(2026, 10, 26, 9);

for (const dialect of dialects) {
  describe(`store on ${dialect.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ store, dispose } = await dialect.open());
    });
    afterEach(async () => {
      await dispose();
    });

    it('creates every table on start and migrating again changes nothing', async () => {
      const tables = await listTables(store.db as never);
      for (const t of ['comments', 'documents', 'ingest_log', 'posts', 'sources'])
        expect(tables).toContain(t);
    });

    it('migrates a new store while another one lives in the same database', async () => {
      // On PostgreSQL each test store is a schema of one database: `store` is one, this another.
      const other = await dialect.open();
      try {
        expect(await listTables(other.store.db as never)).toContain('posts');
        await upsertPosts(other.store.db, [makePost({ id: 'hn:1' })], NOW);
        expect((await getStats(other.store.db)).posts).toBe(1);
        expect((await getStats(store.db)).posts).toBe(0);
      } finally {
        await other.dispose();
      }
    });

    it('updates a post polled again instead of duplicating it', async () => {
      expect(await upsertPosts(store.db, [makePost({ id: 'hn:1', score: 5, commentCount: 2 })], NOW)).toBe(1);
      expect(
        await upsertPosts(
          store.db,
          [makePost({ id: 'hn:1', score: 9, commentCount: 4, text: 'edited' })],
          NOW + 1,
        ),
      ).toBe(1);
      const post = await getPost(store.db, 'hn:1');
      expect(post).toMatchObject({ score: 9, commentCount: 4, text: 'edited', fetchedAt: NOW + 1 });
      expect((await getStats(store.db)).posts).toBe(1);
    });

    it("takes a post's new dedup key when it is polled again with the same link", async () => {
      const post = makePost({
        id: 'hn:1',
        url: 'https://Example.com/a?utm_source=x',
        dedupKey: 'Example.com/a',
      });
      await upsertPosts(store.db, [post], NOW);
      // A later roundup keys the same link differently (its URL rules changed).
      expect(await upsertPosts(store.db, [{ ...post, dedupKey: 'example.com/a' }], NOW + 1)).toBe(1);
      expect((await getPost(store.db, 'hn:1'))?.dedupKey).toBe('example.com/a');
      // Polled without a link at all, it keeps the one it has.
      expect(await upsertPosts(store.db, [{ ...post, url: null, dedupKey: null }], NOW + 2)).toBe(0);
      expect((await getPost(store.db, 'hn:1'))?.dedupKey).toBe('example.com/a');
    });

    it('reports nothing written when the same posts and comments arrive again unchanged', async () => {
      const batch = {
        posts: [makePost({ id: 'hn:1' }), makePost({ id: 'hn:2' })],
        comments: [makeComment({ id: 'hn:10', postId: 'hn:1', depth: 0 })],
      };
      expect(await writeBatch(store, batch, NOW)).toEqual({ posts: 2, comments: 1 });
      expect(await writeBatch(store, batch, NOW + 5)).toEqual({ posts: 0, comments: 0 });
    });

    it('keeps one row when a batch names the same post twice', async () => {
      await upsertPosts(
        store.db,
        [makePost({ id: 'hn:1', score: 1 }), makePost({ id: 'hn:1', score: 2 })],
        NOW,
      );
      expect((await getPost(store.db, 'hn:1'))?.score).toBe(2);
    });

    it('purges the text of a post deleted upstream and keeps it purged when an old copy returns', async () => {
      await upsertPosts(store.db, [makePost({ id: 'reddit:t3_a', text: 'secret', author: 'carol' })], NOW);
      await upsertPosts(
        store.db,
        [makePost({ id: 'reddit:t3_a', text: '', author: null, deleted: true })],
        NOW,
      );
      await upsertPosts(store.db, [makePost({ id: 'reddit:t3_a', text: 'secret', author: 'carol' })], NOW);
      const post = await getPost(store.db, 'reddit:t3_a');
      expect(post).toMatchObject({ deleted: true, text: '', author: null });
    });

    it('purges a deleted comment but keeps its place in the tree', async () => {
      await upsertComments(
        store.db,
        [
          makeComment({ id: 'hn:10', postId: 'hn:1', depth: 0, text: 'parent text' }),
          makeComment({ id: 'hn:11', postId: 'hn:1', parentId: 'hn:10', depth: 1 }),
        ],
        NOW,
      );
      await upsertComments(
        store.db,
        [makeComment({ id: 'hn:10', postId: 'hn:1', depth: 0, text: '', author: null, deleted: true })],
        NOW,
      );
      const comments = await listComments(store.db, 'hn:1');
      expect(comments.map((c) => [c.id, c.deleted, c.text, c.parentId])).toEqual([
        ['hn:10', true, '', null],
        ['hn:11', false, 'Text of hn:11', 'hn:10'],
      ]);
    });

    it('resolves posts and depths of comments that arrived with only their parent', async () => {
      // Firebase items: a comment only knows its parent, which may be the story or a comment.
      await upsertComments(
        store.db,
        [
          makeComment({ id: 'hn:13', postId: null, parentId: 'hn:12' }),
          makeComment({ id: 'hn:12', postId: null, parentId: 'hn:11' }),
          makeComment({ id: 'hn:11', postId: null, parentId: 'hn:1' }),
          makeComment({ id: 'hn:99', postId: null, parentId: 'hn:98' }),
        ],
        NOW,
      );
      await upsertPosts(store.db, [makePost({ id: 'hn:1' })], NOW);
      await resolveCommentTree(store.db);
      const comments = await listComments(store.db, 'hn:1');
      expect(comments.map((c) => [c.id, c.parentId, c.depth])).toEqual([
        ['hn:11', null, 0],
        ['hn:12', 'hn:11', 1],
        ['hn:13', 'hn:12', 2],
      ]);
      // Importing the bare items again neither undoes the resolution nor counts as a change.
      expect(
        await upsertComments(store.db, [makeComment({ id: 'hn:11', postId: null, parentId: 'hn:1' })], NOW),
      ).toBe(0);
      expect((await listComments(store.db, 'hn:1'))[0]).toMatchObject({
        id: 'hn:11',
        parentId: null,
        depth: 0,
      });
    });

    it('tells a poll what it already knows of a post', async () => {
      await upsertPosts(store.db, [makePost({ id: 'hn:1', commentCount: 3 })], NOW);
      await upsertComments(store.db, [makeComment({ id: 'hn:5', postId: 'hn:1' })], NOW);
      const known = await lookupPosts(store.db, ['hn:1', 'hn:2']);
      expect(known.get('hn:1')).toEqual({ commentCount: 3, storedComments: 1, fetchedAt: NOW });
      expect(known.has('hn:2')).toBe(false);
    });

    it('keeps a source state across updates', async () => {
      await ensureSource(store.db, { id: 'feed-a', kind: 'feed', url: 'https://example.com/rss' }, NOW);
      await updateSourceState(
        store.db,
        'feed-a',
        { etag: '"v1"', lastStatus: 200, lastNewItems: 4, nextCheckAt: NOW + 60_000 },
        NOW,
      );
      await ensureSource(store.db, { id: 'feed-a', kind: 'feed', url: 'https://example.com/rss' }, NOW + 1);
      expect(await getSourceState(store.db, 'feed-a')).toMatchObject({
        etag: '"v1"',
        lastStatus: 200,
        lastNewItems: 4,
        nextCheckAt: NOW + 60_000,
        consecutiveErrors: 0,
        enabled: true,
      });
    });

    it('records ingest events, newest first', async () => {
      await appendIngestLog(store.db, [
        { at: NOW, action: 'import', subject: 'a.ndjson', status: 'bad-line', line: 7, message: 'bad json' },
        { at: NOW, action: 'poll', subject: 'hn-top', status: 'ok', posts: 3 },
      ]);
      const log = await listIngestLog(store.db);
      expect(log.map((e) => [e.subject, e.status, e.line])).toEqual([
        ['hn-top', 'ok', null],
        ['a.ndjson', 'bad-line', 7],
      ]);
    });

    it('lists the posts in no story yet, oldest first, and not a post once it is placed or deleted', async () => {
      await upsertPosts(
        store.db,
        [
          makePost({ id: 'hn:3', publishedAt: NOW + 3 }),
          makePost({ id: 'hn:1', publishedAt: NOW + 1 }),
          makePost({ id: 'hn:2', publishedAt: NOW + 2 }),
          makePost({ id: 'hn:4', publishedAt: NOW + 4, deleted: true }),
        ],
        NOW,
      );
      const unplaced = async () => (await listUnclusteredPostIds(store.db, { limit: 10 })).map((p) => p.id);
      expect(await unplaced()).toEqual(['hn:1', 'hn:2', 'hn:3']);
      await applyClustering(
        store.db,
        {
          assignments: [{ postId: 'hn:2', storyId: 's1', created: true, similarity: 0, reason: 'new story' }],
          merges: [],
          posts: new Map(),
        },
        NOW,
      );
      expect(await unplaced()).toEqual(['hn:1', 'hn:3']);
      // Polled again (a new score): still placed.
      await upsertPosts(store.db, [makePost({ id: 'hn:2', publishedAt: NOW + 2, score: 50 })], NOW + 10);
      expect(await unplaced()).toEqual(['hn:1', 'hn:3']);
      expect(
        (
          await listUnclusteredPostIds(store.db, { limit: 10, after: { publishedAt: NOW + 1, id: 'hn:1' } })
        ).map((p) => p.id),
      ).toEqual(['hn:3']);
    });

    it('marks the posts already in stories as placed when a store made before the placed flag is opened', async () => {
      await upsertPosts(
        store.db,
        [makePost({ id: 'hn:1', publishedAt: NOW + 1 }), makePost({ id: 'hn:2', publishedAt: NOW + 2 })],
        NOW,
      );
      // The store as migration 0008 left it, with hn:1 in a story.
      await sql`DROP INDEX posts_unplaced`.execute(store.db);
      await sql`ALTER TABLE posts DROP COLUMN placed`.execute(store.db);
      await sql`DROP INDEX stories_merged_into`.execute(store.db);
      await sql`DROP INDEX stories_search_pending`.execute(store.db);
      await sql`ALTER TABLE stories DROP COLUMN search_pending`.execute(store.db);
      await sql`DELETE FROM kysely_migration
        WHERE name IN ('0009_placed_posts', '0010_merged_stories', '0011_search_pending')`.execute(store.db);
      await sql`INSERT INTO story_posts (post_id, story_id, similarity, reason, joined_at)
        VALUES ('hn:1', 's1', 0, 'new story', ${NOW})`.execute(store.db);
      await migrateStore(store);
      expect((await listUnclusteredPostIds(store.db, { limit: 10 })).map((p) => p.id)).toEqual(['hn:2']);
    });

    it('writes a story summary only when it changed, or its heat drifted by more than 1%', async () => {
      await upsertPosts(store.db, [makePost({ id: 'hn:1', publishedAt: NOW })], NOW);
      await applyClustering(
        store.db,
        {
          assignments: [{ postId: 'hn:1', storyId: 's1', created: true, similarity: 0, reason: 'new story' }],
          merges: [],
          posts: new Map(),
        },
        NOW,
      );
      const summary = {
        title: 'Title of hn:1',
        representativePostId: 'hn:1',
        firstSeen: NOW,
        lastSeen: NOW,
        postCount: 1,
        communityCount: 1,
        heat: 10,
      };
      const write = (changes: Partial<typeof summary>, at: number) =>
        updateStorySummaries(store.db, [{ id: 's1', summary: { ...summary, ...changes } }], at);
      expect(await write({}, NOW + 1)).toBe(1);
      expect(await write({}, NOW + 2)).toBe(0);
      expect(await write({ heat: 9.95 }, NOW + 3)).toBe(0);
      expect((await getStory(store.db, 's1'))?.heat).toBe(10);
      expect(await write({ heat: 9.8 }, NOW + 4)).toBe(1);
      expect((await getStory(store.db, 's1'))?.heat).toBe(9.8);
      expect(await write({ heat: 9.8, title: 'Better title' }, NOW + 5)).toBe(1);
      expect(await write({ heat: 9.8, title: 'Better title', postCount: 2 }, NOW + 6)).toBe(1);
      // A story that is not there is not written.
      expect(await updateStorySummaries(store.db, [{ id: 'nope', summary }], NOW + 7)).toBe(0);
      expect(await getStory(store.db, 's1')).toMatchObject({
        title: 'Better title',
        postCount: 2,
        heat: 9.8,
      });
    });

    it('rolls back a batch that fails half way', async () => {
      const bad = makeComment({ id: 'hn:20', postId: 'hn:1' });
      // A NOT NULL violation in the comments part must take the posts part with it.
      (bad as { text: unknown }).text = null;
      await expect(
        writeBatch(store, { posts: [makePost({ id: 'hn:1' })], comments: [bad] }, NOW),
      ).rejects.toThrow();
      expect((await getStats(store.db)).posts).toBe(0);
    });
  });
}
