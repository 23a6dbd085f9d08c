import type { Comment } from '../../model.js';

/**
 * Places archive comments in their thread while the file streams by, from the posts and comments
 * seen shortly before. Dumps are mostly in time order, so a comment's parent is usually a recent
 * row; this leaves the store's resolveCommentTree only the few that came before their parents,
 * instead of one database pass per tree level over every comment.
 *
 * Bounded: it remembers between `capacity / 2` and `capacity` of the last placed rows, in two
 * generations (when the young one is full the old one is dropped), so memory stays constant
 * whatever the file size. (A single Map used as a FIFO is slow in V8: evicting its oldest key
 * walks over the holes earlier deletions left.) It fills exactly what resolveCommentTree would: a parent that
 * is a post makes a top-level comment (parentId null, depth 0), a placed parent comment gives its
 * post and its depth + 1.
 */
interface Placement {
  postId: string;
  depth: number;
}

export class RecentTree {
  /** id → where it sits: depth -1 for a post. */
  private young = new Map<string, Placement>();
  private old = new Map<string, Placement>();

  /**
   * 50,000 rows cover days of Hacker News and the replies that come soon after their parents on
   * Reddit; each remembered row costs ~300 bytes of heap, and 200,000 pushed a 1M-row import past
   * 300 MB RSS (bench/import.bench.ts).
   */
  constructor(private readonly capacity = 50_000) {}

  addPost(id: string): void {
    this.remember(id, id, -1);
  }

  /** The comment with its post, parent and depth filled where a remembered parent tells them. */
  place(comment: Comment): Comment {
    let placed = comment;
    if (comment.parentId !== null && (comment.postId === null || comment.depth === null)) {
      const parent = this.young.get(comment.parentId) ?? this.old.get(comment.parentId);
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

  private remember(id: string, postId: string, depth: number): void {
    if (this.young.size >= this.capacity / 2) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(id, { postId, depth });
  }
}
