import { charsetOf, decodeFeedBody } from '../sources/feed/decode.js';

/**
 * Bytes of an HTML page to text, in the order of the WHATWG encoding sniffing algorithm (HTML
 * §13.2.3.2, simplified): a byte order mark wins, then the Content-Type charset, then a
 * `<meta charset>` or `<meta http-equiv=Content-Type>` in the first 1024 bytes, then UTF-8
 * when the bytes are valid UTF-8, else windows-1252. Unknown labels fall back the same way.
 */
export function decodeHtmlBody(body: Buffer, contentType: string | null | undefined): string {
  const label = charsetOf(contentType) ?? metaCharset(body);
  // decodeFeedBody does BOM, charset parameter, fallback and the windows-1252 repairs for us.
  return decodeFeedBody(body, label ? `text/html; charset=${label}` : null).text;
}

/** The charset a `<meta>` tag declares near the top of the page (ASCII in every such encoding). */
export function metaCharset(body: Buffer): string | null {
  const head = body.subarray(0, 1024).toString('latin1');
  for (const match of head.matchAll(/<meta\b[^>]*>/gi)) {
    const charset = /charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(match[0]);
    if (charset?.[1]) return charset[1];
  }
  return null;
}

/** True when a Content-Type names an HTML page (missing means unknown: we try it as HTML). */
export function isHtmlContentType(contentType: string | null | undefined): boolean {
  if (!contentType) return true;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'text/html' || type === 'application/xhtml+xml';
}
