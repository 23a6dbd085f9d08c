/**
 * "Key facts": extracted facts rendered for reading (USD 10,000,000,000; 2026–2029; train
 * 1,000,000 engineers by 2030), who, how many communities back each, citations, and a flag
 * where sources disagree, conflicting values side by side. A rendering is kept only when its
 * numbers, names and currency are found in the fact's own sources; otherwise a plainer one is
 * tried (without the period, then the value alone), and a fact none of whose renderings holds is
 * left out.
 */
import type { Fact, FactKind, SourceText } from '../extract/types.js';
import { factCell, findUnsupported } from './ground.js';
import { cleanSentence } from './sentences-clean.js';

/** A key-facts row citing SourceText ids (numbered later). */
export interface FactDraft {
  kind: FactKind;
  label: string;
  value: string;
  raw: Record<string, unknown>;
  who: string | null;
  quote: string;
  communities: number;
  sourceIds: string[];
  conflict: boolean;
  /** The relation the value belongs to; rows with the same one and `conflict` disagree. */
  relation: string | null;
}

const LABELS: Record<FactKind, string> = {
  investment: 'investment',
  money: 'amount',
  period: 'period',
  target: 'target',
  partnership: 'partnership',
  cooperation: 'cooperation',
  market_move: 'market move',
  event: 'event',
};

const MAX_ROWS = 10;

