/**
 * The briefing composer (DESIGN.md, "The reference output"): headline, byline, what happened,
 * key facts, why it matters, who's involved, how communities see it, what it means for you,
 * timeline and sources. Extractive: every prose sentence is a sentence of a source, cleaned for
 * reading (`cleanSentence`), cited to that source; key facts and the timeline come from
 * extracted facts, which carry their own spans. Each statement is checked against the sources it
 * cites while it is chosen, and one that fails is left out, so the result is grounded by
 * construction; `grounded` records the final check of the whole briefing. Pure: no I/O, no clock.
 */
import type { Entity, SourceText } from '../extract/types.js';
import { analyseCommunities, compareCommunities } from '../perspectives/index.js';
import type { CommunityPerspective } from '../perspectives/types.js';
import { isProfane } from '../text/profanity.js';
import { selectCueSentences } from './cues.js';
import { buildFactRows, conflictingRows } from './facts-table.js';
import { checkGrounding, findUnsupported, type StatementKind } from './ground.js';
import { cleanSentence } from './sentences-clean.js';
import { catalogueSources, numberSources, type SourceCatalogue } from './source-list.js';
import { summarize } from './summarize.js';
import {
  BRIEFING_DISCLAIMER,
  BRIEFING_FORMAT,
  type Briefing,
  type BriefingInput,
  type BriefingPerspective,
  type BriefingPostInput,
  type BriefingSection,
  type BriefingTimelineEntry,
  type ComposeOptions,
  type SectionId,
} from './types.js';

export const DEFAULT_SUMMARY_WORDS = 90;
const MAX_SUMMARY_SENTENCES = 4;
const MAX_ENTITIES = 24;
const MAX_ENTITIES_PER_ROLE = 8;
const MAX_TIMELINE = 10;
const MAX_THEMES = 5;

const SECTION_TITLES: Record<SectionId, string> = {
  'what-happened': 'What happened',
  'why-it-matters': 'Why it matters',
  'what-it-means-for-you': 'What it means for you',
};

/** Role labels in the order the reference output lists them; others follow alphabetically. */
const ROLE_ORDER = [
  'platform / decision-maker',
  'compute & hardware provider',
  'talent & education',
  'government & regulator',
  'investor & market',
];

/** A statement while composing: it cites SourceText ids. */
interface Draft {
  text: string;
  sourceIds: string[];
}

