import { describe, expect, it } from 'vitest';
import { isProfane } from './profanity.js';

describe('isProfane', () => {
  it.each(['This is shit.', 'what the f*ck is this', 'how you vanished the motherfucking marker'])(
    'flags %s',
    (text) => {
      expect(isProfane(text)).toBe(true);
    },
  );

  it.each([
    'Dick Cheney said the vote was close.',
    'Pussy Riot members were detained in Moscow.',
    'The cockpit voice recorder was found.',
    'Scunthorpe council approved the plan.',
    'Matt Hancock resigned as health secretary.',
    'The analysis assesses the class action.',
  ])('lets %s through', (text) => {
    expect(isProfane(text)).toBe(false);
  });
});
