/**
 * Clustering throughput against the raw cost of tokenising the same posts.
 *
 *   npx tsx bench/cluster.bench.ts [--posts N] [--tunables JSON]   (default 200,000 posts, default tunables)
 *
 * Generates N posts deterministically (seeded PRNG): titles of 6–14 words and bodies of 40–200
 * words drawn from a Zipfian vocabulary (with ~37% function words, as English prose has), plus
 * per-event names and numbers; about 5% of posts
 * belong to multi-post stories (2–8 posts over a few hours, across communities); spread over
 * 30 days in time order. Then, in this process:
 * - baseline: tokenise + stopwords + stem every title and body (text/terms.ts);
 * - roundup: `createClusterer().add` for every post.
 * Prints posts/s for each, peak RSS (process.resourceUsage().maxRSS, the process high water
 * mark: the generated posts are included, all of them while tokenising; while clustering, each
 * post is let go once placed, as `roundup cluster` reads the store in batches of 5,000), and
 * B-cubed F1 against the generated gold as a sanity figure. Targets: ≥ 5,000 posts/s on one
 * core, ≤ 1 GB. `taskset -c 0 npx tsx bench/cluster.bench.ts` keeps the process (V8's collector
 * threads included) on one core, where wall and CPU time agree; unpinned, the collector's
 * threads run on the other core and their CPU time counts in the per-CPU-second figure.
 */
import { createHash } from 'node:crypto';
import { type ClustererTunables, createClusterer } from '../src/cluster/index.js';
import { scoreClustering } from '../src/cluster/metrics.js';
import type { ClusterPost } from '../src/cluster/types.js';
import { contentTerms } from '../src/text/terms.js';
import { countFlag } from './lib/args.js';
import { createRandom, FUNCTION_WORDS, syllableWords } from './lib/generate.js';

const args = process.argv.slice(2);
const POSTS = countFlag(args, 'posts', 200_000);
const tunablesFlag = args.indexOf('--tunables');
const TUNABLES = (
  tunablesFlag === -1 ? {} : JSON.parse(args[tunablesFlag + 1] ?? '{}')
) as Partial<ClustererTunables>;
// --digest hashes every assignment, move and merge (story, similarity, reason): equal digests before and
// after a change mean it changed no clustering decision. Off by default (hashing is timed work).
const DIGEST = args.includes('--digest');

const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const SPAN_MS = 30 * DAY_MS;
const VOCABULARY = 30_000;
const COMMUNITIES = [
  'Hacker News',
  'r/technology',
  'r/business',
  'r/artificial',
  'r/worldnews',
  'The Verge',
  'Reuters',
];

const random = createRandom(20260302);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ster',
  'ren',
  'to',
  'va',
  'quin',
  'dor',
  'pel',
  'su',
  'gra',
  'ne',
  'bri',
  'tal',
  'om',
  'cus',
  'fi',
  'zan',
  'ho',
];
const words = syllableWords(SYLLABLES, VOCABULARY);

// Zipf (s = 1.05): cumulative weights, sampled by binary search.
const cumulative = new Float64Array(VOCABULARY);
let total = 0;
for (let i = 0; i < VOCABULARY; i++) {
  total += 1 / (i + 1) ** 1.05;
  cumulative[i] = total;
}
function zipfWord(): string {
  const target = random() * total;
  let lo = 0;
  let hi = VOCABULARY - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return words[lo] as string;
}

interface Event {
  names: string[];
  numbers: string[];
  topic: string[];
}
function makeEvent(): Event {
  const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  return {
    names: Array.from(
      { length: int(2, 4) },
      () => `${capital(zipfWord())} ${capital(words[int(2000, VOCABULARY - 1)] as string)}`,
    ),
    numbers: [`$${int(1, 900)} billion`, `${int(1, 60)}%`, String(int(2020, 2035))],
    topic: Array.from({ length: 12 }, () => words[int(500, VOCABULARY - 1)] as string),
  };
}

function sentence(length: number, event: Event | null): string {
  const parts: string[] = [];
  for (let i = 0; i < length; i++) {
    const roll = random();
    if (event && roll < 0.12) parts.push(event.topic[int(0, event.topic.length - 1)] as string);
    else if (event && roll < 0.16) parts.push(event.names[int(0, event.names.length - 1)] as string);
    else if (event && roll < 0.18) parts.push(event.numbers[int(0, event.numbers.length - 1)] as string);
    else if (roll < 0.55) parts.push(FUNCTION_WORDS[int(0, FUNCTION_WORDS.length - 1)] as string);
    else parts.push(zipfWord());
  }
  return parts.join(' ');
}

function makeText(wordCount: number, event: Event): string {
  const sentences: string[] = [];
  let left = wordCount;
  while (left > 0) {
    const length = Math.min(left, int(8, 22));
    const text = sentence(length, event);
    sentences.push(`${text.charAt(0).toUpperCase()}${text.slice(1)}.`);
    left -= length;
  }
  return sentences.join(' ');
}

interface Generated {
  post: ClusterPost;
  gold: string;
}

