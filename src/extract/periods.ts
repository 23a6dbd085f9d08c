/**
 * Periods and deadlines: "from 2026 to 2029", "2026–2029", "between 2026 and 2029", "over the
 * next four years" (resolved against the year the source was published), "by 2030", "by the end
 * of 2027", "through FY2029", "in fiscal 2027". A year on its own is not a period.
 *
 * Conventions: "over the next N years" said in year Y is Y to Y+N; "through X" said in Y is Y to
 * X; "in fiscal X" is X to X; "by X" is a deadline {by: X}.
 */
import { MONTH_ABBREVIATIONS, MONTH_NAMES } from '../text/calendar.js';
import { quantityAt, yearAt } from './numbers.js';
import type { Token } from './scan.js';

export interface PeriodValue {
  from?: number;
  to?: number;
  by?: number;
  fiscal?: true;
  /** Set when the years were resolved from the publication date ("over the next four years"). */
  relativeYears?: number;
}

export interface PeriodHit {
  first: number;
  last: number;
  value: PeriodValue;
}

const MONTHS: ReadonlySet<string> = new Set([...MONTH_NAMES, ...MONTH_ABBREVIATIONS]);

const DASHES = new Set(['-', '–', '—']);

/** A year with an optional fiscal marker: "2029", "fiscal 2029", "fiscal year 2029", "FY2029". */
function fiscalYearAt(
  tokens: Token[],
  index: number,
): { year: number; last: number; fiscal: boolean } | null {
  const token = tokens[index];
  if (!token) return null;
  if (token.lower === 'fiscal') {
    let at = index + 1;
    if (tokens[at]?.lower === 'year') at++;
    const year = yearAt(tokens, at);
    return year === null ? null : { year, last: at + 1, fiscal: true };
  }
  if (token.lower === 'fy') {
    const year = yearAt(tokens, index + 1);
    return year === null ? null : { year, last: index + 2, fiscal: true };
  }
  const year = yearAt(tokens, index);
  return year === null ? null : { year, last: index + 1, fiscal: false };
}

/** A second year after a dash: "2029" or a two-digit "29" greater than the first's last digits. */
function endYearAfterDash(tokens: Token[], index: number, from: number): number | null {
  const year = yearAt(tokens, index);
  if (year !== null) return year;
  const token = tokens[index];
  if (token?.kind !== 'num' || token.text.length !== 2 || token.decimals > 0) return null;
  const candidate = Math.floor(from / 100) * 100 + token.value;
  return candidate > from ? candidate : null;
}

/** "years" count after "over the next": digits, words, "a decade", "the next year". */
function relativeYearsAt(tokens: Token[], index: number): { years: number; last: number } | null {
  const token = tokens[index];
  if (!token) return null;
  if (token.lower === 'decade') return { years: 10, last: index + 1 };
  if (token.lower === 'year') return { years: 1, last: index + 1 };
  if (token.lower === 'a' || token.lower === 'one') {
    const next = tokens[index + 1];
    if (next?.lower === 'decade') return { years: 10, last: index + 2 };
    if (next?.lower === 'year') return { years: 1, last: index + 2 };
  }
  const quantity = quantityAt(tokens, index);
  if (!quantity || quantity.scaleWord !== null) return null;
  if (!Number.isInteger(quantity.value) || quantity.value < 1 || quantity.value > 50) return null;
  const unit = tokens[quantity.last];
  if (!unit) return null;
  if (unit.lower === 'years' || unit.lower === 'year')
    return { years: quantity.value, last: quantity.last + 1 };
  if (unit.lower === 'decades') return { years: quantity.value * 10, last: quantity.last + 1 };
  return null;
}

const NOT_AFTER_RELATIVE = new Set(['of', 'old', 'ago', 'experience', 'older', 'younger']);

/** Periods in a sentence's tokens. `publishedYear` resolves relative periods. */
export function findPeriods(tokens: Token[], publishedYear: number): PeriodHit[] {
  const hits: PeriodHit[] = [];
  let index = 0;
  while (index < tokens.length) {
    const hit = periodAt(tokens, index, publishedYear);
    if (hit) {
      hits.push(hit);
      index = hit.last;
    } else index++;
  }
  return hits;
}

