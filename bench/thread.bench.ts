/**
 * Briefing a story with one huge thread: what the write stage costs when a post has tens of
 * thousands of comments (a Reddit live thread).
 *
 *   npx tsx bench/thread.bench.ts [--comments N]   (default 40,000)
 *
 * Stores one post and N comments on SQLite: 1–4 sentences each, drawn (seeded) from the article
 * bodies of ../shared/eval/mds/neus_allsides when present (real English for the sentiment and
 * entity lexicons), else generated words; scores spread over 0–99, three in five replies.
 * Places the post, then times `buildBriefing` of its story (facts, composition, grounding, the
 * store). Baseline, in the same process: reading every comment of the thread from the store.
 * Prints seconds and the process's peak RSS (which includes the generated comments).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSilentLog } from '../src/log.js';
import type { Comment } from '../src/model.js';
import { buildBriefing } from '../src/pipeline/brief.js';
import { clusterNewPosts, storyIdFor } from '../src/pipeline/cluster.js';
import { createStore, upsertComments, upsertPosts } from '../src/store/index.js';
import { STORY_COMMENT_BUDGET } from '../src/store/story-sources.js';
import { makeComment, makePost } from '../src/test-support/make.js';
import { countFlag } from './lib/args.js';
import { createRandom, FUNCTION_WORDS, syllableWords } from './lib/generate.js';

const args = process.argv.slice(2);
const COMMENTS = countFlag(args, 'comments', 40_000);

const here = dirname(fileURLToPath(import.meta.url));
const neus = resolve(here, '../../shared/eval/mds/neus_allsides/headline_11_2021-10-19_crawled_all.jsonl');
const T = Date.UTC(2026, 10, 1);

function sentencePool(random: () => number): { sentences: string[]; from: string } {
  if (existsSync(neus)) {
    const sentences: string[] = [];
    for (const line of readFileSync(neus, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const story = JSON.parse(line) as { news?: Record<string, { newBody?: string[] } | null> };
      for (const article of Object.values(story.news ?? {})) {
        for (const paragraph of article?.newBody ?? []) {
          for (const sentence of String(paragraph).split(/(?<=[.!?])\s+/)) {
            if (sentence.length > 20) sentences.push(sentence);
          }
        }
      }
    }
    return { sentences, from: 'NeuS AllSides article sentences' };
  }
  const vocabulary = syllableWords(['ka', 'lo', 'mi', 'ren', 'tu', 'sa', 'vo', 'del'], 5_000);
  const sentences = Array.from({ length: 20_000 }, () => {
    const words = Array.from({ length: 8 + Math.floor(random() * 16) }, () =>
      random() < 0.4
        ? (FUNCTION_WORDS[Math.floor(random() * FUNCTION_WORDS.length)] as string)
        : (vocabulary[Math.floor(random() * vocabulary.length)] as string),
    );
    return `${words.join(' ')}.`;
  });
  return { sentences, from: `generated words (${neus} not found)` };
}

async function seconds(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

const random = createRandom(7);
const { sentences, from } = sentencePool(random);
const pick = () => sentences[Math.floor(random() * sentences.length)] as string;
const comments: Comment[] = [];
for (let i = 0; i < COMMENTS; i++) {
  const reply = i > 10 && random() < 0.6;
  comments.push(
    makeComment({
      id: `reddit:c${i}`,
      postId: 'reddit:t3_thread',
      parentId: reply ? `reddit:c${Math.floor(random() * i)}` : 'reddit:t3_thread',
      author: `user${Math.floor(random() * COMMENTS * 0.4)}`,
      text: Array.from({ length: 1 + Math.floor(random() * 4) }, pick).join(' '),
      score: Math.floor(random() * 100),
      publishedAt: T + i * 1_000,
    }),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'roundup-thread-'));
try {
  const store = await createStore(join(dir, 'bench.db'));
  await upsertPosts(
    store.db,
    [
      makePost({
        id: 'reddit:t3_thread',
        kind: 'reddit',
        community: 'r/worldnews',
        title: 'Live thread: Biden signs executive order on cybersecurity after pipeline hack',
        text: Array.from({ length: 8 }, pick).join(' '),
        commentCount: COMMENTS,
        publishedAt: T,
      }),
    ],
    T,
  );
  for (let i = 0; i < comments.length; i += 2_000)
    await upsertComments(store.db, comments.slice(i, i + 2_000), T);
  const deps = { store, clock: { now: () => T + 86_400_000 }, log: createSilentLog() };
  await clusterNewPosts(deps, { windowMs: 72 * 3_600_000 });
  const megabytes = comments.reduce((sum, c) => sum + c.text.length, 0) / 1e6;
  console.log(
    `stored one post and ${COMMENTS.toLocaleString('en-US')} comments (${megabytes.toFixed(1)} MB of text from ${from})`,
  );

  const baseline = await seconds(() =>
    store.db.selectFrom('comments').selectAll().where('post_id', '=', 'reddit:t3_thread').execute(),
  );
  let created = false;
  const brief = await seconds(async () => {
    created = (await buildBriefing(deps, storyIdFor('reddit:t3_thread')))?.created ?? false;
  });
  console.log('\n| case | seconds |\n|---|---|');
  console.log(`| baseline: read every comment of the thread | ${baseline.toFixed(2)} |`);
  console.log(
    `| buildBriefing (reads at most ${STORY_COMMENT_BUDGET.toLocaleString('en-US')} comments) | ${brief.toFixed(2)} |`,
  );
  console.log(
    `\nbriefing stored: ${created}; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (generated comments included)`,
  );
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
