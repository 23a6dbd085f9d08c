/**
 * Quantities in tokens: digits ("10,000", "2.5") or words ("ten", "two", "a"), optionally with a
 * scale ("billion", "bn", "k", "crore"). Matching looks at a fixed number of tokens from a
 * position, so scanning a sentence is linear.
 */
import type { Token } from './scan.js';

export const WORD_NUMBERS = new Map<string, number>([
  ['one', 1],
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['seven', 7],
  ['eight', 8],
  ['nine', 9],
  ['ten', 10],
  ['eleven', 11],
  ['twelve', 12],
  ['thirteen', 13],
  ['fourteen', 14],
  ['fifteen', 15],
  ['sixteen', 16],
  ['seventeen', 17],
  ['eighteen', 18],
  ['nineteen', 19],
  ['twenty', 20],
  ['thirty', 30],
  ['forty', 40],
  ['fifty', 50],
  ['sixty', 60],
  ['seventy', 70],
  ['eighty', 80],
  ['ninety', 90],
  ['hundred', 100],
  ['dozen', 12],
]);

/** Scale words after a number; single letters only when glued ("10B", "120k"). */
const SCALES = new Map<string, number>([
  ['thousand', 1e3],
  ['million', 1e6],
  ['millions', 1e6],
  ['mn', 1e6],
  ['mln', 1e6],
  ['mil', 1e6],
  ['billion', 1e9],
  ['billions', 1e9],
  ['bn', 1e9],
  ['bln', 1e9],
  ['trillion', 1e12],
  ['tn', 1e12],
  ['trn', 1e12],
  ['crore', 1e7],
  ['crores', 1e7],
  ['lakh', 1e5],
  ['lakhs', 1e5],
]);

const GLUED_LETTER_SCALES = new Map<string, number>([
  ['k', 1e3],
  ['m', 1e6],
  ['b', 1e9],
  ['t', 1e12],
  ['tr', 1e12],
]);

export interface Quantity {
  /** Token index of the first and one past the last token. */
  first: number;
  last: number;
  /** The number as written, before the scale. */
  mantissa: number;
  scale: number;
  value: number;
  /** The scale word as written ("bn", "billion"), or null. */
  scaleWord: string | null;
  /** The number was spelled out ("ten"). */
  spelled: boolean;
}

/** Multiplies without float noise: 2.9 × 1e9 = 2,900,000,000. */
export function scaleAmount(mantissa: number, scale: number): number {
  const value = mantissa * scale;
  if (scale >= 1000) return Math.round(value);
  return Math.round(value * 1e6) / 1e6;
}

/** The scale at `index` (a scale word, or a glued letter scale), or null. */
export function scaleAt(
  tokens: Token[],
  index: number,
): { scale: number; width: number; word: string } | null {
  const token = tokens[index];
  if (token?.kind !== 'word') return null;
  const glued = GLUED_LETTER_SCALES.get(token.lower);
  if (glued !== undefined && token.glued && tokens[index - 1]?.kind === 'num') {
    return { scale: glued, width: 1, word: token.text };
  }
  const scale = SCALES.get(token.lower);
  if (scale === undefined) return null;
  // "1 lakh crore" = 1e12.
  const next = tokens[index + 1];
  if (token.lower.startsWith('lakh') && next?.lower.startsWith('crore')) {
    return { scale: 1e12, width: 2, word: `${token.text} ${next.text}` };
  }
  return { scale, width: 1, word: token.text };
}

/**
 * A quantity starting at `index`: digits or a spelled number (with "twenty-five" and "one
 * hundred"), then an optional scale. `allowA` accepts "a" as one ("a billion dollars").
 */
export function quantityAt(tokens: Token[], index: number, allowA = false): Quantity | null {
  const token = tokens[index];
  if (!token) return null;
  let mantissa: number;
  let next = index + 1;
  let spelled = false;
  if (token.kind === 'num') {
    mantissa = token.value;
    if (!Number.isFinite(mantissa)) return null;
  } else if (token.kind === 'word') {
    const word = WORD_NUMBERS.get(token.lower);
    if (word !== undefined) {
      mantissa = word;
      spelled = true;
      // "twenty-five", "twenty five"
      const a = tokens[next];
      const b = tokens[next + 1];
      if (word >= 20 && word < 100 && a && b && a.text === '-' && WORD_NUMBERS.has(b.lower)) {
        mantissa += WORD_NUMBERS.get(b.lower) ?? 0;
        next += 2;
      } else if (word >= 20 && word < 100 && a && (WORD_NUMBERS.get(a.lower) ?? 100) < 10) {
        mantissa += WORD_NUMBERS.get(a.lower) ?? 0;
        next += 1;
      }
      const hundred = tokens[next];
      if (hundred && hundred.lower === 'hundred' && mantissa < 100) {
        mantissa *= 100;
        next += 1;
      }
    } else if (allowA && (token.lower === 'a' || token.lower === 'an')) {
      mantissa = 1;
      spelled = true;
      const scale = scaleAt(tokens, next);
      if (!scale) return null;
    } else return null;
  } else return null;
  const scale = scaleAt(tokens, next);
  if (scale) {
    return {
      first: index,
      last: next + scale.width,
      mantissa,
      scale: scale.scale,
      value: scaleAmount(mantissa, scale.scale),
      scaleWord: scale.word,
      spelled,
    };
  }
  return { first: index, last: next, mantissa, scale: 1, value: mantissa, scaleWord: null, spelled };
}

/** A four-digit year between 1900 and 2100 at `index` ("2026"), or "FY2029"/"FY29" via `fiscal`. */
export function yearAt(tokens: Token[], index: number): number | null {
  const token = tokens[index];
  if (token?.kind !== 'num' || token.decimals > 0 || token.text.includes(',')) return null;
  if (token.text.length === 4 && token.value >= 1900 && token.value <= 2100) return token.value;
  const previous = tokens[index - 1];
  if (token.text.length === 2 && previous && previous.lower === 'fy' && token.glued)
    return 2000 + token.value;
  return null;
}
