import {
  addPacked,
  dotPacked,
  EMPTY_VECTOR,
  normPacked,
  type PackedVector,
  prunePacked,
} from '../text/packed.js';
import { isAmount, type PostFeatures } from './features.js';

/** What scoring reads of a set of evidence: a story's counts, or the one post's own sets. */
export interface Lookup<K> {
  has(key: K): boolean;
  readonly size: number;
  keys(): IterableIterator<K>;
}

/** A story's evidence counted over its members (how many members name it, and so on). */
export interface EvidenceCounts {
  /** Lowercased name → { as written, how many members name it }. */
  names: Map<string, { display: string; count: number }>;
  numbers: Map<string, number>;
  titleNumbers: Map<string, number>;
  actionTerms: Map<number, number>;
}

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
  /** Lowercased names of the members (read only: `countsOf` changes them). */
  names: Lookup<string>;
  numbers: Lookup<string>;
  /** Distinct amounts (money, percentages) among `numbers`. */
  amountCount: number;
  titleNumbers: Lookup<string>;
  actionTerms: Lookup<number>;
  /**
   * The evidence counted, behind the lookups above; null while the story is the one post it was
   * created from, whose own sets are the lookups. Most stories never get a second post: they
   * count nothing and copy nothing.
   */
  counts: EvidenceCounts | null;
  /** The post a story of one was created from, while its evidence is that post's (`counts` null). */
  sole: PostFeatures | null;
  dedupKeys: string[];
  /**
   * Members that may still move to another story (placed within the settle time), with their
   * features; older members are dropped from here and are only in the sums. Empty while the
   * story has one post: the story's own state is that post (`soleMember`), and most stories
   * never get a second one, so they list nothing.
   */
  recent: PostFeatures[];
}

/**
 * A story of one post. It takes over the post's vectors as its sums and the post's evidence as
 * its own instead of copying them (the features are not changed once placed): most stories never
 * get a second post, so this halves the memory and the work for them.
 */
export function createStoryState(id: string, first: PostFeatures): StoryState {
  return {
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
    names: first.names,
    numbers: first.numbers,
    amountCount: first.amounts.length,
    titleNumbers: first.titleNumbers,
    actionTerms: first.actionTerms,
    counts: null,
    sole: first,
    dedupKeys: first.dedupKey ? [first.dedupKey] : [],
    recent: [],
  };
}

