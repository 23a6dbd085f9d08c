/**
 * Strings kept for a long time, copied out of the text they were cut from. V8 cuts a slice of 13
 * characters or more as a view that keeps the whole string it came from alive, and a string
 * joined from pieces keeps its pieces: a token, term or name that a table or a story keeps for
 * hours would keep its post's text and linked article with it. Pure.
 */

/** Shorter strings than this are never views: a slice of them is a copy. */
const MIN_VIEW_LENGTH = 13;

/** `text` in a string of its own: joined to a space and cut again, its characters are copied. */
export function detached(text: string): string {
  return text.length < MIN_VIEW_LENGTH ? text : ` ${text}`.slice(1);
}
