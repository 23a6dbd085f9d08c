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
