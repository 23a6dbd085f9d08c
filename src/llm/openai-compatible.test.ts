import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, ParseError } from '../errors.js';
import { chatCompletionsUrl, createOpenAiCompatibleLlm } from './openai-compatible.js';
import { type ChatServer, createTestFetcher, startChatServer } from './test-server.js';

let server: ChatServer;
const fetcher = createTestFetcher();

beforeAll(async () => {
  server = await startChatServer();
});
afterAll(async () => {
  await server.close();
  await fetcher.close();
});

const messages = [{ role: 'user' as const, content: 'Say hi' }];

describe('createOpenAiCompatibleLlm', () => {
  it('posts a chat completion with the model, the key and JSON mode, and returns the content', async () => {
    const llm = createOpenAiCompatibleLlm(
      { baseUrl: server.baseUrl, model: 'tiny', apiKey: 'k-1', timeoutMs: 5_000 },
      fetcher,
    );
    server.script({ content: '{"ok":true}' });
    expect(await llm.complete(messages, { json: true })).toBe('{"ok":true}');
    const request = server.requests.at(-1);
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer k-1');
    expect(request?.body).toMatchObject({
      model: 'tiny',
      messages,
      temperature: 0,
      response_format: { type: 'json_object' },
    });
  });

  it('names itself by model and address, without the credentials an address may carry', () => {
    const llm = createOpenAiCompatibleLlm(
      {
        baseUrl: 'http://user:secret@127.0.0.1:11434/v1',
        model: 'llama3.1',
        apiKey: 'k-1',
        timeoutMs: 5_000,
      },
      fetcher,
    );
    expect(llm.id).toBe('llama3.1@http://127.0.0.1:11434/v1');
    expect(llm.id).not.toMatch(/secret|k-1/);
  });

  it('asks again without JSON mode when the server refuses it, and then stops asking', async () => {
    const llm = createOpenAiCompatibleLlm(
      { baseUrl: `${server.baseUrl}/v1/`, model: 'tiny', timeoutMs: 5_000 },
      fetcher,
    );
    server.script({ noJsonMode: 'plain answer' }, { content: 'second' });
    const before = server.requests.length;
    expect(await llm.complete(messages, { json: true })).toBe('plain answer');
    expect(await llm.complete(messages, { json: true })).toBe('second');
    const sent = server.requests.slice(before);
    expect(sent.map((r) => 'response_format' in r.body)).toEqual([true, false, false]);
    expect(sent[0]?.headers.authorization).toBeUndefined();
  });

  it('rejects with FetchError on HTTP 500 and on a timeout', async () => {
    const llm = createOpenAiCompatibleLlm(
      { baseUrl: server.baseUrl, model: 'tiny', timeoutMs: 300 },
      fetcher,
    );
    server.script({ status: 500, body: '{"error":"boom"}' });
    await expect(llm.complete(messages)).rejects.toBeInstanceOf(FetchError);
    server.script({ hang: true });
    await expect(llm.complete(messages)).rejects.toMatchObject({ name: 'FetchError', reason: 'timeout' });
  });

  it('rejects with ParseError when the body is not a chat completion', async () => {
    const llm = createOpenAiCompatibleLlm(
      { baseUrl: server.baseUrl, model: 'tiny', timeoutMs: 5_000 },
      fetcher,
    );
    server.script({ status: 200, body: '<html>gateway</html>' }, { status: 200, body: '{"choices":[]}' });
    await expect(llm.complete(messages)).rejects.toBeInstanceOf(ParseError);
    await expect(llm.complete(messages)).rejects.toBeInstanceOf(ParseError);
  });

  it('adds /v1 unless the base URL has a version', () => {
    expect(chatCompletionsUrl('http://127.0.0.1:11434')).toBe('http://127.0.0.1:11434/v1/chat/completions');
    expect(chatCompletionsUrl('https://api.example.com/v1/')).toBe(
      'https://api.example.com/v1/chat/completions',
    );
  });
});
