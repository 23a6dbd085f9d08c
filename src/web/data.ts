import { NotFoundError } from '../errors.js';
import type { SourceState } from '../model.js';
import { type IngestLogEntry, listIngestLog } from '../store/ingest-log.js';
import { type SearchHit, type SearchKind, searchDocs } from '../store/search.js';
import { listSourceStates } from '../store/sources.js';
import type { Db, Dialect } from '../store/store.js';
import {
  getStory,
  listStories,
  listStoryMembers,
  type StoryMember,
  type StoryRow,
} from '../store/stories.js';
import type { Briefing } from '../write/types.js';
import { readBriefing } from './briefing.js';
import { bucketTimes } from './svg.js';

/**
 * What the pages, the API, the feeds and the export read: plain loaders from the store to data,
 * shared so that every view of a story says the same thing.
 */

export const SPARK_BUCKETS = 24;

export interface StorySummary {
  id: string;
  title: string;
  /** The latest briefing's headline, when one is written. */
  headline: string | null;
  briefingVersion: number | null;
  heat: number;
  postCount: number;
  communityCount: number;
  firstSeen: number;
  lastSeen: number;
  communities: Array<{ name: string; posts: number }>;
  /** Posts per slice of [firstSeen, lastSeen] (SPARK_BUCKETS slices). */
  activity: number[];
}

/** Stories by heat with their communities, activity and headline. */
export async function loadStorySummaries(
  db: Db,
  options: { limit: number; offset: number },
): Promise<StorySummary[]> {
  const stories = await listStories(db, { limit: options.limit, offset: options.offset });
  return summarise(db, stories);
}

async function summarise(db: Db, stories: readonly StoryRow[]): Promise<StorySummary[]> {
  if (stories.length === 0) return [];
  const ids = stories.map((s) => s.id);
  const members = await db
    .selectFrom('story_posts')
    .innerJoin('posts', 'posts.id', 'story_posts.post_id')
    .select(['story_posts.story_id', 'posts.community', 'posts.published_at'])
    .where('story_posts.story_id', 'in', ids)
    .execute();
  const headlines = await latestHeadlines(db, ids);
  const byStory = new Map<string, { communities: Map<string, number>; times: number[] }>();
  for (const m of members) {
    let entry = byStory.get(m.story_id);
    if (!entry) {
      entry = { communities: new Map(), times: [] };
      byStory.set(m.story_id, entry);
    }
    entry.communities.set(m.community, (entry.communities.get(m.community) ?? 0) + 1);
    entry.times.push(Number(m.published_at));
  }
  return stories.map((s) => {
    const entry = byStory.get(s.id);
    const headline = headlines.get(s.id);
    return {
      id: s.id,
      title: s.title,
      headline: headline?.headline ?? null,
      briefingVersion: headline?.version ?? null,
      heat: s.heat,
      postCount: s.postCount,
      communityCount: s.communityCount,
      firstSeen: s.firstSeen,
      lastSeen: s.lastSeen,
      communities: [...(entry?.communities ?? new Map<string, number>())]
        .map(([name, posts]) => ({ name, posts }))
        .sort((a, b) => b.posts - a.posts || a.name.localeCompare(b.name)),
      activity: bucketTimes(
        entry?.times ?? [],
        s.firstSeen,
        Math.max(s.lastSeen, s.firstSeen + 3_600_000),
        SPARK_BUCKETS,
      ),
    };
  });
}

/** The newest briefing headline and version of each story. */
export async function latestHeadlines(
  db: Db,
  storyIds: readonly string[],
): Promise<Map<string, { headline: string; version: number; createdAt: number }>> {
  const out = new Map<string, { headline: string; version: number; createdAt: number }>();
  for (let i = 0; i < storyIds.length; i += 400) {
    const rows = await db
      .selectFrom('briefings as b')
      .select(['b.story_id', 'b.headline', 'b.version', 'b.created_at'])
      .where('b.story_id', 'in', storyIds.slice(i, i + 400))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('briefings as newer')
              .select('newer.version')
              .whereRef('newer.story_id', '=', 'b.story_id')
              .whereRef('newer.version', '>', 'b.version'),
          ),
        ),
      )
      .execute();
    for (const r of rows)
      out.set(r.story_id, { headline: r.headline, version: r.version, createdAt: Number(r.created_at) });
  }
  return out;
}

/**
 * What a story page depends on, in one cheap query: the caches key on it. `redirectTo` is set
 * when the id was merged into another story.
 */
