/**
 * tf-idf over interned term ids, for the clusterer's hot path: a term is interned once into a
 * small integer, document frequencies live in a typed array, and a vector is its ids in
 * ascending order (Int32Array) with the weights beside them (Float32Array), so a dot product is
 * one merge over two arrays and a vector costs 8 bytes a term instead of a Map entry.
 * Same weighting as `tfidf.ts` (sublinear tf, smoothed idf). Pure and in memory.
 */
import { detached } from './detach.js';
import { stopwordsFor } from './stopwords.js';
import { termOfToken } from './terms.js';
import { createTokenTable } from './token-table.js';

/** Ids ascending, no repeats; `weights[i]` belongs to `ids[i]`. */
export interface PackedVector {
  readonly ids: Int32Array;
  readonly weights: Float32Array;
}

export const EMPTY_VECTOR: PackedVector = { ids: new Int32Array(0), weights: new Float32Array(0) };

/** Interns terms into ids (never reused within a table's life) and caches token → id per language. */
export interface TermTable {
  /** The id of `term`, interned on first sight. */
  intern(term: string): number;
  termOf(id: number): string;
  /** Whether the term of `id` holds a digit (a number, an amount, "gpt4"). */
  hasDigit(id: number): boolean;
  /** Ids of the content terms of `tokens` (stopwords dropped, stemmed), in order, repeats kept. */
  idsFromTokens(tokens: readonly string[], language: string): number[];
  /**
   * The tokens of each of one document's texts as token ids (each text cut as `tokenize` cuts
   * it); `tokenOf` gives a token back. Token ids hold until the next call: to stay bounded, the
   * table of tokens is emptied at the start of a call once it is large.
   */
  tokenizeDocument(texts: readonly string[]): number[][];
  tokenOf(tokenId: number): string;
  /** Whether the token of `tokenId` starts with a digit or a currency sign (`TokenTable.startsNumber`). */
  startsNumber(tokenId: number): boolean;
  /** Whether the token of `tokenId` (of the last `tokenizeDocument`) is a stopword of `language`. */
  isStopword(tokenId: number, language: string): boolean;
  /** `idsFromTokens` for token ids of the last `tokenizeDocument`. */
  idsFromTokenIds(tokenIds: readonly number[], language: string): number[];
  /**
   * `idsFromTokens` of the tokens of `text`, through the token table (token ids of the last
   * `tokenizeDocument` stay valid): a few more words of a document already tokenised.
   */
  idsFromText(text: string, language: string): number[];
  readonly size: number;
}

/** Token caches are cleared past this size (the interned ids stay valid). */
const MAX_CACHED_TOKENS = 200_000;

/** In `termsOfTokens`: a token not looked up yet in that language. */
const UNSEEN = -2;
/** In `termsOfTokens`: a token that is no content word and no stopword (one letter). */
const NO_TERM = -1;
/** In `termsOfTokens`: a stopword of that language (no content word either). */
const STOPWORD = -3;

