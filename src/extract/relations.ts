/**
 * Relations in one sentence: investments, partnerships, government cooperation, market moves
 * and quantified targets. Each rule looks a bounded number of tokens around a trigger word, so a
 * sentence is processed in linear time.
 */
import type { FoundEntity } from './entities.js';
import { lookupPhrase } from './gazetteer.js';
import type { MoneyHit } from './money.js';
import { quantityAt } from './numbers.js';
import type { PeriodHit, PeriodValue } from './periods.js';
import type { Token } from './scan.js';

export interface RelationHit {
  kind: 'investment' | 'partnership' | 'cooperation' | 'market_move' | 'target';
  value: Record<string, unknown>;
  /** The token that triggers the relation, for negation and hedging. */
  trigger: number;
  /** Entities taking part, with the part they play (for roles). */
  parties: Array<{ entity: FoundEntity; part: string }>;
}

export interface SentenceParts {
  tokens: Token[];
  entities: FoundEntity[];
  money: MoneyHit[];
  periods: PeriodHit[];
  /** The attributed speaker's entity, when it is one. */
  speakerEntity: FoundEntity | null;
  /** Entities by their first token and by their end token (exclusive). */
  byFirst: Map<number, FoundEntity>;
  byLast: Map<number, FoundEntity>;
}

/** Indexes entities by first and end token, for constant-time lookups. */
export function indexEntities(entities: FoundEntity[]): {
  byFirst: Map<number, FoundEntity>;
  byLast: Map<number, FoundEntity>;
} {
  const byFirst = new Map<number, FoundEntity>();
  const byLast = new Map<number, FoundEntity>();
  for (const entity of entities) {
    byFirst.set(entity.first, entity);
    byLast.set(entity.last, entity);
  }
  return { byFirst, byLast };
}

const PREPOSITIONS = new Set([
  'before',
  'after',
  'during',
  'since',
  'until',
  'against',
  'between',
  'among',
  'including',
  'unlike',
  'in',
  'into',
  'to',
  'with',
  'from',
  'at',
  'of',
  'for',
  'on',
  'than',
  'by',
  'like',
  'about',
  'at',
  'across',
  'over',
  'under',
  'via',
]);

function isOrganisationLike(entity: FoundEntity): boolean {
  return entity.kind === 'organization' || entity.type === 'country';
}

function isGovernment(entity: FoundEntity): boolean {
  return entity.type === 'government' || entity.type === 'country';
}

function governmentNameOf(entity: FoundEntity): string {
  if (entity.type === 'country')
    return lookupPhrase(`${entity.name} government`)?.name ?? `Government of ${entity.name}`;
  return entity.name;
}

/** The sentence boundary before `index` for subject search (";", ":", a quote opening a clause). */
function clauseStartBefore(tokens: Token[], index: number): number {
  for (let j = index - 1; j >= 0 && j >= index - 40; j--) {
    const t = tokens[j] as Token;
    if (t.text === ';' || t.text === ':' || t.text === '?' || t.text === '!') return j + 1;
  }
  return Math.max(0, index - 40);
}

/** The nearest organisation before `index` in its clause that is not the object of a preposition. */
function subjectBefore(parts: SentenceParts, index: number): FoundEntity | null {
  const start = clauseStartBefore(parts.tokens, index);
  for (let end = index; end > start; end--) {
    const entity = parts.byLast.get(end);
    if (!entity || entity.first < start) continue;
    if (!isOrganisationLike(entity) || entity.type === 'media') continue;
    const before = parts.tokens[entity.first - 1];
    const beforeThe = parts.tokens[entity.first - 2];
    if (before && PREPOSITIONS.has(before.lower)) continue;
    if (before?.lower === 'the' && beforeThe && PREPOSITIONS.has(beforeThe.lower)) continue;
    // "to President Biden": a title between a preposition and the name.
    if (before?.capital && beforeThe && PREPOSITIONS.has(beforeThe.lower)) continue;
    return entity;
  }
  return null;
}

/** The entity starting at `index` (after an optional "the"). */
function entityAt(parts: SentenceParts, index: number): FoundEntity | null {
  let at = index;
  if (parts.tokens[at]?.lower === 'the') at++;
  return parts.byFirst.get(at) ?? null;
}

