import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { errorMessage, UsageError } from '../errors.js';
import { DEFAULT_SUMMARY_WORDS, type SummaryDocument, summarize } from '../write/summarize.js';
import type { Output } from './output.js';

const MAX_WORDS = 10_000;

/** Commander hands options over as strings. */
export function parseSummaryWords(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SUMMARY_WORDS;
  const words = Number(value.trim());
  if (value.trim() === '' || !Number.isInteger(words) || words < 1 || words > MAX_WORDS) {
    throw new UsageError(`summarize: --words takes a whole number from 1 to ${MAX_WORDS}, not "${value}"`);
  }
  return words;
}

interface NdjsonDocument {
  title?: unknown;
  text?: unknown;
}

/**
 * The documents of one file: NDJSON when every non-empty line is a JSON object with a string
 * "text" (one document per line, "title" optional), else the whole file is one plain-text
 * document.
 */
export function documentsFromFile(path: string, content: string): SummaryDocument[] {
  const lines = content.split('\n').filter((line) => line.trim() !== '');
  const parsed: SummaryDocument[] = [];
  for (const [index, line] of lines.entries()) {
    if (!line.trimStart().startsWith('{')) return plainDocument(path, content);
    let value: NdjsonDocument;
    try {
      value = JSON.parse(line) as NdjsonDocument;
    } catch {
      return plainDocument(path, content); // not NDJSON after all: a text that starts with "{"
    }
    if (typeof value !== 'object' || value === null || typeof value.text !== 'string') {
      return plainDocument(path, content);
    }
    parsed.push({
      id: `${basename(path)}:${index + 1}`,
      text: value.text,
      ...(typeof value.title === 'string' && value.title !== '' ? { title: value.title } : {}),
    });
  }
  return parsed.length > 0 ? parsed : plainDocument(path, content);
}

function plainDocument(path: string, content: string): SummaryDocument[] {
  return content.trim() === '' ? [] : [{ id: basename(path), text: content }];
}

/**
 * `roundup summarize [--words N] <files…>`: the extractive summariser over plain-text files
 * (one document each) or NDJSON files of {"title","text"} lines; prints the summary as one
 * paragraph. A file that cannot be read is reported and skipped (exit 1 at the end); no text
 * at all is a failure too.
 */
export async function runSummarize(
  output: Output,
  files: string[],
  options: { words?: string },
): Promise<number> {
  const words = parseSummaryWords(options.words);
  if (files.length === 0) throw new UsageError('summarize: give at least one file');
  const documents: SummaryDocument[] = [];
  let failed = 0;
  for (const file of files) {
    try {
      documents.push(...documentsFromFile(file, await readFile(file, 'utf8')));
    } catch (error) {
      failed++;
      output.err(`summarize: unable to read ${file} (${errorMessage(error)})`);
    }
  }
  const summary = summarize(documents, { words });
  if (summary.length === 0) {
    output.err(
      `summarize: no sentences to summarise in ${files.length === 1 ? files[0] : `${files.length} files`}`,
    );
    return 1;
  }
  output.out(summary.map((sentence) => sentence.text).join(' '));
  return failed > 0 ? 1 : 0;
}