export function createTermTable(): TermTable {
  const ids = new Map<string, number>();
  const terms: string[] = [];
  /** 1 where the term of that id holds a digit. */
  let digits = new Uint8Array(1024);
  const tokenCaches = new Map<string, Map<string, number>>();
  const tokenTable = createTokenTable();
  /** Per language, token id → term id (or NO_TERM, STOPWORD, UNSEEN). */
  const termsOfTokens = new Map<string, Int32Array>();

  function intern(term: string): number {
    let id = ids.get(term);
    if (id === undefined) {
      id = terms.length;
      // Kept for the table's life: not a view into the text it was cut from.
      const own = detached(term);
      terms.push(own);
      ids.set(own, id);
      if (id >= digits.length) {
        const grown = new Uint8Array(digits.length * 2);
        grown.set(digits);
        digits = grown;
      }
      digits[id] = /\d/.test(term) ? 1 : 0;
    }
    return id;
  }

  function idsFromTokens(tokens: readonly string[], language: string): number[] {
    let cache = tokenCaches.get(language);
    if (!cache) {
      cache = new Map();
      tokenCaches.set(language, cache);
    }
    const out: number[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as string;
      let id = cache.get(token);
      if (id === undefined) {
        const term = termOfToken(token, language);
        id = term === '' ? -1 : intern(term);
        if (cache.size >= MAX_CACHED_TOKENS) cache.clear();
        cache.set(detached(token), id);
      }
      if (id >= 0) out.push(id);
    }
    return out;
  }

  /** The term ids (or NO_TERM, STOPWORD, UNSEEN) of the table's token ids in `language`. */
  function termsOfTokensIn(language: string): Int32Array {
    let known = termsOfTokens.get(language);
    if (!known || known.length < tokenTable.size) {
      const grown = new Int32Array(Math.max(1024, tokenTable.size * 2)).fill(UNSEEN);
      if (known) grown.set(known);
      known = grown;
      termsOfTokens.set(language, known);
    }
    return known;
  }

  /** The term id of a token id in `language`, or NO_TERM or STOPWORD; looked up once. */
  function termOfTokenId(tokenId: number, language: string, known: Int32Array): number {
    let id = known[tokenId] as number;
    if (id === UNSEEN) {
      const token = tokenTable.tokenOf(tokenId);
      const term = termOfToken(token, language);
      if (term !== '') id = intern(term);
      else id = stopwordsFor(language).has(token) ? STOPWORD : NO_TERM;
      known[tokenId] = id;
    }
    return id;
  }

  function idsFromTokenIds(tokenIds: readonly number[], language: string): number[] {
    const known = termsOfTokensIn(language);
    const out: number[] = [];
    for (let i = 0; i < tokenIds.length; i++) {
      const id = termOfTokenId(tokenIds[i] as number, language, known);
      if (id >= 0) out.push(id);
    }
    return out;
  }

  return {
    intern,
    termOf(id) {
      return terms[id] ?? '';
    },
    hasDigit(id) {
      return id < terms.length && digits[id] === 1;
    },
    idsFromTokens,
    idsFromText(text, language) {
      return idsFromTokenIds(tokenTable.tokenIds(text), language);
    },
    tokenizeDocument(texts) {
      if (tokenTable.size >= MAX_CACHED_TOKENS) {
        tokenTable.clear();
        termsOfTokens.clear();
      }
      return texts.map((text) => tokenTable.tokenIds(text));
    },
    tokenOf(tokenId) {
      return tokenTable.tokenOf(tokenId);
    },
    startsNumber(tokenId) {
      return tokenTable.startsNumber(tokenId);
    },
    isStopword(tokenId, language) {
      // A token not looked up yet is asked of the stopword list: looking its term up would intern
      // it ahead of the title's terms (and in a language the post may turn out not to be in).
      const id = termsOfTokensIn(language)[tokenId] as number;
      if (id !== UNSEEN) return id === STOPWORD;
      return stopwordsFor(language).has(tokenTable.tokenOf(tokenId));
    },
    idsFromTokenIds,
    get size() {
      return terms.length;
    },
  };
}

/** Document frequencies over term ids in a rolling corpus (see `Corpus` in tfidf.ts). */
export interface IdCorpus {
  /** Counts each id once; the caller vouches the ids are distinct. */
  addDocument(ids: ArrayLike<number>): void;
  /** Undoes `addDocument` for the same ids. */
  removeDocument(ids: ArrayLike<number>): void;
  readonly documentCount: number;
  documentFrequency(id: number): number;
  /** ln((1 + N) / (1 + df)) + 1, as scikit-learn's `smooth_idf`. */
  idf(id: number): number;
  /** Sublinear tf × idf of the ids (repeats count), L2-normalised; `weight` scales every tf. */
  vectorize(ids: ArrayLike<number>, weight?: number): PackedVector;
  /** `vectorize` of ids already counted (`countIds`). */
  weigh(counted: IdCounts, weight?: number): PackedVector;
}

/** A text's term ids counted: distinct ids ascending, `counts[i]` occurrences of `ids[i]`. */
export interface IdCounts {
  readonly ids: Int32Array;
  readonly counts: Int32Array;
}

/**
 * Scratch of `countIds` and `unionIds`: a post's ids are sorted and merged here, and only the
 * results are allocated. A typed array of a few hundred bytes costs an allocation outside the
 * heap (about as much as sorting its ids), and the clusterer counts three fields of every post.
 */
let scratch = new Int32Array(1024);

function scratchOf(length: number): Int32Array {
  if (length > scratch.length) scratch = new Int32Array(Math.max(length, scratch.length * 2));
  return scratch;
}

const NO_COUNTS: IdCounts = { ids: new Int32Array(0), counts: new Int32Array(0) };

/** Counts `ids` (sorted once: a post's fields are counted, then united and weighed). */
export function countIds(ids: ArrayLike<number>): IdCounts {
  const n = ids.length;
  if (n === 0) return NO_COUNTS;
  const sorted = scratchOf(n);
  for (let i = 0; i < n; i++) sorted[i] = ids[i] as number;
  sorted.subarray(0, n).sort();
  let distinct = 1;
  for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  const unique = new Int32Array(distinct);
  const counts = new Int32Array(distinct);
  let at = 0;
  let run = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && sorted[i] === sorted[i - 1]) {
      run++;
      continue;
    }
    unique[at] = sorted[i - 1] as number;
    counts[at] = run;
    at++;
    run = 1;
  }
  return { ids: unique, counts };
}

