/**
 * Organisations, people and places in one sentence: the gazetteer first (longest match), then
 * runs of capitalised words classified by suffix ("Holdings", "Bank", "Ministry of …"), by
 * compromise's lexicon (first names, countries, cities) and by position. Only token lookups:
 * linear in the sentence.
 */
import nlp from 'compromise';
import {
  type EntityType,
  type GazetteerEntry,
  lookupPhrase,
  lookupTicker,
  MAX_PHRASE_WORDS,
} from './gazetteer.js';
import type { Token } from './scan.js';
import type { EntityKind } from './types.js';

export interface FoundEntity {
  /** Canonical name: the gazetteer name, else the phrase without a possessive. */
  name: string;
  /** The words as written. */
  surface: string;
  kind: EntityKind;
  type: EntityType | 'unknown';
  /** Token indices [first, last + 1). */
  first: number;
  last: number;
  start: number;
  end: number;
  entry: GazetteerEntry | null;
  /** A lone unknown capitalised word at the start of a sentence: a name only if a relation says so. */
  weak: boolean;
}

const lexicon: Record<string, string | string[]> = (
  nlp as unknown as { model(): { one: { lexicon: Record<string, string | string[]> } } }
).model().one.lexicon;

function lexiconTags(word: string): string[] {
  const tags = lexicon[word.toLowerCase()];
  if (tags === undefined) return [];
  return Array.isArray(tags) ? tags : [tags];
}

/** Capitalised words that do not start or make a name. */
const STOP_CAPS = new Set(
  `the a an this that these those it its it's i i'm i'd i've we we're you they they're he she my our your their his her
in on at for from by with as but and or so if when while after before since under over why what who who's how which where
is are was were do does did can could would should will not no yes nah lol lmao ngl tbh fwiw imo imho edit source sources
serious honestly apparently reportedly imagine remember maybe anyone nobody everyone someone let let's used worked running
per analysts shares stock stocks revenue usage also just still only even then now today yesterday tomorrow monday tuesday
wednesday thursday friday saturday sunday january february march april may june july august september october november
december q1 q2 q3 q4 ceo cfo cto coo chief president minister prime mr mrs ms dr sir pro max series version update ok
okay yeah wow cool any some each every all both most many much more less few several one two three four five six seven
eight nine ten first second third last next other another same new old big small great good bad real true false fake
note ps til eli5 tl dr tl;dr ai gpu gpus cpu mw gw kw ipo ppa mou arr capex ev evs api sdk llm llms faq usd eur gbp jpy
cny krw inr chf cad aud hkd myr brl rs rm fy us$ hn op btw afaik iirc ama said says according under despite during
unlike like than then there here however meanwhile instead overall plus via because although though hey hi thanks
thank sure well oh anyway regardless besides under whether nothing something everything fine right wrong agreed exactly
shares stockholders investors customers users people government company companies firm group board unit fund plan
deal project contract`.split(/\s+/),
);

/** Capitalised words that end a run of name words ("Nordwind Tuesday" is not one name). */
const RUN_STOPS = new Set(
  `monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december i ceo cfo cto`.split(/\s+/),
);

/** Words that make a capitalised run a product, not a company ("Windows 11", "Mate 70"). */
const PRODUCT_WORDS = new Set(
  `windows iphone ipad mac macbook pixel galaxy playstation xbox switch ryzen geforce rtx gtx llama gpt claude gemini
copilot chatgpt blackwell hopper python linux android chrome mate studio civic model k2 m4 h100 h200 a100 b200`.split(
    /\s+/,
  ),
);

/** A last word that makes an unknown phrase an organisation. */
const ORG_SUFFIXES = new Set(
  `inc corp corporation ltd llc gmbh ag plc group holdings bank capital labs lab systems robotics semiconductor
semiconductors energy data compute ai technologies technology tech partners ventures steel motors networks cloud
internet software industries electronics airlines pharmaceuticals therapeutics media telecom communications foundation
fund investments securities insurance power solar wind grid rail mobility health biotech analytics dynamics logistics
foundry studios games exchange co sa nv kk airways chemicals materials mining petroleum oil gas utilities bancorp
financial finance asset management`.split(/\s+/),
);

const INVESTOR_SUFFIXES = new Set(
  'bank capital ventures partners fund investments securities financial finance bancorp management'.split(
    ' ',
  ),
);

