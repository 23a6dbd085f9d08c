import {
  createTermTable,
  dotPacked,
  type PackedVector,
  sharedIdCount,
  type TermTable,
  topPositions,
} from '../text/packed.js';
import { computeFeatures, documentTerms, type FeatureWeights, type PostFeatures } from './features.js';
import { createPostings } from './postings.js';
import { createRollingCorpus, type RollingCorpus } from './rolling-corpus.js';
import {
  agePenalty,
  createDensePost,
  days,
  defaultSimilarityOptions,
  describeGateOf,
  describeMatch,
  fullDot,
  loadDensePost,
  type Match,
  maxBonus,
  type SimilarityOptions,
  scoreMatch,
} from './similarity.js';
import {
  absorbStory,
  addMember,
  createStoryState,
  type StoryState,
  sharesEvidence,
  soleMember,
  storyCosine,
  withoutMember,
} from './story-state.js';
import type {
  Assignment,
  Clusterer,
  ClusterOptions,
  ClusterPost,
  Merge,
  Move,
  PlacedPost,
  StorySeed,
} from './types.js';

export { computeHeat, type HeatMember } from './heat.js';
export { pickRepresentative, pickTitle, type TitledMember } from './title.js';
export type * from './types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * roundup's clustering tunables; every one has a default, chosen on the development split (the
 * age penalty's two, `eventSpanMs` and `agePenaltyPerDay`, also with the articles' times spread:
 * see `defaultSimilarityOptions`).
 */
export interface ClustererTunables extends SimilarityOptions, FeatureWeights {
  /** Documents older than this leave the idf corpus (default 14 days). */
  idfHorizonMs: number;
  /** A link seen again within this time joins the same story, even after the story went quiet (default 14 days). */
  dedupWindowMs: number;
  /** The inverted index lists each story under its heaviest centroid terms (default 16). */
  indexTerms: number;
  /** A post looks stories up by its heaviest terms (default 16). */
  queryTerms: number;
  /**
   * At most this many candidates get a full similarity (default 8; 12 before: at 200,000 bench
   * posts the four more scored a third more candidates, and the stories they let posts join
   * cost precision, P 0.978 → 0.975; the NeuS development split is the same either way).
   */
  maxCandidates: number;
  /**
   * A candidate must share index terms carrying at least this much of the post's (unit) weight:
   * a story that shares one middling term is not worth a full comparison (default 0.3).
   */
  minCandidateOverlap: number;
  /** Terms listed under more than this many live stories are too common to look up (default 300). */
  maxPostingSize: number;
  /** A post scoring at least this with a second story bridges the two … */
  mergeThreshold: number;
  /** … when the two stories' centroids are at least this similar. */
  mergeStoryCosine: number;
  /** Two stories whose posts have at least this mean pairwise cosine become one (average link) … */
  consolidateThreshold: number;
  /**
   * … when they share a name or an amount; two stories sharing neither need this much. With many
   * stories live, chance overlaps of common words reach the lower bar often enough to merge
   * unrelated stories (default 0.5).
   */
  consolidateUnsharedThreshold: number;
  /** A consolidation compares a story with at most this many candidates per round (default 6). */
  consolidateCandidates: number;
  /**
   * A post placed less than this long ago may still move (default 24 h): when a later post makes
   * another story a better home for it than its own, by more than `moveMargin`, it moves there.
   * An early post of an event can land in a neighbouring story before the rest of its event
   * arrives; a day later its membership is settled and no longer revised.
   */
  settleMs: number;
  /** A move needs the new story to score this much above the post's own story without it. */
  moveMargin: number;
  /**
   * A post that scores this much more with one unsettled member of a story than with its best
   * story starts a story of its own, and that member moves over to it when it also fits the post
   * this much better than its own story (see `closerPartner`): the first post of an event that
   * joined a neighbouring event's story is taken back by the rest of its event.
   */
  pairMargin: number;
}

