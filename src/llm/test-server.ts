/**
 * A chat-completions server on 127.0.0.1 for tests: each request is answered by the next scripted
 * reply (a chat answer, a raw HTTP status, or silence until the client gives up).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFetcher } from '../http/fetcher.js';
import { defaultFetcherOptions } from '../http/options.js';
import type { Fetcher } from '../http/types.js';

export type ScriptedReply =
  | { content: string }
  | { status: number; body: string }
  | { hang: true }
  /** Answers 400 when the request asks for JSON mode, else the content. */
  | { noJsonMode: string };

export interface ChatServer {
  baseUrl: string;
  requests: Array<{ path: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }>;
  script(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

export function completion(content: string): string {
  return JSON.stringify({
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_772_000_000,
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });
}

export async function startChatServer(): Promise<ChatServer> {
  const queue: ScriptedReply[] = [];
  const requests: ChatServer['requests'] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      requests.push({ path: request.url ?? '', headers: request.headers, body });
      if (request.url !== '/v1/chat/completions' || request.method !== 'POST') {
        response.writeHead(404).end('not found');
        return;
      }
      const reply = queue.shift() ?? { status: 500, body: '{"error":"no scripted reply"}' };
      if ('hang' in reply) return; // never answers; the client's timeout ends it
      if ('status' in reply) {
        response.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
        return;
      }
      if ('noJsonMode' in reply) {
        if (body.response_format) {
          queue.unshift(reply);
          response
            .writeHead(400, { 'content-type': 'application/json' })
            .end('{"error":{"message":"response_format is not supported"}}');
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end(completion(reply.noJsonMode));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(completion(reply.content));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The project's fetcher, without retries or spacing, for talking to the test server. */
export function createTestFetcher(): Fetcher & { close(): Promise<void> } {
  return createFetcher({ ...defaultFetcherOptions, retries: 0, perHostIntervalMs: 0, perHostConcurrency: 4 });
}
