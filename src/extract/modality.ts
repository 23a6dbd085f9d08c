/**
 * Negation, hedging and attribution in one sentence. A claim is negated or hedged when a cue
 * ("not", "denied", "could", "reportedly", "I doubt", "if") comes before its trigger in the same
 * clause, or when it sits in a question. Attribution ("…, Nadella said", "according to Reuters")
 * names the speaker and is not a hedge.
 */
import type { FoundEntity } from './entities.js';
import type { Token } from './scan.js';

const NEGATIONS = new Set([
  'not',
  'never',
  'nobody',
  'none',
  'neither',
  'nor',
  'denied',
  'denies',
  'deny',
  'denying',
  'rejected',
  'rejecting',
  'refuted',
  'dismissed',
  'fake',
  'cannot',
  'without',
  'no',
]);

const HEDGES = new Set([
  'could',
  'might',
  'may',
  'maybe',
  'perhaps',
  'possibly',
  'reportedly',
  'rumoured',
  'rumored',
  'rumour',
  'rumor',
  'rumours',
  'rumors',
  'allegedly',
  'supposedly',
  'apparently',
  'speculation',
  'speculated',
  'considering',
  'weighing',
  'mulling',
  'exploring',
  'talks',
  'if',
  'unless',
  'whether',
  'imagine',
  'doubt',
  'skeptical',
  'sceptical',
  'potentially',
  'hypothetically',
  'wonder',
  'hopefully',
  'anticipated',
  'predicted',
  'forecast',
  'forecasts',
  'forecasters',
  'estimate',
  'projected',
]);

/** After "I": "I think", "I guess", "I'd bet". */
const FIRST_PERSON_HEDGES = new Set([
  'think',
  'guess',
  'bet',
  'suspect',
  'assume',
  'believe',
  'reckon',
  'doubt',
  'hope',
  'feel',
]);

const QUESTION_WORDS = new Set([
  'who',
  'what',
  'why',
  'how',
  'which',
  'where',
  'when',
  'is',
  'are',
  'was',
  'does',
  'do',
  'did',
  'can',
  'could',
  'would',
  'should',
  'will',
  'anyone',
  'any',
  'right',
  'so',
]);

/** Words that start a new clause after a comma. */
const CLAUSE_STARTERS = new Set([
  'but',
  'while',
  'whereas',
  'although',
  'though',
  'because',
  'so',
  'they',
  "they're",
  'we',
  'i',
  "i'm",
  'he',
  'she',
  'which',
]);

export interface Modality {
  /** Is the claim whose trigger is at token `index` negated / hedged? */
  negatedAt(index: number): boolean;
  hedgedAt(index: number): boolean;
  speaker: string | null;
}

function isNegation(token: Token): boolean {
  if (NEGATIONS.has(token.lower)) return true;
  return token.lower.endsWith("n't") || token.lower.endsWith('n’t');
}

function isClauseBoundary(tokens: Token[], index: number): boolean {
  const token = tokens[index] as Token;
  if (token.text === ';' || token.text === ':' || token.lower === 'but' || token.lower === 'while')
    return true;
  if (token.text === ',' || token.text === '—' || token.text === '(' || token.text === ')') {
    const next = tokens[index + 1];
    return next !== undefined && CLAUSE_STARTERS.has(next.lower);
  }
  return false;
}

const SAY_VERBS = new Set([
  'said',
  'says',
  'told',
  'wrote',
  'added',
  'reported',
  'announced',
  'stated',
  'noted',
  'confirmed',
]);
const SPEAKER_NOUNS = new Set([
  'company',
  'companies',
  'ministry',
  'spokesperson',
  'spokesman',
  'spokeswoman',
  'analysts',
  'officials',
  'official',
  'executive',
  'sources',
  'source',
  'government',
  'regulator',
  'bank',
  'group',
  'firm',
  'treasury',
  'people',
  'person',
]);

