import { readFileSync } from 'node:fs';

/**
 * ROUGE-1, ROUGE-2 and ROUGE-L as the official ROUGE-1.5.5.pl computes them with
 * `-n 2 -a -c 95 -r 1000 -p 0.5 -t 0 -d -m -f A` (Lin 2004; the Perl script's subroutines are
 * named below so that each step can be checked against it):
 *
 * - readText: ASCII lowercase, "-" set apart, every other character that is not [A-Za-z0-9]
 *   becomes a space; tokens are split on white space. Tokens that do not start with [a-z0-9]
 *   (the lone "-") are dropped by createNGram / tokenizeText_LCS.
 * - `-m`: tokens longer than 3 characters are stemmed by MorphStem: the WordNet exception list
 *   first ("said" → "say", "were" → "be"), else the script's own Porter variant
 *   (`rougePorterStem`; the `stemmer` package differs from it in step 4). ROUGE reads WordNet 2.0's
 *   list from a Berkeley DB; rouge-exceptions.txt beside this file is the WordNet 3.0 list (see
 *   its header). Without the list, scores on the MultiLing 2011 sample are up to 0.9 point low;
 *   with it they equal the official ones (rouge.test.ts).
 * - Stopwords kept (no `-s`), no length cut (no `-l` / `-b`).
 * - `-f A` ("model average"): hits and counts are summed over the references, then
 *   recall = Σhits / Σreference n-grams, precision = Σhits / (peer n-grams × references).
 *   ROUGE-1.5.5 does no jackknifing of its own (since 1.4): each summary is scored against
 *   exactly the references it is given.
 * - ROUGE-L is summary-level: for each reference sentence the union of its LCS with every peer
 *   sentence, clipped by unigram counts so that a token counts once (sub lcs, since 1.4.1).
 * - R and P are rounded to 5 decimals before F (sprintf "%7.5f"), as the script does.
 */

export interface RougeScore {
  recall: number;
  precision: number;
  f1: number;
}

export interface RougeScores {
  rouge1: RougeScore;
  rouge2: RougeScore;
  rougeL: RougeScore;
}

const EXCEPTIONS_FILE = new URL('./rouge-exceptions.txt', import.meta.url);
let defaultExceptions: ReadonlyMap<string, string> | undefined;

/** rouge-exceptions.txt as a map, read once. */
export function loadRougeExceptions(): ReadonlyMap<string, string> {
  if (!defaultExceptions) {
    const map = new Map<string, string>();
    for (const line of readFileSync(EXCEPTIONS_FILE, 'utf8').split('\n')) {
      if (line.startsWith('#')) continue;
      const [form, base] = line.split(' ');
      if (form && base) map.set(form, base);
    }
    defaultExceptions = map;
  }
  return defaultExceptions;
}

export interface RougeOptions {
  /**
   * MorphStem's exception list: an inflected form → the form counted instead of its Porter stem
   * (default: rouge-exceptions.txt; an empty map for plain Porter).
   */
  exceptions?: ReadonlyMap<string, string>;
}

/** A summary as its sentences (ROUGE-L works on sentences; ROUGE-N joins them). */
export type SummarySentences = readonly string[];

const ALPHA = 0.5;

// --- ROUGE-1.5.5's Porter stemmer (the Perl "Release 1" with Chin-Yew Lin's step 4 change) ---

const STEP2: Record<string, string> = {
  ational: 'ate',
  tional: 'tion',
  enci: 'ence',
  anci: 'ance',
  izer: 'ize',
  bli: 'ble',
  alli: 'al',
  entli: 'ent',
  eli: 'e',
  ousli: 'ous',
  ization: 'ize',
  ation: 'ate',
  ator: 'ate',
  alism: 'al',
  iveness: 'ive',
  fulness: 'ful',
  ousness: 'ous',
  aliti: 'al',
  iviti: 'ive',
  biliti: 'ble',
  logi: 'log',
};
const STEP3: Record<string, string> = {
  icate: 'ic',
  ative: '',
  alize: 'al',
  iciti: 'ic',
  ical: 'ic',
  ful: '',
  ness: '',
};

