import { createHash } from 'node:crypto';
import {
  type AnyFeed,
  type AtomFeed,
  detectAtomFeed,
  detectJsonFeed,
  detectRdfFeed,
  detectRssFeed,
  parseAtomFeed,
  parseJsonFeed,
  parseRdfFeed,
  parseRssFeed,
  type RssFeed,
} from 'feedsmith';
import { getDomain } from 'tldts';
import { ParseError } from '../../errors.js';
import type { Post } from '../../model.js';
import { htmlToText, looksLikeHtml, normalizeWhitespace, sanitizeHtml } from '../../text/html.js';
import { dedupKey, fetchableUrl } from '../../urls/canonical.js';
import { parseFeedDate } from './dates.js';
import { decodeFeedBody } from './decode.js';

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json';

export interface FeedContext {
  /** The URL the feed was fetched from: the base for relative links and part of every post id. */
  feedUrl: string;
  /**
   * The URL that scopes post ids, when it differs from `feedUrl`: the configured URL, so that
   * ids stay the same when the feed answers from a redirect target.
   */
  idScope?: string;
  /** First-seen time, used for items without a readable date. */
  now: number;
  /** The Content-Type header, for its charset. */
  contentType?: string | null;
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  siteUrl: string | null;
  /** The feed's title, else the registrable domain of the site (or feed) URL. */
  community: string;
  posts: Post[];
  /** How long the publisher asks readers to wait between polls (RSS `ttl`, `sy:updatePeriod`). */
  ttlMin: number | null;
}

/** A piece of text as a feed gave it: always plain text, and the HTML it came from when it was HTML. */
export interface FeedText {
  text: string;
  html: string | null;
}

/** One item as the feed states it, before it becomes a Post. */
export interface FeedEntry {
  guid: string | null;
  /** Absolute http(s) link, resolved against xml:base and the feed URL. */
  link: string | null;
  title: string | null;
  summary: FeedText | null;
  content: FeedText | null;
  author: string | null;
  publishedAt: number | null;
  updatedAt: number | null;
  commentCount: number | null;
  /** The base for relative links inside the item's HTML. */
  baseUrl: string;
}

/** The feed as read, before normalising to posts (the conformance evaluation reads this). */
export interface FeedDocument {
  format: FeedFormat;
  /** The encoding the bytes were decoded with. */
  encoding: string;
  title: string | null;
  siteUrl: string | null;
  ttlMin: number | null;
  entries: FeedEntry[];
}

/** Parses RSS 0.9x/2.0, Atom 0.3/1.0, RDF (RSS 1.0) and JSON Feed 1.0/1.1 into posts. */
export function parseFeed(body: Buffer | string, context: FeedContext): ParsedFeed {
  const document = readFeed(body, context);
  const community = document.title ?? communityOf(document.siteUrl) ?? communityOf(context.feedUrl) ?? '';
  return {
    format: document.format,
    title: document.title,
    siteUrl: document.siteUrl,
    community: community || context.feedUrl,
    posts: document.entries.map((entry) => toPost(entry, { community, context })),
    ttlMin: document.ttlMin,
  };
}

/** Reads a feed into its entries. Throws ParseError, and nothing else, when it cannot. */
export function readFeed(body: Buffer | string, context: FeedContext): FeedDocument {
  try {
    const { text, encoding } = decodeFeedBody(body, context.contentType);
    const prepared = escapeBareAmpersands(expandInternalEntities(text.trimStart()));
    const parsed = parseWithFeedsmith(prepared, context.feedUrl);
    return { ...readParsed(parsed, context.feedUrl), encoding };
  } catch (error) {
    if (error instanceof ParseError) throw error;
    throw new ParseError(`feed: unable to parse ${context.feedUrl} (${describeError(error)})`, {
      cause: error,
    });
  }
}

function parseWithFeedsmith(text: string, feedUrl: string): AnyFeed {
  const format = detectFormat(text);
  if (!format) {
    const what = text.length === 0 ? 'empty body' : 'not an RSS, Atom, RDF or JSON feed';
    throw new ParseError(`feed: unable to parse ${feedUrl} (${what})`);
  }
  try {
    return parseAs(format, text);
  } catch (error) {
    if (isFeedsmithError(error, 'ParseError')) return emptyFeed(format);
    if (!isFeedsmithError(error, 'MalformedError')) throw error;
    const repaired = repairTruncatedXml(text);
    if (repaired !== text) {
      try {
        return parseAs(format, repaired);
      } catch (retryError) {
        if (isFeedsmithError(retryError, 'ParseError')) return emptyFeed(format);
      }
    }
    const problem = locateXmlProblem(text);
    const where = problem ? `line ${problem.line}: ${problem.message}` : describeError(error);
    throw new ParseError(`feed: unable to parse ${feedUrl} (${where})`, { cause: error });
  }
}

