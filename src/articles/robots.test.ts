import { afterEach, describe, expect, it } from 'vitest';
import { FetchError } from '../errors.js';
import { createRobotsPolicy } from './robots.js';
import { createTestFetcher, startTestServer } from './test-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A server, a fetcher allowed to reach it, a clock the test moves, and a policy over them. */
async function setup(robots?: { status: number; body?: string }) {
  const server = await startTestServer();
  const fetcher = createTestFetcher({ allowedRanges: ['127.0.0.0/8'] });
  cleanups.push(server.close, fetcher.close);
  if (robots) {
    server.route('/robots.txt', (response) =>
      response.writeHead(robots.status, { 'content-type': 'text/plain' }).end(robots.body ?? ''),
    );
  }
  const clock = { at: Date.UTC(2026, 2, 1), now: () => clock.at };
  const policy = createRobotsPolicy({ fetcher, clock });
  return { server, fetcher, clock, policy };
}

const RULES = [
  'User-agent: *',
  'Disallow: /private/',
  '',
  'User-agent: roundup',
  'Disallow: /no-roundup/',
  'Allow: /no-roundup/open',
].join('\n');

describe('createRobotsPolicy', () => {
  it('allows what robots.txt allows and refuses what it disallows for the roundup token', async () => {
    const { server, policy } = await setup({ status: 200, body: RULES });
    expect(await policy.check(`${server.origin}/news/article`)).toEqual({ allowed: true });
    expect(await policy.check(`${server.origin}/no-roundup/page`)).toMatchObject({
      allowed: false,
      message: expect.stringContaining(`${server.origin}/robots.txt (line 5)`),
    });
    expect(await policy.check(`${server.origin}/no-roundup/open`)).toEqual({ allowed: true });
    // Our group replaces the * group (RFC 9309 §2.2.1): /private/ is not ours to avoid.
    expect(await policy.check(`${server.origin}/private/x`)).toEqual({ allowed: true });
  });

  it('follows the * group when no group names roundup', async () => {
    const { server, policy } = await setup({ status: 200, body: 'User-agent: *\nDisallow: /private/\n' });
    expect((await policy.check(`${server.origin}/private/x`)).allowed).toBe(false);
    expect((await policy.check(`${server.origin}/public/x`)).allowed).toBe(true);
  });

  it('allows everything when robots.txt answers 404 (4xx: unavailable)', async () => {
    const { server, policy } = await setup();
    expect(await policy.check(`${server.origin}/anything`)).toEqual({ allowed: true });
  });

  it('allows everything when robots.txt answers 403', async () => {
    const { server, policy } = await setup({ status: 403, body: 'forbidden' });
    expect(await policy.check(`${server.origin}/anything`)).toEqual({ allowed: true });
  });

  it('disallows everything when robots.txt answers 500 (5xx: unreachable)', async () => {
    const { server, policy } = await setup({ status: 500 });
    expect(await policy.check(`${server.origin}/anything`)).toMatchObject({
      allowed: false,
      message: expect.stringContaining('robots.txt unreachable'),
    });
  });

  it('disallows everything when the server cannot be reached', async () => {
    const { server, policy } = await setup({ status: 200, body: '' });
    await server.close();
    expect((await policy.check(`${server.origin}/anything`)).allowed).toBe(false);
  });

  it('asks for robots.txt once per origin, however many checks run at once', async () => {
    const { server, policy } = await setup({ status: 200, body: RULES });
    await Promise.all([1, 2, 3, 4].map((n) => policy.check(`${server.origin}/news/${n}`)));
    await policy.check(`${server.origin}/news/5`);
    expect(server.hits('/robots.txt')).toBe(1);
  });

  it('asks again once the cached copy is a day old', async () => {
    const { server, policy, clock } = await setup({ status: 200, body: RULES });
    await policy.check(`${server.origin}/a`);
    clock.at += 23 * 60 * 60 * 1000;
    await policy.check(`${server.origin}/b`);
    expect(server.hits('/robots.txt')).toBe(1);
    clock.at += 2 * 60 * 60 * 1000;
    await policy.check(`${server.origin}/c`);
    expect(server.hits('/robots.txt')).toBe(2);
  });

  it('asks again after a quarter of an hour when robots.txt was unreachable', async () => {
    const { server, policy, clock } = await setup({ status: 503 });
    expect((await policy.check(`${server.origin}/a`)).allowed).toBe(false);
    server.route('/robots.txt', (response) => response.writeHead(200).end('User-agent: *\nAllow: /\n'));
    clock.at += 16 * 60 * 1000;
    expect((await policy.check(`${server.origin}/a`)).allowed).toBe(true);
    expect(server.hits('/robots.txt')).toBe(2);
  });

  it('rejects with the address guard’s FetchError for a loopback host it may not reach', async () => {
    const server = await startTestServer();
    const fetcher = createTestFetcher();
    cleanups.push(server.close, fetcher.close);
    const policy = createRobotsPolicy({ fetcher, clock: { now: () => 0 } });
    const error = await policy.check(`${server.origin}/a`).catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).reason).toBe('blocked-address');
    expect(server.paths).toEqual([]);
  });
});
