import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeHtmlBody, isHtmlContentType, metaCharset } from './decode.js';
import { extractArticle, isSameSite } from './extract.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

const NEWS_URL = 'https://www.balticwire.example.com/2026/03/01/nordwind-baltic-grid?utm_source=hn';

/** Enough text for Readability to take a page for an article. */
const PARAGRAPHS = Array.from(
  { length: 4 },
  (_, i) =>
    `<p>Paragraph ${i}: the operator said the new cable will carry power from three wind farms to the mainland grid, and that construction starts in spring after the permits were granted last year.</p>`,
).join('\n');

describe('extractArticle on a news page', () => {
  const article = extractArticle(fixture('news-article.html'), NEWS_URL);

  it('finds the headline, byline, site name and language', () => {
    expect(article).toMatchObject({
      title: 'Nordwind commits €4 billion to Baltic offshore grid',
      byline: 'Maja Kowalska',
      site: 'Baltic Wire',
      lang: 'en-GB',
    });
  });

  it('keeps the article text and drops navigation, ads, related links, comments and footer', () => {
    const text = article?.text ?? '';
    expect(text).toContain('Nordwind said on Sunday it will spend €4 billion between 2026 and 2030');
    expect(text).toContain('Shares in PSG rose 6% in Warsaw on Monday morning.');
    for (const chrome of [
      'Newsletter',
      'Advertisement',
      'Sponsored',
      'record bids',
      'mark my words',
      'Privacy',
    ]) {
      expect(text).not.toContain(chrome);
    }
  });

  it('writes one line per paragraph in the plain text', () => {
    const lines = article?.text.split('\n') ?? [];
    expect(lines.some((line) => line.startsWith('Shares in PSG rose 6%'))).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(5);
  });

  it('resolves relative links and images against the page URL', () => {
    expect(article?.html).toContain(
      'src="https://www.balticwire.example.com/2026/03/01/images/substation.jpg"',
    );
    expect(article?.html).toContain(
      'href="https://www.balticwire.example.com/2026/2025/11/14/psg-cable-tender"',
    );
    expect(article?.html).not.toMatch(/(src|href)="(?!https:)/);
  });

  it('takes the rel=canonical on the same site, resolved, over an og:url on another site', () => {
    expect(article?.canonicalUrl).toBe('https://www.balticwire.example.com/2026/03/01/nordwind-baltic-grid');
  });
});

describe('extractArticle: canonical URLs', () => {
  it('ignores an og:url on a different registrable domain', () => {
    const article = extractArticle(
      fixture('syndicated.html'),
      'https://nordkurier.example.de/wirtschaft/ostseekabel',
    );
    expect(article?.title).toBe('Windkraft: Netzbetreiber baut Ostseekabel');
    expect(article?.lang).toBe('de');
    expect(article?.canonicalUrl).toBeNull();
  });

  it('keeps an og:url on another subdomain of the same registrable domain', () => {
    const article = extractArticle(
      fixture('hostile.html'),
      'https://www.lab-news.example.com/2026/batteries',
    );
    expect(article?.canonicalUrl).toBe('https://amp.lab-news.example.com/batteries-benchmark');
  });

  it('falls back to a same-site og:url when rel=canonical points at another site', () => {
    const html = `<html><head><title>Cable</title>
      <link rel="canonical" href="https://aggregator.example.org/cable">
      <meta property="og:url" content="https://news.example.net/cable#top">
      </head><body><article>${PARAGRAPHS}</article></body></html>`;
    expect(extractArticle(html, 'https://m.example.net/cable')?.canonicalUrl).toBe(
      'https://news.example.net/cable',
    );
  });

  it('tells apart two sites under one private suffix (github.io)', () => {
    expect(isSameSite(new URL('https://alice.github.io/a'), new URL('https://bob.github.io/b'))).toBe(false);
    expect(isSameSite(new URL('https://www.bbc.co.uk/a'), new URL('https://news.bbc.co.uk/b'))).toBe(true);
    expect(isSameSite(new URL('http://127.0.0.1:8080/a'), new URL('http://127.0.0.2/b'))).toBe(false);
  });
});

describe('extractArticle: sanitising', () => {
  const article = extractArticle(fixture('hostile.html'), 'https://www.lab-news.example.com/2026/batteries');

  it('keeps the article', () => {
    expect(article?.text).toContain('flow batteries win for daily cycling over long durations');
  });

  it('drops scripts, event handlers, javascript: links, iframes, forms and styles', () => {
    const html = article?.html ?? '';
    expect(html).not.toMatch(
      /<script|onerror|onclick|onmouseover|onload|javascript:|<iframe|<form|<input|style=/i,
    );
    expect(article?.text).not.toMatch(/alert|document\.cookie/);
    expect(html).toContain('<img src="https://www.lab-news.example.com/2026/x.png" alt="chart" />');
    expect(html).toContain(
      'href="https://www.lab-news.example.com/papers/benchmark" rel="noopener nofollow ugc"',
    );
  });
});

describe('extractArticle: base URLs and junk', () => {
  it("resolves links against the page's own relative <base href>", () => {
    const html = `<html><head><base href="/static/v2/"><title>Cable</title></head>
      <body><article>${PARAGRAPHS}<p><img src="map.png"> <a href="more">More</a></p></article></body></html>`;
    const article = extractArticle(html, 'https://news.example.net/2026/cable');
    expect(article?.html).toContain('src="https://news.example.net/static/v2/map.png"');
    expect(article?.html).toContain('href="https://news.example.net/static/v2/more"');
  });

  it('ignores a javascript: <base href>', () => {
    const html = `<html><head><base href="javascript:alert(1)//"></head>
      <body><article>${PARAGRAPHS}<p><a href="more">More</a></p></article></body></html>`;
    expect(extractArticle(html, 'https://news.example.net/2026/cable')?.html).toContain(
      'href="https://news.example.net/2026/more"',
    );
  });

  it('reads a page that omits the optional <head> and <body> tags', () => {
    const html = `<!doctype html>\n<html lang="fr">\n  <meta charset="utf-8">\n  <title>Câble</title>\n  <link rel="canonical" href="/cable">\n  <article>${PARAGRAPHS}</article>\n</html>`;
    const article = extractArticle(html, 'https://a.example/x?ref=1');
    expect(article).toMatchObject({ title: 'Câble', lang: 'fr', canonicalUrl: 'https://a.example/cable' });
    expect(article?.text).toContain('Paragraph 3: the operator said');
  });

  it('reads a page that omits <html>', () => {
    const article = extractArticle(
      `<!doctype html><title>Cable</title><body>${PARAGRAPHS}`,
      'https://a.example/x',
    );
    expect(article?.text).toContain('Paragraph 3: the operator said');
  });

  it.each([
    ['an empty page', ''],
    ['plain text', 'just some words, not a page'],
    ['binary noise', '\u0000\u0001\u0002PK\u0003\u0004\ufffd<<<>>>'],
    [
      'a page with nothing to read',
      '<html><head><title>Home</title></head><body><nav>Menu</nav></body></html>',
    ],
    [
      'a page nested 50,000 elements deep',
      `<html><body>${'<div>'.repeat(50_000)}${PARAGRAPHS}${'</div>'.repeat(50_000)}</body></html>`,
    ],
  ])('returns null for %s', (_name, html) => {
    expect(extractArticle(html, 'https://a.example/x')).toBeNull();
  });

  it('returns null when the page URL is not a URL', () => {
    expect(extractArticle(`<html><body>${PARAGRAPHS}</body></html>`, 'not a url')).toBeNull();
  });
});

describe('decodeHtmlBody', () => {
  const latin1Page = Buffer.from(
    '<html><head><meta charset="windows-1252"></head><body>caf\xe9 \x93quoted\x94</body></html>',
    'latin1',
  );

  it('uses the <meta charset> when the header names none', () => {
    expect(decodeHtmlBody(latin1Page, 'text/html')).toContain('café “quoted”');
    expect(metaCharset(latin1Page)).toBe('windows-1252');
  });

  it('reads the charset of <meta http-equiv=Content-Type>', () => {
    const page = Buffer.from(
      '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>\xfcber',
      'latin1',
    );
    expect(decodeHtmlBody(page, undefined)).toContain('über');
  });

  it('lets the Content-Type charset win over <meta>', () => {
    const page = Buffer.from('<meta charset="windows-1252"><p>Gdańsk</p>', 'utf8');
    expect(decodeHtmlBody(page, 'text/html; charset=utf-8')).toContain('Gdańsk');
  });

  it('lets a byte order mark win over everything', () => {
    const page = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('<meta charset="windows-1252"><p>Gdańsk', 'utf8'),
    ]);
    expect(decodeHtmlBody(page, 'text/html; charset=iso-8859-2')).toContain('Gdańsk');
  });

  it('knows HTML content types from the rest', () => {
    expect(isHtmlContentType('text/html; charset=utf-8')).toBe(true);
    expect(isHtmlContentType('application/xhtml+xml')).toBe(true);
    expect(isHtmlContentType(undefined)).toBe(true);
    expect(isHtmlContentType('application/pdf')).toBe(false);
    expect(isHtmlContentType('image/png')).toBe(false);
  });
});