export async function loadStoryStamp(
  db: Db,
  id: string,
): Promise<{ id: string; stamp: string; redirectTo: string | null } | null> {
  const row = await db
    .selectFrom('stories as s')
    .select((eb) => [
      's.id',
      's.merged_into',
      's.updated_at',
      eb
        .selectFrom('briefings as b')
        .select((e) => e.fn.max('b.version').as('v'))
        .whereRef('b.story_id', '=', 's.id')
        .as('version'),
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  if (row.merged_into) {
    const survivor = await getStory(db, id);
    return survivor ? { id: survivor.id, stamp: '', redirectTo: survivor.id } : null;
  }
  return { id: row.id, stamp: `${Number(row.updated_at)}.${Number(row.version ?? 0)}`, redirectTo: null };
}

export interface StoryDetail {
  story: StorySummary;
  briefing: Briefing | null;
  briefingCreatedAt: number | null;
  members: StoryMember[];
}

/** A story with its latest briefing and posts; throws NotFoundError for an unknown id. */
export async function loadStoryDetail(db: Db, id: string): Promise<StoryDetail> {
  const story = await getStory(db, id);
  if (!story) throw new NotFoundError(`web: no story ${id}`);
  const [summary] = await summarise(db, [story]);
  const row = await db
    .selectFrom('briefings')
    .selectAll()
    .where('story_id', '=', story.id)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const briefing = row ? readBriefing(row.body, { storyId: story.id, version: row.version }) : null;
  const members = await listStoryMembers(db, [story.id]);
  if (!summary) throw new NotFoundError(`web: no story ${id}`);
  return { story: summary, briefing, briefingCreatedAt: row ? Number(row.created_at) : null, members };
}

/** The latest briefing of a story, parsed; null when none is written yet. */
export async function loadBriefing(
  db: Db,
  storyId: string,
): Promise<{ briefing: Briefing; createdAt: number } | null> {
  const row = await db
    .selectFrom('briefings')
    .selectAll()
    .where('story_id', '=', storyId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const briefing = readBriefing(row.body, { storyId, version: row.version });
  return briefing ? { briefing, createdAt: Number(row.created_at) } : null;
}

/** Latest briefings of these stories (all stories when omitted), newest first. */
export async function loadLatestBriefings(
  db: Db,
  options: { limit: number; storyIds?: readonly string[] },
): Promise<Array<{ briefing: Briefing; createdAt: number }>> {
  if (options.storyIds && options.storyIds.length === 0) return [];
  let query = db
    .selectFrom('briefings as b')
    .innerJoin('stories as s', 's.id', 'b.story_id')
    .select(['b.story_id', 'b.version', 'b.body', 'b.created_at'])
    .where('s.merged_into', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('briefings as newer')
            .select('newer.version')
            .whereRef('newer.story_id', '=', 'b.story_id')
            .whereRef('newer.version', '>', 'b.version'),
        ),
      ),
    );
  if (options.storyIds) query = query.where('b.story_id', 'in', [...options.storyIds]);
  const rows = await query
    .orderBy('b.created_at', 'desc')
    .orderBy('b.story_id')
    .limit(options.limit)
    .execute();
  return rows.flatMap((r) => {
    const briefing = readBriefing(r.body, { storyId: r.story_id, version: r.version });
    return briefing ? [{ briefing, createdAt: Number(r.created_at) }] : [];
  });
}

export interface EntityDetail {
  name: string;
  kinds: string[];
  aliases: string[];
  stories: Array<{
    id: string;
    title: string;
    headline: string | null;
    role: string | null;
    mentions: number;
    firstSeen: number;
    lastSeen: number;
  }>;
  facts: Array<{
    id: string;
    storyId: string;
    storyTitle: string;
    kind: string;
    text: string;
    speaker: string | null;
    communities: number;
    conflict: boolean;
    firstReportedAt: number;
  }>;
}

const MAX_ENTITY_STORIES = 500;
const MAX_ENTITY_FACTS = 500;

/** Every live story and fact that mentions an entity, oldest first ("over time"). */
export async function loadEntity(db: Db, name: string): Promise<EntityDetail> {
  const select = () =>
    db
      .selectFrom('entities as e')
      .innerJoin('stories as s', 's.id', 'e.story_id')
      .select([
        'e.name',
        'e.kind',
        'e.aliases',
        'e.role',
        'e.mentions',
        's.id',
        's.title',
        's.first_seen',
        's.last_seen',
      ])
      .where('s.merged_into', 'is', null)
      .orderBy('s.first_seen')
      .orderBy('s.id')
      .limit(MAX_ENTITY_STORIES);
  let rows = await select().where('e.name', '=', name).execute();
  if (rows.length === 0) {
    // Names are stored as first written; a reader may type them in another case.
    rows = await select()
      .where((eb) => eb(eb.fn('lower', ['e.name']), '=', name.toLowerCase()))
      .execute();
  }
  if (rows.length === 0) throw new NotFoundError(`web: no entity named ${name}`);
  const canonical = rows[0]?.name ?? name;
  const aliases = new Set<string>();
  const kinds = new Set<string>();
  for (const r of rows) {
    kinds.add(r.kind);
    try {
      for (const a of JSON.parse(r.aliases) as unknown[]) if (typeof a === 'string') aliases.add(a);
    } catch {
      // Aliases are a convenience for matching facts; a malformed list only means fewer matches.
    }
  }
  aliases.delete(canonical);
  const storyIds = rows.map((r) => r.id);
  const headlines = await latestHeadlines(db, storyIds);
  const titles = new Map(rows.map((r) => [r.id, r.title]));
  const needles = [canonical, ...aliases].map((n) => n.toLowerCase()).filter((n) => n.length > 1);
  const facts: EntityDetail['facts'] = [];
  for (let i = 0; i < storyIds.length && facts.length < MAX_ENTITY_FACTS; i += 400) {
    const factRows = await db
      .selectFrom('facts')
      .select([
        'id',
        'story_id',
        'kind',
        'text',
        'speaker',
        'value',
        'communities',
        'conflict',
        'first_reported_at',
      ])
      .where('story_id', 'in', storyIds.slice(i, i + 400))
      .execute();
    for (const f of factRows) {
      const haystack = `${f.text}\n${f.speaker ?? ''}\n${f.value}`.toLowerCase();
      if (!needles.some((n) => haystack.includes(n))) continue;
      facts.push({
        id: f.id,
        storyId: f.story_id,
        storyTitle: headlines.get(f.story_id)?.headline ?? titles.get(f.story_id) ?? '',
        kind: f.kind,
        text: f.text,
        speaker: f.speaker,
        communities: f.communities,
        conflict: f.conflict === 1,
        firstReportedAt: Number(f.first_reported_at),
      });
    }
  }
  facts.sort((a, b) => a.firstReportedAt - b.firstReportedAt || (a.id < b.id ? -1 : 1));
  return {
    name: canonical,
    kinds: [...kinds],
    aliases: [...aliases].sort(),
    stories: rows.map((r) => ({
      id: r.id,
      title: r.title,
      headline: headlines.get(r.id)?.headline ?? null,
      role: r.role,
      mentions: r.mentions,
      firstSeen: Number(r.first_seen),
      lastSeen: Number(r.last_seen),
    })),
    facts: facts.slice(0, MAX_ENTITY_FACTS),
  };
}

export interface SearchResults {
  query: string;
  terms: string[];
  hits: Array<SearchHit & { storyTitle: string }>;
  page: number;
  hasMore: boolean;
}

export async function loadSearch(
  db: Db,
  dialect: Dialect,
  query: string,
  options: { page: number; perPage: number; kinds?: readonly SearchKind[] },
): Promise<SearchResults> {
  const result = await searchDocs(db, dialect, query, {
    limit: options.perPage,
    offset: (options.page - 1) * options.perPage,
    ...(options.kinds ? { kinds: options.kinds } : {}),
  });
  const storyIds = [...new Set(result.hits.map((h) => h.storyId))];
  const titles = new Map<string, string>();
  if (storyIds.length > 0) {
    const rows = await db.selectFrom('stories').select(['id', 'title']).where('id', 'in', storyIds).execute();
    for (const r of rows) titles.set(r.id, r.title);
    for (const [id, h] of await latestHeadlines(db, storyIds)) titles.set(id, h.headline);
  }
  return {
    query,
    terms: result.terms,
    hits: result.hits.map((h) => ({ ...h, storyTitle: titles.get(h.storyId) ?? '' })),
    page: options.page,
    hasMore: result.hasMore,
  };
}

export interface SourceHealth {
  state: SourceState;
  status: 'ok' | 'new' | 'failing' | 'blocked' | 'disabled';
  recent: IngestLogEntry[];
}

export async function loadSourceHealth(db: Db): Promise<SourceHealth[]> {
  const states = await listSourceStates(db);
  const log = await listIngestLog(db, { limit: 500 });
  const recent = new Map<string, IngestLogEntry[]>();
  for (const entry of log) {
    if (entry.action !== 'poll') continue;
    const list = recent.get(entry.subject) ?? [];
    if (list.length < 3) list.push(entry);
    recent.set(entry.subject, list);
  }
  return states.map((state) => ({
    state,
    status: !state.enabled
      ? 'disabled'
      : state.blockedReason
        ? 'blocked'
        : state.lastError
          ? 'failing'
          : state.lastFetchAt === null
            ? 'new'
            : 'ok',
    recent: recent.get(state.id) ?? [],
  }));
}
