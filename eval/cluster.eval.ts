/**
 * Story clustering quality on real news: the AllSides stories of NeuS
 * (../shared/eval/mds/neus_allsides), 1,479 articles from many outlets in 506 gold stories.
 * Each article is a post of its outlet's community, titled with its headline, its text the body
 * paragraphs, its dedup key from its link, published at its story's date; the gold cluster is the
 * story. Development split = stories dated before 2021-08-01, held-out = on/after; each split
 * is its own stream in publication order (ties by id).
 *
 * Printed: B-cubed precision, recall, F1 and ARI per split for roundup (also, on dev, with its
 * defaults run as the product runs them: a day at a time through a SQLite store) and, computed in the same
 * run, (a) single-pass cosine over tf-idf and (b) scikit-learn agglomerative clustering (when
 * python3 can import sklearn; average or complete linkage, whichever is better on dev). Every
 * threshold and tunable is chosen on the development split only, then applied unchanged to the
 * held-out split.
 *
 * Time: roundup and both baselines use the 72 h window (agglomerative never links two articles
 * more than 72 h apart: see eval/baselines/agglomerative.py), and roundup its age penalty (a post
 * more than `eventSpanMs`, a day, from the start of a story needs `agePenaltyPerDay` more score
 * per day beyond). Those two are defaults chosen on the development split as it is and with its
 * articles' times spread (`--dev-only --tune --spread`; see `defaultSimilarityOptions`), not
 * tuned again here. Every article of a gold story carries its story's exact timestamp in this
 * data, so the penalty costs none of the recall it costs in real feeds, where one event's
 * coverage spreads over hours: diagnostic rows give roundup tuned without the penalty, both
 * settings with every held-out article moved 0–36 h later, and both baselines with the same
 * penalty. One diagnostic row clusters the "Perspectives" articles as a stream of their own (an
 * oracle: the ceiling for telling those collections from event coverage). The verdict compares with the two
 * baselines as specified.
 *
 * Run: `npx tsx eval/cluster.eval.ts` (npm run eval:cluster). Always exits 0; prints a
 * `skipped` line when the data are absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ClustererTunables,
  createClusterer,
  DEFAULT_WINDOW_MS,
  defaultTunables,
} from '../src/cluster/index.js';
import { type ClusterScores, scoreClustering } from '../src/cluster/metrics.js';
import { agePenalty } from '../src/cluster/similarity.js';
import type { ClusterPost } from '../src/cluster/types.js';
import { createSilentLog } from '../src/log.js';
import type { Post } from '../src/model.js';
import { clusterNewPosts } from '../src/pipeline/cluster.js';
import { createStore, upsertPosts } from '../src/store/index.js';
import { listStories, listStoryMembers } from '../src/store/stories.js';
import { dedupKey } from '../src/urls/canonical.js';
import { prepareSinglePass, runSinglePass } from './baselines/single-pass.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataFile = resolve(
  here,
  '../../shared/eval/mds/neus_allsides/headline_11_2021-10-19_crawled_all.jsonl',
);
const agglomerativeScript = join(here, 'baselines/agglomerative.py');
const SPLIT_AT = Date.parse('2021-08-01T00:00:00Z');
const DAY_MS = 86_400_000;

interface Article {
  post: ClusterPost;
  gold: string;
  /** The gold story is a "Perspectives: …" collection of opinion pieces on a theme, not one event. */
  perspectives: boolean;
}

interface NeusStory {
  id: number;
  date: string;
  issue?: string;
  news?: Record<
    string,
    { newsSource?: string; newsTitle?: string; newsLink?: string; newBody?: string[] } | null
  >;
}