function findSpeaker(tokens: Token[], entities: FoundEntity[]): string | null {
  const byLast = new Map<number, FoundEntity>();
  for (const entity of entities) byLast.set(entity.last, entity);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    // according to X
    if (token.lower === 'according' && tokens[i + 1]?.lower === 'to') {
      const entity = entities.find((e) => e.first >= i + 2 && e.first <= i + 3);
      if (entity) return entity.name;
      const words: string[] = [];
      for (let j = i + 2; j < tokens.length && j < i + 8; j++) {
        const t = tokens[j] as Token;
        if (t.kind !== 'word') break;
        words.push(t.text);
      }
      return words.length > 0 ? words.join(' ') : null;
    }
    if (!SAY_VERBS.has(token.lower)) continue;
    // "X said", "X, the chief executive, said", "the company said"
    for (let end = i; end >= i - 2 && end > 0; end--) {
      const entity = byLast.get(end);
      if (entity && entity.kind !== 'place') return entity.name;
    }
    const previous = tokens[i - 1];
    if (previous && SPEAKER_NOUNS.has(previous.lower)) {
      const article = tokens[i - 2];
      const two = tokens[i - 3];
      if (two && article && (article.lower === 'two' || article.lower === 'chief')) {
        return `${two.text} ${article.text} ${previous.text}`;
      }
      return article && (article.lower === 'the' || article.lower === 'a' || article.lower === 'an')
        ? `${article.text} ${previous.text}`
        : previous.text;
    }
    if (previous && (previous.lower === 'it' || previous.lower === 'they')) {
      // "…, it said": the sentence's subject speaks.
      const subject = entities.find((e) => e.kind !== 'place' && e.kind !== 'person') ?? entities[0];
      if (subject && token.lower !== 'reported') return subject.name;
    }
  }
  return null;
}

/** The modality of a sentence given its tokens and entities. */
export function assessModality(tokens: Token[], entities: FoundEntity[]): Modality {
  // Where the question clause starts, and where it ends (the "?").
  let questionStart = -1;
  let questionEnd = -1;
  for (let i = 0; i < tokens.length; i++) {
    if ((tokens[i] as Token).text === '?') {
      questionEnd = i;
      questionStart = 0;
      for (let j = i - 1; j >= 0; j--) {
        const t = tokens[j] as Token;
        if (
          (t.text === ',' || t.text === ':' || t.text === ';') &&
          QUESTION_WORDS.has(tokens[j + 1]?.lower ?? '')
        ) {
          questionStart = j + 1;
          break;
        }
        if (t.text === '?' || t.text === '.' || t.text === '!') {
          questionStart = j + 1;
          break;
        }
      }
      break;
    }
  }
  // Clause start for each index, and the nearest cue before each index in its clause.
  const lastNegation = new Int32Array(tokens.length + 1).fill(-1);
  const lastHedge = new Int32Array(tokens.length + 1).fill(-1);
  let clauseStart = 0;
  let negation = -1;
  let hedge = -1;
  for (let i = 0; i < tokens.length; i++) {
    lastNegation[i] = negation;
    lastHedge[i] = hedge;
    const token = tokens[i] as Token;
    if (isClauseBoundary(tokens, i)) {
      clauseStart = i + 1;
      negation = -1;
      hedge = -1;
      continue;
    }
    if (isNegation(token)) {
      // "No, …" alone at the start is a reply, and it still denies what follows.
      negation = i;
    }
    // "May 14" is a month, not a modal.
    const isMonth = token.text === 'May' && tokens[i + 1]?.kind === 'num';
    // "if I read this right", "if you ask me": asides, not conditions.
    const aside =
      token.lower === 'if' &&
      ['i', 'you'].includes(tokens[i + 1]?.lower ?? '') &&
      ['read', 'understand', 'recall', 'remember', 'ask', 'look'].includes(tokens[i + 2]?.lower ?? '');
    if (HEDGES.has(token.lower) && !isMonth && !aside) hedge = i;
    if (FIRST_PERSON_HEDGES.has(token.lower)) {
      const previous = tokens[i - 1];
      if (previous && (previous.lower === 'i' || previous.lower === "i'd" || previous.lower === 'i’d'))
        hedge = i;
    }
    if (token.lower === 'were' && tokens[i + 1]?.lower === 'to') hedge = i;
  }
  void clauseStart;
  const inQuestion = (index: number) => questionEnd !== -1 && index >= questionStart && index < questionEnd;
  return {
    negatedAt: (index) => (lastNegation[Math.min(index, tokens.length)] ?? -1) !== -1,
    hedgedAt: (index) => inQuestion(index) || (lastHedge[Math.min(index, tokens.length)] ?? -1) !== -1,
    speaker: findSpeaker(tokens, entities),
  };
}