/** Composes a story's briefing from its sources. */
export function composeBriefing(input: BriefingInput, options: ComposeOptions = {}): Briefing {
  const catalogue = catalogueSources(input);
  const grounded = (text: string, sourceIds: readonly string[], kind: StatementKind = 'prose') => {
    const cited = sourceIds.flatMap((id) => catalogue.texts.get(id) ?? []);
    return cited.length > 0 && findUnsupported(text, cited, kind).length === 0;
  };

  const headline = chooseHeadline(input, grounded);
  const whatHappened = summarise(input, catalogue, options.summaryWords ?? DEFAULT_SUMMARY_WORDS).filter(
    (d) => grounded(d.text, d.sourceIds),
  );
  const quoted = new Set(whatHappened.map((d) => d.text));
  const cues = cueSections(input, catalogue, quoted);
  const why = cues.significance.filter((d) => grounded(d.text, d.sourceIds));
  const forYou = cues.advice.filter((d) => grounded(d.text, d.sourceIds));
  const factRows = buildFactRows(input.facts, catalogue.texts);
  const entities = entityDrafts(input.entities, catalogue, grounded);
  const analysed = perspectivesOf(input);
  const perspectives = analysed.map((p) => perspectiveDraft(p, catalogue, grounded));
  const timeline = timelineDrafts(input, catalogue, grounded);

  const cited = new Set<string>();
  const cite = (ids: readonly string[]) => {
    for (const id of ids) cited.add(id);
  };
  cite(headline.sourceIds);
  for (const draft of [...whatHappened, ...why, ...forYou]) cite(draft.sourceIds);
  for (const row of factRows) cite(row.sourceIds);
  for (const group of entities) for (const entity of group.entities) cite(entity.sourceIds);
  for (const perspective of perspectives) for (const quote of perspective.quotes) cite(quote.sourceIds);
  for (const entry of timeline) cite(entry.sourceIds);

  const { sources, numberOf } = numberSources(catalogue, cited);
  const numbers = (ids: readonly string[]) =>
    [...new Set(ids.flatMap((id) => numberOf.get(id) ?? []))].sort((a, b) => a - b);
  const section = (id: SectionId, drafts: Draft[]): BriefingSection[] =>
    drafts.length === 0
      ? []
      : [
          {
            id,
            title: SECTION_TITLES[id],
            sentences: drafts.map((d) => ({ text: d.text, citations: numbers(d.sourceIds) })),
          },
        ];

  const earliest = [...input.posts].sort(
    (a, b) => a.publishedAt - b.publishedAt || (a.id < b.id ? -1 : 1),
  )[0];
  const inspiredN = earliest ? numberOf.get(earliest.id) : undefined;
  const comparison = analysed.length >= 2 ? compareCommunities(analysed) : null;

  const briefing: Briefing = {
    version: options.version ?? 1,
    format: BRIEFING_FORMAT,
    storyId: input.story.id,
    headline: headline.text,
    headlineCitations: numbers(headline.sourceIds),
    byline: bylineOf(input),
    updatedAt: input.now,
    sections: [
      ...section('what-happened', whatHappened),
      ...section('why-it-matters', why),
      ...section('what-it-means-for-you', forYou),
    ],
    facts: factRows.map((row, index) => ({
      kind: row.kind,
      label: row.label,
      value: row.value,
      raw: row.raw,
      who: row.who,
      quote: row.quote,
      communities: row.communities,
      citations: numbers(row.sourceIds),
      conflict: row.conflict,
      conflictsWith: conflictingRows(factRows, index),
    })),
    entities: entities.map((group) => ({
      role: group.role,
      entities: group.entities.map((e) => ({
        name: e.name,
        kind: e.kind,
        mentions: e.mentions,
        citations: numbers(e.sourceIds),
      })),
    })),
    perspectives: perspectives.map((p) => ({
      ...p.perspective,
      quotes: p.quotes.map((q) => ({
        text: q.text,
        author: q.author,
        score: q.score,
        citations: numbers(q.sourceIds),
      })),
    })),
    controversy: comparison?.controversy.level ?? null,
    timeline: timeline.map((entry) => ({
      at: entry.at,
      date: entry.date,
      text: entry.text,
      citations: numbers(entry.sourceIds),
    })),
    sources,
    inspiredBy:
      earliest && inspiredN !== undefined
        ? { n: inspiredN, community: earliest.community, title: cleanSentence(earliest.title) }
        : null,
    disclaimer: BRIEFING_DISCLAIMER,
    grounded: false,
  };
  briefing.grounded = checkGrounding(briefing, [...catalogue.texts.values()]).grounded;
  return briefing;
}

type Grounded = (text: string, sourceIds: readonly string[], kind?: StatementKind) => boolean;

/** The story's title as its posts write it, cited to the posts that carry it. */
function chooseHeadline(input: BriefingInput, grounded: Grounded): Draft {
  const wanted = cleanSentence(input.story.title);
  const carrying = input.posts.filter((post) => cleanSentence(post.title) === wanted).map((post) => post.id);
  if (wanted !== '' && carrying.length > 0 && grounded(wanted, carrying))
    return { text: wanted, sourceIds: carrying };
  // The stored title no longer matches a post (a post was deleted or retitled): the earliest
  // post's own title instead, so the headline is still a source's words.
  const posts = [...input.posts].sort((a, b) => a.publishedAt - b.publishedAt);
  for (const post of posts) {
    const title = cleanSentence(post.title);
    if (title !== '' && grounded(title, [post.id])) return { text: title, sourceIds: [post.id] };
  }
  return { text: wanted, sourceIds: [] };
}

/** "What happened": the multi-document summary of the posts and linked documents. */
function summarise(input: BriefingInput, catalogue: SourceCatalogue, words: number): Draft[] {
  const documents = [];
  for (const post of input.posts) {
    if (!catalogue.texts.has(post.id)) continue;
    const body = post.text.trim();
    documents.push({ id: post.id, title: post.title, text: body, publishedAt: post.publishedAt });
  }
  for (const source of catalogue.texts.values()) {
    if (source.kind !== 'document') continue;
    const post = catalogue.postOfDocument.get(source.id);
    documents.push({
      id: source.id,
      ...(post ? { title: post.title } : {}),
      text: source.text,
      publishedAt: source.publishedAt,
    });
  }
  const withText = documents.filter((d) => d.text !== '');
  if (withText.length === 0) return [];
  return summarize(withText, { words, maxSentences: MAX_SUMMARY_SENTENCES })
    .filter((sentence) => sentence.text !== '' && !isProfane(sentence.text))
    .map((sentence) => ({ text: sentence.text, sourceIds: [sentence.docId] }));
}

