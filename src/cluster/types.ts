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
 * A post with a link placed before, whose story may have gone quiet since: seen again within
 * `dedupWindowMs`, the link joins that story, whichever run of the clusterer placed it.
 */
export interface SeedLink {
  postId: string;
  storyId: string;
  dedupKey: string;
  publishedAt: number;
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
   * Continues from stories already stored (rebuilds their state; emits nothing), and from the
   * links of posts placed before in stories no longer active (`links`, optional).
   */
  seed(stories: StorySeed[], links?: readonly SeedLink[]): void;
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
