/** What heat needs of each member post. */
export interface HeatMember {
  community: string;
  score: number | null;
  commentCount: number | null;
  publishedAt: number;
}

const HOUR_MS = 3_600_000;
/** A post's weight halves every 12 hours: activity counts most while it is fresh. */
export const HEAT_HALF_LIFE_MS = 12 * HOUR_MS;

/**
 * How hot a story is at `now`: engagement and velocity across communities.
 *
 *   w(m)        = 2^(−age(m) / 12 h)                       (age clamped at 0; fresh posts weigh 1)
 *   e(m)        = max(0, score) + 2 · max(0, comments)    (a comment is worth two votes)
 *   E(c)        = max_{m ∈ c} w(m) · (1 + ln(1 + Σ_{m ∈ c} w(m) · e(m)))
 *   heat        = Σ_c E(c)
 *
 * Each community adds at least its freshest weight, and engagement inside one community counts
 * only logarithmically, so breadth wins: five small fresh threads (5 × (1 + ln 31) ≈ 22) beat one
 * thread with 5,000 votes and 2,000 comments (1 + ln 9,001 ≈ 10.1). Velocity comes from the
 * decay: many posts in the last hours sum to more than the same posts spread over days.
 */
export function computeHeat(members: readonly HeatMember[], now: number): number {
  const communities = new Map<string, { freshest: number; engagement: number }>();
  for (const member of members) {
    const age = Math.max(0, now - member.publishedAt);
    const weight = 2 ** (-age / HEAT_HALF_LIFE_MS);
    const engagement = Math.max(0, member.score ?? 0) + 2 * Math.max(0, member.commentCount ?? 0);
    const entry = communities.get(member.community);
    if (entry) {
      entry.freshest = Math.max(entry.freshest, weight);
      entry.engagement += weight * engagement;
    } else {
      communities.set(member.community, { freshest: weight, engagement: weight * engagement });
    }
  }
  let heat = 0;
  for (const { freshest, engagement } of communities.values())
    heat += freshest * (1 + Math.log1p(engagement));
  return heat;
}
