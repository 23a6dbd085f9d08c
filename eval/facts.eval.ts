/**
 * Fact extraction quality on the labelled sentences in eval/facts (see eval/facts/README.md):
 * precision and recall per kind on the development and held-out halves.
 *
 * Each labelled line is one source (news → a document, HN/Reddit → a comment) published at its
 * `publishedAt`. Predicted facts are the mentions `extractMentions` reports as asserted (neither
 * negated nor hedged). A prediction matches a gold fact when the kind and the key fields agree:
 *   money       amount, currency (and min/max for ranges)
 *   period      from, to, by
 *   target      action, quantity, deadline
 *   investment  investor, amount, currency (and min/max)
 *   partnership the two parties
 *   cooperation party, government
 *   market_move company, direction, size (percent or null)
 *   event       date
 * Names are compared through `canonicalKey` (gazetteer aliases, case, "Corp"/"Inc").
 * Matching is a multiset intersection per sentence.
 *
 * Run: `npx tsx eval/facts.eval.ts` (npm run eval:facts). Flags: `--dev-only` skips the held-out
 * half; `--errors` lists the development half's misses and false alarms (never the held-out's).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalKey } from '../src/extract/gazetteer.js';
import { extractMentions } from '../src/extract/index.js';
import type { FactKind, SourceText } from '../src/extract/types.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));

interface Labelled {
  text: string;
  style: 'news' | 'hn' | 'reddit';
  publishedAt: string;
  facts: Array<Record<string, unknown> & { kind: FactKind }>;
}

const KINDS: FactKind[] = [
  'money',
  'investment',
  'period',
  'target',
  'partnership',
  'cooperation',
  'market_move',
  'event',
];

function name(value: unknown): string {
  return typeof value === 'string' ? canonicalKey(value) : 'null';
}

function num(value: unknown): string {
  return typeof value === 'number' ? String(Math.round(value * 100) / 100) : 'null';
}

function period(value: Record<string, unknown>): Record<string, unknown> {
  return value;
}

/** The comparable key of a fact (gold or predicted). */
export function factKey(kind: string, value: Record<string, unknown>): string {
  switch (kind) {
    case 'money':
      return `money|${num(value.amount)}|${value.currency}|${num(value.min)}|${num(value.max)}`;
    case 'investment':
      return `investment|${name(value.investor)}|${num(value.amount)}|${value.currency}|${num(value.min)}|${num(value.max)}`;
    case 'period': {
      const p = period(value);
      return `period|${num(p.from)}|${num(p.to)}|${num(p.by)}`;
    }
    case 'target':
      return `target|${value.action}|${num(value.quantity)}|${num(value.deadline)}`;
    case 'partnership': {
      const parties = Array.isArray(value.parties) ? value.parties.map(name).sort() : [];
      return `partnership|${parties.join('+')}`;
    }
    case 'cooperation':
      return `cooperation|${name(value.party)}|${name(value.government)}`;
    case 'market_move':
      return `market_move|${name(value.company)}|${value.direction}|${num(value.size)}`;
    case 'event':
      return `event|${value.date}`;
    default:
      return `${kind}|?`;
  }
}

interface Tally {
  tp: number;
  predicted: number;
  gold: number;
}

function emptyTallies(): Map<string, Tally> {
  return new Map(KINDS.map((kind) => [kind, { tp: 0, predicted: 0, gold: 0 }]));
}

function load(file: string): Labelled[] {
  return readFileSync(resolve(here, 'facts', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Labelled);
}

function evaluate(rows: Labelled[], showErrors: boolean): Map<string, Tally> {
  const tallies = emptyTallies();
  rows.forEach((row, index) => {
    const source: SourceText = {
      id: `eval:${index}`,
      kind: row.style === 'news' ? 'document' : 'comment',
      community: row.style === 'news' ? 'Wire' : row.style === 'hn' ? 'Hacker News' : 'r/technology',
      publishedAt: Date.parse(`${row.publishedAt}T09:00:00Z`),
      author: null,
      text: row.text,
    };
    const predicted = extractMentions(source)
      .facts.filter((f) => !f.negated && !f.hedged)
      .map((f) => ({ kind: f.kind, key: factKey(f.kind, f.value) }));
    const gold = row.facts.map((f) => ({ kind: f.kind, key: factKey(f.kind, f) }));
    const remaining = new Map<string, number>();
    for (const g of gold) remaining.set(g.key, (remaining.get(g.key) ?? 0) + 1);
    const falseAlarms: string[] = [];
    for (const p of predicted) {
      const tally = tallies.get(p.kind);
      if (!tally) continue;
      tally.predicted++;
      const left = remaining.get(p.key) ?? 0;
      if (left > 0) {
        tally.tp++;
        remaining.set(p.key, left - 1);
      } else falseAlarms.push(p.key);
    }
    for (const g of gold) {
      const tally = tallies.get(g.kind);
      if (tally) tally.gold++;
    }
    const misses = [...remaining.entries()].filter(([, n]) => n > 0).map(([key]) => key);
    if (showErrors && (misses.length > 0 || falseAlarms.length > 0)) {
      console.log(`\n${row.text}`);
      for (const miss of misses) console.log(`  missed  ${miss}`);
      for (const alarm of falseAlarms) console.log(`  false   ${alarm}`);
    }
  });
  return tallies;
}

function ratio(a: number, b: number): string {
  return b === 0 ? '  -  ' : (a / b).toFixed(3);
}

function total(tallies: Map<string, Tally>): Tally {
  const sum = { tp: 0, predicted: 0, gold: 0 };
  for (const t of tallies.values()) {
    sum.tp += t.tp;
    sum.predicted += t.predicted;
    sum.gold += t.gold;
  }
  return sum;
}

const dev = load('dev.jsonl');
const devTallies = evaluate(dev, args.has('--errors'));
const held = args.has('--dev-only') ? null : load('heldout.jsonl');
const heldTallies = held ? evaluate(held, false) : null;

const header = `${'kind'.padEnd(12)} | ${'dev P'.padStart(6)} ${'dev R'.padStart(6)} ${'tp/pred/gold'.padStart(13)} | ${'held P'.padStart(6)} ${'held R'.padStart(6)} ${'tp/pred/gold'.padStart(13)}`;
console.log(
  `\nfacts eval: ${dev.length} development sentences, ${held ? held.length : 'skipped'} held-out sentences`,
);
console.log(header);
console.log('-'.repeat(header.length));
const line = (label: string, d: Tally, h: Tally | null) => {
  const left = `${ratio(d.tp, d.predicted).padStart(6)} ${ratio(d.tp, d.gold).padStart(6)} ${`${d.tp}/${d.predicted}/${d.gold}`.padStart(13)}`;
  const right = h
    ? `${ratio(h.tp, h.predicted).padStart(6)} ${ratio(h.tp, h.gold).padStart(6)} ${`${h.tp}/${h.predicted}/${h.gold}`.padStart(13)}`
    : '';
  console.log(`${label.padEnd(12)} | ${left} | ${right}`);
};
for (const kind of KINDS)
  line(kind, devTallies.get(kind) as Tally, heldTallies ? (heldTallies.get(kind) as Tally) : null);
console.log('-'.repeat(header.length));
line('all', total(devTallies), heldTallies ? total(heldTallies) : null);