const c = '[^aeiou]';
const v = '[aeiouy]';
const C = `${c}[^aeiouy]*`;
const V = `${v}[aeiou]*`;
const MGR0 = new RegExp(`^(${C})?${V}${C}`);
const MEQ1 = new RegExp(`^(${C})?${V}${C}(${V})?$`);
const MGR1 = new RegExp(`^(${C})?${V}${C}${V}${C}`);
const HAS_VOWEL = new RegExp(`^(${C})?${v}`);
const CVC = new RegExp(`^${C}${v}[^aeiouwxy]$`);
const STEP2_SUFFIX =
  /(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;
const STEP3_SUFFIX = /(icate|ative|alize|iciti|ical|ful|ness)$/;
const STEP4_SUFFIX = /(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$/;

/** Everything before the match (Perl's $`). */
function before(word: string, match: RegExpExecArray): string {
  return word.slice(0, match.index);
}

/**
 * The Porter stemmer exactly as ROUGE-1.5.5.pl has it. It differs from the usual Porter in
 * step 4: "-ement" is tried first, then "-ment", then "-ent" (CYL, 02/14/2004), each on the
 * result of the one before.
 */
export function rougePorterStem(input: string): string {
  let w = input;
  if (w.length < 3) return w;
  const initialY = w.startsWith('y');
  if (initialY) w = `Y${w.slice(1)}`;

  // Step 1a
  const plural = /(ss|i)es$/.exec(w) ?? /([^s])s$/.exec(w);
  if (plural) w = before(w, plural) + (plural[1] ?? '');
  // Step 1b
  const eed = /eed$/.exec(w);
  const edIng = eed ? null : /(ed|ing)$/.exec(w);
  if (eed) {
    if (MGR0.test(before(w, eed))) w = w.slice(0, -1);
  } else if (edIng) {
    const stem = before(w, edIng);
    if (HAS_VOWEL.test(stem)) {
      w = stem;
      if (/(at|bl|iz)$/.test(w)) w += 'e';
      else if (/([^aeiouylsz])\1$/.test(w)) w = w.slice(0, -1);
      else if (CVC.test(w)) w += 'e';
    }
  }
  // Step 1c
  const y = /y$/.exec(w);
  if (y && HAS_VOWEL.test(before(w, y))) w = `${before(w, y)}i`;
  // Step 2
  const step2 = STEP2_SUFFIX.exec(w);
  if (step2 && MGR0.test(before(w, step2))) w = before(w, step2) + (STEP2[step2[1] ?? ''] ?? '');
  // Step 3
  const step3 = STEP3_SUFFIX.exec(w);
  if (step3 && MGR0.test(before(w, step3))) w = before(w, step3) + (STEP3[step3[1] ?? ''] ?? '');
  // Step 4, ROUGE's variant: each rule applies to the result of the one before.
  const step4 = STEP4_SUFFIX.exec(w);
  if (step4 && MGR1.test(before(w, step4))) w = before(w, step4);
  const ment = /ment$/.exec(w);
  if (ment && MGR1.test(before(w, ment))) w = before(w, ment);
  const ent = /ent$/.exec(w);
  const ion = ent ? null : /(s|t)(ion)$/.exec(w);
  if (ent) {
    if (MGR1.test(before(w, ent))) w = before(w, ent);
  } else if (ion) {
    const stem = before(w, ion) + (ion[1] ?? '');
    if (MGR1.test(stem)) w = stem;
  }
  // Step 5
  const e = /e$/.exec(w);
  if (e) {
    const stem = before(w, e);
    if (MGR1.test(stem) || (MEQ1.test(stem) && !CVC.test(stem))) w = stem;
  }
  if (/ll$/.test(w) && MGR1.test(w)) w = w.slice(0, -1);
  if (initialY) w = `y${w.slice(1)}`;
  return w;
}

// --- tokens ---

/** One sentence's tokens as ROUGE-1.5.5 counts them with `-m` (see the module comment). */
export function rougeTokens(sentence: string, exceptions?: ReadonlyMap<string, string>): string[] {
  const text = sentence
    .replace(/[A-Z]/g, (letter) => letter.toLowerCase())
    .replace(/-/g, ' - ')
    .replace(/[^A-Za-z0-9-]/g, ' ');
  const tokens: string[] = [];
  for (const token of text.split(/\s+/)) {
    if (!/^[a-z0-9$]/.test(token)) continue;
    if (token.length <= 3) tokens.push(token);
    else tokens.push(exceptions?.get(token) ?? rougePorterStem(token));
  }
  return tokens;
}

function ngramCounts(tokens: readonly string[], n: number): { grams: Map<string, number>; total: number } {
  const grams = new Map<string, number>();
  let total = 0;
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join(' ');
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
    total++;
  }
  return { grams, total };
}

/** sprintf("%7.5f") as a number. */
function round5(value: number): number {
  return Number(value.toFixed(5));
}

function score(hits: number, referenceCount: number, peerCount: number): RougeScore {
  const recall = referenceCount === 0 ? 0 : round5(hits / referenceCount);
  const precision = peerCount === 0 ? 0 : round5(hits / peerCount);
  const denominator = (1 - ALPHA) * precision + ALPHA * recall;
  const f1 = denominator > 0 ? round5((precision * recall) / denominator) : 0;
  return { recall, precision, f1 };
}

function rougeN(
  peer: readonly string[],
  references: ReadonlyArray<readonly string[]>,
  n: number,
): RougeScore {
  const peerGrams = ngramCounts(peer, n);
  let hits = 0;
  let referenceCount = 0;
  let peerCount = 0;
  for (const reference of references) {
    const referenceGrams = ngramCounts(reference, n);
    for (const [gram, count] of referenceGrams.grams) {
      hits += Math.min(count, peerGrams.grams.get(gram) ?? 0);
    }
    referenceCount += referenceGrams.total;
    peerCount += peerGrams.total;
  }
  return score(hits, referenceCount, peerCount);
}

/** Marks in `hitMask` the reference positions of one LCS of `reference` and `peer` (lcs_inner + markLCS). */
function markLcs(reference: readonly string[], peer: readonly string[], hitMask: Uint8Array): void {
  const m = reference.length;
  const n = peer.length;
  if (m === 0) return;
  const width = n + 1;
  const lengths = new Int32Array((m + 1) * width);
  // 1 = diagonal, 2 = up, 3 = left; ties go up, as in the Perl.
  const moves = new Uint8Array((m + 1) * width);
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const at = i * width + j;
      if (reference[i - 1] === peer[j - 1]) {
        lengths[at] = (lengths[at - width - 1] ?? 0) + 1;
        moves[at] = 1;
      } else if ((lengths[at - width] ?? 0) >= (lengths[at - 1] ?? 0)) {
        lengths[at] = lengths[at - width] ?? 0;
        moves[at] = 2;
      } else {
        lengths[at] = lengths[at - 1] ?? 0;
        moves[at] = 3;
      }
    }
  }
  let i = m;
  let j = n;
  while (i !== 0 && j !== 0) {
    const move = moves[i * width + j];
    if (move === 1) {
      i--;
      j--;
      hitMask[i] = 1;
    } else if (move === 2) {
      i--;
    } else {
      j--;
    }
  }
}

