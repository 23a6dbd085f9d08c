import { describe, expect, it } from 'vitest';
import { ParseError } from '../../errors.js';
import type { Comment, Post } from '../../model.js';
import { describeShape, isRecordList, parseJsonLine, parseRecord } from './parse.js';

const context = { feedUrl: 'file:///tmp/feed.json', now: Date.UTC(2026, 10, 26) };

function collect(value: unknown) {
  const posts: Post[] = [];
  const comments: Comment[] = [];
  const outcome = parseRecord(value, context, {
    addPost: (post) => posts.push(post),
    addComment: (comment) => comments.push(comment),
  });
  return { outcome, posts, comments };
}

describe('parseRecord', () => {
  it('maps a Firebase story and comment through the HN parser', () => {
    const story = collect({ id: 1, type: 'story', by: 'a', time: 1_700_000_000, title: 'T', score: 3 });
    expect(story.outcome).toEqual({ kind: 'hn-firebase', rows: 1, ignored: false });
    expect(story.posts[0]).toMatchObject({ id: 'hn:1', title: 'T', publishedAt: 1_700_000_000_000 });
    const comment = collect({
      id: 2,
      type: 'comment',
      by: 'b',
      parent: 1,
      time: 1_700_000_001,
      text: 'a &amp; b',
    });
    expect(comment.comments[0]).toMatchObject({ id: 'hn:2', postId: null, parentId: 'hn:1', text: 'a & b' });
  });

  it('ignores poll options and users, which hold no posts or comments', () => {
    expect(collect({ id: 3, type: 'pollopt', poll: 1, time: 1, text: 'Yes' }).outcome).toMatchObject({
      ignored: true,
    });
    expect(collect({ id: 'pg', karma: 1, created: 1 }).outcome).toMatchObject({
      kind: 'not-content',
      ignored: true,
    });
  });

  it('unwraps recorded responses and skips the ones without content', () => {
    const item = { id: 8863, type: 'story', by: 'dhouston', time: 1_175_714_200, title: 'Dropbox' };
    expect(collect({ source_url: 'https://x/item/8863.json', response: item }).posts).toHaveLength(1);
    expect(collect({ source_url: 'https://x/maxitem.json', response: 9_130_260 }).outcome).toMatchObject({
      kind: 'recorded-response',
      ignored: true,
    });
    expect(collect({ url: '/api/v1/users/pg', reply: { username: 'pg', karma: 1 } }).outcome).toMatchObject({
      kind: 'recorded-response',
      ignored: true,
    });
  });

  it('maps Pushshift rows and API things through the Reddit parser', () => {
    const row = {
      id: 'c1',
      link_id: 't3_p',
      parent_id: 't3_p',
      body: 'hi',
      author: 'x',
      score: 1,
      created_utc: '1700000000',
    };
    expect(collect(row).comments[0]).toMatchObject({ id: 'reddit:t1_c1', postId: 'reddit:t3_p', depth: 0 });
    const thing = {
      kind: 't3',
      data: { id: 'p', subreddit: 'news', title: 'N', created_utc: 1, selftext: '' },
    };
    expect(collect(thing).posts[0]).toMatchObject({ id: 'reddit:t3_p', community: 'r/news' });
  });

  it('reads a JSON Feed document', () => {
    const feed = {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Notes',
      items: [{ id: '1', url: 'https://notes.example/1', title: 'One', content_text: 'x' }],
    };
    expect(collect(feed).posts).toMatchObject([{ title: 'One', community: 'Notes' }]);
  });

  it('throws ParseError for records it does not know and for bad items', () => {
    expect(() => collect({ foo: 1 })).toThrow(ParseError);
    expect(() => collect({ foo: 1 })).toThrow('archive: not a known record (an object with fields foo)');
    expect(() => collect(null)).toThrow('(null)');
    expect(() => collect({ id: 5, type: 'comment', time: 1 })).toThrow(ParseError);
    expect(() => collect({ kind: 't1', data: { id: 'x' } })).toThrow(ParseError);
  });
});

describe('helpers', () => {
  it('parseJsonLine names the syntax problem', () => {
    expect(parseJsonLine('{"a":1}')).toEqual({ a: 1 });
    expect(() => parseJsonLine('{"a":')).toThrow(/^archive: invalid JSON \(/);
  });

  it('describeShape shows a few field names', () => {
    expect(describeShape({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 })).toBe(
      'an object with fields a, b, c, d, e, f, …',
    );
    expect(describeShape([1, 2])).toBe('a list of 2');
    expect(describeShape('x')).toBe('a string');
  });

  it('isRecordList takes a list of records but not a Reddit thread', () => {
    expect(isRecordList([{ url: '/a', reply: {} }])).toBe(true);
    expect(isRecordList([{ kind: 'Listing' }, { kind: 'Listing' }])).toBe(false);
    expect(isRecordList({})).toBe(false);
  });
});
