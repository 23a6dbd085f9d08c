/**
 * Lenient feed dates: RFC 822/1123 as RSS 2.0 uses them (with the odd zones, one-digit
 * hours, missing seconds, two-digit years and missing weekdays seen in the wild) and
 * ISO 8601/W3CDTF as Atom, dc:date and JSON Feed use them. Returns epoch ms or null.
 */

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** RFC 822 §5.1 zones plus a few that feeds use anyway, in minutes east of UTC. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  ast: -240,
  adt: -180,
  nst: -210,
  ndt: -150,
  bst: 60,
  ist: 330,
  cet: 60,
  cest: 120,
  met: 60,
  mest: 120,
  eet: 120,
  eest: 180,
  wet: 0,
  west: 60,
  msk: 180,
  jst: 540,
  kst: 540,
  hkt: 480,
  sgt: 480,
  aest: 600,
  aedt: 660,
  acst: 570,
  awst: 480,
  nzst: 720,
  nzdt: 780,
};

export function parseFeedDate(raw: string | null | undefined): number | null {
  if (!raw) return null;
  const text = raw.trim().replace(/\s+/g, ' ');
  if (text === '') return null;
  return parseIso8601(text) ?? parseRfc822(text) ?? parseLoosely(text);
}

const ISO =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:[T ](\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5})?)?)?)?$/i;

function parseIso8601(text: string): number | null {
  const match = ISO.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const ms = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
  return build({
    year: Number(year),
    month: month ? Number(month) - 1 : 0,
    day: day ? Number(day) : 1,
    hour: hour ? Number(hour) : 0,
    minute: minute ? Number(minute) : 0,
    second: second ? Number(second) : 0,
    ms,
    offsetMin: zone ? zoneOffset(zone) : 0,
  });
}

const RFC822 =
  /^(?:[A-Za-z]+,?\s*)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]+)\.?[\s-]+(\d{2,4})(?:,?\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?\s*([A-Za-z]{1,5}|[+-]\d{1,2}:?\d{2})?(?:\s*\([^)]*\))?)?$/;

/** Also "Jan 01 2004 19:48:21 GMT" and "January 1, 2004 …" (month before day). */
const MONTH_FIRST =
  /^(?:[A-Za-z]+,?\s*)?([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{2,4})(?:,?\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?\s*([A-Za-z]{1,5}|[+-]\d{1,2}:?\d{2})?)?$/;

function parseRfc822(text: string): number | null {
  const dayFirst = RFC822.exec(text);
  const monthFirst = dayFirst ? null : MONTH_FIRST.exec(text);
  const parts = dayFirst
    ? { day: dayFirst[1], month: dayFirst[2], rest: dayFirst.slice(3) }
    : monthFirst
      ? { day: monthFirst[2], month: monthFirst[1], rest: monthFirst.slice(3) }
      : null;
  if (!parts) return null;
  const month = MONTHS[(parts.month ?? '').slice(0, 3).toLowerCase()];
  if (month === undefined) return null;
  const [yearText, hour, minute, second, zone] = parts.rest;
  let year = Number(yearText);
  // RFC 2822 §4.3: two-digit years 00–49 are 2000–2049, 50–99 are 1950–1999.
  if ((yearText ?? '').length <= 2) year += year < 50 ? 2000 : 1900;
  const offsetMin = zone ? zoneOffset(zone) : 0;
  if (offsetMin === null) return null;
  return build({
    year,
    month,
    day: Number(parts.day),
    hour: hour ? Number(hour) : 0,
    minute: minute ? Number(minute) : 0,
    second: second ? Number(second) : 0,
    ms: 0,
    offsetMin,
  });
}

function parseLoosely(text: string): number | null {
  // Last resort for shapes neither grammar covers; a date without a zone is read as UTC.
  const withZone = Date.parse(`${text} UTC`);
  if (Number.isFinite(withZone)) return withZone;
  const asIs = Date.parse(text);
  return Number.isFinite(asIs) ? asIs : null;
}

function zoneOffset(zone: string): number | null {
  const numeric = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(zone);
  if (numeric) {
    const sign = numeric[1] === '-' ? -1 : 1;
    return sign * (Number(numeric[2]) * 60 + Number(numeric[3] ?? 0));
  }
  const named = ZONES[zone.toLowerCase()];
  if (named !== undefined) return named;
  // RFC 822 military zones are ambiguous in practice (the RFC got their signs wrong); read as UTC.
  if (/^[A-IK-Za-ik-z]$/.test(zone)) return 0;
  return null;
}

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  offsetMin: number | null;
}

function build(parts: DateParts): number | null {
  if (parts.offsetMin === null) return null;
  if (parts.month < 0 || parts.month > 11 || parts.day < 1 || parts.day > 31) return null;
  if (parts.hour > 24 || parts.minute > 59 || parts.second > 60) return null;
  const utc = Date.UTC(parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, parts.ms);
  if (!Number.isFinite(utc)) return null;
  return utc - parts.offsetMin * 60_000;
}
