import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../errors.js';
import type { Comment } from '../../model.js';
import {
  commentFromRedditData,
  type MoreStub,
  parseListing,
  parseMoreChildren,
  parseSubredditFeed,
  parseThread,
  postFromRedditData,
  resolveDepths,
} from './parse.js';

const fixtures = join(import.meta.dirname, '__fixtures__');
const cassettes = '/work/shared/eval/reddit/praw_cassettes';
const hasCassettes = existsSync(cassettes);
if (!hasCassettes)
  console.warn(`reddit parse tests: skipping the recorded-payload tests, ${cassettes} is absent`);

function fixtureText(name: string): string {
  return readFileSync(join(fixtures, name), 'utf8');
}

function ndjson(name: string): unknown[] {
  return fixtureText(name)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

function cassette(name: string): unknown {
  return JSON.parse(readFileSync(join(cassettes, name), 'utf8'));
}

describe('archive rows (Arctic Shift / Pushshift NDJSON)', () => {
  const [linkRow, removedRow] = ndjson('arctic-shift-submissions.ndjson');
  const [top, deleted, orphan] = ndjson('arctic-shift-comments.ndjson');

  it('reads a link submission with a numeric-string created_utc', () => {
    expect(postFromRedditData(linkRow)).toEqual({
      id: 'reddit:t3_1gy1aaa',
      kind: 'reddit',
      community: 'r/MachineLearning',
      title: '[R] A new benchmark',
      text: '',
      html: null,
      url: 'https://arxiv.org/abs/2611.01234',
      dedupKey: 'https://arxiv.org/abs/2611.01234',
      permalink: 'https://www.reddit.com/r/MachineLearning/comments/1gy1aaa/r_a_new_benchmark/',
      author: 'researcher',
      score: 12,
      commentCount: 4,
      publishedAt: 1763640000_000,
      deleted: false,
    });
  });

  it('keeps a removed self post as a deleted row without url or author', () => {
    expect(postFromRedditData(removedRow)).toMatchObject({
      id: 'reddit:t3_1gy1bbb',
      deleted: true,
      text: '',
      html: null,
      author: null,
      url: null,
      title: '[D] Removed question',
    });
  });

  it('reads comments: a t3_ parent is top-level, a t1_ parent is a comment', () => {
    expect(commentFromRedditData(top)).toEqual({
      id: 'reddit:t1_lx1aaaa',
      postId: 'reddit:t3_1gy1aaa',
      parentId: null,
      author: 'reader1',
      text: 'Nice &gt; prior work',
      score: 5,
      publishedAt: 1763640500_000,
      depth: 0,
      deleted: false,
    });
    expect(commentFromRedditData(deleted)).toMatchObject({
      parentId: 'reddit:t1_lx1aaaa',
      deleted: true,
      text: '',
      author: null,
      depth: null,
    });
  });

  it('keeps the words of a comment whose author deleted the account', () => {
    expect(commentFromRedditData(orphan)).toMatchObject({
      text: 'Still here after my parent left',
      author: null,
      deleted: false,
    });
  });

  it('fills depths down the parent chain', () => {
    const comments = [orphan, deleted, top].map((row) => commentFromRedditData(row));
    expect(resolveDepths(comments).map((comment) => comment.depth)).toEqual([2, 1, 0]);
  });

  it('throws a ParseError naming the missing field', () => {
    expect(() => postFromRedditData({ id: 'abc', subreddit: 'x' })).toThrow(ParseError);
    expect(() => commentFromRedditData({ id: 'abc', body: 'hi', created_utc: 1 })).toThrow(/link_id/);
  });
});

describe('parseSubredditFeed (Atom, hand-written after r/technology/.rss)', () => {
  const batch = parseSubredditFeed(fixtureText('r-technology.rss.xml'), 'r/Technology');

  it('reads a link post: the [link] anchor is the article', () => {
    expect(batch.posts[0]).toEqual({
      id: 'reddit:t3_1gx0aa1',
      kind: 'reddit',
      community: 'r/technology',
      title: 'Chipmaker posts record quarter & raises guidance',
      text: '',
      html: null,
      url: 'https://www.example-news.com/2026/11/20/chipmaker-record-quarter?utm_source=reddit&ref=rss',
      dedupKey: 'https://example-news.com/2026/11/20/chipmaker-record-quarter?ref=rss',
      permalink: 'https://www.reddit.com/r/technology/comments/1gx0aa1/chipmaker_posts_record_quarter/',
      author: 'linkposter',
      score: null,
      commentCount: null,
      publishedAt: Date.parse('2026-11-20T11:45:00+00:00'),
      deleted: false,
    });
  });

  it('reads a self post: no url, text and sanitised html from the md block', () => {
    const post = batch.posts[1];
    expect(post).toMatchObject({ id: 'reddit:t3_1gx0bb2', url: null, dedupKey: null, author: 'selfposter' });
    expect(post?.text).toBe("Has anyone else's router rebooted after the update?\nDetails here.");
    expect(post?.html).toContain('<strong>rebooted</strong>');
    expect(post?.html).toContain('href="https://www.reddit.com/r/technology/wiki"');
    expect(post?.html).not.toContain('script');
  });

  it('uses updated when there is no published date and drops a deleted author', () => {
    expect(batch.posts[2]).toMatchObject({
      author: null,
      url: 'https://example.org/story',
      publishedAt: Date.parse('2026-11-20T09:00:00+00:00'),
    });
  });

  it('throws for something that is not a feed', () => {
    expect(() => parseSubredditFeed('<html><body>blocked</body></html>', 'r/x')).toThrow(ParseError);
  });
});

describe.skipIf(!hasCassettes)(`PRAW cassettes (${cassettes})`, () => {
  const listings = [
    'listing_front_hot_limit100.json',
    'listing_front_top_limit100.json',
    'listing_front_new_limit100.json',
    'listing_front_best_limit100.json',
    'listing_front_top_2020.json',
  ];

  it.each(listings)('parses %s into 100 posts with r/<sub> communities', (name) => {
    const batch = parseListing(cassette(name));
    expect(batch.posts).toHaveLength(100);
    expect(batch.comments).toEqual([]);
    for (const post of batch.posts) {
      expect(post.id).toMatch(/^reddit:t3_[a-z0-9]+$/);
      expect(post.community).toMatch(/^r\/[A-Za-z0-9_]+$/);
      expect(post.permalink).toMatch(/^https:\/\/www\.reddit\.com\/r\//);
      if (post.url === null) expect(post.dedupKey).toBeNull();
    }
  });

  it('reads the first hot post exactly', () => {
    const [first] = parseListing(cassette('listing_front_hot_limit100.json')).posts;
    expect(first).toMatchObject({
      id: 'reddit:t3_48dxvx',
      community: 'r/pics',
      title: 'My game cam finally caught something cool.',
      url: 'http://i.imgur.com/NFOb0VK.jpg',
      dedupKey: 'https://i.imgur.com/NFOb0VK.jpg',
      permalink: 'https://www.reddit.com/r/pics/comments/48dxvx/my_game_cam_finally_caught_something_cool/',
      score: 6710,
      commentCount: 1022,
      publishedAt: 1456798125_000,
    });
  });

  it('walks the n49rw thread: 485 comments, 177 more stubs (839 ids), depths from the tree', () => {
    const { batch, more } = parseThread(cassette('thread_r_announcements_n49rw.json'));
    expect(batch.posts).toHaveLength(1);
    expect(batch.posts[0]).toMatchObject({
      id: 'reddit:t3_n49rw',
      url: null,
      commentCount: 1412,
      author: 'alienth',
    });
    expect(batch.comments).toHaveLength(485);
    expect(more).toHaveLength(177);
    expect(more.reduce((sum, stub) => sum + stub.children.length, 0)).toBe(839);
    expect(more.filter((stub) => stub.count === 0 && stub.children.length === 0)).toEqual([
      { parentId: 'reddit:t1_c368bpa', children: [], count: 0 },
    ]);
    expectConsistentTree(batch.comments);
    const deepest = batch.comments.find((comment) => comment.id === 'reddit:t1_c36gyde');
    expect(deepest?.depth).toBe(8);
    expect(batch.comments.filter((comment) => comment.deleted)).toHaveLength(10);
  });

  it('walks the r/funny and r/AskReddit threads', () => {
    const funny = parseThread(cassette('thread_r_funny_3hahrw.json'));
    expect(funny.batch.comments).toHaveLength(470);
    expect(funny.more.reduce((sum, stub) => sum + stub.children.length, 0)).toBe(57);
    expectConsistentTree(funny.batch.comments);
    const ask = parseThread(cassette('thread_r_AskReddit_ablzuq.json'));
    expect(ask.batch.comments).toHaveLength(1);
    expect(ask.more.reduce((sum, stub) => sum + stub.children.length, 0)).toBe(4699);
  });

  it('expands every more stub of n49rw through the recorded morechildren calls: 1,425 comments', () => {
    const { batch, more } = parseThread(cassette('thread_r_announcements_n49rw.json'));
    const postId = 'reddit:t3_n49rw';
    const recorded = readFileSync(join(cassettes, 'thread_r_announcements_n49rw.morechildren.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { request_form: string; response: unknown });
    expect(recorded).toHaveLength(232);
    const all = new Map(batch.comments.map((comment) => [comment.id, comment]));
    const stubs: MoreStub[] = [...more];
    for (const call of recorded) {
      expect(new URLSearchParams(call.request_form).get('link_id')).toBe('t3_n49rw');
      const expanded = parseMoreChildren(call.response, postId);
      for (const comment of expanded.comments) if (!all.has(comment.id)) all.set(comment.id, comment);
      stubs.push(...expanded.more);
    }
    expect(all.size).toBe(1425);
    const thread = resolveDepths([...all.values()]);
    expectConsistentTree(thread);
    expect(thread.filter((comment) => comment.depth === null)).toEqual([]);
    // Every id a stub promised was asked for in some recorded call.
    const requested = new Set(
      recorded.flatMap((call) => new URLSearchParams(call.request_form).get('children')?.split(',') ?? []),
    );
    for (const stub of stubs) for (const child of stub.children) expect(requested.has(child)).toBe(true);
  });

  it('refuses a listing where a thread is expected, and a morechildren answer of another post', () => {
    expect(() => parseThread(cassette('listing_front_hot_limit100.json'))).toThrow(/unable to parse thread/);
    const [first] = readFileSync(
      join(cassettes, 'thread_r_announcements_n49rw.morechildren.jsonl'),
      'utf8',
    ).split('\n');
    const call = JSON.parse(first ?? '{}') as { response: unknown };
    expect(() => parseMoreChildren(call.response, 'reddit:t3_other')).toThrow(/returned reddit:t1_/);
  });
});

/** Every comment's parent is in the thread (or it is top-level) one level up. */
function expectConsistentTree(comments: Comment[]): void {
  const byId = new Map(comments.map((comment) => [comment.id, comment]));
  expect(byId.size).toBe(comments.length);
  for (const comment of comments) {
    if (comment.parentId === null) {
      expect(comment.depth).toBe(0);
      continue;
    }
    const parent = byId.get(comment.parentId);
    expect(parent, `parent of ${comment.id}`).toBeDefined();
    if (parent?.depth != null && comment.depth != null) expect(comment.depth).toBe(parent.depth + 1);
  }
}
