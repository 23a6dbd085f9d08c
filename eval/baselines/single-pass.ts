import { contentTerms } from '../../src/text/terms.js';
import { addInto, dot, norm, type SparseVector } from '../../src/text/tfidf.js';

/** One document for the single-pass baseline. */
export interface BaselineDoc {
  id: string;
  publishedAt: number;
  text: string;
}

/**
 * Baseline (a): single-pass clustering over tf-idf (sublinear tf, smoothed idf fitted on the
 * whole split, as TfidfVectorizer would), each document assigned to the most similar existing
 * cluster centroid (mean of unit vectors) when the cosine reaches `threshold`, else a new cluster.
 * Like roundup it only looks at clusters active within `windowMs`, so the comparison is about the
 * similarity, not the time window. Vectors are computed once and reused across thresholds.
 * `agePenalty`, when given, is taken off a cluster's cosine by how long before the document the
 * cluster began (a diagnostic: the baseline with roundup's age penalty).
 */
export function prepareSinglePass(docs: readonly BaselineDoc[]): SparseVector[] {
  const termLists = docs.map((doc) => contentTerms(doc.text));
  const df = new Map<string, number>();
  for (const terms of termLists) for (const term of new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
  const n = docs.length;
  return termLists.map((terms) => {
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    const vector: SparseVector = new Map();
    for (const [term, count] of counts) {
      vector.set(term, (1 + Math.log(count)) * (Math.log((1 + n) / (1 + (df.get(term) ?? 0))) + 1));
    }
    const length = norm(vector);
    for (const [term, value] of vector) vector.set(term, value / length);
    return vector;
  });
}

export function runSinglePass(
  docs: readonly BaselineDoc[],
  vectors: readonly SparseVector[],
  threshold: number,
  windowMs: number,
  agePenalty: (gapMs: number) => number = () => 0,
): Map<string, string> {
  const clusters: Array<{ sum: SparseVector; startAt: number; lastAt: number; label: string }> = [];
  const labels = new Map<string, string>();
  docs.forEach((doc, i) => {
    const vector = vectors[i] as SparseVector;
    let best: (typeof clusters)[number] | undefined;
    let bestCosine = -1;
    for (const cluster of clusters) {
      if (cluster.lastAt < doc.publishedAt - windowMs) continue;
      const length = norm(cluster.sum);
      const cosine =
        (length === 0 ? 0 : dot(vector, cluster.sum) / length) -
        agePenalty(doc.publishedAt - cluster.startAt);
      if (cosine > bestCosine) {
        bestCosine = cosine;
        best = cluster;
      }
    }
    if (best && bestCosine >= threshold) {
      addInto(best.sum, vector);
      best.lastAt = Math.max(best.lastAt, doc.publishedAt);
      labels.set(doc.id, best.label);
    } else {
      const label = `c${clusters.length}`;
      clusters.push({ sum: new Map(vector), startAt: doc.publishedAt, lastAt: doc.publishedAt, label });
      labels.set(doc.id, label);
    }
  });
  return labels;
}
