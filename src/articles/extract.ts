import { Readability } from '@mozilla/readability';
import { Parser } from 'htmlparser2';
import { parseHTML } from 'linkedom';
import { getDomain } from 'tldts';
import { htmlToText, normalizeWhitespace, sanitizeHtml } from '../text/html.js';

/**
 * The part of the DOM we touch, declared here because tsconfig has no DOM lib (linkedom's own
 * types refer to it); Readability receives the linkedom document as is.
 */
interface DomNode {
  nodeType: number;
  textContent: string | null;
}

interface DomElement extends DomNode {
  tagName: string;
  childNodes: Iterable<DomNode>;
  firstChild: DomNode | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  insertBefore(node: DomNode, before: DomNode | null): unknown;
  append(...nodes: DomNode[]): void;
  prepend(...nodes: DomNode[]): void;
}

interface DomDocument {
  /** linkedom creates an empty one when the document element does not start with `<head>`. */
  head: DomElement;
  documentElement: DomElement | null;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): Iterable<DomElement>;
  createElement(tagName: string): DomElement;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Elements that the HTML parser puts in the head when they come before any body content. */
const HEAD_TAGS = new Set(['TITLE', 'META', 'LINK', 'BASE', 'STYLE', 'SCRIPT', 'TEMPLATE']);

/**
 * linkedom's parser and Readability over it slow down sharply with nesting depth (Readability at
 * depth 256: 0.2 s, 1,000: 8 s, 2,000: a minute; linkedom at 50,000: 3 s) and recurse as deep:
 * a hostile page could stall the stage for the price of a few kilobytes. Real pages stay far
 * below this.
 */
const MAX_DEPTH = 256;

/** Extracted text shorter than this is a page's chrome (a menu, a cookie notice), not an article. */
const MIN_TEXT_CHARS = 100;

/** What a linked article page yields: pure data, ready to store as a document. */
export interface ExtractedArticle {
  title: string | null;
  byline: string | null;
  /** The publisher's name (og:site_name and the like). */
  site: string | null;
  /** Plain text, one line per block. */
  text: string;
  /** Sanitised HTML of the article body, links and images absolute. */
  html: string;
  /**
   * rel=canonical, else og:url, resolved; only when it stays on the page's registrable domain
   * (a page may not claim to be some other site's article), else null.
   */
  canonicalUrl: string | null;
  /** The page's declared language (`<html lang>`), as written. */
  lang: string | null;
}

/**
 * Extracts the readable article of an HTML page with @mozilla/readability over linkedom.
 * `pageUrl` is the URL that answered (after redirects): relative links resolve against it, or
 * against the page's own `<base href>`. Returns null when nothing readable is found; never
 * throws on malformed input.
 */
