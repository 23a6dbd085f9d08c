/**
 * The grounding check: every number, date and proper name in a statement of the briefing must be
 * found in one of the sources that statement cites. It runs on the composer's output before a
 * briefing is stored, and on every sentence a language model writes.
 *
 * - Numbers: digits with their scale ("10bn", "$10 billion", "10,000,000,000", "6%") are compared
 *   by value, so any written form on either side matches; in a source a number may also be
 *   written in words ("ten billion", "a million", "five years"). Word numbers in the briefing
 *   (other than "one") are checked the same way.
 * - Dates: an ISO date (the timeline's "2026-03-03") must be in the source as an ISO date or a
 *   written date ("March 3, 2026", "3 March"), or the source must date it relative to its own
 *   publication ("on Tuesday", "yesterday") within a week of it.
 * - Names: capitalised words that do not start a sentence, runs of capitalised words ("Sakura
 *   Internet"), and words with capitals inside ("OpenAI", "GPUs") must be in the source as the
 *   same word sequence. A single capitalised word that starts a sentence is checked too unless it
 *   is a stopword or a common sentence opener ("However", "Meanwhile").
 * - Currency codes that the key-facts table writes ("USD 10,000,000,000") need the currency in the
 *   source as a code, a sign or a word.
 *
 * Both sides are normalised first: character references, Unicode compatibility forms, curly
 * quotes and dashes, white space, case, thousands separators.
 */
import type { SourceText } from '../extract/types.js';
import { stopwordsFor } from '../text/stopwords.js';
import { decodeEntities } from './sentences-clean.js';
import type { Briefing } from './types.js';

export type GroundingReason = 'no-citations' | 'unknown-citation' | 'number' | 'date' | 'name' | 'currency';

export interface GroundingFailure {
  /** 'headline', a section id, 'facts', 'entities', 'perspectives' or 'timeline'. */
  section: string;
  sentence: string;
  token: string;
  reason: GroundingReason;
}

export interface GroundingResult {
  grounded: boolean;
  failures: GroundingFailure[];
}

/** How a statement is read: prose has sentence starts; a value (a table cell, a name) has none. */
export type StatementKind = 'prose' | 'value';

export interface Statement {
  section: string;
  text: string;
  citations: number[];
  kind: StatementKind;
}

export interface UnsupportedToken {
  token: string;
  reason: Exclude<GroundingReason, 'no-citations' | 'unknown-citation'>;
}

const DAY_MS = 86_400_000;

// ── normalisation ──────────────────────────────────────────────────────────────────────────────

