import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../errors.js';
import { parseFeedDate } from './dates.js';
import { decodeFeedBody } from './decode.js';
import { parseFeed, readFeed } from './parse.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(join(here, '__fixtures__', name));
const NOW = Date.UTC(2026, 2, 5, 12, 0, 0);

describe('parseFeed on RSS 2.0', () => {
  const feedUrl = 'https://www.balticwire.example/feed.xml';
  const feed = parseFeed(fixture('rss2.xml'), { feedUrl, now: NOW });
  const [first, second, third] = feed.posts;

  it('reads the channel and takes the larger of ttl and sy:updatePeriod', () => {
    expect(feed).toMatchObject({
      format: 'rss',
      title: 'Baltic Wire & Friends',
      siteUrl: 'https://www.balticwire.example/',
      community: 'Baltic Wire & Friends',
      ttlMin: 60,
    });
    expect(feed.posts).toHaveLength(3);
  });

  it('prefers content:encoded over the teaser and keeps the author and comment count', () => {
    expect(first).toMatchObject({
      kind: 'feed',
      title: 'Nordwind to invest €4bn in Baltic grid link',
      text: 'Nordwind said it will spend €4 billion between 2026 and 2030.\nRead more.',
      url: 'https://www.balticwire.example/2026/03/nordwind-grid?utm_source=rss',
      dedupKey: 'https://balticwire.example/2026/03/nordwind-grid',
      author: 'Anna Kowalska',
      commentCount: 12,
      score: null,
      deleted: false,
      publishedAt: Date.UTC(2026, 2, 1, 8, 10, 0),
    });
    expect(first?.html).toContain('href="https://www.balticwire.example/more"');
    expect(first?.id).toMatch(/^feed:[0-9a-f]{20}$/);
  });

  it('resolves a relative link against the feed URL and reads a one-digit hour with a named zone', () => {
    expect(second?.url).toBe('https://www.balticwire.example/2026/03/psg-shares');
    expect(second?.html).toBeNull();
    expect(second?.publishedAt).toBe(Date.UTC(2002, 8, 7, 5, 0, 1));
  });

  it('titles an item without title or link by its first words and dates it at first sight', () => {
    expect(third?.title).toBe('An item with neither a title nor a link nor a guid,…');
    expect(third?.url).toBeNull();
    expect(third?.publishedAt).toBe(NOW);
  });

  it('keeps the guid as identity when the text changes upstream', () => {
    const edited = readFileSync(join(here, '__fixtures__', 'rss2.xml'), 'utf8')
      .replace('Nordwind to invest', 'Nordwind invests')
      .replace('Short teaser.', 'A longer teaser now.');
    const again = parseFeed(edited, { feedUrl, now: NOW + 1 });
    expect(again.posts[0]?.id).toBe(first?.id);
    expect(again.posts[1]?.id).toBe(second?.id);
  });

  it('scopes ids by feed URL so that two feeds reusing a guid do not collide', () => {
    const other = parseFeed(fixture('rss2.xml'), { feedUrl: 'https://mirror.example/feed.xml', now: NOW });
    expect(other.posts[0]?.id).not.toBe(first?.id);
  });

  it('keeps the guid when the item has no link, and uses a permalink guid as the link', () => {
    const xml = `<rss version="2.0"><channel><title>G</title>
      <item><title>a</title><guid isPermaLink="false">opaque-1</guid></item>
      <item><title>b</title><guid>https://g.example/b</guid></item></channel></rss>`;
    const { entries } = readFeed(xml, { feedUrl: 'https://g.example/rss', now: NOW });
    expect(entries.map((entry) => [entry.guid, entry.link])).toEqual([
      ['opaque-1', null],
      ['https://g.example/b', 'https://g.example/b'],
    ]);
  });

  it('falls back to the registrable domain for the community when the feed has no title', () => {
    const xml =
      '<rss version="2.0"><channel><link>https://news.bbc.co.uk/</link><item><title>x</title></item></channel></rss>';
    expect(parseFeed(xml, { feedUrl: 'https://feeds.bbci.co.uk/news/rss.xml', now: NOW }).community).toBe(
      'bbc.co.uk',
    );
  });

  it('is lenient with stray ampersands and undeclared HTML entities', () => {
    const xml = '<rss version="2.0"><channel><title>Fish & Chips &mdash; &nbsp;more</title></channel></rss>';
    expect(parseFeed(xml, { feedUrl: 'https://f.example/rss', now: NOW }).title).toBe('Fish & Chips — more');
  });
});

