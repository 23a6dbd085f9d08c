import { stem } from '../text/stem.js';
import { stopwordsFor } from '../text/stopwords.js';
import { isNumericToken, tokenize } from '../text/tokens.js';
import type { Theme } from './types.js';

/** One comment's terms: stemmed content words and adjacent content-word pairs, each once. */
export interface TermBag {
  /** key (stem or "stem stem") → surface form as written (lowercased). */
  terms: Map<string, string>;
}

export function termBag(text: string): TermBag {
  const stopwords = stopwordsFor('en');
  const terms = new Map<string, string>();
  const tokens = tokenize(text);
  const isContent = (token: string | undefined): token is string =>
    token !== undefined && !stopwords.has(token) && (token.length > 2 || isNumericToken(token));
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!isContent(token)) continue;
    const key = stem(token);
    if (!terms.has(key)) terms.set(key, token);
    const next = tokens[i + 1];
    if (isContent(next)) {
      const pair = `${key} ${stem(next)}`;
      if (!terms.has(pair)) terms.set(pair, `${token} ${next}`);
    }
  }
  return { terms };
}

interface Counts {
  /** key → comments using it */
  comments: Map<string, number>;
  /** key → surface form → times */
  forms: Map<string, Map<string, number>>;
  total: number;
  documents: number;
}

export function countTerms(bags: readonly TermBag[]): Counts {
  const counts: Counts = { comments: new Map(), forms: new Map(), total: 0, documents: bags.length };
  for (const bag of bags) {
    for (const [key, form] of bag.terms) {
      counts.comments.set(key, (counts.comments.get(key) ?? 0) + 1);
      counts.total++;
      let forms = counts.forms.get(key);
      if (!forms) {
        forms = new Map();
        counts.forms.set(key, forms);
      }
      forms.set(form, (forms.get(form) ?? 0) + 1);
    }
  }
  return counts;
}

export function displayForm(counts: Counts, key: string): string {
  let best = key;
  let bestCount = 0;
  for (const [form, count] of counts.forms.get(key) ?? []) {
    if (count > bestCount || (count === bestCount && form < best)) {
      best = form;
      bestCount = count;
    }
  }
  return best;
}

function overlaps(key: string, chosen: readonly string[]): boolean {
  const parts = key.split(' ');
  return chosen.some((other) => {
    const otherParts = other.split(' ');
    return parts.some((part) => otherParts.includes(part));
  });
}

const MAX_THEMES = 5;

/**
 * A community's distinctive terms against the other communities: the log-odds ratio with an
 * informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words"), the prior being
 * the pooled counts of all communities, as a z-score. Counts are comments using a term, so one
 * long or repeated comment cannot make a theme. A term needs 2 comments and z > 0.5; a term
 * sharing a word with a better one is skipped ("grid" after "power grid"). With no other
 * community there is nothing to contrast: the terms most of its comments use, subject excluded.
 */
export function distinctiveThemes(
  own: Counts,
  others: Counts | null,
  excluded: ReadonlySet<string>,
): Theme[] {
  const scored: Array<{ key: string; score: number; comments: number }> = [];
  for (const [key, yOwn] of own.comments) {
    if (yOwn < 2 || key.split(' ').some((part) => excluded.has(part))) continue;
    if (!others) {
      scored.push({ key, score: yOwn / Math.max(1, own.documents), comments: yOwn });
      continue;
    }
    const yOther = others.comments.get(key) ?? 0;
    const alpha = yOwn + yOther;
    const alpha0 = own.total + others.total;
    const ownOdds = (yOwn + alpha) / (own.total + alpha0 - yOwn - alpha);
    const otherOdds = (yOther + alpha) / (others.total + alpha0 - yOther - alpha);
    const delta = Math.log(ownOdds) - Math.log(otherOdds);
    const z = delta / Math.sqrt(1 / (yOwn + alpha) + 1 / (yOther + alpha));
    if (z > 0.5) scored.push({ key, score: z, comments: yOwn });
  }
  scored.sort((a, b) => b.score - a.score || b.comments - a.comments || (a.key < b.key ? -1 : 1));
  const chosen: string[] = [];
  const themes: Theme[] = [];
  for (const entry of scored) {
    if (themes.length >= MAX_THEMES) break;
    if (overlaps(entry.key, chosen)) continue;
    chosen.push(entry.key);
    themes.push({ term: displayForm(own, entry.key), score: entry.score, comments: entry.comments });
  }
  return themes;
}

/** The terms used by the largest shares of a community's comments (at least 2 comments). */
export function commonTerms(own: Counts, limit = 8): Array<{ key: string; term: string; share: number }> {
  return [...own.comments]
    .filter(([, comments]) => comments >= 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([key, comments]) => ({
      key,
      term: displayForm(own, key),
      share: comments / Math.max(1, own.documents),
    }));
}
