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

/** Lexicon tags that make a word a name (or part of one) whatever else it may be ("Mark", "China"). */
const NAME_TAGS = new Set([
  'Person',
  'FirstName',
  'LastName',
  'MaleName',
  'FemaleName',
  'Place',
  'Country',
  'City',
  'Region',
  'Organization',
  'ProperNoun',
  'SportsTeam',
]);

/** Lexicon tags of words that are no part of a name: verbs, adverbs, pronouns, prepositions … */
const FUNCTION_TAGS = new Set([
  'Verb',
  'PresentTense',
  'PastTense',
  'Infinitive',
  'Gerund',
  'Participle',
  'PhrasalVerb',
  'Imperative',
  'Copula',
  'Modal',
  'Adverb',
  'Preposition',
  'Pronoun',
  'Reflexive',
  'Determiner',
  'Conjunction',
  'QuestionWord',
  'Negative',
]);

/**
 * In a Title Case sentence, where capitals say nothing, whether this capitalised word is no part
 * of a name: the lexicon knows it as a verb, adverb, pronoun, preposition … and not as a
 * name ("Resigns", "Will", "Now", "Is"), or, unknown to it, it is an adverb in -ly ("Partly") or
 * a verb in -ed/-ing/-s whose stem the lexicon knows as a verb ("Impeached", "Jailbreaking").
 */
function breaksTitleCaseName(token: Token): boolean {
  const word = stripPossessive(token.lower);
  const tags = lexiconTags(word);
  if (tags.length > 0) return !tags.some((t) => NAME_TAGS.has(t)) && tags.some((t) => FUNCTION_TAGS.has(t));
  if (word.length > 4 && word.endsWith('ly')) return true;
  return verbStems(word).some((stem) => lexiconTags(stem).some((t) => t === 'Infinitive'));
}

/** The infinitives a word in -ed, -ing or -s may come from: "impeached" → impeach(e), "stopped" → stop. */
function verbStems(word: string): string[] {
  const suffix = /(?:ed|ing|es|s)$/.exec(word);
  if (!suffix || word.length - suffix[0].length < 3) return [];
  const stem = word.slice(0, -suffix[0].length);
  const stems = [stem, `${stem}e`];
  if (stem.length > 3 && stem.at(-1) === stem.at(-2)) stems.push(stem.slice(0, -1));
  return stems;
}

function isFirstNameTag(tag: string): boolean {
  return tag === 'FirstName' || tag === 'MaleName' || tag === 'FemaleName';
}

/** Whether a country, city or region of up to three words starts at `index`, by compromise's lexicon: "Russia", "West Virginia". */
function placeStartsAt(tokens: Token[], index: number): boolean {
  let phrase = '';
  for (let i = index; i < Math.min(tokens.length, index + 3); i++) {
    const token = tokens[i] as Token;
    if (token.kind !== 'word') return false;
    phrase = phrase === '' ? stripPossessive(token.lower) : `${phrase} ${stripPossessive(token.lower)}`;
    if (lexiconTags(phrase).some((t) => t === 'Country' || t === 'City' || t === 'Region' || t === 'Place'))
      return true;
  }
  return false;
}

/** Words that start a place's name: "Mount Fuji", "Lake Tahoe", "Fort Worth". */
const PLACE_HEADS = new Set('mount lake cape port fort saint st'.split(' '));

/** "Club", "Bank", "Ministry", "University", "Mount": words that name a kind of organisation or place. */
function isOrganisationWord(token: Token): boolean {
  const word = stripPossessive(token.lower);
  return (
    ORG_SUFFIXES.has(word) || GOVERNMENT_HEADS.has(word) || EDUCATION_WORDS.has(word) || PLACE_HEADS.has(word)
  );
}

/** Lower-case particles inside names ("Ludwig van Beethoven", "Ursula von der Leyen"). */
const NAME_PARTICLES = new Set('van von der den de da das dos du di del la le bin al'.split(' '));

function isConnector(token: Token): boolean {
  return token.lower === 'of' || token.text === '&' || NAME_PARTICLES.has(token.text) || token.text === '-';
}

/** A capital letter alone: a middle initial when a dot follows. */
function isInitial(token: Token): boolean {
  return token.kind === 'word' && token.text.length === 1 && token.capital;
}

/** The most tokens a post-kind tag holds: "[AMA Request]", "[OC] [3264, 2448]" have fewer. */
const MAX_TAG_TOKENS = 8;

