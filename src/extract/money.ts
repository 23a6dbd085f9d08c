/**
 * Money amounts: a currency sign, code or word with a quantity ("$10 billion", "US$10bn",
 * "¥1.5 trillion", "ten billion dollars", "Rs 5,000 crore", "CHF 300 million"), ranges
 * ("$8-10 billion", "between $60 billion and $65 billion") and qualifiers ("about", "up to").
 * A bare "10B" counts only beside a money verb ("invest", "spend", "raise"). Numbers without a
 * currency (model names, years, counts, percentages) are never money.
 */
import { type Quantity, quantityAt, scaleAmount, scaleAt } from './numbers.js';
import type { Token } from './scan.js';

export interface MoneyHit {
  first: number;
  last: number;
  amount: number;
  currency: string;
  approx: string | null;
  min: number | null;
  max: number | null;
}

/** What "$" and "¥" mean in one source ("Canadian dollars" said once makes "$" CAD). */
export interface CurrencyContext {
  dollar: string;
  yen: string;
}

const DOLLAR_CONTEXTS: Array<[string, string]> = [
  ['canadian dollar', 'CAD'],
  ['australian dollar', 'AUD'],
  ['hong kong dollar', 'HKD'],
  ['singapore dollar', 'SGD'],
  ['new zealand dollar', 'NZD'],
  ['taiwan dollar', 'TWD'],
];

/** The meaning of bare "$" and "¥" in a text: USD and JPY unless it names another currency. */
export function currencyContextOf(text: string): CurrencyContext {
  const lower = text.toLowerCase();
  let dollar = 'USD';
  const hits = DOLLAR_CONTEXTS.filter(([phrase]) => lower.includes(phrase));
  if (
    hits.length === 1 &&
    !lower.includes('us dollar') &&
    !lower.includes('u.s. dollar') &&
    !lower.includes('us$')
  ) {
    dollar = hits[0]?.[1] ?? 'USD';
  }
  const yuan = lower.includes('yuan') || lower.includes('renminbi') || lower.includes('rmb');
  const yen = yuan && !lower.includes('yen') ? 'CNY' : 'JPY';
  return { dollar, yen };
}

/** Letters glued before "$": "US$", "A$", "HK$". */
const DOLLAR_PREFIXES = new Map<string, string>([
  ['us', 'USD'],
  ['a', 'AUD'],
  ['au', 'AUD'],
  ['c', 'CAD'],
  ['ca', 'CAD'],
  ['hk', 'HKD'],
  ['nz', 'NZD'],
  ['s', 'SGD'],
  ['sg', 'SGD'],
  ['r', 'BRL'],
  ['nt', 'TWD'],
  ['mx', 'MXN'],
]);

const SIGNS = new Map<string, string>([
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['₩', 'KRW'],
  ['₹', 'INR'],
]);

/** Codes written before or after the amount, in capitals ("CHF 300 million", "15 EUR"). */
const CODES = new Set([
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'CNY',
  'KRW',
  'INR',
  'CHF',
  'CAD',
  'AUD',
  'HKD',
  'SGD',
  'MYR',
  'BRL',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'TWD',
  'NZD',
  'MXN',
  'ZAR',
  'AED',
  'SAR',
]);

const CODE_ALIASES = new Map<string, string>([
  ['RMB', 'CNY'],
  ['RM', 'MYR'],
  ['Rs', 'INR'],
]);

/** Currency words after the amount. */
const CURRENCY_WORDS = new Map<string, string>([
  ['dollar', 'USD'],
  ['dollars', 'USD'],
  ['euro', 'EUR'],
  ['euros', 'EUR'],
  ['pound', 'GBP'],
  ['pounds', 'GBP'],
  ['sterling', 'GBP'],
  ['yen', 'JPY'],
  ['yuan', 'CNY'],
  ['renminbi', 'CNY'],
  ['rupee', 'INR'],
  ['rupees', 'INR'],
  ['won', 'KRW'],
  ['ringgit', 'MYR'],
  ['francs', 'CHF'],
  ['franc', 'CHF'],
  ['kronor', 'SEK'],
  ['krona', 'SEK'],
  ['kroner', 'NOK'],
  ['zloty', 'PLN'],
  ['reais', 'BRL'],
]);

/** Words before "dollars" that name another dollar ("Canadian dollars", "Hong Kong dollars"). */
const DOLLAR_ADJECTIVES = new Map<string, string>([
  ['canadian', 'CAD'],
  ['australian', 'AUD'],
  ['kong', 'HKD'],
  ['singapore', 'SGD'],
  ['zealand', 'NZD'],
  ['taiwan', 'TWD'],
  ['us', 'USD'],
  ['u.s.', 'USD'],
  ['american', 'USD'],
]);

const APPROX_ONE = new Set([
  'about',
  'around',
  'approximately',
  'roughly',
  'nearly',
  'almost',
  'some',
  'over',
  'under',
  'below',
  'above',
  '~',
  'circa',
  'approx',
]);
const APPROX_TWO = new Map<string, string>([
  ['up to', 'up to'],
  ['more than', 'more than'],
  ['less than', 'less than'],
  ['at least', 'at least'],
  ['close to', 'close to'],
  ['as much', 'as much as'],
]);