function generate(count: number): Generated[] {
  const out: Generated[] = [];
  let storyNumber = 0;
  while (out.length < count) {
    const multi = random() < 0.05 / 4; // ≈5% of posts sit in stories of 2–8 posts (mean ~4)
    const size = multi ? int(2, 8) : 1;
    const event = makeEvent();
    const at = START + Math.floor(random() * SPAN_MS);
    const gold = `g${storyNumber++}`;
    const link = random() < 0.5 ? `https://news${int(1, 400)}.example/${gold}` : null;
    for (let i = 0; i < size && out.length < count; i++) {
      out.push({
        gold,
        post: {
          id: `p${out.length}`,
          community: COMMUNITIES[int(0, COMMUNITIES.length - 1)] as string,
          publishedAt: at + i * int(5, 180) * 60_000,
          title: sentence(int(6, 14), event),
          text: makeText(int(40, 200), event),
          // Some copies of a story share the link, most do not: similarity has to do the work.
          dedupKey: link && random() < 0.3 ? link : null,
        },
      });
    }
  }
  return out.sort((a, b) => a.post.publishedAt - b.post.publishedAt || (a.post.id < b.post.id ? -1 : 1));
}

/** User + system CPU seconds since `since` (robust to other processes sharing the machine). */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function main(): void {
  const started = performance.now();
  const posts: Array<Generated | undefined> = generate(POSTS);
  const gold = new Map((posts as Generated[]).map(({ post, gold }) => [post.id, gold]));
  const multiPosts = (() => {
    const sizes = new Map<string, number>();
    for (const story of gold.values()) sizes.set(story, (sizes.get(story) ?? 0) + 1);
    return [...gold.values()].filter((story) => (sizes.get(story) ?? 0) > 1).length;
  })();
  console.log(
    `generated ${POSTS} posts (${((100 * multiPosts) / POSTS).toFixed(1)}% in multi-post stories) in ${((performance.now() - started) / 1000).toFixed(1)} s; RSS ${peakRssMb().toFixed(0)} MB`,
  );

  let sink = 0;
  const tokenStart = performance.now();
  const tokenCpu = process.cpuUsage();
  for (const { post } of posts as Generated[])
    sink += contentTerms(post.title).length + contentTerms(post.text).length;
  const tokenSeconds = (performance.now() - tokenStart) / 1000;
  const tokenCpuSeconds = cpuSeconds(tokenCpu);
  const rssAfterTokens = peakRssMb();

  let next = 0;
  const clusterer = createClusterer(TUNABLES, { newStoryId: () => `s${next++}` });
  const predicted = new Map<string, string>();
  const aliases = new Map<string, string>();
  let merges = 0;
  let moves = 0;
  const clusterStart = performance.now();
  const clusterCpu = process.cpuUsage();
  const digest = DIGEST ? createHash('sha256') : null;
  for (let i = 0; i < posts.length; i++) {
    const { post } = posts[i] as Generated;
    // `roundup cluster` reads the store in batches of 5,000: a placed post's text is not held.
    posts[i] = undefined;
    const assignment = clusterer.add(post);
    predicted.set(post.id, assignment.storyId);
    digest?.update(`${post.id} ${assignment.storyId} ${assignment.similarity} ${assignment.reason}\n`);
    for (const move of clusterer.drainMoves()) {
      predicted.set(move.postId, move.to);
      moves++;
      digest?.update(`move ${move.postId} ${move.from} ${move.to} ${move.similarity} ${move.reason}\n`);
    }
    for (const merge of clusterer.drainMerges()) {
      aliases.set(merge.from, merge.into);
      merges++;
      digest?.update(`merge ${merge.from} ${merge.into} ${merge.similarity} ${merge.reason}\n`);
    }
  }
  const clusterSeconds = (performance.now() - clusterStart) / 1000;
  const clusterCpuSeconds = cpuSeconds(clusterCpu);
  const resolveStory = (id: string): string => {
    let current = id;
    for (let to = aliases.get(current); to !== undefined; to = aliases.get(current)) current = to;
    return current;
  };
  const scores = scoreClustering(
    new Map([...predicted].map(([postId, storyId]) => [postId, resolveStory(storyId)])),
    gold,
  );

  console.log('');
  console.log('| case | posts | wall s | posts/s (wall) | CPU s | posts/s (CPU) | peak RSS (MB) |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(
    `| baseline: tokenise + stopwords + stem | ${POSTS} | ${tokenSeconds.toFixed(2)} | ${Math.round(POSTS / tokenSeconds)} | ${tokenCpuSeconds.toFixed(2)} | ${Math.round(POSTS / tokenCpuSeconds)} | ${rssAfterTokens.toFixed(0)} |`,
  );
  console.log(
    `| roundup clusterer (add) | ${POSTS} | ${clusterSeconds.toFixed(2)} | ${Math.round(POSTS / clusterSeconds)} | ${clusterCpuSeconds.toFixed(2)} | ${Math.round(POSTS / clusterCpuSeconds)} | ${peakRssMb().toFixed(0)} |`,
  );
  console.log('');
  console.log(
    `clusterer: ${next} stories, ${merges} merges, ${moves} moves; B-cubed P ${scores.precision.toFixed(3)} R ${scores.recall.toFixed(3)} F1 ${scores.f1.toFixed(3)}, ARI ${scores.ari.toFixed(3)} on the generated gold (sanity figure)`,
  );
  const rate = POSTS / clusterSeconds;
  console.log(
    `targets: ≥ 5,000 posts/s ${rate >= 5000 ? 'met' : 'missed'} (${Math.round(rate)} wall, ${Math.round(POSTS / clusterCpuSeconds)} per CPU second); ≤ 1 GB peak RSS ${peakRssMb() <= 1024 ? 'met' : 'missed'} (${peakRssMb().toFixed(0)} MB); clustering runs at ${((100 * tokenSeconds) / clusterSeconds).toFixed(0)}% of the baseline's rate`,
  );
  if (digest)
    console.log(`decisions digest (sha256 of every assignment, move and merge): ${digest.digest('hex')}`);
  if (sink < 0) console.log(sink);
}

main();
