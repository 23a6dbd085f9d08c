/**
 * Multi-document summaries on real news: the AllSides stories of NeuS
 * (../shared/eval/mds/neus_allsides). Each story's 2–3 articles (left, center, right outlets)
 * are the documents; the reference is the editors' neutral roundup, its paragraphs joined.
 * Development split = stories dated before 2021-08-01, held-out = on/after (295 / 211).
 *
 * Printed per split: ROUGE-1, -2 and -L F and recall (eval/lib/rouge.ts, which equals the
 * official ROUGE-1.5.5 `-n 2 -m -f A`), averaged over stories, for roundup's summariser and, in
 * the same run, lead-3, LexRank and TextRank (eval/baselines/summarizers.ts). Every system is
 * cut to its first 100 words. Two rows for ours:
 * - `roundup`: the summary a reader gets, whole sentences within 100 words (96 on average), so
 *   it is never cut and has fewer words than the baselines;
 * - `roundup+`: the same summary followed by the further sentences of our 200-word summary, cut
 *   at 100 words exactly as the baselines are (ROUGE's usual `-l 100` protocol).
 * The summariser's weights were tuned on the development split only.
 *
 * Then, for each of our rows, whether it is above every baseline on held-out ROUGE-1 F and
 * ROUGE-2 F (yes/no).
 *
 * Run: `npx tsx eval/summaries.eval.ts` (npm run eval:summaries); tune with
 * `npx tsx eval/summaries.eval.ts --dev-only`, which leaves the held-out split unscored. Always
 * exits 0; prints a `skipped` line when the data are absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitSentences } from '../src/text/sentences.js';
import { analyzeSentences, type SummaryWeights, summarize } from '../src/write/summarize.js';
import { cutToWords, lead3, lexRankBaseline, textRankBaseline } from './baselines/summarizers.js';
import { type RougeScores, rougeScores } from './lib/rouge.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataFile = resolve(
  here,
  '../../shared/eval/mds/neus_allsides/headline_11_2021-10-19_crawled_all.jsonl',
);
const SPLIT_AT = Date.parse('2021-08-01T00:00:00Z');
const WORDS = 100;

interface NeusStory {
  id: number;
  date: string;
  roundup?: string[];
  news?: Record<string, { newsTitle?: string; newBody?: string[] } | null>;
}

export interface EvalStory {
  id: string;
  heldOut: boolean;
  documents: Array<{ id: string; title: string; text: string }>;
  reference: string[];
}

export function loadStories(): EvalStory[] | null {
  if (!existsSync(dataFile)) return null;
  const stories: EvalStory[] = [];
  for (const line of readFileSync(dataFile, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const story = JSON.parse(line) as NeusStory;
    const documents = Object.entries(story.news ?? {})
      .filter(([, article]) => article?.newBody && article.newBody.length > 0)
      .map(([side, article]) => ({
        id: `${story.id}:${side}`,
        title: article?.newsTitle ?? '',
        text: (article?.newBody ?? []).join('\n\n'),
      }));
    const reference = splitSentences((story.roundup ?? []).join(' '));
    if (documents.length === 0 || reference.length === 0) continue;
    stories.push({ id: String(story.id), heldOut: Date.parse(story.date) >= SPLIT_AT, documents, reference });
  }
  return stories;
}

export type System = (story: EvalStory) => string[];

export function ourSystem(weights?: Partial<SummaryWeights>): System {
  return (story) =>
    summarize(story.documents, { words: WORDS, ...(weights ? { weights } : {}) }).map((s) => s.text);
}

/** Our summary, topped up with the further sentences of a twice as long one (then cut like the rest). */
export function ourSystemToppedUp(weights?: Partial<SummaryWeights>): System {
  return (story) => {
    const options = weights ? { weights } : {};
    const analysis = analyzeSentences(story.documents);
    const first = summarize(analysis, { words: WORDS, ...options });
    const more = summarize(analysis, { words: 2 * WORDS, ...options }).filter(
      (sentence) =>
        !first.some((chosen) => chosen.docId === sentence.docId && chosen.start === sentence.start),
    );
    return [...first, ...more].map((sentence) => sentence.text);
  };
}