describe('parseFeed on Atom', () => {
  const feed = parseFeed(fixture('atom-base.xml'), { feedUrl: 'https://blog.example.org/feed', now: NOW });

  it('resolves links through nested xml:base', () => {
    expect(feed.siteUrl).toBe('https://blog.example.org/journal/');
    expect(feed.posts[0]?.url).toBe('https://blog.example.org/journal/posts/grid-bottlenecks.html');
    expect(feed.posts[0]?.html).toContain('href="https://blog.example.org/journal/posts/turbines.html"');
    expect(feed.posts[1]?.url).toBe('https://blog.example.org/absolute/path');
  });

  it('reads text constructs by their type', () => {
    expect(feed.title).toBe('Example Journal');
    expect(feed.posts[1]?.title).toBe('Plain <title> with brackets');
    expect(feed.posts[1]?.text).toBe('Escaped & summary');
  });

  it('takes the published date, the author name and the longest body', () => {
    expect(feed.posts[0]).toMatchObject({
      publishedAt: Date.UTC(2026, 2, 1, 8, 30, 0),
      author: 'Kilowatt Kate',
      text: 'Finally money for the wires, not just the turbines.',
    });
    expect(feed.posts[1]?.publishedAt).toBe(Date.UTC(2026, 2, 3, 8, 0, 0));
  });
});

describe('parseFeed on RDF and JSON Feed', () => {
  it('reads RSS 1.0 with dc:date and a dc:creator carrying an email', () => {
    const feed = parseFeed(fixture('rdf.xml'), { feedUrl: 'https://news.example.net/rss', now: NOW });
    expect(feed.format).toBe('rdf');
    expect(feed.posts[0]).toMatchObject({
      title: 'First article',
      url: 'https://news.example.net/a/1',
      author: 'Jane Doe',
      publishedAt: Date.UTC(2026, 1, 28, 22, 5, 0),
    });
  });

  it('reads JSON Feed 1.1, HTML and plain-text items alike', () => {
    const feed = parseFeed(fixture('feed.json'), { feedUrl: 'https://json.example.com/feed.json', now: NOW });
    expect(feed).toMatchObject({
      format: 'json',
      title: 'JSON Example',
      siteUrl: 'https://json.example.com/',
    });
    expect(feed.posts[0]).toMatchObject({ text: 'Hello HTML world', author: 'Site Author' });
    expect(feed.posts[1]).toMatchObject({
      title: 'First post, plain text only.',
      html: null,
      url: 'https://json.example.com/posts/1',
      author: 'Guest',
      publishedAt: Date.UTC(2026, 0, 4, 8, 0, 0),
    });
  });
});

describe('parseFeed safety and errors', () => {
  it('sanitises scripts, event handlers and javascript: links out of item HTML', () => {
    const post = parseFeed(fixture('hostile.xml'), { feedUrl: 'https://hostile.example/rss', now: NOW })
      .posts[0];
    expect(post?.html).not.toMatch(/script|onerror|onclick|javascript:|alert/i);
    expect(post?.html).toContain('<p>Safe text</p>');
    expect(post?.text).not.toMatch(/alert/);
    expect(post?.title).toBe('Look here');
  });

  it('throws a ParseError naming the URL and the line of a malformed feed', () => {
    const parse = () =>
      parseFeed(fixture('malformed.xml'), { feedUrl: 'https://broken.example/rss.xml', now: NOW });
    expect(parse).toThrow(ParseError);
    expect(parse).toThrow(/^feed: unable to parse https:\/\/broken\.example\/rss\.xml \(line 6: /);
  });

  it('throws a ParseError for a web page, JSON that is no feed and an empty body', () => {
    const context = { feedUrl: 'https://x.example/', now: NOW };
    for (const body of [
      '<!DOCTYPE html><html><body><feed>x</feed></body></html>',
      '{"a":1}',
      '',
      '\u0000\u0001',
    ]) {
      expect(() => parseFeed(body, context)).toThrow(ParseError);
    }
  });

  it('reads a feed cut off mid-item up to where it stops', () => {
    const xml = '<rss version="2.0"><channel><title>T</title><item><title>One</title></item><item><title>Tw';
    const feed = parseFeed(xml, { feedUrl: 'https://t.example/rss', now: NOW });
    expect(feed.posts.map((post) => post.title)).toEqual(['One', 'Tw']);
  });
});

describe('encodings', () => {
  it('decodes windows-1252 declared in the XML declaration', () => {
    const feed = parseFeed(fixture('windows-1252.xml'), { feedUrl: 'https://cp1252.example/rss', now: NOW });
    expect(feed.title).toBe('Café “quotes”');
    expect(feed.posts[0]?.title).toBe('Naïve – dash');
  });

  it('decodes Big5', () => {
    const document = readFeed(fixture('big5.xml'), { feedUrl: 'https://big5.example/rss', now: NOW });
    expect(document).toMatchObject({ encoding: 'big5', title: '中文' });
  });

  it('lets the Content-Type charset override the declaration, and honours a UTF-16 BOM', () => {
    const latin = Buffer.from(
      '<?xml version="1.0" encoding="utf-8"?><rss><channel><title>\xe9</title></channel></rss>',
      'latin1',
    );
    expect(decodeFeedBody(latin, 'application/rss+xml; charset="ISO-8859-1"').text).toContain(
      '<title>é</title>',
    );
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('<rss><channel><title>ü</title></channel></rss>', 'utf16le'),
    ]);
    expect(decodeFeedBody(utf16, null)).toMatchObject({
      encoding: 'utf-16le',
      text: '<rss><channel><title>ü</title></channel></rss>',
    });
  });

  it('falls back to UTF-8 for an unknown label', () => {
    expect(decodeFeedBody(Buffer.from('<rss>ü</rss>'), 'text/xml; charset=x-klingon')).toMatchObject({
      encoding: 'utf-8',
      text: '<rss>ü</rss>',
    });
  });
});