export function extractArticle(html: string, pageUrl: string): ExtractedArticle | null {
  const page = safeUrl(pageUrl);
  if (!page) return null;
  if (nestsDeeperThan(html, MAX_DEPTH)) return null;
  try {
    const { document } = parseHTML(wrapFragment(html)) as { document: DomDocument };
    if (!document.documentElement) return null;
    repairHeadAndBody(document, document.documentElement);
    const baseUrl = setBase(document, page);
    // Read before Readability runs: it rewrites the document as it goes.
    const canonicalUrl = findCanonicalUrl(document, baseUrl, page);
    const parsed = new Readability(document).parse();
    if (!parsed?.content) return null;
    const clean = sanitizeHtml(parsed.content, baseUrl.href).trim();
    const text = htmlToText(clean);
    if (text.length < MIN_TEXT_CHARS) return null;
    return {
      title: cleanField(parsed.title),
      byline: cleanField(parsed.byline),
      site: cleanField(parsed.siteName),
      text,
      html: clean,
      canonicalUrl,
      lang: cleanField(parsed.lang),
    };
  } catch (error) {
    // Deep recursion in the DOM shim on pathological input (RangeError: stack size) means the
    // page has no article for us; anything else is a bug and surfaces.
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * True when elements nest deeper than `maxDepth`: one linear pass with htmlparser2, the parser
 * linkedom itself uses, so both see the same tree.
 */
function nestsDeeperThan(html: string, maxDepth: number): boolean {
  let depth = 0;
  let deepest = 0;
  const parser = new Parser({
    onopentag() {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > maxDepth) parser.pause();
    },
    onclosetag() {
      depth--;
    },
  });
  parser.write(html);
  parser.end();
  return deepest > maxDepth;
}

/**
 * linkedom builds no implied `<html>`: a fragment's first element would become the document
 * element and Readability would find no body. Wrap anything that lacks one.
 */
function wrapFragment(html: string): string {
  if (/<html[\s>]/i.test(html)) return html;
  return `<html>${html.replace(/^\s*<!doctype[^>]*>/i, '')}</html>`;
}

/**
 * linkedom does not build the implied `<head>` and `<body>` of HTML §13.2.6 (pages that omit
 * optional tags, as minifiers do): its `head` and `body` getters then insert empty ones and
 * Readability reads nothing. Rebuild `<html>` as head + body the way the HTML parser would: head
 * elements that come before any content go to the head, everything else to the body, in order.
 */
function repairHeadAndBody(document: DomDocument, root: DomElement): void {
  const children = [...root.childNodes];
  const elements = children.filter(isElement);
  if (elements.length === 2 && elements[0]?.tagName === 'HEAD' && elements[1]?.tagName === 'BODY') return;
  const head = elements.find((element) => element.tagName === 'HEAD') ?? document.createElement('head');
  const body = elements.find((element) => element.tagName === 'BODY') ?? document.createElement('body');
  const beforeBody: DomNode[] = [];
  const afterBody: DomNode[] = [];
  let inBody = false;
  let seenBody = false;
  for (const node of children) {
    if (node === head) continue;
    if (node === body) {
      inBody = seenBody = true;
      continue;
    }
    if (!inBody && isElement(node) && HEAD_TAGS.has(node.tagName)) head.append(node);
    else if (!inBody && !isElement(node) && !isVisibleText(node)) head.append(node);
    else {
      inBody = true;
      (seenBody ? afterBody : beforeBody).push(node);
    }
  }
  body.prepend(...beforeBody);
  body.append(...afterBody);
  root.prepend(head);
  root.append(body);
}

function isElement(node: DomNode): node is DomElement {
  return node.nodeType === ELEMENT_NODE;
}

/** Whitespace between head elements does not start the body; other text does. */
function isVisibleText(node: DomNode): boolean {
  return node.nodeType === TEXT_NODE && (node.textContent ?? '').trim() !== '';
}

/**
 * Makes the document's base URL absolute: linkedom's `baseURI` is the first `<base>`'s raw
 * href, and Readability resolves every link against it. Returns the base in effect.
 */
function setBase(document: DomDocument, page: URL): URL {
  const existing = document.querySelector('base');
  const declared = existing?.getAttribute('href');
  const resolved = declared ? safeUrl(declared, page) : null;
  // HTML §4.2.3: a base URL that is not http(s) (javascript:, data:) is of no use for links.
  const base = resolved && isHttp(resolved) ? resolved : page;
  if (existing) existing.setAttribute('href', base.href);
  else {
    const element = document.createElement('base');
    element.setAttribute('href', base.href);
    document.head.insertBefore(element, document.head.firstChild);
  }
  return base;
}

function findCanonicalUrl(document: DomDocument, baseUrl: URL, page: URL): string | null {
  const candidates: string[] = [];
  for (const link of document.querySelectorAll('link[href]')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('canonical')) candidates.push(link.getAttribute('href') ?? '');
  }
  for (const meta of document.querySelectorAll('meta[content]')) {
    const name = (meta.getAttribute('property') ?? meta.getAttribute('name') ?? '').toLowerCase();
    if (name === 'og:url') candidates.push(meta.getAttribute('content') ?? '');
  }
  // The first candidate that is a usable URL on our own site wins; one on another site is ignored.
  for (const candidate of candidates) {
    const url = candidate.trim() ? safeUrl(candidate.trim(), baseUrl) : null;
    if (url && isHttp(url) && isSameSite(url, page)) {
      url.hash = '';
      return url.href;
    }
  }
  return null;
}

/**
 * Same registrable domain (eTLD+1, with the private suffixes of the Public Suffix List, so that
 * alice.github.io and bob.github.io differ). Hosts without one (IP addresses, localhost) must match exactly.
 */
export function isSameSite(a: URL, b: URL): boolean {
  if (a.hostname === b.hostname) return true;
  const domainA = getDomain(a.hostname, { allowPrivateDomains: true });
  return domainA !== null && domainA === getDomain(b.hostname, { allowPrivateDomains: true });
}

function isHttp(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

function safeUrl(raw: string, base?: URL): URL | null {
  return URL.canParse(raw, base?.href) ? new URL(raw, base) : null;
}

function cleanField(value: string | null | undefined): string | null {
  if (!value) return null;
  const clean = normalizeWhitespace(value).replace(/\n/g, ' ');
  return clean.length > 0 ? clean : null;
}
