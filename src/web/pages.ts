import { SNIPPET_END, SNIPPET_START } from '../store/search.js';
import type { StoryMember } from '../store/stories.js';
import type { Briefing, BriefingFact, BriefingSource } from '../write/types.js';
import type { EntityDetail, SearchResults, SourceHealth, StoryDetail, StorySummary } from './data.js';
import { externalLink, formatInteger, type Html, h, markMatches, timeTag } from './html.js';
import { FEED_FORMATS, type FeedFormat, type Paths } from './paths.js';
import { sparkline, stanceChart } from './svg.js';

/** Server-rendered pages: every value from a source goes through `h` (escaped). No scripts. */

export interface PageContext {
  paths: Paths;
  siteTitle: string;
}

const FEED_LABEL: Record<FeedFormat, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };
const FEED_TYPE: Record<FeedFormat, string> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

interface LayoutOptions {
  title: string;
  body: Html;
  query?: string;
  feeds?: Array<{ format: FeedFormat; href: string; title: string }>;
}

export function layout(ctx: PageContext, options: LayoutOptions): Html {
  const { paths, siteTitle } = ctx;
  const feeds =
    options.feeds ??
    FEED_FORMATS.map((format) => ({
      format,
      href: paths.feed(format),
      title: `${siteTitle}: all briefings (${FEED_LABEL[format]})`,
    }));
  const search = paths.staticSite
    ? h``
    : h`<form class="search" role="search" action="${paths.search()}" method="get"><label class="vh" for="q">Search stories, posts and facts</label><input id="q" name="q" type="search" maxlength="200" value="${options.query ?? ''}" placeholder="Search"><button type="submit">Search</button></form>`;
  return h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title === siteTitle ? siteTitle : `${options.title} — ${siteTitle}`}</title>
<link rel="stylesheet" href="${paths.asset('style.css')}">
<link rel="icon" type="image/svg+xml" href="${paths.asset('icon.svg')}">
${feeds.map((f) => h`<link rel="alternate" type="${FEED_TYPE[f.format]}" title="${f.title}" href="${f.href}">\n`)}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><div class="inner">
<a class="brand" href="${paths.home}">${siteTitle}</a>
<nav aria-label="Main"><ul><li><a href="${paths.home}">Stories</a></li><li><a href="${paths.sources}">Sources</a></li><li><a href="${paths.feed('rss')}">RSS</a></li></ul></nav>
${search}
</div></header>
<main id="main" tabindex="-1">
${options.body}
</main>
<footer class="site"><div class="inner"><p>${siteTitle} assembles briefings automatically from public posts, comments and articles; every statement links to the source it came from.</p></div></footer>
</body>
</html>`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatInteger(n)} ${n === 1 ? one : many}`;
}

function storyItem(ctx: PageContext, s: StorySummary): Html {
  const label = `Activity: ${plural(s.postCount, 'post')} between ${new Date(s.firstSeen).toISOString().slice(0, 16)} and ${new Date(s.lastSeen).toISOString().slice(0, 16)} UTC`;
  return h`<li><div><h2><a href="${ctx.paths.story(s.id)}">${s.headline ?? s.title}</a></h2>
<p class="meta">${plural(s.postCount, 'post')} · ${plural(s.communityCount, 'community', 'communities')} · last activity ${timeTag(s.lastSeen)}${s.headline ? h`` : h` · <span class="badge">briefing pending</span>`}</p>
<ul class="communities" aria-label="Communities">${s.communities.slice(0, 8).map((c) => h`<li>${c.name} (${formatInteger(c.posts)})</li>`)}</ul></div>
<div>${sparkline(s.activity, label)}</div></li>`;
}

