import normalizeUrl from 'normalize-url';

/**
 * Query parameters that only track the reader, after Miniflux's list
 * (internal/reader/urlcleaner): exact names, plus the `utm_` and `mtm_` prefixes.
 */
const TRACKING_PARAMS = new Set([
  'fbclid',
  '_openstat',
  'fb_action_ids',
  'fb_action_types',
  'fb_ref',
  'fb_source',
  'fb_comment_id',
  'hmb_campaign',
  'hmb_medium',
  'hmb_source',
  'itm_campaign',
  'itm_medium',
  'itm_source',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'gclsrc',
  'campaign_id',
  'campaign_medium',
  'campaign_name',
  'campaign_source',
  'campaign_term',
  'campaign_content',
  'srsltid',
  'yclid',
  'ysclid',
  'twclid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'mc_tc',
  'wickedid',
  'hsa_cam',
  '_hsenc',
  '__hssc',
  '__hstc',
  '__hsfp',
  '_hsmi',
  'hsctatracking',
  'rb_clickid',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'vero_conv',
  'mkt_tok',
  'sc_cid',
  '_bhlid',
  '_branch_match_id',
  '_branch_referrer',
  '__readwiselocation',
]);

const TRACKING_PREFIXES = ['utm_', 'mtm_'];

export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix)) || TRACKING_PARAMS.has(lower);
}

/**
 * Unwraps AMP caches to the publisher's URL:
 * `https://www.google.com/amp/s/example.com/a` → `https://example.com/a`,
 * `https://example-com.cdn.ampproject.org/c/s/example.com/a` → `https://example.com/a`.
 */
export function unwrapAmp(url: URL): URL {
  const host = url.hostname.toLowerCase();
  const isGoogleAmp = /^(www\.)?google\.[a-z.]+$/.test(host) && url.pathname.startsWith('/amp/');
  const isAmpCache = host.endsWith('.cdn.ampproject.org') || host === 'cdn.ampproject.org';
  if (!isGoogleAmp && !isAmpCache) return url;
  // AMP cache paths: /c/s/<host>/<path>, /v/s/<host>/<path>, /i/s/<host>/<path>; /s/ means https.
  const path = isGoogleAmp ? url.pathname.slice('/amp'.length) : url.pathname.replace(/^\/[cvi](?=\/)/, '');
  const match = /^\/(s\/)?([^/]+)(\/.*)?$/.exec(path);
  if (!match?.[2]) return url;
  const scheme = match[1] ? 'https' : 'http';
  try {
    return new URL(`${scheme}://${match[2]}${match[3] ?? '/'}${url.search}`);
  } catch {
    return url;
  }
}

/**
 * The dedup key of a link: two posts that link the same article share it. https, no
 * fragment, no www, sorted query without trackers, AMP unwrapped. Returns null when `raw`
 * is not an http(s) URL.
 */
export function dedupKey(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url = unwrapAmp(url);
  for (const name of [...url.searchParams.keys()]) {
    if (isTrackingParam(name)) url.searchParams.delete(name);
  }
  try {
    return normalizeUrl(url.href, {
      forceHttps: true,
      stripHash: true,
      stripWWW: true,
      stripAuthentication: true,
      removeQueryParameters: false,
      sortQueryParameters: true,
      removeTrailingSlash: true,
      removeDirectoryIndex: false,
    });
  } catch {
    return null;
  }
}

/** The URL to fetch: trimmed, parsed and re-serialised; null unless http(s). */
export function fetchableUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href;
  } catch {
    return null;
  }
}
