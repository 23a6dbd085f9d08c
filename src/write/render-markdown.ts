/**
 * The briefing as Markdown. Every text that comes from a source (headline, sentences, quotes,
 * titles, authors, community names) is escaped: HTML is written as character references so a
 * Markdown renderer shows it as text, and Markdown punctuation is backslash-escaped so a title
 * cannot open a link or a table cell. Only http(s) URLs are linked, as autolinks.
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

/** Source text made inert and literal in Markdown (one line). */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\r\n]+/g, ' ')
      .replace(/[\\`*_[\]#|!~]/g, (c) => `\\${c}`)
      // A bare & is shown as is; one that would start a character reference is escaped.
      .replace(/&(?=#?[a-z0-9]+;)/gi, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
  );
}

function cites(citations: readonly number[]): string {
  return citations.map((n) => `[[${n}]](#source-${n})`).join('');
}

/** "Text [1][3]." — citations before the sentence's final stop, as the reference output has them. */
function cited(text: string, citations: readonly number[]): string {
  const escaped = escapeMarkdown(text);
  const stop = /([.!?…])$/.exec(escaped);
  if (!stop || citations.length === 0) return `${escaped} ${cites(citations)}`.trim();
  return `${escaped.slice(0, -1)} ${cites(citations)}${stop[1]}`;
}

function link(url: string | null): string {
  const safe = safeUrl(url);
  // The WHATWG serialisation percent-encodes spaces, < and >, so the autolink cannot be broken out of.
  return safe ? `<${safe}>` : '';
}

export function renderBriefingMarkdown(briefing: Briefing): string {
  const lines: string[] = [];
  lines.push(`# ${escapeMarkdown(briefing.headline)}`, '', `*${escapeMarkdown(briefing.byline)}*`, '');

  const prose = (id: string) => {
    const section = briefing.sections.find((s) => s.id === id);
    if (!section) return;
    lines.push(`## ${section.title}`, '');
    lines.push(section.sentences.map((s) => cited(s.text, s.citations)).join(' '), '');
  };

  prose('what-happened');

  if (briefing.facts.length > 0) {
    lines.push('## Key facts', '', '| fact | value | who | backed by | flag |', '|---|---|---|---|---|');
    for (const fact of briefing.facts) {
      const note = conflictNote(briefing, fact);
      lines.push(
        `| ${escapeMarkdown(fact.label)} | ${escapeMarkdown(fact.value)} | ${fact.who ? escapeMarkdown(fact.who) : ''} | ${backedBy(fact)} ${cites(fact.citations)} | ${note ? `⚠ ${escapeMarkdown(note)}` : ''} |`,
      );
    }
    lines.push('');
  }

  prose('why-it-matters');

  if (briefing.entities.length > 0) {
    lines.push("## Who's involved", '');
    for (const group of briefing.entities) {
      const names = group.entities.map((e) => `${escapeMarkdown(e.name)} ${cites(e.citations)}`).join(', ');
      lines.push(`- **${escapeMarkdown(group.role)}**: ${names}`);
    }
    lines.push('');
  }

  if (briefing.perspectives.length > 0) {
    lines.push('## How communities see it', '');
    if (briefing.controversy) lines.push(`Controversy between communities: ${briefing.controversy}.`, '');
    for (const p of briefing.perspectives) {
      const themes = p.themes.length > 0 ? `: ${p.themes.map(escapeMarkdown).join(', ')}` : '';
      lines.push(`- **${escapeMarkdown(p.community)}** — ${stanceLine(p)}${themes}`);
      for (const quote of p.quotes) {
        const by = authorLabel(p.community, quote.author);
        lines.push(
          `  - “${escapeMarkdown(quote.text)}”${by ? ` — ${escapeMarkdown(by)}` : ''} ${cites(quote.citations)}`,
        );
      }
    }
    lines.push('');
  }

  prose('what-it-means-for-you');

  if (briefing.timeline.length > 0) {
    lines.push('## Timeline', '');
    for (const entry of briefing.timeline) {
      lines.push(`- ${escapeMarkdown(entry.date)} — ${cited(entry.text, entry.citations)}`);
    }
    lines.push('');
  }

  lines.push('## Sources', '');
  for (const source of briefing.sources) {
    const by = authorLabel(source.community, source.author);
    const kind = sourceKindLabel(source);
    const parts = [
      escapeMarkdown(source.community),
      `${kind ? `${kind} ` : ''}“${escapeMarkdown(source.title)}”`,
      ...(by ? [escapeMarkdown(by)] : []),
      formatUtc(source.publishedAt),
      ...(link(source.url) ? [link(source.url)] : []),
    ];
    lines.push(`${source.n}. <a id="source-${source.n}"></a>${parts.join(' — ')}`);
  }
  lines.push('');
  if (briefing.inspiredBy) {
    const i = briefing.inspiredBy;
    lines.push(
      `Inspired by: ${escapeMarkdown(i.community)} — “${escapeMarkdown(i.title)}” ${cites([i.n])}`,
      '',
    );
  }
  lines.push(escapeMarkdown(briefing.disclaimer), '');
  return lines.join('\n');
}