export function renderFrontPage(
  ctx: PageContext,
  data: { stories: StorySummary[]; page: number; hasMore: boolean; pageHref: (page: number) => string },
): Html {
  const body = h`<h1>Stories by heat</h1>
${data.stories.length === 0 ? h`<p>No stories yet. Sources are polled on their schedule; stories appear once posts arrive.</p>` : h`<ol class="stories">${data.stories.map((s) => storyItem(ctx, s))}</ol>`}
${pager(data.page, data.hasMore, data.pageHref)}`;
  return layout(ctx, { title: ctx.siteTitle, body });
}

function pager(page: number, hasMore: boolean, href: (page: number) => string): Html {
  if (page <= 1 && !hasMore) return h``;
  return h`<nav class="pager" aria-label="Pages">${page > 1 ? h`<a rel="prev" href="${href(page - 1)}">← Newer page</a>` : h``}${hasMore ? h`<a rel="next" href="${href(page + 1)}">More stories →</a>` : h``}</nav>`;
}

/** [1][3] as links to the numbered sources (or to a span within a source entry). */
function cites(numbers: readonly number[], target: (n: number) => string = (n) => `#source-${n}`): Html {
  if (numbers.length === 0) return h``;
  return h`<sup class="cites">${numbers.map((n) => h`<a class="cite" href="${target(n)}" aria-label="${`source ${n}`}">[${n}]</a>`)}</sup>`;
}

function factLabel(fact: BriefingFact): string {
  return `${fact.label}: ${fact.value}`;
}

function renderSourceEntry(source: BriefingSource, facts: readonly BriefingFact[]): Html {
  const cited = facts.map((fact, i) => ({ fact, i })).filter(({ fact }) => fact.citations.includes(source.n));
  return h`<li id="source-${source.n}" value="${source.n}"><span class="badge">${source.community}</span> ${externalLink(source.url, source.title || '(untitled)')}${source.author ? h` — <span class="author">${source.author}</span>` : h``} — ${timeTag(source.publishedAt)} <span class="muted">(${source.kind})</span>
${cited.length > 0 ? h`<ul class="spans">${cited.map(({ fact, i }) => h`<li id="source-${source.n}-fact-${i}">Cited for <a href="#fact-${i}">${factLabel(fact)}</a>${fact.quote ? h`: <q>${fact.quote}</q>` : h``}</li>`)}</ul>` : h``}</li>`;
}

function renderFacts(briefing: Briefing): Html {
  if (briefing.facts.length === 0) return h``;
  return h`<section id="facts" aria-labelledby="facts-h"><h2 id="facts-h">Key facts</h2>
<div class="table-wrap"><table><caption>Facts extracted from the sources; each citation links to the source and the statement it backs.</caption>
<thead><tr><th scope="col">Fact</th><th scope="col">Value</th><th scope="col">Who</th><th scope="col">Source text</th><th scope="col">Backed by</th></tr></thead>
<tbody>${briefing.facts.map(
    (fact, i) =>
      h`<tr id="fact-${i}"${fact.conflict ? h` class="conflict"` : h``}><th scope="row">${fact.label}</th><td>${fact.value}${fact.conflict ? h` <strong class="flag">sources disagree</strong>${fact.conflictsWith.length > 0 ? h` (see ${fact.conflictsWith.map((j, k) => h`${k > 0 ? ', ' : ''}<a href="#fact-${j}">row ${j + 1}</a>`)})` : h``}` : h``}</td><td>${fact.who ?? '—'}</td><td>${fact.quote ? h`<q>${fact.quote}</q>` : h`—`}</td><td>${plural(fact.communities, 'community', 'communities')} ${cites(fact.citations, (n) => `#source-${n}-fact-${i}`)}</td></tr>`,
  )}</tbody></table></div></section>`;
}

