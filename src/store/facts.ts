import type { Entity, Fact, FactKind, Span } from '../extract/types.js';
import type { Db } from './store.js';

const CHUNK = 300;

export interface StoredFact extends Fact {
  id: string;
  storyId: string;
  rank: number;
}

export interface StoredEntity extends Entity {
  storyId: string;
}

/**
 * Replaces a story's facts and entities with a new extraction, in the caller's transaction, and
 * records the hash of what they were extracted from. Fact ids are the story id and rank: stable
 * as long as the extraction is.
 */
export async function replaceStoryFacts(
  db: Db,
  storyId: string,
  extraction: { facts: readonly Fact[]; entities: readonly Entity[] },
  extractHash: string,
): Promise<void> {
  const oldIds = db.selectFrom('facts').select('id').where('story_id', '=', storyId);
  await db.deleteFrom('fact_sources').where('fact_id', 'in', oldIds).execute();
  await db.deleteFrom('facts').where('story_id', '=', storyId).execute();
  await db.deleteFrom('entities').where('story_id', '=', storyId).execute();
  const factRows = extraction.facts.map((fact, rank) => ({
    id: `${storyId}:f${rank}`,
    story_id: storyId,
    rank,
    kind: fact.kind,
    value: JSON.stringify(fact.value),
    text: fact.text,
    communities: fact.communities,
    conflict: fact.conflict ? 1 : 0,
    speaker: fact.speaker,
    first_reported_at: Math.round(fact.firstReportedAt),
  }));
  for (let i = 0; i < factRows.length; i += CHUNK) {
    await db
      .insertInto('facts')
      .values(factRows.slice(i, i + CHUNK))
      .execute();
  }
  const sourceRows = new Map<
    string,
    { fact_id: string; source_id: string; span_start: number; span_end: number }
  >();
  extraction.facts.forEach((fact, rank) => {
    for (const span of fact.sources) {
      const row = {
        fact_id: `${storyId}:f${rank}`,
        source_id: span.id,
        span_start: span.start,
        span_end: span.end,
      };
      sourceRows.set(`${row.fact_id}|${row.source_id}|${row.span_start}`, row);
    }
  });
  const rows = [...sourceRows.values()];
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('fact_sources')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
  const entityRows = new Map<string, Entity>();
  for (const entity of extraction.entities)
    if (!entityRows.has(entity.name)) entityRows.set(entity.name, entity);
  const entities = [...entityRows.values()].map((e) => ({
    story_id: storyId,
    name: e.name,
    kind: e.kind,
    aliases: JSON.stringify(e.aliases),
    role: e.role,
    evidence: JSON.stringify(e.evidence),
    mentions: e.mentions,
  }));
  for (let i = 0; i < entities.length; i += CHUNK) {
    await db
      .insertInto('entities')
      .values(entities.slice(i, i + CHUNK))
      .execute();
  }
  // The search rows carry the facts.
  await db
    .updateTable('stories')
    .set({ extract_hash: extractHash, search_pending: 1 })
    .where('id', '=', storyId)
    .execute();
}

export async function listStoryFacts(db: Db, storyId: string): Promise<StoredFact[]> {
  const facts = await db
    .selectFrom('facts')
    .selectAll()
    .where('story_id', '=', storyId)
    .orderBy('rank')
    .execute();
  if (facts.length === 0) return [];
  const spans = await db
    .selectFrom('fact_sources')
    .selectAll()
    .where(
      'fact_id',
      'in',
      facts.map((f) => f.id),
    )
    .orderBy('fact_id')
    .orderBy('source_id')
    .orderBy('span_start')
    .execute();
  const byFact = new Map<string, Span[]>();
  for (const s of spans) {
    const list = byFact.get(s.fact_id) ?? [];
    list.push({ id: s.source_id, start: s.span_start, end: s.span_end });
    byFact.set(s.fact_id, list);
  }
  return facts.map((f) => ({
    id: f.id,
    storyId: f.story_id,
    rank: f.rank,
    kind: f.kind as FactKind,
    value: JSON.parse(f.value) as Record<string, unknown>,
    text: f.text,
    sources: byFact.get(f.id) ?? [],
    communities: f.communities,
    firstReportedAt: Number(f.first_reported_at),
    conflict: f.conflict === 1,
    speaker: f.speaker,
  }));
}

export async function listStoryEntities(db: Db, storyId: string): Promise<StoredEntity[]> {
  const rows = await db
    .selectFrom('entities')
    .selectAll()
    .where('story_id', '=', storyId)
    .orderBy('mentions', 'desc')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    storyId: r.story_id,
    name: r.name,
    kind: r.kind as Entity['kind'],
    aliases: JSON.parse(r.aliases) as string[],
    role: r.role,
    evidence: JSON.parse(r.evidence) as Entity['evidence'],
    mentions: r.mentions,
  }));
}

export async function getExtractHash(db: Db, storyId: string): Promise<string | null> {
  const row = await db
    .selectFrom('stories')
    .select('extract_hash')
    .where('id', '=', storyId)
    .executeTakeFirst();
  return row?.extract_hash ?? null;
}
