import { sql } from 'kysely';
import { postSourceText, type SourceText } from '../extract/types.js';
import type { Comment } from '../model.js';
import type { CommentTotals } from '../perspectives/types.js';
import type { Db } from './store.js';

/**
 * The most comments a story's facts, stance, themes and quotes are read from. A thread of 40,000
 * comments took 57–129 s and 1.1–1.4 GB to brief when every comment was read
 * (bench/thread.bench.ts); the counts a briefing shows stay exact (`countStoryComments`).
 */
export const STORY_COMMENT_BUDGET = 1_000;

/** Post ids per query: far below both dialects' parameter limits. */
const ID_CHUNK = 400;

/** A comment as a story reads it (not deleted, so without the flag). */
export type StoryComment = Omit<Comment, 'deleted'>;

/**
 * The comments of a story's posts that it reads, at most `budget`: each post's best first (by
 * score, then top-level before replies, then earliest), taken in turns across the posts (every
 * post's best, then every post's second, …), so that one huge thread cannot crowd out the other
 * posts and communities. Deleted and empty comments are left out. Ordered by time, then id.
 */
export async function loadStoryComments(
  db: Db,
  postIds: readonly string[],
  budget = STORY_COMMENT_BUDGET,
): Promise<StoryComment[]> {
  const picked: Array<StoryComment & { turn: number }> = [];
  for (let i = 0; i < postIds.length; i += ID_CHUNK) {
    const ranked = db
      .selectFrom('comments')
      .select(['id', 'post_id', 'parent_id', 'author', 'text', 'score', 'published_at', 'depth'])
      .select(
        sql<number>`row_number() over (partition by post_id order by score desc nulls last, depth asc nulls last, published_at, id)`.as(
          'turn',
        ),
      )
      .where('post_id', 'in', postIds.slice(i, i + ID_CHUNK))
      .where('deleted', '=', 0)
      .where('text', '!=', '');
    // Each chunk's first `budget` in turn order hold every one of the story's first `budget` it has.
    const rows = await db
      .selectFrom(ranked.as('c'))
      .selectAll()
      .where('turn', '<=', budget)
      .orderBy('turn')
      .orderBy(sql`score desc nulls last`)
      .orderBy('published_at')
      .orderBy('id')
      .limit(budget)
      .execute();
    for (const row of rows) {
      picked.push({
        id: row.id,
        postId: row.post_id,
        parentId: row.parent_id,
        author: row.author,
        text: row.text,
        score: row.score,
        publishedAt: Number(row.published_at),
        depth: row.depth,
        turn: Number(row.turn),
      });
    }
  }
  const byTime = (a: StoryComment, b: StoryComment) =>
    a.publishedAt - b.publishedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (picked.length > budget) {
    picked.sort(
      (a, b) =>
        a.turn - b.turn ||
        (b.score ?? Number.NEGATIVE_INFINITY) - (a.score ?? Number.NEGATIVE_INFINITY) ||
        byTime(a, b),
    );
    picked.length = budget;
  }
  return picked.map(({ turn: _turn, ...comment }) => comment).sort(byTime);
}

/**
 * How many comments (not deleted, not empty) each community wrote on these posts, and their
 * distinct authors: every comment, not only the ones read (`loadStoryComments`).
 */
