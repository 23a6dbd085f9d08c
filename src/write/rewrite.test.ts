import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiCompatibleLlm } from '../llm/openai-compatible.js';
import { type ChatServer, createTestFetcher, startChatServer } from '../llm/test-server.js';
import { composeBriefing } from './compose.js';
import { checkGrounding } from './ground.js';
import { rewriteWithModel } from './rewrite.js';
import { storyInput, wire } from './test-story.js';
import type { Briefing } from './types.js';

let server: ChatServer;
const fetcher = createTestFetcher();

beforeAll(async () => {
  server = await startChatServer();
});
afterAll(async () => {
  await server.close();
  await fetcher.close();
});

const input = storyInput();
const full = composeBriefing(input);
/** Only "What happened", so that each test scripts one answer. */
const briefing: Briefing = { ...full, sections: full.sections.filter((s) => s.id === 'what-happened') };
const drafts = briefing.sections[0]?.sentences ?? [];
const wireN = briefing.sources.find((s) => s.id === wire.id)?.n as number;
const wireDraft = drafts.findIndex((s) => s.citations.includes(wireN) && s.text.includes('$10 billion')) + 1;

function llm(timeoutMs = 5_000) {
  return createOpenAiCompatibleLlm({ baseUrl: server.baseUrl, model: 'test-model', timeoutMs }, fetcher);
}

const fluent =
  'On Tuesday, Microsoft said it would invest $10 billion in Japan from 2026 to 2029 in its AI and cloud infrastructure.';

function answer(text: string, citations: number[] = [wireN], id = wireDraft): string {
  return JSON.stringify({ sentences: [{ id, text, citations }] });
}

function sentences(b: Briefing) {
  return b.sections[0]?.sentences ?? [];
}

describe('rewriteWithModel', () => {
  it('has an extractive draft to rewrite', () => {
    expect(wireDraft).toBeGreaterThan(0);
    expect(full.grounded).toBe(true);
  });

  it('accepts a fluent sentence whose numbers and names are in its cited source', async () => {
    server.script({ content: answer(fluent) });
    const result = await rewriteWithModel(briefing, input.sources, llm());
    expect(sentences(result)[wireDraft - 1]).toEqual({ text: fluent, citations: [wireN], rephrased: true });
    expect(result.grounded).toBe(true);
    expect(checkGrounding(result, input.sources).grounded).toBe(true);
    const request = server.requests.at(-1);
    expect(JSON.stringify(request?.body)).toContain('Draft sentences');
    expect(request?.body.response_format).toEqual({ type: 'json_object' });
  });

  it('keeps the extractive sentence when the model invents a number', async () => {
    server.script({
      content: answer('Microsoft said it would invest $12 billion in Japan from 2026 to 2029.'),
    });
    const result = await rewriteWithModel(briefing, input.sources, llm());
    expect(sentences(result)).toEqual(drafts);
    expect(result.grounded).toBe(true);
  });

  it('keeps the extractive sentence when the model invents a name or cites a source it was not given', async () => {
    server.script({
      content: JSON.stringify({
        sentences: [
          {
            id: wireDraft,
            text: 'Microsoft and Goldman Sachs will invest $10 billion in Japan.',
            citations: [wireN],
          },
        ],
      }),
    });
    expect(sentences(await rewriteWithModel(briefing, input.sources, llm()))).toEqual(drafts);
    const unrelated = briefing.sources.find(
      (s) =>
        !drafts.some((d) => d.citations.includes(s.n)) &&
        !briefing.facts.some((f) => f.citations.includes(s.n)),
    );
    server.script({ content: answer(fluent, [wireN, unrelated?.n ?? 999]) });
    expect(sentences(await rewriteWithModel(briefing, input.sources, llm()))).toEqual(drafts);
  });

  it('decides sentence by sentence', async () => {
    const other = drafts.findIndex((_, i) => i + 1 !== wireDraft) + 1;
    server.script({
      content: JSON.stringify({
        sentences: [
          { id: wireDraft, text: `${fluent} [${wireN}]`, citations: [] },
          { id: other, text: 'Nobody in Osaka cares.', citations: drafts[other - 1]?.citations },
        ],
      }),
    });
    const result = sentences(await rewriteWithModel(briefing, input.sources, llm()));
    expect(result[wireDraft - 1]?.text).toBe(fluent);
    expect(result[other - 1]).toEqual(drafts[other - 1]);
  });

  it('reads JSON fenced after a <think> block', async () => {
    server.script({
      content: `<think>\nThe draft says $10 billion; I must not add anything. {"draft": true}\n</think>\n\`\`\`json\n${answer(fluent)}\n\`\`\``,
    });
    const result = await rewriteWithModel(briefing, input.sources, llm());
    expect(sentences(result)[wireDraft - 1]?.text).toBe(fluent);
  });

  it('keeps the extractive text when the answer is nonsense', async () => {
    server.script({ content: 'I am a large language model and I love Japan. 42!' });
    expect(sentences(await rewriteWithModel(briefing, input.sources, llm()))).toEqual(drafts);
  });

  it('keeps the extractive text when the model times out', async () => {
    server.script({ hang: true });
    const result = await rewriteWithModel(briefing, input.sources, llm(300));
    expect(sentences(result)).toEqual(drafts);
    expect(result.grounded).toBe(true);
  });

  it('keeps the extractive text on HTTP 500', async () => {
    server.script({ status: 500, body: '{"error":{"message":"model crashed"}}' });
    expect(sentences(await rewriteWithModel(briefing, input.sources, llm()))).toEqual(drafts);
  });
});
