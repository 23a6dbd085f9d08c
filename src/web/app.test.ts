import { parseFeed } from 'feedsmith';
import type { Hono } from 'hono';
import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSilentLog } from '../log.js';
import { getSourceState } from '../store/sources.js';
import type { Store } from '../store/store.js';
import { dialects } from '../test-support/stores.js';
import { CONTENT_SECURITY_POLICY, createApp } from './app.js';
import type { WebDeps } from './context.js';
import {
  buildWebFixture,
  CLEAN_HEADLINE,
  CLEAN_STORY,
  FIXTURE_NOW,
  HOSTILE_STORY,
  PENDING_STORY,
} from './test-fixture.js';

const clock = { now: () => FIXTURE_NOW };
const TOKEN = 'test-admin-token-0123456789';

/**
 * Parses the page as a browser would and lists what could run or restyle it: script, style, img,
 * iframe and object elements, event-handler attributes, style attributes and non-http(s) links.
 */
function activeMarkup(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (['script', 'style', 'img', 'iframe', 'object', 'embed', 'base'].includes(name))
        found.push(`<${name}>`);
      for (const [key, value] of Object.entries(attributes)) {
        if (key.startsWith('on') || key === 'style') found.push(`${name}[${key}]`);
        if (
          (key === 'href' || key === 'src' || key === 'action') &&
          !/^(https?:|\/|#|\.\.?\/|[a-z0-9_-]+\.html|\?)/i.test(value.trim())
        )
          found.push(`${name}[${key}=${value}]`);
      }
    },
  });
  parser.write(html);
  parser.end();
  return found;
}

function depsFor(store: Store, overrides: Partial<WebDeps> = {}): WebDeps {
  return { store, clock, log: createSilentLog(), config: { siteTitle: 'roundup test' }, ...overrides };
}

