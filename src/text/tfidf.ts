/**
 * tf-idf over a rolling corpus: documents are added as they arrive and removed when they age
 * out, so document frequencies follow the news of the moment. Pure and in memory.
 */

/** A sparse vector: term → weight. Vectors from `vectorize` are L2-normalised. */
export type SparseVector = Map<string, number>;

export interface Corpus {
  /** Counts each distinct term of the document once (`distinct`: the caller vouches there are no repeats). */
  addDocument(terms: Iterable<string>, distinct?: boolean): void;
  /** Undoes `addDocument` for the same terms. */
  removeDocument(terms: Iterable<string>, distinct?: boolean): void;
  readonly documentCount: number;
  documentFrequency(term: string): number;
  /** Smoothed idf, as scikit-learn's `smooth_idf`: ln((1 + N) / (1 + df)) + 1, so always ≥ 1. */
  idf(term: string): number;
  /** Sublinear tf (1 + ln tf) × idf, L2-normalised; `weight` scales each term's tf (default 1). */
  vectorize(terms: Iterable<string>, weight?: number): SparseVector;
  /** Number of distinct terms with a nonzero document frequency. */
  readonly vocabularySize: number;
}

export function createCorpus(): Corpus {
  const df = new Map<string, number>();
  let documents = 0;

  function idf(term: string): number {
    return Math.log((1 + documents) / (1 + (df.get(term) ?? 0))) + 1;
  }

  return {
    addDocument(terms, distinct = false) {
      documents++;
      for (const term of distinct ? terms : new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
    },
    removeDocument(terms, distinct = false) {
      documents = Math.max(0, documents - 1);
      for (const term of distinct ? terms : new Set(terms)) {
        const count = (df.get(term) ?? 0) - 1;
        if (count > 0) df.set(term, count);
        else df.delete(term);
      }
    },
    get documentCount() {
      return documents;
    },
    get vocabularySize() {
      return df.size;
    },
    documentFrequency(term) {
      return df.get(term) ?? 0;
    },
    idf,
    vectorize(terms, weight = 1) {
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      const vector: SparseVector = new Map();
      for (const [term, count] of counts) vector.set(term, weight * (1 + Math.log(count)) * idf(term));
      return normalize(vector);
    },
  };
}

/** Scales a vector to unit length in place and returns it (an empty or zero vector stays as is). */
export function normalize(vector: SparseVector): SparseVector {
  let sum = 0;
  for (const value of vector.values()) sum += value * value;
  if (sum === 0) return vector;
  const scale = 1 / Math.sqrt(sum);
  for (const [term, value] of vector) vector.set(term, value * scale);
  return vector;
}

/** Dot product; iterates the smaller vector. */
export function dot(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, value] of small) {
    const other = large.get(term);
    if (other !== undefined) sum += value * other;
  }
  return sum;
}

export function norm(vector: SparseVector): number {
  let sum = 0;
  for (const value of vector.values()) sum += value * value;
  return Math.sqrt(sum);
}

/** Cosine similarity; 0 when either vector is empty. */
export function cosine(a: SparseVector, b: SparseVector): number {
  const denominator = norm(a) * norm(b);
  return denominator === 0 ? 0 : dot(a, b) / denominator;
}

/** Adds `scale × source` into `target` in place. */
export function addInto(target: SparseVector, source: SparseVector, scale = 1): void {
  for (const [term, value] of source) {
    const sum = (target.get(term) ?? 0) + value * scale;
    if (Math.abs(sum) < 1e-12) target.delete(term);
    else target.set(term, sum);
  }
}

function heavier(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

/** The `k` heaviest terms, heaviest first (ties by term, for determinism). */
export function topTerms(vector: SparseVector, k: number): string[] {
  if (k <= 0) return [];
  if (vector.size <= k * 2) {
    const entries = [...vector];
    entries.sort(heavier);
    return entries.slice(0, k).map(([term]) => term);
  }
  // Keep a sorted buffer of the best k seen: most entries fail the first comparison.
  const best: Array<[string, number]> = [];
  for (const entry of vector) {
    if (best.length === k && heavier(entry, best[k - 1] as [string, number]) >= 0) continue;
    let at = best.length === k ? k - 1 : best.length;
    if (best.length === k) best.pop();
    while (at > 0 && heavier(entry, best[at - 1] as [string, number]) < 0) at--;
    best.splice(at, 0, entry);
  }
  return best.map(([term]) => term);
}
