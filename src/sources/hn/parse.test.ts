import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../errors.js';
import { parseAlgoliaItem, parseAlgoliaSearch, parseFirebaseIdList, parseFirebaseItem } from './parse.js';

const fixtures = join(import.meta.dirname, '__fixtures__');
const evalDir = '/work/shared/eval/hn';
const firebaseDir = join(evalDir, 'firebase_api_readme_examples');
const algoliaFile = join(evalDir, 'algolia_api_v1_fixtures_2014.json');
if (!existsSync(evalDir))
  console.warn(`hn parse tests: skipping the recorded-payload tests, ${evalDir} is absent`);

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(fixtures, name), 'utf8'));
}

function readmeExample(name: string): unknown {
  const file = JSON.parse(readFileSync(join(firebaseDir, `${name}.json`), 'utf8')) as { response: unknown };
  return file.response;
}

function algoliaReply(url: string): unknown {
  const entries = JSON.parse(readFileSync(algoliaFile, 'utf8')) as Array<{ url: string; reply: unknown }>;
  const entry = entries.find((candidate) => candidate.url === url);
  if (!entry) throw new Error(`no recorded reply for ${url}`);
  return entry.reply;
}

describe('parseFirebaseItem on hand-written items', () => {
  it('turns a story into a post with a dedup key and the HN permalink', () => {
    const { post } = parseFirebaseItem(fixture('firebase-show-hn.json')) ?? {};
    expect(post).toEqual({
      id: 'hn:40000000',
      kind: 'hn',
      community: 'Hacker News',
      title: 'Show HN: A tiny thing',
      text: '',
      html: null,
      url: 'https://www.example.com/tiny?utm_source=hn#top',
      dedupKey: 'https://example.com/tiny',
      permalink: 'https://news.ycombinator.com/item?id=40000000',
      author: 'bob',
      score: 42,
      commentCount: 3,
      publishedAt: 1717000000_000,
      deleted: false,
    });
  });

  it('keeps a deleted story as a row without text or author', () => {
    const { post } = parseFirebaseItem(fixture('firebase-deleted-story.json')) ?? {};
    expect(post).toMatchObject({
      id: 'hn:40000001',
      deleted: true,
      text: '',
      html: null,
      author: null,
      title: '',
    });
  });

  it('purges a dead comment but keeps its place under the parent', () => {
    const { comment } = parseFirebaseItem(fixture('firebase-dead-comment.json')) ?? {};
    expect(comment).toEqual({
      id: 'hn:40000002',
      postId: null,
      parentId: 'hn:40000000',
      author: null,
      text: '',
      score: null,
      publishedAt: 1717000100_000,
      depth: null,
      deleted: true,
    });
  });

  it('decodes HTML entities and drops scripts from comment text', () => {
    const { comment } = parseFirebaseItem(fixture('firebase-entities-comment.json')) ?? {};
    expect(comment?.text).toBe('It\'s "fine" & fast:\nsee https://example.com/a?b=1&c=2');
    expect(comment?.text).not.toContain('alert');
  });

  it('resolves a top-level comment when the caller names the post', () => {
    const { comment } =
      parseFirebaseItem(fixture('firebase-entities-comment.json'), { postId: 'hn:40000000' }) ?? {};
    expect(comment).toMatchObject({ postId: 'hn:40000000', parentId: null, depth: 0 });
  });

  it('answers null for a missing item (Firebase returns null)', () => {
    expect(parseFirebaseItem(null)).toBeNull();
  });

  it('throws a ParseError naming the problem for something that is not an item', () => {
    expect(() => parseFirebaseItem({ id: 'jl', created: 1173923446, karma: 2937 })).toThrow(ParseError);
    expect(() => parseFirebaseItem({ id: 'jl', created: 1173923446 })).toThrow(/Firebase item.*id/);
    expect(() => parseFirebaseItem({ id: 1, type: 'comment', time: 1 })).toThrow(/without parent/);
  });
});

describe('parseFirebaseIdList', () => {
  it('reads a story id list', () => {
    expect(parseFirebaseIdList(fixture('firebase-topstories.json'))).toEqual([
      40000000, 121003, 192327, 126809, 8863,
    ]);
  });

  it('throws for anything but an array of ids', () => {
    expect(() => parseFirebaseIdList({ items: [1] })).toThrow(ParseError);
    expect(() => parseFirebaseIdList([1, '2'])).toThrow(/id list/);
  });
});

describe('parseAlgoliaItem on a hand-written tree', () => {
  const batch = parseAlgoliaItem(fixture('algolia-item-tree.json'));

  it('gives the story as a post counting the live comments', () => {
    expect(batch.posts).toHaveLength(1);
    expect(batch.posts[0]).toMatchObject({
      id: 'hn:40000000',
      title: 'Show HN: A tiny thing',
      commentCount: 3,
    });
  });

  it('walks children with parent ids and depths, keeping a deleted comment in place', () => {
    expect(
      batch.comments.map(({ id, parentId, depth, deleted, postId }) => ({
        id,
        parentId,
        depth,
        deleted,
        postId,
      })),
    ).toEqual([
      { id: 'hn:40000003', parentId: null, depth: 0, deleted: false, postId: 'hn:40000000' },
      { id: 'hn:40000004', parentId: 'hn:40000003', depth: 1, deleted: true, postId: 'hn:40000000' },
      { id: 'hn:40000005', parentId: 'hn:40000004', depth: 2, deleted: false, postId: 'hn:40000000' },
      { id: 'hn:40000006', parentId: null, depth: 0, deleted: false, postId: 'hn:40000000' },
    ]);
    expect(batch.comments[0]?.text).toBe('It\'s "fine" & fast');
    expect(batch.comments[1]).toMatchObject({ author: null, text: '' });
  });

  it('throws for a user object', () => {
    expect(() => parseAlgoliaItem({ username: 'pg', karma: 155111 })).toThrow(ParseError);
  });
});

