/**
 * Sentences made fit to read: the debris that markdown, HTML and forum quoting leave in source
 * text is taken out; words are never removed, reordered or replaced, so the meaning stays what
 * the source says. Quotations are balanced: a sentence cut from inside a quotation keeps its
 * quotation marks on both sides, so a quoted claim never reads as the writer's own.
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  deg: '°',
};

const ENTITY = /&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g;

/** HTML character references, decoded (twice-escaped `&amp;amp;` is decoded twice). */
export function decodeEntities(text: string): string {
  let current = text;
  for (let round = 0; round < 2; round++) {
    const next = current.replace(ENTITY, (whole, body: string) => {
      if (body.startsWith('#x')) return safeCodePoint(Number.parseInt(body.slice(2), 16)) ?? whole;
      if (body.startsWith('#')) return safeCodePoint(Number.parseInt(body.slice(1), 10)) ?? whole;
      return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
    });
    if (next === current) break;
    current = next;
  }
  return current;
}

function safeCodePoint(point: number): string | undefined {
  if (!Number.isFinite(point) || point <= 0 || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) {
    return undefined;
  }
  return String.fromCodePoint(point);
}

const URL_ONLY = /^[<(]?(?:https?:\/\/|www\.)\S+?[>)]?[.,;]?$/i;
const MARKDOWN_LINK = /!?\[([^\]\n]*)\]\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+"[^"\n]*")?\)/g;
const AUTOLINK = /<((?:https?:\/\/|mailto:)[^>\s]+)>/gi;
const HTML_TAG = /<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>/g;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
// Bold only: a single * may be arithmetic, and ~~struck~~ text must not read as asserted.
const EMPHASIS = /\*\*(?=\S)([\s\S]*?\S)\*\*/g;
const LONE_EMPHASIS = /\*\*/g;
const BACKTICKS = /`{1,3}([^`\n]+)`{1,3}/g;
// A forum quote marker, not "> 50%" (greater than).
const QUOTE_MARKERS = /^(?:\s*(?:&gt;|>)(?!\s*[\d$€£=]))+\s*/;
const HEADING_MARKER = /^#{1,6}\s+/;
const LIST_MARKER = /^(?:[-*•]|\d{1,2}[.)])\s+(?=\S)/;

/**
 * One sentence cleaned for reading: markdown links become their text, emphasis and code marks
 * go, HTML tags and comments go, character references are decoded, forum quote markers (`>`),
 * heading and list markers at the start go, white space is collapsed, and quotation marks are
 * balanced. A sentence that is only a URL becomes ''.
 */
export function cleanSentence(text: string): string {
  let sentence = text.replace(HTML_COMMENT, ' ');
  sentence = sentence.replace(MARKDOWN_LINK, '$1');
  sentence = sentence.replace(AUTOLINK, '$1');
  sentence = sentence.replace(HTML_TAG, ' ');
  sentence = decodeEntities(sentence);
  sentence = sentence.replace(QUOTE_MARKERS, '');
  sentence = sentence.replace(HEADING_MARKER, '').replace(LIST_MARKER, '');
  sentence = sentence.replace(EMPHASIS, '$1').replace(LONE_EMPHASIS, '');
  sentence = sentence.replace(BACKTICKS, '$1');
  sentence = sentence
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000\t\r\n]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  // Space left before punctuation by a removed tag: "word </b>." → "word."
  sentence = sentence.replace(/ +([,.;:!?])(?=\s|$)/g, '$1');
  if (sentence === '' || URL_ONLY.test(sentence)) return '';
  return balanceQuotes(sentence);
}

const OPENING_CURLY = '“';
const CLOSING_CURLY = '”';

function count(text: string, char: string): number {
  let total = 0;
  for (const c of text) if (c === char) total++;
  return total;
}

/** True when a straight double quote at `index` opens a quotation (space or start before, word after). */
function isOpeningStraightQuote(text: string, index: number): boolean {
  const before = index === 0 ? ' ' : (text[index - 1] ?? ' ');
  const after = text[index + 1] ?? ' ';
  return /[\s([{—–-]/.test(before) && /\S/.test(after);
}

/**
 * How a sentence stands towards quotations: `open` when it starts a quotation that it does
 * not end, `close` when it ends one that began before it, `balanced` otherwise.
 */
export function quoteState(text: string): 'open' | 'close' | 'balanced' {
  const opening = count(text, OPENING_CURLY);
  const closing = count(text, CLOSING_CURLY);
  if (opening > closing) return 'open';
  if (closing > opening) return 'close';
  const straight: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === '"') straight.push(i);
  if (straight.length % 2 === 0) return 'balanced';
  // An odd count: the unmatched mark is an opening one when the first mark opens and the last
  // one does too, else the sentence carries the end of an earlier quotation.
  const last = straight[straight.length - 1] as number;
  return isOpeningStraightQuote(text, last) ? 'open' : 'close';
}

/**
 * Adds the missing quotation mark of a sentence cut from a longer quotation: at the end when
 * the quotation opens inside it, at the start when it closes inside it.
 */
export function balanceQuotes(text: string): string {
  const state = quoteState(text);
  if (state === 'balanced') return text;
  const curly = count(text, OPENING_CURLY) + count(text, CLOSING_CURLY) > 0;
  if (state === 'open') return `${text}${curly ? CLOSING_CURLY : '"'}`;
  return `${curly ? OPENING_CURLY : '"'}${text}`;
}
