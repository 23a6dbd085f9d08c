/**
 * Fact extraction throughput against tokenising alone, and its linearity on adversarial input.
 *
 *   npx tsx bench/extract.bench.ts
 *
 * 1. The article bodies of the AllSides stories in ../shared/eval/mds/neus_allsides (one JSON
 *    story per line, three outlets each, `newBody` a list of paragraphs), split into sentences
 *    with src/text/sentences.ts. In this process, timed separately:
 *    - baseline: `tokenize` (src/text/tokens.ts) on every sentence;
 *    - extractMentions on every sentence as its own source;
 *    - extractMentions on every article (sentence splitting included);
 *    - extractStory on every story's three articles.
 *    Printed as sentences per second. Skipped with a printed line when the data are absent.
 * 2. Adversarial digits, commas, dots, dashes, currency signs and percent signs of 256 KB, 512 KB
 *    and 1 MB, one source each: time and µs per KB. Linear work keeps µs/KB flat.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractMentions, extractStory } from '../src/extract/index.js';
import type { SourceText } from '../src/extract/types.js';
import { splitSentences } from '../src/text/sentences.js';
import { tokenize } from '../src/text/tokens.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataFile = resolve(
  here,
  '../../shared/eval/mds/neus_allsides/headline_11_2021-10-19_crawled_all.jsonl',
);

function time<T>(run: () => T): { ms: number; result: T } {
  const start = performance.now();
  const result = run();
  return { ms: performance.now() - start, result };
}

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;
}

interface NeusStory {
  date: string;
  news: Record<string, { newsSource?: string; newBody?: string[] | string }>;
}

function runCorpus(): void {
  if (!existsSync(dataFile)) {
    console.log(`extract bench: skipped the AllSides corpus (${dataFile} not found)`);
    return;
  }
  const stories: SourceText[][] = [];
  for (const line of readFileSync(dataFile, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const story = JSON.parse(line) as NeusStory;
    const publishedAt = Date.parse(story.date);
    const sources: SourceText[] = [];
    for (const [side, article] of Object.entries(story.news)) {
      const body = Array.isArray(article.newBody) ? article.newBody.join('\n') : (article.newBody ?? '');
      if (body.trim() === '') continue;
      sources.push({
        id: `neus:${stories.length}:${side}`,
        kind: 'document',
        community: article.newsSource ?? side,
        publishedAt: Number.isFinite(publishedAt) ? publishedAt : 0,
        author: null,
        text: body,
      });
    }
    stories.push(sources);
  }
  const articles = stories.flat();
  const sentences = articles.flatMap((a) => splitSentences(a.text).map((text) => ({ ...a, text })));
  const chars = sentences.reduce((sum, s) => sum + s.text.length, 0);
  console.log(
    `AllSides corpus: ${stories.length} stories, ${articles.length} articles, ${sentences.length.toLocaleString('en-US')} sentences, ${(chars / 1e6).toFixed(1)} MB`,
  );
  // Warm up both paths (JIT, compromise's lexicon, chrono).
  for (const s of sentences.slice(0, 200)) {
    tokenize(s.text);
    extractMentions(s);
  }
  const tokens = time(() => sentences.reduce((sum, s) => sum + tokenize(s.text).length, 0));
  const perSentence = time(() => sentences.reduce((sum, s) => sum + extractMentions(s).facts.length, 0));
  const perArticle = time(() => articles.reduce((sum, a) => sum + extractMentions(a).facts.length, 0));
  const perStory = time(() => stories.reduce((sum, story) => sum + extractStory(story).facts.length, 0));
  console.log(
    `  tokenize (baseline)          ${rate(sentences.length, tokens.ms).padStart(12)} sentences  (${tokens.ms.toFixed(0)} ms)`,
  );
  console.log(
    `  extractMentions per sentence ${rate(sentences.length, perSentence.ms).padStart(12)} sentences  (${perSentence.ms.toFixed(0)} ms, ${perSentence.result} mentions, ${(perSentence.ms / tokens.ms).toFixed(1)}× tokenising)`,
  );
  console.log(
    `  extractMentions per article  ${rate(sentences.length, perArticle.ms).padStart(12)} sentences  (${perArticle.ms.toFixed(0)} ms)`,
  );
  console.log(
    `  extractStory per story       ${rate(sentences.length, perStory.ms).padStart(12)} sentences  (${perStory.ms.toFixed(0)} ms, ${perStory.result} facts)`,
  );
}

function adversarial(bytes: number): string {
  const pieces = [
    '1',
    '0',
    ',',
    '.',
    '$',
    '€',
    '¥',
    '£',
    '-',
    '9',
    '%',
    ' ',
    '2026',
    'bn',
    '5',
    '–',
    '(',
    '7',
    'B',
    ' ',
  ];
  const parts: string[] = [];
  let length = 0;
  let state = 12345;
  while (length < bytes) {
    state = (state * 1103515245 + 12345) >>> 0;
    const piece = pieces[state % pieces.length] as string;
    parts.push(piece);
    length += piece.length;
  }
  return parts.join('').slice(0, bytes);
}

function runAdversarial(): void {
  console.log('Adversarial digits and punctuation (one source each):');
  extractMentions({
    id: 'warm',
    kind: 'comment',
    community: 'x',
    publishedAt: 0,
    author: null,
    text: adversarial(50_000),
  });
  for (const kb of [256, 512, 1024]) {
    const text = adversarial(kb * 1024);
    const run = time(() =>
      extractMentions({ id: 'adv', kind: 'comment', community: 'x', publishedAt: 0, author: null, text }),
    );
    console.log(
      `  ${String(kb).padStart(5)} KB  ${run.ms.toFixed(0).padStart(6)} ms  ${((run.ms * 1000) / kb).toFixed(0).padStart(6)} µs/KB  (${run.result.facts.length} mentions)`,
    );
  }
}

runCorpus();
runAdversarial();