function loadArticles(): { dev: Article[]; heldOut: Article[] } {
  const dev: Article[] = [];
  const heldOut: Article[] = [];
  for (const line of readFileSync(dataFile, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const story = JSON.parse(line) as NeusStory;
    const publishedAt = Date.parse(story.date);
    for (const [stance, news] of Object.entries(story.news ?? {})) {
      if (!news?.newsTitle) continue;
      const post: ClusterPost = {
        id: `neus:${story.id}:${stance}`,
        community: news.newsSource ?? 'unknown',
        publishedAt,
        title: news.newsTitle,
        text: (news.newBody ?? []).join('\n'),
        dedupKey: news.newsLink ? dedupKey(news.newsLink) : null,
      };
      const perspectives = (story.issue ?? '').startsWith('Perspectives');
      (publishedAt < SPLIT_AT ? dev : heldOut).push({ post, gold: String(story.id), perspectives });
    }
  }
  return { dev: dev.sort(byTime), heldOut: heldOut.sort(byTime) };
}

/** Publication order, ties by id: the order of a split's stream. */
function byTime(a: Article, b: Article): number {
  return (
    a.post.publishedAt - b.post.publishedAt || (a.post.id < b.post.id ? -1 : a.post.id > b.post.id ? 1 : 0)
  );
}

const SPREAD_HOURS = 36;

/**
 * `articles` each published a fixed pseudo-random time in [0, `hours`) later (by a hash of its
 * id), in time order.
 */
function spreadTimes(articles: readonly Article[], hours: number): Article[] {
  const fraction = (id: string): number => {
    let hash = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
    return (hash >>> 0) / 2 ** 32;
  };
  return articles
    .map((article) => ({
      ...article,
      post: {
        ...article.post,
        publishedAt: article.post.publishedAt + Math.floor(fraction(article.post.id) * hours * 3_600_000),
      },
    }))
    .sort(byTime);
}

function goldOf(articles: readonly Article[]): Map<string, string> {
  return new Map(articles.map((a) => [a.post.id, a.gold]));
}

/**
 * `history`: articles published before the stream whose texts (never their labels) warm the idf
 * corpus, as a clusterer that had been running would have counted them.
 */
function runRoundup(
  articles: readonly Article[],
  tunables: Partial<ClustererTunables>,
  history: readonly Article[] = [],
): Map<string, string> {
  let next = 0;
  const clusterer = createClusterer(
    { windowMs: DEFAULT_WINDOW_MS, ...tunables },
    { newStoryId: () => `s${next++}` },
  );
  clusterer.warm(history.map((a) => a.post));
  const assigned = new Map<string, string>();
  const aliases = new Map<string, string>();
  for (const { post } of articles) {
    assigned.set(post.id, clusterer.add(post).storyId);
    for (const move of clusterer.drainMoves()) assigned.set(move.postId, move.to);
    for (const merge of clusterer.drainMerges()) aliases.set(merge.from, merge.into);
  }
  const resolveStory = (id: string): string => {
    let current = id;
    for (let to = aliases.get(current); to !== undefined; to = aliases.get(current)) current = to;
    return current;
  };
  return new Map([...assigned].map(([postId, storyId]) => [postId, resolveStory(storyId)]));
}

/** `runRoundup` over the event articles and, as a second stream, the "Perspectives" ones (oracle). */
function runPerspectivesApart(
  articles: readonly Article[],
  tunables: Partial<ClustererTunables>,
  history: readonly Article[],
): Map<string, string> {
  const labels = new Map<string, string>();
  for (const perspectives of [false, true]) {
    const stream = articles.filter((a) => a.perspectives === perspectives);
    for (const [id, story] of runRoundup(stream, tunables, history))
      labels.set(id, `${perspectives}:${story}`);
  }
  return labels;
}

/**
 * roundup with its defaults as the product runs it: the articles stored in a SQLite store a day
 * at a time, each day placed by `clusterNewPosts` (a fresh clusterer each run, resumed from the
 * store), then the stories read back. Its labels should be one run's (`runRoundup` with the
 * defaults): many runs decide as one.
 */
async function runThroughStore(articles: readonly Article[]): Promise<Map<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'roundup-eval-store-'));
  const store = await createStore(join(dir, 'eval.db'));
  try {
    const posts: Post[] = articles.map(({ post }) => ({
      id: post.id,
      kind: 'feed',
      community: post.community,
      title: post.title,
      text: post.text,
      html: null,
      url: null,
      dedupKey: post.dedupKey,
      permalink: null,
      author: null,
      score: null,
      commentCount: null,
      publishedAt: post.publishedAt,
      deleted: false,
    }));
    const last = Math.max(...posts.map((p) => p.publishedAt));
    for (let day = Math.min(...posts.map((p) => p.publishedAt)); day <= last; day += DAY_MS) {
      const batch = posts.filter((p) => p.publishedAt >= day && p.publishedAt < day + DAY_MS);
      if (batch.length === 0) continue;
      await upsertPosts(store.db, batch, day);
      await clusterNewPosts(
        { store, clock: { now: () => day + DAY_MS }, log: createSilentLog() },
        { windowMs: DEFAULT_WINDOW_MS },
      );
    }
    const stories = await listStories(store.db, { limit: posts.length });
    const members = await listStoryMembers(
      store.db,
      stories.map((story) => story.id),
    );
    return new Map(members.map((m) => [m.postId, m.storyId]));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Row {
  method: string;
  split: string;
  scores: ClusterScores;
  /** The same labels scored over the event stories only (gold stories that are not "Perspectives: …"). */
  eventScores: ClusterScores;
  setting: string;
}

/** Scores `labels` over all of `articles`, and over the event stories only (a diagnostic). */
function scoreBoth(
  labels: ReadonlyMap<string, string>,
  articles: readonly Article[],
): { scores: ClusterScores; eventScores: ClusterScores } {
  const events = articles.filter((a) => !a.perspectives);
  const eventIds = new Set(events.map((a) => a.post.id));
  return {
    scores: scoreClustering(labels, goldOf(articles)),
    eventScores: scoreClustering(new Map([...labels].filter(([id]) => eventIds.has(id))), goldOf(events)),
  };
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let value = from; value <= to + 1e-9; value += step) out.push(Math.round(value * 1000) / 1000);
  return out;
}