/** The story's evidence counts, counted from its one post first when it has none yet. */
function countsOf(story: StoryState): EvidenceCounts {
  if (story.counts) return story.counts;
  const post = story.sole as PostFeatures;
  const counts: EvidenceCounts = {
    names: new Map(),
    numbers: new Map(),
    titleNumbers: new Map(),
    actionTerms: new Map(),
  };
  countEvidence(counts, post);
  story.counts = counts;
  story.sole = null;
  story.names = counts.names;
  story.numbers = counts.numbers;
  story.titleNumbers = counts.titleNumbers;
  story.actionTerms = counts.actionTerms;
  return counts;
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

/** The one post of a story of one: the post it was created from, or one rebuilt from its state. */
export function soleMember(story: StoryState): PostFeatures {
  if (story.sole) return story.sole;
  const counts = countsOf(story);
  return {
    id: story.firstPostId,
    publishedAt: story.createdAt,
    dedupKey: story.dedupKeys[0] ?? null,
    titleVector: story.titleSum,
    bodyVector: story.bodySum,
    fullVector: story.fullSum,
    hasBody: story.bodyMembers > 0,
    names: new Map([...counts.names].map(([key, entry]) => [key, entry.display])),
    titleNumbers: new Set(counts.titleNumbers.keys()),
    numbers: new Set(counts.numbers.keys()),
    amounts: [...counts.numbers.keys()].filter(isAmount),
    actionTerms: new Set(counts.actionTerms.keys()),
  };
}

/** A story about to get a second post starts listing its first one among its recent members. */
function listSoleMember(story: StoryState): void {
  if (story.size === 1 && story.recent.length === 0) story.recent.push(soleMember(story));
}

export function addMember(story: StoryState, post: PostFeatures): void {
  listSoleMember(story);
  story.size++;
  // A post moved in may be older than the story's first (the age penalty counts from the earliest).
  story.createdAt = Math.min(story.createdAt, post.publishedAt);
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
  const counts = countsOf(story);
  story.amountCount += newAmounts(counts, post);
  countEvidence(counts, post);
  if (post.dedupKey) story.dedupKeys.push(post.dedupKey);
  story.recent.push(post);
}

/** How many of the post's amounts the counts do not hold yet. */
function newAmounts(counts: EvidenceCounts, post: PostFeatures): number {
  let added = 0;
  for (const amount of post.amounts) if (!counts.numbers.has(amount)) added++;
  return added;
}

/** Counts a member's names, numbers and action terms. */
function countEvidence(counts: EvidenceCounts, post: PostFeatures): void {
  for (const [key, display] of post.names) {
    const entry = counts.names.get(key);
    if (entry) entry.count++;
    else counts.names.set(key, { display, count: 1 });
  }
  for (const number of post.numbers) bump(counts.numbers, number);
  for (const number of post.titleNumbers) bump(counts.titleNumbers, number);
  for (const term of post.actionTerms) bump(counts.actionTerms, term);
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
  const mine = countsOf(into);
  const theirs = countsOf(from);
  for (const [key, entry] of theirs.names) {
    const named = mine.names.get(key);
    if (named) named.count += entry.count;
    else mine.names.set(key, { ...entry });
  }
  for (const [number, count] of theirs.numbers) {
    if (!mine.numbers.has(number) && isAmount(number)) into.amountCount++;
    bump(mine.numbers, number, count);
  }
  for (const [number, count] of theirs.titleNumbers) bump(mine.titleNumbers, number, count);
  for (const [term, count] of theirs.actionTerms) bump(mine.actionTerms, term, count);
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
 * keeps its id and activity; when the member was its earliest, it begins with the earliest of the
 * rest (all recent then: a settled member would be older), as a story rebuilt from its members does.
 */
export function withoutMember(story: StoryState, post: PostFeatures): StoryState {
  const titleSum = subtract(story.titleSum, post.titleVector);
  const fullSum = subtract(story.fullSum, post.fullVector);
  const bodySum = post.hasBody ? subtract(story.bodySum, post.bodyVector) : story.bodySum;
  const counted = countsOf(story);
  const names = new Map(counted.names);
  for (const key of post.names.keys()) {
    const entry = names.get(key);
    if (!entry) continue;
    if (entry.count > 1) names.set(key, { display: entry.display, count: entry.count - 1 });
    else names.delete(key);
  }
  const numbers = new Map(counted.numbers);
  let amountCount = story.amountCount;
  for (const number of post.numbers) {
    drop(numbers, number);
    if (!numbers.has(number) && counted.numbers.has(number) && isAmount(number)) amountCount--;
  }
  const titleNumbers = new Map(counted.titleNumbers);
  for (const number of post.titleNumbers) drop(titleNumbers, number);
  const actionTerms = new Map(counted.actionTerms);
  for (const term of post.actionTerms) drop(actionTerms, term);
  const dedupKeys = [...story.dedupKeys];
  if (post.dedupKey) {
    const at = dedupKeys.indexOf(post.dedupKey);
    if (at >= 0) dedupKeys.splice(at, 1);
  }
  let createdAt = story.createdAt;
  if (post.publishedAt <= createdAt) {
    createdAt = Number.POSITIVE_INFINITY;
    for (const member of story.recent)
      if (member !== post) createdAt = Math.min(createdAt, member.publishedAt);
    if (createdAt === Number.POSITIVE_INFINITY) createdAt = story.createdAt;
  }
  return {
    ...story,
    createdAt,
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
    counts: { names, numbers, titleNumbers, actionTerms },
    sole: null,
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