function periodAt(tokens: Token[], index: number, publishedYear: number): PeriodHit | null {
  const token = tokens[index] as Token;
  const lower = token.lower;

  // from 2026 to 2029 / between 2026 and 2029
  if (lower === 'from' || lower === 'between') {
    const start = fiscalYearAt(tokens, index + 1);
    const joiner = start ? tokens[start.last] : undefined;
    if (start && joiner) {
      const ok =
        lower === 'from'
          ? joiner.lower === 'to' ||
            joiner.lower === 'through' ||
            joiner.lower === 'until' ||
            DASHES.has(joiner.text)
          : joiner.lower === 'and';
      const end = ok ? fiscalYearAt(tokens, start.last + 1) : null;
      if (end && end.year > start.year) {
        return {
          first: index,
          last: end.last,
          value: withFiscal({ from: start.year, to: end.year }, start.fiscal || end.fiscal),
        };
      }
    }
  }

  // 2026–2029, 2026-29, 2026 to 2029 (not a date like 2026-02-28)
  const start = yearAt(tokens, index);
  if (start !== null && tokens[index - 1]?.lower !== 'fy') {
    const joiner = tokens[index + 1];
    if (joiner && DASHES.has(joiner.text) && joiner.glued) {
      const endToken = tokens[index + 2];
      const end = endToken?.glued ? endYearAfterDash(tokens, index + 2, start) : null;
      const after = tokens[index + 3];
      const isDate = after !== undefined && DASHES.has(after.text) && after.glued;
      if (end !== null && end > start && end - start <= 50 && !isDate) {
        return { first: index, last: index + 3, value: { from: start, to: end } };
      }
    }
    if (joiner && (joiner.lower === 'to' || joiner.lower === 'through')) {
      const end = yearAt(tokens, index + 2);
      if (end !== null && end > start && end - start <= 50)
        return { first: index, last: index + 3, value: { from: start, to: end } };
    }
  }

  // over the next four years / within 5 years / in the next decade / over a decade
  if (lower === 'over' || lower === 'within' || lower === 'in' || lower === 'for' || lower === 'during') {
    let at = index + 1;
    if (tokens[at]?.lower === 'the') at++;
    let next = false;
    if (tokens[at]?.lower === 'next' || tokens[at]?.lower === 'coming') {
      next = true;
      at++;
    }
    // "the highest in over a decade" looks back, not forward.
    const looksBack = ['in', 'than', 'since', 'for'].includes(tokens[index - 1]?.lower ?? '');
    if ((lower === 'over' || lower === 'within' || next) && !(lower === 'over' && looksBack)) {
      const relative = relativeYearsAt(tokens, at);
      if (relative && (relative.years > 1 || next || tokens[at]?.lower === 'a')) {
        const after = tokens[relative.last];
        if (!after || !NOT_AFTER_RELATIVE.has(after.lower)) {
          return {
            first: index,
            last: relative.last,
            value: { from: publishedYear, to: publishedYear + relative.years, relativeYears: relative.years },
          };
        }
      }
    }
  }

  // by 2030 / by the end of 2027 / by end-2027 / by March 2027 / by fiscal 2028 / by next year
  if (lower === 'by') {
    let at = index + 1;
    if (tokens[at]?.lower === 'the' && tokens[at + 1]?.lower === 'end' && tokens[at + 2]?.lower === 'of')
      at += 3;
    else if (tokens[at]?.lower === 'end' && (tokens[at + 1]?.lower === 'of' || tokens[at + 1]?.text === '-'))
      at += 2;
    if (tokens[at] && MONTHS.has((tokens[at] as Token).lower)) at++;
    const year = fiscalYearAt(tokens, at);
    if (year) return { first: index, last: year.last, value: withFiscal({ by: year.year }, year.fiscal) };
    if (tokens[index + 1]?.lower === 'next' && tokens[index + 2]?.lower === 'year') {
      return { first: index, last: index + 3, value: { by: publishedYear + 1, relativeYears: 1 } };
    }
  }

  // through 2029 / until fiscal 2029 / through FY2029
  if (lower === 'through' || lower === 'until' || lower === 'till' || lower === 'thru') {
    const year = fiscalYearAt(tokens, index + 1);
    if (year) {
      return {
        first: index,
        last: year.last,
        value: withFiscal({ from: Math.min(publishedYear, year.year), to: year.year }, year.fiscal),
      };
    }
  }

  // in fiscal 2027 / in FY2027 / in fiscal year 2027
  if (lower === 'in') {
    const next = tokens[index + 1];
    if (next && (next.lower === 'fiscal' || next.lower === 'fy')) {
      const year = fiscalYearAt(tokens, index + 1);
      if (year)
        return { first: index, last: year.last, value: { from: year.year, to: year.year, fiscal: true } };
    }
  }
  return null;
}

function withFiscal(value: PeriodValue, fiscal: boolean): PeriodValue {
  return fiscal ? { ...value, fiscal: true } : value;
}