/** Verbs and nouns that make a bare "10B" money. */
const MONEY_CONTEXT = new Set([
  'invest',
  'invests',
  'invested',
  'investing',
  'investment',
  'spend',
  'spends',
  'spent',
  'spending',
  'raise',
  'raised',
  'raises',
  'raising',
  'funding',
  'fund',
  'funded',
  'valuation',
  'valued',
  'worth',
  'cost',
  'costs',
  'pay',
  'paid',
  'pays',
  'commit',
  'committed',
  'commits',
  'capex',
  'revenue',
  'arr',
  'deal',
  'bought',
  'buy',
  'acquire',
  'acquired',
  'price',
]);

/** Nouns after a bare "10B" that make it a count, not money. */
const COUNT_NOUNS = new Set([
  'parameters',
  'params',
  'parameter',
  'tokens',
  'token',
  'transistors',
  'users',
  'devices',
  'downloads',
  'model',
  'models',
  'rows',
  'records',
  'people',
  'requests',
  'views',
  'subscribers',
  'images',
  'documents',
  'words',
  'lines',
  'pages',
  'queries',
  'messages',
]);

function isPrefixCurrency(
  tokens: Token[],
  index: number,
  context: CurrencyContext,
): { currency: string; width: number } | null {
  const token = tokens[index];
  if (!token) return null;
  if (token.text === '$') return { currency: context.dollar, width: 1 };
  if (token.text === '¥') return { currency: context.yen, width: 1 };
  const sign = SIGNS.get(token.text);
  if (sign) return { currency: sign, width: 1 };
  if (token.kind !== 'word') return null;
  const next = tokens[index + 1];
  if (next && next.text === '$' && next.glued) {
    const prefixed = DOLLAR_PREFIXES.get(token.lower);
    if (prefixed) return { currency: prefixed, width: 2 };
  }
  if (CODES.has(token.text)) return { currency: token.text, width: 1 };
  const alias = CODE_ALIASES.get(token.text);
  if (alias) {
    // "Rs." and "Rs 5,000"
    if (next && next.text === '.' && next.glued) return { currency: alias, width: 2 };
    return { currency: alias, width: 1 };
  }
  return null;
}

function suffixCurrency(tokens: Token[], index: number): { currency: string; width: number } | null {
  const token = tokens[index];
  if (token?.kind !== 'word') return null;
  if (CODES.has(token.text)) return { currency: token.text, width: 1 };
  const alias = CODE_ALIASES.get(token.text);
  if (alias && alias !== 'INR' && alias !== 'MYR') return { currency: alias, width: 1 };
  // "Canadian dollars", "Hong Kong dollars", "US dollars", "Swiss francs"
  const adjective = DOLLAR_ADJECTIVES.get(token.lower);
  const next = tokens[index + 1];
  if (adjective && next && (next.lower === 'dollars' || next.lower === 'dollar'))
    return { currency: adjective, width: 2 };
  if (token.lower === 'hong' && next?.lower === 'kong') {
    const after = tokens[index + 2];
    if (after?.lower.startsWith('dollar')) return { currency: 'HKD', width: 3 };
  }
  if (token.lower === 'swiss' && next && next.lower.startsWith('franc')) return { currency: 'CHF', width: 2 };
  const word = CURRENCY_WORDS.get(token.lower);
  if (!word) return null;
  if ((token.lower === 'pounds' || token.lower === 'pound') && next && next.lower === 'of') return null;
  return { currency: word, width: 1 };
}

function approxBefore(tokens: Token[], index: number): { approx: string; first: number } | null {
  const a = tokens[index - 1];
  const b = tokens[index - 2];
  if (a && b && b.kind === 'word') {
    const two = APPROX_TWO.get(`${b.lower} ${a.lower}`);
    if (two) return { approx: two, first: index - 2 };
  }
  if (a && a.lower === 'as') {
    const much = tokens[index - 2];
    const as = tokens[index - 3];
    if (much?.lower === 'much' && as?.lower === 'as') return { approx: 'as much as', first: index - 3 };
  }
  if (a && APPROX_ONE.has(a.lower)) return { approx: a.lower === '~' ? 'about' : a.lower, first: index - 1 };
  return null;
}

interface Amount {
  first: number;
  last: number;
  quantity: Quantity;
  currency: string | null;
}

/** A currency-led amount at `index`: "$10 billion", "US$2.5bn", "CHF 300 million". */
function prefixedAmount(tokens: Token[], index: number, context: CurrencyContext): Amount | null {
  const prefix = isPrefixCurrency(tokens, index, context);
  if (!prefix) return null;
  const at = index + prefix.width;
  const number = tokens[at];
  if (number?.kind !== 'num') return null;
  // A sign must touch its number ("$10", not "$ NVDA"); a code may have a space.
  const code = tokens[index] as Token;
  if (code.kind === 'sym' && !number.glued) return null;
  const quantity = quantityAt(tokens, at);
  if (!quantity) return null;
  return { first: index, last: quantity.last, quantity, currency: prefix.currency };
}

