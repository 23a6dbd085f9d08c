/**
 * Entities in real post titles: organisations, people and places that `extractMentions` finds in
 * 80 Hacker News and Reddit titles (every ninth of the 721 distinct titles in
 * ../shared/eval/hn/algolia_api_v1_fixtures_2014.json and ../shared/eval/reddit/praw_cassettes/
 * listing_*.json), against names labelled by hand in eval/entities/titles.jsonl (57 entities; 37
 * titles have none). Titles are where a briefing's "Who's involved" and the entity pages meet
 * Title Case ("Steve Jobs Resigns as CEO of Apple"), post kinds ("Ask HN:") and chat ("I’d").
 *
 * A prediction matches a label when their names agree through `canonicalKey` (gazetteer aliases,
 * case, possessives); matching is a multiset intersection per title. Kind agreement is counted
 * over the matches. Baseline in the same run: every capitalised phrase (`extractNames`, the
 * clusterer's name evidence), which has no kinds.
 *
 * The labels were written by one person; the title rules of src/extract/entities.ts were written
 * while reading extraction output over all 721 titles, so this is not a held-out figure.
 *
 * Run: `npx tsx eval/entities.eval.ts` (npm run eval:entities); `--errors` lists every miss, false
 * alarm and wrong kind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalKey, extractMentions } from '../src/extract/index.js';
import { extractNames } from '../src/text/entities.js';

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(here, '../../shared/eval');
const showErrors = process.argv.includes('--errors');

interface Label {
  file: string;
  id: string;
  entities: Array<{ name: string; kind: string }>;
}

interface Predicted {
  name: string;
  kind: string | null;
}

interface Tally {
  tp: number;
  predicted: number;
  gold: number;
  kindAgrees: number;
}

/** Every title of a fixture file, by the id the labels use (HN objectID, Reddit fullname). */
function titlesOf(file: string): Map<string, string> {
  const json = JSON.parse(readFileSync(resolve(shared, file), 'utf8')) as unknown;
  const titles = new Map<string, string>();
  if (Array.isArray(json)) {
    for (const fixture of json as Array<{ reply?: { hits?: Array<{ objectID: string; title?: string }> } }>)
      for (const hit of fixture.reply?.hits ?? []) if (hit.title) titles.set(String(hit.objectID), hit.title);
  } else {
    const listing = json as { data: { children: Array<{ data: { name: string; title: string } }> } };
    for (const child of listing.data.children) titles.set(child.data.name, child.data.title);
  }
  return titles;
}

function roundupEntities(title: string): Predicted[] {
  const { entityMentions } = extractMentions({
    id: 'title',
    kind: 'post',
    community: 'eval',
    publishedAt: 0,
    author: null,
    text: title,
  });
  const seen = new Set<string>();
  const out: Predicted[] = [];
  for (const mention of entityMentions) {
    const key = canonicalKey(mention.name);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name: mention.name, kind: mention.kind });
  }
  return out;
}

function capitalisedPhrases(title: string): Predicted[] {
  return extractNames(title).map((name) => ({ name, kind: null }));
}

function score(
  rows: Array<{ title: string; gold: Label['entities'] }>,
  predict: (title: string) => Predicted[],
  label: string,
): Tally {
  const tally: Tally = { tp: 0, predicted: 0, gold: 0, kindAgrees: 0 };
  for (const { title, gold } of rows) {
    const predicted = predict(title);
    const left = [...gold];
    const falseAlarms: Predicted[] = [];
    const wrongKinds: string[] = [];
    for (const guess of predicted) {
      const at = left.findIndex((g) => canonicalKey(g.name) === canonicalKey(guess.name));
      if (at === -1) {
        falseAlarms.push(guess);
        continue;
      }
      tally.tp++;
      const goldKind = (left[at] as Label['entities'][number]).kind;
      if (guess.kind === goldKind) tally.kindAgrees++;
      else if (guess.kind !== null) wrongKinds.push(`~${guess.name}<${guess.kind}, labelled ${goldKind}>`);
      left.splice(at, 1);
    }
    tally.predicted += predicted.length;
    tally.gold += gold.length;
    if (showErrors && (left.length > 0 || falseAlarms.length > 0 || wrongKinds.length > 0)) {
      const missed = left.map((g) => `-${g.name}`);
      const extra = falseAlarms.map((p) => `+${p.name}${p.kind ? `<${p.kind}>` : ''}`);
      console.log(`${label}: ${JSON.stringify(title)}  ${[...missed, ...extra, ...wrongKinds].join('  ')}`);
    }
  }
  return tally;
}

function main(): void {
  const labelFile = resolve(here, 'entities/titles.jsonl');
  const labels = readFileSync(labelFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Label);
  const missing = [...new Set(labels.map((l) => l.file))].filter(
    (file) => !existsSync(resolve(shared, file)),
  );
  if (missing.length > 0) {
    console.log(
      `eval:entities skipped: ${missing.map((f) => `../shared/eval/${f}`).join(', ')} absent (the titles live in ../shared/eval, not in the repository)`,
    );
    return;
  }
  const byFile = new Map<string, Map<string, string>>();
  const rows = labels.map((l) => {
    let titles = byFile.get(l.file);
    if (!titles) {
      titles = titlesOf(l.file);
      byFile.set(l.file, titles);
    }
    const title = titles.get(l.id);
    if (title === undefined) throw new Error(`eval:entities: ${l.file} has no title with id ${l.id}`);
    return { title, gold: l.entities };
  });

  const ratio = (a: number, b: number) => (b === 0 ? '-' : (a / b).toFixed(3));
  const f1 = (t: Tally) => (t.tp === 0 ? 0 : (2 * t.tp) / (t.predicted + t.gold));
  const line = (method: string, t: Tally, kinds: boolean) =>
    `| ${method} | ${ratio(t.tp, t.predicted)} | ${ratio(t.tp, t.gold)} | ${f1(t).toFixed(3)} | ${t.tp}/${t.predicted}/${t.gold} | ${kinds ? ratio(t.kindAgrees, t.tp) : '-'} |`;
  const roundup = score(rows, roundupEntities, 'roundup');
  const baseline = score(rows, capitalisedPhrases, 'baseline');
  console.log(`\nentities in ${rows.length} real HN and Reddit titles (${roundup.gold} labelled entities)\n`);
  console.log('| method | P | R | F1 | tp/predicted/gold | kind agrees |');
  console.log('|---|---|---|---|---|---|');
  console.log(line('roundup (extractMentions)', roundup, true));
  console.log(line('baseline: capitalised phrases', baseline, false));
}

main();
