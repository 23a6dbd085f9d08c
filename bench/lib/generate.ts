/** Deterministic pieces for the benches' generated data: the same posts on every machine. */

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct made-up words spelled from `syllables` (word i is i + 7 written in base |syllables|). */
export function syllableWords(syllables: readonly string[], count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    let word = '';
    let x = i + 7;
    do {
      word += syllables[x % syllables.length];
      x = Math.floor(x / syllables.length);
    } while (x > 0);
    return word;
  });
}

/** The commonest English function words: about two in five words of English prose are one of these. */
export const FUNCTION_WORDS = [
  'the',
  'of',
  'and',
  'to',
  'in',
  'a',
  'for',
  'on',
  'with',
  'said',
  'is',
  'that',
  'by',
  'at',
  'it',
];

/**
 * Made-up prose: two words in five are function words, the rest come from `vocabulary`, the
 * head of the list far more often than its tail (an index drawn as random()² of its length).
 */
export function proseWords(
  random: () => number,
  vocabulary: readonly string[],
): { word(): string; words(count: number): string } {
  const word = () =>
    random() < 0.4
      ? (FUNCTION_WORDS[Math.floor(random() * FUNCTION_WORDS.length)] as string)
      : (vocabulary[Math.floor(random() ** 2 * vocabulary.length)] as string);
  return { word, words: (count) => Array.from({ length: count }, word).join(' ') };
}
