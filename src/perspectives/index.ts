/**
 * How each community sees a story (the briefing's "How communities see it"): participation,
 * stance from VADER weighted by votes, distinctive themes, representative comments; and where
 * communities agree, disagree, and how controversial the story is. Pure: data in, data out.
 */
import { contentTerms } from '../text/terms.js';
import { duplicateKey, opinionSentences, ownWords, subjectMatcher } from './opinion-text.js';
import { pickRepresentatives, type RepresentativeCandidate } from './representatives.js';
import { classifyStance, compoundOf, type ScoredOpinion, stanceScores, voteWeight } from './stance.js';
import { commonTerms, countTerms, distinctiveThemes, termBag } from './themes.js';
import type {
  CommunityComparison,
  CommunityPair,
  CommunityPerspective,
  PerspectiveComment,
  PerspectivePost,
  PerspectivesInput,
  Stance,
} from './types.js';

export { excerpt } from './representatives.js';
export type * from './types.js';

/** A comment that does not mention the subject still counts for stance, at this weight. */
const OFF_SUBJECT_WEIGHT = 0.5;

interface Voice extends RepresentativeCandidate {
  /** The commenter's own words (quotes of others dropped). */
  words: string;
}

interface CommunityInput {
  posts: PerspectivePost[];
  comments: PerspectiveComment[];
}

function groupByCommunity(input: PerspectivesInput): Map<string, CommunityInput> {
  const groups = new Map<string, CommunityInput>();
  const group = (community: string) => {
    let entry = groups.get(community);
    if (!entry) {
      entry = { posts: [], comments: [] };
      groups.set(community, entry);
    }
    return entry;
  };
  for (const post of input.posts) group(post.community).posts.push(post);
  for (const comment of input.comments) {
    if (ownWords(comment.text) === '') continue; // deleted, removed, or only quoting others
    group(comment.community).comments.push(comment);
  }
  return groups;
}

/**
 * The distinct voices of a community: its comments and the posts' own texts, with copies of one
 * text (spam, double posts) kept once — the best-scored copy.
 */
function voicesOf(group: CommunityInput): Voice[] {
  const byText = new Map<string, Voice>();
  const add = (voice: Voice) => {
    const key = duplicateKey(voice.words);
    const existing = byText.get(key);
    if (!existing || (voice.score ?? 0) > (existing.score ?? 0)) byText.set(key, voice);
  };
  for (const post of group.posts) {
    const words = ownWords(post.text);
    if (words !== '') {
      add({ id: post.id, postId: post.id, author: post.author, text: post.text, score: post.score, words });
    }
  }
  for (const comment of group.comments) {
    add({
      id: comment.id,
      postId: comment.postId,
      author: comment.author,
      text: comment.text,
      score: comment.score,
      words: ownWords(comment.text),
    });
  }
  return [...byText.values()];
}

function opinionOf(voice: Voice, mentionsSubject: ((sentence: string) => boolean) | null): ScoredOpinion {
  const sentences = opinionSentences(voice.text);
  const weight = voteWeight(voice.score);
  if (!mentionsSubject) return { compound: compoundOf(sentences), weight };
  const about = sentences.filter(mentionsSubject);
  if (about.length > 0) return { compound: compoundOf(about), weight };
  return { compound: compoundOf(sentences), weight: weight * OFF_SUBJECT_WEIGHT };
}

/**
 * Per community: participation, stance toward the subject, themes and 2–3 representative
 * comments. Communities with the most comments come first. Deleted comments (empty text,
 * "[deleted]", "[removed]") are ignored everywhere; copies of one text count once except in
 * participation. With `totals`, participation counts every comment of the story, while stance,
 * themes and quotes read the comments given.
 */
