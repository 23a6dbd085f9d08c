import { createHash, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { FetchError, NotFoundError, UsageError } from '../errors.js';
import { getSourceState, updateSourceState } from '../store/sources.js';
import { registerApi } from './api.js';
import { etagOf, RenderCache } from './cache.js';
import type { AdminActions, WebContext, WebDeps } from './context.js';
import {
  loadEntity,
  loadLatestBriefings,
  loadSearch,
  loadSourceHealth,
  loadStoryDetail,
  loadStoryStamp,
  loadStorySummaries,
} from './data.js';
import { FEED_CONTENT_TYPE, type FeedEntry, generateFeed } from './feeds.js';
import { safeHref } from './html.js';
import {
  renderEntityPage,
  renderErrorPage,
  renderFrontPage,
  renderSearchPage,
  renderSourcesPage,
  renderStoryPage,
} from './pages.js';
import { FEED_FORMATS, serverPaths } from './paths.js';
import { HTML_TYPE, intParam, nameParam, queryParam, send } from './respond.js';
import { ICON_SVG, STYLESHEET } from './style.js';

export type { AdminActions, WebConfig, WebDeps } from './context.js';

/** No inline script or style anywhere; pages are self-contained apart from their stylesheet. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const STORIES_PER_PAGE = 30;
const FEED_ITEMS = 50;
const SEARCH_PER_PAGE = 20;

/** Errors to statuses, in one place. Anything unexpected is a 500 with no details. */
export function statusOf(error: unknown): number {
  if (error instanceof HTTPException) return error.status;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof UsageError) return 400;
  if (error instanceof FetchError) return 502;
  return 500;
}

function publicMessage(error: unknown, status: number): string {
  if (status === 404) return 'Nothing is stored under this address.';
  if (status === 400 && error instanceof Error) return error.message.replace(/^web: /, '');
  if (status === 413) return 'The request body is too large.';
  if (status < 500 && error instanceof HTTPException) return error.message || 'The request was refused.';
  return 'The server could not answer this request; the error has been logged.';
}

function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * The web application: server-rendered pages (no scripts), the JSON API, feeds of briefings and
 * token-guarded admin actions. Works on any runtime Hono runs on; cli/serve.ts puts it on Node.
 */
