import { ensureStoryFacts, extractChangedStories } from '../pipeline/extract.js';
import { listStoryEntities, listStoryFacts } from '../store/facts.js';
import { getStory } from '../store/stories.js';
import type { AppContext } from './context.js';
import type { Output } from './output.js';

/** `roundup extract`: facts and entities of every active story whose sources changed. */
export async function runExtract(
  context: AppContext,
  output: Output,
  options: { json?: boolean },
): Promise<number> {
  const store = await context.store();
  const since = context.clock.now() - context.config.cluster.windowHours * 3_600_000;
  const report = await extractChangedStories({ store, clock: context.clock, log: context.log }, since);
  if (options.json) output.json(report);
  else output.out(`extract: ${report.extracted} of ${report.stories} active stories (re)extracted`);
  return 0;
}

async function resolveStory(context: AppContext, output: Output, id: string): Promise<string | null> {
  const store = await context.store();
  const story = await getStory(store.db, id);
  if (!story) {
    output.err(`roundup: no story ${id} (see \`roundup stories\`)`);
    return null;
  }
  // Facts are extracted on demand when the story changed since the last extraction.
  await ensureStoryFacts({ store, clock: context.clock, log: context.log }, story.id);
  return story.id;
}

/** `roundup facts <story>`. */
export async function runFacts(
  context: AppContext,
  output: Output,
  id: string,
  options: { json?: boolean },
): Promise<number> {
  const storyId = await resolveStory(context, output, id);
  if (!storyId) return 1;
  const facts = await listStoryFacts((await context.store()).db, storyId);
  if (options.json) {
    output.json(
      facts.map((f) => ({
        kind: f.kind,
        value: f.value,
        text: f.text,
        sources: f.sources,
        communities: f.communities,
        conflict: f.conflict,
        speaker: f.speaker,
        firstReportedAt: new Date(f.firstReportedAt).toISOString(),
      })),
    );
    return 0;
  }
  if (facts.length === 0) output.out('facts: none found in this story');
  for (const f of facts) {
    output.out(`${f.kind.padEnd(12)} ${JSON.stringify(f.value)}${f.conflict ? '  [CONFLICT]' : ''}`);
    output.out(`             "${f.text}"${f.speaker ? ` — ${f.speaker}` : ''}`);
    output.out(
      `             ${f.communities} communities · ${f.sources.map((s) => `${s.id}@${s.start}-${s.end}`).join(', ')}`,
    );
  }
  return 0;
}

/** `roundup entities <story>`. */
export async function runEntities(
  context: AppContext,
  output: Output,
  id: string,
  options: { json?: boolean },
): Promise<number> {
  const storyId = await resolveStory(context, output, id);
  if (!storyId) return 1;
  const entities = await listStoryEntities((await context.store()).db, storyId);
  if (options.json) {
    output.json(
      entities.map((e) => ({
        name: e.name,
        kind: e.kind,
        aliases: e.aliases,
        role: e.role,
        evidence: e.evidence,
        mentions: e.mentions,
      })),
    );
    return 0;
  }
  if (entities.length === 0) output.out('entities: none found in this story');
  for (const e of entities) {
    output.out(
      `${e.name} (${e.kind}${e.aliases.length ? `; also ${e.aliases.join(', ')}` : ''}) — ${e.role ?? 'no role'} · ${e.mentions} mentions`,
    );
    for (const ev of e.evidence.slice(0, 3)) output.out(`    ${ev.reason}`);
  }
  return 0;
}
