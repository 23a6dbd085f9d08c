import vader from 'vader-sentiment';
import type { Stance, StanceScores } from './types.js';

/** VADER's own thresholds for a positive or negative text. */
const POSITIVE = 0.05;
const NEGATIVE = -0.05;

export interface ScoredOpinion {
  /** VADER compound, −1 … +1. */
  compound: number;
  weight: number;
}

/** VADER compound of a text (the mean over its sentences when given several). */
export function compoundOf(sentences: readonly string[]): number {
  if (sentences.length === 0) return 0;
  let sum = 0;
  for (const sentence of sentences)
    sum += vader.SentimentIntensityAnalyzer.polarity_scores(sentence).compound;
  return sum / sentences.length;
}

/**
 * How much a comment's voice counts: 1 without a score (HN hides them), 1 + ln(score) for a
 * score of 1 or more (log-damped, so one viral comment does not outweigh a thread), and 0.25 for
 * a score of 0 or less (the community voted it down; it still says something).
 */
export function voteWeight(score: number | null): number {
  if (score === null) return 1;
  if (score >= 1) return 1 + Math.log(score);
  return 0.25;
}

export function stanceScores(opinions: readonly ScoredOpinion[]): StanceScores {
  let total = 0;
  let sum = 0;
  let positive = 0;
  let negative = 0;
  for (const { compound, weight } of opinions) {
    total += weight;
    sum += weight * compound;
    if (compound >= POSITIVE) positive += weight;
    else if (compound <= NEGATIVE) negative += weight;
  }
  if (total === 0) return { mean: 0, positiveShare: 0, negativeShare: 0, polarisation: 0, n: 0 };
  const positiveShare = positive / total;
  const negativeShare = negative / total;
  return {
    mean: sum / total,
    positiveShare,
    negativeShare,
    polarisation: 4 * positiveShare * negativeShare,
    n: opinions.length,
  };
}

/**
 * The stance the numbers support:
 * - mixed when at least 35% lean each way (a real split, whatever the mean);
 * - positive / negative when the weighted mean is at least +0.1 / at most −0.1;
 * - mixed when the mean is near zero but most comments lean one way or the other (they cancel);
 * - neutral otherwise, and when fewer than 2 comments were scored.
 */
export function classifyStance(scores: StanceScores): Stance {
  if (scores.n < 2) return 'neutral';
  if (scores.positiveShare >= 0.35 && scores.negativeShare >= 0.35) return 'mixed';
  if (scores.mean >= 0.1) return 'positive';
  if (scores.mean <= -0.1) return 'negative';
  if (scores.positiveShare + scores.negativeShare >= 0.6) return 'mixed';
  return 'neutral';
}