export async function countStoryComments(
  db: Db,
  postIds: readonly string[],
  communityOf: ReadonlyMap<string, string>,
): Promise<Map<string, CommentTotals>> {
  const totals = new Map<string, { comments: number; authors: Set<string> }>();
  for (let i = 0; i < postIds.length; i += ID_CHUNK) {
    const rows = await db
      .selectFrom('comments')
      .select(['post_id', 'author', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('post_id', 'in', postIds.slice(i, i + ID_CHUNK))
      .where('deleted', '=', 0)
      .where('text', '!=', '')
      .groupBy(['post_id', 'author'])
      .execute();
    for (const row of rows) {
      const community = communityOf.get(row.post_id ?? '') ?? '';
      let entry = totals.get(community);
      if (!entry) {
        entry = { comments: 0, authors: new Set() };
        totals.set(community, entry);
      }
      entry.comments += Number(row.n);
      if (row.author) entry.authors.add(row.author);
    }
  }
  return totals;
}

/** The id a linked document has as a source of facts and quotes. */
export function documentSourceId(dedupKey: string): string {
  return `doc:${dedupKey}`;
}

/** A post of a story as its sources are built from it (`storySourcesOf`). */
export interface StorySourcePost {
  id: string;
  community: string;
  publishedAt: number;
  author: string | null;
  title: string;
  text: string;
  dedupKey: string | null;
  deleted: boolean;
}

/**
 * Every text of a story, as facts and briefings quote them: its posts (title, blank line,
 * body), the comments it reads (`loadStoryComments`), and the linked documents. Deleted texts
 * are left out. Ordered by time, then id, so that hashes and extractions are stable.
 */
export async function loadStorySources(
  db: Db,
  storyId: string,
  /** The story's comments when the caller read them already (`loadStoryComments`). */
  comments?: readonly StoryComment[],
): Promise<SourceText[]> {
  const rows = await db
    .selectFrom('story_posts')
    .innerJoin('posts', 'posts.id', 'story_posts.post_id')
    .select([
      'posts.id',
      'posts.community',
      'posts.published_at',
      'posts.author',
      'posts.title',
      'posts.text',
      'posts.dedup_key',
      'posts.deleted',
    ])
    .where('story_posts.story_id', '=', storyId)
    .execute();
  const posts = rows.map((row) => ({
    id: row.id,
    community: row.community,
    publishedAt: Number(row.published_at),
    author: row.author,
    title: row.title,
    text: row.text,
    dedupKey: row.dedup_key,
    deleted: row.deleted === 1,
  }));
  return storySourcesOf(db, posts, comments);
}

/**
 * `loadStorySources` for posts the caller read already (a briefing reads its story's posts for
 * itself): the comments (unless given) and the linked documents are read here.
 */
export async function storySourcesOf(
  db: Db,
  posts: readonly StorySourcePost[],
  comments?: readonly StoryComment[],
): Promise<SourceText[]> {
  if (posts.length === 0) return [];
  const postIds = posts.map((p) => p.id);
  const communityOf = new Map(posts.map((p) => [p.id, p.community]));
  const sources: SourceText[] = [];
  for (const p of posts) {
    if (p.deleted) continue;
    sources.push({
      id: p.id,
      kind: 'post',
      community: p.community,
      publishedAt: p.publishedAt,
      author: p.author,
      text: postSourceText(p),
    });
  }
  for (const c of comments ?? (await loadStoryComments(db, postIds))) {
    sources.push({
      id: c.id,
      kind: 'comment',
      community: communityOf.get(c.postId ?? '') ?? '',
      publishedAt: c.publishedAt,
      author: c.author,
      text: c.text,
    });
  }
  const keys = [...new Set(posts.flatMap((p) => (p.dedupKey ? [p.dedupKey] : [])))];
  if (keys.length > 0) {
    const documents = await db
      .selectFrom('documents')
      .select(['dedup_key', 'site', 'url', 'text', 'byline', 'fetched_at'])
      .where('dedup_key', 'in', keys)
      .where('status', '=', 'ok')
      .execute();
    // The earliest post that shared each link (by time, then id), whatever order the posts came in.
    const firstPostOf = new Map<string, StorySourcePost>();
    for (const p of posts) {
      if (!p.dedupKey) continue;
      const first = firstPostOf.get(p.dedupKey);
      if (
        !first ||
        p.publishedAt < first.publishedAt ||
        (p.publishedAt === first.publishedAt && p.id < first.id)
      )
        firstPostOf.set(p.dedupKey, p);
    }
    for (const d of documents) {
      if (!d.text) continue;
      const post = firstPostOf.get(d.dedup_key);
      sources.push({
        id: documentSourceId(d.dedup_key),
        kind: 'document',
        // A linked article speaks for its site, not for the community that shared it.
        community: d.site ?? hostOf(d.url) ?? post?.community ?? '',
        publishedAt: post?.publishedAt ?? Number(d.fetched_at),
        author: d.byline,
        text: d.text,
      });
    }
  }
  return sources.sort((a, b) => a.publishedAt - b.publishedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}
