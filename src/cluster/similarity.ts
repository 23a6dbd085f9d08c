import {
  createDenseVector,
  type DenseVector,
  dotPacked,
  type PackedVector,
  sharedIdCount,
} from '../text/packed.js';
import type { PostFeatures } from './features.js';
import type { StoryState } from './story-state.js';

/** The knobs of the post–story similarity (defaults in `defaultSimilarityOptions`). */
export interface SimilarityOptions {
  /** A post joins its best story when the score reaches this. */
  joinThreshold: number;
  /** When both sides have text, the bodies alone must reach this cosine (a title match is not enough). */
  minBodyCosine: number;
  /** When neither side has text, the titles must reach this cosine. */
  titleOnlyCosine: number;
  /**
   * When a side has no text, its title must share at least this many terms with the other side
   * (its title, or its title and text): in short titles one shared word ("attention") can make a
   * high cosine on its own, and a weak title match alone must not join two posts.
   */
  minSharedTerms: number;
  /** Added per shared name, up to three (entity evidence). */
  nameBonus: number;
  /** Added when a money amount or percentage is shared. */
  amountBonus: number;
  /** Taken off when one side's headline amount is missing from the other (different numbers ⇒ different events). */
  amountConflictPenalty: number;
  /** Taken off when names are shared but the titles share no action term (same company, other news). */
  actionMismatchPenalty: number;
  /**
   * An event's coverage lands within about a day: a post more than this long before or after its
   * story began (`StoryState.createdAt`) needs more evidence to join it, `agePenaltyPerDay` more
   * for each day beyond. The next development of a running story (the vote a day after the
   * bill, the ceasefire after the strikes) is news of its own, not buried in the old story under
   * its old headline; a close match still joins.
   */
  eventSpanMs: number;
  agePenaltyPerDay: number;
  /**
   * How a post is compared with a story: 'average' is the mean cosine to its members (average
   * link: a story of loosely related posts does not look closer than its members are);
   * 'centroid' is the cosine with the members' summed vector.
   */
  linkage: 'average' | 'centroid';
}

/**
 * joinThreshold and minBodyCosine as eval:cluster chooses them on the NeuS development split.
 * The body gate at 0.1 also keeps precision at volume: at 0.05, with ~20,000 stories live, some
 * unrelated story cleared it by chance (bench generated-gold precision 0.93 → 0.97 at 200k posts).
 *
 * The age penalty, 0.4 a day beyond a 24 h span, was chosen on the development split both as it
 * is and with every article moved 0–36 h later (`eval:cluster -- --dev-only --tune --spread`),
 * since NeuS dates a story's articles alike and real coverage spreads over hours: tuned F1 as is /
 * spread, 0.941 / 0.934 at 0.1 a day, 0.951 / 0.948 at 0.3, 0.951 / 0.950 at 0.4, 0.953 / 0.950 at
 * 0.5, 0.950 / 0.941 at 1.0. A shorter span scores higher as is and lower spread (12 h at 0.4:
 * 0.962 / 0.929): it reads the one date per story. The penalty counted from the members' mean
 * time instead of the story's start: lower spread (24 h at 0.3: 0.946 / 0.937).
 */
export const defaultSimilarityOptions: SimilarityOptions = {
  joinThreshold: 0.275,
  minBodyCosine: 0.1,
  titleOnlyCosine: 0.6,
  minSharedTerms: 2,
  nameBonus: 0.03,
  amountBonus: 0.08,
  amountConflictPenalty: 0.12,
  actionMismatchPenalty: 0.06,
  eventSpanMs: 24 * 3_600_000,
  agePenaltyPerDay: 0.4,
  linkage: 'average',
};

const DAY_MS = 86_400_000;

/**
 * What is taken off a score for a post (or a story) `gapMs` apart from the start of a story:
 * nothing within `eventSpanMs`, `agePenaltyPerDay` a day beyond.
 */
export function agePenalty(gapMs: number, options: SimilarityOptions): number {
  const beyond = Math.abs(gapMs) - options.eventSpanMs;
  return beyond > 0 ? (options.agePenaltyPerDay * beyond) / DAY_MS : 0;
}

/**
 * Which evidence check failed, with the figure and its bar. Kept as numbers: most candidates fail
 * one, and only the closest one's is ever written out.
 */
export interface GateFailure {
  /**
   * 'floor': the title+text cosine cannot reach the bar (raised by any `agePenalty`) even with
   * every bonus; 'terms': a side without text shares too few terms (`value`) with the other.
   */
  check: 'floor' | 'text' | 'title-only' | 'terms';
  value: number;
  bar: number;
}

