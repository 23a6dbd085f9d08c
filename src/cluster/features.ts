import { extractNames, numberKind, numbersFromTokens } from '../text/entities.js';
import { detectLanguage } from '../text/language.js';
import {
  addPacked,
  countIds,
  EMPTY_VECTOR,
  normalizePacked,
  type PackedVector,
  prunePacked,
  type TermTable,
  unionIds,
} from '../text/packed.js';
import { stripTitleTags } from '../text/title-tags.js';
import type { RollingCorpus } from './rolling-corpus.js';
import type { ClusterPost } from './types.js';

/** What the clusterer knows of one post, computed once when it arrives. */
export interface PostFeatures {
  id: string;
  publishedAt: number;
  dedupKey: string | null;
  titleVector: PackedVector;
  /** The post's text and its linked document's text; empty when there is none. */
  bodyVector: PackedVector;
  /** Title (weighted), body and the top comment terms in one unit vector. */
  fullVector: PackedVector;
  hasBody: boolean;
  /** Lowercased name → the name as written. */
  names: ReadonlyMap<string, string>;
  /** Amounts (money, percentages) in the title and document title, normalised ("$10bn", "4%"). */
  titleNumbers: ReadonlySet<string>;
  /** Every number of every field. */
  numbers: ReadonlySet<string>;
  /** The numbers that are amounts (`isAmount`), found once instead of on every comparison. */
  amounts: readonly string[];
  /** Title term ids that are not part of a name: the action ("invest", "fall", "sue"). */
  actionTerms: ReadonlySet<number>;
}

/**
 * What a post without names, numbers or amounts holds instead: one shared empty set each, not
 * one per post for the whole window (most posts have no headline amount, many no number at all).
 */
const NO_NAMES: ReadonlyMap<string, string> = new Map();
const NO_NUMBERS: ReadonlySet<string> = new Set();
const NO_AMOUNTS: readonly string[] = [];

export interface FeatureWeights {
  /** Weight of the title vector against the body vector (1) in `fullVector`. */
  titleWeight: number;
  /** Weight of the comments' top terms in `fullVector`. */
  commentWeight: number;
  /** How many of the comments' heaviest terms count. */
  commentTerms: number;
  /** A body shorter than this many content terms counts as no body. */
  minBodyTerms: number;
}

const ENGLISH_SAMPLE = 40;
const NAME_SCAN_CHARS = 1_500;
/**
 * A lowercased name of ASCII words: its words are the tokens `tokenize` cuts from it (but for a
 * word over 48 characters, which the tokeniser passes over and no title term can equal).
 */
const PLAIN_WORDS = /^[a-z0-9 ]*$/;

/** Below this many tokens franc guesses at random ("Which laptop do you use?" comes out Czech). */
const FEW_TOKENS = 6;
const BEYOND_ASCII = /\P{ASCII}/u;

/**
 * English without asking franc when at least a fifth of the first tokens are English stopwords
 * (franc costs ~0.4 ms on a long text: more than the rest of clustering a post). A text of fewer
 * than six tokens (a link post's title) is English when it has an English stopword or no
 * character beyond ASCII: franc cannot tell so little apart, and a wrong guess stems the title in
 * another language than the posts it should match. Otherwise franc on the first 160 characters
 * (its cost grows with the length).
 */
function guessLanguage(tokenIds: readonly number[], table: TermTable, text: () => string): string {
  const sample = Math.min(tokenIds.length, ENGLISH_SAMPLE);
  let hits = 0;
  for (let i = 0; i < sample; i++) if (table.isStopword(tokenIds[i] as number, 'en')) hits++;
  if (sample >= FEW_TOKENS && hits / sample >= 0.2) return 'en';
  const head = text().slice(0, 160);
  if (sample < FEW_TOKENS && (hits > 0 || !BEYOND_ASCII.test(head))) return 'en';
  const detected = detectLanguage(head);
  return detected === 'und' ? 'en' : detected;
}

function addNames(target: Map<string, string>, text: string, language: string): void {
  for (const name of extractNames(text, language)) {
    const key = name.toLowerCase();
    if (!target.has(key)) target.set(key, name);
  }
}

interface Tokenised {
  title: string;
  body: string;
  /** Token ids (`TermTable.tokenizeDocument`) of each field. */
  titleTokens: number[];
  bodyTokens: number[];
  commentTokens: number[];
  language: string;
}

/** Every field tokenised once; names, numbers and terms all come from these tokens. */
function tokenisePost(post: ClusterPost, table: TermTable): Tokenised {
  // "Ask HN:", "[AMA Request]": the kind of post, which says nothing of what it is about.
  const ownTitle = stripTitleTags(post.title);
  const title = post.documentTitle ? `${ownTitle}\n${post.documentTitle}` : ownTitle;
  const body = post.documentText ? `${post.text}\n${post.documentText}` : post.text;
  const [titleTokens = [], bodyTokens = [], commentTokens = []] = table.tokenizeDocument(
    post.commentText ? [title, body, post.commentText] : [title, body],
  );
  const language = guessLanguage(
    bodyTokens.length >= titleTokens.length ? bodyTokens : titleTokens,
    table,
    () => `${title}\n${body}`,
  );
  return { title, body, titleTokens, bodyTokens, commentTokens, language };
}

/**
 * `numbersFromTokens` of a field's tokens, read from the tokens around each that may start a
 * number: a number reads one token back and two on ("$10 billion dollars"), and runs that are
 * not next to each other are kept apart by an empty token, which no number reads. The same
 * numbers as from every token, without making a string of each (most tokens are words).
 */
