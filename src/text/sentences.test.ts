import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.js';

describe('splitSentences', () => {
  it('does not split after abbreviations or inside decimals', () => {
    expect(
      splitSentences('Dr. Smith flew to the U.S. on Monday. He paid $10.5 billion! Was it worth it?'),
    ).toEqual(['Dr. Smith flew to the U.S. on Monday.', 'He paid $10.5 billion!', 'Was it worth it?']);
  });

  it('ends a sentence at a line break', () => {
    expect(splitSentences('First line without stop\nSecond line.')).toEqual([
      'First line without stop',
      'Second line.',
    ]);
  });

  it('gives the same sentences for a text split again, which a caller changing its copy does not alter', () => {
    const text = 'Nordwind will invest €4 billion. PSG will build the cable.';
    splitSentences(text).push('changed by the caller');
    const again = splitSentences(text);
    again.push('changed by the caller');
    expect(splitSentences(text)).toEqual(['Nordwind will invest €4 billion.', 'PSG will build the cable.']);
    // Past the remembered characters, the oldest texts are split afresh, with the same result.
    for (let i = 0; i < 2_000; i++) splitSentences(`${'Filler words here. '.repeat(200)}${i}`);
    expect(splitSentences(text)).toEqual(['Nordwind will invest €4 billion.', 'PSG will build the cable.']);
  });

  it('gives nothing for blank text', () => {
    expect(splitSentences('  \n ')).toEqual([]);
  });
});

describe('splitSentences after numbers', () => {
  it('ends a sentence after a year followed by a capitalised word, keeps decimals whole', () => {
    expect(
      splitSentences(
        'Microsoft will invest $10.5 billion between 2026 and 2029. Sakura Internet will supply GPUs. “Good,” he said in 2025. “Great.”',
      ),
    ).toEqual([
      'Microsoft will invest $10.5 billion between 2026 and 2029.',
      'Sakura Internet will supply GPUs.',
      '“Good,” he said in 2025.',
      '“Great.”',
    ]);
  });
});