/**
 * Whether a post that scores high with two stories merges them (off: `mergeThreshold` above any
 * score). Tuned on dev only: in a two-fold split of dev by date (tune on one half, score the
 * other), choosing it as well raised the held-back halves' F1 from 0.9322 and 0.9027 to 0.9351 and
 * 0.9055, and both halves chose it off. (`settleMs` is not tuned here: every article of a gold story has the same timestamp, so
 * a settle time of 0, which lets only posts of the same instant move, would read the labels.)
 */
const MERGE_CHOICES: ReadonlyArray<Partial<ClustererTunables>> = [
  {},
  { mergeThreshold: Number.POSITIVE_INFINITY },
];

function tuneRoundup(
  dev: readonly Article[],
  fixed: Partial<ClustererTunables> = {},
): { tunables: Partial<ClustererTunables>; f1: number } {
  const gold = goldOf(dev);
  let best: { tunables: Partial<ClustererTunables>; f1: number } = { tunables: {}, f1: -1 };
  for (const titleWeight of [0.7, 1, 1.5]) {
    for (const minBodyCosine of [0.05, 0.1]) {
      for (const joinThreshold of range(0.1, 0.4, 0.025)) {
        for (const consolidateThreshold of [0.2, 0.25, 0.3, 0.35, 0.4, 0.5]) {
          for (const merging of MERGE_CHOICES) {
            const tunables = {
              ...fixed,
              titleWeight,
              minBodyCosine,
              joinThreshold,
              consolidateThreshold,
              ...merging,
            };
            const { f1 } = scoreClustering(runRoundup(dev, tunables), gold);
            if (f1 > best.f1 + 1e-9) best = { tunables, f1 };
          }
        }
      }
    }
  }
  return best;
}

/** "titleWeight=1 joinThreshold=0.125 …": a chosen setting as the table shows it. */
function describeSetting(tunables: Partial<ClustererTunables>): string {
  return Object.entries(tunables)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

function findPython(): { python: string | null; reason: string } {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import sklearn'], { encoding: 'utf8' });
    if (probe.status === 0) return { python, reason: '' };
  }
  return {
    python: null,
    reason: 'no python3 that can import sklearn (Debian: apt-get install python3-sklearn)',
  };
}

type Linkage = 'average' | 'complete';

interface AgglomerativeRun {
  linkage: Linkage;
  threshold: number;
}

