/**
 * A story's facts and entities from all its sources. Asserted mentions (neither negated nor
 * hedged) merge into facts by kind and normalised value; conflicting values of the same relation
 * are kept side by side and flagged; entities merge by gazetteer alias and by name prefix
 * ("Corvane" → "Corvane Capital"), and get a role with evidence.
 */
import type { FoundEntity } from './entities.js';
import { canonicalKey } from './gazetteer.js';
import { analyseSource, type DetailedMention, type SourceAnalysis } from './mentions.js';
import { chooseRole, cuesIn, DEFAULT_ROLES, PART_ROLES, type RoleScore } from './roles.js';
import type {
  Entity,
  Fact,
  FactMention,
  RoleDefinition,
  SourceText,
  Span,
  StoryExtraction,
} from './types.js';

export interface StoryOptions {
  roles?: RoleDefinition[];
}

const SOURCE_RANK: Record<SourceText['kind'], number> = { document: 0, post: 1, comment: 2 };

/** Rounds to three significant digits, so "$10 billion" and "US$10.0bn" share a key. */
function roundKey(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'null';
  if (value === 0) return '0';
  const digits = Math.floor(Math.log10(Math.abs(value)));
  const unit = 10 ** (digits - 2);
  return String(Math.round(value / unit) * unit);
}

function nameKey(value: unknown): string {
  return typeof value === 'string' ? canonicalKey(value) : 'null';
}

/** The key under which mentions of the same fact merge. */
export function mergeKey(kind: string, value: Record<string, unknown>): string {
  switch (kind) {
    case 'money':
      return `money|${value.currency}|${roundKey(value.amount)}|${roundKey(value.min)}`;
    case 'investment':
      return `investment|${nameKey(value.investor)}|${value.currency}|${roundKey(value.amount)}|${roundKey(value.min)}`;
    case 'period':
      return `period|${value.from ?? ''}|${value.to ?? ''}|${value.by ?? ''}`;
    case 'target':
      return `target|${value.action}|${roundKey(value.quantity)}|${value.deadline ?? ''}`;
    case 'partnership':
      return `partnership|${Array.isArray(value.parties) ? value.parties.map(nameKey).sort().join('+') : ''}`;
    case 'cooperation':
      return `cooperation|${nameKey(value.party)}|${nameKey(value.government)}`;
    case 'market_move':
      return `market_move|${nameKey(value.company)}|${value.direction}|${roundKey(value.size)}`;
    case 'event':
      return `event|${value.date}|${nameKey(value.who)}`;
    default:
      return `${kind}|${JSON.stringify(value)}`;
  }
}

/** The relation a fact states, for conflicts: the same relation with a different value. */
function relationKey(kind: string, value: Record<string, unknown>): string | null {
  if (kind === 'investment' && typeof value.investor === 'string')
    return `investment|${nameKey(value.investor)}`;
  if (kind === 'target') return `target|${value.action}|${String(value.unit ?? '').toLowerCase()}`;
  return null;
}

interface EntityCluster {
  name: string;
  kind: Entity['kind'];
  variants: Map<string, number>;
  listed: boolean;
  members: Array<{ entity: FoundEntity; sentence: number }>;
}

interface SentenceRef {
  span: Span;
  text: string;
  lower: string;
  source: SourceText;
}

