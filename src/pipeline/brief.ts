import { createHash } from 'node:crypto';
import { EXTRACTION_VERSION } from '../extract/index.js';
import type { Llm } from '../llm/types.js';
import type { Clock, Log } from '../log.js';
import { saveBriefing } from '../store/briefings.js';
import { listStoryEntities, listStoryFacts } from '../store/facts.js';
import type { Store } from '../store/store.js';
import {
  getStory,
  listStoriesToBrief,
  listStoryMembers,
  lockStory,
  type StoryRow,
  setBriefedInputs,
  storyInputs,
} from '../store/stories.js';
import {
  countStoryComments,
  loadStoryComments,
  type StorySourcePost,
  storySourcesOf,
} from '../store/story-sources.js';
import { checkGrounding, type GroundingFailure } from '../write/ground.js';
import { composeBriefing, WRITER_VERSION } from '../write/index.js';
import { rewriteWithModel } from '../write/rewrite.js';
import type { Briefing, BriefingCommentInput, BriefingInput } from '../write/types.js';
import { ensureStoryFacts } from './extract.js';

/**
 * The code a briefing is written by, part of the inputs a story's briefing was written from: a
 * roundup with another extractor or writer writes every story of the window again once.
 */
export const BRIEFING_CODE_VERSION = `extraction ${EXTRACTION_VERSION}, writer ${WRITER_VERSION}`;

/** `BRIEFING_CODE_VERSION` and the model writer, when one is set: turning it on, off or to another model writes again. */
function codeVersionOf(deps: BriefDeps): string {
  return deps.llm ? `${BRIEFING_CODE_VERSION}, model ${deps.llm.id}` : BRIEFING_CODE_VERSION;
}

export interface BriefDeps {
  store: Store;
  clock: Clock;
  log: Log;
  /** The optional model writer: when set, it may rephrase; the grounding check still decides. */
  llm?: Llm;
}

export interface BriefResult {
  briefing: Briefing;
  /** The version now stored, or null when the briefing failed its grounding check. */
  version: number | null;
  /** True when this run stored a new version. */
  created: boolean;
  failures: GroundingFailure[];
}

/** Everything the composer reads for one (resolved) story, from the store. */
export async function loadBriefingInput(store: Store, story: StoryRow, now: number): Promise<BriefingInput> {
  return withFacts(store, story.id, await loadBriefingTexts(store, story, now));
}

/** The story's stored facts and entities added to what it was written from. */
async function withFacts(
  store: Store,
  storyId: string,
  texts: Omit<BriefingInput, 'facts' | 'entities'>,
): Promise<BriefingInput> {
  return {
    ...texts,
    facts: await listStoryFacts(store.db, storyId),
    entities: await listStoryEntities(store.db, storyId),
  };
}

/** What the composer reads of one (resolved) story but its facts: posts, comments, sources. */
async function loadBriefingTexts(
  store: Store,
  story: StoryRow,
  now: number,
): Promise<Omit<BriefingInput, 'facts' | 'entities'>> {
  const members = await listStoryMembers(store.db, [story.id]);
  const postIds = members.map((m) => m.postId);
  const stored = new Map<string, { text: string; deleted: boolean; dedupKey: string | null }>();
  for (let i = 0; i < postIds.length; i += 400) {
    const rows = await store.db
      .selectFrom('posts')
      .select(['id', 'text', 'deleted', 'dedup_key'])
      .where('id', 'in', postIds.slice(i, i + 400))
      .execute();
    // The dedup key links the post to its linked article (source `doc:<dedup key>`).
    for (const row of rows)
      stored.set(row.id, { text: row.text, deleted: row.deleted === 1, dedupKey: row.dedup_key });
  }
  // Read once, for the briefing and for its sources (`sourcePosts`).
  const sourcePosts: StorySourcePost[] = [];
  const posts = members.map((m) => {
    const row = stored.get(m.postId);
    const post: StorySourcePost = {
      id: m.postId,
      community: m.community,
      publishedAt: m.publishedAt,
      author: m.author,
      title: m.title,
      text: row?.text ?? '',
      dedupKey: row?.dedupKey ?? null,
      deleted: row?.deleted ?? true,
    };
    sourcePosts.push(post);
    return {
      id: m.postId,
      community: m.community,
      title: m.title,
      text: post.deleted ? '' : post.text,
      dedupKey: post.dedupKey,
      url: m.url,
      permalink: m.permalink,
      author: m.author,
      score: m.score,
      commentCount: m.commentCount,
      publishedAt: m.publishedAt,
    };
  });
  const communityOf = new Map(members.map((m) => [m.postId, m.community]));
  const read = await loadStoryComments(store.db, postIds);
  const comments: BriefingCommentInput[] = read.map((c) => ({
    ...c,
    community: communityOf.get(c.postId ?? '') ?? '',
  }));
  return {
    story: { id: story.id, title: story.title, firstSeen: story.firstSeen, lastSeen: story.lastSeen },
    posts,
    comments,
    commentTotals: await countStoryComments(store.db, postIds, communityOf),
    sources: await storySourcesOf(store.db, sourcePosts, read),
    now,
  };
}

