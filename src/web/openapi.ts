/** The JSON API, described for clients and tools (OpenAPI 3.1, written by hand beside api.ts). */

const error = {
  description: 'An error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
const notModified = { description: 'Not modified: the If-None-Match ETag is current' };
const etagHeader = {
  ETag: {
    description: 'Weak validator of the body; send it back in If-None-Match',
    schema: { type: 'string' },
  },
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 200 } };

export function createOpenApiDocument(options: {
  title: string;
  serverUrl?: string;
}): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: `${options.title} API`,
      version: '1',
      description:
        'Stories that several communities discuss, their sourced briefings, the entities they involve, and full-text search. Text fields come from public sources: treat them as untrusted when displaying them.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths: {
      '/api/stories': {
        get: {
          operationId: 'listStories',
          summary: 'Stories by heat',
          parameters: [
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            },
            {
              name: 'cursor',
              in: 'query',
              description: 'The nextCursor of the previous page',
              schema: { type: 'string', maxLength: 100 },
            },
            {
              name: 'page',
              in: 'query',
              description: 'A page number, instead of a cursor',
              schema: { type: 'integer', minimum: 1, maximum: 100000 },
            },
          ],
          responses: {
            '200': {
              description: 'A page of stories',
              headers: {
                ...etagHeader,
                Link: { description: 'rel="next" when there is a next page', schema: { type: 'string' } },
              },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/StoryPage' } } },
            },
            '304': notModified,
            '400': error,
          },
        },
      },
      '/api/stories/{id}': {
        get: {
          operationId: 'getStory',
          summary: 'A story with its posts (an id merged into another story answers with the survivor)',
          parameters: [idParam],
          responses: {
            '200': {
              description: 'The story',
              headers: etagHeader,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/StoryDetail' } } },
            },
            '304': notModified,
            '404': error,
          },
        },
      },
      '/api/stories/{id}/briefing': {
        get: {
          operationId: 'getBriefing',
          summary: "The story's latest briefing, as the writer composed it (times in epoch milliseconds)",
          parameters: [idParam],
          responses: {
            '200': {
              description: 'The briefing',
              headers: etagHeader,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Briefing' } } },
            },
            '304': notModified,
            '404': error,
          },
        },
      },
      '/api/entities/{name}': {
        get: {
          operationId: 'getEntity',
          summary: 'Every story and fact that mentions an entity, oldest first',
          parameters: [
            { name: 'name', in: 'path', required: true, schema: { type: 'string', maxLength: 200 } },
          ],
          responses: {
            '200': {
              description: 'The entity',
              headers: etagHeader,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Entity' } } },
            },
            '304': notModified,
            '404': error,
          },
        },
      },
      '/api/search': {
        get: {
          operationId: 'search',
          summary: 'Full-text search over stories, posts and facts (every word must match)',
          parameters: [
            {
              name: 'q',
              in: 'query',
              required: true,
              schema: { type: 'string', minLength: 1, maxLength: 200 },
            },
            { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 1 } },
            {
              name: 'limit',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            },
            {
              name: 'kind',
              in: 'query',
              description: 'Only this kind of result',
              schema: { type: 'string', enum: ['story', 'post', 'fact'] },
            },
          ],
          responses: {
            '200': {
              description: 'Matches, best first',
              headers: etagHeader,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/SearchResults' } } },
            },
            '304': notModified,
            '400': error,
          },
        },
      },
      '/api/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document',
          responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } },
        },
      },
    },
    components: {
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['status', 'message'],
              properties: { status: { type: 'integer' }, message: { type: 'string' } },
            },
          },
        },
        StorySummary: {
          type: 'object',
          required: [
            'id',
            'title',
            'heat',
            'postCount',
            'communityCount',
            'firstSeen',
            'lastSeen',
            'communities',
          ],
          properties: {
            id: { type: 'string' },
            title: { type: 'string' },
            headline: { type: ['string', 'null'], description: "The latest briefing's headline" },
            briefingVersion: { type: ['integer', 'null'] },
            heat: { type: 'number' },
            postCount: { type: 'integer' },
            communityCount: { type: 'integer' },
            firstSeen: { type: 'string', format: 'date-time' },
            lastSeen: { type: 'string', format: 'date-time' },
            communities: {
              type: 'array',
              items: {
                type: 'object',
                properties: { name: { type: 'string' }, posts: { type: 'integer' } },
              },
            },
            activity: {
              type: 'array',
              items: { type: 'integer' },
              description: 'Posts per equal slice of [firstSeen, lastSeen]',
            },
            links: {
              type: 'object',
              properties: {
                self: { type: 'string' },
                html: { type: 'string' },
                briefing: { type: 'string' },
              },
            },
          },
        },
        StoryPage: {
          type: 'object',
          required: ['stories', 'nextCursor'],
          properties: {
            stories: { type: 'array', items: { $ref: '#/components/schemas/StorySummary' } },
            nextCursor: { type: ['string', 'null'] },
          },
        },
        StoryDetail: {
          allOf: [
            { $ref: '#/components/schemas/StorySummary' },
            {
              type: 'object',
              properties: {
                posts: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      id: { type: 'string' },
                      community: { type: 'string' },
                      title: { type: 'string' },
                      url: { type: ['string', 'null'] },
                      permalink: { type: ['string', 'null'] },
                      author: { type: ['string', 'null'] },
                      score: { type: ['integer', 'null'] },
                      commentCount: { type: ['integer', 'null'] },
                      publishedAt: { type: 'string', format: 'date-time' },
                    },
                  },
                },
              },
            },
          ],
        },
        Briefing: {
          type: 'object',
          description:
            'See src/write/types.ts (Briefing): headline, byline, sections of cited sentences, facts, entities by role, perspectives, timeline, numbered sources.',
          required: ['storyId', 'version', 'headline', 'sections', 'facts', 'sources'],
          properties: {
            storyId: { type: 'string' },
            version: { type: 'integer' },
            headline: { type: 'string' },
            byline: { type: 'string' },
            updatedAt: { type: 'integer', description: 'epoch ms' },
            sections: { type: 'array', items: { type: 'object' } },
            facts: { type: 'array', items: { type: 'object' } },
            entities: { type: 'array', items: { type: 'object' } },
            perspectives: { type: 'array', items: { type: 'object' } },
            timeline: { type: 'array', items: { type: 'object' } },
            sources: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  n: { type: 'integer' },
                  id: { type: 'string' },
                  kind: { type: 'string', enum: ['post', 'comment', 'document'] },
                  community: { type: 'string' },
                  title: { type: 'string' },
                  url: { type: ['string', 'null'] },
                  author: { type: ['string', 'null'] },
                  publishedAt: { type: 'integer' },
                },
              },
            },
            disclaimer: { type: 'string' },
            grounded: { type: 'boolean' },
          },
        },
        Entity: {
          type: 'object',
          required: ['name', 'stories', 'facts'],
          properties: {
            name: { type: 'string' },
            kinds: { type: 'array', items: { type: 'string' } },
            aliases: { type: 'array', items: { type: 'string' } },
            stories: { type: 'array', items: { type: 'object' } },
            facts: { type: 'array', items: { type: 'object' } },
          },
        },
        SearchResults: {
          type: 'object',
          required: ['query', 'terms', 'hits', 'page', 'hasMore'],
          properties: {
            query: { type: 'string' },
            terms: { type: 'array', items: { type: 'string' } },
            page: { type: 'integer' },
            hasMore: { type: 'boolean' },
            hits: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  kind: { type: 'string', enum: ['story', 'post', 'fact'] },
                  refId: { type: 'string' },
                  storyId: { type: 'string' },
                  storyTitle: { type: 'string' },
                  title: { type: 'string' },
                  snippet: { type: 'string' },
                  at: { type: 'string', format: 'date-time' },
                },
              },
            },
          },
        },
      },
    },
  };
}
