import {
  addPacked,
  dotPacked,
  EMPTY_VECTOR,
  normPacked,
  type PackedVector,
  prunePacked,
} from '../text/packed.js';
import { isAmount, type PostFeatures } from './features.js';

/** A story's running state: sums of its members' unit vectors and counts of their evidence. */
export interface StoryState {
  id: string;
  createdAt: number;
  lastActiveAt: number;
  size: number;
  firstPostId: string;
  titleSum: PackedVector;
  bodySum: PackedVector;
  fullSum: PackedVector;
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
  actionTerms: Map<number, number>;
  dedupKeys: string[];
  /**
   * Members that may still move to another story (placed within the settle time), with their
   * features; older members are dropped from here and are only in the sums. Empty while the
   * story has one post: the story's own state is that post (`soleMember`), and most stories
   * never get a second one, so they keep no copy.
   */
  recent: PostFeatures[];
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
    bodySum: first.hasBody ? first.bodyVector : EMPTY_VECTOR,
    fullSum: first.fullVector,
    titleNorm: normPacked(first.titleVector),
    bodyNorm: first.hasBody ? normPacked(first.bodyVector) : 0,
    fullNorm: normPacked(first.fullVector),
    bodyMembers: first.hasBody ? 1 : 0,
    names: new Map(),
    numbers: new Map(),
    amountCount: 0,
    titleNumbers: new Map(),
    actionTerms: new Map(),
    dedupKeys: [],
    recent: [],
  };
  addEvidence(story, first);
  return story;
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Vectors of big stories keep their heaviest terms only, so memory stays bounded. */
const MAX_CENTROID_TERMS = 400;

function add(sum: PackedVector, member: PackedVector): PackedVector {
  const added = addPacked(sum, member);
  // Pruned only well past the bound, so a big story is not re-sorted on every member.
  return added.ids.length > MAX_CENTROID_TERMS * 1.5 ? prunePacked(added, MAX_CENTROID_TERMS) : added;
}

/** The one post of a story of one, rebuilt from the story's state (its sums are that post's vectors). */
export function soleMember(story: StoryState): PostFeatures {
  return {
    id: story.firstPostId,
    publishedAt: story.createdAt,
    dedupKey: story.dedupKeys[0] ?? null,
    corpusTerms: NO_TERMS,
    titleVector: story.titleSum,
    bodyVector: story.bodySum,
    fullVector: story.fullSum,
    hasBody: story.bodyMembers > 0,
    names: new Map([...story.names].map(([key, entry]) => [key, entry.display])),
    titleNumbers: new Set(story.titleNumbers.keys()),
    numbers: new Set(story.numbers.keys()),
    amounts: [...story.numbers.keys()].filter(isAmount),
    actionTerms: new Set(story.actionTerms.keys()),
  };
}

const NO_TERMS = new Int32Array(0);

/** A story about to get a second post starts listing its first one among its recent members. */
function listSoleMember(story: StoryState): void {
  if (story.size === 1 && story.recent.length === 0) story.recent.push(soleMember(story));
}

export function addMember(story: StoryState, post: PostFeatures): void {
  listSoleMember(story);
  story.size++;
  story.lastActiveAt = Math.max(story.lastActiveAt, post.publishedAt);
  story.titleSum = add(story.titleSum, post.titleVector);
  story.fullSum = add(story.fullSum, post.fullVector);
  if (post.hasBody) {
    story.bodySum = add(story.bodySum, post.bodyVector);
    story.bodyMembers++;
  }
  story.titleNorm = normPacked(story.titleSum);
  story.bodyNorm = normPacked(story.bodySum);
  story.fullNorm = normPacked(story.fullSum);
  addEvidence(story, post);
  story.recent.push(post);
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
  listSoleMember(into);
  listSoleMember(from);
  into.size += from.size;
  into.createdAt = Math.min(into.createdAt, from.createdAt);
  into.lastActiveAt = Math.max(into.lastActiveAt, from.lastActiveAt);
  into.titleSum = add(into.titleSum, from.titleSum);
  into.bodySum = add(into.bodySum, from.bodySum);
  into.fullSum = add(into.fullSum, from.fullSum);
  into.titleNorm = normPacked(into.titleSum);
  into.bodyNorm = normPacked(into.bodySum);
  into.fullNorm = normPacked(into.fullSum);
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
  into.recent.push(...from.recent);
}