export function createApp(deps: WebDeps): Hono {
  const { store, clock, log, config } = deps;
  const db = store.db;
  const web: WebContext = {
    deps,
    page: { paths: serverPaths(), siteTitle: config.siteTitle ?? 'roundup' },
    cache: new RenderCache(1_000),
    ttlMs: config.cacheTtlMs ?? 5_000,
  };
  const paths = web.page.paths;
  const app = new Hono();
  const isApi = (c: Context) => c.req.path.startsWith('/api/') || c.req.path.startsWith('/admin/');

  app.use('*', async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  });

  app.use(
    '*',
    bodyLimit({
      maxSize: config.maxBodyBytes ?? 16 * 1024,
      onError: () => {
        throw new HTTPException(413, { message: 'The request body is too large.' });
      },
    }),
  );

  app.onError((error, c) => {
    const status = statusOf(error);
    if (status >= 500)
      log.error({ err: error, path: c.req.path, method: c.req.method }, 'web request failed');
    const message = publicMessage(error, status);
    if (isApi(c)) return c.json({ error: { status, message } }, status as 400);
    return c.html(renderErrorPage(web.page, status, message).toString(), status as 400);
  });

  app.notFound((c) => {
    const message = publicMessage(null, 404);
    if (isApi(c)) return c.json({ error: { status: 404, message } }, 404);
    return c.html(renderErrorPage(web.page, 404, message).toString(), 404);
  });

  const styleSheet = { body: STYLESHEET, etag: etagOf(STYLESHEET) };
  app.get('/assets/style.css', (c) =>
    send(c, styleSheet, 'text/css; charset=utf-8', 'public, max-age=86400'),
  );
  const icon = { body: ICON_SVG, etag: etagOf(ICON_SVG) };
  app.get('/assets/icon.svg', (c) => send(c, icon, 'image/svg+xml', 'public, max-age=86400'));
  app.get('/favicon.ico', (c) => c.redirect('/assets/icon.svg', 301));

  app.get('/', async (c) => {
    const page = intParam(c.req.query('page'), 'page', { min: 1, max: 10_000, fallback: 1 });
    const rendered = await web.cache.get(`front:${page}`, clock.now(), web.ttlMs, async () => {
      const stories = await loadStorySummaries(db, {
        limit: STORIES_PER_PAGE + 1,
        offset: (page - 1) * STORIES_PER_PAGE,
      });
      return renderFrontPage(web.page, {
        stories: stories.slice(0, STORIES_PER_PAGE),
        page,
        hasMore: stories.length > STORIES_PER_PAGE,
        pageHref: (n) => (n === 1 ? '/' : `/?page=${n}`),
      }).toString();
    });
    return send(c, rendered, HTML_TYPE);
  });

  app.get('/stories/:id', async (c) => {
    const id = nameParam(c.req.param('id'), 'story');
    const stamp = await loadStoryStamp(db, id);
    if (!stamp) throw new NotFoundError(`web: no story ${id}`);
    if (stamp.redirectTo) return c.redirect(paths.story(stamp.redirectTo), 301);
    // Keyed on what the page is made of (story row and briefing version): never stale, rendered once.
    const rendered = await web.cache.get(
      `story:${stamp.id}:${stamp.stamp}`,
      clock.now(),
      Number.POSITIVE_INFINITY,
      async () => renderStoryPage(web.page, await loadStoryDetail(db, stamp.id)).toString(),
    );
    return send(c, rendered, HTML_TYPE);
  });

  app.get('/entities/:name', async (c) => {
    const name = nameParam(c.req.param('name'), 'entity');
    const rendered = await web.cache.get(`entity:${name}`, clock.now(), web.ttlMs, async () =>
      renderEntityPage(web.page, await loadEntity(db, name)).toString(),
    );
    return send(c, rendered, HTML_TYPE);
  });

  app.get('/search', async (c) => {
    const raw = c.req.query('q');
    if (raw === undefined || raw.trim() === '') {
      const rendered = await web.cache.get('search:empty', 0, Number.POSITIVE_INFINITY, async () =>
        renderSearchPage(web.page, null, () => '/search').toString(),
      );
      return send(c, rendered, HTML_TYPE);
    }
    const q = queryParam(raw);
    const page = intParam(c.req.query('page'), 'page', { min: 1, max: 1_000, fallback: 1 });
    const rendered = await web.cache.get(`search:${page}:${q}`, clock.now(), web.ttlMs, async () => {
      const results = await loadSearch(db, store.dialect, q, { page, perPage: SEARCH_PER_PAGE });
      return renderSearchPage(
        web.page,
        results,
        (n) => `/search?q=${encodeURIComponent(q)}${n > 1 ? `&page=${n}` : ''}`,
      ).toString();
    });
    return send(c, rendered, HTML_TYPE);
  });

  app.get('/sources', async (c) => {
    const body = renderSourcesPage(web.page, await loadSourceHealth(db)).toString();
    return send(c, { body, etag: etagOf(body) }, HTML_TYPE);
  });

  // Feeds of briefings: all, per entity, per search; links are absolute (config.baseUrl or this request's origin).
  const origin = (c: Context) => (config.baseUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');
  const feedEntries = (base: string, items: Awaited<ReturnType<typeof loadLatestBriefings>>): FeedEntry[] =>
    items.map((i) => ({
      briefing: i.briefing,
      createdAt: i.createdAt,
      link: `${base}${paths.story(i.briefing.storyId)}`,
    }));
  for (const format of FEED_FORMATS) {
    app.get(`/feeds/briefings.${format}`, async (c) => {
      const base = origin(c);
      const rendered = await web.cache.get(`feed:all:${format}:${base}`, clock.now(), web.ttlMs, async () =>
        generateFeed(
          format,
          {
            title: `${web.page.siteTitle}: briefings`,
            description: 'Sourced briefings of the stories several communities discuss.',
            homeUrl: `${base}/`,
            selfUrl: `${base}${paths.feed(format)}`,
            now: clock.now(),
          },
          feedEntries(base, await loadLatestBriefings(db, { limit: FEED_ITEMS })),
        ),
      );
      return send(c, rendered, FEED_CONTENT_TYPE[format]);
    });
    app.get(`/feeds/entities/:name/briefings.${format}`, async (c) => {
      const name = nameParam(c.req.param('name'), 'entity');
      const base = origin(c);
      const rendered = await web.cache.get(
        `feed:entity:${format}:${base}:${name}`,
        clock.now(),
        web.ttlMs,
        async () => {
          const entity = await loadEntity(db, name);
          return generateFeed(
            format,
            {
              title: `${web.page.siteTitle}: ${entity.name}`,
              description: `Briefings of stories that involve ${entity.name}.`,
              homeUrl: `${base}${paths.entity(entity.name)}`,
              selfUrl: `${base}${paths.entityFeed(entity.name, format)}`,
              now: clock.now(),
            },
            feedEntries(
              base,
              await loadLatestBriefings(db, { limit: FEED_ITEMS, storyIds: entity.stories.map((s) => s.id) }),
            ),
          );
        },
      );
      return send(c, rendered, FEED_CONTENT_TYPE[format]);
    });
    app.get(`/feeds/search/briefings.${format}`, async (c) => {
      const q = queryParam(c.req.query('q'));
      const base = origin(c);
      const rendered = await web.cache.get(
        `feed:search:${format}:${base}:${q}`,
        clock.now(),
        web.ttlMs,
        async () => {
          const results = await loadSearch(db, store.dialect, q, { page: 1, perPage: 100 });
          const storyIds = [...new Set(results.hits.map((h) => h.storyId))];
          return generateFeed(
            format,
            {
              title: `${web.page.siteTitle}: “${q}”`,
              description: `Briefings of stories matching “${q}”.`,
              homeUrl: `${base}${paths.search(q)}`,
              selfUrl: `${base}${paths.searchFeed(q, format) ?? ''}`,
              now: clock.now(),
            },
            feedEntries(base, await loadLatestBriefings(db, { limit: FEED_ITEMS, storyIds })),
          );
        },
      );
      return send(c, rendered, FEED_CONTENT_TYPE[format]);
    });
  }

  registerApi(app, web);
  registerAdmin(app, deps, web);
  return app;
}

