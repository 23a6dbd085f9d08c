import { extractMentions } from './mentions.js';
import type { FactKind, FactMention, SourceText } from './types.js';

export const PUBLISHED_AT = Date.parse('2026-03-04T09:00:00Z');

export function sourceOf(text: string, overrides: Partial<SourceText> = {}): SourceText {
  return {
    id: 'test:1',
    kind: 'document',
    community: 'Wire',
    publishedAt: PUBLISHED_AT,
    author: null,
    text,
    ...overrides,
  };
}

/** Asserted mentions of one kind in `text`. */
export function asserted(text: string, kind: FactKind): Array<Record<string, unknown>> {
  return extractMentions(sourceOf(text))
    .facts.filter((f: FactMention) => f.kind === kind && !f.negated && !f.hedged)
    .map((f) => f.value);
}