/** "X and Y" ending right before `index` (aux words allowed in between). */
function pairBefore(parts: SentenceParts, index: number): [FoundEntity, FoundEntity] | null {
  const { tokens } = parts;
  let at = index;
  for (let guard = 0; guard < 6 && at > 0 && AUX.has((tokens[at - 1] as Token).lower); guard++) at--;
  const second = parts.byLast.get(at);
  if (!second) return null;
  let join = second.first - 1;
  if (tokens[join]?.lower === 'the') join--;
  if (tokens[join]?.lower !== 'and' && tokens[join]?.text !== '&') return null;
  const first = parts.byLast.get(join);
  return first ? [first, second] : null;
}

/** Entities listed from `index`: "Sony and Denso", "Sony, Denso and Toyota". */
function listAt(parts: SentenceParts, index: number): FoundEntity[] {
  const list: FoundEntity[] = [];
  let at = index;
  for (let guard = 0; guard < 5; guard++) {
    const entity = entityAt(parts, at);
    if (!entity) break;
    list.push(entity);
    const next = parts.tokens[entity.last];
    if (!next || (next.lower !== 'and' && next.text !== ',')) break;
    at = entity.last + 1;
  }
  return list;
}

const AUX = new Set([
  'will',
  'would',
  'shall',
  'to',
  'also',
  'is',
  'are',
  'was',
  'were',
  'has',
  'have',
  'had',
  'been',
  'be',
  'already',
  'just',
  'now',
  'further',
  'still',
  'jointly',
  'plans',
  'plan',
  'planned',
  'aims',
  'intends',
  'expects',
  'agreed',
  'finally',
  "'ll",
  'said',
  'it',
  'has',
]);

function mergedPeriod(periods: PeriodHit[]): PeriodValue | null {
  const first = periods[0];
  return first ? first.value : null;
}

const INVEST_VERBS = new Set([
  'invest',
  'invests',
  'invested',
  'investing',
  'spend',
  'spends',
  'spent',
  'spending',
  'commit',
  'commits',
  'committed',
  'committing',
  'pledge',
  'pledges',
  'pledged',
  'pledging',
  'pour',
  'pours',
  'poured',
  'pouring',
  'put',
  'puts',
  'putting',
  'inject',
  'injects',
  'injected',
  'allocate',
  'allocated',
  'earmark',
  'earmarked',
  'led',
  'leads',
]);

const SKIPPABLE_BEFORE_MONEY = new Set([
  'an',
  'a',
  'additional',
  'further',
  'another',
  'extra',
  'nearly',
  'about',
  'some',
]);
const ROUND_WORDS = new Set(['round', 'funding', 'financing', 'investment', 'seed', 'series']);

function moneyAfter(parts: SentenceParts, index: number, maxGap: number): MoneyHit | null {
  for (const hit of parts.money) {
    if (hit.first <= index) continue;
    if (hit.first - index - 1 > maxGap) return null;
    for (let j = index + 1; j < hit.first; j++) {
      const t = parts.tokens[j] as Token;
      if (
        !SKIPPABLE_BEFORE_MONEY.has(t.lower) &&
        t.kind === 'word' &&
        ![
          'up',
          'to',
          'more',
          'than',
          'as',
          'much',
          'over',
          'at',
          'least',
          'between',
          'from',
          'roughly',
          'around',
          'approximately',
        ].includes(t.lower)
      ) {
        return null;
      }
    }
    return hit;
  }
  return null;
}

function phraseAfter(tokens: Token[], index: number, maxWords: number): string | null {
  const words: string[] = [];
  for (let j = index; j < tokens.length && words.length < maxWords; j++) {
    const t = tokens[j] as Token;
    if (t.kind !== 'word' && t.text !== '-' && t.text !== '&') break;
    if (words.length > 0 && STOP_AFTER_TARGET.has(t.lower)) break;
    words.push(t.text);
  }
  return words.length > 0 ? words.join(' ').replace(/ - /g, '-') : null;
}

const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'its',
  'their',
  'his',
  'her',
  'our',
  'this',
  'that',
  'these',
  'those',
]);

