/** The JSON form of a briefing: the `roundup brief --format json` contract, keys in reading order. */
import type { Briefing } from './types.js';

export type BriefingJson = Briefing;

/** A plain object with the contract's keys first (`storyId`, `headline`, `byline`, `sections` …). */
export function toBriefingJson(briefing: Briefing): BriefingJson {
  return {
    storyId: briefing.storyId,
    headline: briefing.headline,
    headlineCitations: [...briefing.headlineCitations],
    byline: briefing.byline,
    sections: briefing.sections.map((section) => ({
      id: section.id,
      title: section.title,
      sentences: section.sentences.map((s) => ({ text: s.text, citations: [...s.citations] })),
    })),
    facts: briefing.facts.map((fact) => ({ ...fact, citations: [...fact.citations] })),
    entities: briefing.entities,
    perspectives: briefing.perspectives,
    controversy: briefing.controversy,
    timeline: briefing.timeline,
    sources: briefing.sources.map((source) => ({ ...source })),
    inspiredBy: briefing.inspiredBy,
    disclaimer: briefing.disclaimer,
    grounded: briefing.grounded,
    updatedAt: briefing.updatedAt,
    version: briefing.version,
    format: briefing.format,
  };
}

export function renderBriefingJson(briefing: Briefing): string {
  return `${JSON.stringify(toBriefingJson(briefing), null, 2)}\n`;
}
