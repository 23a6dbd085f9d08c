import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSilentLog } from '../log.js';
import { buildBriefing } from '../pipeline/brief.js';
import { clusterNewPosts } from '../pipeline/cluster.js';
import { upsertComments, upsertPosts } from '../store/index.js';
import { searchDocs, syncSearchIndex } from '../store/search.js';
import type { Store } from '../store/store.js';
import { listStories } from '../store/stories.js';
import { makeComment, makePost } from '../test-support/make.js';
import { sqliteDialect } from '../test-support/stores.js';
import { createApp } from './app.js';

const T0 = Date.UTC(2026, 2, 1, 8);
const HOUR = 3_600_000;
const clock = { now: () => T0 + 24 * HOUR };
const EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

/** Ids the page defines and fragment links it makes, and anything that could run. */
function inspect(html: string): { ids: Set<string>; fragments: string[]; active: string[] } {
  const ids = new Set<string>();
  const fragments: string[] = [];
  const active: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (attributes.id) ids.add(attributes.id);
      if (attributes.href?.startsWith('#')) fragments.push(attributes.href.slice(1));
      if (['script', 'img', 'iframe', 'object', 'style'].includes(name)) active.push(name);
      for (const key of Object.keys(attributes)) if (key.startsWith('on')) active.push(`${name}[${key}]`);
    },
  });
  parser.write(html);
  parser.end();
  return { ids, fragments, active };
}

describe('a briefing written by the pipeline, on the web', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let storyId: string;

  beforeAll(async () => {
    ({ store, dispose } = await sqliteDialect.open());
    const link = 'https://balticwire.example/nordwind-grid';
    await upsertPosts(
      store.db,
      [
        makePost({
          id: 'hn:1',
          title: 'Nordwind to invest €4 billion in Baltic offshore grid',
          text: 'Nordwind said it will invest €4 billion between 2026 and 2030 in three offshore substations and a cable to Gdańsk. PSG will build and operate the cable.',
          url: link,
          publishedAt: T0,
        }),
        makePost({
          id: 'reddit:t3_a',
          kind: 'reddit',
          community: 'r/energy',
          title: 'Nordwind commits €4 billion to Baltic offshore grid with PSG',
          text: 'Nordwind will invest €4 billion between 2026 and 2030; PSG builds the cable to Gdańsk.',
          url: link,
          author: EVIL,
          publishedAt: T0 + 2 * HOUR,
        }),
      ],
      T0,
    );
    await upsertComments(
      store.db,
      [
        makeComment({
          id: 'hn:2',
          postId: 'hn:1',
          text: `Great news for the grid. ${EVIL}`,
          depth: 0,
          author: EVIL,
        }),
        makeComment({
          id: 'hn:3',
          postId: 'hn:1',
          text: 'Finally money for the wires, not just turbines.',
          depth: 0,
        }),
        makeComment({
          id: 'reddit:t1_b',
          postId: 'reddit:t3_a',
          text: 'I doubt Nordwind can build it by 2030, permits take years.',
          depth: 0,
          publishedAt: T0 + 3 * HOUR,
        }),
      ],
      T0,
    );
    const deps = { store, clock, log: createSilentLog() };
    await clusterNewPosts(deps, { windowMs: 72 * HOUR });
    const [story] = await listStories(store.db, { limit: 1 });
    if (!story) throw new Error('no story was formed');
    storyId = story.id;
    await buildBriefing(deps, storyId);
    await syncSearchIndex(store.db, clock.now());
  });
  afterAll(async () => {
    await dispose();
  });

  it('renders it whole, every fragment link lands on the page, and nothing from a source runs', async () => {
    const app = createApp({ store, clock, log: createSilentLog(), config: {} });
    const briefing = await app.request(`/api/stories/${storyId}/briefing`);
    expect(briefing.status).toBe(200);
    const res = await app.request(`/stories/${storyId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1 id="headline">');
    expect(html).toContain('<section id="sources"');
    const { ids, fragments, active } = inspect(html);
    expect(fragments.length).toBeGreaterThan(0);
    expect(fragments.filter((f) => !ids.has(f))).toEqual([]);
    expect(active).toEqual([]);
    expect((await searchDocs(store.db, store.dialect, 'Gdańsk')).hits.length).toBeGreaterThan(0);
  });
});
