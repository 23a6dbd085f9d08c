/**
 * Word k-shingles hashed to unsigned 32-bit integers (FNV-1a over the words joined by a space),
 * for near-duplicate checks and MinHash. Distinct, in first-seen order. Fewer than k words give
 * one shingle of all of them (a short title is still comparable); no words give none.
 */
export function shingles(words: readonly string[], k = 3): Uint32Array {
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`text: shingle size must be a positive integer, not ${k}`);
  if (words.length === 0) return new Uint32Array(0);
  const width = Math.min(k, words.length);
  const seen = new Set<number>();
  const out: number[] = [];
  for (let i = 0; i + width <= words.length; i++) {
    let hash = 0x811c9dc5;
    for (let w = 0; w < width; w++) {
      if (w > 0) hash = Math.imul(hash ^ 0x20, 0x01000193);
      hash = fnv1a(words[i + w] ?? '', hash);
    }
    const value = hash >>> 0;
    if (!seen.has(value)) {
      seen.add(value);
      out.push(value);
    }
  }
  return Uint32Array.from(out);
}

/** FNV-1a 32-bit over UTF-16 code units, continuing from `seed`. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Jaccard similarity of two shingle sets. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 0;
  const set = new Set(a);
  let shared = 0;
  for (const value of b) if (set.has(value)) shared++;
  return shared / (a.length + b.length - shared);
}
