/**
 * Hacker News and Reddit titles carry tags that say what kind of post it is, not what it is
 * about: "Ask HN:", "Show HN:", "Tell HN:", "Launch HN:", "Poll:", and bracketed tags such as
 * "[AMA Request]", "[Serious]", "[OC]", "[pdf]", or HN's "(2014)" for an old article. Two Ask HN
 * posts share "Ask HN" whatever they ask; compared as words, tags make unrelated posts look alike.
 */

/** "Ask HN:", "Show HN –", "Poll:" at the start. */
const LEADING_KIND = /^\s*(?:(?:ask|show|tell|launch)\s+hn|poll)\s*[:\u2013\u2014-]\s*/i;
/** One bracketed tag of at most 30 characters at the start, or at the end. */
const LEADING_BRACKET = /^\s*\[[^\]\n]{1,30}\]\s*/;
const TRAILING_BRACKET = /\s*\[[^\]\n]{1,30}\]\s*$/;
/** HN's year of an old article: "(2014)" at the end. */
const TRAILING_YEAR = /\s*\((?:19|20)\d\d\)\s*$/;

/** `title` without its post-kind tags at either end; the title as it is when nothing else would be left. */
export function stripTitleTags(title: string): string {
  let rest = title;
  for (let previous = ''; previous !== rest; ) {
    previous = rest;
    rest = rest.replace(LEADING_KIND, '').replace(LEADING_BRACKET, '');
  }
  for (let previous = ''; previous !== rest; ) {
    previous = rest;
    rest = rest.replace(TRAILING_BRACKET, '').replace(TRAILING_YEAR, '');
  }
  return /[\p{L}\p{N}]/u.test(rest) ? rest : title;
}
