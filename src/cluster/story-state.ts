import { addInto, dot, norm, type SparseVector } from '../text/tfidf.js';
import { isAmount, type PostFeatures } from './features.js';

/** A story's running state: sums of its members' unit vectors and counts of their evidence. */
export interface StoryState {
  id: string;
  createdAt: number;
  lastActiveAt: number;
  size: number;
  firstPostId: string;
  titleSum: SparseVector;
  bodySum: SparseVector;
  fullSum: SparseVector;
  titleNorm: number;
  bodyNorm: number;
  fullNorm: number;
  /** Members with a body of their own. */
  bodyMembers: number;
  /** Lowercased name → { as written, how many members name it }. */
  names: Map<string, { display: string; count: number }>;
  numbers: Map<string, number>;
  amountCount: number;
  titleNumbers: Map<string, number>;
  actionTerms: Map<string, number>;
  dedupKeys: string[];
  /** Terms under which the inverted index lists this story. */
  indexedTerms: string[];
  /** Scratch of the candidate look-up: its number, and the overlap summed during it. */
  lookUp: number;
  overlap: number;
}

/**
 * A story of one post. It takes over the post's vectors as its sums instead of copying them (the
 * features are not used again once placed): most stories never get a second post, so this halves
 * the memory and the work for them.
 */
export function createStoryState(id: string, first: PostFeatures): StoryState {
  const story: StoryState = {
    id,
    createdAt: first.publishedAt,
    lastActiveAt: first.publishedAt,
    size: 1,
    firstPostId: first.id,
    titleSum: first.titleVector,
    bodySum: first.hasBody ? first.bodyVector : new Map(),
    fullSum: first.fullVector,
    titleNorm: norm(first.titleVector),
    bodyNorm: first.hasBody ? norm(first.bodyVector) : 0,
    fullNorm: norm(first.fullVector),
    bodyMembers: first.hasBody ? 1 : 0,
    names: new Map(),
    numbers: new Map(),
    amountCount: 0,
    titleNumbers: new Map(),
    actionTerms: new Map(),
    dedupKeys: [],
    indexedTerms: [],
    lookUp: 0,
    overlap: 0,
  };
  addEvidence(story, first);
  return story;
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Vectors of big stories keep their heaviest terms only, so memory stays bounded. */
const MAX_CENTROID_TERMS = 400;

function prune(vector: SparseVector): void {
  if (vector.size <= MAX_CENTROID_TERMS * 1.5) return;
  const entries = [...vector].sort((a, b) => b[1] - a[1]);
  vector.clear();
  for (const [term, value] of entries.slice(0, MAX_CENTROID_TERMS)) vector.set(term, value);
}

export function addMember(story: StoryState, post: PostFeatures): void {
  story.size++;
  story.lastActiveAt = Math.max(story.lastActiveAt, post.publishedAt);
  addInto(story.titleSum, post.titleVector);
  addInto(story.fullSum, post.fullVector);
  if (post.hasBody) {
    addInto(story.bodySum, post.bodyVector);
    story.bodyMembers++;
    prune(story.bodySum);
  }
  prune(story.fullSum);
  prune(story.titleSum);
  story.titleNorm = norm(story.titleSum);
  story.bodyNorm = norm(story.bodySum);
  story.fullNorm = norm(story.fullSum);
  addEvidence(story, post);
}

/** Names, numbers, action terms and links of a new member. */
function addEvidence(story: StoryState, post: PostFeatures): void {
  for (const [key, display] of post.names) {
    const entry = story.names.get(key);
    if (entry) entry.count++;
    else story.names.set(key, { display, count: 1 });
  }
  for (const number of post.numbers) {
    if (!story.numbers.has(number) && isAmount(number)) story.amountCount++;
    bump(story.numbers, number);
  }
  for (const number of post.titleNumbers) bump(story.titleNumbers, number);
  for (const term of post.actionTerms) bump(story.actionTerms, term);
  if (post.dedupKey) story.dedupKeys.push(post.dedupKey);
}

/** Folds `from` into `into` (`from` is dropped by the caller). */
export function absorbStory(into: StoryState, from: StoryState): void {
  into.size += from.size;
  into.createdAt = Math.min(into.createdAt, from.createdAt);
  into.lastActiveAt = Math.max(into.lastActiveAt, from.lastActiveAt);
  addInto(into.titleSum, from.titleSum);
  addInto(into.bodySum, from.bodySum);
  addInto(into.fullSum, from.fullSum);
  prune(into.titleSum);
  prune(into.bodySum);
  prune(into.fullSum);
  into.titleNorm = norm(into.titleSum);
  into.bodyNorm = norm(into.bodySum);
  into.fullNorm = norm(into.fullSum);
  into.bodyMembers += from.bodyMembers;
  for (const [key, entry] of from.names) {
    const mine = into.names.get(key);
    if (mine) mine.count += entry.count;
    else into.names.set(key, { ...entry });
  }
  for (const [number, count] of from.numbers) {
    if (!into.numbers.has(number) && isAmount(number)) into.amountCount++;
    bump(into.numbers, number, count);
  }
  for (const [number, count] of from.titleNumbers) bump(into.titleNumbers, number, count);
  for (const [term, count] of from.actionTerms) bump(into.actionTerms, term, count);
  into.dedupKeys.push(...from.dedupKeys);
}

/** Cosine of a unit vector with a story's (unnormalised) sum. */
export function cosineWithSum(unit: SparseVector, sum: SparseVector, sumNorm: number): number {
  return sumNorm === 0 ? 0 : dot(unit, sum) / sumNorm;
}

/** Cosine between two stories' sums. */
export function storyCosine(a: StoryState, b: StoryState): number {
  return a.fullNorm === 0 || b.fullNorm === 0 ? 0 : dot(a.fullSum, b.fullSum) / (a.fullNorm * b.fullNorm);
}
