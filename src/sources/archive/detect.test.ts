import { describe, expect, it } from 'vitest';
import { classifyRecord, detectCompression, detectLayout, headIsEnough } from './detect.js';

const text = (value: string) => Buffer.from(value, 'utf8');

describe('detectCompression', () => {
  it('knows gzip and zstd by their magic bytes', () => {
    expect(detectCompression(Uint8Array.of(0x1f, 0x8b, 8, 0))).toBe('gzip');
    expect(detectCompression(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd))).toBe('zstd');
    expect(detectCompression(text('{"id"'))).toBe('none');
    expect(detectCompression(Uint8Array.of(0x1f))).toBe('none');
    expect(detectCompression(Uint8Array.of())).toBe('none');
  });
});

describe('detectLayout', () => {
  it('reads one object per line as NDJSON', () => {
    expect(detectLayout(text('{"id":1,"type":"story"}\n{"id":2'), false)).toBe('json-lines');
    expect(detectLayout(text('\n\n  {"id":1}'), true)).toBe('json-lines');
  });

  it('reads a pretty-printed object or list as one document', () => {
    expect(detectLayout(text('{\n  "kind": "Listing",\n  "data": {\n'), false)).toBe('json-document');
    expect(detectLayout(text('[\n  {\n    "url": "/api"'), false)).toBe('json-document');
  });

  it('does not take the indented whole objects inside a document for NDJSON', () => {
    const head =
      '{\n  "version": "https://jsonfeed.org/version/1.1",\n  "items": [\n    { "id": "1", "title": "a" }\n  ]\n}\n';
    expect(detectLayout(text(head), true)).toBe('json-document');
  });

  it('still streams NDJSON whose first line is broken', () => {
    expect(detectLayout(text('{"id":1,\n{"id":2,"type":"story"}\n'), false)).toBe('json-lines');
  });

  it('takes a first line longer than the head for a document', () => {
    expect(detectLayout(text('{"kind":"Listing","data":{"children":['), false)).toBe('json-document');
  });

  it('knows feeds by their first byte, after a byte order mark and blanks', () => {
    expect(
      detectLayout(Buffer.concat([Uint8Array.of(0xef, 0xbb, 0xbf), text('\n <?xml version="1.0"?>')]), false),
    ).toBe('xml');
    expect(detectLayout(text('<rss version="2.0">'), false)).toBe('xml');
  });

  it('tells empty input from input it does not know', () => {
    expect(detectLayout(text(' \n\n'), true)).toBe('empty');
    expect(detectLayout(text('id,title\n1,hello\n'), true)).toBe('unknown');
    expect(detectLayout(Uint8Array.of(0, 1, 2, 3) as Buffer, true)).toBe('unknown');
  });
});

describe('headIsEnough', () => {
  it('stops at the first line when it parses, else after a few lines', () => {
    expect(headIsEnough(text('{"id":1}\n'))).toBe(true);
    expect(headIsEnough(text('{"id":1'))).toBe(false);
    expect(headIsEnough(text('{\n"a": 1,\n'))).toBe(false);
    expect(headIsEnough(text('{\n"a": 1,\n"b": 2,\n"c": 3,\n"d": 4,\n"e": 5,\n'))).toBe(true);
    expect(headIsEnough(text('<?xml'))).toBe(true);
  });
});

describe('classifyRecord', () => {
  it('tells Firebase items from Algolia items', () => {
    expect(classifyRecord({ id: 1, type: 'comment', parent: 2, time: 1 })).toBe('hn-firebase');
    expect(classifyRecord({ id: 1, type: 'story', children: [], created_at_i: 1 })).toBe('hn-algolia-item');
    expect(classifyRecord({ hits: [], nbHits: 0 })).toBe('hn-algolia-search');
  });

  it('tells Reddit archive rows, things, listings and threads apart', () => {
    expect(classifyRecord({ id: 'a', subreddit: 's', title: 't', selftext: '', created_utc: 1 })).toBe(
      'reddit-submission',
    );
    expect(classifyRecord({ id: 'c', body: 'b', link_id: 't3_a', parent_id: 't3_a' })).toBe('reddit-comment');
    expect(classifyRecord({ kind: 't1', data: {} })).toBe('reddit-thing');
    expect(classifyRecord({ kind: 'Listing', data: { children: [] } })).toBe('reddit-listing');
    expect(classifyRecord([{ kind: 'Listing' }, { kind: 'Listing' }])).toBe('reddit-thread');
    expect(classifyRecord({ json: { errors: [], data: { things: [] } } })).toBe('reddit-morechildren');
  });

  it('unwraps recordings and knows shapes without content', () => {
    expect(classifyRecord({ url: '/api/v1/items/17', reply: {} })).toBe('recorded-response');
    expect(classifyRecord({ source_url: 'https://x', response: 1 })).toBe('recorded-response');
    expect(classifyRecord({ id: 'jl', karma: 2937, created: 1 })).toBe('not-content');
    expect(classifyRecord({ items: [1], profiles: ['a'] })).toBe('not-content');
    expect(classifyRecord([1, 2, 3])).toBe('not-content');
    expect(classifyRecord({ version: 'https://jsonfeed.org/version/1', items: [] })).toBe('json-feed');
  });

  it('calls anything else unknown', () => {
    expect(classifyRecord(null)).toBe('unknown');
    expect(classifyRecord(42)).toBe('unknown');
    expect(classifyRecord('story')).toBe('unknown');
    expect(classifyRecord({ id: '1', type: 'story' })).toBe('unknown');
    expect(classifyRecord({ id: 1, type: 'video' })).toBe('unknown');
    expect(classifyRecord([{ a: 1 }])).toBe('array');
  });
});
