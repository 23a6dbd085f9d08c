/**
 * Dated events for the timeline: dates that chrono-node finds in a sentence, kept only when they
 * pin a day or a month of a known year ("on March 3, 2026", "in March 2025", "on Tuesday" read
 * against the publication date). Bare years, months without a year ("in July") and first-person
 * anecdotes are not events, nor a comment's "today" or "on Tuesday": in a comment they date the
 * commenter's day ("Bought Reddit Gold today"), not the story's events.
 */
import * as chrono from 'chrono-node';

export interface EventHit {
  /** Character offsets of the date phrase within the sentence. */
  index: number;
  length: number;
  /** "2026-03-03" or "2026-03". */
  date: string;
  /** The date came from a weekday or "yesterday", read against the publication date. */
  relative: boolean;
}

/** Cheap test before calling chrono: a month, weekday, "yesterday"/"today" or an ISO date. */
const DATE_HINT =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today)\b|\b\d{4}-\d{2}-\d{2}\b/i;

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const FIRST_PERSON = /^(?:i|i'm|i’m|i've|we|we're|my|our)$/i;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Events in one sentence; `publishedAt` (epoch ms) anchors relative dates, which count only when
 * `relativeDates` (not in comments).
 */
export function findEvents(sentence: string, publishedAt: number, relativeDates = true): EventHit[] {
  if (!DATE_HINT.test(sentence)) return [];
  const reference = new Date(publishedAt);
  if (Number.isNaN(reference.getTime())) return [];
  const results = chrono.parse(sentence, reference);
  const hits: EventHit[] = [];
  for (const result of results) {
    const start = result.start;
    const text = result.text.toLowerCase();
    // A first-person anecdote before the date ("I was at the launch on May 14").
    const before = sentence.slice(0, result.index).split(/[^\p{L}'’]+/u);
    if (before.some((word) => FIRST_PERSON.test(word))) continue;
    // An explicit date writes its year ("March 3, 2026", "2026-02-28"); "last week" does not.
    if (start.isCertain('year') && start.isCertain('month') && /\d{4}/.test(text)) {
      const iso = isoDay(start.date().getTime());
      hits.push({
        index: result.index,
        length: result.text.length,
        date: start.isCertain('day') ? iso : iso.slice(0, 7),
        relative: false,
      });
      continue;
    }
    if (!relativeDates) continue;
    if (text === 'yesterday' || text === 'today') {
      const offset = text.includes('yesterday') ? -1 : 0;
      hits.push({
        index: result.index,
        length: result.text.length,
        date: isoDay(publishedAt + offset * 86_400_000),
        relative: true,
      });
      continue;
    }
    const weekday = WEEKDAYS.findIndex((day) => text.includes(day));
    if (weekday !== -1 && !start.isCertain('month')) {
      // News says "said on Tuesday" of the past; "will … on Thursday" of the future.
      const lead = sentence.slice(Math.max(0, result.index - 24), result.index);
      const future = /\b(?:will|to|be|next)\s+(?:\w+\s+)?$/i.test(lead) || text.includes('next');
      const today = new Date(publishedAt).getUTCDay();
      let delta = future ? (weekday - today + 7) % 7 : -((today - weekday + 7) % 7);
      if (future && delta === 0) delta = 7;
      hits.push({
        index: result.index,
        length: result.text.length,
        date: isoDay(publishedAt + delta * 86_400_000),
        relative: true,
      });
    }
  }
  return hits;
}
