/**
 * A small built-in gazetteer: major technology companies (aliases and tickers), countries with
 * their demonyms (for "the Japanese government"), a few ministries, regulators and exchanges.
 * Names not listed here are found by capitalisation and suffixes (see entities.ts).
 */
import type { EntityKind } from './types.js';

export type EntityType =
  | 'company'
  | 'investor'
  | 'government'
  | 'country'
  | 'place'
  | 'exchange'
  | 'university'
  | 'media'
  | 'person';

export interface GazetteerEntry {
  name: string;
  kind: EntityKind;
  type: EntityType;
  /** Other names, matched with the same capitalisation rule as the name. */
  aliases: string[];
  /** Stock tickers: matched in capitals, or lower case after "$" ("$nvda"). */
  tickers: string[];
  /** Lower-case mentions count too ("msft", "nvidia"); off for words like "apple" or "meta". */
  anyCase: boolean;
  /** Has listed shares, so "Nvidia fell" can be a market move without the word "shares". */
  listed: boolean;
  /** Role id suggested by what the entity is (a default-taxonomy id). */
  roleHint: string | null;
}

type Seed = [name: string, aliases: string[], tickers: string[], flags?: string];

/** flags: a = any case, u = unlisted, c = compute & hardware, i = investor, m = media. */
const COMPANIES: Seed[] = [
  ['Microsoft', ['Microsoft Corp', 'Microsoft Corporation', 'Azure'], ['MSFT'], 'a'],
  ['Alphabet', ['Google', 'Google Cloud', 'DeepMind', 'Google DeepMind'], ['GOOGL', 'GOOG'], 'a'],
  ['Amazon', ['AWS', 'Amazon Web Services', 'Amazon.com'], ['AMZN'], 'a'],
  ['Apple', ['Apple Inc'], ['AAPL'], ''],
  ['Meta', ['Facebook', 'Meta Platforms'], ['META'], ''],
  ['Nvidia', ['NVIDIA', 'Nvidia Corp'], ['NVDA'], 'ac'],
  ['OpenAI', [], [], 'au'],
  ['Anthropic', [], [], 'au'],
  ['TSMC', ['Taiwan Semiconductor Manufacturing', 'Taiwan Semiconductor'], ['TSM'], 'ac'],
  ['Samsung', ['Samsung Electronics'], [], 'ac'],
  ['SoftBank', ['SoftBank Group', 'SoftBank Corp', 'Softbank'], [], 'ai'],
  ['Oracle', ['Oracle Corp'], ['ORCL'], 'c'],
  ['IBM', [], [], 'a'],
  ['Intel', ['Intel Corp'], ['INTC'], 'c'],
  ['AMD', ['Advanced Micro Devices'], [], 'ac'],
  ['Arm', ['Arm Holdings'], [], 'c'],
  ['Baidu', [], ['BIDU'], 'a'],
  ['Alibaba', ['Alibaba Group', 'Alibaba Cloud'], ['BABA'], 'a'],
  ['Tencent', ['Tencent Holdings'], [], 'a'],
  ['Huawei', [], [], 'au'],
  ['Sakura Internet', ['Sakura'], [], 'c'],
  ['Sony', ['Sony Group'], [], ''],
  ['Honda', [], [], ''],
  ['Toyota', [], [], ''],
  ['Denso', [], [], ''],
  ['Naver', [], [], ''],
  ['Xiaomi', [], [], 'a'],
  ['Tesla', [], ['TSLA'], 'a'],
  ['Broadcom', [], ['AVGO'], 'ac'],
  ['Qualcomm', [], ['QCOM'], 'ac'],
  ['Micron', [], [], 'c'],
  ['SK Hynix', ['Hynix'], [], 'c'],
  ['Dell', [], [], 'c'],
  ['CoreWeave', [], ['CRWV'], 'ac'],
  ['Salesforce', [], [], 'a'],
  ['Cisco', [], ['CSCO'], 'c'],
  ['xAI', [], [], 'u'],
  ['Mistral AI', ['Mistral'], [], 'u'],
  ['Scale AI', [], [], 'u'],
  ['NTT', ['NTT Data'], [], 'c'],
  ['KDDI', [], [], 'c'],
  ['Fujitsu', [], [], 'c'],
  ['Rakuten', [], [], ''],
  ['Orlen', [], [], ''],
  ['Goldman Sachs', [], [], 'i'],
  ['Morgan Stanley', [], [], 'i'],
  ['JPMorgan', ['JPMorgan Chase', 'J.P. Morgan'], [], 'i'],
  ['BlackRock', [], [], 'i'],
  ['Sequoia', ['Sequoia Capital'], [], 'ui'],
  ['Andreessen Horowitz', ['a16z'], [], 'ui'],
  ['Reuters', [], [], 'um'],
  ['Bloomberg', [], [], 'um'],
  ['Nikkei', [], [], 'um'],
  ['The Register', [], [], 'um'],
];

