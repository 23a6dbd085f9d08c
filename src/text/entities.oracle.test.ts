import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractNames, isJoiner, isWordChar, NAME_CONNECTORS, NOT_NAMES, numberKind } from './entities.js';
import { stopwordsFor } from './stopwords.js';

// The word-by-word extractNames that the one-pass scan replaced, kept as the oracle: the
// clusterer's decisions depend on these names, so the two must agree on every text.
// The word lists and character classes are shared with entities.ts: the oracle checks the scan.

/** Words with their offsets: letters, digits and '&', joined by . ' ’ - (a hand-written scan, no regex backtracking). */
function scanWords(text: string): Word[] {
  const words: Word[] = [];
  const length = text.length;
  let index = 0;
  while (index < length) {
    if (!isWordChar(text, index)) {
      index++;
      continue;
    }
    const start = index;
    index++;
    while (index < length) {
      if (isWordChar(text, index)) index++;
      else if (isJoiner(text.charCodeAt(index))) index++;
      else break;
    }
    words.push({ text: text.slice(start, index), start, end: index });
  }
  return words;
}

interface Word {
  text: string;
  start: number;
  end: number;
}

function isCapitalised(word: string): boolean {
  const first = word.charAt(0);
  return first !== first.toLowerCase() && first === first.toUpperCase();
}

function cleanName(word: string): string {
  let text = word;
  if (text.endsWith("'s") || text.endsWith('’s')) text = text.slice(0, -2);
  while (text.endsWith('.') || text.endsWith('-') || text.endsWith("'") || text.endsWith('’')) {
    text = text.slice(0, -1);
  }
  return text;
}

/** True when everything between two offsets is plain space (no comma, no full stop). */
function onlySpaceBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 0xa0 && code !== 9) return false;
  }
  return true;
}

/** True when the word starts a sentence: text start, or after . ! ? : or a line break (quotes skipped). */
function startsSentence(text: string, start: number): boolean {
  for (let i = start - 1; i >= 0; i--) {
    const char = text.charAt(i);
    if (char === ' ' || char === '"' || char === '“' || char === "'" || char === '‘' || char === '(')
      continue;
    if (char === '.' || char === '!' || char === '?' || char === ':' || char === '\n' || char === '—')
      return true;
    return false;
  }
  return true;
}

/**
 * Title Case Headlines ("Microsoft To Invest $10 Billion In Japan") say nothing through their
 * capitals; their names are left to the body.
 */
function isTitleCase(words: readonly Word[]): boolean {
  if (words.length < 4) return false;
  let capitalised = 0;
  let letters = 0;
  for (const word of words) {
    const first = word.text.charAt(0);
    if (first.toLowerCase() === first.toUpperCase()) continue; // not a cased letter
    letters++;
    if (isCapitalised(word.text)) capitalised++;
  }
  return letters >= 4 && capitalised / letters >= 0.75;
}

