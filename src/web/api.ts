import type { Hono } from 'hono';
import { NotFoundError, UsageError } from '../errors.js';
import type { SearchKind } from '../store/search.js';
import type { WebContext } from './context.js';
import {
  loadBriefing,
  loadEntity,
  loadSearch,
  loadStoryDetail,
  loadStoryStamp,
  loadStorySummaries,
  type StorySummary,
} from './data.js';
import { createOpenApiDocument } from './openapi.js';
import { intParam, JSON_TYPE, nameParam, queryParam, send } from './respond.js';

const iso = (ms: number) => new Date(ms).toISOString();
const stripMarkers = (text: string) => text.replace(/[\uE000\uE001]/g, '');

function storyJson(s: StorySummary) {
  const id = encodeURIComponent(s.id);
  return {
    id: s.id,
    title: s.title,
    headline: s.headline,
    briefingVersion: s.briefingVersion,
    heat: s.heat,
    postCount: s.postCount,
    communityCount: s.communityCount,
    firstSeen: iso(s.firstSeen),
    lastSeen: iso(s.lastSeen),
    communities: s.communities,
    activity: s.activity,
    links: { self: `/api/stories/${id}`, html: `/stories/${id}`, briefing: `/api/stories/${id}/briefing` },
  };
}

/** Cursors are opaque to clients; today they carry an offset into the heat order. */
function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const text = cursor.length <= 100 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^o:(\d{1,9})$/.exec(text);
  if (!match) throw new UsageError('web: cursor is not one this API gave out');
  return Number(match[1]);
}

const KINDS: readonly SearchKind[] = ['story', 'post', 'fact'];

/** The JSON API: the same data as the pages. Errors are JSON too (see app.ts onError). */
export function registerApi(app: Hono, web: WebContext): void {
  const { store, clock } = web.deps;
  const db = store.db;
  const json = (value: unknown) => `${JSON.stringify(value)}\n`;

  app.get('/api/openapi.json', async (c) => {
    const rendered = await web.cache.get('openapi', 0, Number.POSITIVE_INFINITY, async () =>
      json(
        createOpenApiDocument({
          title: web.page.siteTitle,
          ...(web.deps.config.baseUrl ? { serverUrl: web.deps.config.baseUrl } : {}),
        }),
      ),
    );
    return send(c, rendered, JSON_TYPE);
  });

  app.get('/api/stories', async (c) => {
    const limit = intParam(c.req.query('limit'), 'limit', { min: 1, max: 100, fallback: 20 });
    const cursor = c.req.query('cursor');
    const pageParam = c.req.query('page');
    if (cursor !== undefined && pageParam !== undefined)
      throw new UsageError('web: give cursor or page, not both');
    const offset =
      cursor !== undefined
        ? decodeCursor(cursor)
        : (intParam(pageParam, 'page', { min: 1, max: 100_000, fallback: 1 }) - 1) * limit;
    const rendered = await web.cache.get(
      `api:stories:${offset}:${limit}`,
      clock.now(),
      web.ttlMs,
      async () => {
        const stories = await loadStorySummaries(db, { limit: limit + 1, offset });
        const hasMore = stories.length > limit;
        return json({
          stories: stories.slice(0, limit).map(storyJson),
          nextCursor: hasMore ? encodeCursor(offset + limit) : null,
        });
      },
    );
    if (!rendered.body.endsWith('"nextCursor":null}\n'))
      c.header('Link', `</api/stories?limit=${limit}&cursor=${encodeCursor(offset + limit)}>; rel="next"`);
    return send(c, rendered, JSON_TYPE);
  });

  app.get('/api/stories/:id', async (c) => {
    const id = nameParam(c.req.param('id'), 'story');
    const stamp = await loadStoryStamp(db, id);
    if (!stamp) throw new NotFoundError(`web: no story ${id}`);
    const rendered = await web.cache.get(
      `api:story:${stamp.id}:${stamp.stamp}`,
      clock.now(),
      stamp.redirectTo ? 0 : Number.POSITIVE_INFINITY,
      async () => {
        const detail = await loadStoryDetail(db, stamp.id);
        return json({
          ...storyJson(detail.story),
          posts: detail.members.map((m) => ({
            id: m.postId,
            community: m.community,
            title: m.title,
            url: m.url,
            permalink: m.permalink,
            author: m.author,
            score: m.score,
            commentCount: m.commentCount,
            publishedAt: iso(m.publishedAt),
          })),
        });
      },
    );
    return send(c, rendered, JSON_TYPE);
  });

  app.get('/api/stories/:id/briefing', async (c) => {
    const id = nameParam(c.req.param('id'), 'story');
    const stamp = await loadStoryStamp(db, id);
    if (!stamp) throw new NotFoundError(`web: no story ${id}`);
    const rendered = await web.cache.get(
      `api:briefing:${stamp.id}:${stamp.stamp}`,
      clock.now(),
      stamp.redirectTo ? 0 : Number.POSITIVE_INFINITY,
      async () => {
        const found = await loadBriefing(db, stamp.id);
        if (!found) throw new NotFoundError(`web: story ${stamp.id} has no briefing yet`);
        return json(found.briefing);
      },
    );
    return send(c, rendered, JSON_TYPE);
  });

  app.get('/api/entities/:name', async (c) => {
    const name = nameParam(c.req.param('name'), 'entity');
    const rendered = await web.cache.get(`api:entity:${name}`, clock.now(), web.ttlMs, async () => {
      const entity = await loadEntity(db, name);
      return json({
        ...entity,
        stories: entity.stories.map((s) => ({
          ...s,
          firstSeen: iso(s.firstSeen),
          lastSeen: iso(s.lastSeen),
        })),
        facts: entity.facts.map((f) => ({ ...f, firstReportedAt: iso(f.firstReportedAt) })),
      });
    });
    return send(c, rendered, JSON_TYPE);
  });

  app.get('/api/search', async (c) => {
    const q = queryParam(c.req.query('q'));
    const page = intParam(c.req.query('page'), 'page', { min: 1, max: 1_000, fallback: 1 });
    const limit = intParam(c.req.query('limit'), 'limit', { min: 1, max: 100, fallback: 20 });
    const kind = c.req.query('kind');
    if (kind !== undefined && !KINDS.includes(kind as SearchKind))
      throw new UsageError('web: kind must be story, post or fact');
    const rendered = await web.cache.get(
      `api:search:${kind ?? ''}:${page}:${limit}:${q}`,
      clock.now(),
      web.ttlMs,
      async () => {
        const results = await loadSearch(db, store.dialect, q, {
          page,
          perPage: limit,
          ...(kind ? { kinds: [kind as SearchKind] } : {}),
        });
        return json({
          query: results.query,
          terms: results.terms,
          page: results.page,
          hasMore: results.hasMore,
          hits: results.hits.map((h) => ({ ...h, snippet: stripMarkers(h.snippet), at: iso(h.at) })),
        });
      },
    );
    return send(c, rendered, JSON_TYPE);
  });
}