describe.skipIf(!existsSync(firebaseDir))(`Firebase README examples (${firebaseDir})`, () => {
  it('parses the Dropbox story (8863)', () => {
    const { post } = parseFirebaseItem(readmeExample('item_8863')) ?? {};
    expect(post).toMatchObject({
      id: 'hn:8863',
      title: 'My YC app: Dropbox - Throw away your USB drive',
      url: 'http://www.getdropbox.com/u/2/screencast.html',
      dedupKey: 'https://getdropbox.com/u/2/screencast.html',
      author: 'dhouston',
      score: 111,
      commentCount: 71,
      publishedAt: 1175714200_000,
    });
  });

  it('parses norvig’s comment with only its parent known', () => {
    const { comment, post } = parseFirebaseItem(readmeExample('item_2921983')) ?? {};
    expect(post).toBeUndefined();
    expect(comment).toMatchObject({ id: 'hn:2921983', postId: null, parentId: 'hn:2921506', depth: null });
    expect(comment?.text).toContain("I'll keep writing if you keep reading. K?");
  });

  it('keeps an Ask HN text post without url, with text and sanitised html', () => {
    const { post } = parseFirebaseItem(readmeExample('item_121003')) ?? {};
    expect(post).toMatchObject({ id: 'hn:121003', url: null, dedupKey: null, commentCount: 16 });
    expect(post?.text.startsWith('or HN: the Next Iteration\nI get the impression')).toBe(true);
    expect(post?.html).toContain('<i>or</i>');
  });

  it('reads a job with an empty url as a text post and a poll as a post; poll options are skipped', () => {
    expect(parseFirebaseItem(readmeExample('item_192327'))?.post).toMatchObject({
      id: 'hn:192327',
      url: null,
      commentCount: null,
    });
    expect(parseFirebaseItem(readmeExample('item_126809'))?.post).toMatchObject({
      id: 'hn:126809',
      commentCount: 54,
    });
    expect(parseFirebaseItem(readmeExample('item_160705'))).toBeNull();
  });

  it('refuses the user, maxitem and updates responses', () => {
    for (const name of ['user_jl', 'maxitem', 'updates']) {
      expect(() => parseFirebaseItem(readmeExample(name))).toThrow(ParseError);
    }
  });
});

describe.skipIf(!existsSync(algoliaFile))(`Algolia 2014 recordings (${algoliaFile})`, () => {
  it('parses items/17: a comment tree without its story', () => {
    const batch = parseAlgoliaItem(algoliaReply('/api/v1/items/17'));
    expect(batch.posts).toEqual([]);
    expect(
      batch.comments.map(({ id, postId, parentId, depth }) => ({ id, postId, parentId, depth })),
    ).toEqual([
      { id: 'hn:17', postId: 'hn:1', parentId: 'hn:15', depth: null },
      { id: 'hn:1079', postId: 'hn:1', parentId: 'hn:17', depth: null },
      { id: 'hn:454426', postId: 'hn:1', parentId: 'hn:17', depth: null },
    ]);
    expect(batch.comments[2]?.text).toBe("This is why we can't have nice things.");
  });

  it('parses every recorded search response: 458 hits, 120 comments', () => {
    const entries = JSON.parse(readFileSync(algoliaFile, 'utf8')) as Array<{ url: string; reply: unknown }>;
    let posts = 0;
    let comments = 0;
    for (const entry of entries.filter((candidate) => candidate.url.includes('/search'))) {
      const batch = parseAlgoliaSearch(entry.reply);
      posts += batch.posts.length;
      comments += batch.comments.length;
      for (const comment of batch.comments) expect(comment.postId).toMatch(/^hn:\d+$/);
      for (const post of batch.posts)
        expect(post.permalink).toMatch(/^https:\/\/news\.ycombinator\.com\/item\?id=\d+$/);
    }
    expect({ posts, comments }).toEqual({ posts: 338, comments: 120 });
  });

  it('decodes entities in comment hits and marks direct answers as top-level', () => {
    const batch = parseAlgoliaSearch(algoliaReply('/api/v1/search?tags=comment'));
    const zed = batch.comments.find((comment) => comment.id === 'hn:6805807');
    expect(zed).toMatchObject({ postId: 'hn:6805699', parentId: null, depth: 0, author: 'zedshaw' });
    expect(zed?.text).toContain("it'll be alright");
    expect(zed?.text).not.toContain('&#x27;');
  });

  it('reads story hits with url, points and comment count', () => {
    const batch = parseAlgoliaSearch(algoliaReply('/api/v1/search?tags=story'));
    expect(batch.posts[0]).toMatchObject({
      id: 'hn:3078128',
      title: 'Steve Jobs has passed away.',
      url: 'http://www.apple.com/stevejobs/',
      dedupKey: 'https://apple.com/stevejobs',
      score: 4271,
      commentCount: 376,
      publishedAt: 1317858143_000,
    });
  });

  it('refuses the users/pg response', () => {
    expect(() => parseAlgoliaSearch(algoliaReply('/api/v1/users/pg'))).toThrow(/Algolia search response/);
    expect(() => parseAlgoliaItem(algoliaReply('/api/v1/users/pg'))).toThrow(ParseError);
  });
});
