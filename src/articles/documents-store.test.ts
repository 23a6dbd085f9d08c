import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DOCUMENT_RETRY_AFTER_MS,
  getDocument,
  getDocumentsForPosts,
  listPostsNeedingDocuments,
  recordDocumentFailure,
  upsertDocument,
} from '../store/documents.js';
import { type Store, upsertPosts } from '../store/index.js';
import { applyClustering } from '../store/stories.js';
import { makeDocument, makePost } from '../test-support/make.js';
import { dialects } from '../test-support/stores.js';

// The store tests of src/store/documents.ts (kept in this folder, which this change owns).

const NOW = Date.UTC(2026, 2, 1, 12);
const HOUR = 60 * 60 * 1000;

const linkPost = (
  id: string,
  path: string,
  hoursAgo: number,
  extra: Parameters<typeof makePost>[0] | object = {},
) =>
  makePost({
    id,
    url: `https://news.example.com/${path}?utm_source=x`,
    dedupKey: `https://news.example.com/${path}`,
    publishedAt: NOW - hoursAgo * HOUR,
    ...extra,
  });

for (const dialect of dialects) {
  describe(`documents store on ${dialect.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ store, dispose } = await dialect.open());
    });
    afterEach(async () => {
      await dispose();
    });

    it('stores a document and reads it back by dedup key', async () => {
      await upsertDocument(
        store.db,
        makeDocument('https://news.example.com/a', {
          postId: 'hn:1',
          canonicalUrl: 'https://news.example.com/a-canonical',
          canonicalKey: 'https://news.example.com/a-canonical',
        }),
        NOW,
      );
      expect(await getDocument(store.db, 'https://news.example.com/a')).toEqual({
        dedupKey: 'https://news.example.com/a',
        url: 'https://news.example.com/a',
        canonicalUrl: 'https://news.example.com/a-canonical',
        canonicalKey: 'https://news.example.com/a-canonical',
        title: 'Cable approved',
        byline: 'Maja',
        site: 'Baltic Wire',
        text: 'The cable was approved.',
        html: '<p>The cable was approved.</p>',
        status: 'ok',
        error: null,
        fetchedAt: NOW,
        postId: 'hn:1',
      });
      expect(await getDocument(store.db, 'https://news.example.com/none')).toBeNull();
    });

    it('keeps one row per dedup key when a document is stored again, and its first post', async () => {
      await upsertDocument(store.db, makeDocument('https://news.example.com/a', { postId: 'hn:1' }), NOW);
      await upsertDocument(
        store.db,
        makeDocument('https://news.example.com/a', { postId: 'hn:2', title: 'Cable approved (updated)' }),
        NOW + 1,
      );
      const rows = await store.db.selectFrom('documents').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(await getDocument(store.db, 'https://news.example.com/a')).toMatchObject({
        title: 'Cable approved (updated)',
        postId: 'hn:1',
        fetchedAt: NOW + 1,
      });
    });

    it('records a failure with its message, and a later success replaces it', async () => {
      const failure = {
        dedupKey: 'https://news.example.com/a',
        url: 'https://news.example.com/a',
        postId: 'hn:1',
        status: 'error' as const,
        message: 'articles: unable to fetch https://news.example.com/a (status 404)',
      };
      await recordDocumentFailure(store.db, failure, NOW);
      expect(await getDocument(store.db, failure.dedupKey)).toMatchObject({
        status: 'error',
        error: failure.message,
        text: '',
        html: null,
        fetchedAt: NOW,
      });
      await upsertDocument(store.db, makeDocument(failure.dedupKey), NOW + DOCUMENT_RETRY_AFTER_MS);
      expect(await getDocument(store.db, failure.dedupKey)).toMatchObject({
        status: 'ok',
        error: null,
        postId: 'hn:1',
      });
    });

    it('never lets a failure overwrite a stored document', async () => {
      await upsertDocument(store.db, makeDocument('https://news.example.com/a'), NOW);
      await recordDocumentFailure(
        store.db,
        { dedupKey: 'https://news.example.com/a', url: 'x', postId: null, status: 'error', message: 'boom' },
        NOW + 1,
      );
      expect(await getDocument(store.db, 'https://news.example.com/a')).toMatchObject({
        status: 'ok',
        error: null,
        text: 'The cable was approved.',
        fetchedAt: NOW,
      });
    });

    it('lists posts with a link and no document, newest first, one per dedup key', async () => {
      await upsertPosts(
        store.db,
        [
          linkPost('hn:old', 'a', 10),
          linkPost('reddit:t3_new', 'a', 2), // same article as hn:old, newer
          linkPost('hn:b', 'b', 5),
          linkPost('hn:c', 'c', 1),
          linkPost('hn:gone', 'd', 1, { deleted: true }),
          makePost({ id: 'hn:text', url: null, dedupKey: null, publishedAt: NOW }),
        ],
        NOW,
      );
      await upsertDocument(store.db, makeDocument('https://news.example.com/c'), NOW);
      const posts = await listPostsNeedingDocuments(store.db, { limit: 10, now: NOW });
      expect(posts).toEqual([
        {
          postId: 'reddit:t3_new',
          url: 'https://news.example.com/a?utm_source=x',
          dedupKey: 'https://news.example.com/a',
          publishedAt: NOW - 2 * HOUR,
        },
        {
          postId: 'hn:b',
          url: 'https://news.example.com/b?utm_source=x',
          dedupKey: 'https://news.example.com/b',
          publishedAt: NOW - 5 * HOUR,
        },
      ]);
      expect(await listPostsNeedingDocuments(store.db, { limit: 1, now: NOW })).toHaveLength(1);
    });

    it('offers only the posts in no story yet when asked (the main job, before it places them)', async () => {
      await upsertPosts(store.db, [linkPost('hn:a', 'a', 1), linkPost('hn:b', 'b', 2)], NOW);
      // Placed the way clustering places it, so that the test sees what the main job sees.
      await applyClustering(
        store.db,
        {
          assignments: [{ postId: 'hn:a', storyId: 's1', created: true, similarity: 0, reason: 'new story' }],
          merges: [],
          posts: new Map(),
        },
        NOW,
      );
      const unplaced = await listPostsNeedingDocuments(store.db, { limit: 10, now: NOW, unplacedOnly: true });
      expect(unplaced.map((p) => p.postId)).toEqual(['hn:b']);
      const all = await listPostsNeedingDocuments(store.db, { limit: 10, now: NOW });
      expect(all.map((p) => p.postId)).toEqual(['hn:a', 'hn:b']);
    });

    it('offers a failed link again only once the retry delay has passed, and a skipped one never', async () => {
      await upsertPosts(
        store.db,
        [linkPost('hn:a', 'a', 1), linkPost('hn:b', 'b', 2), linkPost('hn:c', 'c', 3)],
        NOW,
      );
      const fail = (path: string, status: 'error' | 'robots' | 'skipped') =>
        recordDocumentFailure(
          store.db,
          { dedupKey: `https://news.example.com/${path}`, url: path, postId: null, status, message: status },
          NOW,
        );
      await fail('a', 'error');
      await fail('b', 'robots');
      await fail('c', 'skipped');
      expect(await listPostsNeedingDocuments(store.db, { limit: 10, now: NOW + HOUR })).toEqual([]);
      const later = await listPostsNeedingDocuments(store.db, {
        limit: 10,
        now: NOW + DOCUMENT_RETRY_AFTER_MS + 1,
      });
      expect(later.map((post) => post.postId)).toEqual(['hn:a', 'hn:b']);
      const sooner = await listPostsNeedingDocuments(store.db, {
        limit: 10,
        now: NOW + 2 * HOUR,
        retryAfterMs: HOUR,
      });
      expect(sooner.map((post) => post.postId)).toEqual(['hn:a', 'hn:b']);
    });

    it('gives the clustering stage the stored documents of posts, by post id, through their dedup keys', async () => {
      await upsertPosts(
        store.db,
        [
          linkPost('hn:1', 'a', 3),
          linkPost('reddit:t3_1', 'a', 2),
          linkPost('hn:2', 'b', 1),
          linkPost('hn:3', 'c', 1),
        ],
        NOW,
      );
      await upsertDocument(store.db, makeDocument('https://news.example.com/a', { title: 'A' }), NOW);
      await recordDocumentFailure(
        store.db,
        { dedupKey: 'https://news.example.com/b', url: 'b', postId: null, status: 'error', message: 'boom' },
        NOW,
      );
      const documents = await getDocumentsForPosts(store.db, [
        'hn:1',
        'reddit:t3_1',
        'hn:2',
        'hn:3',
        'hn:none',
      ]);
      expect([...documents.keys()].sort()).toEqual(['hn:1', 'reddit:t3_1']);
      expect(documents.get('reddit:t3_1')).toMatchObject({ title: 'A', status: 'ok' });
      expect((await getDocumentsForPosts(store.db, [])).size).toBe(0);
    });
  });
}