function detectFormat(text: string): FeedFormat | null {
  // feedsmith looks for <rss>/<feed>/<rdf> anywhere; a web page is not a feed whatever it quotes.
  if (/^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![^>]*>|\s)*<html[\s>]/i.test(text)) return null;
  if (detectRssFeed(text)) return 'rss';
  if (detectAtomFeed(text)) return 'atom';
  if (detectRdfFeed(text)) return 'rdf';
  if (/^\s*\{/.test(text)) {
    try {
      const json: unknown = JSON.parse(text);
      if (detectJsonFeed(json) || looksLikeJsonFeed(json)) return 'json';
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
  }
  return null;
}

/** Lenient about `version` (gofeed accepts "1.0"): an object with an items array and a title or a version. */
function looksLikeJsonFeed(json: unknown): json is Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const feed = json as Record<string, unknown>;
  return Array.isArray(feed.items) && (typeof feed.title === 'string' || typeof feed.version === 'string');
}

function parseAs(format: FeedFormat, text: string): AnyFeed {
  switch (format) {
    case 'rss':
      return { format, feed: parseRssFeed(text) };
    case 'atom':
      return { format, feed: parseAtomFeed(text) };
    case 'rdf':
      return { format, feed: parseRdfFeed(text) };
    case 'json': {
      const json: unknown = JSON.parse(text);
      // feedsmith insists on a jsonfeed.org version URL; vouch for feeds that only miss it.
      const vouched =
        looksLikeJsonFeed(json) && !detectJsonFeed(json)
          ? Object.assign({}, json, { version: JSON_FEED_1_1 })
          : json;
      return { format, feed: parseJsonFeed(vouched) };
    }
  }
}

const JSON_FEED_1_1 = 'https://jsonfeed.org/version/1.1';

/** A well-formed document of a known format with nothing in it: a feed without items. */
function emptyFeed(format: FeedFormat): AnyFeed {
  switch (format) {
    case 'rss':
      return { format, feed: { title: '', link: '', description: '' } };
    case 'atom':
      return { format, feed: { id: '', title: { value: '' }, updated: '' } };
    case 'rdf':
      return { format, feed: { title: '', link: '', description: '' } };
    case 'json':
      return { format, feed: { title: '', items: [] } };
  }
}

function isFeedsmithError(error: unknown, name: 'ParseError' | 'MalformedError'): boolean {
  return error instanceof Error && error.name === name;
}

/**
 * A `&` that starts no entity or character reference is a stray ampersand (`Fish & Chips`,
 * `?a=1&copy=2`): escape it so that it stays literal, as XML means it to. CDATA sections and
 * comments are left alone.
 */
function escapeBareAmpersands(text: string): string {
  if (!text.includes('&')) return text;
  return text
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->)/)
    .map((part, index) =>
      index % 2 === 1 ? part : part.replace(/&(?!(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9a-fA-F]+);)/g, '&amp;'),
    )
    .join('');
}

const MAX_ENTITY_LENGTH = 1024;

/**
 * Expands entities declared in the internal DTD subset (`<!ENTITY id "tag:example.com,">`),
 * one level deep and short values only, so that no entity can blow up the document.
 */