/** "text cosine 0.062 is below 0.1" */
export function describeGate(gate: GateFailure): string {
  if (gate.check === 'floor')
    return `title+text cosine ${gate.value.toFixed(3)} cannot reach ${gate.bar.toFixed(2)}`;
  if (gate.check === 'terms')
    return `only ${gate.value} shared term(s) with a side without text, below ${gate.bar}`;
  return `${gate.check} cosine ${gate.value.toFixed(3)} is below ${gate.bar}`;
}

export interface Match {
  score: number;
  /** False when a gate failed (then `score` is not compared); `gate` says which (`describeGate`). */
  eligible: boolean;
  gate: GateFailure | null;
  cosine: number;
  /** Which cosine `cosine` is: "title+text", "title", … */
  basis: string;
  sharedNames: readonly string[];
  sharedAmounts: readonly string[];
  conflict: boolean;
  actionMismatch: boolean;
  /** How long before (negative: after) the post its story began, and what that took off (`agePenalty`). */
  storyAgeMs: number;
  agePenalty: number;
}

function headlineAmountMissing(
  titleAmounts: Iterable<string>,
  otherNumbers: { has(key: string): boolean },
  otherHasAmounts: boolean,
): boolean {
  if (!otherHasAmounts) return false;
  let any = false;
  for (const amount of titleAmounts) {
    any = true;
    if (otherNumbers.has(amount)) return false;
  }
  return any;
}

/** The post–story cosine from the dot product of the post's unit vector with the story's sum. */
function linkCosine(dot: number, sumNorm: number, members: number, options: SimilarityOptions): number {
  if (options.linkage === 'centroid') return sumNorm === 0 ? 0 : dot / sumNorm;
  return members === 0 ? 0 : dot / members;
}

/**
 * A post's vectors spread out once (`loadDensePost`) to score it against many stories: the
 * arriving post meets several candidates, and the dot products are most of `scoreMatch`.
 */
export interface DensePost {
  /** The post loaded, or null before the first. */
  post: PostFeatures | null;
  title: DenseVector;
  body: DenseVector;
  full: DenseVector;
}

export function createDensePost(): DensePost {
  return { post: null, title: createDenseVector(), body: createDenseVector(), full: createDenseVector() };
}

export function loadDensePost(dense: DensePost, post: PostFeatures): void {
  dense.post = post;
  dense.title.load(post.titleVector);
  dense.body.load(post.bodyVector);
  dense.full.load(post.fullVector);
}

/** Which side of a comparison a `DensePost` holds: the post, or the one post of a story of one. */
type DenseSide = 'post' | 'story' | null;

function denseSide(post: PostFeatures, story: StoryState, dense: DensePost | null): DenseSide {
  if (dense === null || dense.post === null) return null;
  if (dense.post === post) return 'post';
  return story.sole === dense.post ? 'story' : null;
}

/**
 * A post's vector dotted with a story's sum, through the dense copy of whichever side `dense`
 * holds (a story of one's sums are its post's vectors). The same to the last bit either way
 * round: the shared ids' products are added in ascending id order.
 */
function sideDot(
  side: DenseSide,
  dense: DensePost | null,
  field: 'title' | 'body' | 'full',
  postVector: PackedVector,
  storySum: PackedVector,
): number {
  if (dense !== null && side === 'post') return dense[field].dot(storySum);
  if (dense !== null && side === 'story') return dense[field].dot(postVector);
  return dotPacked(postVector, storySum);
}

/** `post`'s full vector dotted with `story`'s full sum, through `dense` when it holds either side. */
export function fullDot(post: PostFeatures, story: StoryState, dense: DensePost | null): number {
  return sideDot(denseSide(post, story, dense), dense, 'full', post.fullVector, story.fullSum);
}

/** The shared names and amounts of a match that failed the floor (most candidates do). */
const NOTHING_SHARED: readonly string[] = [];

/** The most the bonuses can add to a cosine. */
export function maxBonus(options: SimilarityOptions): number {
  return 3 * options.nameBonus + options.amountBonus;
}

/**
 * Scores a post against a story. `floor` lets the caller skip the rest of the work when even the
 * best bonuses could not lift the full cosine to it (then `eligible` is false, `gate` 'below floor').
 * `dense`, when it holds `post` or the one post of `story`, gives the same dot products faster.
 */
