/** What the Markdown and HTML renderers say alike. */
import type { Briefing, BriefingFact, BriefingSource } from './types.js';

export function formatUtc(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "u/name" on Reddit, the name elsewhere, null when unknown. */
export function authorLabel(community: string, author: string | null): string | null {
  if (!author) return null;
  return community.startsWith('r/') ? `u/${author}` : author;
}

/** "3 communities". */
export function backedBy(fact: BriefingFact): string {
  return `${fact.communities} ${fact.communities === 1 ? 'community' : 'communities'}`;
}

/** What a conflicting row is up against: "conflicting: sources also say USD 9,000,000,000". */
export function conflictNote(briefing: Briefing, fact: BriefingFact): string | null {
  if (!fact.conflict) return null;
  const others = fact.conflictsWith.flatMap((i) => (briefing.facts[i] ? [briefing.facts[i].value] : []));
  return others.length > 0 ? `conflicting: other sources say ${others.join('; ')}` : 'conflicting';
}

export function sourceKindLabel(source: BriefingSource): string {
  return source.kind === 'comment' ? 'comment on' : source.kind === 'document' ? 'article' : '';
}

export function stanceLine(p: Briefing['perspectives'][number]): string {
  const { posts, comments, authors } = p.participation;
  const parts = [
    `${posts} ${posts === 1 ? 'post' : 'posts'}`,
    `${comments} ${comments === 1 ? 'comment' : 'comments'}`,
    `${authors} ${authors === 1 ? 'author' : 'authors'}`,
  ];
  return `${p.stance} (${parts.join(', ')})`;
}