/** `sum` less `member`, counting only the terms `sum` still holds (big sums are pruned). */
function subtract(sum: PackedVector, member: PackedVector): PackedVector {
  const ids = new Int32Array(sum.ids.length);
  const weights = new Float32Array(sum.ids.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < sum.ids.length; i++) {
    const id = sum.ids[i] as number;
    while (j < member.ids.length && (member.ids[j] as number) < id) j++;
    let value = sum.weights[i] as number;
    if (j < member.ids.length && member.ids[j] === id) value -= member.weights[j] as number;
    // What is left of a term only this member had is float rounding, not weight.
    if (value <= 1e-6) continue;
    ids[n] = id;
    weights[n] = value;
    n++;
  }
  return { ids: ids.slice(0, n), weights: weights.slice(0, n) };
}

function drop<K>(map: Map<K, number>, key: K): void {
  const count = (map.get(key) ?? 0) - 1;
  if (count > 0) map.set(key, count);
  else map.delete(key);
}

/**
 * The story without one of its recent members, as a new state (the story itself is unchanged, so
 * the caller can score the member against "its story without it" and keep either). The story
 * keeps its id, creation time and activity.
 */
export function withoutMember(story: StoryState, post: PostFeatures): StoryState {
  const titleSum = subtract(story.titleSum, post.titleVector);
  const fullSum = subtract(story.fullSum, post.fullVector);
  const bodySum = post.hasBody ? subtract(story.bodySum, post.bodyVector) : story.bodySum;
  const names = new Map(story.names);
  for (const key of post.names.keys()) {
    const entry = names.get(key);
    if (!entry) continue;
    if (entry.count > 1) names.set(key, { display: entry.display, count: entry.count - 1 });
    else names.delete(key);
  }
  const numbers = new Map(story.numbers);
  let amountCount = story.amountCount;
  for (const number of post.numbers) {
    drop(numbers, number);
    if (!numbers.has(number) && story.numbers.has(number) && isAmount(number)) amountCount--;
  }
  const titleNumbers = new Map(story.titleNumbers);
  for (const number of post.titleNumbers) drop(titleNumbers, number);
  const actionTerms = new Map(story.actionTerms);
  for (const term of post.actionTerms) drop(actionTerms, term);
  const dedupKeys = [...story.dedupKeys];
  if (post.dedupKey) {
    const at = dedupKeys.indexOf(post.dedupKey);
    if (at >= 0) dedupKeys.splice(at, 1);
  }
  return {
    ...story,
    size: story.size - 1,
    titleSum,
    bodySum,
    fullSum,
    titleNorm: normPacked(titleSum),
    bodyNorm: normPacked(bodySum),
    fullNorm: normPacked(fullSum),
    bodyMembers: story.bodyMembers - (post.hasBody ? 1 : 0),
    names,
    numbers,
    amountCount,
    titleNumbers,
    actionTerms,
    dedupKeys,
    recent: story.recent.filter((member) => member !== post),
  };
}

/** Cosine between two stories' sums. */
export function storyCosine(a: StoryState, b: StoryState): number {
  return a.fullNorm === 0 || b.fullNorm === 0
    ? 0
    : dotPacked(a.fullSum, b.fullSum) / (a.fullNorm * b.fullNorm);
}

/** True when the two stories name someone in common or share an amount (money, percentage). */
export function sharesEvidence(a: StoryState, b: StoryState): boolean {
  const [fewNames, manyNames] = a.names.size <= b.names.size ? [a.names, b.names] : [b.names, a.names];
  for (const key of fewNames.keys()) if (manyNames.has(key)) return true;
  if (a.amountCount === 0 || b.amountCount === 0) return false;
  const [few, many] = a.numbers.size <= b.numbers.size ? [a.numbers, b.numbers] : [b.numbers, a.numbers];
  for (const number of few.keys()) if (many.has(number) && isAmount(number)) return true;
  return false;
}