function unigramCounts(sentences: ReadonlyArray<readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    for (const token of sentence) counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  return counts;
}

function rougeL(
  peer: ReadonlyArray<readonly string[]>,
  references: ReadonlyArray<ReadonlyArray<readonly string[]>>,
): RougeScore {
  const peerUnigrams = unigramCounts(peer);
  const peerTotal = peer.reduce((sum, sentence) => sum + sentence.length, 0);
  let hits = 0;
  let referenceCount = 0;
  let peerCount = 0;
  for (const reference of references) {
    const peerLeft = new Map(peerUnigrams);
    const referenceLeft = unigramCounts(reference);
    for (const sentence of reference) {
      const hitMask = new Uint8Array(sentence.length);
      referenceCount += sentence.length;
      for (const peerSentence of peer) markLcs(sentence, peerSentence, hitMask);
      for (let k = 0; k < sentence.length; k++) {
        if (hitMask[k] !== 1) continue;
        const token = sentence[k] as string;
        const inReference = referenceLeft.get(token) ?? 0;
        const inPeer = peerLeft.get(token) ?? 0;
        if (inReference > 0 && inPeer > 0) {
          hits++;
          referenceLeft.set(token, inReference - 1);
          peerLeft.set(token, inPeer - 1);
        }
      }
    }
    peerCount += peerTotal;
  }
  return score(hits, referenceCount, peerCount);
}

/**
 * ROUGE-1, -2 and -L (recall, precision, F with alpha 0.5; fractions from 0 to 1) of one peer
 * summary against its references, each given as sentences.
 */
export function rougeScores(
  peer: SummarySentences,
  references: ReadonlyArray<SummarySentences>,
  options: RougeOptions = {},
): RougeScores {
  const exceptions = options.exceptions ?? loadRougeExceptions();
  const tokens = (sentence: string) => rougeTokens(sentence, exceptions);
  const peerSentences = peer.map(tokens);
  const referenceSentences = references.map((reference) => reference.map(tokens));
  const peerTokens = peerSentences.flat();
  const referenceTokens = referenceSentences.map((sentences) => sentences.flat());
  return {
    rouge1: rougeN(peerTokens, referenceTokens, 1),
    rouge2: rougeN(peerTokens, referenceTokens, 2),
    rougeL: rougeL(peerSentences, referenceSentences),
  };
}
