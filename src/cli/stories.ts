import { UsageError } from '../errors.js';
import { clusterNewPosts } from '../pipeline/cluster.js';
import { getStory, listStories, listStoryMembers, type StoryMember } from '../store/stories.js';
import type { AppContext } from './context.js';
import type { Output } from './output.js';

const HOUR_MS = 3_600_000;

/** A `--…-hours` option's value (a positive number), or `fallback` when it is not given. */
function hoursOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const hours = Number(value);
  if (!Number.isFinite(hours) || hours <= 0) throw new UsageError(`cluster: ${name} takes a positive number`);
  return hours;
}

/** `roundup cluster`: place every new post in a story. */
export async function runCluster(
  context: AppContext,
  output: Output,
  options: { json?: boolean; windowHours?: string; eventSpanHours?: string },
): Promise<number> {
  const windowHours = hoursOption('--window-hours', options.windowHours, context.config.cluster.windowHours);
  const eventSpanHours = hoursOption(
    '--event-span-hours',
    options.eventSpanHours,
    context.config.cluster.eventSpanHours,
  );
  const store = await context.store();
  const report = await clusterNewPosts(
    { store, clock: context.clock, log: context.log },
    { windowMs: windowHours * HOUR_MS, eventSpanMs: eventSpanHours * HOUR_MS },
  );
  if (options.json) output.json(report);
  else if (report.skipped !== null) output.out(`cluster: skipped, ${report.skipped}`);
  else
    output.out(
      `cluster: ${report.posts} posts placed (${report.newStories} new stories, ${report.joined} joined existing ones, ${report.merges} merges, ${report.moves} moves); ${report.refreshed} stories refreshed`,
    );
  return 0;
}

function postUrl(member: StoryMember): string | null {
  return member.url ?? member.permalink;
}

function parseSince(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`stories: --since takes an ISO date or time, not "${value}"`);
  return ms;
}

function parseLimit(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new UsageError(`--limit takes a whole number from 1 to 10000`);
  return n;
}

/** `roundup stories`: stories by heat. */
export async function runStories(
  context: AppContext,
  output: Output,
  options: { json?: boolean; since?: string; limit?: string },
): Promise<number> {
  const since = parseSince(options.since);
  const limit = parseLimit(options.limit, 50);
  const store = await context.store();
  const stories = await listStories(store.db, { ...(since === undefined ? {} : { since }), limit });
  const members = await listStoryMembers(
    store.db,
    stories.map((s) => s.id),
  );
  const view = stories.map((story) => {
    const own = members.filter((m) => m.storyId === story.id);
    return {
      id: story.id,
      title: story.title,
      communities: [...new Set(own.map((m) => m.community))],
      posts: own.map((m) => ({ id: m.postId, url: postUrl(m), community: m.community, title: m.title })),
      firstSeen: new Date(story.firstSeen).toISOString(),
      lastSeen: new Date(story.lastSeen).toISOString(),
      heat: Math.round(story.heat * 1000) / 1000,
    };
  });
  if (options.json) {
    output.json(view);
    return 0;
  }
  if (view.length === 0)
    output.out('stories: none yet (run `roundup ingest` or `roundup import`, then `roundup cluster`)');
  for (const story of view) {
    output.out(`${story.id}  heat ${story.heat}  ${story.title}`);
    output.out(
      `    ${story.posts.length} posts in ${story.communities.join(', ')} · ${story.firstSeen} – ${story.lastSeen}`,
    );
  }
  return 0;
}

/** `roundup story <id>`: a story's members, with their similarity and why they joined. */
export async function runStory(
  context: AppContext,
  output: Output,
  id: string,
  options: { json?: boolean },
): Promise<number> {
  const store = await context.store();
  const story = await getStory(store.db, id);
  if (!story) {
    output.err(`story: no story ${id}`);
    return 1;
  }
  const members = await listStoryMembers(store.db, [story.id]);
  const view = {
    id: story.id,
    ...(story.id === id ? {} : { requestedId: id, note: `${id} was merged into ${story.id}` }),
    title: story.title,
    communities: [...new Set(members.map((m) => m.community))],
    firstSeen: new Date(story.firstSeen).toISOString(),
    lastSeen: new Date(story.lastSeen).toISOString(),
    heat: Math.round(story.heat * 1000) / 1000,
    members: members.map((m) => ({
      id: m.postId,
      community: m.community,
      title: m.title,
      url: postUrl(m),
      author: m.author,
      score: m.score,
      comments: m.commentCount,
      publishedAt: new Date(m.publishedAt).toISOString(),
      similarity: Math.round(m.similarity * 1000) / 1000,
      reason: m.reason,
    })),
  };
  if (options.json) {
    output.json(view);
    return 0;
  }
  output.out(`${view.title}`);
  if (view.note) output.out(`(${view.note})`);
  output.out(
    `${view.id} · heat ${view.heat} · ${view.communities.join(', ')} · ${view.firstSeen} – ${view.lastSeen}`,
  );
  for (const m of view.members) {
    output.out(`  [${m.similarity.toFixed(2)}] ${m.community} — ${m.title}`);
    output.out(`         ${m.id} ${m.url ?? ''}`);
    output.out(`         ${m.reason}`);
  }
  return 0;
}