function buildClusters(
  analyses: SourceAnalysis[],
  sentences: SentenceRef[],
  relationParties: Set<FoundEntity>,
) {
  const clusters = new Map<string, EntityCluster>();
  let sentenceIndex = 0;
  const order: Array<{ entity: FoundEntity; sentence: number }> = [];
  for (const analysis of analyses) {
    for (const sentence of analysis.sentences) {
      for (const entity of sentence.entities) {
        if (entity.weak && !relationParties.has(entity)) continue;
        order.push({ entity, sentence: sentenceIndex });
      }
      sentenceIndex++;
    }
  }
  void sentences;
  // First pass: exact keys.
  for (const item of order) {
    const key = `${item.entity.kind}|${canonicalKey(item.entity.name)}`;
    let cluster = clusters.get(key);
    if (!cluster) {
      cluster = {
        name: item.entity.name,
        kind: item.entity.kind,
        variants: new Map(),
        listed: item.entity.entry !== null,
        members: [],
      };
      clusters.set(key, cluster);
    }
    cluster.members.push(item);
    cluster.variants.set(item.entity.surface, (cluster.variants.get(item.entity.surface) ?? 0) + 1);
  }
  // Second pass: a short unlisted name that starts exactly one longer name joins it
  // ("Corvane" → "Corvane Capital"; for people, a first or last name → the full name). A name
  // taken for an organisation only for want of other evidence (type 'unknown') that is the first
  // or last name of exactly one person joins that person: "Trump" → "Donald Trump".
  const byPrefix = new Map<string, string[]>();
  const remember = (piece: string, key: string) => {
    const list = byPrefix.get(piece);
    if (list) list.push(key);
    else byPrefix.set(piece, [key]);
  };
  for (const key of clusters.keys()) {
    const [kind, long] = key.split('|') as [string, string];
    const words = long.split(' ');
    for (let n = 1; n < words.length; n++) {
      remember(`${kind}|${words.slice(0, n).join(' ')}`, key);
      if (kind === 'person') remember(`${kind}|${words.slice(n).join(' ')}`, key);
    }
  }
  for (const key of [...clusters.keys()]) {
    const cluster = clusters.get(key);
    if (!cluster || cluster.listed) continue;
    const [kind, name] = key.split('|') as [string, string];
    const guessed = kind === 'organization' && cluster.members.every((m) => m.entity.type === 'unknown');
    const longer = [
      ...(byPrefix.get(key) ?? []),
      ...(guessed ? (byPrefix.get(`person|${name}`) ?? []) : []),
    ].filter((other) => other !== key && clusters.has(other));
    if (longer.length !== 1) continue;
    const target = clusters.get(longer[0] as string) as EntityCluster;
    target.members.push(...cluster.members);
    for (const [variant, count] of cluster.variants)
      target.variants.set(variant, (target.variants.get(variant) ?? 0) + count);
    clusters.delete(key);
  }
  // Display names: the gazetteer name, else the longest variant.
  for (const cluster of clusters.values()) {
    if (cluster.listed) continue;
    let best = cluster.name;
    for (const variant of cluster.variants.keys()) {
      if (canonicalKey(variant).length > canonicalKey(best).length) best = variant;
    }
    cluster.name = best;
  }
  const aliasOf = new Map<string, string>();
  for (const cluster of clusters.values()) {
    for (const member of cluster.members) aliasOf.set(canonicalKey(member.entity.name), cluster.name);
    for (const variant of cluster.variants.keys()) aliasOf.set(canonicalKey(variant), cluster.name);
  }
  return { clusters: [...clusters.values()], aliasOf };
}

function renameValue(
  value: Record<string, unknown>,
  rename: (name: string) => string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const field of ['investor', 'party', 'company', 'who', 'government']) {
    const current = out[field];
    if (typeof current === 'string') out[field] = rename(current);
  }
  if (Array.isArray(out.parties))
    out.parties = (out.parties as unknown[]).map((p) => (typeof p === 'string' ? rename(p) : p)).sort();
  return out;
}

interface Candidate {
  mention: FactMention;
  source: SourceText;
  value: Record<string, unknown>;
}

function isBetter(a: Candidate, b: Candidate): boolean {
  const rank = SOURCE_RANK[a.source.kind] - SOURCE_RANK[b.source.kind];
  if (rank !== 0) return rank < 0;
  if (a.source.publishedAt !== b.source.publishedAt) return a.source.publishedAt < b.source.publishedAt;
  return Object.keys(a.value).length > Object.keys(b.value).length;
}