/** Character references decoded, compatibility forms folded, quotes and dashes made plain. */
export function foldText(text: string): string {
  return decodeEntities(text)
    .normalize('NFKC')
    .replace(/[‘’‚‛′`´]/g, "'")
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[‐‑‒–—―−﹣－]/g, '-')
    .replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ');
}

/** Lower-case words and digits separated by single spaces, padded: " sakura internet s shares ". */
function wordStream(folded: string): string {
  return ` ${folded
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

// ── numbers ────────────────────────────────────────────────────────────────────────────────────

const SCALE_WORDS: Readonly<Record<string, number>> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  mln: 1e6,
  mn: 1e6,
  m: 1e6,
  billion: 1e9,
  bn: 1e9,
  b: 1e9,
  trillion: 1e12,
  tn: 1e12,
  t: 1e12,
};

/**
 * A digit number with its scale. Single-letter scales only when written against the digits
 * ("$10B", "5m"), word scales also after a space or a hyphen ("10 billion", "10-billion-dollar").
 */
const DIGIT_NUMBER =
  /(?<![\p{L}\p{N}_.,])(\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.(\d+))?(?:(?:\s|-)?(percent|per cent|thousand|million|billion|trillion|mln)(?![\p{L}])|(k|m|mn|b|bn|t|tn|%)(?![\p{L}\p{N}]))?/giu;

const UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

const WORD_SCALES: Readonly<Record<string, number>> = {
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
};

export interface NumberToken {
  token: string;
  value: number;
  /** Written in words ("ten billion"). */
  words: boolean;
}

/** Numbers written with digits, by value ("$10.5bn" → 10,500,000,000; "6%" → 6). */
function digitNumbers(folded: string): NumberToken[] {
  const out: NumberToken[] = [];
  for (const match of folded.matchAll(DIGIT_NUMBER)) {
    const integer = (match[1] ?? '').replace(/,/g, '');
    const fraction = match[2];
    const scaleWord = (match[3] ?? match[4] ?? '').toLowerCase();
    const base = Number.parseFloat(fraction ? `${integer}.${fraction}` : integer);
    if (!Number.isFinite(base)) continue;
    const scale = SCALE_WORDS[scaleWord] ?? 1;
    out.push({ token: match[0].trim(), value: base * scale, words: false });
  }
  return out;
}

/** Numbers written in words ("ten billion", "twenty-five", "a million"). */
function wordNumbers(folded: string): NumberToken[] {
  const words = folded.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  const out: NumberToken[] = [];
  let total = 0;
  let current = 0;
  let seen: string[] = [];
  const flush = () => {
    if (seen.length > 0) out.push({ token: seen.join(' '), value: total + current, words: true });
    total = 0;
    current = 0;
    seen = [];
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const unit = UNITS[word];
    const scale = WORD_SCALES[word];
    if (unit !== undefined) {
      current += unit;
      seen.push(word);
    } else if (word === 'hundred' && seen.length > 0) {
      current = (current || 1) * 100;
      seen.push(word);
    } else if (scale !== undefined && (seen.length > 0 || words[i - 1] === 'a')) {
      if (seen.length === 0) seen.push('a');
      total += (current || 1) * scale;
      current = 0;
      seen.push(word);
    } else if (word === 'and' && seen.length > 0 && UNITS[words[i + 1] ?? ''] !== undefined) {
      seen.push(word);
    } else {
      flush();
    }
  }
  flush();
  return out;
}

function sameNumber(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

// ── dates ──────────────────────────────────────────────────────────────────────────────────────

const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const MONTH_INDEX = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const ISO_DATE = /(?<![\d-])(\d{4})-(\d{2})(?:-(\d{2}))?(?![\d-])/g;
const MONTH_DAY_YEAR = new RegExp(
  String.raw`\b${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?`,
  'gi',
);
const DAY_MONTH_YEAR = new RegExp(
  String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH}(?:,?\s+(\d{4})\b)?`,
  'gi',
);
const MONTH_YEAR = new RegExp(String.raw`\b${MONTH}\s+(?:of\s+)?(\d{4})\b`, 'gi');
const RELATIVE_DAY =
  /\b(?:yesterday|today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function monthOf(name: string): number {
  return MONTH_INDEX.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

interface SourceDates {
  /** "2026-03-03" and "2026-03". */
  full: Set<string>;
  /** "03-03": a day written without a year. */
  dayOnly: Set<string>;
  relative: boolean;
}

function datesIn(folded: string): SourceDates {
  const full = new Set<string>();
  const dayOnly = new Set<string>();
  for (const m of folded.matchAll(ISO_DATE)) {
    full.add(m[3] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[1]}-${m[2]}`);
    full.add(`${m[1]}-${m[2]}`);
  }
  const add = (month: number, day: number | null, year: string | undefined) => {
    if (month < 1 || (day !== null && (day < 1 || day > 31))) return;
    if (year) {
      full.add(`${year}-${pad(month)}`);
      if (day !== null) full.add(`${year}-${pad(month)}-${pad(day)}`);
    } else if (day !== null) dayOnly.add(`${pad(month)}-${pad(day)}`);
  };
  for (const m of folded.matchAll(MONTH_DAY_YEAR)) add(monthOf(m[1] ?? ''), Number(m[2]), m[3]);
  for (const m of folded.matchAll(DAY_MONTH_YEAR)) add(monthOf(m[2] ?? ''), Number(m[1]), m[3]);
  for (const m of folded.matchAll(MONTH_YEAR)) add(monthOf(m[1] ?? ''), null, m[2]);
  return { full, dayOnly, relative: RELATIVE_DAY.test(folded) };
}

// ── names ──────────────────────────────────────────────────────────────────────────────────────

/** Words that open sentences without naming anything. */
const OPENERS = new Set(
  [
    'additionally',
    'also',
    'meanwhile',
    'however',
    'moreover',
    'furthermore',
    'overall',
    'still',
    'yet',
    'instead',
    'separately',
    'finally',
    'notably',
    'first',
    'second',
    'third',
    'then',
    'now',
    'today',
    'yesterday',
    'earlier',
    'later',
    'previously',
    'according',
    'critics',
    'commenters',
    'users',
    'analysts',
    'investors',
    'others',
    'some',
    'many',
    'several',
    'both',
    'if',
    'once',
    'while',
    'although',
    'though',
    'because',
    'since',
    'as',
    'so',
    'but',
    'and',
    'or',
  ].map((w) => w),
);

/** Keep "of" inside "Bank of Japan" when a capitalised word follows. */
const NAME_CONNECTORS = new Set(['of', 'de', 'del', 'der', 'van', 'von', 'la', 'le', 'du', '&']);

const CURRENCY_EVIDENCE: Readonly<Record<string, readonly string[]>> = {
  USD: ['$', 'usd', 'dollar'],
  EUR: ['€', 'eur', 'euro'],
  GBP: ['£', 'gbp', 'pound', 'sterling'],
  JPY: ['¥', '円', 'jpy', 'yen'],
  CNY: ['¥', '元', 'cny', 'yuan', 'rmb', 'renminbi'],
  KRW: ['₩', 'krw', 'won'],
  INR: ['₹', 'inr', 'rupee'],
  CHF: ['chf', 'franc'],
  BRL: ['r$', 'brl', 'real'],
  MXN: ['$', 'mxn', 'peso'],
};

function currencyEvidence(code: string): readonly string[] {
  return (
    CURRENCY_EVIDENCE[code] ??
    (code.endsWith('D') ? ['$', code.toLowerCase(), 'dollar'] : [code.toLowerCase()])
  );
}

interface WordAt {
  /** The word without surrounding punctuation. */
  word: string;
  /** It starts a sentence or a quotation. */
  initial: boolean;
  /** Punctuation follows it ("Tuesday,"): a name does not run on past it. */
  closes: boolean;
}

function wordsOf(folded: string): WordAt[] {
  const out: WordAt[] = [];
  let initial = true;
  for (const raw of folded.split(' ')) {
    if (raw === '') continue;
    const opensQuote = /^["'([]/.test(raw);
    const word = raw.replace(/^[^\p{L}\p{N}&]+|[^\p{L}\p{N}&]+$/gu, '');
    // A possessive ends a name too: "Biden's Supreme Court" names Biden and the Supreme Court.
    const closes = /[^\p{L}\p{N}&'’]$/u.test(raw) || /['’]s$/i.test(raw);
    if (word !== '') out.push({ word, initial: initial || opensQuote, closes });
    initial = /[.!?:;]["')\]]*$/.test(raw) || (word === '' && initial);
  }
  return out;
}

function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word) || /^\p{Ll}+\p{Lu}/u.test(word);
}

/**
 * Names in a statement: runs of capitalised words (with "of", "de" … inside). A run that starts a
 * prose sentence loses a leading stopword or opener; a single such word is not a name.
 */
export function namesIn(text: string, kind: StatementKind): string[] {
  const stop = stopwordsFor('en');
  const words = wordsOf(foldText(text));
  const names: string[] = [];
  let run: WordAt[] = [];
  const flush = () => {
    while (run.length > 0 && NAME_CONNECTORS.has((run[run.length - 1] as WordAt).word.toLowerCase()))
      run.pop();
    let start = 0;
    const first = run[0];
    if (kind === 'prose' && first?.initial) {
      const lower = first.word.toLowerCase().replace(/['’]s$/, '');
      if (stop.has(lower) || OPENERS.has(lower)) start = 1;
    }
    const kept = run.slice(start);
    if (kept.length > 0) names.push(kept.map((w) => w.word.replace(/['’]s$/, '')).join(' '));
    run = [];
  };
  for (let i = 0; i < words.length; i++) {
    const current = words[i] as WordAt;
    if (current.initial && run.length > 0) flush();
    const capital = isCapitalised(current.word) && !/^\d/.test(current.word);
    const connector =
      run.length > 0 &&
      NAME_CONNECTORS.has(current.word.toLowerCase()) &&
      isCapitalised(words[i + 1]?.word ?? '');
    if (capital || connector) {
      run.push(current);
      if (current.closes) flush();
    } else flush();
  }
  flush();
  return names.filter((name) => /\p{L}/u.test(name));
}

// ── sources ────────────────────────────────────────────────────────────────────────────────────

interface SourceIndex {
  folded: string;
  lower: string;
  stream: string;
  numbers: number[];
  dates: SourceDates;
  publishedAt: number;
}

const indexes = new WeakMap<SourceText, SourceIndex>();

function indexOf(source: SourceText): SourceIndex {
  let index = indexes.get(source);
  if (!index) {
    const folded = foldText(source.text);
    index = {
      folded,
      lower: folded.toLowerCase(),
      stream: wordStream(folded),
      numbers: [...digitNumbers(folded), ...wordNumbers(folded)].map((n) => n.value),
      dates: datesIn(folded),
      publishedAt: source.publishedAt,
    };
    indexes.set(source, index);
  }
  return index;
}

function hasNumber(index: SourceIndex, value: number): boolean {
  return index.numbers.some((n) => sameNumber(n, value));
}

function hasDate(index: SourceIndex, iso: string): boolean {
  if (index.dates.full.has(iso)) return true;
  const [year, month, day] = iso.split('-');
  if (day !== undefined) {
    const published = new Date(index.publishedAt);
    const sameYear = String(published.getUTCFullYear()) === year || index.stream.includes(` ${year} `);
    if (sameYear && index.dates.dayOnly.has(`${month}-${day}`)) return true;
    if (index.dates.relative) {
      const at = Date.parse(`${iso}T12:00:00Z`);
      if (Math.abs(at - index.publishedAt) <= 7 * DAY_MS) return true;
    }
  }
  return false;
}

function hasName(index: SourceIndex, name: string): boolean {
  const words = wordStream(foldText(name)).trim();
  return words === '' || index.stream.includes(` ${words} `);
}

function hasCurrency(index: SourceIndex, code: string): boolean {
  return currencyEvidence(code).some((evidence) =>
    /^\p{L}+$/u.test(evidence) ? index.stream.includes(` ${evidence}`) : index.lower.includes(evidence),
  );
}

const CURRENCY_CODE = new RegExp(
  String.raw`\b(${['USD', 'EUR', 'GBP', 'JPY', 'CNY', 'KRW', 'INR', 'CHF', 'CAD', 'AUD', 'HKD', 'SGD', 'NZD', 'TWD', 'BRL', 'MXN'].join('|')})\b`,
  'g',
);

/**
 * The numbers, dates, names and currency codes of one statement that none of `cited` contains.
 * An empty list means the statement is grounded in those sources.
 */
export function findUnsupported(
  text: string,
  cited: readonly SourceText[],
  kind: StatementKind = 'prose',
): UnsupportedToken[] {
  const indexesOf = cited.map(indexOf);
  const anyHas = (test: (index: SourceIndex) => boolean) => indexesOf.some(test);
  const out: UnsupportedToken[] = [];
  // Citation markers ("[1][3]") are not part of what the sentence states.
  let folded = foldText(text).replace(/\[\d+\]/g, ' ');

  for (const m of folded.matchAll(ISO_DATE)) {
    const iso = m[0];
    if (!anyHas((index) => hasDate(index, iso))) out.push({ token: iso, reason: 'date' });
  }
  folded = folded.replace(ISO_DATE, ' ');

  if (kind === 'value') {
    for (const m of folded.matchAll(CURRENCY_CODE)) {
      const code = m[1] as string;
      if (!anyHas((index) => hasCurrency(index, code))) out.push({ token: code, reason: 'currency' });
    }
    folded = folded.replace(CURRENCY_CODE, ' ');
  }

  const numbers = [
    ...digitNumbers(folded),
    ...wordNumbers(folded).filter((n) => !(n.value === 1 && n.token === 'one') && n.token !== 'zero'),
  ];
  for (const number of numbers) {
    if (!anyHas((index) => hasNumber(index, number.value)))
      out.push({ token: number.token, reason: 'number' });
  }

  for (const name of namesIn(folded, kind)) {
    if (!anyHas((index) => hasName(index, name))) out.push({ token: name, reason: 'name' });
  }
  return out;
}

// ── the briefing ───────────────────────────────────────────────────────────────────────────────

/** Every statement of a briefing that carries citations, with the section it belongs to. */
export function briefingStatements(briefing: Briefing): Statement[] {
  const out: Statement[] = [
    { section: 'headline', text: briefing.headline, citations: briefing.headlineCitations, kind: 'prose' },
  ];
  for (const section of briefing.sections) {
    for (const sentence of section.sentences) {
      out.push({ section: section.id, text: sentence.text, citations: sentence.citations, kind: 'prose' });
    }
  }
  for (const fact of briefing.facts) {
    out.push({ section: 'facts', text: factCell(fact), citations: fact.citations, kind: 'value' });
  }
  for (const group of briefing.entities) {
    for (const entity of group.entities) {
      out.push({ section: 'entities', text: entity.name, citations: entity.citations, kind: 'value' });
    }
  }
  for (const perspective of briefing.perspectives) {
    for (const quote of perspective.quotes) {
      out.push({ section: 'perspectives', text: quote.text, citations: quote.citations, kind: 'prose' });
    }
  }
  for (const entry of briefing.timeline) {
    out.push({ section: 'timeline', text: entry.date, citations: entry.citations, kind: 'value' });
    out.push({ section: 'timeline', text: entry.text, citations: entry.citations, kind: 'prose' });
  }
  return out;
}

/** What the key-facts table states for a fact: its value and who. */
export function factCell(fact: { value: string; who: string | null }): string {
  return fact.who ? `${fact.value} (${fact.who})` : fact.value;
}

/**
 * Checks every statement of a briefing against the sources it cites ([n] → `briefing.sources`
 * → the SourceText with that id). Statements without citations fail.
 */
export function checkGrounding(briefing: Briefing, sources: readonly SourceText[]): GroundingResult {
  const byId = new Map(sources.map((source) => [source.id, source]));
  const byNumber = new Map<number, SourceText | undefined>(
    briefing.sources.map((source) => [source.n, byId.get(source.id)]),
  );
  const failures: GroundingFailure[] = [];
  for (const statement of briefingStatements(briefing)) {
    if (statement.text.trim() === '') continue;
    if (statement.citations.length === 0) {
      failures.push({
        section: statement.section,
        sentence: statement.text,
        token: '',
        reason: 'no-citations',
      });
      continue;
    }
    const cited: SourceText[] = [];
    for (const n of statement.citations) {
      const source = byNumber.get(n);
      if (source) cited.push(source);
      else
        failures.push({
          section: statement.section,
          sentence: statement.text,
          token: `[${n}]`,
          reason: 'unknown-citation',
        });
    }
    for (const { token, reason } of findUnsupported(statement.text, cited, statement.kind)) {
      failures.push({ section: statement.section, sentence: statement.text, token, reason });
    }
  }
  return { grounded: failures.length === 0, failures };
}
