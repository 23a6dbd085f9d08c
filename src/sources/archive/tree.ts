import type { Comment } from '../../model.js';

/**
 * Places archive comments in their thread while the file streams by, from the posts and comments
 * seen shortly before. Dumps are mostly in time order, so a comment's parent is usually a recent
 * row; this leaves the store's resolveCommentTree only the few that came before their parents,
 * instead of one database pass per tree level over every comment.
 *
 * Bounded: it remembers the last placed rows in generations of GENERATION_ROWS (or capacity / 2
 * when that is smaller): when the youngest is full a new one starts and, past `capacity`, the
 * oldest is dropped. So it holds at most `capacity` rows and at least all but the last generation's
 * worth, and memory stays constant whatever the file size. (A single Map used as a
 * FIFO is slow in V8: evicting its oldest key walks over the holes earlier deletions left.) It
 * fills exactly what resolveCommentTree would: a parent that is a post makes a top-level comment
 * (parentId null, depth 0), a placed parent comment gives its post and its depth + 1.
 *
 * Memory is shaped for V8: remembered rows outlive young-generation collections, so they are
 * promoted, and the faster an import promotes, the larger V8 lets the heap grow (up to 4× what is
 * live). Generations stay small enough for their tables to be ordinary young objects (a Map's
 * table over 128 KiB is allocated in the old generation, at every doubling), and rows at the same
 * depth of a post share one Placement.
 */
interface Placement {
  postId: string;
  depth: number;
}

/**
 * Rows per generation: a Map of 4,096 entries has a table just under 128 KiB. Lookups try the
 * generations from the youngest, where a parent usually is.
 */
export const GENERATION_ROWS = 4_096;

export class RecentTree {
  /** id → where it sits (depth -1 for a post); the youngest generation last. */
  private readonly generations: Array<Map<string, Placement>> = [new Map()];
  /** post id → Placement per depth + 1, for the youngest generation (see `placement`). */
  private shared = new Map<string, Placement[]>();
  private readonly generationRows: number;
  private readonly maxGenerations: number;

  /**
   * 50,000 rows cover days of Hacker News and the replies that come soon after their parents on
   * Reddit; 200,000 pushed a 1M-row import past 300 MB RSS (bench/import.bench.ts).
   */
  constructor(capacity = 50_000) {
    this.generationRows = Math.max(1, Math.min(GENERATION_ROWS, Math.ceil(capacity / 2)));
    this.maxGenerations = Math.max(2, Math.floor(capacity / this.generationRows));
  }

  addPost(id: string): void {
    this.remember(id, id, -1);
  }

  /** The comment with its post, parent and depth filled where a remembered parent tells them. */
  place(comment: Comment): Comment {
    let placed = comment;
    if (comment.parentId !== null && (comment.postId === null || comment.depth === null)) {
      const parent = this.find(comment.parentId);
      if (parent && (comment.postId === null || comment.postId === parent.postId)) {
        placed =
          parent.depth === -1
            ? { ...comment, postId: parent.postId, parentId: null, depth: 0 }
            : { ...comment, postId: parent.postId, depth: parent.depth + 1 };
      }
    }
    if (placed.postId !== null && placed.depth !== null)
      this.remember(placed.id, placed.postId, placed.depth);
    return placed;
  }

  private find(id: string): Placement | undefined {
    for (let i = this.generations.length - 1; i >= 0; i--) {
      const placement = this.generations[i]?.get(id);
      if (placement) return placement;
    }
    return undefined;
  }

  private remember(id: string, postId: string, depth: number): void {
    let youngest = this.generations[this.generations.length - 1] as Map<string, Placement>;
    if (youngest.size >= this.generationRows) {
      youngest = new Map();
      this.generations.push(youngest);
      if (this.generations.length > this.maxGenerations) this.generations.shift();
      this.shared = new Map();
    }
    youngest.set(id, this.placement(postId, depth));
  }

  /** The youngest generation's Placement for this post and depth, made once and shared by its rows. */
  private placement(postId: string, depth: number): Placement {
    let byDepth = this.shared.get(postId);
    if (!byDepth) {
      byDepth = [];
      this.shared.set(postId, byDepth);
    }
    // Index 0 holds the post itself (depth -1).
    let placement = byDepth[depth + 1];
    if (!placement) {
      placement = { postId, depth };
      byDepth[depth + 1] = placement;
    }
    return placement;
  }
}
