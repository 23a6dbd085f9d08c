import { contentTerms, termCounts } from '../text/terms.js';
import { cosine, type SparseVector } from '../text/tfidf.js';

export interface TitledMember {
  title: string;
  publishedAt: number;
  /** Breaks ties between members published at the same time (smaller first). */
  id?: string;
}

/**
 * The story's title: the member title most like the others (highest mean cosine of stemmed
 * content-term counts to the other members' titles); ties go to the earliest, then smallest id.
 * An empty list gives ''.
 */
export function pickTitle(members: readonly TitledMember[]): string {
  if (members.length === 0) return '';
  const vectors: SparseVector[] = members.map((member) => termCounts(contentTerms(member.title)));
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < members.length; i++) {
    let sum = 0;
    for (let j = 0; j < members.length; j++) {
      if (i !== j) sum += cosine(vectors[i] as SparseVector, vectors[j] as SparseVector);
    }
    const score = members.length > 1 ? sum / (members.length - 1) : 0;
    if (
      best === -1 ||
      score > bestScore + 1e-12 ||
      (Math.abs(score - bestScore) <= 1e-12 && earlier(members[i], members[best]))
    ) {
      best = i;
      bestScore = score;
    }
  }
  return members[best]?.title ?? '';
}

function earlier(a: TitledMember | undefined, b: TitledMember | undefined): boolean {
  if (!a || !b) return false;
  if (a.publishedAt !== b.publishedAt) return a.publishedAt < b.publishedAt;
  return (a.id ?? '') < (b.id ?? '');
}