export function analyseCommunities(input: PerspectivesInput): CommunityPerspective[] {
  const groups = groupByCommunity(input);
  const mentionsSubject = subjectMatcher(input.subject);
  const subjectTerms = new Set((input.subject ?? []).flatMap((phrase) => contentTerms(phrase)));

  const analysed = [...groups].map(([community, group]) => {
    const voices = voicesOf(group);
    const bags = voices.map((voice) => termBag(voice.words));
    return { community, group, voices, counts: countTerms(bags), bags };
  });

  return analysed
    .map(({ community, group, voices, counts }) => {
      const others = analysed.filter((entry) => entry.community !== community);
      const otherCounts = others.length > 0 ? countTerms(others.flatMap((entry) => entry.bags)) : null;
      const total = input.totals?.get(community);
      const authors = new Set<string>(total?.authors);
      for (const post of group.posts) if (post.author) authors.add(post.author);
      for (const comment of group.comments) if (comment.author) authors.add(comment.author);
      const comments = Math.max(total?.comments ?? 0, group.comments.length);
      const scores = stanceScores(voices.map((voice) => opinionOf(voice, mentionsSubject)));
      return {
        community,
        participation: { posts: group.posts.length, comments, authors: authors.size },
        stance: classifyStance(scores),
        stanceScores: scores,
        themes: distinctiveThemes(counts, otherCounts, subjectTerms),
        commonTerms: commonTerms(counts).map(({ term, share }) => ({ term, share })),
        // Posts' own texts speak for stance and themes; the quotes are comments.
        representatives: pickRepresentatives(voices.filter((voice) => voice.id !== voice.postId)),
      } satisfies CommunityPerspective;
    })
    .sort(
      (a, b) =>
        b.participation.comments - a.participation.comments ||
        b.participation.posts - a.participation.posts ||
        (a.community < b.community ? -1 : 1),
    );
}

const SHARED_TERM_SHARE = 0.1;

function isOpposite(a: Stance, b: Stance): boolean {
  return (a === 'positive' && b === 'negative') || (a === 'negative' && b === 'positive');
}

/**
 * Where communities agree and disagree, pair by pair, the terms they share, and a controversy
 * measure (see `CommunityComparison.controversy`). Communities with no scored comment are left
 * out of stance comparisons.
 */
export function compareCommunities(perspectives: readonly CommunityPerspective[]): CommunityComparison {
  const widely = new Map<string, string[]>();
  for (const perspective of perspectives) {
    for (const { term, share } of perspective.commonTerms) {
      if (share < SHARED_TERM_SHARE) continue;
      widely.set(term, [...(widely.get(term) ?? []), perspective.community]);
    }
  }
  const sharedTerms = [...widely]
    .filter(([, communities]) => communities.length >= 2)
    .map(([term, communities]) => ({ term, communities }))
    .sort((a, b) => b.communities.length - a.communities.length || (a.term < b.term ? -1 : 1));

  const scored = perspectives.filter((perspective) => perspective.stanceScores.n > 0);
  const agreements: CommunityPair[] = [];
  const disagreements: CommunityPair[] = [];
  for (let i = 0; i < scored.length; i++) {
    for (let j = i + 1; j < scored.length; j++) {
      const a = scored[i] as CommunityPerspective;
      const b = scored[j] as CommunityPerspective;
      const difference = a.stanceScores.mean - b.stanceScores.mean;
      const pair: CommunityPair = {
        communities: [a.community, b.community],
        stances: [a.stance, b.stance],
        difference,
        sharedTerms: sharedTerms
          .filter(({ communities }) => communities.includes(a.community) && communities.includes(b.community))
          .map(({ term }) => term),
      };
      if (isOpposite(a.stance, b.stance) || Math.abs(difference) >= 0.4) disagreements.push(pair);
      else if (
        (a.stance === b.stance && (a.stance === 'positive' || a.stance === 'negative')) ||
        Math.abs(difference) <= 0.15
      ) {
        agreements.push(pair);
      }
    }
  }

  const totalN = scored.reduce((sum, perspective) => sum + perspective.stanceScores.n, 0);
  let between = 0;
  let within = 0;
  if (totalN > 0) {
    const mean = scored.reduce((sum, p) => sum + p.stanceScores.n * p.stanceScores.mean, 0) / totalN;
    const variance =
      scored.reduce((sum, p) => sum + p.stanceScores.n * (p.stanceScores.mean - mean) ** 2, 0) / totalN;
    between = Math.min(1, Math.sqrt(variance));
    within = scored.reduce((sum, p) => sum + p.stanceScores.n * p.stanceScores.polarisation, 0) / totalN;
  }
  const score = (between + within) / 2;
  const level = score >= 0.45 ? 'high' : score >= 0.25 ? 'moderate' : 'low';
  return { agreements, disagreements, sharedTerms, controversy: { score, between, within, level } };
}