for (const dialect of dialects) {
  describe(`web app (${dialect.name})`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let app: Hono;

    beforeAll(async () => {
      ({ store, dispose } = await dialect.open());
      await buildWebFixture(store);
      app = createApp(depsFor(store, { config: { siteTitle: 'roundup test', adminToken: TOKEN } }));
    });
    afterAll(async () => {
      await dispose();
    });

    it('serves the front page with stories by heat, communities, sparklines and security headers', async () => {
      const res = await app.request('/');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const body = await res.text();
      expect(body).toContain(CLEAN_HEADLINE);
      expect(body).toContain(`href="/stories/${CLEAN_STORY}"`);
      expect(body).toContain('Quiet story with no briefing yet');
      expect(body).toContain('r/energy (1)');
      expect(body).toMatch(/<svg class="spark"[^>]*role="img" aria-label="Activity: 3 posts/);
      expect(body).toContain('<main id="main"');
      expect(body).toContain('<nav aria-label="Main">');
      expect(body).toContain('href="/assets/style.css"');
      expect(activeMarkup(body)).toEqual([]);
    });

    it('answers 400 to a bad page number', async () => {
      expect((await app.request('/?page=0')).status).toBe(400);
      expect((await app.request('/?page=abc')).status).toBe(400);
    });

    it('serves the stylesheet as a file (no inline styles needed)', async () => {
      const res = await app.request('/assets/style.css');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/css');
      expect(await res.text()).toContain('@media (max-width: 40rem)');
    });

    it('renders the whole briefing, with citations and facts linked to their sources', async () => {
      const res = await app.request(`/stories/${CLEAN_STORY}`);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain(`<h1 id="headline">${CLEAN_HEADLINE.replace('€', '€')}`);
      for (const section of [
        'what-happened',
        'facts',
        'why-it-matters',
        'involved',
        'perspectives',
        'timeline',
        'sources',
      ])
        expect(body).toContain(`<section id="${section}"`);
      // Sentence citations jump to the numbered source list.
      expect(body).toContain('<a class="cite" href="#source-2" aria-label="source 2">[2]</a>');
      for (const n of [1, 2, 3, 4]) expect(body).toContain(`<li id="source-${n}" value="${n}">`);
      // Fact rows link to the span entry inside each citing source, which links back and quotes it.
      expect(body).toContain('<tr id="fact-0">');
      expect(body).toContain('href="#source-1-fact-0"');
      expect(body).toContain('href="#source-2-fact-0"');
      expect(body).toContain(
        '<li id="source-1-fact-0">Cited for <a href="#fact-0">investment: EUR 4,000,000,000, 2026–2030</a>',
      );
      expect(body).toContain('<q>Nordwind said it will spend €4 billion between 2026 and 2030</q>');
      expect(body).toContain('<tr id="fact-1" class="conflict">');
      expect(body).toContain('sources disagree');
      expect(body).toContain('href="/entities/Nordwind"');
      expect(body).toMatch(/<svg class="stance-chart"[^>]*role="img"/);
      expect(body).toContain(
        '<a href="https://balticwire.example/nordwind-grid" rel="noopener nofollow ugc" referrerpolicy="no-referrer">',
      );
      expect(body).toContain('Inspired by: Hacker News');
      expect(body).toContain('assembled automatically');
    });

    it('shows every payload of a hostile story as text: no script, handler or javascript: link', async () => {
      const res = await app.request(`/stories/${HOSTILE_STORY}`);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain('&lt;script&gt;window.__pwned = &quot;script&quot;&lt;/script&gt;');
      expect(body).toContain('&lt;img src=x onerror=&quot;window.__pwned = &#39;img&#39;&quot;&gt;');
      expect(body).toContain('&lt;svg onload=');
      expect(activeMarkup(body)).toEqual([]);
      expect(body).not.toContain('javascript:window');
      // A link whose URL is not http(s) is shown as plain text.
      expect(body).toMatch(/<span>Evil &lt;script&gt;[^<]*&lt;\/script&gt; title/);
      const front = await (await app.request('/')).text();
      expect(activeMarkup(front)).toEqual([]);
    });

    it('answers a repeated request with 304 when the ETag matches', async () => {
      const first = await app.request(`/stories/${CLEAN_STORY}`);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^W\/"/);
      const again = await app.request(`/stories/${CLEAN_STORY}`, {
        headers: { 'If-None-Match': etag ?? '' },
      });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      const other = await app.request(`/stories/${CLEAN_STORY}`, {
        headers: { 'If-None-Match': 'W/"other"' },
      });
      expect(other.status).toBe(200);
    });

    it('lists the posts of a story whose briefing is not written yet', async () => {
      const body = await (await app.request(`/stories/${PENDING_STORY}`)).text();
      expect(body).toContain('the briefing is not written yet');
      expect(body).toContain('Quiet story with no briefing yet');
    });

    it('answers 404 pages for unknown stories, entities and paths, and 400 for an over-long id', async () => {
      for (const path of ['/stories/s_nope', '/entities/Nobody%20Inc', '/no/such/page']) {
        const res = await app.request(path);
        expect(res.status, path).toBe(404);
        expect(res.headers.get('content-type')).toContain('text/html');
        expect(await res.text()).toContain('Not found');
      }
      expect((await app.request(`/stories/${'x'.repeat(300)}`)).status).toBe(400);
    });

    it('redirects a merged story id to the story that absorbed it', async () => {
      await store.db
        .insertInto('stories')
        .values({
          id: 's_merged00000001',
          title: 'merged',
          representative_post_id: null,
          first_seen: FIXTURE_NOW,
          last_seen: FIXTURE_NOW,
          post_count: 0,
          community_count: 0,
          heat: 0,
          merged_into: CLEAN_STORY,
          created_at: FIXTURE_NOW,
          updated_at: FIXTURE_NOW,
          extract_hash: null,
        })
        .execute();
      const res = await app.request('/stories/s_merged00000001');
      expect(res.status).toBe(301);
      expect(res.headers.get('location')).toBe(`/stories/${CLEAN_STORY}`);
      const api = await app.request('/api/stories/s_merged00000001');
      expect(((await api.json()) as { id: string }).id).toBe(CLEAN_STORY);
    });

    it('shows every story and fact that mentions an entity, over time, in any letter case', async () => {
      const res = await app.request('/entities/nordwind');
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain('<h1>Nordwind</h1>');
      expect(body).toContain(`href="/stories/${CLEAN_STORY}"`);
      expect(body).toContain(`href="/stories/${HOSTILE_STORY}"`);
      expect(body).toContain('Nordwind said it will spend €4 billion');
      expect(body).toContain('also written Nordwind AG');
      expect(body).toContain('href="/feeds/entities/Nordwind/briefings.atom"');
      expect(activeMarkup(body)).toEqual([]);
      const hostile = await app.request(
        `/entities/${encodeURIComponent('Evil<img src=x onerror="window.__pwned = \'img\'">')}`,
      );
      expect(hostile.status).toBe(200);
      expect(activeMarkup(await hostile.text())).toEqual([]);
    });

    it('searches stories, posts and facts and marks the matches', async () => {
      const res = await app.request('/search?q=PSG+shares');
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain('<mark>');
      expect(body).toContain(`href="/stories/${CLEAN_STORY}#facts"`);
      expect(body).toContain('Post</span>');
      expect(body).toContain('href="/feeds/search/briefings.rss?q=PSG%20shares"');
      const none = await (await app.request('/search?q=zzzunknownword')).text();
      expect(none).toContain('Nothing matches');
      const syntax = await app.request(`/search?q=${encodeURIComponent('"NEAR( * OR -:^ \\')}`);
      expect(syntax.status).toBe(200);
      const form = await app.request('/search');
      expect(form.status).toBe(200);
      expect((await app.request(`/search?q=${'a'.repeat(201)}`)).status).toBe(400);
      const hostile = await (await app.request('/search?q=evil+script')).text();
      expect(hostile).toContain('<mark>');
      expect(activeMarkup(hostile)).toEqual([]);
    });

    it("shows each source's health: last fetch, new items, errors, blocked or disabled and why", async () => {
      const body = await (await app.request('/sources')).text();
      expect(body).toContain('<td class="status-ok">ok</td>');
      expect(body).toContain('Blocked: HTTP 429: Retry-After 3600');
      expect(body).toContain('Disabled: HTTP 410 Gone');
      expect(body).toContain('3 in a row');
      expect(body).toContain('>42<');
      expect(activeMarkup(body)).toEqual([]);
    });

    it('publishes RSS, Atom and JSON Feed of all briefings, per entity and per search', async () => {
      for (const path of [
        '/feeds/briefings.rss',
        '/feeds/briefings.atom',
        '/feeds/briefings.json',
        '/feeds/entities/Nordwind/briefings.rss',
        '/feeds/search/briefings.atom?q=nordwind',
        '/feeds/search/briefings.json?q=nordwind',
      ]) {
        const res = await app.request(`http://news.test${path}`);
        expect(res.status, path).toBe(200);
        const text = await res.text();
        const parsed = parseFeed(text) as {
          format: string;
          feed: { items?: unknown[]; entries?: unknown[] };
        };
        const items = parsed.feed.items ?? parsed.feed.entries ?? [];
        expect(items.length, path).toBeGreaterThan(0);
        expect(text).toContain(`http://news.test/stories/${CLEAN_STORY}`);
      }
      const rss = await (await app.request('http://news.test/feeds/briefings.rss')).text();
      expect(rss).toContain('<rss version="2.0"');
      expect((await app.request('/feeds/search/briefings.rss')).status).toBe(400);
      expect((await app.request('/feeds/entities/Nobody/briefings.rss')).status).toBe(404);
    });

    it('pages the JSON story list with a cursor or a page number, and refuses bad parameters', async () => {
      const first = await app.request('/api/stories?limit=2');
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toContain('application/json');
      const page1 = (await first.json()) as { stories: Array<{ id: string }>; nextCursor: string | null };
      expect(page1.stories).toHaveLength(2);
      expect(page1.nextCursor).toBeTruthy();
      expect(first.headers.get('link')).toContain('rel="next"');
      const second = (await (
        await app.request(`/api/stories?limit=2&cursor=${page1.nextCursor}`)
      ).json()) as {
        stories: Array<{ id: string }>;
        nextCursor: string | null;
      };
      expect(second.stories.length).toBeGreaterThan(0);
      expect(second.stories.map((s) => s.id)).not.toContain(page1.stories[0]?.id);
      const byPage = (await (await app.request('/api/stories?limit=2&page=2')).json()) as {
        stories: Array<{ id: string }>;
      };
      expect(byPage.stories.map((s) => s.id)).toEqual(second.stories.map((s) => s.id));
      for (const bad of ['limit=0', 'limit=101', 'limit=x', 'cursor=bad', 'page=0', 'page=1&cursor=abc']) {
        const res = await app.request(`/api/stories?${bad}`);
        expect(res.status, bad).toBe(400);
        const error = (await res.json()) as { error: { status: number; message: string } };
        expect(error.error.status).toBe(400);
        expect(error.error.message).not.toMatch(/\bat\s.+\.ts:\d+/);
      }
    });

    it('serves a story, its briefing and an entity as JSON with ETags', async () => {
      const res = await app.request(`/api/stories/${CLEAN_STORY}`);
      expect(res.status).toBe(200);
      const story = (await res.json()) as {
        id: string;
        posts: unknown[];
        communities: unknown[];
        headline: string;
      };
      expect(story.id).toBe(CLEAN_STORY);
      expect(story.posts).toHaveLength(3);
      expect(story.headline).toBe(CLEAN_HEADLINE);
      const etag = res.headers.get('etag') ?? '';
      expect(
        (await app.request(`/api/stories/${CLEAN_STORY}`, { headers: { 'If-None-Match': etag } })).status,
      ).toBe(304);
      const briefing = (await (await app.request(`/api/stories/${CLEAN_STORY}/briefing`)).json()) as {
        headline: string;
        version: number;
        facts: unknown[];
      };
      expect(briefing.headline).toBe(CLEAN_HEADLINE);
      expect(briefing.version).toBe(1);
      expect(briefing.facts).toHaveLength(2);
      const pending = await app.request(`/api/stories/${PENDING_STORY}/briefing`);
      expect(pending.status).toBe(404);
      const missing = await app.request('/api/stories/s_nope');
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { status: number } }).error.status).toBe(404);
      expect((await app.request('/api/stories/s_nope/briefing')).status).toBe(404);
      const entity = (await (await app.request('/api/entities/Nordwind')).json()) as {
        name: string;
        stories: unknown[];
        facts: Array<{ text: string }>;
      };
      expect(entity.name).toBe('Nordwind');
      expect(entity.stories).toHaveLength(2);
      expect(entity.facts.map((f) => f.text)).toContain(
        'Nordwind said it will spend €4 billion between 2026 and 2030',
      );
      expect((await app.request('/api/entities/Nobody')).status).toBe(404);
      expect((await app.request('/api/nothing-here')).status).toBe(404);
    });

    it('searches through the API, with kinds and paging checked', async () => {
      const res = await app.request('/api/search?q=nordwind&kind=fact');
      expect(res.status).toBe(200);
      const results = (await res.json()) as { hits: Array<{ kind: string; snippet: string }> };
      expect(results.hits.length).toBeGreaterThan(0);
      expect(results.hits.every((h) => h.kind === 'fact')).toBe(true);
      expect(results.hits[0]?.snippet).not.toMatch(/[\uE000\uE001]/);
      for (const bad of ['', 'q=', 'q=x&kind=comment', 'q=x&page=0', 'q=x&limit=500'])
        expect((await app.request(`/api/search?${bad}`)).status, bad).toBe(400);
    });

    it('describes the API in an OpenAPI 3.1 document', async () => {
      const doc = (await (await app.request('/api/openapi.json')).json()) as {
        openapi: string;
        paths: Record<string, unknown>;
      };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/stories',
          '/api/stories/{id}',
          '/api/stories/{id}/briefing',
          '/api/entities/{name}',
          '/api/search',
        ]),
      );
    });

    it('refuses admin actions without the token, and has no admin routes when no token is configured', async () => {
      const noToken = createApp(depsFor(store));
      expect((await noToken.request('/admin/rebuild/x', { method: 'POST' })).status).toBe(404);
      expect((await noToken.request('/admin/sources/hn', { method: 'DELETE' })).status).toBe(404);
      const missing = await app.request(`/admin/rebuild/${CLEAN_STORY}`, { method: 'POST' });
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toContain('Bearer');
      const wrong = await app.request('/admin/sources/hn', {
        method: 'DELETE',
        headers: { Authorization: 'Bearer not-the-token' },
      });
      expect(wrong.status).toBe(403);
      expect((await getSourceState(store.db, 'hn'))?.enabled).toBe(true);
    });

    it('runs admin actions with the token: disable a source, rebuild a story, add a feed', async () => {
      const rebuilt: string[] = [];
      const added: string[] = [];
      const admin = createApp(
        depsFor(store, {
          config: { adminToken: TOKEN },
          admin: {
            rebuildStory: async (id) => {
              rebuilt.push(id);
              return id === CLEAN_STORY ? { storyId: id, version: 2, created: true } : null;
            },
            addSource: async ({ url }) => {
              added.push(url);
              return { id: 'feed-new', url };
            },
          },
        }),
      );
      const auth = { Authorization: `Bearer ${TOKEN}` };
      const rebuild = await admin.request(`/admin/rebuild/${CLEAN_STORY}`, { method: 'POST', headers: auth });
      expect(rebuild.status).toBe(200);
      expect(rebuilt).toEqual([CLEAN_STORY]);
      expect((await admin.request('/admin/rebuild/s_nope', { method: 'POST', headers: auth })).status).toBe(
        404,
      );
      const add = await admin.request('/admin/sources', {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: 'https://example.org/feed.xml' }),
      });
      expect(add.status).toBe(201);
      expect(added).toEqual(['https://example.org/feed.xml']);
      const badUrl = await admin.request('/admin/sources', {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: 'javascript:alert(1)' }),
      });
      expect(badUrl.status).toBe(400);
      const notJson = await admin.request('/admin/sources', { method: 'POST', headers: auth, body: 'nope' });
      expect(notJson.status).toBe(400);
      const huge = await admin.request('/admin/sources', {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json', 'Content-Length': String(100_000) },
        body: JSON.stringify({ url: `https://example.org/${'a'.repeat(99_970)}` }),
      });
      expect(huge.status).toBe(413);
      const remove = await admin.request('/admin/sources/feed-gone', { method: 'DELETE', headers: auth });
      expect(remove.status).toBe(204);
      expect((await admin.request('/admin/sources/nope', { method: 'DELETE', headers: auth })).status).toBe(
        404,
      );
      const state = await getSourceState(store.db, 'feed-gone');
      expect(state?.enabled).toBe(false);
      expect(state?.disabledReason).toBe('removed through the web admin');
      const withoutAdd = await app.request('/admin/sources', {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: 'https://example.org/feed.xml' }),
      });
      expect(withoutAdd.status).toBe(501);
    });
  });
}

describe('web app errors', () => {
  it('answers 500 with no stack trace or driver message when the store fails', async () => {
    const dialect = dialects[0];
    if (!dialect) throw new Error('no dialect');
    const { store, dispose } = await dialect.open();
    const logged: unknown[] = [];
    const log = { ...createSilentLog(), error: (fields: object) => logged.push(fields) };
    const app = createApp({ store, clock, log: log as never, config: {} });
    await store.close();
    for (const path of ['/', '/api/stories']) {
      const res = await app.request(path);
      expect(res.status).toBe(500);
      const body = await res.text();
      expect(body).not.toMatch(/destroyed|Kysely|\.ts:\d+|at async/);
      expect(body).toContain('could not answer');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
    expect(logged.length).toBe(2);
    await dispose().catch(() => undefined);
  });
});
