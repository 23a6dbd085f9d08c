import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFetcher } from '../http/fetcher.js';
import { defaultFetcherOptions, type FetcherOptions } from '../http/options.js';

/**
 * For tests of this folder: a real HTTP server on 127.0.0.1 with routes by path (the query is
 * ignored for routing, kept in `paths`), counting hits.
 * (It belongs in src/test-support/ once that folder is free to edit.)
 */
export interface TestServer {
  origin: string;
  route(path: string, handler: (response: ServerResponse) => void): void;
  hits(path: string): number;
  /** Every path asked for, in order. */
  paths: string[];
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const routes = new Map<string, (response: ServerResponse) => void>();
  const paths: string[] = [];
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    paths.push(path);
    const handler = routes.get(new URL(path, 'http://localhost').pathname);
    if (handler) handler(response);
    else response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    route: (path, handler) => routes.set(path, handler),
    hits: (path) => paths.filter((seen) => seen === path).length,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fetcher without pauses: no per-host spacing, no retries, sleeps that return at once. */
export function createTestFetcher(overrides: Partial<FetcherOptions> = {}) {
  return createFetcher({
    ...defaultFetcherOptions,
    perHostIntervalMs: 0,
    retries: 0,
    timeoutMs: 5_000,
    sleep: async () => undefined,
    ...overrides,
  });
}
