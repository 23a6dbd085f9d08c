/**
 * One source → its fact mentions and entity mentions. Works sentence by sentence; every span is
 * a sentence of the source (`text === source.text.slice(start, end)`), so a briefing can quote it.
 */
import { type FoundEntity, findEntities } from './entities.js';
import { type EventHit, findEvents } from './events.js';
import { assessModality } from './modality.js';
import { currencyContextOf, findMoney, type MoneyHit } from './money.js';
import { findPeriods, type PeriodHit } from './periods.js';
import { findRelations, indexEntities, type RelationHit, type SentenceParts } from './relations.js';
import { scanTokens, splitSentenceRanges, type Token } from './scan.js';
import type { EntityMention, FactMention, MentionExtraction, SourceText, Span } from './types.js';

/** A fact mention with what extractStory needs beyond the port type. */
export interface DetailedMention {
  mention: FactMention;
  /** Entities taking part and their part (investor, partner, government, market, target). */
  parties: Array<{ entity: FoundEntity; part: string }>;
}

export interface SentenceAnalysis {
  span: Span;
  text: string;
  tokens: Token[];
  entities: FoundEntity[];
  mentions: DetailedMention[];
}

export interface SourceAnalysis {
  source: SourceText;
  sentences: SentenceAnalysis[];
}

function yearOf(publishedAt: number): number {
  const year = new Date(publishedAt).getUTCFullYear();
  return Number.isFinite(year) ? year : 1970;
}

function moneyValue(hit: MoneyHit): Record<string, unknown> {
  const value: Record<string, unknown> = { amount: hit.amount, currency: hit.currency };
  if (hit.approx) value.approx = hit.approx;
  if (hit.min !== null) value.min = hit.min;
  if (hit.max !== null) value.max = hit.max;
  return value;
}

function tokenIndexAt(tokens: Token[], offset: number): number {
  for (let i = 0; i < tokens.length; i++) if ((tokens[i] as Token).start >= offset) return i;
  return tokens.length;
}

/** Everything extractStory needs from one source. */
export function analyseSource(source: SourceText): SourceAnalysis {
  const text = typeof source.text === 'string' ? source.text : '';
  const context = currencyContextOf(text);
  const publishedYear = yearOf(source.publishedAt);
  const sentences: SentenceAnalysis[] = [];
  for (const range of splitSentenceRanges(text)) {
    const sentence = text.slice(range.start, range.end);
    const tokens = scanTokens(sentence, range.start);
    if (tokens.length === 0) continue;
    const entities = findEntities(tokens, text, 0);
    const modality = assessModality(tokens, entities);
    const money = findMoney(tokens, context);
    const periods: PeriodHit[] = findPeriods(tokens, publishedYear);
    const { byFirst, byLast } = indexEntities(entities);
    const speakerEntity = entities.find((e) => e.name === modality.speaker) ?? null;
    const parts: SentenceParts = { tokens, entities, money, periods, speakerEntity, byFirst, byLast };
    const relations: RelationHit[] = findRelations(parts);
    const span: Span = { id: source.id, start: range.start, end: range.end };
    const mentions: DetailedMention[] = [];
    const push = (
      kind: FactMention['kind'],
      value: Record<string, unknown>,
      trigger: number,
      parties: DetailedMention['parties'],
    ) => {
      mentions.push({
        mention: {
          kind,
          value,
          text: sentence,
          span,
          negated: modality.negatedAt(trigger),
          hedged: modality.hedgedAt(trigger),
          speaker: modality.speaker,
        },
        parties,
      });
    };
    for (const hit of money) push('money', moneyValue(hit), hit.first, []);
    for (const hit of periods) push('period', { ...hit.value }, hit.first, []);
    for (const relation of relations) push(relation.kind, relation.value, relation.trigger, relation.parties);
    const hasMarketMove = relations.some((r) => r.kind === 'market_move');
    const events: EventHit[] =
      sentence.length <= 600 ? findEvents(sentence, source.publishedAt, source.kind !== 'comment') : [];
    for (const event of events) {
      if (event.relative && hasMarketMove) continue;
      const trigger = tokenIndexAt(tokens, range.start + event.index);
      const value: Record<string, unknown> = {
        date: event.date,
        what: sentence.length > 240 ? `${sentence.slice(0, 237)}…` : sentence,
      };
      if (event.relative) value.relative = true;
      const subject = entities.find((e) => e.kind === 'organization');
      push('event', value, trigger, subject ? [{ entity: subject, part: 'event' }] : []);
    }
    sentences.push({ span, text: sentence, tokens, entities, mentions });
  }
  return { source, sentences };
}

/** Fact and entity mentions of one source, including negated and hedged ones (flagged). */
export function extractMentions(source: SourceText): MentionExtraction {
  const analysis = analyseSource(source);
  const facts: FactMention[] = [];
  const entityMentions: EntityMention[] = [];
  for (const sentence of analysis.sentences) {
    for (const detailed of sentence.mentions) facts.push(detailed.mention);
    for (const entity of sentence.entities) {
      if (entity.weak) continue;
      entityMentions.push({
        name: entity.name,
        kind: entity.kind,
        text: source.text.slice(entity.start, entity.end),
        span: { id: source.id, start: entity.start, end: entity.end },
      });
    }
  }
  return { facts, entityMentions };
}
