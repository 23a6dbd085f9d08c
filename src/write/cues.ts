/**
 * "Why it matters" and "What it means for you": whole sentences of the story's posts, linked
 * documents and well-scored comments that carry significance cues ("because", "means", "first
 * time", "largest", "could", "will allow") or advice and consequence cues ("you should", "if you",
 * "users will", "customers can", "expect"). A sentence with both goes to "What it means for you",
 * the more specific. Questions, fragments, run-ons and sentences with an obscenity or a slur are
 * not candidates.
 */
import type { SourceText } from '../extract/types.js';
import { isProfane } from '../text/profanity.js';
import { cleanSentence } from './sentences-clean.js';
import { sentenceSpans } from './summarize.js';

export interface CueSentence {
  text: string;
  sourceId: string;
  score: number;
}

const SIGNIFICANCE =
  /\b(?:because|means|meaning that|(?:for )?the first time|first[- ]ever|largest|biggest|could|will allow|would allow|allows|signals?|marks? (?:a|the)|milestone|record|significant|matters)\b/gi;
const ADVICE =
  /\b(?:you should|you can|you will|you'll|if you|users will|users can|users should|customers can|customers will|customers should|developers (?:can|will|should)|consumers (?:can|will)|expect|will need to|should (?:consider|check|expect))\b/gi;

const LEADING_PRONOUN = /^\s*(?:it|this|that|these|those|they|he|she)\b/i;
const MIN_WORDS = 8;
const MAX_WORDS = 55;
const PER_SECTION = 3;

const KIND_WEIGHT: Record<SourceText['kind'], number> = { document: 1, post: 0.8, comment: 0.5 };

function wordSet(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / Math.max(1, Math.min(a.size, b.size));
}

/**
 * Sentences for the two cue sections from `texts` (posts, documents, and the comments allowed to
 * speak), skipping those in `exclude` (already quoted elsewhere). `commentWeight` scales a
 * comment by its votes, 0…1.
 */
export function selectCueSentences(
  texts: readonly SourceText[],
  exclude: ReadonlySet<string>,
  commentWeight: (id: string) => number,
): { significance: CueSentence[]; advice: CueSentence[] } {
  const significance: CueSentence[] = [];
  const advice: CueSentence[] = [];
  for (const source of texts) {
    if (source.kind === 'comment' && commentWeight(source.id) <= 0) continue;
    for (const [index, span] of sentenceSpans(source.text).entries()) {
      const raw = source.text.slice(span.start, span.end);
      // "It means …" after the first sentence points back at something the reader does not see.
      if (index > 0 && LEADING_PRONOUN.test(raw)) continue;
      if (raw.includes('\n\n')) continue; // a post's title run into its body
      const text = cleanSentence(raw);
      if (text === '' || exclude.has(text) || /\?["”’')]*$/.test(text)) continue;
      const words = text.split(/\s+/).length;
      if (words < MIN_WORDS || words > MAX_WORDS) continue;
      const adviceCues = text.match(ADVICE)?.length ?? 0;
      const significanceCues = text.match(SIGNIFICANCE)?.length ?? 0;
      if (adviceCues === 0 && significanceCues === 0) continue;
      if (isProfane(text)) continue;
      const weight =
        source.kind === 'comment' ? KIND_WEIGHT.comment * commentWeight(source.id) : KIND_WEIGHT[source.kind];
      const facts = (text.match(/\d/g)?.length ?? 0) > 0 ? 0.2 : 0;
      const candidate = { text, sourceId: source.id };
      if (adviceCues > 0) advice.push({ ...candidate, score: weight * (1 + 0.3 * adviceCues) + facts });
      else significance.push({ ...candidate, score: weight * (1 + 0.3 * significanceCues) + facts });
    }
  }
  return { significance: pick(significance), advice: pick(advice) };
}

/** The best few, no two saying nearly the same thing; ties go to the earlier source. */
function pick(candidates: CueSentence[]): CueSentence[] {
  const ordered = [...candidates].sort((a, b) => b.score - a.score);
  const chosen: Array<CueSentence & { words: Set<string> }> = [];
  for (const candidate of ordered) {
    const words = wordSet(candidate.text);
    if (chosen.some((c) => overlap(c.words, words) > 0.6)) continue;
    chosen.push({ ...candidate, words });
    if (chosen.length === PER_SECTION) break;
  }
  return chosen.map(({ words: _words, ...rest }) => rest);
}
