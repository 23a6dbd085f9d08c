/**
 * Month and weekday words, lowercase: shared by name spotting (they are not names), period
 * extraction and sentence splitting ("Jan." does not end a sentence).
 */

export const MONTH_NAMES: readonly string[] = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** The abbreviations written in news ("Sept." included; "May" is its own). */
export const MONTH_ABBREVIATIONS: readonly string[] = [
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
];

export const WEEKDAY_NAMES: readonly string[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];