export const baselines: Record<string, System> = {
  'lead-3': (story) => lead3(story.documents),
  LexRank: (story) => lexRankBaseline(story.documents),
  TextRank: (story) => textRankBaseline(story.documents),
};

export interface SplitScores {
  stories: number;
  r1: { f: number; r: number };
  r2: { f: number; r: number };
  rl: { f: number; r: number };
}

export function scoreSystem(system: System, stories: readonly EvalStory[]): SplitScores {
  const sum = { r1f: 0, r1r: 0, r2f: 0, r2r: 0, rlf: 0, rlr: 0 };
  for (const story of stories) {
    const summary = cutToWords(system(story), WORDS);
    const scores: RougeScores = rougeScores(summary, [story.reference]);
    sum.r1f += scores.rouge1.f1;
    sum.r1r += scores.rouge1.recall;
    sum.r2f += scores.rouge2.f1;
    sum.r2r += scores.rouge2.recall;
    sum.rlf += scores.rougeL.f1;
    sum.rlr += scores.rougeL.recall;
  }
  const n = Math.max(1, stories.length);
  return {
    stories: stories.length,
    r1: { f: sum.r1f / n, r: sum.r1r / n },
    r2: { f: sum.r2f / n, r: sum.r2r / n },
    rl: { f: sum.rlf / n, r: sum.rlr / n },
  };
}

function percent(value: number): string {
  return (value * 100).toFixed(2).padStart(6);
}

/**
 * `--dev-only` scores the development split alone: the run to tune against, which never shows the
 * held-out figures.
 */
function main(argv: readonly string[]): void {
  const stories = loadStories();
  if (!stories) {
    console.log(`eval:summaries skipped: ${dataFile} is absent`);
    return;
  }
  const devOnly = argv.includes('--dev-only');
  const splits = [
    ['development (before 2021-08-01)', stories.filter((story) => !story.heldOut)],
    ...(devOnly ? [] : [['held-out (from 2021-08-01)', stories.filter((story) => story.heldOut)] as const]),
  ] as const;
  const ours: Array<[string, System]> = [
    ['roundup', ourSystem()],
    ['roundup+', ourSystemToppedUp()],
  ];
  const systems: Array<[string, System]> = [...ours, ...Object.entries(baselines)];
  console.log(`ROUGE (ROUGE-1.5.5 -n 2 -m -f A), ${WORDS}-word summaries, mean over stories, in %`);
  let last = new Map<string, SplitScores>();
  for (const [name, split] of splits) {
    console.log(`\n${name}: ${split.length} stories`);
    console.log('system    |  R1-F  R1-R |  R2-F  R2-R |  RL-F  RL-R');
    console.log('----------|-------------|-------------|------------');
    last = new Map();
    for (const [systemName, system] of systems) {
      const s = scoreSystem(system, split);
      last.set(systemName, s);
      console.log(
        `${systemName.padEnd(9)} |${percent(s.r1.f)}${percent(s.r1.r)} |${percent(s.r2.f)}${percent(s.r2.r)} |${percent(s.rl.f)}${percent(s.rl.r)}`,
      );
    }
  }
  const splitName = devOnly ? 'development' : 'held-out';
  console.log('');
  for (const [systemName] of ours) {
    const s = last.get(systemName) as SplitScores;
    const beaten = Object.keys(baselines).every((baseline) => {
      const b = last.get(baseline) as SplitScores;
      return s.r1.f > b.r1.f && s.r2.f > b.r2.f;
    });
    console.log(`${systemName} above every baseline on ${splitName} R1-F and R2-F: ${beaten ? 'yes' : 'no'}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main(process.argv.slice(2));