/** The index just past the bracketed tags that open the tokens ("[WP]", "[Homemade]"); 0 when none. */
function leadingTagEnd(tokens: Token[]): number {
  let at = 0;
  while (tokens[at]?.text === '[') {
    const close = tokens.findIndex((t, i) => i > at && i <= at + MAX_TAG_TOKENS && t.text === ']');
    if (close === -1) break;
    at = close + 1;
  }
  return at;
}

/** The index of the first bracketed tag that closes the tokens ("[OC]", "[First Poster]"); the length when none. */
function trailingTagStart(tokens: Token[], from: number): number {
  let at = tokens.length;
  for (;;) {
    // A trailing "." after the tags ("… [OC].") is let go with them.
    let end = at;
    while (end > from && tokens[end - 1]?.kind === 'punct' && tokens[end - 1]?.text !== ']') end--;
    if (tokens[end - 1]?.text !== ']') return at;
    let open = -1;
    for (let i = end - 2; i >= Math.max(from, end - 1 - MAX_TAG_TOKENS); i--) {
      if (tokens[i]?.text === '[') {
        open = i;
        break;
      }
    }
    if (open === -1) return at;
    at = open;
  }
}

/** Capitalised words that start a show's or a paper's name inside a sentence: "Last Week Tonight", "The Verge". */
const NAME_OPENERS = new Set(['the', 'new', 'last', 'first', 'old', 'great', 'big']);

/**
 * Whether the stop word at `index` opens a name: capitalised inside a sentence written in
 * sentence case, right before another capitalised word ("watched Last Week Tonight", "in New York").
 */
function startsTitledName(tokens: Token[], index: number, titleCase: boolean): boolean {
  const token = tokens[index] as Token;
  if (titleCase || !NAME_OPENERS.has(token.lower)) return false;
  // After a word or a comma: not where a sentence or a quotation starts.
  const before = tokens[index - 1];
  if (before?.kind !== 'word' && before?.text !== ',') return false;
  const after = tokens[index + 1];
  return after !== undefined && isNameWord(after) && !isStopCap(after);
}

/**
 * Articles, conjunctions and prepositions, which Title Case styles leave in lower case ("Trump
 * Impeached for Abuse of Power", "Biden Cancels Trip amid Stalled Negotiations").
 */
const TITLE_CASE_SMALL = new Set(
  `a an the and but or nor for so yet as at by in of off on per to up via vs v from with into onto over
amid after before about above across against along among around behind below beneath beside between
beyond despite down during except inside near past since than through toward towards under until upon
within without`.split(/\s+/),
);

/**
 * Whether the sentence is written in Title Case, where capitals say nothing of names: of its
 * words after the first, leaving out the short ones Title Case keeps in lower case and words
 * like "iPhone", all but one in ten are capitalised, of three such words or more.
 */
