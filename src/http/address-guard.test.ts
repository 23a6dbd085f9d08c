import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigError, FetchError } from '../errors.js';
import {
  BlockedAddressError,
  checkAllowedRanges,
  checkLiteralAddress,
  checkUrlScheme,
  createLookup,
  isBlockedAddress,
} from './address-guard.js';

describe('isBlockedAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback /8'],
    ['::1', 'IPv6 loopback'],
    ['10.1.2.3', 'private 10/8'],
    ['172.16.0.1', 'private 172.16/12'],
    ['172.31.255.254', 'private 172.16/12 upper end'],
    ['192.168.1.1', 'private 192.168/16'],
    ['169.254.10.10', 'link-local'],
    ['fe80::1', 'IPv6 link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local fd'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.254', 'CGNAT upper end'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'this network 0/8'],
    ['::', 'IPv6 unspecified'],
    ['169.254.169.254', 'cloud metadata'],
    ['fd00:ec2::254', 'AWS IPv6 metadata'],
    ['100.100.100.200', 'Alibaba metadata'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'IPv6 multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved 240/4'],
    ['192.0.2.10', 'documentation'],
    ['2001:db8::1', 'IPv6 documentation'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of metadata'],
    ['2002:7f00:1::', '6to4 of loopback'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['::7f00:1', 'IPv4-compatible (deprecated)'],
    ['not-an-ip', 'unparseable'],
  ])('blocks %s (%s)', (ip) => {
    expect(isBlockedAddress(ip, [])).toBe(true);
  });

  it.each([
    ['93.184.215.14', 'public IPv4'],
    ['1.1.1.1', 'public IPv4'],
    ['172.32.0.1', 'just outside 172.16/12'],
    ['100.128.0.1', 'just outside CGNAT'],
    ['2606:4700::1111', 'public IPv6'],
    ['::ffff:93.184.215.14', 'IPv4-mapped public'],
    ['64:ff9b::5db8:d70e', 'NAT64 of a public address'],
  ])('allows %s (%s)', (ip) => {
    expect(isBlockedAddress(ip, [])).toBe(false);
  });

  it('allows addresses inside a configured range, and only those', () => {
    expect(isBlockedAddress('10.1.2.3', ['10.0.0.0/8'])).toBe(false);
    expect(isBlockedAddress('::ffff:10.1.2.3', ['10.0.0.0/8'])).toBe(false);
    expect(isBlockedAddress('192.168.1.1', ['10.0.0.0/8'])).toBe(true);
    expect(isBlockedAddress('fd12::1', ['fd12::/16'])).toBe(false);
    expect(isBlockedAddress('127.0.0.1', ['fd12::/16'])).toBe(true);
  });

  it('keeps cloud metadata blocked even inside an allowed range', () => {
    expect(isBlockedAddress('100.100.100.200', ['100.64.0.0/10'])).toBe(true);
    expect(isBlockedAddress('169.254.169.254', ['169.254.0.0/16'])).toBe(true);
    expect(isBlockedAddress('100.100.100.100', ['100.64.0.0/10'])).toBe(false);
  });
});

describe('checkUrlScheme', () => {
  it('returns the parsed URL for http and https', () => {
    expect(checkUrlScheme('https://example.com/feed').hostname).toBe('example.com');
    expect(checkUrlScheme('HTTP://Example.com/').protocol).toBe('http:');
  });

  it.each([
    'ftp://example.com/a',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/plain,hi',
    'gopher://x/',
  ])('refuses %s', (url) => {
    expect(() => checkUrlScheme(url)).toThrow(expect.objectContaining({ reason: 'blocked-address', url }));
  });

  it('refuses what is not a URL', () => {
    expect(() => checkUrlScheme('not a url')).toThrow(FetchError);
  });
});

describe('checkLiteralAddress', () => {
  it.each([
    'http://127.0.0.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[0:0:0:0:0:ffff:7f00:1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://0/',
  ])('refuses the literal address in %s', (url) => {
    expect(() => checkLiteralAddress(new URL(url), [])).toThrow(
      expect.objectContaining({ reason: 'blocked-address' }),
    );
  });

  it('lets public literals and host names through (names are checked after DNS)', () => {
    expect(() => checkLiteralAddress(new URL('http://93.184.215.14/'), [])).not.toThrow();
    expect(() => checkLiteralAddress(new URL('http://localhost/'), [])).not.toThrow();
  });

  it('lets a literal inside an allowed range through', () => {
    expect(() => checkLiteralAddress(new URL('http://127.0.0.1:8080/'), ['127.0.0.0/8'])).not.toThrow();
  });
});

describe('checkAllowedRanges', () => {
  it('refuses an entry that is not a CIDR range', () => {
    expect(() => checkAllowedRanges(['10.0.0.0/8', 'fd00::/8'])).not.toThrow();
    expect(() => checkAllowedRanges(['10.0.0.0'])).toThrow(ConfigError);
    expect(() => checkAllowedRanges(['intranet'])).toThrow(ConfigError);
  });
});

describe('createLookup', () => {
  const resolveTo =
    (...addresses: string[]) =>
    async (): Promise<LookupAddress[]> =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  function runLookup(lookup: LookupFunction, options: { all?: boolean; family?: number } = {}) {
    return new Promise<{ error: Error | null; address: unknown; family: unknown }>((done) => {
      lookup('feed.example', options, (error, address, family) => done({ error, address, family }));
    });
  }

  it('refuses the host when any of its addresses is blocked', async () => {
    const result = await runLookup(createLookup(resolveTo('93.184.215.14', '10.0.0.5'), []), { all: true });
    expect(result.error).toBeInstanceOf(BlockedAddressError);
    expect(result.error).toMatchObject({ hostname: 'feed.example', address: '10.0.0.5' });
  });

  it('hands the socket every checked address when asked for all', async () => {
    const result = await runLookup(createLookup(resolveTo('93.184.215.14', '2606:4700::1111'), []), {
      all: true,
    });
    expect(result.error).toBeNull();
    expect(result.address).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:4700::1111', family: 6 },
    ]);
  });

  it('hands the first address of the asked family otherwise', async () => {
    const lookup = createLookup(resolveTo('2606:4700::1111', '93.184.215.14'), []);
    expect(await runLookup(lookup, { family: 4 })).toMatchObject({ address: '93.184.215.14', family: 4 });
    expect(await runLookup(lookup)).toMatchObject({ address: '2606:4700::1111', family: 6 });
  });

  it('resolves without checking for trusted connections', async () => {
    const result = await runLookup(createLookup(resolveTo('127.0.0.1'), null));
    expect(result).toMatchObject({ error: null, address: '127.0.0.1', family: 4 });
  });

  it('passes resolver failures on and reports a host with no address of the family', async () => {
    const failing = createLookup(async () => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN feed.example'), { code: 'EAI_AGAIN' });
    }, []);
    expect((await runLookup(failing)).error).toMatchObject({ code: 'EAI_AGAIN' });
    const v6Only = createLookup(resolveTo('2606:4700::1111'), []);
    expect((await runLookup(v6Only, { family: 4 })).error).toMatchObject({ code: 'ENOTFOUND' });
  });
});
