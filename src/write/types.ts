/**
 * The briefing: what the writer composes from one story's sources (see ../shared/DESIGN.md,
 * "The reference output"). Every statement carries the numbers [n] of the sources it quotes;
 * `sources` lists them. Pure data: the renderers (Markdown, HTML, JSON) and the store take it
 * from here.
 */
import type { Entity, EntityKind, Fact, FactKind, SourceText } from '../extract/types.js';
import type { CommentTotals, Stance } from '../perspectives/types.js';

/** Bumped when the shape of `Briefing` or its JSON changes. */
export const BRIEFING_FORMAT = 1;

/**
 * Bumped whenever a change to composing or rendering writes another briefing from the same
 * inputs: stories briefed by another version are briefed again by the next write stage.
 * 2 (2026-12-06): no sentence or comment with an obscenity or a slur is picked; who's involved
 * needs a post, a document or two comments naming an entity.
 */
export const WRITER_VERSION = 2;

export const BRIEFING_DISCLAIMER =
  'This briefing was assembled automatically from the sources above; every statement links to the source it came from.';

export interface BriefingStoryInput {
  id: string;
  title: string;
  firstSeen: number;
  lastSeen: number;
}

/** A post of the story (a `StoryMember` plus its text). */
export interface BriefingPostInput {
  id: string;
  community: string;
  title: string;
  /** The post's body (without the title), may be empty. */
  text: string;
  url: string | null;
  permalink: string | null;
  author: string | null;
  score: number | null;
  commentCount: number | null;
  publishedAt: number;
  /** Dedup key of `url`: links the post to its linked document (`doc:<dedupKey>`), when known. */
  dedupKey?: string | null;
}

export interface BriefingCommentInput {
  id: string;
  postId: string | null;
  parentId: string | null;
  community: string;
  author: string | null;
  text: string;
  score: number | null;
  publishedAt: number;
  depth: number | null;
}

/** Everything the composer reads. Nothing outside this is ever quoted. */
export interface BriefingInput {
  story: BriefingStoryInput;
  posts: readonly BriefingPostInput[];
  /** The comments read (at most a budget of them, `loadStoryComments`): stance, themes, quotes. */
  comments: readonly BriefingCommentInput[];
  /** Per community, every comment of the story, when `comments` holds only some: what the counts say. */
  commentTotals?: ReadonlyMap<string, CommentTotals>;
  /** The exact texts facts were extracted from (`loadStorySources`): spans index into these. */
  sources: readonly SourceText[];
  facts: readonly Fact[];
  entities: readonly Entity[];
  /** Epoch ms: the briefing's `updatedAt`. */
  now: number;
}

export interface ComposeOptions {
  /** Word budget of "What happened" for the summariser (default 90). */
  summaryWords?: number;
  /** The briefing's version (the store counts rebuilds); default 1. */
  version?: number;
}

/** A sentence and the sources [n] whose spans it quotes. */
export interface CitedSentence {
  text: string;
  citations: number[];
  /** Written by the optional model writer (and checked); absent for sentences quoted from a source. */
  rephrased?: boolean;
}

export type SectionId = 'what-happened' | 'why-it-matters' | 'what-it-means-for-you';

/** A prose section: cited sentences only. */
export interface BriefingSection {
  id: SectionId;
  title: string;
  sentences: CitedSentence[];
}

/** A row of "Key facts". */
export interface BriefingFact {
  kind: FactKind;
  /** Human label of the kind: "investment", "market move" … */
  label: string;
  /** The normalised value rendered for reading: "USD 10,000,000,000", "2026–2029". */
  value: string;
  /** The normalised value as extracted. */
  raw: Record<string, unknown>;
  /** Who: the speaker or the organisations the value belongs to, when known. */
  who: string | null;
  /** The source text stating it (the best-sourced statement), cleaned. */
  quote: string;
  /** How many independent communities state it. */
  communities: number;
  citations: number[];
  /** Another source states a different value for the same relation. */
  conflict: boolean;
  /** Rows (indexes into `facts`) that state a conflicting value. */
  conflictsWith: number[];
}

export interface BriefingEntity {
  name: string;
  kind: EntityKind;
  mentions: number;
  citations: number[];
}

/** "Who's involved": entities grouped by the role they play. */
export interface BriefingEntityGroup {
  /** The role label ("compute & hardware provider"), or "other" when nothing says. */
  role: string;
  entities: BriefingEntity[];
}

export interface BriefingQuote {
  text: string;
  author: string | null;
  score: number | null;
  citations: number[];
}

/** "How communities see it", one community. */
export interface BriefingPerspective {
  community: string;
  stance: Stance;
  participation: { posts: number; comments: number; authors: number };
  themes: string[];
  quotes: BriefingQuote[];
}

export interface BriefingTimelineEntry {
  /** Epoch ms of the event when the fact gives a date, else when it was first reported. */
  at: number;
  /** The date as rendered: "2026-03-01" (or "2026-03" / "2026" when that is all that is known). */
  date: string;
  text: string;
  citations: number[];
}

export type BriefingSourceKind = 'post' | 'comment' | 'document';

/** A numbered source. Comments are sources of their own, linked to their thread. */
export interface BriefingSource {
  n: number;
  /** The SourceText id (`hn:123`, `reddit:t1_abc`, `doc:<key>`). */
  id: string;
  kind: BriefingSourceKind;
  community: string;
  /** The post's title; for a comment "Comment on “<post title>”"; for a document its site's title. */
  title: string;
  /** A http(s) link to the source, or null when none is known. */
  url: string | null;
  author: string | null;
  publishedAt: number;
}

export interface Briefing {
  version: number;
  format: number;
  storyId: string;
  headline: string;
  /** The sources the headline is taken from. */
  headlineCitations: number[];
  byline: string;
  updatedAt: number;
  /** Prose sections with at least one sentence, in reading order. */
  sections: BriefingSection[];
  facts: BriefingFact[];
  entities: BriefingEntityGroup[];
  perspectives: BriefingPerspective[];
  /** How divided the communities are (`compareCommunities`), when two or more took part. */
  controversy: 'low' | 'moderate' | 'high' | null;
  timeline: BriefingTimelineEntry[];
  sources: BriefingSource[];
  /** The post that started the story. */
  inspiredBy: { n: number; community: string; title: string } | null;
  disclaimer: string;
  /** Every number, date and name found in a cited source (`checkGrounding`). */
  grounded: boolean;
}

export type BriefingFormat = 'md' | 'json' | 'html';

/** The composer's signature (src/write/compose.ts). */
export type ComposeBriefing = (input: BriefingInput, options?: ComposeOptions) => Briefing;