function isTitleCase(tokens: Token[]): boolean {
  let cased = 0;
  let capitalised = 0;
  let first = true;
  for (const token of tokens) {
    if (token.kind !== 'word' || token.alnum) continue;
    if (first) {
      first = false;
      continue;
    }
    const head = token.text.charAt(0);
    const uncased = head.toLowerCase() === head.toUpperCase();
    const camel = !token.capital && token.text !== token.lower; // "iPhone", "eBay"
    if (uncased || camel || TITLE_CASE_SMALL.has(token.lower)) continue;
    cased++;
    if (token.capital) capitalised++;
  }
  // A name-dense sentence in sentence case has its verbs and nouns in lower case ("watched",
  // "reporter"); Title Case has at most a slip in ten.
  return cased >= 3 && cased - capitalised <= Math.floor(cased / 10);
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
note ps til eli5 tl dr tl;dr utc gmt pst pdt est edt cst cdt cet cest bst ist jst ai gpu gpus cpu ram ssd hdd usb hdmi ddos dns isp vpn vm vms wifi url html css sql pdf os mw gw kw ipo ppa mou arr capex ev evs api sdk llm llms faq usd eur gbp jpy
cny krw inr chf cad aud hkd myr brl rs rm fy us$ hn op btw afaik iirc ama said says according under despite during
unlike like than then there here however meanwhile instead overall plus via because although though hey hi thanks
thank sure well oh anyway regardless besides under whether nothing something everything fine right wrong agreed exactly
shares stockholders investors customers users people government company companies firm group board unit fund plan
deal project contract`.split(/\s+/),
);

/** A pronoun with a verb ("You're", "We’ve"): capitalised at a sentence's start, never a name. */
const PRONOUN_CONTRACTIONS = new Set(
  `i'm i'd i've i'll you're you've you'd you'll we're we've we'd we'll they're they've they'd they'll he's he'd he'll
she's she'd she'll it's it'd it'll that's there's here's what's who's let's`.split(/\s+/),
);

/** "Ask HN", "Show HN", "Tell HN", "Launch HN". */
const POST_KINDS = new Set(['ask', 'show', 'tell', 'launch']);

/** A capitalised word that neither starts nor makes a name (either apostrophe). */
function isStopCap(token: Token): boolean {
  const lower = token.lower.replaceAll('’', "'");
  return STOP_CAPS.has(stripPossessive(lower)) || PRONOUN_CONTRACTIONS.has(lower);
}

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
foundry studios games exchange club co sa nv kk airways chemicals materials mining petroleum oil gas utilities bancorp
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
  'ceo cfo cto coo chief president chairman chairwoman chair minister secretary director founder analyst spokesperson mr mrs ms dr sir executive senator sen rep gov governor speaker mayor leader commissioner'.split(
    ' ',
  ),
);

const PERSON_VERBS = new Set(['said', 'says', 'told', 'wrote', 'added', 'noted', 'stated']);

function isNameWord(token: Token): boolean {
  if (token.kind !== 'word') return false;
  if (token.alnum)
    return token.text.charAt(0) !== token.text.charAt(0).toLowerCase() && !isRandomId(token.text);
  return token.capital;
}

/** A video or file id ("BdsQBqN7bCw"): digits among two capitals and two small letters or more. */
function isRandomId(text: string): boolean {
  return /\d/.test(text) && /[A-Z].*[A-Z]/.test(text) && /[a-z].*[a-z]/.test(text);
}

/**
 * Whether the sentence shouts: three words or more, three fifths of them in capitals. Capitals say
 * nothing there ("THIS IS A UNIX SYSTEM"); only listed names are read.
 */
function isShouting(tokens: Token[]): boolean {
  let words = 0;
  let upper = 0;
  for (const token of tokens) {
    if (token.kind !== 'word' || token.text.length < 2) continue;
    words++;
    if (token.text === token.text.toUpperCase() && token.text !== token.lower) upper++;
  }
  return words >= 3 && upper >= 0.6 * words;
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
  const words = tokens
    .slice(first, last)
    .filter((t) => t.kind === 'word')
    .map((t) => stripPossessive(t.lower));
  const head = words[0] ?? '';
  const tail = words[words.length - 1] ?? '';
  // A letter alone is a label ("cluster B", "plan A"), not a name.
  if (words.length === 1 && head.length === 1) return null;
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
  if (words.length >= 2 && phraseTags.includes('Person'))
    return { kind: 'person', type: 'person', weak: false };
  const firstTags = lexiconTags(head);
  // A surname last makes a person of a name the lexicon does not know as anything else
  // ("Barack Obama"; not "White House", "Johnson & Johnson").
  const lastIsSurname =
    lexiconTags(tail).includes('LastName') &&
    (firstTags.length === 0 || firstTags.some((t) => NAME_TAGS.has(t))) &&
    words.every((w) => w !== 'of' && w !== '&');
  // Two words at least that are more than initials ("W. Mondale Robinson", not "C.D.C.").
  const fullWords = words.filter((w) => w.length > 1).length;
  if (
    words.length >= 2 &&
    words.length <= 3 &&
    fullWords >= 2 &&
    (firstTags.some((t) => t.endsWith('Name')) || lastIsSurname)
  ) {
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
 * source (token offsets are source offsets). Post titles need more than capitals: in a Title
 * Case sentence a capitalised verb, adverb or pronoun ends a name ("Steve Jobs Resigns as CEO");
 * "Ask HN", Reddit's bracketed tags at either end ("[OC]"), pronouns with a verb ("I’d") and a
 * title before a name ("Secretary") are no names; middle initials ("Donald J. Trump") and
 * particles ("Louis van Gaal") are parts of one; "X of <place>" is cut before "of" unless X
 * names a kind of organisation ("Telecom Regulatory Authority of India"); and a capitalised run
 * right after a listed organisation is its product ("Google Reader").
 */
export function findEntities(tokens: Token[], text: string, base: number): FoundEntity[] {
  const found: FoundEntity[] = [];
  const titleCase = isTitleCase(tokens);
  const shouting = isShouting(tokens);
  // In Title Case a capitalised verb, adverb or pronoun is no part of a name ("Steve Jobs Resigns"),
  // unless it follows a first name ("Garry Tan") or names a kind of organisation ("Computer Club").
  const startsName = (t: Token, previous?: Token) =>
    isNameWord(t) &&
    !(
      titleCase &&
      breaksTitleCaseName(t) &&
      !isOrganisationWord(t) &&
      !(previous && lexiconTags(stripPossessive(previous.lower)).some(isFirstNameTag))
    );
  // Reddit's "[OC]", "[Serious]", "[WP]" at either end say what kind of post it is.
  const tagsEnd = leadingTagEnd(tokens);
  const tagsStart = trailingTagStart(tokens, tagsEnd);
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
    // Hacker News's post kinds: "Ask HN", "Show HN" say what kind of post it is, not who it is about.
    if (POST_KINDS.has(token.lower) && tokens[index + 1]?.lower === 'hn') {
      index += 2;
      continue;
    }
    if (index < tagsEnd || index >= tagsStart) {
      index++;
      continue;
    }
    // A title before a name is not part of it: "Secretary Lloyd Austin", "Speaker Nancy Pelosi".
    if (
      shouting ||
      !startsName(token) ||
      (isStopCap(token) && !startsTitledName(tokens, index, titleCase)) ||
      TITLES.has(token.lower)
    ) {
      index++;
      continue;
    }
    // A run of capitalised words; "of" and "&" join when a capital follows ("Bank of Tokyo").
    let last = index + 1;
    if (!isPossessive(token)) {
      while (last < tokens.length) {
        const t = tokens[last] as Token;
        if (
          startsName(t, tokens[last - 1]) &&
          !RUN_STOPS.has(stripPossessive(t.lower)) &&
          !TITLES.has(t.lower) &&
          !PRONOUN_CONTRACTIONS.has(t.lower.replaceAll('’', "'"))
        ) {
          last++;
          if (isPossessive(t)) break;
          continue;
        }
        const after = tokens[last + 1];
        // A middle initial: "Donald J. Trump".
        if (
          t.text === '.' &&
          t.glued &&
          isInitial(tokens[last - 1] as Token) &&
          after &&
          startsName(after) &&
          !isStopCap(after)
        ) {
          last++;
          continue;
        }
        // A particle inside a person's or a place's name: "Louis van Gaal", "Guia Lopes da Laguna".
        if (NAME_PARTICLES.has(t.text) && after && startsName(after)) {
          last += 2;
          if (isPossessive(after)) break;
          continue;
        }
        if ((t.lower === 'of' || t.text === '&') && after && startsName(after)) {
          last += 2;
          if (isPossessive(after)) break;
          continue;
        }
        if (t.text === '-' && t.glued && after?.glued && startsName(after)) {
          last += 2;
          continue;
        }
        break;
      }
    }
    // A gazetteer name may start inside the run ("Fwiw TSMC"): stop the run there, before a
    // connector, but for an organisation of a place ("Telecom Regulatory Authority of India",
    // not "Vladimir V. Putin of Russia").
    for (let j = index + 1; j < last; j++) {
      const afterOf = tokens[j - 1]?.lower === 'of';
      if (!matchGazetteer(tokens, text, base, j) && !(afterOf && placeStartsAt(tokens, j))) continue;
      if (afterOf && j >= 2 && isOrganisationWord(tokens[j - 2] as Token)) break;
      last = j;
      while (last > index + 1 && isConnector(tokens[last - 1] as Token)) last--;
      break;
    }
    const previous = found.at(-1);
    // A capitalised run right after a listed organisation is its product: "Google Reader", "Apple Store".
    const product = previous?.entry?.kind === 'organization' && previous.last === index;
    const sentenceStart =
      index === 0 || (index <= 2 && tokens.slice(0, index).every((t) => t.kind !== 'word'));
    const kind = product ? null : classifyRun(tokens, index, last, sentenceStart);
    if (kind) found.push(makeEntity(tokens, text, base, index, last, { ...kind, entry: null }));
    index = last;
  }
  return found;
}
