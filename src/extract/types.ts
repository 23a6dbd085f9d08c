/**
 * The extraction port. Pure code in src/extract turns the texts of a story (posts, comments,
 * linked documents) into facts and entities, each carrying the exact spans it came from.
 */

export type FactKind =
  | 'investment'
  | 'money'
  | 'period'
  | 'target'
  | 'partnership'
  | 'cooperation'
  | 'market_move'
  | 'event';

/**
 * One text of a story. For a post, `text` is its title, a blank line, then its body (see
 * `postSourceText`); for a comment its body; for a document its extracted text. Span offsets
 * are UTF-16 offsets into exactly this string.
 */
export interface SourceText {
  /** `hn:123`, `reddit:t1_abc`, `doc:<dedup key>` … */
  id: string;
  kind: 'post' | 'comment' | 'document';
  community: string;
  publishedAt: number;
  author: string | null;
  text: string;
}

export interface Span {
  /** The SourceText id. */
  id: string;
  start: number;
  end: number;
}

/** One statement of a fact in one source. */
export interface FactMention {
  kind: FactKind;
  /** Normalised value, e.g. { amount: 10000000000, currency: 'USD' } or { from: 2026, to: 2029 }. */
  value: Record<string, unknown>;
  /** The exact text of the span. */
  text: string;
  span: Span;
  /** Negated ("is not investing"), hedged ("rumoured", "I doubt"), hypothetical: never reported as fact. */
  negated: boolean;
  hedged: boolean;
  /** Who said it, when the sentence attributes the claim ("…, Nadella said"). */
  speaker: string | null;
}

/** Mentions merged within a story. */
export interface Fact {
  kind: FactKind;
  value: Record<string, unknown>;
  /** The best-sourced statement of it. */
  text: string;
  sources: Span[];
  /** How many independent communities state it. */
  communities: number;
  firstReportedAt: number;
  /** Another fact of the same relation states a different value. */
  conflict: boolean;
  speaker: string | null;
}

export type EntityKind = 'organization' | 'person' | 'place';

export interface Entity {
  name: string;
  kind: EntityKind;
  aliases: string[];
  /** A role from the taxonomy (e.g. "compute & hardware provider"), or null when nothing says. */
  role: string | null;
  /** Why it has that role: the cue words or relations, with spans. */
  evidence: Array<{ reason: string; span: Span | null }>;
  mentions: number;
}

/**
 * One mention of an organisation, person or place in one source (added for `extractMentions`;
 * the story-level `Entity` merges them).
 */
export interface EntityMention {
  /** Canonical name: the gazetteer name when listed ("MSFT" → "Microsoft"), else as written. */
  name: string;
  kind: EntityKind;
  /** The exact text of the span. */
  text: string;
  span: Span;
}

/** What `extractMentions` finds in one source, asserted or not (see the flags). */
export interface MentionExtraction {
  facts: FactMention[];
  entityMentions: EntityMention[];
}

export interface RoleDefinition {
  id: string;
  label: string;
  /** Cue words and phrases that suggest the role near the entity. */
  cues: string[];
}

export interface StoryExtraction {
  facts: Fact[];
  entities: Entity[];
}

/** The text of a post as extraction and quoting see it: title, blank line, body. */
export function postSourceText(post: { title: string; text: string }): string {
  return post.text ? `${post.title}\n\n${post.text}` : post.title;
}
