import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import sanitize from 'sanitize-html';

/** Tags that end a line of text when turned into plain text. */
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'pre',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'table',
  'section',
  'article',
  'header',
  'footer',
  'figure',
  'figcaption',
  'hr',
]);
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'head']);

/**
 * Plain text of an HTML fragment: entities decoded, scripts and styles dropped, one line per
 * block, runs of spaces folded. Never throws (htmlparser2 is forgiving).
 */
export function htmlToText(html: string): string {
  // Most comments are plain text or light markup (HN: <p>, <i>, <a>, entities): a linear
  // regex pass is several times faster than the parser and gives the same text. Anything
  // heavier (comments, CDATA, scripts, styles) goes through the parser.
  if (!html.includes('<')) return normalizeWhitespace(html.includes('&') ? decodeHTML(html) : html);
  if (!HEAVY_MARKUP.test(html)) return normalizeWhitespace(decodeHTML(html.replace(TAG, replaceTag)));
  const parts: string[] = [];
  let skipping = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (SKIPPED_TAGS.has(name)) skipping++;
        else if (BLOCK_TAGS.has(name)) parts.push('\n');
      },
      onclosetag(name) {
        if (SKIPPED_TAGS.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BLOCK_TAGS.has(name)) parts.push('\n');
      },
      ontext(text) {
        if (skipping === 0) parts.push(text);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return normalizeWhitespace(parts.join(''));
}

/** A tag: name then attributes up to the first '>' (linear: no nested quantifiers). */
const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)[^>]*>/g;
/** Markup the regex pass does not handle: comments, CDATA, declarations, skipped elements, stray '<'. */
const HEAVY_MARKUP =
  /<[!?]|<\/?(script|style|noscript|template|iframe|object|svg|head)\b|<(?![a-zA-Z/])|<\/(?![a-zA-Z])/i;

function replaceTag(_tag: string, name: string): string {
  return BLOCK_TAGS.has(name.toLowerCase()) ? '\n' : '';
}

/** Folds spaces within lines, trims lines and drops empty ones. */
export function normalizeWhitespace(text: string): string {
  // Two linear passes: fold blanks other than newlines, then trim around newlines and drop empty lines.
  return text.replace(BLANKS, ' ').replace(LINE_BREAKS, '\n').trim();
}

// A lone space (the common case) is left alone; only runs and other blanks are rewritten.
const BLANKS = / [^\S\n]+|[^\S\n ][^\S\n]*/g;
const LINE_BREAKS = / ?\n\s*/g;

/** True when a string looks like HTML rather than plain text. */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9]*(\s[^>]*)?\/?>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(text);
}

const ALLOWED_TAGS = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'code',
  'em',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'li',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'small',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
];

/**
 * Sanitised HTML for storage: a small allow-list of tags, http(s)/mailto links only, no
 * attributes that run or style anything; links get rel="noopener nofollow ugc". Relative
 * links resolve against `baseUrl` when given.
 */
export function sanitizeHtml(html: string, baseUrl?: string | null): string {
  return sanitize(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object'],
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: {
          ...attribs,
          ...(attribs.href ? { href: resolveAgainst(attribs.href, baseUrl) } : {}),
          rel: 'noopener nofollow ugc',
        },
      }),
      img: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, ...(attribs.src ? { src: resolveAgainst(attribs.src, baseUrl) } : {}) },
      }),
    },
  });
}

function resolveAgainst(href: string, baseUrl: string | null | undefined): string {
  if (!baseUrl) return href;
  try {
    return new URL(href, baseUrl).href;
  } catch {
    return href;
  }
}