const GOVERNMENT_HEADS = new Set(
  'ministry department agency office bureau commission authority council parliament senate government cabinet regulator treasury'.split(
    ' ',
  ),
);

const EDUCATION_WORDS = new Set('university college institute school academy polytechnic'.split(' '));

const TITLES = new Set(
  'ceo cfo cto coo chief president chairman chairwoman minister secretary director founder analyst spokesperson mr mrs ms dr sir executive'.split(
    ' ',
  ),
);

const PERSON_VERBS = new Set(['said', 'says', 'told', 'wrote', 'added', 'noted', 'stated']);

function isNameWord(token: Token): boolean {
  if (token.kind !== 'word') return false;
  if (token.alnum) return token.text.charAt(0) !== token.text.charAt(0).toLowerCase();
  return token.capital;
}

function stripPossessive(text: string): string {
  return text.replace(/['’]s$/, '').replace(/['’]$/, '');
}

function isPossessive(token: Token): boolean {
  return /['’]s$/.test(token.text);
}

function surfaceOf(text: string, tokens: Token[], first: number, last: number, base: number): string {
  const a = tokens[first];
  const b = tokens[last - 1];
  if (!a || !b) return '';
  return stripPossessive(text.slice(a.start - base, b.end - base));
}

function makeEntity(
  tokens: Token[],
  text: string,
  base: number,
  first: number,
  last: number,
  fields: {
    name?: string;
    kind: EntityKind;
    type: EntityType | 'unknown';
    entry: GazetteerEntry | null;
    weak?: boolean;
  },
): FoundEntity {
  const surface = surfaceOf(text, tokens, first, last, base);
  const a = tokens[first] as Token;
  const b = tokens[last - 1] as Token;
  const end = isPossessive(b) ? b.end - 2 : b.end;
  return {
    name: fields.name ?? surface,
    surface,
    kind: fields.kind,
    type: fields.type,
    first,
    last,
    start: a.start,
    end,
    entry: fields.entry,
    weak: fields.weak ?? false,
  };
}

/** Tries the gazetteer at `index`, longest phrase first. Returns the match end (exclusive) or -1. */
function matchGazetteer(
  tokens: Token[],
  text: string,
  base: number,
  index: number,
): { entry: GazetteerEntry; last: number } | null {
  const first = tokens[index];
  if (first?.kind !== 'word') return null;
  let bestLast = -1;
  let best: GazetteerEntry | undefined;
  let words = 0;
  for (let j = index; j < tokens.length && words < MAX_PHRASE_WORDS; j++) {
    const token = tokens[j] as Token;
    if (token.kind === 'word') words++;
    else if (token.text !== '.' && token.text !== ',' && token.text !== '&' && token.text !== '-') break;
    if (token.kind !== 'word') continue;
    const phrase = text.slice(first.start - base, token.end - base);
    const found = lookupPhrase(phrase);
    if (found) {
      best = found;
      bestLast = j + 1;
      // "Microsoft Corp." keeps its dot.
      const next = tokens[j + 1];
      if (next && next.text === '.' && next.glued && found.name !== phrase) {
        const withDot = lookupPhrase(`${phrase}.`);
        if (withDot === found) bestLast = j + 1;
      }
    }
  }
  if (!best) return null;
  // "US" in "US$" is a currency, not the country.
  const after = tokens[bestLast];
  if (after?.glued && after.text === '$') return null;
  return { entry: best, last: bestLast };
}

function classifyRun(
  tokens: Token[],
  first: number,
  last: number,
  sentenceStart: boolean,
): { kind: EntityKind; type: EntityType | 'unknown'; weak: boolean } | null {
  const words = tokens.slice(first, last).map((t) => stripPossessive(t.lower));
  const head = words[0] ?? '';
  const tail = words[words.length - 1] ?? '';
  if (words.some((w) => PRODUCT_WORDS.has(w))) return null;
  if (GOVERNMENT_HEADS.has(head) && words.length > 1)
    return { kind: 'organization', type: 'government', weak: false };
  if (words.some((w) => EDUCATION_WORDS.has(w)))
    return { kind: 'organization', type: 'university', weak: false };
  if (words.length > 1 && ORG_SUFFIXES.has(tail)) {
    return { kind: 'organization', type: INVESTOR_SUFFIXES.has(tail) ? 'investor' : 'company', weak: false };
  }
  const phraseTags = lexiconTags(words.join(' '));
  if (phraseTags.includes('Organization')) return { kind: 'organization', type: 'company', weak: false };
  if (phraseTags.some((t) => t === 'Country' || t === 'City' || t === 'Region' || t === 'Place')) {
    return { kind: 'place', type: 'place', weak: false };
  }
  const firstTags = lexiconTags(head);
  if (words.length >= 2 && words.length <= 3 && firstTags.some((t) => t.endsWith('Name'))) {
    return { kind: 'person', type: 'person', weak: false };
  }
  const previous = tokens[first - 1];
  if (words.length >= 2 && words.length <= 3 && previous && TITLES.has(previous.lower)) {
    return { kind: 'person', type: 'person', weak: false };
  }
  const next = tokens[last];
  if (
    words.length >= 2 &&
    words.length <= 3 &&
    next &&
    PERSON_VERBS.has(next.lower) &&
    !ORG_SUFFIXES.has(tail)
  ) {
    return { kind: 'person', type: 'person', weak: false };
  }
  if (words.length === 1 && firstTags.length > 0 && !firstTags.includes('Organization')) {
    // A dictionary word ("Revenue" is not, but "Imagine" is): not a name on its own.
    if (firstTags.some((t) => t === 'Country' || t === 'City' || t === 'Region' || t === 'Place')) {
      return { kind: 'place', type: 'place', weak: false };
    }
    return null;
  }
  return { kind: 'organization', type: 'unknown', weak: sentenceStart && words.length === 1 };
}

/**
 * The entities of a sentence's tokens. `text` is the sentence and `base` its offset in the
 * source (token offsets are source offsets).
 */
export function findEntities(tokens: Token[], text: string, base: number): FoundEntity[] {
  const found: FoundEntity[] = [];
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index] as Token;
    // Cashtags: "$NVDA", "$msft".
    if (token.text === '$') {
      const next = tokens[index + 1];
      if (next?.glued && next.kind === 'word' && !next.alnum) {
        const entry = lookupTicker(next.text);
        if (entry) {
          found.push(
            makeEntity(tokens, text, base, index, index + 2, {
              name: entry.name,
              kind: entry.kind,
              type: entry.type,
              entry,
            }),
          );
          index += 2;
          continue;
        }
      }
    }
    if (token.kind !== 'word') {
      index++;
      continue;
    }
    const listed = matchGazetteer(tokens, text, base, index);
    if (listed) {
      const { entry } = listed;
      found.push(
        makeEntity(tokens, text, base, index, listed.last, {
          name: entry.name,
          kind: entry.kind,
          type: entry.type,
          entry,
        }),
      );
      index = listed.last;
      continue;
    }
    if (/^[A-Z]{2,5}$/.test(token.text)) {
      const entry = lookupTicker(token.text);
      if (entry) {
        found.push(
          makeEntity(tokens, text, base, index, index + 1, {
            name: entry.name,
            kind: entry.kind,
            type: entry.type,
            entry,
          }),
        );
        index++;
        continue;
      }
    }
    if (!isNameWord(token) || STOP_CAPS.has(stripPossessive(token.lower))) {
      index++;
      continue;
    }
    // A run of capitalised words; "of" and "&" join when a capital follows ("Bank of Tokyo").
    let last = index + 1;
    if (!isPossessive(token)) {
      while (last < tokens.length) {
        const t = tokens[last] as Token;
        if (isNameWord(t) && !RUN_STOPS.has(stripPossessive(t.lower)) && !TITLES.has(t.lower)) {
          last++;
          if (isPossessive(t)) break;
          continue;
        }
        const after = tokens[last + 1];
        if ((t.lower === 'of' || t.text === '&') && after && isNameWord(after)) {
          last += 2;
          if (isPossessive(after)) break;
          continue;
        }
        if (t.text === '-' && t.glued && after?.glued && isNameWord(after)) {
          last += 2;
          continue;
        }
        break;
      }
    }
    // A gazetteer name may start inside the run ("Fwiw TSMC"): stop the run there.
    for (let j = index + 1; j < last; j++) {
      if (matchGazetteer(tokens, text, base, j)) {
        last = j;
        break;
      }
    }
    const sentenceStart =
      index === 0 || (index <= 2 && tokens.slice(0, index).every((t) => t.kind !== 'word'));
    const kind = classifyRun(tokens, index, last, sentenceStart);
    if (kind) found.push(makeEntity(tokens, text, base, index, last, { ...kind, entry: null }));
    index = last;
  }
  return found;
}