export const defaultTunables: ClustererTunables = {
  ...defaultSimilarityOptions,
  titleWeight: 1,
  commentWeight: 0.3,
  commentTerms: 20,
  minBodyTerms: 8,
  idfHorizonMs: 14 * DAY_MS,
  dedupWindowMs: 14 * DAY_MS,
  indexTerms: 16,
  queryTerms: 16,
  maxCandidates: 8,
  minCandidateOverlap: 0.3,
  maxPostingSize: 300,
  mergeThreshold: 0.5,
  mergeStoryCosine: 0.45,
  consolidateThreshold: 0.25,
  consolidateUnsharedThreshold: 0.5,
  consolidateCandidates: 6,
  settleMs: 24 * HOUR_MS,
  moveMargin: 0.02,
  pairMargin: 0.075,
};

export const DEFAULT_WINDOW_MS = 72 * HOUR_MS;

/** An unsettled post is listed under this many of its heaviest terms. */
const MEMBER_INDEX_TERMS = 8;

/** A clusterer whose idf statistics can be warmed with history before the first post. */
export interface WarmableClusterer extends Clusterer {
  /**
   * Counts these posts' texts in the idf corpus without placing them (as the texts published
   * before the first post would have been counted by a clusterer running all along). In time
   * order, before any `add`; they age out of the corpus like any other document.
   */
  warm(posts: Iterable<ClusterPost>): void;
}

export interface ClustererDeps {
  /** A new story's id (called once per story created, with its first post). */
  newStoryId(post: ClusterPost): string;
}

interface DedupEntry {
  storyId: string;
  postId: string;
  lastSeenAt: number;
}

/**
 * How close two stories are (`consolidationLink`): `cosine` is the mean cosine of their posts,
 * `link` that less `penalty` for how far apart they began.
 */
interface StoryLink {
  link: number;
  cosine: number;
  penalty: number;
}

/** An unsettled post that a new post takes out of its story (see `pairMargin`). */
interface Partner {
  member: PostFeatures;
  story: StoryState;
  /** `story` without `member`. */
  rest: StoryState;
  /** The new post's match with `member`. */
  match: Match;
  /** `member`'s score with `rest` (−∞ when it fails an evidence check). */
  ownScore: number;
}

