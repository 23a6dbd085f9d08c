import { generateAtomFeed, generateJsonFeed, generateRssFeed } from 'feedsmith';
import type { Briefing } from '../write/types.js';
import { externalLink, type Html, h } from './html.js';
import type { FeedFormat } from './paths.js';

/** Feeds of briefings (RSS 2.0, Atom 1.0, JSON Feed 1.1), generated with feedsmith. */

export interface FeedEntry {
  briefing: Briefing;
  /** When this version was stored (epoch ms). */
  createdAt: number;
  /** Absolute (or, in an export without a base URL, relative) link to the story page. */
  link: string;
}

export interface FeedInfo {
  title: string;
  description: string;
  /** The page the feed belongs to. */
  homeUrl: string;
  /** The feed's own URL. */
  selfUrl: string;
  /** Epoch ms used as the feed's updated time when it has no entries. */
  now: number;
}

export const FEED_CONTENT_TYPE: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** The briefing as an HTML fragment for feed readers: the prose, key facts and sources, escaped. */
export function briefingFeedHtml(briefing: Briefing, link: string): string {
  const cite = (ns: readonly number[]): Html =>
    h`${ns.map((n) => h`<a href="${`${link}#source-${n}`}">[${n}]</a>`)}`;
  const out = h`<p><em>${briefing.byline}</em></p>
${briefing.sections.map((s) => h`<h3>${s.title}</h3><p>${s.sentences.map((x, i) => h`${i > 0 ? ' ' : ''}${x.text}${cite(x.citations)}`)}</p>`)}
${briefing.facts.length > 0 ? h`<h3>Key facts</h3><ul>${briefing.facts.map((f) => h`<li>${f.label}: ${f.value}${f.who ? h` (${f.who})` : h``}${f.conflict ? h` — sources disagree` : h``} ${cite(f.citations)}</li>`)}</ul>` : h``}
<h3>Sources</h3><ol>${briefing.sources.map((s) => h`<li>${s.community} — ${externalLink(s.url, s.title || '(untitled)')}${s.author ? h` — ${s.author}` : h``}</li>`)}</ol>
<p>${briefing.disclaimer}</p>`;
  return out.toString();
}

function summaryText(briefing: Briefing): string {
  const first = briefing.sections[0];
  return first ? first.sentences.map((s) => s.text).join(' ') : briefing.byline;
}

export function generateFeed(format: FeedFormat, info: FeedInfo, entries: readonly FeedEntry[]): string {
  const latest = Math.max(0, ...entries.map((e) => e.createdAt));
  const updated = new Date(latest > 0 ? latest : info.now);
  const items = entries.map((e) => ({
    id: `${e.link}#v${e.briefing.version}`,
    title: e.briefing.headline,
    link: e.link,
    html: briefingFeedHtml(e.briefing, e.link),
    summary: summaryText(e.briefing),
    date: new Date(e.createdAt),
  }));
  if (format === 'rss') {
    return generateRssFeed({
      title: info.title,
      link: info.homeUrl,
      description: info.description,
      lastBuildDate: updated,
      generator: 'roundup',
      atom: { links: [{ href: info.selfUrl, rel: 'self', type: 'application/rss+xml' }] },
      items: items.map((i) => ({
        title: i.title,
        link: i.link,
        guid: { value: i.id, isPermaLink: false },
        description: i.html,
        pubDate: i.date,
      })),
    });
  }
  if (format === 'atom') {
    return generateAtomFeed({
      id: info.selfUrl,
      title: { value: info.title },
      subtitle: { value: info.description },
      updated,
      generator: { text: 'roundup' },
      links: [
        { href: info.homeUrl, rel: 'alternate', type: 'text/html' },
        { href: info.selfUrl, rel: 'self', type: 'application/atom+xml' },
      ],
      entries: items.map((i) => ({
        id: i.id,
        title: { value: i.title },
        updated: i.date,
        published: i.date,
        links: [{ href: i.link, rel: 'alternate', type: 'text/html' }],
        summary: { value: i.summary },
        content: { value: i.html, type: 'html' },
        authors: [{ name: 'roundup (machine-assembled from the cited sources)' }],
      })),
    });
  }
  return `${JSON.stringify(
    generateJsonFeed({
      title: info.title,
      home_page_url: info.homeUrl,
      feed_url: info.selfUrl,
      description: info.description,
      items: items.map((i) => ({
        id: i.id,
        url: i.link,
        title: i.title,
        content_html: i.html,
        summary: i.summary,
        date_published: i.date,
        date_modified: i.date,
      })),
    }),
    null,
    2,
  )}\n`;
}
