import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { ConfigError, FetchError } from '../errors.js';

/** Resolves a host name to every address it has (node:dns lookup with `all: true`). */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Cloud metadata endpoints: refused for untrusted URLs even when an allowed range covers them
 * (allowing 100.64.0.0/10 for a Tailscale network must not open Alibaba's metadata service).
 * AWS/GCP/Azure/OpenStack 169.254.169.254, AWS IPv6 fd00:ec2::254, Alibaba 100.100.100.200,
 * Azure's wire server 168.63.129.16 (a public address, so no range check catches it).
 */
const METADATA_ADDRESSES: Address[] = [
  '169.254.169.254',
  'fd00:ec2::254',
  '100.100.100.200',
  '168.63.129.16',
].map((address) => ipaddr.parse(address));

/** IPv6 global unicast (RFC 4291 §2.4); everything outside it is special-purpose. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
/** The well-known NAT64 prefix (RFC 6052 §2.1): the IPv4 address is the last 32 bits. */
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

/** Thrown from the connection's DNS lookup; the fetcher turns it into a FetchError with the URL. */
export class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError';
  readonly hostname: string;
  readonly address: string;
  constructor(hostname: string, address: string) {
    super(`http: refusing to connect to ${hostname} (resolves to non-public address ${address})`);
    this.hostname = hostname;
    this.address = address;
  }
}

/** Parses a URL and refuses anything but http: and https:. */
export function checkUrlScheme(rawUrl: string): URL {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch (error) {
    throw new FetchError(
      `http: refusing to fetch ${rawUrl} (not a valid URL)`,
      { url: rawUrl, reason: 'blocked-address' },
      { cause: error },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(`http: refusing to fetch ${rawUrl} (only http: and https: URLs are fetched)`, {
      url: rawUrl,
      reason: 'blocked-address',
    });
  }
  return url;
}

/**
 * For an untrusted URL whose host is an IP literal: the connection makes no DNS lookup, so the
 * guard in the lookup never sees it. The URL parser has already normalised other notations
 * (http://2130706433/, http://0x7f.1/) to dotted quads.
 */
export function checkLiteralAddress(url: URL, allowedRanges: readonly string[]): void {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIP(host) !== 0 && isBlockedAddress(host, allowedRanges)) {
    throw new FetchError(`http: refusing to fetch ${url.href} (non-public address ${host})`, {
      url: url.href,
      reason: 'blocked-address',
    });
  }
}

/**
 * True when an untrusted URL must not reach `ip`: anything that is not public unicast (loopback,
 * private, link-local, unique-local, CGNAT, unspecified, multicast, broadcast, reserved,
 * documentation …), IPv4-mapped and NAT64/6to4 forms of those, and cloud metadata endpoints.
 * Addresses inside `allowedRanges` (CIDRs) pass, except metadata endpoints. Unparseable → blocked.
 */
export function isBlockedAddress(ip: string, allowedRanges: readonly string[]): boolean {
  if (!ipaddr.isValid(ip)) return true;
  // process() turns ::ffff:127.0.0.1 into 127.0.0.1.
  const address = ipaddr.process(ip);
  if (METADATA_ADDRESSES.some((metadata) => isSameAddress(metadata, address))) return true;
  if (allowedRanges.some((range) => isInRange(address, ipaddr.parseCIDR(range)))) return false;
  return !isPublicAddress(address);
}

/** Validates configured CIDRs once, so a typo fails at start rather than on the first fetch. */
export function checkAllowedRanges(allowedRanges: readonly string[]): void {
  for (const range of allowedRanges) {
    if (!ipaddr.isValidCIDR(range)) {
      throw new ConfigError(`http: allowedRanges entry ${JSON.stringify(range)} is not a CIDR range`);
    }
  }
}

/**
 * A `lookup` for net.connect that resolves through `resolve` and hands the socket exactly the
 * addresses it returned, so the address checked is the address connected to (no DNS-rebinding
 * gap). With `allowedRanges` set it refuses the host when ANY of its addresses is blocked;
 * with null it only resolves (for trusted URLs).
 */
export function createLookup(resolve: ResolveHost, allowedRanges: readonly string[] | null): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (resolved) => {
        const blocked =
          allowedRanges === null
            ? undefined
            : resolved.find((entry) => isBlockedAddress(entry.address, allowedRanges));
        if (blocked) {
          callback(new BlockedAddressError(hostname, blocked.address), '');
          return;
        }
        const family = familyOf(options);
        const addresses = family === null ? resolved : resolved.filter((entry) => entry.family === family);
        const first = addresses[0];
        if (first === undefined) {
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
        } else if (options.all) {
          callback(null, addresses);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

function familyOf(options: LookupOptions): 4 | 6 | null {
  if (options.family === 4 || options.family === 'IPv4') return 4;
  if (options.family === 6 || options.family === 'IPv6') return 6;
  return null;
}

function isPublicAddress(address: Address): boolean {
  if (address.kind() === 'ipv4') return address.range() === 'unicast';
  const v6 = address as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded !== null) return isPublicAddress(embedded);
  return v6.range() === 'unicast' && v6.match(GLOBAL_UNICAST_V6);
}

/**
 * NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses reach an IPv4 host; judge that host.
 * DNS64 networks answer every IPv4-only site with a NAT64 address, so they can't all be refused.
 * Other translation ranges (64:ff9b:1::/48, Teredo, ::ffff:0:0:0/96) stay blocked as non-unicast.
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const [first = 0, second = 0, third = 0, , , , seventh = 0, eighth = 0] = address.parts;
  if (address.match(NAT64_WELL_KNOWN)) return ipv4FromHextets(seventh, eighth);
  if (first === 0x2002) return ipv4FromHextets(second, third);
  return null;
}

function ipv4FromHextets(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function isInRange(address: Address, range: [Address, number]): boolean {
  return address.kind() === range[0].kind() && address.match(range);
}

function isSameAddress(a: Address, b: Address): boolean {
  return a.kind() === b.kind() && a.toNormalizedString() === b.toNormalizedString();
}
