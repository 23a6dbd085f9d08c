import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';
import type { Db, Dialect } from './store.js';

/**
 * Full-text search over stories, their posts and their facts. The rows live in `search_docs`;
 * SQLite indexes them with FTS5 (triggers keep `search_fts` in step), PostgreSQL with a generated
 * tsvector column. A story's rows are rebuilt as a whole when what they are made of changes
 * (`indexStory`), and `syncSearchIndex` finds such stories by their `search_pending` flag.
 */

export type SearchKind = 'story' | 'post' | 'fact';

export interface SearchHit {
  kind: SearchKind;
  /** The story, post or fact id. */
  refId: string;
  storyId: string;
  title: string;
  /** A piece of the text around the matches; matched terms are between SNIPPET_START and SNIPPET_END. */
  snippet: string;
  at: number;
}

/** Private-use characters that bracket matched terms in snippets; stripped from indexed text. */
export const SNIPPET_START = '\uE000';
export const SNIPPET_END = '\uE001';

const MAX_TERMS = 12;
const MAX_TERM_CHARS = 64;
/** A long post is indexed by its beginning: enough to be found, bounded for the index. */
const MAX_BODY_CHARS = 20_000;
const CHUNK = 200;

/** The words of a query: letters and digits only, so no query syntax ever reaches the engine. */
export function parseSearchTerms(query: string): string[] {
  const words =
    query
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms: string[] = [];
  for (const word of words) {
    const term = word.slice(0, MAX_TERM_CHARS);
    if (!terms.includes(term)) terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

function clean(text: string, max = MAX_BODY_CHARS): string {
  return text.replace(/[\uE000\uE001]/g, '').slice(0, max);
}

interface DocRow {
  key: string;
  kind: SearchKind;
  story_id: string;
  ref_id: string;
  title: string;
  body: string;
  at: number;
}

/** Text of a stored briefing worth finding: its headline and the sentences of its sections. */
function briefingText(body: string): { headline: string; text: string } | null {
  try {
    const parsed = JSON.parse(body) as {
      headline?: unknown;
      sections?: Array<{ sentences?: Array<{ text?: unknown }> }>;
    };
    const sentences = (parsed.sections ?? []).flatMap((s) =>
      (s.sentences ?? []).flatMap((x) => (typeof x.text === 'string' ? [x.text] : [])),
    );
    return {
      headline: typeof parsed.headline === 'string' ? parsed.headline : '',
      text: sentences.join(' '),
    };
  } catch {
    // A body that is not JSON is indexed by its headline only (from the story row); say nothing more.
    return null;
  }
}

async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return (db as Kysely<Database>).transaction().execute(work);
}

/**
 * Rebuilds a story's search rows: the story (title, briefing headline and prose), each live
 * post (title, text) and each fact. A story that is gone or merged away loses its rows (the
 * survivor's own rows carry the posts now).
 */
export async function indexStory(db: Db, storyId: string, now: number): Promise<'indexed' | 'removed'> {
  return inTransaction(db, async (trx) => {
    const story = await trx.selectFrom('stories').selectAll().where('id', '=', storyId).executeTakeFirst();
    await trx.deleteFrom('search_docs').where('story_id', '=', storyId).execute();
    if (!story || story.merged_into) {
      await trx.deleteFrom('search_stories').where('story_id', '=', storyId).execute();
      return 'removed';
    }
    const briefing = await trx
      .selectFrom('briefings')
      .select(['version', 'body'])
      .where('story_id', '=', storyId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const posts = await trx
      .selectFrom('story_posts')
      .innerJoin('posts', 'posts.id', 'story_posts.post_id')
      .select([
        'posts.id',
        'posts.title',
        'posts.text',
        'posts.community',
        'posts.author',
        'posts.published_at',
      ])
      .where('story_posts.story_id', '=', storyId)
      .where('posts.deleted', '=', 0)
      .execute();
    const facts = await trx
      .selectFrom('facts')
      .select(['id', 'kind', 'text', 'speaker', 'first_reported_at'])
      .where('story_id', '=', storyId)
      .execute();
    const brief = briefing ? briefingText(briefing.body) : null;
    const rows: DocRow[] = [
      {
        key: `story:${storyId}`,
        kind: 'story',
        story_id: storyId,
        ref_id: storyId,
        title: clean(brief?.headline || story.title, 1_000),
        body: clean([story.title, brief?.text ?? ''].join('\n')),
        at: Number(story.last_seen),
      },
      ...posts.map(
        (p): DocRow => ({
          key: `post:${p.id}`,
          kind: 'post',
          story_id: storyId,
          ref_id: p.id,
          title: clean(p.title, 1_000),
          body: clean([p.text, p.community, p.author ?? ''].join('\n')),
          at: Number(p.published_at),
        }),
      ),
      ...facts.map(
        (f): DocRow => ({
          key: `fact:${f.id}`,
          kind: 'fact',
          story_id: storyId,
          ref_id: f.id,
          title: clean(f.text, 1_000),
          body: clean([f.kind, f.speaker ?? ''].join('\n')),
          at: Number(f.first_reported_at),
        }),
      ),
    ];
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto('search_docs')
        .values(rows.slice(i, i + CHUNK))
        // A post that moved between stories may still have a row under its old story.
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            story_id: sql`excluded.story_id`,
            title: sql`excluded.title`,
            body: sql`excluded.body`,
            at: sql`excluded.at`,
          }),
        )
        .execute();
    }
    const state = {
      title: story.title,
      post_count: story.post_count,
      extract_hash: story.extract_hash,
      briefing_version: briefing?.version ?? 0,
      indexed_at: now,
    };
    await trx
      .insertInto('search_stories')
      .values({ story_id: storyId, ...state })
      .onConflict((oc) => oc.column('story_id').doUpdateSet(state))
      .execute();
    return 'indexed';
  });
}