/** The ids of any of `parts`, distinct and ascending (a merge of their sorted ids). */
export function unionIds(parts: readonly IdCounts[]): Int32Array {
  let total = 0;
  for (const part of parts) total += part.ids.length;
  const out = scratchOf(total);
  const heads = parts.map(() => 0);
  let n = 0;
  for (;;) {
    let lowest = Number.POSITIVE_INFINITY;
    for (let p = 0; p < parts.length; p++) {
      const ids = (parts[p] as IdCounts).ids;
      const head = heads[p] as number;
      if (head < ids.length && (ids[head] as number) < lowest) lowest = ids[head] as number;
    }
    if (lowest === Number.POSITIVE_INFINITY) break;
    out[n++] = lowest;
    for (let p = 0; p < parts.length; p++) {
      const ids = (parts[p] as IdCounts).ids;
      const head = heads[p] as number;
      if (head < ids.length && ids[head] === lowest) heads[p] = head + 1;
    }
  }
  return out.slice(0, n);
}

export function createIdCorpus(): IdCorpus {
  let df = new Int32Array(1024);
  let documents = 0;

  function idf(id: number): number {
    return Math.log((1 + documents) / (1 + (id < df.length ? (df[id] as number) : 0))) + 1;
  }

  function weigh(counted: IdCounts, weight = 1): PackedVector {
    const ids = counted.ids;
    if (ids.length === 0) return EMPTY_VECTOR;
    const weights = new Float32Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      weights[i] = weight * (1 + Math.log(counted.counts[i] as number)) * idf(ids[i] as number);
    }
    // The vector shares the counted ids (neither is changed afterwards).
    return normalizePacked({ ids, weights });
  }

  return {
    addDocument(ids) {
      documents++;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as number;
        if (id >= df.length) {
          const grown = new Int32Array(Math.max(df.length * 2, id + 1));
          grown.set(df);
          df = grown;
        }
        df[id] = (df[id] as number) + 1;
      }
    },
    removeDocument(ids) {
      documents = Math.max(0, documents - 1);
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as number;
        if (id < df.length && (df[id] as number) > 0) df[id] = (df[id] as number) - 1;
      }
    },
    get documentCount() {
      return documents;
    },
    documentFrequency(id) {
      return id < df.length ? (df[id] as number) : 0;
    },
    idf,
    vectorize(ids, weight = 1) {
      return ids.length === 0 ? EMPTY_VECTOR : weigh(countIds(ids), weight);
    },
    weigh,
  };
}

export function normPacked(v: PackedVector): number {
  let sum = 0;
  const w = v.weights;
  for (let i = 0; i < w.length; i++) sum += (w[i] as number) * (w[i] as number);
  return Math.sqrt(sum);
}

/** Scales `v` to unit length in place and returns it (a zero vector stays as is). */
export function normalizePacked(v: PackedVector): PackedVector {
  const length = normPacked(v);
  if (length === 0) return v;
  const w = v.weights;
  for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) / length;
  return v;
}

/** Dot product by merging the two id lists. */
export function dotPacked(a: PackedVector, b: PackedVector): number {
  const ai = a.ids;
  const bi = b.ids;
  const aw = a.weights;
  const bw = b.weights;
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < ai.length && j < bi.length) {
    const x = ai[i] as number;
    const y = bi[j] as number;
    if (x === y) {
      sum += (aw[i] as number) * (bw[j] as number);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return sum;
}

/** How many ids two vectors have in common (a merge of the two id lists, as `dotPacked`). */
export function sharedIdCount(a: PackedVector, b: PackedVector): number {
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared;
}

/**
 * One vector spread over an array indexed by term id, to dot it with many others: each dot reads
 * the other vector once, with no branch on which id list is ahead (`dotPacked`'s merge guesses
 * that branch wrong about every other step). The clusterer scores each post against several stories.
 */
export interface DenseVector {
  /** Spreads `v` out in place of the vector loaded before. */
  load(v: PackedVector): void;
  /**
   * `dotPacked(loaded, other)`, to the last bit: the products of the shared ids are added in the
   * same (ascending id) order, and the others add +0 (weights are never negative).
   */
  dot(other: PackedVector): number;
}

export function createDenseVector(): DenseVector {
  // Float32 holds the packed weights exactly; a product is taken in double as in `dotPacked`.
  let dense = new Float32Array(1024);
  let loaded: Int32Array = new Int32Array(0);
  return {
    load(v) {
      for (let i = 0; i < loaded.length; i++) dense[loaded[i] as number] = 0;
      const ids = v.ids;
      const highest = ids.length > 0 ? (ids[ids.length - 1] as number) : -1;
      if (highest >= dense.length) dense = new Float32Array(Math.max(dense.length * 2, highest + 1));
      const weights = v.weights;
      for (let i = 0; i < ids.length; i++) dense[ids[i] as number] = weights[i] as number;
      loaded = ids;
    },
    dot(other) {
      const ids = other.ids;
      const weights = other.weights;
      const limit = dense.length;
      let sum = 0;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as number;
        // Ids ascend: past the array's end nothing is loaded.
        if (id >= limit) break;
        sum += (dense[id] as number) * (weights[i] as number);
      }
      return sum;
    },
  };
}

