import { postSourceText, type SourceText } from '../extract/types.js';
import type { Db } from './store.js';

/** The id a linked document has as a source of facts and quotes. */
export function documentSourceId(dedupKey: string): string {
  return `doc:${dedupKey}`;
}

/**
 * Every text of a story, as facts and briefings quote them: its posts (title, blank line,
 * body), their comments, and the linked documents. Deleted texts are left out. Ordered by
 * time, then id, so that hashes and extractions are stable.
 */
export async function loadStorySources(db: Db, storyId: string): Promise<SourceText[]> {
  const posts = await db
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
  if (posts.length === 0) return [];
  const postIds = posts.map((p) => p.id);
  const communityOf = new Map(posts.map((p) => [p.id, p.community]));
  const sources: SourceText[] = [];
  for (const p of posts) {
    if (p.deleted === 1) continue;
    sources.push({
      id: p.id,
      kind: 'post',
      community: p.community,
      publishedAt: Number(p.published_at),
      author: p.author,
      text: postSourceText(p),
    });
  }
  for (let i = 0; i < postIds.length; i += 400) {
    const comments = await db
      .selectFrom('comments')
      .select(['id', 'post_id', 'author', 'text', 'published_at'])
      .where('post_id', 'in', postIds.slice(i, i + 400))
      .where('deleted', '=', 0)
      .execute();
    for (const c of comments) {
      if (!c.text) continue;
      sources.push({
        id: c.id,
        kind: 'comment',
        community: communityOf.get(c.post_id ?? '') ?? '',
        publishedAt: Number(c.published_at),
        author: c.author,
        text: c.text,
      });
    }
  }
  const keys = [...new Set(posts.flatMap((p) => (p.dedup_key ? [p.dedup_key] : [])))];
  if (keys.length > 0) {
    const documents = await db
      .selectFrom('documents')
      .select(['dedup_key', 'site', 'url', 'text', 'byline', 'fetched_at'])
      .where('dedup_key', 'in', keys)
      .where('status', '=', 'ok')
      .execute();
    const firstPostOf = new Map<string, { community: string; publishedAt: number }>();
    for (const p of posts) {
      if (p.dedup_key && !firstPostOf.has(p.dedup_key)) {
        firstPostOf.set(p.dedup_key, { community: p.community, publishedAt: Number(p.published_at) });
      }
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