/** Votes that let a comment speak in the cue sections, scaled 0…1; 0 keeps it out. */
function commentWeights(input: BriefingInput): (id: string) => number {
  const scores = input.comments
    .map((c) => c.score)
    .filter((s): s is number => s !== null)
    .sort((a, b) => a - b);
  const quartile = scores.length > 0 ? (scores[Math.floor(scores.length * 0.75)] as number) : 0;
  const threshold = Math.max(2, quartile);
  const best = scores.length > 0 ? Math.max(threshold, scores[scores.length - 1] as number) : threshold;
  const byId = new Map(input.comments.map((c) => [c.id, c]));
  return (id) => {
    const comment = byId.get(id);
    if (!comment) return 0;
    // Hacker News shows no comment scores: a top-level comment may speak.
    if (comment.score === null) return (comment.depth ?? 0) <= 1 ? 0.6 : 0;
    if (comment.score < threshold) return 0;
    return 0.5 + 0.5 * (Math.log1p(comment.score) / Math.log1p(best));
  };
}

function cueSections(
  input: BriefingInput,
  catalogue: SourceCatalogue,
  exclude: ReadonlySet<string>,
): { significance: Draft[]; advice: Draft[] } {
  const weight = commentWeights(input);
  const speaking = [...catalogue.texts.values()].filter(
    (source) => source.kind !== 'comment' || weight(source.id) > 0,
  );
  const { significance, advice } = selectCueSentences(speaking, exclude, weight);
  const toDraft = (c: { text: string; sourceId: string }): Draft => ({
    text: c.text,
    sourceIds: [c.sourceId],
  });
  return { significance: significance.map(toDraft), advice: advice.map(toDraft) };
}

interface EntityDraft {
  name: string;
  kind: Entity['kind'];
  mentions: number;
  sourceIds: string[];
}

/**
 * "Who's involved": organisations by role, then people, places and other organisations. An
 * entity is shown under a name its sources write (the gazetteer's name or an alias), cited to
 * the sources that give its role or, failing that, that name it. One that only comments name
 * needs two of them: a single comment's aside ("my AudioQuest cable") is not who the story is about.
 */
function entityDrafts(
  entities: readonly Entity[],
  catalogue: SourceCatalogue,
  grounded: Grounded,
): Array<{ role: string; entities: EntityDraft[] }> {
  const texts = [...catalogue.texts.values()].sort(
    (a, b) =>
      (a.kind === 'comment' ? 1 : 0) - (b.kind === 'comment' ? 1 : 0) || a.publishedAt - b.publishedAt,
  );
  const groups = new Map<string, EntityDraft[]>();
  let count = 0;
  for (const entity of [...entities].sort(
    (a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name),
  )) {
    if (count >= MAX_ENTITIES) break;
    if (entity.role === null && entity.mentions < 2) continue;
    if (!namedBeyondOneComment([entity.name, ...entity.aliases], texts, grounded)) continue;
    const evidence = [...new Set(entity.evidence.flatMap((e) => (e.span ? [e.span.id] : [])))];
    let chosen: EntityDraft | null = null;
    for (const name of [entity.name, ...entity.aliases]) {
      const citing = evidence.filter((id) => grounded(name, [id], 'value'));
      const naming =
        citing.length > 0
          ? citing
          : texts
              .filter((t) => grounded(name, [t.id], 'value'))
              .slice(0, 3)
              .map((t) => t.id);
      if (naming.length > 0) {
        chosen = { name, kind: entity.kind, mentions: entity.mentions, sourceIds: naming.slice(0, 3) };
        break;
      }
    }
    if (!chosen) continue;
    const role =
      entity.role ??
      (entity.kind === 'person' ? 'people' : entity.kind === 'place' ? 'places' : 'other organisations');
    const group = groups.get(role) ?? [];
    if (group.length >= MAX_ENTITIES_PER_ROLE) continue;
    group.push(chosen);
    groups.set(role, group);
    count++;
  }
  const rank = (role: string) => {
    const index = ROLE_ORDER.indexOf(role);
    if (index >= 0) return index;
    return ['other organisations', 'people', 'places'].includes(role)
      ? ROLE_ORDER.length + 1 + ['other organisations', 'people', 'places'].indexOf(role)
      : ROLE_ORDER.length;
  };
  return [...groups]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([role, list]) => ({ role, entities: list }));
}