/**
 * `a + scale × b` as a new vector (entries that cancel out are dropped). Two merges: the first
 * counts the entries, so the result is allocated at its size instead of at the most it could
 * take and then copied down (story sums are made this way on every member).
 */
export function addPacked(a: PackedVector, b: PackedVector, scale = 1): PackedVector {
  if (b.ids.length === 0) return a;
  const ai = a.ids;
  const bi = b.ids;
  const aw = a.weights;
  const bw = b.weights;
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < ai.length && j < bi.length) {
    const x = ai[i] as number;
    const y = bi[j] as number;
    if (x === y) {
      if (!(Math.abs((aw[i] as number) + scale * (bw[j] as number)) < 1e-12)) n++;
      i++;
      j++;
    } else if (x < y) {
      if (!(Math.abs(aw[i] as number) < 1e-12)) n++;
      i++;
    } else {
      if (!(Math.abs(scale * (bw[j] as number)) < 1e-12)) n++;
      j++;
    }
  }
  for (; i < ai.length; i++) if (!(Math.abs(aw[i] as number) < 1e-12)) n++;
  for (; j < bi.length; j++) if (!(Math.abs(scale * (bw[j] as number)) < 1e-12)) n++;

  const ids = new Int32Array(n);
  const weights = new Float32Array(n);
  let at = 0;
  i = 0;
  j = 0;
  while (i < ai.length || j < bi.length) {
    const x = i < ai.length ? (ai[i] as number) : Number.MAX_SAFE_INTEGER;
    const y = j < bi.length ? (bi[j] as number) : Number.MAX_SAFE_INTEGER;
    let id: number;
    let value: number;
    if (x === y) {
      id = x;
      value = (aw[i++] as number) + scale * (bw[j++] as number);
    } else if (x < y) {
      id = x;
      value = aw[i++] as number;
    } else {
      id = y;
      value = scale * (bw[j++] as number);
    }
    if (Math.abs(value) < 1e-12) continue;
    ids[at] = id;
    weights[at] = value;
    at++;
  }
  return { ids, weights };
}

/**
 * Positions (into `v.ids`) of the `k` heaviest entries, heaviest first (ties: smaller id first).
 * One pass keeping the best `k` seen in order: most entries fail the first comparison, and no
 * entry is moved more than once per insertion (the clusterer asks this of every post and story).
 */
export function topPositions(v: PackedVector, k: number): number[] {
  const n = v.ids.length;
  const size = Math.min(k, n);
  if (size <= 0) return [];
  const w = v.weights;
  const best: number[] = [];
  for (let p = 0; p < n; p++) {
    const weight = w[p] as number;
    let at: number;
    if (best.length < size) {
      at = best.length;
      best.push(p);
    } else {
      // Ties stay behind the earlier position: only a strictly heavier entry gets in.
      if (!(weight > (w[best[size - 1] as number] as number))) continue;
      at = size - 1;
    }
    while (at > 0 && weight > (w[best[at - 1] as number] as number)) {
      best[at] = best[at - 1] as number;
      at--;
    }
    best[at] = p;
  }
  return best;
}

/** The `max` heaviest entries of `v` (ids ascending), or `v` itself when it is no longer. */
export function prunePacked(v: PackedVector, max: number): PackedVector {
  if (v.ids.length <= max) return v;
  const keep = topPositions(v, max).sort((p, q) => p - q);
  const ids = new Int32Array(keep.length);
  const weights = new Float32Array(keep.length);
  keep.forEach((p, i) => {
    ids[i] = v.ids[p] as number;
    weights[i] = v.weights[p] as number;
  });
  return { ids, weights };
}
