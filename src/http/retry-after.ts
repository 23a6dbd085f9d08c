/**
 * Retry-After (RFC 9110 §10.2.3): `Retry-After = HTTP-date / delay-seconds`.
 * Returns how long to wait in ms (0 when the date is already past), or null when the value is
 * neither form.
 */
export function parseRetryAfter(value: string, nowMs: number): number | null {
  const trimmed = value.trim();
  // delay-seconds = 1*DIGIT
  if (/^\d+$/.test(trimmed)) {
    const delayMs = Number(trimmed) * 1000;
    return Number.isFinite(delayMs) ? delayMs : null;
  }
  const dateMs = parseHttpDate(trimmed, nowMs);
  if (dateMs === null) return null;
  return Math.max(0, dateMs - nowMs);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// RFC 9110 §5.6.7: recipients MUST accept all three formats.
// IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = /^[a-z]{3}, (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;
// rfc850-date (obsolete): Sunday, 06-Nov-94 08:49:37 GMT
const RFC850_DATE = /^[a-z]{6,9}, (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/i;
// asctime-date (obsolete): Sun Nov  6 08:49:37 1994
const ASCTIME_DATE = /^[a-z]{3} ([a-z]{3}) ( \d|\d{2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i;

/** An HTTP-date as epoch ms (always UTC), or null. `nowMs` places rfc850's two-digit years. */
export function parseHttpDate(value: string, nowMs: number): number | null {
  let match = IMF_FIXDATE.exec(value);
  if (match) {
    const [, day, month, year, hour, minute, second] = match;
    return toEpochMs({ year: Number(year), month, day, hour, minute, second });
  }
  match = RFC850_DATE.exec(value);
  if (match) {
    const [, day, month, shortYear, hour, minute, second] = match;
    return toEpochMs({
      year: expandTwoDigitYear(Number(shortYear), nowMs),
      month,
      day,
      hour,
      minute,
      second,
    });
  }
  match = ASCTIME_DATE.exec(value);
  if (match) {
    const [, month, day, hour, minute, second, year] = match;
    return toEpochMs({ year: Number(year), month, day, hour, minute, second });
  }
  return null;
}

/**
 * RFC 9110 §5.6.7: a two-digit year that "appears to be more than 50 years in the future" is
 * "the most recent year in the past that had the same last two digits".
 */
function expandTwoDigitYear(shortYear: number, nowMs: number): number {
  const nowYear = new Date(nowMs).getUTCFullYear();
  const year = nowYear - (nowYear % 100) + shortYear;
  return year > nowYear + 50 ? year - 100 : year;
}

interface DateParts {
  year: number;
  month: string | undefined;
  day: string | undefined;
  hour: string | undefined;
  minute: string | undefined;
  second: string | undefined;
}

function toEpochMs(parts: DateParts): number | null {
  const month = MONTHS.indexOf((parts.month ?? '').toLowerCase());
  const day = Number(parts.day);
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  // time-of-day allows second 60 (leap second).
  const second = Number(parts.second);
  if (month < 0 || hour > 23 || minute > 59 || second > 60) return null;
  // setUTCFullYear, unlike Date.UTC, keeps years below 100 as they are. It rolls 31 Feb over
  // into March; such a date is invalid, not a different day.
  const midnight = new Date(0);
  midnight.setUTCFullYear(parts.year, month, day);
  if (midnight.getUTCDate() !== day) return null;
  return midnight.getTime() + ((hour * 60 + minute) * 60 + second) * 1000;
}