function expandInternalEntities(text: string): string {
  const doctype = /^(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<!DOCTYPE[^[>]*\[([\s\S]*?)\]\s*>/i.exec(
    text,
  );
  if (!doctype?.[1]) return text;
  const entities = new Map<string, string>();
  for (const match of doctype[1].matchAll(/<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(["'])([^"'&%<]*)\2\s*>/g)) {
    const [, name, , value] = match;
    if (name && value !== undefined && value.length <= MAX_ENTITY_LENGTH) entities.set(name, value);
  }
  if (entities.size === 0) return text;
  const end = doctype.index + doctype[0].length;
  const body = text
    .slice(end)
    .replace(/&([A-Za-z_][\w.-]*);/g, (whole, name: string) => entities.get(name) ?? whole);
  return text.slice(0, end) + body;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

type Document = Omit<FeedDocument, 'encoding'>;

function readParsed(parsed: AnyFeed, feedUrl: string): Document {
  switch (parsed.format) {
    case 'rss':
      return readRss(parsed.feed, feedUrl);
    case 'atom':
      return readAtom(parsed.feed, feedUrl);
    case 'rdf':
      return readRdf(parsed.feed, feedUrl);
    case 'json':
      return readJson(parsed.feed, feedUrl);
  }
}

type RssItem = RssFeed.Item<string>;
type AtomEntry = AtomFeed.Entry<string>;
type AtomText = AtomFeed.Text;
type AtomLink = AtomFeed.Link<string>;

function readRss(feed: RssFeed.Feed<string>, feedUrl: string): Document {
  const base = resolveBase(feed.xml?.base, feedUrl);
  return {
    format: 'rss',
    title: plainLine(feed.title) ?? plainLine(feed.dc?.titles?.[0]) ?? atomTextLine(feed.atom?.title),
    siteUrl: resolveLink(feed.link, base) ?? alternateLink(feed.atom?.links, base),
    ttlMin: ttlMinutes(feed.ttl, feed.sy),
    entries: (feed.items ?? []).map((item) => readRssItem(item, base)),
  };
}

function readRssItem(item: RssItem, parentBase: string): FeedEntry {
  const base = resolveBase(item.xml?.base, parentBase);
  const guid = nonEmpty(item.guid?.value) ?? nonEmpty(item.atom?.id) ?? null;
  // RSS 2.0: isPermaLink defaults to true, "the guid is a url that points to the full item".
  const guidLink = item.guid?.isPermaLink !== false ? resolveLink(item.guid?.value, base) : null;
  const link =
    resolveLink(item.link, base) ??
    alternateLink(item.atom?.links, base) ??
    guidLink ??
    resolveLink(item.source?.url, base);
  const description = maybeHtml(item.description) ?? maybeHtml(item.dc?.descriptions?.[0]);
  const encoded = maybeHtml(item.content?.encoded) ?? atomContent(item.atom?.content);
  return {
    guid,
    link,
    title:
      plainLine(item.title) ??
      plainLine(item.dc?.titles?.[0]) ??
      atomTextLine(item.atom?.title) ??
      plainLine(item.itunes?.title) ??
      plainLine((item.media?.title ?? item.media?.groups?.[0]?.title)?.value),
    summary:
      description ??
      atomText(item.atom?.summary) ??
      maybeHtml(item.itunes?.summary) ??
      maybeHtml(item.itunes?.subtitle) ??
      maybeHtml((item.media?.description ?? item.media?.groups?.[0]?.description)?.value),
    content: encoded,
    author:
      authorName(item.dc?.creators?.[0]) ??
      personName(item.authors?.[0]) ??
      nonEmpty(item.atom?.authors?.[0]?.name) ??
      nonEmpty(item.itunes?.author) ??
      null,
    publishedAt:
      parseFeedDate(item.pubDate) ??
      parseFeedDate(item.dc?.dates?.[0]) ??
      parseFeedDate(item.atom?.published) ??
      parseFeedDate(item.dcterms?.created?.[0]) ??
      parseFeedDate(item.dcterms?.issued?.[0]),
    updatedAt: parseFeedDate(item.atom?.updated) ?? parseFeedDate(item.dcterms?.modified?.[0]),
    commentCount: count(item.slash?.comments) ?? count(item.thr?.total),
    baseUrl: item.xml?.base || link === null ? base : link,
  };
}

function readAtom(feed: AtomFeed.Feed<string>, feedUrl: string): Document {
  const base = resolveBase(feed.xml?.base, feedUrl);
  return {
    format: 'atom',
    title: atomTextLine(feed.title) ?? plainLine(feed.dc?.titles?.[0]),
    siteUrl: alternateLink(feed.links, base),
    ttlMin: ttlMinutes(undefined, feed.sy),
    entries: (feed.entries ?? []).map((entry) => readAtomEntry(entry, base)),
  };
}

function readAtomEntry(entry: AtomEntry, parentBase: string): FeedEntry {
  const base = resolveBase(entry.xml?.base, parentBase);
  const link = alternateLink(entry.links, base);
  return {
    guid: resolveId(entry.id, base),
    link,
    title:
      atomTextLine(entry.title) ??
      plainLine(entry.dc?.titles?.[0]) ??
      plainLine((entry.media?.title ?? entry.media?.groups?.[0]?.title)?.value),
    summary:
      atomText(entry.summary) ??
      maybeHtml(entry.dc?.descriptions?.[0]) ??
      maybeHtml((entry.media?.description ?? entry.media?.groups?.[0]?.description)?.value),
    content: atomContent(entry.content),
    author: nonEmpty(entry.authors?.[0]?.name) ?? authorName(entry.dc?.creators?.[0]) ?? null,
    publishedAt: parseFeedDate(entry.published) ?? parseFeedDate(entry.dc?.dates?.[0]),
    updatedAt: parseFeedDate(entry.updated) ?? parseFeedDate(entry.dcterms?.modified?.[0]),
    commentCount: count(entry.slash?.comments) ?? count(entry.thr?.total),
    baseUrl: resolveBase(entry.content?.xml?.base ?? entry.summary?.xml?.base, base),
  };
}

function readRdf(feed: AnyFeedOf<'rdf'>, feedUrl: string): Document {
  const base = resolveBase(feed.xml?.base, feedUrl);
  return {
    format: 'rdf',
    title: plainLine(feed.title) ?? plainLine(feed.dc?.titles?.[0]),
    siteUrl: resolveLink(feed.link, base),
    ttlMin: ttlMinutes(undefined, feed.sy),
    entries: (feed.items ?? []).map((item) => {
      const itemBase = resolveBase(item.xml?.base, base);
      const link = resolveLink(item.link, itemBase) ?? resolveLink(item.rdf?.about, itemBase);
      return {
        guid: nonEmpty(item.rdf?.about) ?? nonEmpty(item.dc?.identifiers?.[0]) ?? null,
        link,
        title: plainLine(item.title) ?? plainLine(item.dc?.titles?.[0]),
        summary: maybeHtml(item.description) ?? maybeHtml(item.dc?.descriptions?.[0]),
        content: maybeHtml(item.content?.encoded),
        author: authorName(item.dc?.creators?.[0]) ?? null,
        publishedAt: parseFeedDate(item.dc?.dates?.[0]) ?? parseFeedDate(item.dcterms?.created?.[0]),
        updatedAt: parseFeedDate(item.dcterms?.modified?.[0]),
        commentCount: count(item.slash?.comments),
        baseUrl: link ?? itemBase,
      };
    }),
  };
}

type AnyFeedOf<F extends AnyFeed['format']> = Extract<AnyFeed, { format: F }>['feed'];

function readJson(feed: AnyFeedOf<'json'>, feedUrl: string): Document {
  return {
    format: 'json',
    title: plainLine(feed.title),
    siteUrl: resolveLink(feed.home_page_url, feedUrl),
    ttlMin: null,
    entries: (feed.items ?? []).map((item) => {
      const link = resolveLink(item.url, feedUrl) ?? resolveLink(item.external_url, feedUrl);
      const html = nonEmpty(item.content_html);
      const plain = nonEmpty(item.content_text);
      return {
        guid: nonEmpty(item.id === undefined ? undefined : String(item.id)) ?? null,
        link,
        title: plainLine(item.title),
        // JSON Feed 1.1: summary is "a plain text sentence or two".
        summary: item.summary ? { text: normalizeWhitespace(item.summary), html: null } : null,
        content: html ? htmlText(html) : plain ? { text: normalizeWhitespace(plain), html: null } : null,
        author: nonEmpty(item.authors?.[0]?.name) ?? nonEmpty(feed.authors?.[0]?.name) ?? null,
        publishedAt: parseFeedDate(item.date_published),
        updatedAt: parseFeedDate(item.date_modified),
        commentCount: null,
        baseUrl: link ?? feedUrl,
      };
    }),
  };
}

// Text

function nonEmpty(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function oneLine(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

function htmlText(html: string): FeedText {
  return { text: htmlToText(html), html };
}

/** RSS and RDF do not say whether a field is HTML; treat it as HTML when it looks like it. */
function maybeHtml(value: string | null | undefined): FeedText | null {
  const trimmed = nonEmpty(value);
  if (!trimmed) return null;
  if (looksLikeHtml(trimmed)) return htmlText(trimmed);
  return { text: normalizeWhitespace(trimmed), html: null };
}

function plainLine(value: string | null | undefined): string | null {
  const text = maybeHtml(value)?.text;
  return text ? oneLine(text) : null;
}

/** Atom text constructs say their type (RFC 4287 §3.1): text, html or xhtml. */
function atomText(value: AtomText | AtomFeed.Content | undefined): FeedText | null {
  const raw = nonEmpty(value?.value);
  if (!raw) return null;
  const type = (value?.type ?? 'text').toLowerCase();
  if (type === 'html' || type === 'xhtml' || type.endsWith('html') || type.endsWith('+xml')) {
    return htmlText(raw);
  }
  if (type === 'text' || type.startsWith('text/')) return { text: normalizeWhitespace(raw), html: null };
  // RFC 4287 §4.1.3.3: other media types are Base64-encoded. Producers often skip that.
  return maybeHtml(decodeBase64(raw) ?? raw);
}

function decodeBase64(value: string): string | null {
  const compact = value.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return null;
  const text = Buffer.from(compact, 'base64').toString('utf8');
  return text.includes('\ufffd') ? null : text;
}

function atomTextLine(value: AtomText | undefined): string | null {
  const text = atomText(value)?.text;
  return text ? oneLine(text) : null;
}

function atomContent(value: AtomFeed.Content | undefined): FeedText | null {
  // Content with `src` lives elsewhere (RFC 4287 §4.1.3.2); only inline content counts.
  if (!value || (value.src && !value.value)) return null;
  return atomText(value);
}

function personName(person: RssFeed.Person | undefined): string | undefined {
  return nonEmpty(person?.name) ?? nonEmpty(person?.email);
}

/** "Jane Doe (jane@example.com)" and "jane@example.com (Jane Doe)" → "Jane Doe". */
function authorName(raw: string | undefined): string | undefined {
  const value = nonEmpty(raw);
  if (!value) return undefined;
  const nameFirst = /^(.+?)\s*[(<]\s*(?:mailto:)?[^()<>\s]+@[^()<>\s]+\s*[)>]$/.exec(value);
  if (nameFirst?.[1]) return nameFirst[1].trim();
  const emailFirst = /^(?:mailto:)?[^()\s]+@[^()\s]+\s*\((.+)\)$/.exec(value);
  if (emailFirst?.[1]) return emailFirst[1].trim();
  return value;
}

function count(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? Math.floor(value) : null;
}

// Links

function resolveBase(base: string | undefined, parent: string): string {
  if (!base) return parent;
  try {
    return new URL(base.trim(), parent).href;
  } catch {
    // An unusable xml:base is ignored, as feedparser does.
    return parent;
  }
}

/** Atom ids are IRIs; a relative one resolves against xml:base like any other reference. */
function resolveId(id: string | undefined, base: string): string | null {
  const trimmed = nonEmpty(id);
  if (!trimmed) return null;
  // Only path-like ids are references; "right" or "1234" are opaque strings.
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || !trimmed.includes('/')) return trimmed;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}

function resolveLink(href: string | null | undefined, base: string): string | null {
  const trimmed = nonEmpty(href);
  if (!trimmed) return null;
  try {
    return fetchableUrl(new URL(trimmed, base).href);
  } catch {
    return null;
  }
}

/** RFC 4287 §4.2.7.2: a link without rel is an alternate link. Prefer an HTML one. */
function alternateLink(links: AtomLink[] | undefined, base: string): string | null {
  const alternates = (links ?? []).filter((link) => !link.rel || link.rel.toLowerCase() === 'alternate');
  const html = alternates.find((link) => !link.type || /html/i.test(link.type));
  return resolveLink((html ?? alternates[0])?.href, base);
}

// Polling hints

const UPDATE_PERIOD_MIN: Record<string, number> = {
  hourly: 60,
  daily: 1440,
  weekly: 10_080,
  monthly: 43_200,
  yearly: 525_600,
};

/**
 * RSS 2.0: "ttl stands for time to live. It's a number of minutes that indicates how long a
 * channel can be cached before refreshing from the source." The syndication module says the
 * same with sy:updatePeriod divided by sy:updateFrequency. The larger hint wins.
 */
function ttlMinutes(
  ttl: number | undefined,
  sy: { updatePeriod?: string; updateFrequency?: number } | undefined,
): number | null {
  const hints: number[] = [];
  if (ttl !== undefined && Number.isFinite(ttl) && ttl > 0) hints.push(ttl);
  const period = sy?.updatePeriod ? UPDATE_PERIOD_MIN[sy.updatePeriod.trim().toLowerCase()] : undefined;
  if (period !== undefined) {
    const frequency = sy?.updateFrequency && sy.updateFrequency > 0 ? sy.updateFrequency : 1;
    hints.push(period / frequency);
  }
  return hints.length > 0 ? Math.round(Math.max(...hints)) : null;
}

// Posts

function communityOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname;
    return getDomain(host) ?? (host || null);
  } catch {
    return null;
  }
}

const TITLE_WORDS = 12;

function toPost(entry: FeedEntry, options: { community: string; context: FeedContext }): Post {
  const { context } = options;
  const body = longest(entry.content, entry.summary);
  const text = body?.text ?? '';
  const url = entry.link;
  return {
    id: `feed:${entryHash(context.idScope ?? context.feedUrl, entry)}`,
    kind: 'feed',
    community: options.community,
    title: entry.title ?? firstWords(text) ?? url ?? '(untitled)',
    text,
    html: body?.html ? sanitizeHtml(body.html, entry.baseUrl) || null : null,
    url,
    dedupKey: url ? dedupKey(url) : null,
    permalink: url,
    author: entry.author,
    score: null,
    commentCount: entry.commentCount,
    publishedAt: entry.publishedAt ?? entry.updatedAt ?? context.now,
    deleted: false,
  };
}

function longest(a: FeedText | null, b: FeedText | null): FeedText | null {
  if (!a) return b;
  if (!b) return a;
  return b.text.length > a.text.length ? b : a;
}

function firstWords(text: string): string | null {
  const words = oneLine(text).split(' ').filter(Boolean);
  if (words.length === 0) return null;
  const head = words.slice(0, TITLE_WORDS).join(' ');
  return words.length > TITLE_WORDS ? `${head}…` : head;
}

/**
 * The item's identity: its guid/id, else its link, else its title and summary. Hashed with the
 * feed URL so that two feeds that reuse guids ("1", "2" …) do not collide.
 */
function entryHash(scope: string, entry: FeedEntry): string {
  const identity = entry.guid
    ? `guid:${entry.guid}`
    : entry.link
      ? `link:${entry.link}`
      : `content:${entry.title ?? ''}\n${entry.summary?.text ?? entry.content?.text ?? ''}`;
  return createHash('sha256').update(`${scope}\n${identity}`).digest('hex').slice(0, 20);
}

// Error positions

/** Comments, CDATA, declarations, processing instructions, or a tag: [2] end slash, [3] name, [4] self-closing slash. */
const TAG =
  /<(!--[\s\S]*?-->|!\[CDATA\[[\s\S]*?\]\]>|![^>]*>|\?[\s\S]*?\?>|(\/?)([^\s/>]+)(?:"[^"]*"|'[^']*'|[^'">])*?(\/?)>)/;

/**
 * Finds the first tag that does not nest properly, for error messages only: feedsmith's
 * parser does not say where it stopped.
 */
export function locateXmlProblem(text: string): { line: number; message: string } | null {
  const stack: Array<{ name: string; index: number }> = [];
  const tag = new RegExp(TAG.source, 'g');
  for (let match = tag.exec(text); match; match = tag.exec(text)) {
    const name = match[3];
    if (!name) continue;
    if (match[4]) continue;
    if (match[2]) {
      const open = stack.pop();
      if (!open) return { line: lineAt(text, match.index), message: `unexpected </${name}>` };
      if (open.name !== name) {
        return { line: lineAt(text, match.index), message: `</${name}> closes <${open.name}>` };
      }
    } else {
      stack.push({ name, index: match.index });
    }
  }
  const unclosed = stack.pop();
  if (unclosed) return { line: lineAt(text, unclosed.index), message: `unclosed <${unclosed.name}>` };
  return null;
}

/**
 * Completes a body cut off before its end (a dropped connection, a full disk upstream): the
 * tag cut in half is removed and the elements still open are closed, so the items that did
 * arrive can be read. A body whose tags cross each other is not guessed at: it is ill-formed.
 */
export function repairTruncatedXml(text: string): string {
  const cut = /<[^>]*$/.exec(text);
  const body = cut ? text.slice(0, cut.index) : text;
  const stack: string[] = [];
  const tag = new RegExp(TAG.source, 'g');
  for (let match = tag.exec(body); match; match = tag.exec(body)) {
    const name = match[3];
    if (!name || match[4]) continue;
    if (!match[2]) stack.push(name);
    else if (stack.pop() !== name) return text;
  }
  return (
    body +
    stack
      .reverse()
      .map((name) => `</${name}>`)
      .join('')
  );
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