describe('parseFeedDate', () => {
  it.each([
    ['Sat, 07 Sep 2002 0:00:01 GMT', Date.UTC(2002, 8, 7, 0, 0, 1)],
    ['Sat, 07 Sep 2002 00:00 PDT', Date.UTC(2002, 8, 7, 7, 0, 0)],
    ['07 Sep 02 10:00:00 +0130', Date.UTC(2002, 8, 7, 8, 30, 0)],
    ['Thu, 1 January 2004 19:48:21 EST', Date.UTC(2004, 0, 2, 0, 48, 21)],
    ['2003-12-31T10:14:55Z', Date.UTC(2003, 11, 31, 10, 14, 55)],
    ['2003-12-31T10:14:55.52-08:00', Date.UTC(2003, 11, 31, 18, 14, 55, 520)],
    ['2003-12-31T10:14+01:00', Date.UTC(2003, 11, 31, 9, 14, 0)],
    ['2003-12-31', Date.UTC(2003, 11, 31)],
    ['2003-12', Date.UTC(2003, 11, 1)],
  ])('reads %s', (raw, expected) => {
    expect(parseFeedDate(raw)).toBe(expected);
  });

  it('returns null for what is no date', () => {
    expect(parseFeedDate('soon')).toBeNull();
    expect(parseFeedDate('')).toBeNull();
  });
});

const corpus = resolve(here, '../../../../shared/eval/feeds');
const hasCorpus = existsSync(corpus);
if (!hasCorpus)
  console.log(
    `skipping real-feed tests: ${corpus} is absent (the shared eval data live beside the checkout)`,
  );

describe.skipIf(!hasCorpus)('real files from the conformance corpora', () => {
  it('reads gofeed JSON Feed 1.0 and 1.1 samples', () => {
    for (const name of ['version_json_10.json', 'version_json_11.json']) {
      const feed = parseFeed(readFileSync(join(corpus, 'gofeed/parser/json', name)), {
        feedUrl: 'https://sample-json-feed.com/feed.json',
        now: NOW,
      });
      expect(feed.format).toBe('json');
      expect(feed.posts[0]).toMatchObject({ url: 'https://sample-json-feed.com/id', title: 'title' });
    }
  });

  it('reads feedparser’s RSS with namespaced modules and its Big5 sample', () => {
    const rss = parseFeed(
      readFileSync(join(corpus, 'feedparser/wellformed/namespace/rss2.0withAtomNS.xml')),
      {
        feedUrl: 'http://example.com/rss',
        now: NOW,
      },
    );
    expect(rss.format).toBe('rss');
    expect(rss.posts.length).toBeGreaterThan(0);
    const big5 = readFeed(readFileSync(join(corpus, 'feedparser/encoding/big5.xml')), {
      feedUrl: 'http://x/',
      now: NOW,
    });
    expect(big5.encoding).toBe('big5');
  });

  it('never throws anything but ParseError on the ill-formed corpus', () => {
    const dir = join(corpus, 'feedparser/illformed');
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.xml'))) {
      try {
        readFeed(readFileSync(join(dir, name)), { feedUrl: `http://x/${name}`, now: NOW });
      } catch (error) {
        expect(error, name).toBeInstanceOf(ParseError);
      }
    }
  });
});
