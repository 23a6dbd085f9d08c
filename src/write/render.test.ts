import { describe, expect, it } from 'vitest';
import { composeBriefing } from './compose.js';
import { renderBriefing } from './render.js';
import { renderBriefingHtml } from './render-html.js';
import { toBriefingJson } from './render-json.js';
import { renderBriefingMarkdown } from './render-markdown.js';
import { comments, posts, storyInput } from './test-story.js';
import type { Briefing } from './types.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const SVG = '<svg onload=alert(1)><a xlink:href="javascript:alert(2)">x</a></svg>';
const JS = 'javascript:alert(3)';

/** A briefing with a payload in every field a source can fill. */
const hostile: Briefing = {
  version: 1,
  format: 1,
  storyId: 'story-"x"',
  headline: `Headline ${SCRIPT}`,
  headlineCitations: [1],
  byline: `Synthesised from 1 post in ${IMG}`,
  updatedAt: 0,
  sections: [
    {
      id: 'what-happened',
      title: 'What happened',
      sentences: [{ text: `It said ${SVG} [x](${JS}).`, citations: [1] }],
    },
  ],
  facts: [
    {
      kind: 'investment',
      label: 'investment',
      value: `USD 1 | ${IMG}`,
      raw: {},
      who: SCRIPT,
      quote: SVG,
      communities: 1,
      citations: [1],
      conflict: true,
      conflictsWith: [0],
    },
  ],
  entities: [
    { role: `role ${IMG}`, entities: [{ name: SVG, kind: 'organization', mentions: 2, citations: [1] }] },
  ],
  perspectives: [
    {
      community: `r/${SCRIPT}`,
      stance: 'mixed',
      participation: { posts: 1, comments: 1, authors: 1 },
      themes: [IMG],
      quotes: [{ text: `"${SCRIPT}" and ${SVG}`, author: IMG, score: 1, citations: [2] }],
    },
  ],
  controversy: 'low',
  timeline: [{ at: 0, date: `2026-03-03${SCRIPT}`, text: IMG, citations: [1] }],
  sources: [
    { n: 1, id: 'hn:1', kind: 'post', community: SVG, title: SCRIPT, url: JS, author: IMG, publishedAt: 0 },
    {
      n: 2,
      id: 'reddit:t1_a',
      kind: 'comment',
      community: 'r/x',
      title: IMG,
      url: 'https://example.com/a?b=<script>&c="d"',
      author: `${SCRIPT}`,
      publishedAt: 0,
    },
  ],
  inspiredBy: { n: 1, community: IMG, title: SCRIPT },
  disclaimer: 'd',
  grounded: true,
};

function tags(html: string): string[] {
  return html.match(/<[^>]*>/g) ?? [];
}

describe('renderBriefingHtml', () => {
  const html = renderBriefingHtml(hostile, { standalone: true });

  it('escapes every text from a source, so scripts, handlers and SVG stay text', () => {
    expect(html).not.toMatch(/<(?:script|img|svg)/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;svg onload=alert(1)&gt;');
    for (const tag of tags(html)) {
      expect(tag).not.toMatch(/\son\w+\s*=/i);
      expect(tag).not.toMatch(/\sstyle\s*=/i);
      expect(tag).not.toMatch(/javascript:/i);
    }
  });

  it('links only http(s) URLs, with rel="noopener nofollow ugc", and citations to #source-n', () => {
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(hrefs.every((href) => /^(?:https?:\/\/|#source-\d+$)/.test(href))).toBe(true);
    const external = tags(html).filter((tag) => /^<a href="http/.test(tag));
    expect(external).toEqual([
      '<a href="https://example.com/a?b=%3Cscript%3E&amp;c=%22d%22" rel="noopener nofollow ugc">',
    ]);
    expect(html).toContain('<a class="cite" href="#source-2">[2]</a>');
    expect(html).toContain('<li id="source-1" value="1">');
  });
});

describe('renderBriefingMarkdown', () => {
  const md = renderBriefingMarkdown(hostile);

  it('writes source HTML as character references, so no renderer runs it', () => {
    expect(md).not.toMatch(/<(?:script|img|svg)/i);
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const raw = md.match(/<[^>\s]+[^>]*>/g) ?? [];
    for (const tag of raw) expect(tag).toMatch(/^<(?:a id="source-\d+"|\/a|https?:\/\/[^\s<>]*)>$/);
  });

  it('never makes a javascript: link and escapes Markdown link and table syntax in source text', () => {
    expect(md).not.toMatch(/(?<!\\)\]\(\s*javascript:/i);
    expect(md).not.toMatch(/<javascript:/i);
    expect(md).toContain('\\[x\\](javascript:alert(3))');
    expect(md).toContain('USD 1 \\| &lt;img');
    expect(md).toContain('[[1]](#source-1)');
  });
});

describe('renderBriefing', () => {
  const input = storyInput();
  const briefing = composeBriefing(input);

  it('renders the reference sections in order in Markdown', () => {
    const md = renderBriefing(briefing, 'md');
    const headings = md.match(/^#{1,2} .*$/gm) ?? [];
    expect(headings).toEqual([
      `# ${posts[1]?.title}`,
      '## What happened',
      '## Key facts',
      '## Why it matters',
      "## Who's involved",
      '## How communities see it',
      '## What it means for you',
      '## Timeline',
      '## Sources',
    ]);
    expect(md).toContain('Inspired by: Hacker News');
    expect(md).toContain('every statement links to the source it came from.');
    // A hostile comment author from the fixture stays text.
    expect(comments.some((c) => c.author?.includes('<img'))).toBe(true);
    expect(md).not.toContain('<img');
  });

  it('gives JSON with the contract keys', () => {
    const json = JSON.parse(renderBriefing(briefing, 'json')) as Record<string, unknown>;
    expect(Object.keys(json).slice(0, 7)).toEqual([
      'storyId',
      'headline',
      'headlineCitations',
      'byline',
      'sections',
      'facts',
      'entities',
    ]);
    expect(json).toMatchObject({ storyId: 'story-1', grounded: true });
    expect(json.sources).toEqual(toBriefingJson(briefing).sources);
    const source = (json.sources as Array<Record<string, unknown>>)[0];
    expect(Object.keys(source ?? {}).sort()).toEqual(
      ['author', 'community', 'id', 'kind', 'n', 'publishedAt', 'title', 'url'].sort(),
    );
  });

  it('gives a whole HTML document', () => {
    const html = renderBriefing(briefing, 'html');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toContain('<img');
  });
});
