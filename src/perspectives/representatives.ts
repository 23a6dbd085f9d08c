import { isProfane } from '../text/profanity.js';
import { termsFromTokens } from '../text/terms.js';
import { addInto, createCorpus, dot, type SparseVector } from '../text/tfidf.js';
import { tokenize } from '../text/tokens.js';
import { opinionSentences } from './opinion-text.js';
import { voteWeight } from './stance.js';
import type { RepresentativeComment } from './types.js';

export interface RepresentativeCandidate {
  id: string;
  postId: string | null;
  author: string | null;
  text: string;
  score: number | null;
}

const MIN_WORDS = 8;
const QUOTE_CHARS = 300;
/** A single sentence longer than QUOTE_CHARS is kept whole up to this length, then cut at a word. */
const LONG_SENTENCE_CHARS = 400;
const LAMBDA = 0.6;
const MAX_SIMILARITY = 0.6;

/**
 * Whole sentences from the start of a comment's own words while they fit in about 300
 * characters; a first sentence longer than that is kept up to 400 characters, and beyond that
 * cut at a word boundary with an ellipsis.
 */
export function excerpt(text: string): string {
  const sentences = opinionSentences(text);
  let quote = '';
  for (const sentence of sentences) {
    const next = quote === '' ? sentence : `${quote} ${sentence}`;
    if (quote !== '' && next.length > QUOTE_CHARS) break;
    quote = next;
    if (quote.length > QUOTE_CHARS) break;
  }
  if (quote.length <= LONG_SENTENCE_CHARS) return quote;
  const cut = quote.slice(0, LONG_SENTENCE_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 0 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/, '')}…`;
}

/**
 * Up to `count` comments that stand for the community: relevance = 0.75 × centrality (mean
 * tf-idf cosine to the community's other comments, scaled to the most central) + 0.25 × votes
 * (log-damped, scaled), then MMR (λ = 0.6) so that the picks say different things, and never two
 * near-copies (cosine > 0.6). Comments under 8 words are not candidates; a comment with an
 * obscenity or a slur counts towards the others' centrality but is never picked.
 */
export function pickRepresentatives(
  comments: readonly RepresentativeCandidate[],
  count = 3,
): RepresentativeComment[] {
  const candidates = comments
    .map((comment) => ({ comment, sentences: opinionSentences(comment.text) }))
    .filter(({ sentences }) => sentences.join(' ').split(/\s+/).length >= MIN_WORDS);
  if (candidates.length === 0) return [];
  const corpus = createCorpus();
  const terms = candidates.map(({ sentences }) => termsFromTokens(tokenize(sentences.join(' '))));
  for (const bag of terms) corpus.addDocument(bag);
  const vectors: SparseVector[] = terms.map((bag) => corpus.vectorize(bag));
  const n = candidates.length;
  // A comment's summed cosine to the others is v·(Σv) − v·v (the vectors are unit length): one pass
  // over the comments instead of one per pair (a thread of 20,000 comments is 400 million pairs).
  const sum: SparseVector = new Map();
  for (const vector of vectors) addInto(sum, vector);
  const centrality = vectors.map((vector) =>
    n > 1 ? (dot(vector, sum) - dot(vector, vector)) / (n - 1) : 1,
  );
  const votes = candidates.map(({ comment }) => voteWeight(comment.score));
  // Loops, not Math.max(...): a spread of 130,000 arguments overflows the stack.
  let maxCentrality = 1e-9;
  let maxVotes = 1e-9;
  for (let i = 0; i < n; i++) {
    maxCentrality = Math.max(maxCentrality, centrality[i] as number);
    maxVotes = Math.max(maxVotes, votes[i] as number);
  }
  const relevance = centrality.map(
    (value, i) => 0.75 * (value / maxCentrality) + 0.25 * ((votes[i] as number) / maxVotes),
  );

  const chosen: number[] = [];
  // Asked of a would-be pick only: a thread of 40,000 comments is not all read for obscenities.
  const unquotable = new Set<number>();
  while (chosen.length < count) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (chosen.includes(i) || unquotable.has(i)) continue;
      const redundancy = chosen.reduce(
        (max, j) => Math.max(max, dot(vectors[i] as SparseVector, vectors[j] as SparseVector)),
        0,
      );
      if (redundancy > MAX_SIMILARITY) continue;
      const value = LAMBDA * (relevance[i] as number) - (1 - LAMBDA) * redundancy;
      if (value > bestValue) {
        best = i;
        bestValue = value;
      }
    }
    if (best < 0) break;
    if (isProfane((candidates[best] as (typeof candidates)[number]).comment.text)) unquotable.add(best);
    else chosen.push(best);
  }
  return chosen.map((index) => {
    const { comment } = candidates[index] as (typeof candidates)[number];
    return {
      id: comment.id,
      postId: comment.postId,
      author: comment.author,
      quote: excerpt(comment.text),
      score: comment.score,
    };
  });
}
