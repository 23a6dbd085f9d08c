/**
 * Grounding on real news: the NeuS/AllSides stories (../shared/eval/mds/neus_allsides), each
 * story's articles as the posts of one story. Every sentence of every article, cleaned as the
 * briefing quotes it, must pass the check against its own article (the check must not reject what
 * a source says), and every composed briefing must be grounded. Skipped when the data are absent.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadStories } from '../../eval/summaries.eval.js';
import { extractStory } from '../extract/index.js';
import { postSourceText, type SourceText } from '../extract/types.js';
import { composeBriefing } from './compose.js';
import { checkGrounding, findUnsupported } from './ground.js';
import { cleanSentence } from './sentences-clean.js';
import { sentenceSpans } from './summarize.js';
import type { BriefingPostInput } from './types.js';

const data = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/eval/mds/neus_allsides/headline_11_2021-10-19_crawled_all.jsonl',
);
const present = existsSync(data);
if (!present) console.log(`write: skipping the grounding evaluation: ${data} is absent`);
const stories = present ? (loadStories() ?? []) : [];
const T = Date.parse('2021-06-01T00:00:00Z');

describe.runIf(present)('grounding on the NeuS/AllSides stories', () => {
  it('accepts every sentence of every article against that article', () => {
    const rejected: string[] = [];
    let sentences = 0;
    for (const story of stories) {
      for (const document of story.documents) {
        const source: SourceText = {
          id: document.id,
          kind: 'document',
          community: 'x',
          publishedAt: T,
          author: null,
          text: document.text,
        };
        for (const span of sentenceSpans(document.text)) {
          const sentence = cleanSentence(document.text.slice(span.start, span.end));
          if (sentence === '') continue;
          sentences++;
          const unsupported = findUnsupported(sentence, [source]);
          if (unsupported.length > 0) rejected.push(`${JSON.stringify(unsupported)} :: ${sentence}`);
        }
      }
    }
    expect(sentences).toBeGreaterThan(5_000);
    expect(rejected.slice(0, 5)).toEqual([]);
  });

  it('composes a grounded briefing for every story', { timeout: 120_000 }, () => {
    const failed: string[] = [];
    for (const story of stories) {
      const posts: BriefingPostInput[] = story.documents.map((d, i) => ({
        id: `feed:${d.id}`,
        community: d.id.split(':')[1] ?? 'outlet',
        title: d.title,
        text: d.text,
        url: null,
        permalink: null,
        author: null,
        score: null,
        commentCount: null,
        publishedAt: T + i * 60_000,
      }));
      const sources: SourceText[] = posts.map((p) => ({
        id: p.id,
        kind: 'post',
        community: p.community,
        publishedAt: p.publishedAt,
        author: null,
        text: postSourceText(p),
      }));
      const { facts, entities } = extractStory(sources);
      const briefing = composeBriefing({
        story: { id: story.id, title: posts[0]?.title ?? '', firstSeen: T, lastSeen: T },
        posts,
        comments: [],
        sources,
        facts,
        entities,
        now: T,
      });
      const result = checkGrounding(briefing, sources);
      if (!result.grounded || briefing.sections.length === 0)
        failed.push(`${story.id}: ${JSON.stringify(result.failures[0] ?? 'no sections')}`);
    }
    expect(stories.length).toBeGreaterThan(500);
    expect(failed).toEqual([]);
  });
});
