import type {
  Briefing,
  BriefingEntityGroup,
  BriefingFact,
  BriefingPerspective,
  BriefingSection,
  BriefingSource,
  BriefingTimelineEntry,
} from '../write/types.js';

/**
 * A stored briefing body, read defensively: bodies written by older versions may lack fields
 * added since, and a reader should see what is there rather than an error page. Numbers that
 * are not numbers are dropped; strings that are not strings become empty.
 */
export function readBriefing(body: string, fallback: { storyId: string; version: number }): Briefing | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  const v = value;
  return {
    version: fallback.version,
    format: num(v.format) ?? 1,
    storyId: str(v.storyId) || fallback.storyId,
    headline: str(v.headline),
    headlineCitations: cites(v.headlineCitations),
    byline: str(v.byline),
    updatedAt: num(v.updatedAt) ?? 0,
    sections: list(v.sections).flatMap((s): BriefingSection[] =>
      isObject(s)
        ? [
            {
              id: str(s.id) as BriefingSection['id'],
              title: str(s.title),
              sentences: list(s.sentences).flatMap((x) =>
                isObject(x) ? [{ text: str(x.text), citations: cites(x.citations) }] : [],
              ),
            },
          ]
        : [],
    ),
    facts: list(v.facts).flatMap((f): BriefingFact[] =>
      isObject(f)
        ? [
            {
              kind: str(f.kind) as BriefingFact['kind'],
              label: str(f.label) || str(f.kind),
              value: str(f.value),
              raw: isObject(f.raw) ? f.raw : {},
              who: typeof f.who === 'string' ? f.who : null,
              quote: str(f.quote),
              communities: num(f.communities) ?? 0,
              citations: cites(f.citations),
              conflict: f.conflict === true,
              conflictsWith: cites(f.conflictsWith),
            },
          ]
        : [],
    ),
    entities: list(v.entities).flatMap((g): BriefingEntityGroup[] =>
      isObject(g)
        ? [
            {
              role: str(g.role) || 'other',
              entities: list(g.entities).flatMap((e) =>
                isObject(e) && str(e.name)
                  ? [
                      {
                        name: str(e.name),
                        kind: str(e.kind) as BriefingEntityGroup['entities'][number]['kind'],
                        mentions: num(e.mentions) ?? 0,
                        citations: cites(e.citations),
                      },
                    ]
                  : [],
              ),
            },
          ]
        : [],
    ),
    perspectives: list(v.perspectives).flatMap((p): BriefingPerspective[] => {
      if (!isObject(p)) return [];
      const part = isObject(p.participation) ? p.participation : {};
      return [
        {
          community: str(p.community),
          stance: (['positive', 'negative', 'mixed', 'neutral'].includes(str(p.stance))
            ? str(p.stance)
            : 'neutral') as BriefingPerspective['stance'],
          participation: {
            posts: num(part.posts) ?? 0,
            comments: num(part.comments) ?? 0,
            authors: num(part.authors) ?? 0,
          },
          themes: list(p.themes).filter((t): t is string => typeof t === 'string'),
          quotes: list(p.quotes).flatMap((q) =>
            isObject(q)
              ? [
                  {
                    text: str(q.text),
                    author: typeof q.author === 'string' ? q.author : null,
                    score: num(q.score),
                    citations: cites(q.citations),
                  },
                ]
              : [],
          ),
        },
      ];
    }),
    controversy: (['low', 'moderate', 'high'].includes(str(v.controversy))
      ? str(v.controversy)
      : null) as Briefing['controversy'],
    timeline: list(v.timeline).flatMap((t): BriefingTimelineEntry[] =>
      isObject(t)
        ? [{ at: num(t.at) ?? 0, date: str(t.date), text: str(t.text), citations: cites(t.citations) }]
        : [],
    ),
    sources: list(v.sources).flatMap((s): BriefingSource[] => {
      if (!isObject(s)) return [];
      const n = num(s.n);
      if (n === null) return [];
      return [
        {
          n,
          id: str(s.id),
          kind: (['post', 'comment', 'document'].includes(str(s.kind))
            ? str(s.kind)
            : 'post') as BriefingSource['kind'],
          community: str(s.community),
          title: str(s.title),
          url: typeof s.url === 'string' ? s.url : null,
          author: typeof s.author === 'string' ? s.author : null,
          publishedAt: num(s.publishedAt) ?? 0,
        },
      ];
    }),
    inspiredBy:
      isObject(v.inspiredBy) && num(v.inspiredBy.n) !== null
        ? {
            n: num(v.inspiredBy.n) ?? 0,
            community: str(v.inspiredBy.community),
            title: str(v.inspiredBy.title),
          }
        : null,
    disclaimer: str(v.disclaimer),
    grounded: v.grounded === true,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function cites(value: unknown): number[] {
  return list(value).filter((n): n is number => typeof n === 'number' && Number.isInteger(n));
}
