import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import type { Output } from './output.js';
import { documentsFromFile, parseSummaryWords, runSummarize } from './summarize.js';

function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    json: (value) => stdout.push(JSON.stringify(value)),
    isTty: false,
    errIsTty: false,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'roundup-summarize-'));
const article = join(dir, 'article.txt');
writeFileSync(
  article,
  [
    'Nordwind said on Monday it will spend €4 billion between 2026 and 2030 on three offshore substations.',
    'The grid operator PSG will build and run an undersea cable to Gdańsk under a 25-year contract.',
    'Shares of PSG rose 6% in Warsaw after the announcement, traders said.',
  ].join('\n\n'),
);
const feed = join(dir, 'feed.ndjson');
writeFileSync(
  feed,
  [
    JSON.stringify({
      title: 'Nordwind bets on the Baltic grid',
      text: 'Nordwind will invest €4 billion in substations and a cable to Gdańsk by 2030, the company said.',
    }),
    JSON.stringify({
      title: 'Fishermen worry',
      text: 'Local fishermen fear that the cable route will cross spawning grounds in the bay.',
    }),
  ].join('\n'),
);

describe('roundup summarize', () => {
  it('prints a one-paragraph summary of plain-text files', async () => {
    const output = capture();
    expect(await runSummarize(output, [article], {})).toBe(0);
    expect(output.stdout).toHaveLength(1);
    expect(output.stdout[0]).toMatch(/€4 billion/);
  });

  it('reads NDJSON lines as documents', () => {
    const documents = documentsFromFile(
      feed,
      `${JSON.stringify({ title: 'A', text: 'One.' })}\n{"text":"Two."}\n`,
    );
    expect(documents).toEqual([
      { id: 'feed.ndjson:1', title: 'A', text: 'One.' },
      { id: 'feed.ndjson:2', text: 'Two.' },
    ]);
    expect(documentsFromFile(article, '{not json} but prose.')).toHaveLength(1);
  });

  it('keeps to --words', async () => {
    const output = capture();
    expect(await runSummarize(output, [article, feed], { words: '20' })).toBe(0);
    expect(output.stdout[0]?.split(/\s+/).length).toBeLessThanOrEqual(20);
  });

  it('rejects a bad --words as a usage error', () => {
    for (const bad of ['0', '-3', 'ten', '2.5', '']) {
      expect(() => parseSummaryWords(bad)).toThrow(UsageError);
    }
    expect(parseSummaryWords(undefined)).toBe(100);
  });

  it('reports an unreadable file, summarises the rest and exits 1', async () => {
    const output = capture();
    expect(await runSummarize(output, [join(dir, 'missing.txt'), article], {})).toBe(1);
    expect(output.stderr[0]).toMatch(/summarize: unable to read .*missing\.txt/);
    expect(output.stdout[0]).toMatch(/Nordwind/);
  });

  it('fails when there is nothing to summarise', async () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '   \n');
    const output = capture();
    expect(await runSummarize(output, [empty], {})).toBe(1);
    expect(output.stderr[0]).toMatch(/no sentences/);
  });
});