/** A first-in, first-out queue of timed items (posts arrive in time order). */
class TimedQueue<T> {
  private items: Array<{ at: number; item: T }> = [];
  private head = 0;
  push(at: number, item: T): void {
    this.items.push({ at, item });
  }
  /** Removes the items older than `before`, oldest first, handing each to `use`. */
  drainBefore(before: number, use: (item: T) => void): void {
    while (this.head < this.items.length) {
      const entry = this.items[this.head] as { at: number; item: T };
      if (entry.at >= before) break;
      this.head++;
      use(entry.item);
    }
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * Single-pass story detection. Each post is compared with the stories active within `windowMs`
 * of its time: first by dedup key (the same link is the same story), then through an inverted
 * index over the heaviest tf-idf terms of story centroids, scored by `scoreMatch` (title+text
 * cosine, shared names and amounts, headline-amount conflicts, title action terms). The best
 * eligible story at or above `joinThreshold` wins; otherwise the post starts a story. When a post
 * also scores `mergeThreshold` with a second story whose centroid is close to the first, the
 * smaller (then younger) story is absorbed into the other and reported by `drainMerges`.
 */
export function createClusterer(
  options: Partial<ClusterOptions & ClustererTunables> = {},
  deps: ClustererDeps,
): WarmableClusterer {
  const tunables: ClustererTunables & ClusterOptions = {
    ...defaultTunables,
    windowMs: DEFAULT_WINDOW_MS,
    ...options,
  };
  const table: TermTable = createTermTable();
  const corpus: RollingCorpus = createRollingCorpus();
  const stories = new Map<string, StoryState>();
  const postings = createPostings<StoryState>();
  const dedup = new Map<string, DedupEntry>();
  const dedupQueue = new TimedQueue<string>();
  const aliases = new Map<string, string>();
  let merges: Merge[] = [];
  let moves: Move[] = [];
  /** The unsettled posts (placed within `settleMs`), listed under their heaviest terms, and their stories. */
  const recentPostings = createPostings<PostFeatures>();
  const homes = new Map<PostFeatures, StoryState>();
  /** The arriving post's vectors, spread out for scoring it against its candidates. */
  const densePost = createDensePost();
  let clock = Number.NEGATIVE_INFINITY;
  let lastSweepAt = Number.NEGATIVE_INFINITY;

  function resolveId(id: string): string {
    let current = id;
    for (let next = aliases.get(current); next !== undefined; next = aliases.get(current)) current = next;
    return current;
  }

  function index(story: StoryState): void {
    const sum = story.fullSum;
    const terms = topPositions(sum, tunables.indexTerms).map((p) => sum.ids[p] as number);
    postings.list(story, terms);
  }

  function unindex(story: StoryState): void {
    postings.unlist(story);
  }

  /** Reindexing costs a sort of the centroid; big stories change slowly, so they are reindexed less often. */
  function shouldReindex(story: StoryState): boolean {
    return story.size <= 8 || (story.size & (story.size - 1)) === 0;
  }

  /** A link seen last before the dedup window leaves the dedup table. */
  function forgetLink(key: string): void {
    const entry = dedup.get(key);
    if (entry && entry.lastSeenAt < clock - tunables.dedupWindowMs) dedup.delete(key);
  }

  function advanceClock(at: number): void {
    if (at > clock) clock = at;
    corpus.forgetBefore(clock - tunables.idfHorizonMs);
    dedupQueue.drainBefore(clock - tunables.dedupWindowMs, forgetLink);
    if (clock - lastSweepAt < tunables.windowMs / 12) return;
    lastSweepAt = clock;
    const horizon = clock - tunables.windowMs;
    const settled = clock - tunables.settleMs;
    for (const story of stories.values()) {
      if (story.lastActiveAt < horizon) {
        unindex(story);
        stories.delete(story.id);
        for (const member of story.recent) forget(member);
      } else if (hasPostBefore(story.recent, settled)) {
        const [keep, drop] = [[], []] as [PostFeatures[], PostFeatures[]];
        for (const member of story.recent) (member.publishedAt < settled ? drop : keep).push(member);
        for (const member of drop) forget(member);
        story.recent = keep;
      }
    }
  }

  function remember(features: PostFeatures, storyId: string): void {
    if (features.dedupKey) rememberLink(features.dedupKey, storyId, features.id, features.publishedAt);
  }

  /** A post with link `key` was placed in `storyId` at `at`: the link brings later posts there. */
  function rememberLink(key: string, storyId: string, postId: string, at: number): void {
    const entry = dedup.get(key);
    if (entry) {
      entry.lastSeenAt = at;
      entry.storyId = storyId;
    } else {
      dedup.set(key, { storyId, postId, lastSeenAt: at });
    }
    dedupQueue.push(at, key);
  }

  /** Lists an unsettled post under its heaviest terms, as a member of `story`. */
  function track(member: PostFeatures, story: StoryState): void {
    if (!homes.has(member)) {
      const ids = member.fullVector.ids;
      recentPostings.list(
        member,
        topPositions(member.fullVector, MEMBER_INDEX_TERMS).map((position) => ids[position] as number),
      );
    }
    homes.set(member, story);
  }

  function forget(member: PostFeatures): void {
    if (homes.delete(member)) recentPostings.unlist(member);
  }

  /** Unsettled posts of other stories that share heavy terms with `post`, most overlap first. */
  function recentNeighbours(
    post: PostFeatures,
    home: StoryState | null,
    positions: readonly number[],
  ): PostFeatures[] {
    const settled = post.publishedAt - tunables.settleMs;
    const vector = post.fullVector;
    const ranking = createRanking<PostFeatures>(tunables.maxCandidates, postRanksFirst);
    recentPostings.forEachOverlap(
      positions.map((p) => vector.ids[p] as number),
      positions.map((p) => vector.weights[p] as number),
      tunables.maxPostingSize,
      tunables.minCandidateOverlap,
      (member, overlap) => {
        // Visited by falling overlap: once the ranking is full and this one is below it, so is the rest.
        if (!ranking.mayTake(overlap)) return false;
        // Posts settled since the last sweep are still listed; they are passed over here.
        if (member !== post && member.publishedAt >= settled && homes.get(member) !== home)
          ranking.offer(member, overlap);
        return true;
      },
    );
    return ranking.items();
  }

  /** Moves `member` from `story` (which becomes `rest`, the story without it) to `home`. */
  function move(
    member: PostFeatures,
    story: StoryState,
    rest: StoryState,
    home: StoryState,
    match: Match,
    ownScore: number,
    arrival: PostFeatures,
  ): void {
    Object.assign(story, rest);
    if (shouldReindex(story)) index(story);
    join(home, member);
    if (member.dedupKey) {
      const entry = dedup.get(member.dedupKey);
      if (entry && resolveId(entry.storyId) === story.id) entry.storyId = home.id;
    }
    moves.push({
      postId: member.id,
      from: story.id,
      to: home.id,
      similarity: round(Math.min(1, Math.max(0, match.score))),
      reason: `moved from ${story.id} after ${arrival.id} ${home.firstPostId === arrival.id ? 'started this story' : 'joined'}: ${describeMatch(match)}, above ${Number.isFinite(ownScore) ? ownScore.toFixed(2) : 'a failed evidence check'} with its own story`,
    });
  }

  /**
   * An unsettled member of a story of two or more that `post` fits better than its best story by
   * `pairMargin`, and that fits `post` better than its own story (without it) by as much — unless
   * the rest of that story would take the two straight back (`consolidationLink`).
   */
  function closerPartner(post: PostFeatures, bestScore: number, query: readonly number[]): Partner | null {
    const bar = bestScore + tunables.pairMargin;
    for (const member of recentNeighbours(post, null, query)) {
      const story = homes.get(member);
      if (!story || story.size < 2 || stories.get(story.id) !== story || heldByLink(member, story)) continue;
      const pair = scoreMatch(post, createStoryState(member.id, member), tunables, bar, densePost);
      if (!pair.eligible || pair.score < bar) continue;
      const rest = withoutMember(story, member);
      const own = scoreMatch(member, rest, tunables);
      const ownScore = own.eligible ? own.score : Number.NEGATIVE_INFINITY;
      if (pair.score < ownScore + tunables.pairMargin) continue;
      // A pair that the rest of its story would take back at once is no reason to split it.
      const paired = createStoryState(post.id, post);
      addMember(paired, member);
      if (consolidationLink(paired, rest) !== null) continue;
      return { member, story, rest, match: pair, ownScore };
    }
    return null;
  }

  function join(story: StoryState, features: PostFeatures): void {
    addMember(story, features);
    // The story's first post is listed once it has company (see `StoryState.recent`).
    for (const member of story.size === 2 ? story.recent : [features]) track(member, story);
    if (shouldReindex(story)) index(story);
  }

  function candidates(features: PostFeatures, query: readonly number[]): StoryState[] {
    return lookUp(features.fullVector, 1, features.publishedAt, null, query);
  }

  /** Stories listed under the heaviest terms of `vector` (whose length is `length`), best overlap first. */
  function lookUp(
    vector: PackedVector,
    length: number,
    at: number,
    except: StoryState | null,
    positions: readonly number[] = topPositions(vector, tunables.queryTerms),
  ): StoryState[] {
    const horizon = at - tunables.windowMs;
    const terms = positions.map((p) => vector.ids[p] as number);
    const weights = positions.map((p) => (vector.weights[p] as number) / length);
    // A term listed under very many stories carries little idf and costs the most to scan.
    // Stories gone quiet stay listed until the next sweep; they are dropped here.
    const ranking = createRanking<StoryState>(tunables.maxCandidates, storyRanksFirst);
    postings.forEachOverlap(
      terms,
      weights,
      tunables.maxPostingSize,
      tunables.minCandidateOverlap,
      (story, overlap) => {
        // Visited by falling overlap: once the ranking is full and this one is below it, so is the rest.
        if (!ranking.mayTake(overlap)) return false;
        if (story !== except && story.lastActiveAt >= horizon) ranking.offer(story, overlap);
        return true;
      },
    );
    return ranking.items();
  }

  function merge(survivor: StoryState, absorbed: StoryState, similarity: number, reason: string): void {
    unindex(absorbed);
    stories.delete(absorbed.id);
    absorbStory(survivor, absorbed);
    for (const member of survivor.recent) track(member, survivor);
    for (const key of absorbed.dedupKeys) {
      const entry = dedup.get(key);
      if (entry && entry.storyId === absorbed.id) entry.storyId = survivor.id;
    }
    aliases.set(absorbed.id, survivor.id);
    index(survivor);
    merges.push({ from: absorbed.id, into: survivor.id, similarity, reason });
  }

  /**
   * The average link of two stories when it is enough to make them one, else null. The evidence
   * checks a post must pass to join apply to stories alike: texts on both sides must be close
   * (`minBodyCosine`); two stories of titles alone need `titleOnlyCosine`; a side of titles alone
   * must share `minSharedTerms` terms with the other. Two stories that began more than a day apart
   * need more, as a post does (`agePenalty`): `link` is the mean cosine less that penalty.
   */
  function consolidationLink(a: StoryState, b: StoryState): StoryLink | null {
    const cosine = storyLink(a, b);
    const penalty = agePenalty(a.createdAt - b.createdAt, tunables);
    const found = { link: cosine - penalty, cosine, penalty };
    if (found.link < tunables.consolidateThreshold) return null;
    if (found.link < tunables.consolidateUnsharedThreshold && !sharesEvidence(a, b)) return null;
    const [aText, bText] = [a.bodyMembers > 0, b.bodyMembers > 0];
    if (aText && bText) {
      const bodyLink = dotPacked(a.bodySum, b.bodySum) / (a.bodyMembers * b.bodyMembers);
      return bodyLink < tunables.minBodyCosine ? null : found;
    }
    if (!aText && !bText && cosine < tunables.titleOnlyCosine) return null;
    const shared = aText
      ? sharedIdCount(a.fullSum, b.titleSum)
      : bText
        ? sharedIdCount(a.titleSum, b.fullSum)
        : sharedIdCount(a.titleSum, b.titleSum);
    return shared < tunables.minSharedTerms ? null : found;
  }

  /**
   * After a story grew, folds in the stories now as close to it as a post must be to join: the
   * mean cosine over every cross pair of members (average link) reaches `consolidateThreshold`,
   * and their texts pass the same body check. Repeats while something merges, so the result does
   * not depend on which of two halves of an event came first.
   */
  function consolidate(grown: StoryState, at: number): { story: StoryState; reasons: string[] } {
    const reasons: string[] = [];
    let story = grown;
    for (let round = 0; round < 8; round++) {
      let best: (StoryLink & { other: StoryState }) | undefined;
      for (const other of lookUp(story.fullSum, story.fullNorm, at, story).slice(
        0,
        tunables.consolidateCandidates,
      )) {
        const found = consolidationLink(story, other);
        if (found !== null && (!best || found.link > best.link)) best = { ...found, other };
      }
      if (!best) break;
      const [survivor, absorbed] = ranksAbove(story, best.other) ? [story, best.other] : [best.other, story];
      const gap = survivor.createdAt - absorbed.createdAt;
      const cosine = `mean cosine of their posts ${best.cosine.toFixed(2)}`;
      const reason = `merged ${absorbed.id} into ${survivor.id} (${best.penalty > 0 ? `${cosine} less ${best.penalty.toFixed(2)}: they began ${days(gap)} apart` : cosine})`;
      merge(survivor, absorbed, best.link, reason);
      reasons.push(reason);
      story = survivor;
    }
    return { story, reasons };
  }

  /** True when another member of the story shares the post's link: the link holds it there. */
  function heldByLink(member: PostFeatures, story: StoryState): boolean {
    if (!member.dedupKey) return false;
    let count = 0;
    for (const key of story.dedupKeys) if (key === member.dedupKey && ++count > 1) return true;
    return false;
  }

  /**
   * After `arrival` joined `target`, unsettled posts of other stories that resemble it may belong
   * with `target` better than with their own: each moves when it scores at least
   * `joinThreshold` with `target` and more than `moveMargin` above its own story without it. A
   * story of one post that would join `target` is merged with it. Repeats while something moved.
   * The posts looked at: unsettled members of bigger stories that share heavy terms with
   * `arrival`, and the stories of one among `arrival`'s candidates. Returns the story `target`
   * is (or was merged into).
   */
  function settle(
    target: StoryState,
    arrival: PostFeatures,
    candidateStories: readonly StoryState[],
    query: readonly number[],
  ): StoryState {
    let home = target;
    const settledAt = arrival.publishedAt - tunables.settleMs;
    const members = recentNeighbours(arrival, home, query);
    const singles = candidateStories.filter(
      (story) => story.size === 1 && story !== home && story.createdAt >= settledAt,
    );
    for (let pass = 0; pass < 3; pass++) {
      let moved = false;
      for (const single of singles) {
        if (single === home || single.size !== 1 || stories.get(single.id) !== single) continue;
        // Its sums are its one post's unit vectors: the average link with `home` bounds its score.
        const bothTitleOnly = single.bodyMembers === 0 && home.bodyMembers === 0;
        const member = soleMember(single);
        const dot = fullDot(member, home, densePost);
        if (!bothTitleOnly && dot / home.size + maxBonus(tunables) < tunables.joinThreshold) continue;
        const match = scoreMatch(member, home, tunables, tunables.joinThreshold, densePost);
        if (!match.eligible || match.score < tunables.joinThreshold) continue;
        const [survivor, absorbed] = ranksAbove(single, home) ? [single, home] : [home, single];
        merge(
          survivor,
          absorbed,
          match.score,
          `merged ${absorbed.id} into ${survivor.id} after ${arrival.id}: ${member.id} scores ${match.score.toFixed(2)} with it (${describeMatch(match)})`,
        );
        home = survivor;
        moved = true;
      }
      for (const member of members) {
        const story = homes.get(member);
        if (
          !story ||
          story === home ||
          story.size < 2 ||
          stories.get(story.id) !== story ||
          heldByLink(member, story)
        )
          continue;
        const match = scoreMatch(member, home, tunables, tunables.joinThreshold, densePost);
        if (!match.eligible || match.score < tunables.joinThreshold) continue;
        const rest = withoutMember(story, member);
        const own = scoreMatch(member, rest, tunables);
        const ownScore = own.eligible ? own.score : Number.NEGATIVE_INFINITY;
        if (match.score <= ownScore + tunables.moveMargin) continue;
        move(member, story, rest, home, match, ownScore, arrival);
        moved = true;
      }
      if (!moved) break;
    }
    return home;
  }

  function place(post: ClusterPost): Assignment {
    advanceClock(post.publishedAt);
    const features = computeFeatures(post, corpus, table, tunables);

    if (features.dedupKey) {
      const entry = dedup.get(features.dedupKey);
      if (entry) {
        const storyId = resolveId(entry.storyId);
        let story = stories.get(storyId);
        if (story) join(story, features);
        else {
          // The story went quiet and left the window; the same link brings it back under its id.
          story = createStoryState(storyId, features);
          stories.set(storyId, story);
          index(story);
        }
        remember(features, storyId);
        return {
          postId: post.id,
          storyId,
          created: false,
          similarity: 1,
          reason: `same link as ${entry.postId}`,
        };
      }
    }

    const scored: Array<{ story: StoryState; match: Match }> = [];
    let gated: { story: StoryState; match: Match } | undefined;
    // The post's heaviest terms: it looks up stories, and unsettled posts, by these.
    const query = topPositions(features.fullVector, tunables.queryTerms);
    const neighbours = candidates(features, query);
    if (neighbours.length > 0) loadDensePost(densePost, features);
    for (const story of neighbours) {
      const match = scoreMatch(features, story, tunables, tunables.joinThreshold, densePost);
      if (match.eligible) scored.push({ story, match });
      else if (!gated || match.cosine > gated.match.cosine) gated = { story, match };
    }
    scored.sort(
      (a, b) =>
        b.match.score - a.match.score ||
        a.story.createdAt - b.story.createdAt ||
        (a.story.id < b.story.id ? -1 : 1),
    );
    const best = scored[0];
    const partner =
      best && best.match.score >= tunables.joinThreshold
        ? closerPartner(features, best.match.score, query)
        : null;
    if (!best || best.match.score < tunables.joinThreshold || partner) {
      const id = deps.newStoryId(post);
      const story = createStoryState(id, features);
      stories.set(id, story);
      index(story);
      if (partner) {
        move(partner.member, partner.story, partner.rest, story, partner.match, partner.ownScore, features);
      }
      const home = settle(story, features, neighbours, query);
      remember(features, home.id);
      const reason =
        partner && best
          ? `new story: ${partner.member.id} scores ${partner.match.score.toFixed(2)} with it, more than its best story ${best.story.id} does (${best.match.score.toFixed(2)}), and moves over`
          : best
            ? `new story: best match ${best.match.score.toFixed(2)} with ${best.story.id} (${describeMatch(best.match)}) is below ${tunables.joinThreshold}`
            : gated
              ? `new story: closest story ${gated.story.id} fails the evidence check (${describeGateOf(gated.match)})`
              : 'new story: no similar story in the window';
      return { postId: post.id, storyId: id, created: true, similarity: 0, reason };
    }

    join(best.story, features);
    let storyId = best.story.id;
    let reason = describeMatch(best.match);
    const second = scored[1];
    if (second && second.match.score >= tunables.mergeThreshold) {
      const storiesCosine = storyCosine(best.story, second.story);
      if (storiesCosine >= tunables.mergeStoryCosine) {
        const [survivor, absorbed] = ranksAbove(best.story, second.story)
          ? [best.story, second.story]
          : [second.story, best.story];
        merge(
          survivor,
          absorbed,
          storiesCosine,
          `bridged by ${post.id} (${second.match.score.toFixed(2)} and ${best.match.score.toFixed(2)}); stories cosine ${storiesCosine.toFixed(2)}`,
        );
        storyId = survivor.id;
        reason = `${reason}; merged ${absorbed.id} into ${survivor.id}`;
      }
    }
    const consolidated = consolidate(stories.get(storyId) ?? best.story, post.publishedAt);
    if (consolidated.reasons.length > 0) {
      storyId = consolidated.story.id;
      reason = `${reason}; ${consolidated.reasons.join('; ')}`;
    }
    const home = stories.get(storyId);
    if (home) storyId = settle(home, features, neighbours, query).id;
    remember(features, storyId);
    return {
      postId: post.id,
      storyId,
      created: false,
      similarity: round(Math.min(1, Math.max(0, best.match.score))),
      reason,
    };
  }

  return {
    seed(seeds: StorySeed[], history: readonly PlacedPost[] = []) {
      const items: Array<{ post: ClusterPost; storyId: string; active: boolean }> = [];
      for (const seed of seeds)
        for (const post of seed.members) items.push({ post, storyId: seed.id, active: true });
      for (const { post, storyId } of history) items.push({ post, storyId, active: false });
      items.sort((a, b) => a.post.publishedAt - b.post.publishedAt || (a.post.id < b.post.id ? -1 : 1));
      for (const { post, storyId, active } of items) {
        advanceClock(post.publishedAt);
        if (!active) {
          corpus.addDocument(documentTerms(post, table), post.publishedAt);
          if (post.dedupKey) rememberLink(post.dedupKey, storyId, post.id, post.publishedAt);
          continue;
        }
        const features = computeFeatures(post, corpus, table, tunables);
        const story = stories.get(storyId);
        if (story) join(story, features);
        else {
          const created = createStoryState(storyId, features);
          stories.set(storyId, created);
          index(created);
        }
        remember(features, storyId);
      }
    },
    warm(posts: Iterable<ClusterPost>) {
      for (const post of posts) {
        advanceClock(post.publishedAt);
        corpus.addDocument(documentTerms(post, table), post.publishedAt);
      }
    },
    add: place,
    drainMerges() {
      const drained = merges;
      merges = [];
      return drained;
    },
    drainMoves() {
      const drained = moves;
      moves = [];
      return drained;
    },
  };
}

/** Whether any of `posts` was published before `at` (a loop: asked of every live story at every sweep). */
function hasPostBefore(posts: readonly PostFeatures[], at: number): boolean {
  for (let i = 0; i < posts.length; i++) if ((posts[i] as PostFeatures).publishedAt < at) return true;
  return false;
}

/** Average link: the mean cosine between the members of one story and those of the other. */
function storyLink(a: StoryState, b: StoryState): number {
  return dotPacked(a.fullSum, b.fullSum) / (a.size * b.size);
}

/** The survivor of a merge: the bigger story, then the older, then the smaller id. */
function ranksAbove(a: StoryState, b: StoryState): boolean {
  if (a.size !== b.size) return a.size > b.size;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt;
  return a.id < b.id;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * The best `limit` items offered, by score (higher first) and then by `before`. Keeps only those
 * (an insertion into a short sorted list) instead of sorting every item offered: a look-up offers
 * a few dozen stories and keeps eight. Given a strict order, the result is the sorted list's head.
 */
interface Ranking<T> {
  offer(item: T, score: number): void;
  /** False when an item of this score could not get in (the ranking is full of higher scores). */
  mayTake(score: number): boolean;
  /** The items kept, best first. */
  items(): T[];
}

function createRanking<T>(limit: number, before: (a: T, b: T) => boolean): Ranking<T> {
  const kept: Array<{ item: T; score: number }> = [];
  const ahead = (item: T, score: number, other: { item: T; score: number }) =>
    score > other.score || (score === other.score && before(item, other.item));
  return {
    offer(item, score) {
      if (limit <= 0) return;
      if (kept.length === limit && !ahead(item, score, kept[limit - 1] as { item: T; score: number })) return;
      if (kept.length === limit) kept.pop();
      let at = kept.length;
      while (at > 0 && ahead(item, score, kept[at - 1] as { item: T; score: number })) at--;
      kept.splice(at, 0, { item, score });
    },
    mayTake(score) {
      return kept.length < limit || score >= (kept[limit - 1] as { item: T; score: number }).score;
    },
    items() {
      return kept.map(({ item }) => item);
    },
  };
}

/** Between stories of equal overlap: the older, then the smaller id. */
function storyRanksFirst(a: StoryState, b: StoryState): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}

/** Between unsettled posts of equal overlap: the earlier, then the smaller id. */
function postRanksFirst(a: PostFeatures, b: PostFeatures): boolean {
  return a.publishedAt < b.publishedAt || (a.publishedAt === b.publishedAt && a.id < b.id);
}