export function scoreMatch(
  post: PostFeatures,
  story: StoryState,
  options: SimilarityOptions,
  floor = -Infinity,
  dense: DensePost | null = null,
): Match {
  const side = denseSide(post, story, dense);
  const storyAgeMs = post.publishedAt - story.createdAt;
  const penalty = agePenalty(storyAgeMs, options);
  const bothBodies = post.hasBody && story.bodyMembers > 0;
  const neitherBody = !post.hasBody && story.bodyMembers === 0;
  const fullCosine = linkCosine(
    sideDot(side, dense, 'full', post.fullVector, story.fullSum),
    story.fullNorm,
    story.size,
    options,
  );
  if (!neitherBody && fullCosine + maxBonus(options) - penalty < floor) {
    return {
      score: fullCosine,
      eligible: false,
      gate: { check: 'floor', value: fullCosine, bar: floor + penalty },
      cosine: fullCosine,
      basis: 'title+text',
      sharedNames: NOTHING_SHARED,
      sharedAmounts: NOTHING_SHARED,
      conflict: false,
      actionMismatch: false,
      storyAgeMs,
      agePenalty: penalty,
    };
  }
  const titleDot = sideDot(side, dense, 'title', post.titleVector, story.titleSum);
  const titleCosine = linkCosine(titleDot, story.titleNorm, story.size, options);
  let gate: GateFailure | null = null;
  if (bothBodies) {
    const bodyDot = sideDot(side, dense, 'body', post.bodyVector, story.bodySum);
    const bodyCosine = linkCosine(bodyDot, story.bodyNorm, story.bodyMembers, options);
    if (bodyCosine < options.minBodyCosine) {
      gate = { check: 'text', value: bodyCosine, bar: options.minBodyCosine };
    }
  } else if (neitherBody && titleCosine < options.titleOnlyCosine) {
    gate = { check: 'title-only', value: titleCosine, bar: options.titleOnlyCosine };
  }
  if (gate === null && !bothBodies) {
    // A side without text is its title: it must share more than one word with the other side.
    const shared = neitherBody
      ? sharedIdCount(post.titleVector, story.titleSum)
      : post.hasBody
        ? sharedIdCount(post.fullVector, story.titleSum)
        : sharedIdCount(post.titleVector, story.fullSum);
    if (shared < options.minSharedTerms)
      gate = { check: 'terms', value: shared, bar: options.minSharedTerms };
  }

  const sharedNames: string[] = [];
  if (story.names.size > 0) {
    for (const [key, display] of post.names) if (story.names.has(key)) sharedNames.push(display);
  }
  const sharedAmounts: string[] = [];
  for (const amount of post.amounts) if (story.numbers.has(amount)) sharedAmounts.push(amount);
  const postHasAmounts = post.amounts.length > 0;
  const conflict =
    headlineAmountMissing(post.titleNumbers, story.numbers, story.amountCount > 0) ||
    headlineAmountMissing(story.titleNumbers.keys(), post.numbers, postHasAmounts);
  let sharedAction = false;
  for (const term of post.actionTerms) {
    if (story.actionTerms.has(term)) {
      sharedAction = true;
      break;
    }
  }
  const actionMismatch = sharedNames.length > 0 && post.actionTerms.size > 0 && !sharedAction;

  const cosine = neitherBody ? titleCosine : fullCosine;
  const score =
    cosine +
    options.nameBonus * Math.min(3, sharedNames.length) +
    (sharedAmounts.length > 0 ? options.amountBonus : 0) -
    (conflict ? options.amountConflictPenalty : 0) -
    (actionMismatch ? options.actionMismatchPenalty : 0) -
    penalty;
  return {
    score,
    eligible: gate === null,
    gate,
    cosine,
    basis: neitherBody ? 'title' : post.hasBody || story.bodyMembers > 0 ? 'title+text' : 'title',
    sharedNames,
    sharedAmounts,
    conflict,
    actionMismatch,
    storyAgeMs,
    agePenalty: penalty,
  };
}

const MAX_SHARED_LISTED = 4;

/** "title+text cosine 0.71; shared: OpenAI, $40bn" */
export function describeMatch(match: Match): string {
  const parts = [`${match.basis} cosine ${match.cosine.toFixed(2)}`];
  const shared = [...match.sharedNames.slice(0, MAX_SHARED_LISTED), ...match.sharedAmounts.slice(0, 2)];
  if (shared.length > 0) parts.push(`shared: ${shared.join(', ')}`);
  if (match.conflict) parts.push('headline amounts differ');
  if (match.actionMismatch) parts.push('no shared action in titles');
  if (match.agePenalty > 0) parts.push(describeAge(match));
  return parts.join('; ');
}

/** "story began 2.8 days before this post: −0.72" */
function describeAge(match: Match): string {
  const when = match.storyAgeMs >= 0 ? 'before' : 'after';
  return `story began ${days(match.storyAgeMs)} ${when} this post: −${match.agePenalty.toFixed(2)}`;
}

/** Why a match failed its gate, with what the story's age added to the bar. */
export function describeGateOf(match: Match): string {
  const gate = match.gate ? describeGate(match.gate) : 'no gate';
  return match.agePenalty > 0 ? `${gate}; ${describeAge(match)}` : gate;
}

/** "2.4 days" (of a gap either way). */
export function days(gapMs: number): string {
  return `${(Math.abs(gapMs) / DAY_MS).toFixed(1)} days`;
}
