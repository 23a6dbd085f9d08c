import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** Markup whose every interpolated value has been escaped (hono/html). */
export type Html = HtmlEscapedString;

/**
 * hono/html's `html` template, for synchronous templates only: every `${value}` that is not
 * itself `Html` is escaped (& < > " '), arrays are joined. Untrusted text never reaches the page
 * any other way.
 */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = html(strings, ...values);
  if (out instanceof Promise) throw new Error('web: a page template produced a promise');
  return out;
}

/** An href for a link taken from a source: http(s) only, else null (no `javascript:`, `data:` …). */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A link to a source's page: escaped, http(s) only, and never trusted by the browser. */
export function externalLink(url: string | null | undefined, text: string | Html): Html {
  const href = safeHref(url);
  if (!href) return h`<span>${text}</span>`;
  return h`<a href="${href}" rel="noopener nofollow ugc" referrerpolicy="no-referrer">${text}</a>`;
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/** `<time>` in UTC, readable and machine-readable. */
export function timeTag(ms: number | null | undefined): Html {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return h`<span>—</span>`;
  const date = new Date(ms);
  return h`<time datetime="${date.toISOString()}">${DATE_TIME.format(date)} UTC</time>`;
}

export function formatInteger(n: number): string {
  return Math.round(n).toLocaleString('en-GB');
}

/** Text with the search engine's match markers turned into <mark>, everything else escaped. */
export function markMatches(text: string, start: string, end: string): Html {
  const parts: Html[] = [];
  let open = false;
  let rest = text;
  for (;;) {
    const at = rest.indexOf(open ? end : start);
    if (at === -1) {
      parts.push(open ? h`<mark>${rest}</mark>` : h`${rest}`);
      break;
    }
    const piece = rest.slice(0, at);
    parts.push(open ? h`<mark>${piece}</mark>` : h`${piece}`);
    rest = rest.slice(at + 1);
    open = !open;
  }
  return h`${parts}`;
}
