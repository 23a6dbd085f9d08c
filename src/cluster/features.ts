import { extractNames, numberKind, numbersFromTokens } from '../text/entities.js';
import { detectLanguage } from '../text/language.js';
import { stopwordsFor } from '../text/stopwords.js';
import { termsFromTokens } from '../text/terms.js';
import { addInto, type Corpus, normalize, type SparseVector, topTerms } from '../text/tfidf.js';
import { tokenize } from '../text/tokens.js';
import type { ClusterPost } from './types.js';

/** What the clusterer knows of one post, computed once when it arrives. */
export interface PostFeatures {
  id: string;
  publishedAt: number;
  dedupKey: string | null;
  language: string;
  /** Distinct terms of every field, as counted in the corpus. */
  corpusTerms: string[];
  titleVector: SparseVector;
  /** The post's text and its linked document's text; empty when there is none. */
  bodyVector: SparseVector;
  /** Title (weighted), body and the top comment terms in one unit vector. */
  fullVector: SparseVector;
  hasBody: boolean;
  /** Lowercased name → the name as written. */
  names: Map<string, string>;
  /** Amounts (money, percentages) in the title and document title, normalised ("$10bn", "4%"). */
  titleNumbers: Set<string>;
  /** Every number of every field. */
  numbers: Set<string>;
  /** Title terms that are not part of a name: the action ("invest", "fall", "sue"). */
  actionTerms: Set<string>;
}

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
 * English without asking franc when at least a fifth of the first tokens are English stopwords
 * (franc costs ~0.4 ms on a long text: more than the rest of clustering a post). Otherwise
 * franc on the first 160 characters (its cost grows with the length).
 */
export function guessLanguage(tokens: readonly string[], text: string): string {
  const english = stopwordsFor('en');
  const sample = Math.min(tokens.length, ENGLISH_SAMPLE);
  let hits = 0;
  for (let i = 0; i < sample; i++) if (english.has(tokens[i] as string)) hits++;
  if (sample >= 6 && hits / sample >= 0.2) return 'en';
  const detected = detectLanguage(text.slice(0, 160));
  return detected === 'und' ? 'en' : detected;
}

function addNames(target: Map<string, string>, text: string, language: string): void {
  for (const name of extractNames(text, language)) {
    const key = name.toLowerCase();
    if (!target.has(key)) target.set(key, name);
  }
}

export function computeFeatures(post: ClusterPost, corpus: Corpus, weights: FeatureWeights): PostFeatures {
  const title = post.documentTitle ? `${post.title}\n${post.documentTitle}` : post.title;
  const body = post.documentText ? `${post.text}\n${post.documentText}` : post.text;
  const titleTokens = tokenize(title);
  const bodyTokens = tokenize(body);
  const commentTokens = post.commentText ? tokenize(post.commentText) : [];
  const language = guessLanguage(
    bodyTokens.length >= titleTokens.length ? bodyTokens : titleTokens,
    `${title}\n${body}`,
  );
  const titleTerms = termsFromTokens(titleTokens, { language });
  const bodyTerms = termsFromTokens(bodyTokens, { language });
  const commentTerms = termsFromTokens(commentTokens, { language });

  const corpusTerms = [...new Set([...titleTerms, ...bodyTerms, ...commentTerms])];
  corpus.addDocument(corpusTerms, true);

  const titleVector = corpus.vectorize(titleTerms);
  const bodyVector = corpus.vectorize(bodyTerms);
  const hasBody = bodyTerms.length >= weights.minBodyTerms;
  const fullVector: SparseVector = new Map();
  addInto(fullVector, titleVector, weights.titleWeight);
  if (hasBody) addInto(fullVector, bodyVector, 1);
  if (commentTerms.length > 0 && weights.commentWeight > 0) {
    const comments = corpus.vectorize(commentTerms);
    const top = new Map<string, number>();
    for (const term of topTerms(comments, weights.commentTerms)) top.set(term, comments.get(term) ?? 0);
    addInto(fullVector, normalize(top), weights.commentWeight);
  }
  normalize(fullVector);

  const names = new Map<string, string>();
  addNames(names, title, language);
  // News puts its actors up front; the rest of a long body adds cost more than evidence.
  addNames(names, body.length > NAME_SCAN_CHARS ? body.slice(0, NAME_SCAN_CHARS) : body, language);
  const nameWords = new Set<string>();
  for (const key of names.keys()) for (const word of key.split(' ')) nameWords.add(word);
  const actionTerms = new Set<string>();
  for (let i = 0; i < titleTerms.length; i++) {
    const term = titleTerms[i] as string;
    if (!nameWords.has(term) && !/\d/.test(term)) actionTerms.add(term);
  }
  // Name words were lowercased before stemming; drop stems of name words too ("apple" → "appl").
  for (const word of nameWords)
    for (const term of termsFromTokens([word], { language })) actionTerms.delete(term);

  const titleNumbers = new Set(numbersFromTokens(titleTokens).filter(isAmount));
  const numbers = new Set([...titleNumbers, ...numbersFromTokens(bodyTokens)]);
  return {
    id: post.id,
    publishedAt: post.publishedAt,
    dedupKey: post.dedupKey,
    language,
    corpusTerms,
    titleVector,
    bodyVector,
    fullVector,
    hasBody,
    names,
    titleNumbers,
    numbers,
    actionTerms,
  };
}

/** The distinct terms a post adds to the idf corpus (what `computeFeatures` counts), nothing else. */
export function documentTerms(post: ClusterPost): string[] {
  const title = post.documentTitle ? `${post.title}\n${post.documentTitle}` : post.title;
  const body = post.documentText ? `${post.text}\n${post.documentText}` : post.text;
  const titleTokens = tokenize(title);
  const bodyTokens = tokenize(body);
  const language = guessLanguage(
    bodyTokens.length >= titleTokens.length ? bodyTokens : titleTokens,
    `${title}\n${body}`,
  );
  const terms = new Set(termsFromTokens(titleTokens, { language }));
  for (const term of termsFromTokens(bodyTokens, { language })) terms.add(term);
  if (post.commentText)
    for (const term of termsFromTokens(tokenize(post.commentText), { language })) terms.add(term);
  return [...terms];
}

/** Money and percentages: the numbers that tell one event from another. */
export function isAmount(normalised: string): boolean {
  const kind = numberKind(normalised);
  return kind === 'money' || kind === 'percent';
}