const STOP_AFTER_TARGET = new Set([
  'over',
  'by',
  'through',
  'from',
  'between',
  'to',
  'in',
  'on',
  'as',
  'and',
  'which',
  'that',
  'while',
  'with',
  'under',
  'for',
  'this',
  'next',
  'last',
  'until',
  'starting',
]);

function investmentValue(
  parts: SentenceParts,
  hit: MoneyHit,
  investor: FoundEntity | null,
): Record<string, unknown> {
  const value: Record<string, unknown> = {
    investor: investor?.name ?? null,
    amount: hit.amount,
    currency: hit.currency,
  };
  if (hit.approx) value.approx = hit.approx;
  if (hit.min !== null) value.min = hit.min;
  if (hit.max !== null) value.max = hit.max;
  const prep = parts.tokens[hit.last];
  const afterPrep = parts.tokens[hit.last + 1];
  // "to the grid" names a target; "to fund aid" is a purpose.
  const nounAfterTo = afterPrep !== undefined && (afterPrep.capital || DETERMINERS.has(afterPrep.lower));
  if (prep && (['in', 'into', 'on'].includes(prep.lower) || (prep.lower === 'to' && nounAfterTo))) {
    const target = phraseAfter(parts.tokens, hit.last + 1, 6);
    if (target && !DETERMINERS.has(target.toLowerCase())) value.target = target;
  }
  const period = mergedPeriod(parts.periods);
  if (period) Object.assign(value, { period });
  for (let j = hit.last; j < parts.tokens.length; j++) {
    const t = parts.tokens[j] as Token;
    if (t.lower === 'to' && parts.tokens[j + 1]?.kind === 'word' && !parts.tokens[j + 1]?.capital) {
      const purpose = phraseAfter(parts.tokens, j + 1, 10);
      if (purpose?.includes(' ')) value.purpose = `to ${purpose}`;
      break;
    }
    if (t.text === ',' || t.text === ';') break;
  }
  return value;
}