function mergeFacts(candidates: Candidate[]): Fact[] {
  const groups = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const key = mergeKey(candidate.mention.kind, candidate.value);
    const group = groups.get(key);
    if (group) group.push(candidate);
    else groups.set(key, [candidate]);
  }
  const facts: Fact[] = [];
  for (const group of groups.values()) {
    let best = group[0] as Candidate;
    for (const candidate of group) if (isBetter(candidate, best)) best = candidate;
    const value: Record<string, unknown> = { ...best.value };
    for (const candidate of group) {
      for (const [field, fieldValue] of Object.entries(candidate.value))
        if (!(field in value)) value[field] = fieldValue;
    }
    const sources: Span[] = [];
    const seen = new Set<string>();
    for (const candidate of group) {
      const { span } = candidate.mention;
      const key = `${span.id}:${span.start}:${span.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      sources.push({ ...span });
    }
    facts.push({
      kind: best.mention.kind,
      value,
      text: best.mention.text,
      sources,
      communities: new Set(group.map((c) => c.source.community)).size,
      firstReportedAt: group.reduce(
        (min, c) => Math.min(min, c.source.publishedAt),
        Number.POSITIVE_INFINITY,
      ),
      conflict: false,
      speaker: best.mention.speaker,
    });
  }
  const strength = (fact: Fact) => [fact.communities, fact.sources.length, -fact.firstReportedAt] as const;
  const compare = (a: Fact, b: Fact) => {
    const sa = strength(a);
    const sb = strength(b);
    for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return (sb[i] as number) - (sa[i] as number);
    return 0;
  };
  facts.sort(compare);
  // Conflicts: the same relation with different values; keep them together, best-sourced first.
  const byRelation = new Map<string, Fact[]>();
  for (const fact of facts) {
    const key = relationKey(fact.kind, fact.value);
    if (!key) continue;
    const list = byRelation.get(key);
    if (list) list.push(fact);
    else byRelation.set(key, [fact]);
  }
  for (const list of byRelation.values()) if (list.length > 1) for (const fact of list) fact.conflict = true;
  const ordered: Fact[] = [];
  const placed = new Set<Fact>();
  for (const fact of facts) {
    if (placed.has(fact)) continue;
    const key = relationKey(fact.kind, fact.value);
    const siblings = key && fact.conflict ? (byRelation.get(key) ?? [fact]) : [fact];
    for (const sibling of siblings) {
      if (placed.has(sibling)) continue;
      placed.add(sibling);
      ordered.push(sibling);
    }
  }
  return ordered;
}

function partRole(part: string, entity: FoundEntity, mention: DetailedMention): string | null {
  if (part === 'investor') {
    return entity.type === 'investor' || entity.entry?.roleHint === 'investor'
      ? (PART_ROLES.financial_investor ?? null)
      : (PART_ROLES.investor ?? null);
  }
  if (part === 'government') return PART_ROLES.government ?? null;
  if (part === 'market') return PART_ROLES.market ?? null;
  if (part === 'target') {
    const action = String(mention.mention.value.action ?? '');
    return ['train', 'skill', 'upskill', 'reskill', 'educate', 'certify'].includes(action)
      ? (PART_ROLES.training ?? null)
      : (PART_ROLES.target ?? null);
  }
  if (part === 'partner') {
    const purpose = String(mention.mention.value.purpose ?? '');
    if (purpose.startsWith('supplies')) return PART_ROLES.supplier ?? null;
  }
  return null;
}

function describeFact(mention: FactMention): string {
  const value = mention.value;
  if (mention.kind === 'investment')
    return `investor in ${value.currency} ${Number(value.amount).toLocaleString('en-US')} investment`;
  if (mention.kind === 'cooperation') return `government party to a cooperation with ${value.party}`;
  if (mention.kind === 'market_move')
    return `shares moved ${value.direction}${value.size === null ? '' : ` ${value.size}%`}`;
  if (mention.kind === 'target') return `target: ${value.action} ${value.quantity} ${value.unit}`;
  if (mention.kind === 'partnership') return `partner (${String(value.purpose ?? 'partnership')})`;
  return mention.kind;
}

/** Facts and entities of a story from all its sources. */
export function extractStory(sources: readonly SourceText[], options: StoryOptions = {}): StoryExtraction {
  const roles = options.roles ?? DEFAULT_ROLES;
  const roleIds = new Set(roles.map((r) => r.id));
  const analyses = sources.map(analyseSource);
  const sentences: SentenceRef[] = [];
  const relationParties = new Set<FoundEntity>();
  for (const analysis of analyses) {
    for (const sentence of analysis.sentences) {
      sentences.push({
        span: sentence.span,
        text: sentence.text,
        lower: sentence.text.toLowerCase(),
        source: analysis.source,
      });
      for (const detailed of sentence.mentions)
        for (const party of detailed.parties) relationParties.add(party.entity);
    }
  }
  const { clusters, aliasOf } = buildClusters(analyses, sentences, relationParties);
  const rename = (name: string) => aliasOf.get(canonicalKey(name)) ?? name;

  // Facts from asserted mentions.
  const candidates: Candidate[] = [];
  for (const analysis of analyses) {
    for (const sentence of analysis.sentences) {
      for (const detailed of sentence.mentions) {
        if (detailed.mention.negated || detailed.mention.hedged) continue;
        candidates.push({
          mention: detailed.mention,
          source: analysis.source,
          value: renameValue(detailed.mention.value, rename),
        });
      }
    }
  }
  const facts = mergeFacts(candidates);

  // Roles: relation parts, what the entity is, cue words near it.
  const scores = new Map<string, RoleScore[]>();
  const addScore = (name: string, score: RoleScore) => {
    if (!roleIds.has(score.roleId)) return;
    const list = scores.get(name);
    if (list) list.push(score);
    else scores.set(name, [score]);
  };
  let sentenceIndex = 0;
  for (const analysis of analyses) {
    for (const sentence of analysis.sentences) {
      for (const detailed of sentence.mentions) {
        if (detailed.mention.negated || detailed.mention.hedged) continue;
        for (const party of detailed.parties) {
          const roleId = partRole(party.part, party.entity, detailed);
          if (roleId)
            addScore(rename(party.entity.name), {
              roleId,
              score: 3,
              reason: describeFact(detailed.mention),
              sentence: sentenceIndex,
            });
        }
      }
      sentenceIndex++;
    }
  }
  for (const cluster of clusters) {
    if (cluster.kind !== 'organization') continue;
    const first = cluster.members[0];
    if (!first) continue;
    const { entity } = first;
    const typeRole =
      entity.type === 'government'
        ? 'government'
        : entity.type === 'university'
          ? 'talent'
          : entity.type === 'exchange' || entity.type === 'investor'
            ? 'investor'
            : (entity.entry?.roleHint ?? null);
    if (typeRole)
      addScore(cluster.name, {
        roleId: typeRole,
        score: 2,
        reason: `is a ${entity.type === 'company' ? 'known provider' : entity.type}`,
        sentence: first.sentence,
      });
    for (const member of cluster.members) {
      const ref = sentences[member.sentence];
      if (!ref) continue;
      // Cue words within 60 characters of the mention; in a comment they count half (a role
      // needs two of them there: one commenter's "cloud" near "Facebook" says little).
      const from = Math.max(0, member.entity.start - ref.span.start - 60);
      const to = Math.min(ref.text.length, member.entity.end - ref.span.start + 60);
      const score = ref.source.kind === 'comment' ? 0.5 : 1;
      for (const [roleId, cue] of cuesIn(ref.lower.slice(from, to), roles)) {
        addScore(cluster.name, { roleId, score, reason: `"${cue}" near it`, sentence: member.sentence });
      }
    }
  }

  const entities: Entity[] = clusters.map((cluster) => {
    const list = scores.get(cluster.name) ?? [];
    const role = cluster.kind === 'organization' ? chooseRole(list, roles) : null;
    const evidence = role
      ? list
          .filter((s) => s.roleId === role.id)
          .sort((a, b) => b.score - a.score)
          .slice(0, 5)
          .map((s) => ({
            reason: s.reason,
            span: s.sentence >= 0 ? { ...(sentences[s.sentence] as SentenceRef).span } : null,
          }))
      : [];
    const aliases = [...cluster.variants.keys()].filter((v) => v !== cluster.name);
    return {
      name: cluster.name,
      kind: cluster.kind,
      aliases,
      role: role?.label ?? null,
      evidence,
      mentions: cluster.members.length,
    };
  });
  entities.sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name));
  return { facts, entities };
}