/**
 * Brings the index up to date: every story whose search rows lag behind it (`search_pending`,
 * set by whatever changes its title, post count, facts or briefing, and by a merge) is indexed
 * again, or loses its rows when it was merged away. Each is cleared in the transaction that
 * indexes it, before it is read: a change that lands meanwhile sets it again for the next sync.
 * Cheap when nothing changed: a look-up in the partial index of pending stories.
 */
export async function syncSearchIndex(
  db: Db,
  now: number,
  options: { limit?: number } = {},
): Promise<{ indexed: number; removed: number }> {
  const pending = await db
    .selectFrom('stories')
    .select('id')
    // A literal, so that a plan made for any value can still use stories_search_pending.
    .where('search_pending', '=', sql.lit(1))
    .orderBy('id')
    .limit(options.limit ?? 1_000_000)
    .execute();
  let indexed = 0;
  let removed = 0;
  for (const { id } of pending) {
    const outcome = await inTransaction(db, async (trx) => {
      await trx.updateTable('stories').set({ search_pending: 0 }).where('id', '=', id).execute();
      return indexStory(trx, id, now);
    });
    if (outcome === 'indexed') indexed++;
    else removed++;
  }
  return { indexed, removed };
}

/**
 * Searches the index. Terms are ANDed; ranking is BM25 on SQLite (the title weighs 4× the
 * body) and ts_rank_cd on PostgreSQL (title weight A), newest first among equals.
 */
export async function searchDocs(
  db: Db,
  dialect: Dialect,
  query: string,
  options: { limit?: number; offset?: number; kinds?: readonly SearchKind[] } = {},
): Promise<{ terms: string[]; hits: SearchHit[]; hasMore: boolean }> {
  const terms = parseSearchTerms(query);
  if (terms.length === 0) return { terms, hits: [], hasMore: false };
  const limit = options.limit ?? 20;
  const offset = options.offset ?? 0;
  const kinds = options.kinds && options.kinds.length > 0 ? [...options.kinds] : null;
  const kindFilter = kinds ? sql`AND d.kind IN (${sql.join(kinds)})` : sql``;
  type Row = {
    kind: string;
    ref_id: string;
    story_id: string;
    title: string;
    snippet: string | null;
    at: number | string;
  };
  let rows: Row[];
  if (dialect === 'postgres') {
    const options = `StartSel=${SNIPPET_START}, StopSel=${SNIPPET_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
    const result = await sql<Row>`
      WITH q AS (SELECT plainto_tsquery('english', ${terms.join(' ')}) AS query)
      SELECT d.kind, d.ref_id, d.story_id, d.title, d.at,
        ts_headline('english', translate(d.title || ' — ' || d.body, '<>&', '   '), q.query, ${options}) AS snippet
      FROM search_docs d, q
      WHERE d.tsv @@ q.query ${kindFilter}
      ORDER BY ts_rank_cd(d.tsv, q.query) DESC, d.at DESC, d.id
      LIMIT ${limit + 1} OFFSET ${offset}`.execute(db);
    rows = result.rows;
  } else {
    const match = terms.map((t) => `"${t}"`).join(' ');
    const result = await sql<Row>`
      SELECT d.kind, d.ref_id, d.story_id, d.title, d.at,
        snippet(search_fts, -1, ${SNIPPET_START}, ${SNIPPET_END}, '…', 24) AS snippet
      FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
      WHERE search_fts MATCH ${match} ${kindFilter}
      ORDER BY bm25(search_fts, 4.0, 1.0), d.at DESC, d.id
      LIMIT ${limit + 1} OFFSET ${offset}`.execute(db);
    rows = result.rows;
  }
  const hits = rows.slice(0, limit).map((r) => ({
    kind: r.kind as SearchKind,
    refId: r.ref_id,
    storyId: r.story_id,
    title: r.title,
    snippet: r.snippet ?? '',
    at: Number(r.at),
  }));
  return { terms, hits, hasMore: rows.length > limit };
}
