/**
 * The clustering port: pure code that turns posts into stories, one post at a time.
 * The pipeline (src/pipeline/cluster.ts) loads what is needed from the store, feeds posts in
 * publication order, and writes the assignments and merges back.
 */

/** One post with everything known about it that may help tell which event it is about. */
export interface ClusterPost {
  id: string;
  community: string;
  publishedAt: number;
  title: string;
  /** The post's own body (self text, feed summary), plain text, may be empty. */
  text: string;
  /** Dedup key of the linked article; posts sharing one are the same story. */
  dedupKey: string | null;
  /** The linked article's extracted text and title, when fetched (optional input). */
  documentTitle?: string | null;
  documentText?: string | null;
  /** A sample of the post's comments (the highest-scored first), plain text, may be empty. */
  commentText?: string;
}

/** A story that exists already, with its members, to continue from. */
export interface StorySeed {
  id: string;
  members: ClusterPost[];
}

/**
 * A post placed before in a story that is not being continued (it went quiet): its text still
 * counts in the idf corpus, and its link still brings a later post to its story, for as long as
 * they would have in a clusterer that had been running all along.
 */
export interface PlacedPost {
  post: ClusterPost;
  storyId: string;
}

export interface Assignment {
  postId: string;
  storyId: string;
  /** True when the post started a new story. */
  created: boolean;
  /** Similarity to the story it joined (1 for a shared dedup key, 0 for a new story). */
  similarity: number;
  /** Why it joined: "same link as hn:123", "title+text cosine 0.62, shared entities: Microsoft, Japan" … */
  reason: string;
}

export interface Merge {
  /** The story absorbed; it points to `into` from now on. */
  from: string;
  into: string;
  similarity: number;
  reason: string;
}

/**
 * A post that changed story after it was placed: a later post showed it belongs with another
 * story better than with its own (see `settleMs` in cluster/index.ts). Its old story goes on.
 */
export interface Move {
  postId: string;
  from: string;
  to: string;
  /** Its similarity to the story it moved to. */
  similarity: number;
  reason: string;
}

export interface ClusterOptions {
  /** Only stories active within this window of a post's time are candidates (default 72 h). */
  windowMs: number;
}

/** Built by `createClusterer` in cluster/index.ts. */
export interface Clusterer {
  /**
   * Continues from what is stored, before the first `add`: rebuilds the state of `stories` (the
   * ones still active) and counts `history` (other posts placed within the idf and dedup
   * horizons) as a clusterer running all along would have; emits nothing. May be called several
   * times, each call's posts no older than the last call's.
   */
  seed(stories: StorySeed[], history?: readonly PlacedPost[]): void;
  /** Places one post, fed in publication order: joins a story or starts one. */
  add(post: ClusterPost): Assignment;
  /** Merges decided since the last call. */
  drainMerges(): Merge[];
  /**
   * Moves decided since the last call, in order. Applied before the merges drained with them,
   * they give the final membership: a merge takes every post its story holds by then.
   */
  drainMoves(): Move[];
}