const EXCHANGES: Array<[string, string[]]> = [
  ['Tokyo Stock Exchange', ['TSE']],
  ['New York Stock Exchange', ['NYSE']],
  ['Nasdaq', ['NASDAQ']],
  ['London Stock Exchange', ['LSE']],
  ['Hong Kong Stock Exchange', ['Hong Kong stock exchange', 'HKEX']],
  ['Korea Exchange', []],
  ['Shanghai Stock Exchange', []],
  ['Euronext', []],
  ['Deutsche Börse', ['Frankfurt Stock Exchange']],
];

/** [country, demonym, other names]. */
const COUNTRIES: Array<[string, string, string[]]> = [
  ['Japan', 'Japanese', []],
  ['India', 'Indian', []],
  ['the United Kingdom', 'British', ['UK', 'U.K.', 'Britain', 'United Kingdom']],
  ['the United States', 'American', ['US', 'U.S.', 'USA', 'United States', 'America']],
  ['Canada', 'Canadian', []],
  ['China', 'Chinese', []],
  ['Germany', 'German', []],
  ['France', 'French', []],
  ['Spain', 'Spanish', []],
  ['Italy', 'Italian', []],
  ['Poland', 'Polish', []],
  ['South Korea', 'South Korean', ['Korea']],
  ['Malaysia', 'Malaysian', []],
  ['Indonesia', 'Indonesian', []],
  ['Thailand', 'Thai', []],
  ['Vietnam', 'Vietnamese', []],
  ['Singapore', 'Singaporean', []],
  ['Australia', 'Australian', []],
  ['New Zealand', 'New Zealand', []],
  ['Brazil', 'Brazilian', []],
  ['Mexico', 'Mexican', []],
  ['Saudi Arabia', 'Saudi', []],
  ['the United Arab Emirates', 'Emirati', ['UAE', 'United Arab Emirates']],
  ['the Netherlands', 'Dutch', ['Netherlands']],
  ['Sweden', 'Swedish', []],
  ['Norway', 'Norwegian', []],
  ['Denmark', 'Danish', []],
  ['Finland', 'Finnish', []],
  ['Estonia', 'Estonian', []],
  ['Portugal', 'Portuguese', []],
  ['Ireland', 'Irish', []],
  ['Taiwan', 'Taiwanese', []],
  ['the Philippines', 'Philippine', ['Philippines']],
  ['Nigeria', 'Nigerian', []],
  ['Kenya', 'Kenyan', []],
  ['Egypt', 'Egyptian', []],
  ['Israel', 'Israeli', []],
  ['Switzerland', 'Swiss', []],
  ['Austria', 'Austrian', []],
  ['Belgium', 'Belgian', []],
  ['Turkey', 'Turkish', []],
  ['Greece', 'Greek', []],
  ['Ukraine', 'Ukrainian', []],
  ['Lithuania', 'Lithuanian', []],
  ['Latvia', 'Latvian', []],
  ['Chile', 'Chilean', []],
  ['Argentina', 'Argentine', []],
  ['South Africa', 'South African', []],
  ['Qatar', 'Qatari', []],
  ['Pakistan', 'Pakistani', []],
];

const GOVERNMENT_BODIES: Array<[string, string[]]> = [
  ['Ministry of Economy, Trade and Industry', ['METI']],
  ['European Commission', []],
  ['European Union', ['EU']],
  ['Federal Trade Commission', ['FTC']],
  ['Securities and Exchange Commission', ['SEC']],
  ['Department of Commerce', ['Commerce Department']],
  ['Department of Energy', []],
  ['Treasury', ['the Treasury']],
  ['Pentagon', []],
];

function entry(
  name: string,
  kind: EntityKind,
  type: EntityType,
  aliases: string[],
  tickers: string[],
  flags: string,
): GazetteerEntry {
  const roleHint =
    type === 'government'
      ? 'government'
      : type === 'exchange' || type === 'investor' || flags.includes('i')
        ? 'investor'
        : type === 'university'
          ? 'talent'
          : flags.includes('c')
            ? 'compute'
            : null;
  return {
    name,
    kind,
    type,
    aliases,
    tickers,
    anyCase: flags.includes('a'),
    listed: type === 'company' && !flags.includes('u'),
    roleHint,
  };
}