/** A number-led amount at `index`: "ten billion dollars", "10,000,000,000 dollars", "15 EUR". */
function suffixedAmount(tokens: Token[], index: number): Amount | null {
  const quantity = quantityAt(tokens, index, true);
  if (!quantity) return null;
  // Years are not amounts ("2026 dollars" is rare; "in 2026 euros" means prices).
  const suffix = suffixCurrency(tokens, quantity.last);
  if (!suffix) return null;
  // "won" is a verb unless a scale precedes it ("5 billion won").
  const word = tokens[quantity.last] as Token;
  if (word.lower === 'won' && quantity.scaleWord === null) return null;
  if (quantity.spelled && quantity.scaleWord === null && quantity.mantissa === 1) return null;
  return { first: index, last: quantity.last + suffix.width, quantity, currency: suffix.currency };
}

/** A bare "10B"/"10bn" beside a money word. */
function bareAmount(tokens: Token[], index: number): Amount | null {
  const token = tokens[index];
  if (token?.kind !== 'num') return null;
  const scale = tokens[index + 1];
  if (!scale?.glued || (scale.lower !== 'b' && scale.lower !== 'bn')) return null;
  const after = tokens[index + 2];
  if (after && COUNT_NOUNS.has(after.lower)) return null;
  let context = false;
  for (let j = Math.max(0, index - 4); j < index; j++) {
    if (MONEY_CONTEXT.has((tokens[j] as Token).lower)) context = true;
  }
  if (!context) return null;
  const quantity = quantityAt(tokens, index);
  if (!quantity) return null;
  return { first: index, last: quantity.last, quantity, currency: 'USD' };
}

/** The upper end of a range after an amount: "-10 billion", "to $65 billion", "and $65 billion". */
function rangeEnd(
  tokens: Token[],
  amount: Amount,
  between: boolean,
  context: CurrencyContext,
): { last: number; quantity: Quantity; currency: string | null } | null {
  const joiner = tokens[amount.last];
  if (!joiner) return null;
  const dash = joiner.text === '-' || joiner.text === '–' || joiner.text === '—';
  if (!dash && joiner.lower !== 'to' && !(between && joiner.lower === 'and')) return null;
  let at = amount.last + 1;
  let currency: string | null = null;
  const prefix = isPrefixCurrency(tokens, at, context);
  // "went from $5M to $50M" is a change, not a range; "between $60bn and $65bn" is a range.
  if (prefix && joiner.lower === 'to' && !(between && tokens[amount.first - 1]?.lower === 'between'))
    return null;
  if (prefix) {
    currency = prefix.currency;
    at += prefix.width;
  }
  const quantity = quantityAt(tokens, at);
  if (!quantity) return null;
  let last = quantity.last;
  const suffix = suffixCurrency(tokens, last);
  if (suffix) {
    currency = suffix.currency;
    last += suffix.width;
  }
  return { last, quantity, currency };
}

/** Money amounts in a sentence's tokens, left to right, not overlapping. */
export function findMoney(tokens: Token[], context: CurrencyContext): MoneyHit[] {
  const hits: MoneyHit[] = [];
  let index = 0;
  while (index < tokens.length) {
    const amount =
      prefixedAmount(tokens, index, context) ?? suffixedAmount(tokens, index) ?? bareAmount(tokens, index);
    if (!amount) {
      index++;
      continue;
    }
    const approx = approxBefore(tokens, amount.first);
    const previous = tokens[amount.first - 1];
    const between = previous?.lower === 'between' || previous?.lower === 'from';
    let { quantity } = amount;
    let currency = amount.currency ?? 'USD';
    let last = amount.last;
    let min: number | null = null;
    let max: number | null = null;
    const range = rangeEnd(tokens, amount, between, context);
    if (range && range.quantity.value > 0) {
      // "$8-10 billion": the scale written once applies to both ends.
      const lowScale = quantity.scaleWord === null ? range.quantity.scale : quantity.scale;
      const low = scaleAmount(quantity.mantissa, lowScale);
      const high = range.quantity.value;
      if (high > low && low > 0) {
        min = low;
        max = high;
        last = range.last;
        if (range.currency && amount.currency === null) currency = range.currency;
      }
    }
    // A currency word after a number-led range end ("8 to 10 billion dollars") is handled by suffix.
    if (quantity.scaleWord === null && amount.last === quantity.last) {
      const late = scaleAt(tokens, quantity.last);
      if (late)
        quantity = { ...quantity, scale: late.scale, value: scaleAmount(quantity.mantissa, late.scale) };
    }
    const value = max ?? quantity.value;
    if (Number.isFinite(value) && value > 0) {
      hits.push({
        first: approx && approx.first >= 0 ? approx.first : amount.first,
        last,
        amount: value,
        currency,
        approx: approx?.approx ?? null,
        min,
        max,
      });
    }
    index = last;
  }
  return hits;
}
