/**
 * Extractive baselines for eval/summaries.eval.ts, written plainly after their papers: the same
 * sentence splitter and the same terms (src/text: stemmed, stopwords out) as our summariser, no
 * tuning, no filters. Each returns sentences in the order it ranks them; the caller cuts the
 * result to the word budget (ROUGE's `-l 100` convention: the first 100 words).
 */
import { splitSentences } from '../../src/text/sentences.js';
import { contentTerms } from '../../src/text/terms.js';
import { createCorpus, dot } from '../../src/text/tfidf.js';

export interface BaselineDocument {
  text: string;
}

/**
 * Lead-3 for several documents, as Multi-News' "First-3" (Fabbri et al. 2019): the first three
 * sentences of each document, documents in input order.
 */
export function lead3(documents: readonly BaselineDocument[]): string[] {
  return documents.flatMap((document) => splitSentences(document.text).slice(0, 3));
}

function pageRank(weights: readonly Float64Array[], damping = 0.85, iterations = 200): Float64Array {
  const n = weights.length;
  let rank = new Float64Array(n).fill(1 / Math.max(1, n));
  const rowSums = weights.map((row) => row.reduce((sum, value) => sum + value, 0));
  for (let iteration = 0; iteration < iterations; iteration++) {
    const next = new Float64Array(n).fill((1 - damping) / n);
    for (let i = 0; i < n; i++) {
      const total = rowSums[i] as number;
      for (let j = 0; j < n; j++) {
        // A sentence with no edges spreads its rank evenly (the usual dangling-node rule).
        const share = total > 0 ? ((weights[i] as Float64Array)[j] as number) / total : 1 / n;
        next[j] = (next[j] as number) + damping * (rank[i] as number) * share;
      }
    }
    let change = 0;
    for (let i = 0; i < n; i++) change += Math.abs((next[i] as number) - (rank[i] as number));
    rank = next;
    if (change < 1e-10) break;
  }
  return rank;
}

function byRank(sentences: readonly string[], rank: Float64Array): string[] {
  return sentences
    .map((sentence, index) => ({ sentence, index, rank: rank[index] as number }))
    .sort((a, b) => b.rank - a.rank || a.index - b.index)
    .map((entry) => entry.sentence);
}

/**
 * LexRank (Erkan & Radev 2004) with the threshold graph: tf-idf cosine over all sentences of
 * the cluster (idf over those sentences), an edge where the cosine exceeds 0.1, PageRank with
 * damping 0.85. As in the paper's DUC runs (MEAD's reranker), a sentence more than 0.5 cosine
 * to one ranked above it is skipped as redundant.
 */
export function lexRankBaseline(documents: readonly BaselineDocument[], threshold = 0.1): string[] {
  const sentences = documents.flatMap((document) => splitSentences(document.text));
  const terms = sentences.map((sentence) => contentTerms(sentence));
  const corpus = createCorpus();
  for (const sentenceTerms of terms) corpus.addDocument(sentenceTerms);
  const vectors = terms.map((sentenceTerms) => corpus.vectorize(sentenceTerms));
  const weights = vectors.map((a, i) => {
    const row = new Float64Array(vectors.length);
    vectors.forEach((b, j) => {
      row[j] = i !== j && dot(a, b) > threshold ? 1 : 0;
    });
    return row;
  });
  const ranked = byRank(sentences, pageRank(weights));
  const order = ranked.map((sentence) => sentences.indexOf(sentence));
  const kept: number[] = [];
  for (const index of order) {
    const vector = vectors[index];
    if (!vector) continue;
    if (kept.some((other) => dot(vector, vectors[other] ?? new Map()) > 0.5)) continue;
    kept.push(index);
  }
  return kept.map((index) => sentences[index] as string);
}

/**
 * TextRank (Mihalcea & Tarau 2004) for sentences: edge weight = shared terms / (log |Si| +
 * log |Sj|), weighted PageRank with damping 0.85, sentences in rank order.
 */
export function textRankBaseline(documents: readonly BaselineDocument[]): string[] {
  const sentences = documents.flatMap((document) => splitSentences(document.text));
  const termSets = sentences.map((sentence) => contentTerms(sentence));
  const weights = termSets.map((a, i) => {
    const row = new Float64Array(termSets.length);
    const setA = new Set(a);
    termSets.forEach((b, j) => {
      if (i === j || a.length < 2 || b.length < 2) return;
      let shared = 0;
      for (const term of new Set(b)) if (setA.has(term)) shared++;
      row[j] = shared / (Math.log(a.length) + Math.log(b.length));
    });
    return row;
  });
  return byRank(sentences, pageRank(weights));
}

/** The first `words` words of the sentences, the last one cut mid-sentence if need be. */
export function cutToWords(sentences: readonly string[], words: number): string[] {
  const out: string[] = [];
  let left = words;
  for (const sentence of sentences) {
    if (left <= 0) break;
    const parts = sentence.split(/\s+/).filter((part) => part !== '');
    if (parts.length <= left) {
      out.push(sentence);
      left -= parts.length;
    } else {
      out.push(parts.slice(0, left).join(' '));
      left = 0;
    }
  }
  return out;
}