/** Routes that change something: only with `Authorization: Bearer <adminToken>`; absent token = no routes. */
function registerAdmin(app: Hono, deps: WebDeps, web: WebContext): void {
  const token = deps.config.adminToken;
  if (!token) return;
  const { store, clock, log } = deps;
  const actions: AdminActions = {
    removeSource: async (id) => {
      if (!(await getSourceState(store.db, id))) return false;
      await updateSourceState(
        store.db,
        id,
        { enabled: false, disabledReason: 'removed through the web admin' },
        clock.now(),
      );
      return true;
    },
    ...deps.admin,
  };

  app.use('/admin/*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      c.header('WWW-Authenticate', 'Bearer realm="roundup admin"');
      throw new HTTPException(401, {
        message: 'This action needs the admin token (Authorization: Bearer …).',
      });
    }
    if (!sameToken(match[1], token))
      throw new HTTPException(403, { message: 'The admin token is not valid.' });
    await next();
  });

  app.post('/admin/sources', async (c) => {
    if (!actions.addSource)
      throw new HTTPException(501, { message: 'Adding sources is not available in this process.' });
    let input: unknown;
    try {
      input = await c.req.json();
    } catch (error) {
      throw new UsageError('web: the body must be JSON: {"url": "https://…", "name"?: "…"}', {
        cause: error,
      });
    }
    const body = input as { url?: unknown; name?: unknown };
    if (typeof body.url !== 'string' || !safeHref(body.url))
      throw new UsageError('web: url must be an http(s) URL');
    if (body.name !== undefined && (typeof body.name !== 'string' || body.name.length > 200))
      throw new UsageError('web: name must be a short string');
    const added = await actions.addSource({
      url: body.url,
      ...(typeof body.name === 'string' ? { name: body.name } : {}),
    });
    log.info({ sourceId: added.id }, 'source added through the web admin');
    return c.json(added, 201);
  });

  app.delete('/admin/sources/:id', async (c) => {
    const id = nameParam(c.req.param('id'), 'source');
    if (!actions.removeSource)
      throw new HTTPException(501, { message: 'Removing sources is not available.' });
    if (!(await actions.removeSource(id))) throw new NotFoundError(`web: no source ${id}`);
    log.info({ sourceId: id }, 'source disabled through the web admin');
    return c.body(null, 204);
  });

  app.post('/admin/rebuild/:storyId', async (c) => {
    const id = nameParam(c.req.param('storyId'), 'story');
    if (!actions.rebuildStory)
      throw new HTTPException(501, { message: 'Rebuilding briefings is not available in this process.' });
    const result = await actions.rebuildStory(id);
    if (!result) throw new NotFoundError(`web: no story ${id}`);
    web.cache.clear();
    return c.json(result, 200);
  });
}