/** Whether a post or document names the entity, or two comments do (stops at the first that settles it). */
function namedBeyondOneComment(
  names: readonly string[],
  texts: readonly SourceText[],
  grounded: Grounded,
): boolean {
  let comments = 0;
  for (const text of texts) {
    if (!names.some((name) => grounded(name, [text.id], 'value'))) continue;
    if (text.kind !== 'comment' || ++comments >= 2) return true;
  }
  return false;
}

function perspectivesOf(input: BriefingInput): CommunityPerspective[] {
  const subject = input.entities
    .filter((e) => e.kind === 'organization')
    .slice(0, 5)
    .map((e) => e.name);
  return analyseCommunities({
    posts: input.posts.map((post: BriefingPostInput) => ({
      id: post.id,
      community: post.community,
      title: post.title,
      text: post.text,
      author: post.author,
      score: post.score,
      commentCount: post.commentCount,
      url: post.url,
      publishedAt: post.publishedAt,
    })),
    comments: input.comments,
    ...(input.commentTotals ? { totals: input.commentTotals } : {}),
    subject,
  });
}

interface PerspectiveDraft {
  perspective: Omit<BriefingPerspective, 'quotes'>;
  quotes: Array<{ text: string; author: string | null; score: number | null; sourceIds: string[] }>;
}

function perspectiveDraft(
  perspective: CommunityPerspective,
  catalogue: SourceCatalogue,
  grounded: Grounded,
): PerspectiveDraft {
  const quotes = perspective.representatives
    .filter((r) => catalogue.texts.has(r.id) && r.quote !== '' && grounded(r.quote, [r.id]))
    .map((r) => ({ text: r.quote, author: r.author, score: r.score, sourceIds: [r.id] }));
  return {
    perspective: {
      community: perspective.community,
      stance: perspective.stance,
      participation: perspective.participation,
      themes: perspective.themes.slice(0, MAX_THEMES).map((t) => t.term),
    },
    quotes,
  };
}

interface TimelineDraft extends Omit<BriefingTimelineEntry, 'citations'> {
  sourceIds: string[];
}

/** Dated events, oldest first, one entry per date and sentence. */
function timelineDrafts(
  input: BriefingInput,
  catalogue: SourceCatalogue,
  grounded: Grounded,
): TimelineDraft[] {
  const entries: TimelineDraft[] = [];
  const seen = new Set<string>();
  for (const fact of input.facts) {
    if (fact.kind !== 'event' || typeof fact.value.date !== 'string') continue;
    const date = fact.value.date;
    if (!/^\d{4}-\d{2}(?:-\d{2})?$/.test(date)) continue;
    const text = cleanSentence(fact.text);
    const key = `${date}|${text}`;
    if (text === '' || seen.has(key)) continue;
    const sourceIds = [...new Set(fact.sources.map((s) => s.id))].filter((id) => catalogue.texts.has(id));
    // The sentence must be in the cited sources, and so must its date (written or relative).
    const quoting = sourceIds.filter((id) => grounded(text, [id]) && grounded(date, [id], 'value'));
    if (quoting.length === 0) continue;
    seen.add(key);
    const at = Date.parse(date.length === 7 ? `${date}-01T00:00:00Z` : `${date}T00:00:00Z`);
    entries.push({ at, date, text, sourceIds: quoting });
  }
  return entries.sort((a, b) => a.at - b.at).slice(0, MAX_TIMELINE);
}

function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "Synthesised from 7 posts and 412 comments in r/a, r/b and Hacker News · updated … UTC". */
function bylineOf(input: BriefingInput): string {
  const communities: string[] = [];
  for (const post of [...input.posts].sort((a, b) => a.publishedAt - b.publishedAt)) {
    if (!communities.includes(post.community)) communities.push(post.community);
  }
  const posts = input.posts.length;
  const read = input.comments.filter((c) => c.text.trim() !== '').length;
  let total = 0;
  for (const totals of input.commentTotals?.values() ?? []) total += totals.comments;
  const comments = Math.max(read, total);
  const counted = `${posts} ${posts === 1 ? 'post' : 'posts'} and ${comments} ${comments === 1 ? 'comment' : 'comments'}`;
  const where = communities.length > 0 ? ` in ${joinList(communities)}` : '';
  return `Synthesised from ${counted}${where} · updated ${formatUtc(input.now)}`;
}
