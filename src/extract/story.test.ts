import { describe, expect, it } from 'vitest';
import { extractStory } from './story.js';
import { PUBLISHED_AT, sourceOf } from './test-helpers.js';

const HOUR = 3_600_000;

const story = [
  sourceOf(
    'Microsoft to invest $10 billion in Japan\n\nMicrosoft said on Tuesday it will invest $10 billion in Japan from 2026 to 2029 in cooperation with the Japanese government. Sakura Internet will supply GPUs and cloud capacity to Microsoft. Sakura Internet shares hit limit-up in Tokyo trading.',
    { id: 'doc:1', community: 'Wire' },
  ),
  sourceOf(
    'MSFT putting US$10bn into Japan is nothing. Microsoft Corp. is not investing $50B, that was a rumour.',
    {
      id: 'hn:1',
      kind: 'comment',
      community: 'Hacker News',
      publishedAt: PUBLISHED_AT + HOUR,
    },
  ),
  sourceOf('Microsoft will invest 10,000,000,000 dollars in Japan, per the article.', {
    id: 'reddit:1',
    kind: 'comment',
    community: 'r/technology',
    publishedAt: PUBLISHED_AT - HOUR,
  }),
  sourceOf('Actually Microsoft will invest $9 billion in Japan.', {
    id: 'reddit:2',
    kind: 'comment',
    community: 'r/japan',
    publishedAt: PUBLISHED_AT + 2 * HOUR,
  }),
];

describe('extractStory', () => {
  const result = extractStory(story);
  const investments = result.facts.filter((f) => f.kind === 'investment');

  it('merges equal amounts written differently, counting communities and the first report', () => {
    const [ten] = investments;
    expect(ten?.value).toMatchObject({ investor: 'Microsoft', amount: 10_000_000_000, currency: 'USD' });
    expect(ten?.communities).toBe(3);
    expect(ten?.sources.map((s) => s.id).sort()).toEqual(['doc:1', 'doc:1', 'hn:1', 'reddit:1']);
    expect(ten?.firstReportedAt).toBe(PUBLISHED_AT - HOUR);
  });

  it('takes the text of the most authoritative source', () => {
    expect(investments[0]?.text.startsWith('Microsoft said on Tuesday')).toBe(true);
  });

  it('keeps conflicting values side by side, best-sourced first, flagged', () => {
    expect(investments.map((f) => [f.value.amount, f.conflict])).toEqual([
      [10_000_000_000, true],
      [9_000_000_000, true],
    ]);
    const index = result.facts.indexOf(investments[0] as (typeof investments)[number]);
    expect(result.facts[index + 1]).toBe(investments[1]);
  });

  it('never reports negated or hedged claims', () => {
    expect(result.facts.some((f) => f.value.amount === 50_000_000_000)).toBe(false);
  });

  it('gives every span the exact text of its source', () => {
    const byId = new Map(story.map((s) => [s.id, s.text]));
    for (const fact of result.facts) {
      for (const span of fact.sources) {
        const text = byId.get(span.id) ?? '';
        expect(span.start).toBeGreaterThanOrEqual(0);
        expect(span.end).toBeLessThanOrEqual(text.length);
      }
      const quoted = fact.sources.some((s) => (byId.get(s.id) ?? '').slice(s.start, s.end) === fact.text);
      expect(quoted).toBe(true);
    }
  });

  it('merges aliases and assigns roles with evidence', () => {
    const microsoft = result.entities.find((e) => e.name === 'Microsoft');
    expect(microsoft?.aliases).toEqual(expect.arrayContaining(['MSFT']));
    expect(microsoft?.role).toBe('platform / decision-maker');
    expect(microsoft?.evidence[0]?.reason).toMatch(/investor/);
    const sakura = result.entities.find((e) => e.name === 'Sakura Internet');
    expect(sakura?.role).toBe('compute & hardware provider');
    const government = result.entities.find((e) => e.name === 'Government of Japan');
    expect(government?.role).toBe('government & regulator');
    for (const entity of result.entities) {
      for (const item of entity.evidence) {
        if (item.span) expect(story.some((s) => s.id === item.span?.id)).toBe(true);
      }
    }
  });

  it('merges a short name into the one longer name it starts', () => {
    const { entities } = extractStory([
      sourceOf('Corvane Capital invested $150 million in Halcyon Compute.', { id: 'a' }),
      sourceOf('Corvane is putting $45M into Kestrel Robotics.', { id: 'b' }),
    ]);
    const corvane = entities.find((e) => e.name === 'Corvane Capital');
    expect(corvane?.aliases).toContain('Corvane');
    expect(corvane?.mentions).toBe(2);
    expect(corvane?.role).toBe('investor & market');
  });

  it('takes a surname read as an organisation for want of evidence as the one person it names', () => {
    const { entities } = extractStory([
      sourceOf("John Oliver dismantles Donald Trump's credibility.", { id: 'a' }),
      sourceOf('On Monday Trump responded on Twitter.', { id: 'b' }),
      sourceOf('Analysts at Harbor said Apple would not comment.', { id: 'c' }),
    ]);
    const trump = entities.find((e) => e.name === 'Donald Trump');
    expect(trump?.kind).toBe('person');
    expect(trump?.aliases).toContain('Trump');
    expect(trump?.mentions).toBe(2);
    expect(entities.map((e) => e.name)).not.toContain('Trump');
    // A name no person ends with stays what it was.
    expect(entities.find((e) => e.name === 'Harbor')?.kind).toBe('organization');
  });

  it('gives a role from comments only when two cues there say so', () => {
    const comment = (id: string, text: string) => sourceOf(text, { id, kind: 'comment' });
    const once = extractStory([
      comment('hn:1', 'Halcyon Networks runs its cloud on my old laptop, apparently.'),
    ]);
    expect(once.entities.find((e) => e.name === 'Halcyon Networks')?.role ?? null).toBeNull();
    const twice = extractStory([
      comment('hn:1', 'Halcyon Networks runs its cloud on my old laptop, apparently.'),
      comment('hn:2', 'Halcyon Networks sells GPUs to half the labs I know.'),
    ]);
    expect(twice.entities.find((e) => e.name === 'Halcyon Networks')?.role).toBe(
      'compute & hardware provider',
    );
  });

  it('uses a custom role taxonomy', () => {
    const { entities } = extractStory(story, {
      roles: [{ id: 'chips', label: 'chip people', cues: ['gpus'] }],
    });
    expect(entities.find((e) => e.name === 'Sakura Internet')?.role).toBe('chip people');
    expect(entities.find((e) => e.name === 'Government of Japan')?.role).toBeNull();
  });
});
