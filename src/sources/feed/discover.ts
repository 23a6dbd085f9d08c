import { Parser } from 'htmlparser2';
import { NotFoundError, ParseError } from '../../errors.js';
import type { Fetcher } from '../../http/types.js';
import { fetchableUrl } from '../../urls/canonical.js';
import { parseFeed } from './parse.js';

export interface DiscoveredFeed {
  url: string;
  title: string | null;
  /** The declared media type: application/rss+xml, application/atom+xml, application/feed+json … */
  type: string;
}

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
  'application/json',
]);

/**
 * Feed autodiscovery: `<link rel="alternate" type="application/rss+xml" href="…">` and its
 * Atom, RDF and JSON Feed siblings, resolved against `<base href>` or the page URL, in
 * document order, without duplicates.
 */
export function discoverFeeds(html: string, pageUrl: string): DiscoveredFeed[] {
  const links: Array<{ href: string; title: string | null; type: string }> = [];
  let base = pageUrl;
  let seenBase = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'base' && !seenBase && attributes.href) {
          seenBase = true;
          base = resolve(attributes.href, pageUrl) ?? pageUrl;
        }
        if (name !== 'link' || !attributes.href) return;
        const rel = (attributes.rel ?? '').toLowerCase().split(/\s+/);
        const type = (attributes.type ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
        if (rel.includes('alternate') && FEED_TYPES.has(type)) {
          links.push({ href: attributes.href, title: attributes.title?.trim() || null, type });
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const found: DiscoveredFeed[] = [];
  const seen = new Set<string>();
  for (const link of links) {
    const url = resolve(link.href, base);
    if (!url || seen.has(url)) continue;
    seen.add(url);
    found.push({ url, title: link.title, type: link.type });
  }
  return found;
}

function resolve(href: string, base: string): string | null {
  try {
    return fetchableUrl(new URL(href.trim(), base).href);
  } catch {
    return null;
  }
}

export interface ResolvedFeed {
  url: string;
  title: string | null;
}

/**
 * For `roundup add-feed URL`: the URL itself when it is a feed, else the first feed its page
 * announces that parses. Throws NotFoundError when there is none.
 */
export async function resolveFeedUrl(fetcher: Fetcher, url: string): Promise<ResolvedFeed> {
  const page = await fetcher.fetch({ url, trusted: true });
  const pageUrl = page.permanentUrl ?? page.url ?? url;
  if (page.status >= 400)
    throw new NotFoundError(`feed: unable to find a feed at ${url} (HTTP ${page.status})`);
  const direct = tryParse(page.body, pageUrl, page.headers['content-type']);
  if (direct) return { url: pageUrl, title: direct.title };

  const candidates = discoverFeeds(page.body.toString('utf8'), page.url || url);
  const problems: string[] = [];
  for (const candidate of candidates) {
    try {
      const response = await fetcher.fetch({ url: candidate.url, trusted: true });
      if (response.status >= 400) {
        problems.push(`${candidate.url}: HTTP ${response.status}`);
        continue;
      }
      const feedUrl = response.permanentUrl ?? candidate.url;
      const feed = tryParse(response.body, feedUrl, response.headers['content-type']);
      if (feed) return { url: feedUrl, title: feed.title ?? candidate.title };
      problems.push(`${candidate.url}: not a feed`);
    } catch (error) {
      problems.push(`${candidate.url}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const detail = candidates.length === 0 ? 'the page announces no feed' : problems.join('; ');
  throw new NotFoundError(`feed: unable to find a feed at ${url} (${detail})`);
}

function tryParse(
  body: Buffer,
  feedUrl: string,
  contentType: string | undefined,
): { title: string | null } | null {
  try {
    return parseFeed(body, { feedUrl, now: 0, contentType: contentType ?? null });
  } catch (error) {
    if (error instanceof ParseError) return null;
    throw error;
  }
}