function referenceExtractNames(text: string, language = 'en'): string[] {
  const stopwords = stopwordsFor(language);
  const words = scanWords(text);
  if (isTitleCase(words)) return [];
  const names = new Map<string, string>();
  let phrase: string[] = [];
  let pendingConnector: string | null = null;
  let lastEnd = -1;
  const flush = () => {
    if (phrase.length > 0) {
      const name = phrase.join(' ');
      const key = name.toLowerCase();
      if (!NOT_NAMES.has(key) && name.length > 1 && !names.has(key)) names.set(key, name);
    }
    phrase = [];
    pendingConnector = null;
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as Word;
    const joined = lastEnd >= 0 && onlySpaceBetween(text, lastEnd, word.start);
    if (!joined) flush();
    lastEnd = word.end;
    const name = cleanName(word.text);
    const lower = name.toLowerCase();
    if (!isCapitalised(word.text)) {
      if (phrase.length > 0 && pendingConnector === null && NAME_CONNECTORS.has(lower)) {
        pendingConnector = lower;
        continue;
      }
      flush();
      continue;
    }
    const initial = startsSentence(text, word.start);
    if (phrase.length === 0 && ((stopwords.has(lower) && initial) || lower === 'i')) {
      continue; // "The", "He", "In" opening a sentence; "I"
    }
    if (NOT_NAMES.has(lower)) {
      flush();
      continue;
    }
    if (pendingConnector !== null) phrase.push(pendingConnector);
    pendingConnector = null;
    phrase.push(name);
    // "Microsoft's CEO": a possessive ends the name.
    if (name.length < word.text.length && /['’]s$/i.test(word.text)) flush();
  }
  flush();
  return [...names.values()];
}

const pieces = [
  'The',
  'the',
  'He',
  'In',
  'I',
  'i',
  'Of',
  'of',
  'de',
  'van',
  '&',
  'And',
  'and',
  'Bank',
  'America',
  'OpenAI',
  'New',
  'York',
  'Monday',
  'May',
  'may',
  'Mr',
  'CEO',
  'U.S.',
  'u.s',
  "Microsoft's",
  'Japan’s',
  "don't",
  'Co-op',
  '10',
  '$10',
  '4.5%',
  '2029',
  'Émile',
  'élan',
  'Zürich',
  'ß',
  'İstanbul',
  'Ωmega',
  '日本',
  'x',
  'X',
  ' ',
  ' ',
  ' ',
  '  ',
  '\u00a0',
  '\t',
  '\n',
  '.',
  ',',
  ':',
  '!',
  '?',
  '"',
  '“',
  '‘',
  "'",
  '’',
  '(',
  ')',
  '-',
  '—',
  ';',
  '.',
  "'s",
  'S',
  'é',
  '\ud83d\ude00',
];

describe('extractNames against the word-by-word oracle', () => {
  it('finds the same names in the same order in any mix of words, spaces and punctuation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 40 }),
        fc.constantFrom('en', 'de', 'fr'),
        (parts, language) => {
          const text = parts.join('');
          expect(extractNames(text, language)).toEqual(referenceExtractNames(text, language));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('agrees on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: 'grapheme' }), (text) => {
        expect(extractNames(text)).toEqual(referenceExtractNames(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees on prose-like text with names and title-case runs', () => {
    const words = fc.constantFrom(
      'Supreme',
      'Court',
      'ruled',
      'on',
      'Monday',
      'Bank',
      'of',
      'America',
      'said',
      'the',
      'The',
      'In',
      'shares',
      'fell',
      'Acme',
      'Corp',
    );
    const sentence = fc.array(words, { minLength: 1, maxLength: 12 }).map((w) => `${w.join(' ')}.`);
    fc.assert(
      fc.property(fc.array(sentence, { maxLength: 6 }), (sentences) => {
        const text = sentences.join(' ');
        expect(extractNames(text)).toEqual(referenceExtractNames(text));
      }),
      { numRuns: 2000 },
    );
  });
});

function referenceNumberKind(normalised: string): string {
  if (/^[$€£¥₹]/.test(normalised)) return 'money';
  if (normalised.endsWith('%')) return 'percent';
  if (/^(19|20)\d\d$/.test(normalised)) return 'year';
  return 'count';
}

describe('numberKind against the regex oracle', () => {
  it('tells the same kind for any string of number characters', () => {
    const chars = fc.constantFrom('0', '1', '2', '9', '.', '%', '$', '€', '£', '¥', '₹', 'b', 'n', 'm', '٢');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 7 }), (parts) => {
        const text = parts.join('');
        expect(numberKind(text)).toBe(referenceNumberKind(text));
      }),
      { numRuns: 3000 },
    );
    for (const year of ['1899', '1900', '1999', '2000', '2099', '2100', '199', '19999'])
      expect(numberKind(year)).toBe(referenceNumberKind(year));
  });
});
