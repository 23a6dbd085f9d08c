/**
 * The briefing as HTML. Every text is escaped (& < > " '), attribute values included; only
 * http(s) URLs become links, with rel="noopener nofollow ugc"; citation links [n] jump to
 * #source-n. No script, no inline style or event attributes: what a source says stays text.
 */
import {
  authorLabel,
  backedBy,
  conflictNote,
  formatUtc,
  sourceKindLabel,
  stanceLine,
} from './render-common.js';
import { safeUrl } from './source-list.js';
import type { Briefing } from './types.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

function cites(citations: readonly number[]): string {
  return citations.map((n) => `<a class="cite" href="#source-${n}">[${n}]</a>`).join('');
}

function externalLink(url: string | null, label: string): string {
  const safe = safeUrl(url);
  return safe ? `<a href="${escapeHtml(safe)}" rel="noopener nofollow ugc">${escapeHtml(label)}</a>` : '';
}

/** "Text [1][3]." — citations before the sentence's final stop. */
function cited(text: string, citations: readonly number[]): string {
  const stop = /([.!?…])$/.exec(text);
  if (!stop || citations.length === 0) return `${escapeHtml(text)} ${cites(citations)}`.trim();
  return `${escapeHtml(text.slice(0, -1))} ${cites(citations)}${stop[1]}`;
}

export interface HtmlOptions {
  /** A whole document (doctype, head, body) instead of an <article> fragment. */
  standalone?: boolean;
}

export function renderBriefingHtml(briefing: Briefing, options: HtmlOptions = {}): string {
  const out: string[] = [];
  out.push(`<article class="briefing" data-story="${escapeHtml(briefing.storyId)}">`);
  out.push(`<h1>${escapeHtml(briefing.headline)}</h1>`);
  out.push(`<p class="byline">${escapeHtml(briefing.byline)}</p>`);

  const prose = (id: string) => {
    const section = briefing.sections.find((s) => s.id === id);
    if (!section) return;
    out.push(`<section id="${escapeHtml(section.id)}"><h2>${escapeHtml(section.title)}</h2><p>`);
    out.push(section.sentences.map((s) => cited(s.text, s.citations)).join(' '));
    out.push('</p></section>');
  };

  prose('what-happened');

  if (briefing.facts.length > 0) {
    out.push('<section id="key-facts"><h2>Key facts</h2><table>');
    out.push(
      '<thead><tr><th>fact</th><th>value</th><th>who</th><th>backed by</th><th>flag</th></tr></thead><tbody>',
    );
    for (const fact of briefing.facts) {
      const note = conflictNote(briefing, fact);
      out.push(
        `<tr${fact.conflict ? ' class="conflict"' : ''}><td>${escapeHtml(fact.label)}</td><td>${escapeHtml(fact.value)}</td><td>${escapeHtml(fact.who ?? '')}</td><td>${backedBy(fact)} ${cites(fact.citations)}</td><td>${note ? escapeHtml(note) : ''}</td></tr>`,
      );
    }
    out.push('</tbody></table></section>');
  }

  prose('why-it-matters');

  if (briefing.entities.length > 0) {
    out.push('<section id="whos-involved"><h2>Who’s involved</h2><dl>');
    for (const group of briefing.entities) {
      out.push(`<dt>${escapeHtml(group.role)}</dt>`);
      out.push(
        `<dd>${group.entities.map((e) => `${escapeHtml(e.name)} ${cites(e.citations)}`).join(', ')}</dd>`,
      );
    }
    out.push('</dl></section>');
  }

  if (briefing.perspectives.length > 0) {
    out.push('<section id="communities"><h2>How communities see it</h2>');
    if (briefing.controversy)
      out.push(`<p>Controversy between communities: ${escapeHtml(briefing.controversy)}.</p>`);
    out.push('<ul>');
    for (const p of briefing.perspectives) {
      const themes = p.themes.length > 0 ? `: ${escapeHtml(p.themes.join(', '))}` : '';
      out.push(`<li><strong>${escapeHtml(p.community)}</strong> — ${escapeHtml(stanceLine(p))}${themes}`);
      for (const quote of p.quotes) {
        const by = authorLabel(p.community, quote.author);
        out.push(
          `<blockquote><p>“${escapeHtml(quote.text)}”</p><footer>${by ? `— ${escapeHtml(by)} ` : ''}${cites(quote.citations)}</footer></blockquote>`,
        );
      }
      out.push('</li>');
    }
    out.push('</ul></section>');
  }

  prose('what-it-means-for-you');

  if (briefing.timeline.length > 0) {
    out.push('<section id="timeline"><h2>Timeline</h2><ol>');
    for (const entry of briefing.timeline) {
      out.push(
        `<li><time datetime="${escapeHtml(entry.date)}">${escapeHtml(entry.date)}</time> — ${cited(entry.text, entry.citations)}</li>`,
      );
    }
    out.push('</ol></section>');
  }

  out.push('<section id="sources"><h2>Sources</h2><ol>');
  for (const source of briefing.sources) {
    const by = authorLabel(source.community, source.author);
    const kind = sourceKindLabel(source);
    const parts = [
      escapeHtml(source.community),
      `${kind ? `${escapeHtml(kind)} ` : ''}“${escapeHtml(source.title)}”`,
      ...(by ? [escapeHtml(by)] : []),
      `<time datetime="${escapeHtml(Number.isFinite(source.publishedAt) ? new Date(source.publishedAt).toISOString() : '')}">${escapeHtml(formatUtc(source.publishedAt))}</time>`,
      ...(safeUrl(source.url) ? [externalLink(source.url, 'link')] : []),
    ];
    out.push(`<li id="source-${source.n}" value="${source.n}">${parts.join(' — ')}</li>`);
  }
  out.push('</ol>');
  if (briefing.inspiredBy) {
    const i = briefing.inspiredBy;
    out.push(
      `<p class="inspired-by">Inspired by: ${escapeHtml(i.community)} — “${escapeHtml(i.title)}” ${cites([i.n])}</p>`,
    );
  }
  out.push(`<p class="disclaimer">${escapeHtml(briefing.disclaimer)}</p></section>`);
  out.push('</article>');
  const body = out.join('\n');
  if (!options.standalone) return `${body}\n`;
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapeHtml(briefing.headline)}</title>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}