function renderPerspectives(briefing: Briefing): Html {
  if (briefing.perspectives.length === 0) return h``;
  return h`<section id="perspectives" aria-labelledby="perspectives-h"><h2 id="perspectives-h">How communities see it</h2>
${briefing.controversy ? h`<p class="meta">Disagreement between communities: ${briefing.controversy}.</p>` : h``}
<figure>${stanceChart(briefing.perspectives)}<figcaption class="muted">Bar length: how many posts and comments took part; right and green positive, left and red negative, centred amber mixed, grey neutral.</figcaption></figure>
${briefing.perspectives.map(
  (p) => h`<h3>${p.community}</h3>
<p>${p.stance} — ${plural(p.participation.posts, 'post')}, ${plural(p.participation.comments, 'comment')}, ${plural(p.participation.authors, 'author')}${p.themes.length > 0 ? h`; talking about ${p.themes.join(', ')}` : h``}.</p>
${p.quotes.map((q) => h`<blockquote><p>${q.text}</p><footer>— ${q.author ?? 'anonymous'}${q.score !== null ? h` (score ${formatInteger(q.score)})` : h``} ${cites(q.citations)}</footer></blockquote>`)}`,
)}</section>`;
}

function renderSections(briefing: Briefing, ids: readonly string[]): Html {
  return h`${briefing.sections
    .filter((s) => ids.includes(s.id))
    .map(
      (s) =>
        h`<section id="${s.id}" aria-labelledby="${s.id}-h"><h2 id="${s.id}-h">${s.title}</h2><p>${s.sentences.map((x, i) => h`${i > 0 ? ' ' : ''}${x.text}${cites(x.citations)}`)}</p></section>`,
    )}`;
}

function renderBriefing(ctx: PageContext, detail: StoryDetail, briefing: Briefing): Html {
  return h`<article class="briefing" aria-labelledby="headline">
<header><h1 id="headline">${briefing.headline || detail.story.title}${cites(briefing.headlineCitations)}</h1>
<p class="byline">${briefing.byline}</p>
<p class="meta">Version ${briefing.version}${detail.briefingCreatedAt ? h`, written ${timeTag(detail.briefingCreatedAt)}` : h``}${briefing.grounded ? h` · every number, date and name checked against the cited sources` : h``}</p></header>
${renderSections(briefing, ['what-happened'])}
${renderFacts(briefing)}
${renderSections(briefing, ['why-it-matters'])}
${
  briefing.entities.length > 0
    ? h`<section id="involved" aria-labelledby="involved-h"><h2 id="involved-h">Who’s involved</h2>${briefing.entities.map(
        (g) =>
          h`<h3>${g.role}</h3><ul>${g.entities.map((e) => h`<li><a href="${ctx.paths.entity(e.name)}">${e.name}</a> <span class="muted">${e.kind}, ${plural(e.mentions, 'mention')}</span>${cites(e.citations)}</li>`)}</ul>`,
      )}</section>`
    : h``
}
${renderPerspectives(briefing)}
${renderSections(briefing, ['what-it-means-for-you'])}
${
  briefing.timeline.length > 0
    ? h`<section id="timeline" aria-labelledby="timeline-h"><h2 id="timeline-h">Timeline</h2><ol class="timeline">${briefing.timeline.map((t) => h`<li><time datetime="${new Date(t.at).toISOString()}">${t.date}</time> — ${t.text}${cites(t.citations)}</li>`)}</ol></section>`
    : h``
}
<section id="sources" aria-labelledby="sources-h"><h2 id="sources-h">Sources</h2>
<ol class="sources">${briefing.sources.map((s) => renderSourceEntry(s, briefing.facts))}</ol>
${briefing.inspiredBy ? h`<p>Inspired by: ${briefing.inspiredBy.community} — “${briefing.inspiredBy.title}” ${cites([briefing.inspiredBy.n])}</p>` : h``}
<p class="disclaimer">${briefing.disclaimer}</p></section>
</article>`;
}

function renderMembers(ctx: PageContext, detail: StoryDetail): Html {
  void ctx;
  return h`<article aria-labelledby="headline"><h1 id="headline">${detail.story.title}</h1>
<p class="meta">${plural(detail.story.postCount, 'post')} in ${plural(detail.story.communityCount, 'community', 'communities')} · the briefing is not written yet.</p>
<section aria-labelledby="posts-h"><h2 id="posts-h">Posts</h2><ol class="sources">${detail.members.map((m: StoryMember) => h`<li><span class="badge">${m.community}</span> ${externalLink(m.url ?? m.permalink, m.title || '(untitled)')}${m.author ? h` — ${m.author}` : h``} — ${timeTag(m.publishedAt)}</li>`)}</ol></section></article>`;
}