/** What identifies a briefing's content: everything but its time and version. */
export function briefingContentHash(briefing: Briefing): string {
  const { updatedAt: _updatedAt, version: _version, byline: _byline, ...content } = briefing;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/**
 * Writes a story's briefing: facts first (re-extracted when the story changed), then the
 * composer, then the grounding check. A grounded briefing whose content changed is stored as the
 * next version; one that fails is not published, and its failing sentences are logged.
 * `knownInputs`: the story's `storyInputs`, when the caller read them already.
 */
export async function buildBriefing(
  deps: BriefDeps,
  storyId: string,
  knownInputs?: string,
): Promise<BriefResult | null> {
  const { store } = deps;
  const story = await getStory(store.db, storyId);
  if (!story) return null;
  // Read before the inputs themselves: a change that lands meanwhile makes the next pass write again.
  const inputs =
    story.id === storyId && knownInputs !== undefined
      ? knownInputs
      : (await storyInputs(store.db, [story.id], codeVersionOf(deps))).get(story.id);
  const result = await writeBriefing(deps, story);
  if (inputs !== undefined) await setBriefedInputs(store.db, story.id, inputs);
  return result;
}

async function writeBriefing(deps: BriefDeps, story: StoryRow): Promise<BriefResult> {
  const { store, clock, log } = deps;
  const now = clock.now();
  // The sources read once, for the extraction and the briefing (a story's comments are the
  // budget query); the facts after the extraction, which may wait for another writer's.
  const texts = await loadBriefingTexts(store, story, now);
  await ensureStoryFacts(deps, story.id, {}, texts.sources);
  const input = await withFacts(store, story.id, texts);
  const extractive = composeBriefing(input);
  // The model only ever rephrases sentences it can cite and ground; otherwise the extractive one stays.
  const draft = deps.llm ? await rewriteWithModel(extractive, input.sources, deps.llm, { log }) : extractive;
  const grounding = checkGrounding(draft, input.sources);
  const briefing: Briefing = { ...draft, grounded: grounding.grounded };
  const failures = grounding.failures;
  if (!grounding.grounded) {
    for (const failure of failures)
      log.error({ storyId: story.id, ...failure }, 'briefing sentence not grounded');
    return { briefing, version: null, created: false, failures };
  }
  // One writer of the story's briefings at a time: the next version is read and stored together.
  const saved = await store.db.transaction().execute(async (trx) => {
    await lockStory(trx, story.id);
    return saveBriefing(
      trx,
      {
        storyId: story.id,
        contentHash: briefingContentHash(briefing),
        headline: briefing.headline,
        grounded: true,
        body: JSON.stringify({ ...briefing, version: 0 }),
      },
      now,
    );
  });
  return {
    briefing: { ...briefing, version: saved.version },
    version: saved.version,
    created: saved.created,
    failures,
  };
}

/**
 * The write stage: briefings of the stories active since `since` whose inputs changed since their
 * last briefing (`storyInputs`: the code's version, members, posts, documents, comments);
 * `stories` says how many.
 */
export async function briefChangedStories(
  deps: BriefDeps,
  since: number,
): Promise<{ stories: number; created: number; failed: number }> {
  const stories = await listStoriesToBrief(deps.store.db, since, codeVersionOf(deps));
  let created = 0;
  let failed = 0;
  for (const { id, inputs } of stories) {
    const result = await buildBriefing(deps, id, inputs);
    if (!result) continue;
    if (result.version === null) failed++;
    else if (result.created) created++;
  }
  return { stories: stories.length, created, failed };
}
