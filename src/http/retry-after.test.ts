import { describe, expect, it } from 'vitest';
import { parseHttpDate, parseRetryAfter } from './retry-after.js';

const NOW = Date.UTC(2026, 10, 26, 9, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delay-seconds as milliseconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 5 ', NOW)).toBe(5_000);
  });

  it('reads an IMF-fixdate as the time left until then', () => {
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:01:30 GMT', NOW)).toBe(90_000);
  });

  it('reads the obsolete rfc850 and asctime date formats as UTC', () => {
    expect(parseRetryAfter('Thursday, 26-Nov-26 09:02:00 GMT', NOW)).toBe(120_000);
    expect(parseRetryAfter('Thu Nov 26 09:00:10 2026', NOW)).toBe(10_000);
    expect(parseRetryAfter('Sun Nov  6 08:49:37 1994', NOW)).toBe(0);
  });

  it('gives 0 for a date that has already passed', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 09:00:00 GMT', NOW)).toBe(0);
  });

  it('refuses values that are neither delay-seconds nor an HTTP-date', () => {
    for (const value of [
      '',
      '-5',
      '1.5',
      '5s',
      'soon',
      '2026-11-26T09:01:00Z',
      'Thu, 26 Nov 2026 09:01:30 CET',
    ]) {
      expect(parseRetryAfter(value, NOW), value).toBeNull();
    }
  });

  it('refuses impossible dates and times instead of rolling them over', () => {
    expect(parseRetryAfter('Sat, 31 Feb 2026 09:00:00 GMT', NOW)).toBeNull();
    expect(parseRetryAfter('Thu, 26 Nov 2026 24:00:00 GMT', NOW)).toBeNull();
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:60:00 GMT', NOW)).toBeNull();
  });
});

describe('parseHttpDate', () => {
  it('parses the three formats of RFC 9110 §5.6.7 to the same instant', () => {
    const expected = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(expected);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(expected);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994', NOW)).toBe(expected);
  });

  it('places a two-digit year more than 50 years ahead in the past century', () => {
    expect(parseHttpDate('Monday, 01-Jan-76 00:00:00 GMT', NOW)).toBe(Date.UTC(2076, 0, 1));
    expect(parseHttpDate('Monday, 01-Jan-77 00:00:00 GMT', NOW)).toBe(Date.UTC(1977, 0, 1));
  });

  it('accepts a leap second', () => {
    expect(parseHttpDate('Wed, 31 Dec 2025 23:59:60 GMT', NOW)).toBe(Date.UTC(2026, 0, 1));
  });
});