export function renderStoryPage(ctx: PageContext, detail: StoryDetail): Html {
  const b = detail.briefing;
  return layout(ctx, {
    title: b?.headline || detail.story.title,
    body: b ? renderBriefing(ctx, detail, b) : renderMembers(ctx, detail),
  });
}

export function renderEntityPage(ctx: PageContext, entity: EntityDetail): Html {
  const feeds = FEED_FORMATS.map((format) => ({
    format,
    href: ctx.paths.entityFeed(entity.name, format),
    title: `${ctx.siteTitle}: briefings mentioning ${entity.name} (${FEED_LABEL[format]})`,
  }));
  const body = h`<h1>${entity.name}</h1>
<p class="meta">${entity.kinds.join(', ')}${entity.aliases.length > 0 ? h` · also written ${entity.aliases.join(', ')}` : h``} · feeds: ${feeds.map((f, i) => h`${i > 0 ? ', ' : ''}<a href="${f.href}">${FEED_LABEL[f.format]}</a>`)}</p>
<section aria-labelledby="stories-h"><h2 id="stories-h">Stories (${formatInteger(entity.stories.length)})</h2>
<ol class="timeline">${entity.stories.map((s) => h`<li>${timeTag(s.firstSeen)} — <a href="${ctx.paths.story(s.id)}">${s.headline ?? s.title}</a>${s.role ? h` <span class="muted">as ${s.role}</span>` : h``}</li>`)}</ol></section>
<section aria-labelledby="facts-h"><h2 id="facts-h">Facts (${formatInteger(entity.facts.length)})</h2>
${
  entity.facts.length === 0
    ? h`<p>No extracted fact names ${entity.name} yet.</p>`
    : h`<div class="table-wrap"><table><caption>Facts that mention ${entity.name}, oldest first.</caption><thead><tr><th scope="col">First reported</th><th scope="col">Kind</th><th scope="col">Statement</th><th scope="col">Story</th></tr></thead><tbody>${entity.facts.map((f) => h`<tr${f.conflict ? h` class="conflict"` : h``}><td>${timeTag(f.firstReportedAt)}</td><td>${f.kind}${f.conflict ? h` <strong class="flag">disputed</strong>` : h``}</td><td><q>${f.text}</q>${f.speaker ? h` — ${f.speaker}` : h``}</td><td><a href="${`${ctx.paths.story(f.storyId)}#facts`}">${f.storyTitle}</a></td></tr>`)}</tbody></table></div>`
}</section>`;
  return layout(ctx, { title: entity.name, body, feeds });
}

const KIND_LABEL = { story: 'Story', post: 'Post', fact: 'Fact' } as const;

export function renderSearchPage(
  ctx: PageContext,
  results: SearchResults | null,
  pageHref: (page: number) => string,
): Html {
  const query = results?.query ?? '';
  const feeds = results
    ? FEED_FORMATS.flatMap((format) => {
        const href = ctx.paths.searchFeed(query, format);
        return href
          ? [
              {
                format,
                href,
                title: `${ctx.siteTitle}: briefings matching “${query}” (${FEED_LABEL[format]})`,
              },
            ]
          : [];
      })
    : undefined;
  const body = !results
    ? h`<h1>Search</h1><p>Search the stories, posts and facts: type words in the box above (all of them must match).</p>`
    : h`<h1>Search: ${query}</h1>
${feeds && feeds.length > 0 ? h`<p class="meta">Follow this search: ${feeds.map((f, i) => h`${i > 0 ? ', ' : ''}<a href="${f.href}">${FEED_LABEL[f.format]}</a>`)}</p>` : h``}
${
  results.hits.length === 0
    ? h`<p>Nothing matches ${results.terms.length > 0 ? h`all of: ${results.terms.join(', ')}` : h`(type some words)`}.</p>`
    : h`<ol class="hits">${results.hits.map((hit) => {
        const href =
          hit.kind === 'fact' ? `${ctx.paths.story(hit.storyId)}#facts` : ctx.paths.story(hit.storyId);
        return h`<li><span class="badge">${KIND_LABEL[hit.kind]}</span> <a href="${href}">${hit.kind === 'story' ? hit.title : hit.storyTitle || hit.title}</a> <span class="muted">${timeTag(hit.at)}</span>
<p>${hit.kind === 'post' ? h`<strong>${hit.title}</strong> — ` : h``}${markMatches(hit.snippet, SNIPPET_START, SNIPPET_END)}</p></li>`;
      })}</ol>`
}
${pager(results.page, results.hasMore, pageHref)}`;
  return layout(ctx, {
    title: query ? `Search: ${query}` : 'Search',
    body,
    query,
    ...(feeds ? { feeds } : {}),
  });
}