export function governmentName(country: string): string {
  return `Government of ${country}`;
}

function buildEntries(): GazetteerEntry[] {
  const entries: GazetteerEntry[] = [];
  for (const [name, aliases, tickers, flags = ''] of COMPANIES) {
    const type: EntityType = flags.includes('m') ? 'media' : flags.includes('i') ? 'investor' : 'company';
    entries.push(entry(name, 'organization', type, aliases, tickers, flags));
  }
  for (const [name, aliases] of EXCHANGES)
    entries.push(entry(name, 'organization', 'exchange', aliases, [], ''));
  for (const [name, aliases] of GOVERNMENT_BODIES) {
    entries.push(entry(name, 'organization', 'government', aliases, [], ''));
  }
  for (const [country, demonym, others] of COUNTRIES) {
    const bare = country.replace(/^the /, '');
    entries.push(entry(bare, 'place', 'country', others, [], ''));
    const government = governmentName(country);
    const names = [bare, ...others];
    const aliases = [
      `${demonym} government`,
      `government of ${bare}`,
      `Government of ${bare}`,
      ...names.map((n) => `${n} government`),
      ...names.map((n) => `${n}'s government`),
      ...names.map((n) => `${n}’s government`),
    ];
    entries.push(entry(government, 'organization', 'government', aliases, [], ''));
  }
  return entries;
}

export const GAZETTEER: GazetteerEntry[] = buildEntries();

/** Lower-cased phrase (words joined by single spaces) → entry, for phrase lookups. */
const byPhrase = new Map<string, GazetteerEntry>();
/** Exact-case phrase → entry (names that are common words in lower case). */
const byExactPhrase = new Map<string, GazetteerEntry>();
const byTicker = new Map<string, GazetteerEntry>();

function phraseKey(phrase: string): string {
  return phrase.replace(/[’]/g, "'").replace(/'s$/, '').replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * An acronym ("US", "SEC", "EU"): written in capitals or not at all. In lower case it is another
 * word ("us", "a sec").
 */
const ACRONYM = /^[A-Z][A-Z&]*( [A-Z][A-Z&]*)*$/;

for (const item of GAZETTEER) {
  for (const name of [item.name, ...item.aliases]) {
    const key = phraseKey(name);
    byExactPhrase.set(key, item);
    if ((item.anyCase || item.type === 'government' || item.type === 'country') && !ACRONYM.test(key))
      byPhrase.set(key.toLowerCase(), item);
  }
  for (const ticker of item.tickers) byTicker.set(ticker, item);
}

/** The longest phrase in the gazetteer, in words. */
export const MAX_PHRASE_WORDS = 7;

/** The entry a phrase names: exact case first, then lower case for any-case names. */
export function lookupPhrase(phrase: string): GazetteerEntry | undefined {
  const key = phraseKey(phrase);
  return byExactPhrase.get(key) ?? byPhrase.get(key.toLowerCase());
}

export function lookupTicker(ticker: string): GazetteerEntry | undefined {
  return byTicker.get(ticker.toUpperCase());
}

/** Demonym → government name ("Japanese" → "Government of Japan"). */
export const DEMONYM_GOVERNMENT = new Map<string, string>(
  COUNTRIES.map(([country, demonym]) => [demonym.toLowerCase(), governmentName(country)]),
);

/** Corporate-form suffixes dropped when comparing names ("Quillon Corp" ~ "Quillon"). */
const CORPORATE_FORMS = new Set([
  'inc',
  'corp',
  'corporation',
  'co',
  'ltd',
  'llc',
  'plc',
  'gmbh',
  'ag',
  'sa',
  'nv',
  'bv',
  'kk',
]);

/**
 * A comparable key for an organisation name: the gazetteer name when listed, else lower case
 * without punctuation, a leading "the" or a trailing corporate form.
 */
export function canonicalKey(name: string): string {
  const listed = lookupPhrase(name) ?? lookupTicker(name.replace(/^\$/, ''));
  if (listed && (name.startsWith('$') || listed.tickers.includes(name) || lookupPhrase(name))) {
    return listed.name.toLowerCase();
  }
  const words = name
    .toLowerCase()
    .replace(/[’']s\b/g, '')
    .replace(/[^\p{L}\p{N}&\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words[0] === 'the') words.shift();
  while (words.length > 1 && CORPORATE_FORMS.has(words[words.length - 1] ?? '')) words.pop();
  return words.join(' ');
}