function formatNumber(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** "2026–2029", "2026", "by 2030", "next 5 years", "fiscal 2026". */
export function renderPeriod(value: Record<string, unknown>): string | null {
  const relative = typeof value.relativeYears === 'number' ? value.relativeYears : null;
  if (relative !== null) return relative === 1 ? 'within a year' : `next ${relative} years`;
  const from = typeof value.from === 'number' ? value.from : null;
  const to = typeof value.to === 'number' ? value.to : null;
  const by = typeof value.by === 'number' ? value.by : null;
  const fiscal = value.fiscal === true ? 'fiscal ' : '';
  if (from !== null && to !== null) return from === to ? `${fiscal}${from}` : `${fiscal}${from}–${to}`;
  if (from !== null) return `from ${fiscal}${from}`;
  if (by !== null) return `by ${by}`;
  return null;
}

function renderAmount(value: Record<string, unknown>): string | null {
  const currency = text(value.currency);
  const min = formatNumber(value.min);
  const max = formatNumber(value.max);
  const amount = formatNumber(value.amount);
  const figure = min !== null && max !== null ? `${min}–${max}` : amount;
  if (figure === null) return null;
  const approx = value.approx ? 'about ' : '';
  return `${approx}${currency ? `${currency} ` : ''}${figure}`;
}

/** Renderings of a fact, fullest first: [value, who] pairs. */
function renderings(fact: Fact): Array<[string, string | null]> {
  const v = fact.value;
  const out: Array<[string, string | null]> = [];
  const add = (value: string | null, who: string | null) => {
    if (value !== null && value !== '' && !out.some(([a, b]) => a === value && b === who))
      out.push([value, who]);
  };
  switch (fact.kind) {
    case 'investment': {
      const amount = renderAmount(v);
      const investor = text(v.investor);
      const target = text(v.target);
      const period =
        v.period && typeof v.period === 'object' ? renderPeriod(v.period as Record<string, unknown>) : null;
      const into = target ? ` in ${target}` : '';
      if (amount) {
        add(`${amount}${into}${period ? `, ${period}` : ''}`, investor);
        add(`${amount}${into}`, investor);
        add(amount, investor);
        add(amount, null);
      }
      break;
    }
    case 'money': {
      const amount = renderAmount(v);
      add(amount, fact.speaker);
      add(amount, null);
      break;
    }
    case 'period':
      add(renderPeriod(v), null);
      break;
    case 'target': {
      const quantity = formatNumber(v.quantity);
      const unit = text(v.unit) ?? '';
      const action = text(v.action) ?? '';
      const deadline = typeof v.deadline === 'number' ? ` by ${v.deadline}` : '';
      if (quantity !== null) {
        const what = `${action} ${quantity} ${unit}`.replace(/\s+/g, ' ').trim();
        add(`${what}${deadline}`, text(v.who));
        add(what, text(v.who));
        add(what, null);
      }
      break;
    }
    case 'partnership': {
      const parties = Array.isArray(v.parties)
        ? v.parties.filter((p): p is string => typeof p === 'string')
        : [];
      const purpose = text(v.purpose);
      add(purpose ?? 'partners', parties.length > 0 ? parties.join(' and ') : null);
      break;
    }
    case 'cooperation': {
      const party = text(v.party);
      const government = text(v.government);
      const purpose = text(v.purpose);
      const who = [party, government].filter((p): p is string => p !== null).join(' and ');
      add(purpose ?? 'cooperation with the government', who || null);
      if (purpose) add('cooperation with the government', who || null);
      break;
    }
    case 'market_move': {
      const direction = text(v.direction);
      if (!direction) break;
      const size = typeof v.size === 'number' ? ` ${formatNumber(v.size)}%` : '';
      const limit = v.limit === true ? ` (limit ${direction})` : '';
      add(`shares ${direction}${size}${limit}`, text(v.company));
      add(`shares ${direction}${limit}`, text(v.company));
      break;
    }
    case 'event':
      break;
  }
  return out;
}

function relationOf(fact: Fact): string | null {
  const v = fact.value;
  if (fact.kind === 'investment' && typeof v.investor === 'string')
    return `investment|${v.investor.toLowerCase()}`;
  if (fact.kind === 'target') return `target|${String(v.action)}|${String(v.unit ?? '').toLowerCase()}`;
  return null;
}

function amountOf(fact: Fact): number | null {
  return typeof fact.value.amount === 'number' ? fact.value.amount : null;
}

/** The key-facts rows of a story, best-sourced first, conflicting values kept together. */
export function buildFactRows(facts: readonly Fact[], texts: ReadonlyMap<string, SourceText>): FactDraft[] {
  const investments = facts.filter((f) => f.kind === 'investment');
  const rows: FactDraft[] = [];
  for (const fact of facts) {
    if (fact.kind === 'event') continue;
    // A bare amount or period that an investment already states is not a fact of its own.
    if (fact.kind === 'money' && investments.some((i) => amountOf(i) === amountOf(fact))) continue;
    if (
      fact.kind === 'period' &&
      (investments.some((i) => JSON.stringify(i.value.period) === JSON.stringify(fact.value)) ||
        (fact.value.by !== undefined &&
          facts.some((t) => t.kind === 'target' && t.value.deadline === fact.value.by)))
    ) {
      continue;
    }
    const sourceIds = [...new Set(fact.sources.map((span) => span.id))].filter((id) => texts.has(id));
    if (sourceIds.length === 0) continue;
    const cited = sourceIds.map((id) => texts.get(id) as SourceText);
    const grounded = renderings(fact).find(
      ([value, who]) => findUnsupported(factCell({ value, who }), cited, 'value').length === 0,
    );
    if (!grounded) continue;
    rows.push({
      kind: fact.kind,
      label: LABELS[fact.kind],
      value: grounded[0],
      raw: fact.value,
      who: grounded[1],
      quote: cleanSentence(fact.text),
      communities: fact.communities,
      sourceIds,
      conflict: fact.conflict,
      relation: relationOf(fact),
    });
  }
  return limitRows(foldSubsumed(rows, texts));
}

/**
 * A row that says less than another of the same kind ("train 1,000,000 engineers" beside "train
 * 1,000,000 engineers and developers by 2030 (Microsoft)") is folded into the fuller one: its
 * sources are added there, and the communities are counted again from all of them.
 */
function foldSubsumed(rows: FactDraft[], texts: ReadonlyMap<string, SourceText>): FactDraft[] {
  const kept: FactDraft[] = [];
  for (const row of rows) {
    if (row.conflict) {
      kept.push(row);
      continue;
    }
    // The fullest such row, so that chains (A in B in C) all fold into C.
    const fuller = [...rows]
      .sort((a, b) => b.value.length - a.value.length)
      .find(
        (other) =>
          other !== row &&
          !other.conflict &&
          other.kind === row.kind &&
          other.value !== row.value &&
          other.value.includes(row.value) &&
          (row.who === null || row.who === other.who),
      );
    if (!fuller) {
      kept.push(row);
      continue;
    }
    fuller.sourceIds = [...new Set([...fuller.sourceIds, ...row.sourceIds])];
    const communities = new Set(fuller.sourceIds.map((id) => texts.get(id)?.community ?? id));
    fuller.communities = Math.max(fuller.communities, communities.size);
  }
  return kept;
}

/** The first rows up to MAX_ROWS, without separating a conflicting value from its siblings. */
function limitRows(rows: FactDraft[]): FactDraft[] {
  const kept: FactDraft[] = [];
  for (const row of rows) {
    const sibling =
      row.conflict && row.relation !== null && kept.some((k) => k.conflict && k.relation === row.relation);
    if (kept.length < MAX_ROWS || sibling) kept.push(row);
  }
  return kept;
}

/** Indexes of the rows that state another value for the same relation. */
export function conflictingRows(rows: readonly FactDraft[], index: number): number[] {
  const row = rows[index];
  if (!row?.conflict || row.relation === null) return [];
  const out: number[] = [];
  rows.forEach((other, i) => {
    if (i !== index && other.conflict && other.relation === row.relation) out.push(i);
  });
  return out;
}