function findInvestments(parts: SentenceParts): RelationHit[] {
  const { tokens } = parts;
  const hits: RelationHit[] = [];
  const used = new Set<MoneyHit>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (!INVEST_VERBS.has(token.lower)) continue;
    const money = moneyAfter(parts, i, 6);
    if (!money || used.has(money)) continue;
    const after = tokens[money.last];
    const after2 = tokens[money.last + 1];
    if (['put', 'puts', 'putting', 'pour', 'pours', 'poured', 'pouring'].includes(token.lower)) {
      if (!after || !['into', 'in'].includes(after.lower)) continue;
    }
    if (token.lower === 'led' || token.lower === 'leads') {
      const round = [after, after2, tokens[money.last + 2]].some((t) => t && ROUND_WORDS.has(t.lower));
      if (!round) continue;
    }
    const investor = subjectBefore(parts, i);
    // Spending without a named spender, or a running cost ("$2k/month"), is not an investment.
    if (!investor && token.lower.startsWith('spen')) continue;
    if (after && (after.text === '/' || after.lower === 'monthly' || after.lower === 'per')) continue;
    if (after && after.lower === 'a' && ['month', 'seat', 'user'].includes(after2?.lower ?? '')) continue;
    used.add(money);
    hits.push({
      kind: 'investment',
      value: investmentValue(parts, money, investor),
      trigger: i,
      parties: investor ? [{ entity: investor, part: 'investor' }] : [],
    });
  }
  // "$300 million in a Series C round led by X", "$2M in seed funding from X"
  for (const money of parts.money) {
    if (used.has(money)) continue;
    let round = false;
    for (let k = money.last; k < Math.min(tokens.length, money.last + 10); k++) {
      const t = tokens[k] as Token;
      if (ROUND_WORDS.has(t.lower)) round = true;
      const by = t.lower === 'by' && tokens[k - 1]?.lower === 'led';
      if (!round || (t.lower !== 'from' && !by)) continue;
      const investor = entityAt(parts, k + 1);
      if (investor && isOrganisationLike(investor)) {
        used.add(money);
        hits.push({
          kind: 'investment',
          value: investmentValue(parts, money, investor),
          trigger: money.first,
          parties: [{ entity: investor, part: 'investor' }],
        });
      }
      break;
    }
  }
  // "Microsoft's Japan investment is $2.9 billion", "Microsoft's $10 billion investment"
  for (const entity of parts.entities) {
    const last = tokens[entity.last - 1];
    if (!last || !/['’]s$/.test(last.text) || !isOrganisationLike(entity)) continue;
    for (let j = entity.last; j < Math.min(tokens.length, entity.last + 6); j++) {
      const t = tokens[j] as Token;
      if (t.lower !== 'investment' && t.lower !== 'investments') continue;
      const money =
        parts.money.find((m) => m.first >= entity.last && m.last <= j && !used.has(m)) ??
        parts.money.find((m) => m.first > j && m.first <= j + 3 && !used.has(m));
      if (money) {
        used.add(money);
        hits.push({
          kind: 'investment',
          value: investmentValue(parts, money, entity),
          trigger: j,
          parties: [{ entity, part: 'investor' }],
        });
      }
      break;
    }
  }
  return hits;
}

const WITH_VERBS = new Set([
  'partnered',
  'partners',
  'partner',
  'partnering',
  'teamed',
  'teams',
  'team',
  'teaming',
  'allied',
  'collaborate',
  'collaborates',
  'collaborated',
  'collaborating',
  'cooperate',
  'cooperates',
  'cooperated',
  'cooperating',
  'work',
  'works',
  'working',
  'worked',
  'partnership',
]);

const AGREEMENT_NOUNS = new Set([
  'partnership',
  'agreement',
  'deal',
  'contract',
  'ppa',
  'mou',
  'memorandum',
  'alliance',
  'venture',
  'pact',
  'collaboration',
  'tie',
]);

const AGREEMENT_VERBS = new Set([
  'signed',
  'signs',
  'sign',
  'signing',
  'inked',
  'struck',
  'formed',
  'forms',
  'form',
  'announced',
  'announce',
  'announces',
  'entered',
  'renegotiated',
  'agreed',
  'set',
  'launched',
  'established',
]);

const TOGETHER_CUES = new Set(['together', 'jointly']);
const SUPPLY_VERBS = new Set([
  'supply',
  'supplies',
  'supplying',
  'supplied',
  'provide',
  'provides',
  'providing',
]);
const COOPERATION_NOUNS = new Set([
  'cooperation',
  'co-operation',
  'partnership',
  'collaboration',
  'conjunction',
]);

function pairRelation(
  a: FoundEntity,
  b: FoundEntity,
  trigger: number,
  purpose: string | null,
): RelationHit | null {
  if (!isOrganisationLike(a) || !isOrganisationLike(b)) return null;
  if (a.name === b.name) return null;
  const govA = isGovernment(a);
  const govB = isGovernment(b);
  if (govA && govB) return null;
  if (govA || govB) {
    const government = govA ? a : b;
    const party = govA ? b : a;
    const value: Record<string, unknown> = { party: party.name, government: governmentNameOf(government) };
    if (purpose) value.purpose = purpose;
    return {
      kind: 'cooperation',
      value,
      trigger,
      parties: [
        { entity: party, part: 'partner' },
        { entity: government, part: 'government' },
      ],
    };
  }
  const parties = [a.name, b.name].sort();
  const value: Record<string, unknown> = { parties };
  if (purpose) value.purpose = purpose;
  return {
    kind: 'partnership',
    value,
    trigger,
    parties: [
      { entity: a, part: 'partner' },
      { entity: b, part: 'partner' },
    ],
  };
}

function purposeAfter(tokens: Token[], index: number): string | null {
  for (let j = index; j < Math.min(tokens.length, index + 8); j++) {
    const t = tokens[j] as Token;
    if (t.text === ',' || t.text === ';' || t.text === '.') return null;
    if ((t.lower === 'to' || t.lower === 'for' || t.lower === 'on') && tokens[j + 1]?.kind === 'word') {
      const phrase = phraseAfter(tokens, j + 1, 8);
      return phrase ? `${t.lower} ${phrase}` : null;
    }
  }
  return null;
}

function findPartnerships(parts: SentenceParts): RelationHit[] {
  const { tokens } = parts;
  const hits: RelationHit[] = [];
  const seen = new Set<string>();
  const add = (hit: RelationHit | null) => {
    if (!hit) return;
    const key = JSON.stringify(hit.value.parties ?? [hit.value.party, hit.value.government]);
    if (seen.has(key)) return;
    seen.add(key);
    hits.push(hit);
  };
  const subjectOrPair = (index: number): FoundEntity[] => {
    const pair = pairBefore(parts, index);
    if (pair) return pair;
    const subject = subjectBefore(parts, index);
    return subject ? [subject] : [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const lower = token.lower;
    // X partnered / teams up / is working with Y (and Z); in cooperation with Y
    if (WITH_VERBS.has(lower) || COOPERATION_NOUNS.has(lower)) {
      let at = i + 1;
      if (tokens[at]?.lower === 'up') at++;
      if (tokens[at]?.lower === 'with') {
        const partners = listAt(parts, at + 1);
        if (partners.length > 0) {
          const inPhrase =
            COOPERATION_NOUNS.has(lower) && ['in', 'with'].includes(tokens[i - 1]?.lower ?? '');
          let subject = subjectBefore(parts, inPhrase ? i - 1 : i);
          if (!subject && parts.speakerEntity && isOrganisationLike(parts.speakerEntity))
            subject = parts.speakerEntity;
          if (!subject) {
            const last = partners[partners.length - 1] as FoundEntity;
            subject = parts.entities.find((e) => e.first > last.last && isOrganisationLike(e)) ?? null;
          }
          const purpose = purposeAfter(tokens, (partners[partners.length - 1] as FoundEntity).last);
          if (subject) for (const partner of partners) add(pairRelation(subject, partner, i, purpose));
          i = (partners[partners.length - 1] as FoundEntity).last - 1;
          continue;
        }
      }
      if (lower === 'working' || lower === 'work' || lower === 'teaming' || lower === 'team') {
        const cue = tokens[at];
        if (cue && (TOGETHER_CUES.has(cue.lower) || lower === 'teaming' || lower === 'team')) {
          const pair = pairBefore(parts, i);
          if (pair) add(pairRelation(pair[0], pair[1], i, purposeAfter(tokens, at)));
        }
      }
    }
    // X and Y … together / jointly
    if (TOGETHER_CUES.has(lower)) {
      for (let back = i; back >= Math.max(0, i - 6); back--) {
        const pair = pairBefore(parts, back);
        if (pair) {
          add(pairRelation(pair[0], pair[1], i, purposeAfter(tokens, i + 1)));
          break;
        }
      }
    }
    // X signed a … agreement with Y; X and Y formed a joint venture; X's deal with Y
    if (AGREEMENT_NOUNS.has(lower)) {
      let verb = -1;
      for (let j = i - 1; j >= Math.max(0, i - 7); j--) {
        if (AGREEMENT_VERBS.has((tokens[j] as Token).lower)) {
          verb = j;
          break;
        }
      }
      let withIndex = -1;
      for (let j = i + 1; j < Math.min(tokens.length, i + 5); j++) {
        if ((tokens[j] as Token).lower === 'with') {
          withIndex = j;
          break;
        }
        if ((tokens[j] as Token).text === ',') break;
      }
      const partners = withIndex === -1 ? [] : listAt(parts, withIndex + 1);
      let subjects: FoundEntity[] = [];
      if (verb !== -1) subjects = subjectOrPair(verb);
      else {
        for (let end = i; end >= Math.max(0, i - 5); end--) {
          const owner = parts.byLast.get(end);
          if (owner && /['’]s$/.test(tokens[end - 1]?.text ?? '')) {
            subjects = [owner];
            break;
          }
        }
      }
      const purpose = purposeAfter(
        tokens,
        partners.length > 0 ? (partners[partners.length - 1] as FoundEntity).last : i + 1,
      );
      if (subjects.length === 1 && partners.length > 0) {
        for (const partner of partners)
          add(pairRelation(subjects[0] as FoundEntity, partner, verb === -1 ? i : verb, purpose));
      } else if (subjects.length === 2 && verb !== -1) {
        add(pairRelation(subjects[0] as FoundEntity, subjects[1] as FoundEntity, verb, purpose));
      }
    }
    // X will supply GPUs to Y
    if (SUPPLY_VERBS.has(lower)) {
      for (let j = i + 1; j < Math.min(tokens.length, i + 10); j++) {
        const t = tokens[j] as Token;
        if (t.text === ',' || t.text === ';') break;
        if (t.lower !== 'to') continue;
        const partner = entityAt(parts, j + 1);
        const subject = subjectBefore(parts, i);
        if (partner && subject && partner.kind === 'organization') {
          const what = phraseAfter(tokens, i + 1, Math.min(6, j - i - 1));
          add(pairRelation(subject, partner, i, what ? `supplies ${what}` : null));
        }
        break;
      }
    }
  }
  return hits;
}

const UP_WORDS = new Set([
  'rose',
  'rise',
  'rises',
  'risen',
  'rising',
  'jumped',
  'jump',
  'jumps',
  'surged',
  'surge',
  'surges',
  'soared',
  'soar',
  'soars',
  'climbed',
  'climb',
  'climbs',
  'gained',
  'gain',
  'gains',
  'rallied',
  'rally',
  'rallies',
  'spiked',
  'popped',
  'advanced',
  'up',
  'higher',
  'tripled',
  'doubled',
  'skyrocketed',
  'rocketed',
]);

const DOWN_WORDS = new Set([
  'fell',
  'fall',
  'falls',
  'fallen',
  'dropped',
  'drop',
  'drops',
  'slid',
  'slide',
  'slides',
  'sank',
  'sink',
  'sinks',
  'tumbled',
  'tumble',
  'tumbles',
  'plunged',
  'plunge',
  'plunges',
  'declined',
  'decline',
  'declines',
  'lost',
  'lose',
  'loses',
  'down',
  'lower',
  'tanked',
  'tank',
  'tanks',
  'cratered',
  'slumped',
  'slump',
  'plummeted',
  'shed',
  'dipped',
  'halved',
  'sagged',
  'retreated',
]);

const STOCK_WORDS = new Set(['shares', 'stock', 'stocks', 'adrs', 'share']);
const MOVE_AUX = new Set([
  'is',
  'was',
  'are',
  'were',
  'has',
  'have',
  'had',
  'been',
  'went',
  'closed',
  'ended',
  'finished',
  'traded',
  'trading',
  'opened',
  'also',
  'more',
  'than',
  'already',
  'now',
  'still',
  'then',
  'initially',
  "it's",
  'just',
]);
const SIZE_SKIP = new Set([
  'as',
  'much',
  'by',
  'nearly',
  'about',
  'more',
  'than',
  'another',
  'almost',
  'over',
  'roughly',
  'some',
  'a',
  'further',
]);
const NOT_MARKET_AFTER = new Set([
  'revenue',
  'sales',
  'profit',
  'earnings',
  'users',
  'usage',
  'behind',
  'short',
  'apart',
  'out',
  'off',
  'through',
  'for',
]);

function moveSizeAfter(tokens: Token[], index: number): number | null {
  let at = index + 1;
  for (let guard = 0; guard < 4 && tokens[at] && SIZE_SKIP.has((tokens[at] as Token).lower); guard++) at++;
  const number = tokens[at];
  const percent = tokens[at + 1];
  if (number && number.kind === 'num' && percent && percent.text === '%') return number.value;
  const word = tokens[at];
  if (
    number &&
    word &&
    percent &&
    (percent.lower === 'percent' || percent.lower === 'per') &&
    number.kind === 'num'
  )
    return number.value;
  return null;
}

function findMarketMoves(parts: SentenceParts): RelationHit[] {
  const { tokens } = parts;
  const hits: RelationHit[] = [];
  const done = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const lower = token.lower;
    let direction: 'up' | 'down' | null = null;
    let limit = false;
    if (lower === 'limit' && (tokens[i + 1]?.text === '-' || tokens[i + 1]?.kind === 'word')) {
      const next = tokens[i + 1]?.text === '-' ? tokens[i + 2] : tokens[i + 1];
      if (next?.lower === 'up') direction = 'up';
      if (next?.lower === 'down') direction = 'down';
      limit = direction !== null;
    } else if (UP_WORDS.has(lower)) direction = 'up';
    else if (DOWN_WORDS.has(lower)) direction = 'down';
    if (!direction) continue;
    if (lower === 'up' && tokens[i - 1]?.lower === 'limit') continue;
    if (lower === 'down' && tokens[i - 1]?.lower === 'limit') continue;
    const after = tokens[i + 1];
    if (after && NOT_MARKET_AFTER.has(after.lower)) continue;
    if ((lower === 'up' || lower === 'down') && after && (after.lower === 'to' || after.lower === 'with'))
      continue;
    // Size: "rose 20%", "closed 2.4% higher"
    let size = limit ? null : moveSizeAfter(tokens, i);
    if (
      size === null &&
      (lower === 'higher' || lower === 'lower') &&
      tokens[i - 1]?.text === '%' &&
      tokens[i - 2]?.kind === 'num'
    ) {
      size = (tokens[i - 2] as Token).value;
    }
    // Walk back over auxiliaries to the subject: "X shares were up", "Shares of X rose", "X is down".
    let at = i;
    if ((lower === 'higher' || lower === 'lower') && tokens[i - 1]?.text === '%') at = i - 2;
    for (let guard = 0; guard < 6 && at > 0 && MOVE_AUX.has((tokens[at - 1] as Token).lower); guard++) at--;
    let company: FoundEntity | null = null;
    let stock = false;
    const previous = tokens[at - 1];
    if (limit) {
      company = subjectBefore(parts, i);
      stock = true;
    } else if (previous && STOCK_WORDS.has(previous.lower)) {
      stock = true;
      let owner = at - 2;
      if (tokens[owner]?.text === '.' && tokens[owner]?.glued) owner--;
      const owned = parts.byLast.get(owner + 1);
      company = owned && owned.kind === 'organization' ? owned : null;
    } else if (previous) {
      const found = parts.byLast.get(at);
      const entity = found && found.kind === 'organization' ? found : null;
      if (
        entity &&
        STOCK_WORDS.has(tokens[entity.first - 2]?.lower ?? '') &&
        tokens[entity.first - 1]?.lower === 'of'
      ) {
        company = entity;
        stock = true;
      } else if (
        entity &&
        !entity.weak &&
        entity.type !== 'government' &&
        (entity.entry?.listed || size !== null)
      ) {
        company = entity;
        stock = entity.entry?.listed === true || size !== null;
      }
    }
    if (!stock) continue;
    if (lower === 'up' || lower === 'down') {
      // "up"/"down" needs a size or a stock word right before it.
      if (size === null && !(previous && (STOCK_WORDS.has(previous.lower) || MOVE_AUX.has(previous.lower))))
        continue;
    }
    if (company && done.has(company.first)) continue;
    if (company) done.add(company.first);
    const value: Record<string, unknown> = { company: company?.name ?? null, direction, size };
    if (limit) value.limit = true;
    hits.push({
      kind: 'market_move',
      value,
      trigger: i,
      parties: company ? [{ entity: company, part: 'market' }] : [],
    });
    if (limit) i += 2;
  }
  return hits;
}

const TARGET_VERBS = new Set([
  'train',
  'hire',
  'build',
  'create',
  'deploy',
  'install',
  'reach',
  'add',
  'cut',
  'open',
  'connect',
  'plant',
  'skill',
  'upskill',
  'reskill',
  'recruit',
  'employ',
  'produce',
  'ship',
  'deliver',
  'serve',
  'equip',
  'certify',
  'educate',
  'construct',
  'launch',
  'achieve',
  'double',
  'triple',
  'support',
]);

const TARGET_CUES = new Set(['will', 'to', 'shall', 'would', 'help', "'ll"]);
const TARGET_ADVERBS = new Set([
  'also',
  'jointly',
  'additionally',
  'further',
  'eventually',
  'then',
  'now',
  'help',
  'initially',
]);
const QUANTITY_SKIP = new Set([
  'about',
  'around',
  'more',
  'than',
  'over',
  'nearly',
  'another',
  'an',
  'additional',
  'at',
  'least',
  'roughly',
  'some',
  'up',
  'to',
]);
const UNIT_STOPS = new Set([
  'by',
  'in',
  'at',
  'across',
  'for',
  'under',
  'as',
  'to',
  'from',
  'over',
  'with',
  'on',
  'per',
  'a',
  'the',
  'this',
  'next',
  'within',
  'through',
  'before',
  'if',
  'which',
  'that',
  'while',
  'who',
  'than',
  'each',
  'every',
  'until',
  'starting',
  'worldwide',
  'globally',
  'annually',
]);
const MEASURES = new Set(['mw', 'gw', 'kw', '%', 'percent', 'tonnes', 'tons', 'twh', 'gwh', 'mwh']);

function hasTargetCue(tokens: Token[], verb: number): boolean {
  let at = verb - 1;
  for (let guard = 0; guard < 2 && tokens[at] && TARGET_ADVERBS.has((tokens[at] as Token).lower); guard++) {
    if ((tokens[at] as Token).lower === 'help') return true;
    at--;
  }
  const cue = tokens[at];
  if (!cue) return false;
  if (TARGET_CUES.has(cue.lower) || cue.lower.endsWith("'ll") || cue.lower.endsWith('’ll')) {
    // "need to hire", "want to build": wishes, not commitments.
    if (
      cue.lower === 'to' &&
      ['need', 'needs', 'want', 'wants', 'have', 'has', 'like', 'love'].includes(tokens[at - 1]?.lower ?? '')
    ) {
      return false;
    }
    return true;
  }
  return false;
}

function findTargets(parts: SentenceParts): RelationHit[] {
  const { tokens } = parts;
  const hits: RelationHit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (!TARGET_VERBS.has(token.lower) || !hasTargetCue(tokens, i)) continue;
    let at = i + 1;
    for (let guard = 0; guard < 3 && tokens[at] && QUANTITY_SKIP.has((tokens[at] as Token).lower); guard++)
      at++;
    if (parts.money.some((m) => m.first <= at && m.last > at)) continue;
    const quantity = quantityAt(tokens, at, true);
    if (!quantity || quantity.value <= 0) continue;
    const numberToken = tokens[at] as Token;
    if (
      numberToken.kind === 'num' &&
      numberToken.text.length === 4 &&
      numberToken.value >= 1900 &&
      numberToken.value <= 2100
    )
      continue;
    // The unit: words after the number up to a preposition or punctuation.
    const unitWords: string[] = [];
    let end = quantity.last;
    if (tokens[end]?.text === '%') {
      unitWords.push('%');
      end++;
    }
    while (end < tokens.length && unitWords.length < 5) {
      const t = tokens[end] as Token;
      if (t.kind !== 'word' || t.alnum) {
        if (t.text === '-' && t.glued && tokens[end + 1]?.kind === 'word') {
          unitWords.push('-');
          end++;
          continue;
        }
        break;
      }
      if (t.lower === 'of' && MEASURES.has(unitWords[unitWords.length - 1]?.toLowerCase() ?? '')) {
        unitWords.push(t.text);
        end++;
        continue;
      }
      if (t.lower === 'and') {
        const next = tokens[end + 1];
        if (
          next?.kind !== 'word' ||
          TARGET_VERBS.has(next.lower) ||
          INVEST_VERBS.has(next.lower) ||
          UNIT_STOPS.has(next.lower)
        )
          break;
        unitWords.push(t.text);
        end++;
        continue;
      }
      if (UNIT_STOPS.has(t.lower) || t.lower === 'of') break;
      unitWords.push(t.text);
      end++;
    }
    if (unitWords.length === 0) continue;
    const unit = unitWords.join(' ').replace(/ - /g, '-').replace(/^% /, '% ');
    // The deadline: the first "by …" period after the number, before the next target verb.
    let deadline: number | null = null;
    for (const period of parts.periods) {
      if (period.first < end) continue;
      let crossed = false;
      for (let j = end; j < period.first; j++) {
        if (TARGET_VERBS.has((tokens[j] as Token).lower) && hasTargetCue(tokens, j)) crossed = true;
      }
      if (!crossed && period.value.by !== undefined) deadline = period.value.by;
      break;
    }
    const subject = subjectBefore(parts, i);
    hits.push({
      kind: 'target',
      value: { action: token.lower, quantity: quantity.value, unit, deadline, who: subject?.name ?? null },
      trigger: i,
      parties: subject ? [{ entity: subject, part: 'target' }] : [],
    });
    i = end - 1;
  }
  return hits;
}

/** Every relation in a sentence. */
export function findRelations(parts: SentenceParts): RelationHit[] {
  return [
    ...findInvestments(parts),
    ...findPartnerships(parts),
    ...findMarketMoves(parts),
    ...findTargets(parts),
  ];
}
