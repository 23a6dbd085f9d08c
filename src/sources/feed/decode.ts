/**
 * Bytes to text for feeds. The order follows RFC 7303 §3 and what feedparser does: a byte
 * order mark wins, then the charset of the Content-Type header, then the XML declaration's
 * `encoding`, then UTF-8. Labels that TextDecoder does not know fall back to UTF-8.
 */

export interface DecodedBody {
  text: string;
  /** The WHATWG name of the encoding used (`utf-8`, `big5`, `windows-1252` …). */
  encoding: string;
}

export function decodeFeedBody(body: Buffer | string, contentType?: string | null): DecodedBody {
  if (typeof body === 'string') return { text: demoronize(stripBom(body)), encoding: 'utf-8' };
  const bom = sniffBom(body);
  if (bom) return { text: decodeWith(body.subarray(bom.length), bom.encoding), encoding: bom.encoding };
  const utf16 = sniffUtf16WithoutBom(body);
  if (utf16) return { text: decodeWith(body, utf16), encoding: utf16 };
  const label = charsetOf(contentType) ?? xmlDeclaredEncoding(body);
  const encoding = label ? (supportedEncoding(label) ?? 'utf-8') : undeclaredEncoding(body);
  // A declaration of UTF-16 in a body that has no BOM and no 16-bit pattern cannot be true.
  const usable = encoding.startsWith('utf-16') ? 'utf-8' : encoding;
  return { text: decodeWith(body, usable), encoding: usable };
}

/** Nothing declared: UTF-8 when the bytes are valid UTF-8, else windows-1252 (as feedparser falls back). */
function undeclaredEncoding(bytes: Buffer): string {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch (error) {
    if (error instanceof TypeError) return 'windows-1252';
    throw error;
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function sniffBom(bytes: Buffer): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** `<?` written in UTF-16 without a BOM (XML 1.0 appendix F). */
function sniffUtf16WithoutBom(bytes: Buffer): string | null {
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return 'utf-16le';
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return 'utf-16be';
  return null;
}

/** The `charset` parameter of a Content-Type header, unquoted. */
export function charsetOf(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*(["']?)([^"';\s]+)\1/i.exec(contentType);
  return match?.[2] ?? null;
}

function xmlDeclaredEncoding(bytes: Buffer): string | null {
  // The declaration is ASCII in every encoding TextDecoder reads without a BOM.
  const head = bytes.subarray(0, 512).toString('latin1');
  const match = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return match?.[1] ?? null;
}

/** The canonical name of an encoding label, or null when TextDecoder does not support it. */
export function supportedEncoding(label: string): string | null {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return null;
    throw error;
  }
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  // Node 20's TextDecoder drops bytes 0x80–0x9F in windows-1252 (the label of latin1 and
  // us-ascii too), so that one is decoded here.
  const text =
    encoding === 'windows-1252'
      ? Buffer.from(bytes).toString('latin1')
      : new TextDecoder(encoding).decode(bytes);
  return demoronize(stripBom(text));
}

/** Control characters XML 1.0 forbids (§2.2); feeds carry them by accident. */
function dropControlCharacters(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

/** Windows-1252 characters for 0x80–0x9F (WHATWG Encoding, index-windows-1252). */
const CP1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * C1 control characters in a feed are nearly always Windows-1252 bytes mislabelled as
 * ISO-8859-1 or carried into UTF-8; read them as the quotes and dashes that were meant.
 */
export function demoronize(text: string): string {
  return dropControlCharacters(text).replace(
    /[\u0080-\u009f]/g,
    (char) => CP1252_C1[char.charCodeAt(0) - 0x80] ?? char,
  );
}