export function fieldNumbers(tokenIds: readonly number[], table: TermTable): string[] {
  const near: string[] = [];
  let last = -1;
  for (let i = 0; i < tokenIds.length; i++) {
    if (!table.startsNumber(tokenIds[i] as number)) continue;
    const from = Math.max(i - 1, last + 1);
    if (from > last + 1 && near.length > 0) near.push('');
    last = Math.min(i + 2, tokenIds.length - 1);
    for (let j = from; j <= last; j++) near.push(table.tokenOf(tokenIds[j] as number));
  }
  return near.length === 0 ? [] : numbersFromTokens(near);
}

/**
 * The three vectors copied into one buffer. A post keeps them for the whole window: one buffer
 * instead of six costs the allocator one block and the heap one buffer object instead of six
 * (at 200,000 bench posts, 95 MB less at the peak and ~4% less time).
 */
function packTogether(
  title: PackedVector,
  body: PackedVector,
  full: PackedVector,
): [PackedVector, PackedVector, PackedVector] {
  const buffer = new ArrayBuffer((title.ids.length + body.ids.length + full.ids.length) * 8);
  let offset = 0;
  const copy = (v: PackedVector): PackedVector => {
    if (v.ids.length === 0) return v;
    const ids = new Int32Array(buffer, offset, v.ids.length);
    ids.set(v.ids);
    offset += v.ids.length * 4;
    const weights = new Float32Array(buffer, offset, v.ids.length);
    weights.set(v.weights);
    offset += v.ids.length * 4;
    return { ids, weights };
  };
  return [copy(title), copy(body), copy(full)];
}

/** A post's features; its distinct term ids of every field are counted in `corpus` first. */
export function computeFeatures(
  post: ClusterPost,
  corpus: RollingCorpus,
  table: TermTable,
  weights: FeatureWeights,
): PostFeatures {
  const { title, body, titleTokens, bodyTokens, commentTokens, language } = tokenisePost(post, table);
  const titleTerms = table.idsFromTokenIds(titleTokens, language);
  const bodyTerms = table.idsFromTokenIds(bodyTokens, language);
  const commentTerms = table.idsFromTokenIds(commentTokens, language);

  const titleCounts = countIds(titleTerms);
  const bodyCounts = countIds(bodyTerms);
  const commentCounts = countIds(commentTerms);
  const corpusTerms = unionIds([titleCounts, bodyCounts, commentCounts]);
  corpus.addDocument(corpusTerms, post.publishedAt);

  let titleVector = corpus.weigh(titleCounts);
  const hasBody = bodyTerms.length >= weights.minBodyTerms;
  let bodyVector = hasBody ? corpus.weigh(bodyCounts) : EMPTY_VECTOR;
  let fullVector = addPacked(EMPTY_VECTOR, titleVector, weights.titleWeight);
  if (hasBody) fullVector = addPacked(fullVector, bodyVector, 1);
  if (commentTerms.length > 0 && weights.commentWeight > 0) {
    const comments = normalizePacked(prunePacked(corpus.weigh(commentCounts), weights.commentTerms));
    fullVector = addPacked(fullVector, comments, weights.commentWeight);
  }
  normalizePacked(fullVector);
  [titleVector, bodyVector, fullVector] = packTogether(titleVector, bodyVector, fullVector);

  const names = new Map<string, string>();
  addNames(names, title, language);
  // News puts its actors up front; the rest of a long body adds cost more than evidence.
  addNames(names, body.length > NAME_SCAN_CHARS ? body.slice(0, NAME_SCAN_CHARS) : body, language);
  // Name words, stemmed as the title terms are ("apple" → "appl"), are not actions.
  const nameTerms = new Set<number>();
  const plainNames: string[] = [];
  for (const key of names.keys()) {
    if (PLAIN_WORDS.test(key)) plainNames.push(key);
    else for (const id of table.idsFromTokens(key.split(' '), language)) nameTerms.add(id);
  }
  // Words of ASCII letters and digits are the tokens the tokeniser cuts: found as token ids.
  for (const id of table.idsFromText(plainNames.join(' '), language)) nameTerms.add(id);
  const actionTerms = new Set<number>();
  for (let i = 0; i < titleTerms.length; i++) {
    const id = titleTerms[i] as number;
    if (!nameTerms.has(id) && !table.hasDigit(id)) actionTerms.add(id);
  }

  const titleAmounts = fieldNumbers(titleTokens, table).filter(isAmount);
  const titleNumbers = titleAmounts.length === 0 ? NO_NUMBERS : new Set(titleAmounts);
  const bodyNumbers = fieldNumbers(bodyTokens, table);
  const numbers =
    titleAmounts.length + bodyNumbers.length === 0 ? NO_NUMBERS : new Set([...titleAmounts, ...bodyNumbers]);
  const amounts = [...numbers].filter(isAmount);
  return {
    id: post.id,
    publishedAt: post.publishedAt,
    dedupKey: post.dedupKey,
    titleVector,
    bodyVector,
    fullVector,
    hasBody,
    names: names.size === 0 ? NO_NAMES : names,
    titleNumbers,
    numbers,
    amounts: amounts.length === 0 ? NO_AMOUNTS : amounts,
    actionTerms,
  };
}

/** The distinct term ids a post adds to the idf corpus (what `computeFeatures` counts), nothing else. */
export function documentTerms(post: ClusterPost, table: TermTable): Int32Array {
  const { titleTokens, bodyTokens, commentTokens, language } = tokenisePost(post, table);
  return unionIds(
    [titleTokens, bodyTokens, commentTokens].map((tokens) =>
      countIds(table.idsFromTokenIds(tokens, language)),
    ),
  );
}

/** Money and percentages: the numbers that tell one event from another. */
export function isAmount(normalised: string): boolean {
  const kind = numberKind(normalised);
  return kind === 'money' || kind === 'percent';
}
