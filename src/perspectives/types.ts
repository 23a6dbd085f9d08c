/** Input and output of the perspectives stage: what each community makes of a story. */

export interface PerspectivePost {
  id: string;
  community: string;
  title: string;
  text: string;
  author: string | null;
  score: number | null;
  commentCount: number | null;
  url: string | null;
  publishedAt: number;
}

export interface PerspectiveComment {
  id: string;
  postId: string | null;
  parentId: string | null;
  community: string;
  author: string | null;
  text: string;
  score: number | null;
  publishedAt: number;
  depth: number | null;
}

/** A community's comments on a story, all of them: how many, and by whom. */
export interface CommentTotals {
  comments: number;
  authors: ReadonlySet<string>;
}

export interface PerspectivesInput {
  posts: readonly PerspectivePost[];
  /** The comments read for stance, themes and quotes (a story reads at most a budget of them). */
  comments: readonly PerspectiveComment[];
  /**
   * Per community, every comment, when `comments` holds only some: participation counts these.
   * Without it, participation counts `comments`.
   */
  totals?: ReadonlyMap<string, CommentTotals>;
  /** The story's key terms and entities ("Nordwind", "Baltic grid"); stance is read near them. */
  subject?: readonly string[];
}

export type Stance = 'positive' | 'negative' | 'mixed' | 'neutral';

/** The numbers behind a stance. Shares and the mean are weighted by comment score (see stance.ts). */
export interface StanceScores {
  /** Weighted mean VADER compound, −1 … +1. */
  mean: number;
  /** Weighted share of comments with compound ≥ 0.05 (VADER's positive threshold). */
  positiveShare: number;
  /** Weighted share of comments with compound ≤ −0.05. */
  negativeShare: number;
  /** Within-community polarisation, 0 … 1: 4 × positiveShare × negativeShare (1 = split in half). */
  polarisation: number;
  /** Comments (and post texts) scored. */
  n: number;
}

export interface Theme {
  /** As written most often ("power grid", "permits"). */
  term: string;
  /** Log-odds z-score against the other communities (higher = more this community's own). */
  score: number;
  /** Comments of this community that use it. */
  comments: number;
}

export interface RepresentativeComment {
  id: string;
  postId: string | null;
  author: string | null;
  /** Whole sentences of the comment, cleaned, about 300 characters at most. */
  quote: string;
  score: number | null;
}

export interface CommunityPerspective {
  community: string;
  participation: { posts: number; comments: number; authors: number };
  stance: Stance;
  stanceScores: StanceScores;
  /** Distinctive terms and phrases, most distinctive first. */
  themes: Theme[];
  /** The terms most of its comments use, distinctive or not, with the share of comments using them. */
  commonTerms: Array<{ term: string; share: number }>;
  representatives: RepresentativeComment[];
}

export interface CommunityPair {
  communities: [string, string];
  stances: [Stance, Stance];
  /** Difference of the mean compounds, first minus second. */
  difference: number;
  /** Terms both communities use widely. */
  sharedTerms: string[];
}

export interface CommunityComparison {
  /** Pairs with the same positive or negative stance, or whose means are within 0.15. */
  agreements: CommunityPair[];
  /** Pairs with opposite stances (positive against negative), or means 0.4 or more apart. */
  disagreements: CommunityPair[];
  /** Terms that two or more communities use widely, with who uses them. */
  sharedTerms: Array<{ term: string; communities: string[] }>;
  /**
   * 0 … 1: the mean of `between` (the spread of the communities' mean stances: their standard
   * deviation weighted by comments scored, which is at most 1 on the −1 … +1 scale) and `within`
   * (the communities' polarisation, weighted by comments scored). High when communities differ
   * from each other, when each is split inside, or both.
   */
  controversy: { score: number; between: number; within: number; level: 'low' | 'moderate' | 'high' };
}