const STATUS_CLASS: Record<SourceHealth['status'], string> = {
  ok: 'status-ok',
  new: 'status-off',
  failing: 'status-bad',
  blocked: 'status-bad',
  disabled: 'status-off',
};

export function renderSourcesPage(ctx: PageContext, sources: readonly SourceHealth[]): Html {
  const body = h`<h1>Sources</h1>
${
  sources.length === 0
    ? h`<p>No source has been polled yet.</p>`
    : h`<div class="table-wrap"><table><caption>Each source’s health: when it was last fetched, what it brought, and what went wrong.</caption>
<thead><tr><th scope="col">Source</th><th scope="col">Status</th><th scope="col">Last fetch</th><th scope="col">New items</th><th scope="col">Errors</th><th scope="col">Why</th></tr></thead>
<tbody>${sources.map(
        (
          s,
        ) => h`<tr><th scope="row">${s.state.id}<br><span class="muted">${s.state.kind}${s.state.url ? h` · ${externalLink(s.state.url, s.state.url)}` : h``}</span></th>
<td class="${STATUS_CLASS[s.status]}">${s.status}</td>
<td>${timeTag(s.state.lastFetchAt)}${s.state.lastStatus ? h` (HTTP ${s.state.lastStatus})` : h``}<br><span class="muted">next ${timeTag(s.state.nextCheckAt)}</span></td>
<td>${s.state.lastNewItems === null ? '—' : formatInteger(s.state.lastNewItems)}</td>
<td>${formatInteger(s.state.consecutiveErrors)} in a row</td>
<td>${s.state.disabledReason ? h`<p>Disabled: ${s.state.disabledReason}</p>` : h``}${s.state.blockedReason ? h`<p>Blocked: ${s.state.blockedReason}</p>` : h``}${s.state.lastError ? h`<p>Last error: ${s.state.lastError}</p>` : h``}${s.recent.length > 0 ? h`<details><summary>Recent polls</summary><ul>${s.recent.map((r) => h`<li>${timeTag(r.at)} ${r.status}${r.httpStatus ? h` (HTTP ${r.httpStatus})` : h``}, ${formatInteger(r.posts ?? 0)} posts, ${formatInteger(r.comments ?? 0)} comments${r.message ? h` — ${r.message}` : h``}</li>`)}</ul></details>` : h``}</td></tr>`,
      )}</tbody></table></div>`
}`;
  return layout(ctx, { title: 'Sources', body });
}

export function renderErrorPage(ctx: PageContext, status: number, message: string): Html {
  const title = status === 404 ? 'Not found' : status === 400 ? 'Bad request' : 'Something went wrong';
  return layout(ctx, {
    title,
    body: h`<h1>${title}</h1><p>${message}</p><p><a href="${ctx.paths.home}">Back to the stories</a></p>`,
  });
}
