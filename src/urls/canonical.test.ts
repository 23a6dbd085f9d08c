import { describe, expect, it } from 'vitest';
import { dedupKey, fetchableUrl } from './canonical.js';

describe('dedupKey', () => {
  it('gives the same key to http/https, www, fragments and trackers', () => {
    const a = dedupKey('http://www.example.com/news/a?id=3&utm_source=hn&fbclid=x#comments');
    const b = dedupKey('https://example.com/news/a?utm_medium=rss&id=3');
    expect(a).toBe('https://example.com/news/a?id=3');
    expect(b).toBe(a);
  });

  it('sorts query parameters and keeps the ones that identify the page', () => {
    expect(dedupKey('https://example.com/p?b=2&a=1&gclid=z&mc_cid=1')).toBe('https://example.com/p?a=1&b=2');
  });

  it('unwraps google.com/amp and the AMP cache', () => {
    expect(dedupKey('https://www.google.com/amp/s/www.example.com/2026/a.amp.html')).toBe(
      'https://example.com/2026/a.amp.html',
    );
    expect(dedupKey('https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a?x=1')).toBe(
      'https://example.com/a?x=1',
    );
  });

  it('refuses what is not an http(s) URL', () => {
    expect(dedupKey('javascript:alert(1)')).toBeNull();
    expect(dedupKey('not a url')).toBeNull();
    expect(fetchableUrl('ftp://example.com/a')).toBeNull();
    expect(fetchableUrl(' https://example.com/a ')).toBe('https://example.com/a');
  });
});