/** Labels per run, in the order of `runs` (one Python process, one distance matrix). */
function runAgglomerative(
  python: string,
  articles: readonly Article[],
  runs: readonly AgglomerativeRun[],
  penalty: { eventSpanMs: number; agePenaltyPerDay: number } | null = null,
): Array<Map<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'roundup-eval-'));
  try {
    const input = join(dir, 'docs.json');
    const docs = articles.map(({ post }) => ({
      id: post.id,
      text: `${post.title}\n${post.text}`,
      publishedAt: post.publishedAt,
    }));
    writeFileSync(input, JSON.stringify({ docs, windowMs: DEFAULT_WINDOW_MS, runs, ...(penalty ?? {}) }));
    const result = spawnSync(python, [agglomerativeScript, input], {
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    });
    if (result.status !== 0) throw new Error(`eval: agglomerative baseline failed: ${result.stderr.trim()}`);
    const parsed = JSON.parse(result.stdout) as Array<Record<string, number>>;
    return runs.map(
      (_, i) => new Map(Object.entries(parsed[i] ?? {}).map(([id, label]) => [id, String(label)])),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function format(value: number): string {
  return value.toFixed(3);
}

/**
 * `--bodies none`: every article title-only; `--bodies alternate`: every other article (in
 * stream order) title-only. How roundup does when posts come without text, as link posts whose
 * pages were not fetched do (diagnostic, development split only).
 */
function withBodies(articles: readonly Article[]): Article[] {
  const at = process.argv.indexOf('--bodies');
  const mode = at === -1 ? 'all' : process.argv[at + 1];
  if (mode !== 'none' && mode !== 'alternate') return [...articles];
  return articles.map((article, i) =>
    mode === 'none' || i % 2 === 1 ? { ...article, post: { ...article.post, text: '' } } : article,
  );
}

/**
 * `--dev-only [--set key=value …] [--bodies none|alternate] [--spread] [--errors] [--tune]`: roundup
 * on the development split alone, with the defaults (overridden by `--set`) and with the tuned
 * setting — for working on the clusterer without looking at the held-out split. `--spread` moves
 * every article 0–36 h later (`spreadTimes`), as the held-out diagnostic rows do.
 */
function printDevOnly(allDev: readonly Article[]): void {
  const bodied = withBodies(allDev);
  const dev = process.argv.includes('--spread') ? spreadTimes(bodied, SPREAD_HOURS) : bodied;
  const overrides: Record<string, number> = {};
  process.argv.forEach((arg, i) => {
    if (arg !== '--set') return;
    const [key, value] = (process.argv[i + 1] ?? '').split('=');
    if (key && value !== undefined) overrides[key] = Number(value);
  });
  const show = (label: string, labels: Map<string, string>) => {
    const { precision, recall, f1, ari } = scoreBoth(labels, dev).scores;
    console.log(`${label}: P ${format(precision)} R ${format(recall)} F1 ${format(f1)} ARI ${format(ari)}`);
  };
  const labels = runRoundup(dev, overrides);
  show(`dev, defaults ${JSON.stringify(overrides)}`, labels);
  if (process.argv.includes('--errors')) printErrors(labels, dev);
  if (process.argv.includes('--tune')) {
    const tuned = tuneRoundup(dev, overrides);
    show(`dev, tuned ${JSON.stringify(tuned.tunables)}`, runRoundup(dev, tuned.tunables));
  }
}

/** Development split only: the predicted stories that mix gold stories, and the gold stories split. */
function printErrors(labels: ReadonlyMap<string, string>, dev: readonly Article[]): void {
  const byLabel = new Map<string, Article[]>();
  const byGold = new Map<string, Article[]>();
  for (const article of dev) {
    const label = labels.get(article.post.id) ?? '?';
    byLabel.set(label, [...(byLabel.get(label) ?? []), article]);
    byGold.set(article.gold, [...(byGold.get(article.gold) ?? []), article]);
  }
  const line = (a: Article) =>
    `    [${a.gold}${a.perspectives ? ' P' : ''}] ${new Date(a.post.publishedAt).toISOString().slice(0, 13)} ${labels.get(a.post.id)} ${a.post.community}: ${a.post.title}`;
  console.log('mixed:');
  for (const members of byLabel.values()) {
    if (new Set(members.map((a) => a.gold)).size > 1) console.log(`${members.map(line).join('\n')}\n`);
  }
  console.log('split:');
  for (const members of byGold.values()) {
    if (new Set(members.map((a) => labels.get(a.post.id))).size > 1)
      console.log(`${members.map(line).join('\n')}\n`);
  }
}

async function main(): Promise<void> {
  if (!existsSync(dataFile)) {
    console.log(
      `eval:cluster skipped: ${dataFile} is absent (it lives in ../shared/eval, not in the repository)`,
    );
    return;
  }
  const { dev, heldOut } = loadArticles();
  if (process.argv.includes('--dev-only')) {
    printDevOnly(dev);
    return;
  }
  const devStories = new Set(dev.map((a) => a.gold)).size;
  const heldOutStories = new Set(heldOut.map((a) => a.gold)).size;
  console.log(
    `NeuS AllSides: development ${dev.length} articles in ${devStories} stories, held-out ${heldOut.length} articles in ${heldOutStories} stories`,
  );
  const rows: Row[] = [];
  // The development articles precede the held-out ones in time: their texts are legitimate
  // history for the held-out stream's idf corpus (roundup only; labels are never read). The dev
  // stream has no history before its first post.
  const splits = [
    { name: 'dev', articles: dev, history: [] as Article[] },
    { name: 'held-out', articles: heldOut, history: dev },
  ];
  console.log(
    "roundup on held-out: idf corpus warmed with the development articles' texts (published before it; no labels)",
  );

  // roundup: tunables chosen on dev.
  const tuned = tuneRoundup(dev);
  const setting = describeSetting(tuned.tunables);
  for (const { name, articles, history } of splits) {
    rows.push({
      method: 'roundup',
      split: name,
      ...scoreBoth(runRoundup(articles, tuned.tunables, history), articles),
      setting,
    });
  }
  // A ceiling for telling Perspectives collections from event coverage: the same setting with
  // every "Perspectives: …" article clustered as a stream of its own, as a perfect detector of
  // AllSides' label would have them (an oracle: it reads which gold stories are Perspectives;
  // nothing is chosen from it). The label is editorial: news-desk reports are among them too.
  for (const { name, articles, history } of splits) {
    rows.push({
      method: 'roundup, Perspectives articles clustered apart (oracle, diagnostic)',
      split: name,
      ...scoreBoth(runPerspectivesApart(articles, tuned.tunables, history), articles),
      setting: 'as roundup',
    });
  }
  // The same tuning without the age penalty: how much of the figure comes from telling a story's
  // later developments apart by time (NeuS dates every article of a gold story alike, so here the
  // penalty costs no recall, which real feeds, whose coverage of one event spreads over hours, would pay).
  const timeless = tuneRoundup(dev, { agePenaltyPerDay: 0 });
  for (const { name, articles, history } of splits) {
    rows.push({
      method: 'roundup without the age penalty (diagnostic)',
      split: name,
      ...scoreBoth(runRoundup(articles, timeless.tunables, history), articles),
      setting: describeSetting(timeless.tunables),
    });
  }
  // Real coverage of one event spreads over hours: the same runs with every held-out article moved
  // a fixed pseudo-random 0–36 h later than its story's date (so a story's articles are up to 36 h
  // apart and neighbouring days' stories interleave), with and without the age penalty.
  const spread = spreadTimes(heldOut, SPREAD_HOURS);
  for (const [method, tunables] of [
    ['roundup', tuned.tunables],
    ['roundup without the age penalty', timeless.tunables],
  ] as const) {
    rows.push({
      method: `${method}, article times spread over ${SPREAD_HOURS} h (diagnostic)`,
      split: 'held-out',
      ...scoreBoth(runRoundup(spread, tunables, dev), spread),
      setting: 'as above',
    });
  }
  const defaults = runRoundup(dev, {});
  const throughStore = await runThroughStore(dev);
  const same = scoreClustering(throughStore, defaults).f1;
  rows.push({
    method: 'roundup (defaults), a day at a time through the store',
    split: 'dev',
    ...scoreBoth(throughStore, dev),
    setting: `clusterNewPosts once a day on SQLite; agreement with one run of the defaults: B3 F1 ${same.toFixed(3)}`,
  });
  rows.push({
    method: 'roundup (defaults)',
    split: 'held-out',
    ...scoreBoth(runRoundup(heldOut, {}, dev), heldOut),
    setting: `joinThreshold=${defaultTunables.joinThreshold} titleWeight=${defaultTunables.titleWeight} minBodyCosine=${defaultTunables.minBodyCosine} consolidateThreshold=${defaultTunables.consolidateThreshold}`,
  });

  // (a) single-pass cosine over tf-idf, threshold chosen on dev.
  const toDocs = (articles: readonly Article[]) =>
    articles.map(({ post }) => ({
      id: post.id,
      publishedAt: post.publishedAt,
      text: `${post.title}\n${post.text}`,
    }));
  const devDocs = toDocs(dev);
  const devVectors = prepareSinglePass(devDocs);
  // Also with roundup's age penalty (diagnostic): how much of roundup's lead is the penalty's.
  const penalties = [
    { method: 'single-pass tf-idf', penalty: () => 0 },
    {
      method: "single-pass tf-idf with roundup's age penalty (diagnostic)",
      penalty: (gapMs: number) => agePenalty(gapMs, defaultTunables),
    },
  ];
  for (const { method, penalty } of penalties) {
    let bestThreshold = 0;
    let bestF1 = -1;
    for (const threshold of range(0.05, 0.8, 0.025)) {
      const { f1 } = scoreClustering(
        runSinglePass(devDocs, devVectors, threshold, DEFAULT_WINDOW_MS, penalty),
        goldOf(dev),
      );
      if (f1 > bestF1 + 1e-9) {
        bestF1 = f1;
        bestThreshold = threshold;
      }
    }
    for (const { name, articles } of splits) {
      const docs = toDocs(articles);
      const labels = runSinglePass(docs, prepareSinglePass(docs), bestThreshold, DEFAULT_WINDOW_MS, penalty);
      rows.push({
        method,
        split: name,
        ...scoreBoth(labels, articles),
        setting: `cosine ≥ ${bestThreshold}`,
      });
    }
  }

  // (b) scikit-learn agglomerative clustering, distance threshold chosen on dev.
  const { python, reason } = findPython();
  if (python === null) {
    console.log(`baseline (b) skipped: ${reason}`);
  } else {
    // Same 72 h window as roundup and baseline (a); linkage and distance threshold chosen on dev.
    const runs: AgglomerativeRun[] = (['average', 'complete'] as const).flatMap((linkage) =>
      range(0.3, 0.99, 0.02).map((threshold) => ({ linkage, threshold })),
    );
    // Also with roundup's age penalty added to the distance of two documents by how far apart they
    // were published (diagnostic; complete linkage then bounds a cluster's spread as roundup's
    // penalty from a story's start does).
    const variants = [
      { method: 'sklearn agglomerative (72 h window)', penalty: null, note: '' },
      {
        method: "sklearn agglomerative with roundup's age penalty (diagnostic)",
        penalty: {
          eventSpanMs: defaultTunables.eventSpanMs,
          agePenaltyPerDay: defaultTunables.agePenaltyPerDay,
        },
        note: ', age penalty added to distances',
      },
    ];
    for (const { method, penalty, note } of variants) {
      const devRuns = runAgglomerative(python, dev, runs, penalty);
      let bestRun = runs[0] as AgglomerativeRun;
      let bestLabels = new Map<string, string>();
      let bestAggF1 = -1;
      runs.forEach((run, i) => {
        const labels = devRuns[i] ?? new Map<string, string>();
        const { f1 } = scoreClustering(labels, goldOf(dev));
        if (f1 > bestAggF1 + 1e-9) {
          bestAggF1 = f1;
          bestRun = run;
          bestLabels = labels;
        }
      });
      const setting = `${bestRun.linkage} linkage, cosine distance ≤ ${bestRun.threshold}, pairs > 72 h apart never linked${note} (${python})`;
      rows.push({ method, split: 'dev', ...scoreBoth(bestLabels, dev), setting });
      const heldOutRun =
        runAgglomerative(python, heldOut, [bestRun], penalty)[0] ?? new Map<string, string>();
      rows.push({ method, split: 'held-out', ...scoreBoth(heldOutRun, heldOut), setting });
    }
  }

  console.log('');
  console.log('| method | split | B3 P | B3 R | B3 F1 | ARI | chosen on dev |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) {
    for (const [split, scores] of [
      [row.split, row.scores],
      [`${row.split}, event stories only (diagnostic)`, row.eventScores],
    ] as const) {
      const { precision, recall, f1, ari } = scores;
      console.log(
        `| ${row.method} | ${split} | ${format(precision)} | ${format(recall)} | ${format(f1)} | ${format(ari)} | ${row.setting} |`,
      );
    }
  }
  console.log('');
  console.log(
    `Headline rows are over ALL gold stories. "Event stories only" leaves out the ${new Set([...dev, ...heldOut].filter((a) => a.perspectives).map((a) => a.gold)).size} "Perspectives: …" stories (opinion pieces on a theme, little shared wording) to show how much of the gap they are.`,
  );
  const ours = rows.find((r) => r.method === 'roundup' && r.split === 'held-out');
  // The issue's two baselines; diagnostic variants are not among them.
  const baselines = rows.filter(
    (r) => r.split === 'held-out' && !r.method.startsWith('roundup') && !r.method.endsWith('(diagnostic)'),
  );
  if (ours) {
    console.log('');
    const verdicts = baselines.map(
      (r) => `${r.method} ${r.scores.f1.toFixed(4)}: ${ours.scores.f1 > r.scores.f1 ? 'above' : 'NOT above'}`,
    );
    const aboveAll = baselines.every((r) => ours.scores.f1 > r.scores.f1);
    console.log(
      `held-out B-cubed F1 ${ours.scores.f1.toFixed(4)} (target ≥ 0.95: ${ours.scores.f1 >= 0.95 ? 'met' : 'missed'}; ${verdicts.join('; ')}; above ${baselines.length === 2 ? 'both baselines' : `the ${baselines.length} baseline(s) run`}: ${aboveAll ? 'yes' : 'no'})`,
    );
  }
}

await main();
