import { describe, expect, it } from 'vitest';
import { composeBriefing } from './compose.js';
import { checkGrounding } from './ground.js';
import { comments, posts, storyInput, T0, wire } from './test-story.js';
import type { Briefing } from './types.js';

const input = storyInput();
const briefing = composeBriefing(input);
const sourceN = (id: string) => briefing.sources.find((s) => s.id === id)?.n;
const textOf = new Map(input.sources.map((s) => [s.id, s.text.replace(/\s+/g, ' ')]));
const idOf = (n: number) => briefing.sources.find((s) => s.n === n)?.id ?? '';
const section = (b: Briefing, id: string) => b.sections.find((s) => s.id === id);

describe('composeBriefing', () => {
  it('takes the headline from the posts and cites the post that carries it', () => {
    expect(briefing.headline).toBe(posts[1]?.title);
    expect(briefing.headlineCitations).toEqual([sourceN('reddit:t3_abc1')]);
  });

  it('writes the byline with counts, communities and the UTC update time', () => {
    expect(briefing.byline).toBe(
      'Synthesised from 3 posts and 7 comments in Hacker News, r/technology and r/japan · updated 2026-03-03 13:00 UTC',
    );
  });

  it('says what happened in 2–4 sentences quoted from the posts and documents they cite', () => {
    const sentences = section(briefing, 'what-happened')?.sentences ?? [];
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    expect(sentences.length).toBeLessThanOrEqual(4);
    for (const sentence of sentences) {
      expect(sentence.citations).toHaveLength(1);
      const cited = idOf(sentence.citations[0] as number);
      expect(['post', 'document']).toContain(briefing.sources.find((s) => s.id === cited)?.kind);
      expect(textOf.get(cited)).toContain(sentence.text);
    }
  });

  it('leaves a sentence with an obscenity out of what happened', () => {
    const first = section(briefing, 'what-happened')?.sentences[0]?.text ?? '';
    expect(first).not.toBe('');
    const swearing = first.replace(/^(\S+ \S+)/, '$1 fucking');
    const crude = storyInput({
      sources: input.sources.map((s) => ({ ...s, text: s.text.replace(first, swearing) })),
      posts: input.posts.map((p) => ({ ...p, text: p.text.replace(first, swearing) })),
    });
    const sentences = section(composeBriefing(crude), 'what-happened')?.sentences ?? [];
    expect(sentences.length).toBeGreaterThan(0);
    expect(sentences.map((s) => s.text).join(' ')).not.toMatch(/fucking/);
  });

  it('renders key facts for reading, flags the conflicting figure and keeps the values side by side', () => {
    const investments = briefing.facts.filter((f) => f.kind === 'investment');
    expect(investments.map((f) => [f.value, f.who, f.conflict])).toEqual([
      ['USD 10,000,000,000 in Japan, 2026–2029', 'Microsoft', true],
      ['USD 9,000,000,000 in Japan', 'Microsoft', true],
    ]);
    const ten = briefing.facts.indexOf(investments[0] as Briefing['facts'][number]);
    expect(investments[0]?.conflictsWith).toEqual([ten + 1]);
    expect(investments[1]?.conflictsWith).toEqual([ten]);
    expect(investments[0]?.communities).toBe(3);
    expect(investments[1]?.citations).toEqual([sourceN('hn:1003')]);
    expect(briefing.facts.find((f) => f.kind === 'target')?.value).toBe(
      'train 1,000,000 engineers and developers by 2030',
    );
    expect(briefing.facts.find((f) => f.kind === 'market_move')).toMatchObject({
      value: 'shares up 20%',
      who: 'Sakura Internet',
    });
  });

  it('finds why it matters and what it means for you from cue sentences, not from low-voted comments', () => {
    expect(section(briefing, 'why-it-matters')?.sentences.map((s) => s.text)).toContain(
      'This is great news for Japanese developers because local GPU capacity has been scarce for years.',
    );
    expect(section(briefing, 'what-it-means-for-you')?.sentences).toEqual([
      {
        text: 'If you run workloads in Tokyo, you should expect lower latency once the new regions open.',
        citations: [sourceN('hn:1004')],
      },
    ]);
    const all = JSON.stringify(briefing);
    expect(all).not.toContain('"lol"');
    expect(briefing.sources.some((s) => s.id === 'reddit:t1_c3')).toBe(false);
  });

  it("groups who's involved by role", () => {
    const roleOf = (name: string) =>
      briefing.entities.find((g) => g.entities.some((e) => e.name === name))?.role;
    expect(roleOf('Microsoft')).toBe('platform / decision-maker');
    expect(roleOf('Sakura Internet')).toBe('compute & hardware provider');
    expect(roleOf('Japan')).toBe('places');
  });

  it('shows an entity only one comment names only when another source names it too', () => {
    const aside = (id: string, text: string) => ({
      id,
      kind: 'comment' as const,
      community: 'Hacker News',
      publishedAt: T0 + 3_600_000,
      author: `user-${id}`,
      text,
    });
    const audioQuest = (ids: string[]) => ({
      name: 'AudioQuest',
      kind: 'organization' as const,
      aliases: [],
      role: 'compute & hardware provider',
      evidence: ids.map((id) => ({ reason: 'cue: servers', span: { id, start: 3, end: 13 } })),
      mentions: ids.length,
    });
    const shown = (b: Briefing) => b.entities.flatMap((g) => g.entities.map((e) => e.name));
    const once = [aside('hn:901', 'My AudioQuest cable runs to the servers.')];
    expect(
      shown(
        composeBriefing({
          ...input,
          sources: [...input.sources, ...once],
          entities: [...input.entities, audioQuest(['hn:901'])],
        }),
      ),
    ).not.toContain('AudioQuest');
    const twice = [...once, aside('hn:902', 'An AudioQuest rep says the servers need no new cables.')];
    expect(
      shown(
        composeBriefing({
          ...input,
          sources: [...input.sources, ...twice],
          entities: [...input.entities, audioQuest(['hn:901', 'hn:902'])],
        }),
      ),
    ).toContain('AudioQuest');
  });

  it('shows every community with stance, participation and quoted, cited comments', () => {
    expect(briefing.perspectives.map((p) => p.community).sort()).toEqual([
      'Hacker News',
      'r/japan',
      'r/technology',
    ]);
    const tech = briefing.perspectives.find((p) => p.community === 'r/technology');
    expect(tech?.participation).toEqual({ posts: 1, comments: 3, authors: 4 });
    expect(tech?.quotes.length).toBeGreaterThanOrEqual(2);
    for (const quote of tech?.quotes ?? []) {
      const source = briefing.sources.find((s) => s.n === quote.citations[0]);
      expect(source?.kind).toBe('comment');
      expect(source?.url).toMatch(/^https:\/\/www\.reddit\.com\/comments\/abc1\/_\/c\d\/$/);
      expect(textOf.get(source?.id ?? '')).toContain(quote.text);
    }
  });

  it('counts every comment of the story when it read only some of them', () => {
    // As the store gives it when a story has more comments than it reads (loadStoryComments).
    const sampled = composeBriefing({
      ...input,
      commentTotals: new Map([
        ['r/technology', { comments: 1_203, authors: new Set(['a1', 'a2', 'a3', 'a4', 'a5']) }],
        ['Hacker News', { comments: 95, authors: new Set(['h1']) }],
      ]),
    });
    expect(sampled.byline).toMatch(/^Synthesised from 3 posts and 1298 comments in /);
    const tech = sampled.perspectives.find((p) => p.community === 'r/technology');
    const readTech = briefing.perspectives.find((p) => p.community === 'r/technology');
    expect(tech?.participation.comments).toBe(1_203);
    // The authors of every comment (five others here) and of the community's posts and comments read.
    expect(tech?.participation.authors).toBe((readTech?.participation.authors ?? 0) + 5);
    // Stance and quotes come from the comments read, as before.
    expect(tech?.stance).toBe(readTech?.stance);
    expect(tech?.quotes).toEqual(readTech?.quotes);
  });

  it('dates events in the timeline and lists sources with links, the earliest post inspiring the story', () => {
    expect(briefing.timeline.map((e) => [e.date, e.citations])).toEqual([['2026-03-03', [sourceN(wire.id)]]]);
    expect(briefing.sources.slice(0, 4).map((s) => [s.n, s.id, s.kind])).toEqual([
      [1, 'hn:1001', 'post'],
      [2, 'reddit:t3_abc1', 'post'],
      [3, 'reddit:t3_abc2', 'post'],
      [4, wire.id, 'document'],
    ]);
    expect(briefing.sources[3]?.url).toBe('https://wire.example.com/microsoft-japan');
    expect(briefing.sources.find((s) => s.id === 'hn:1003')?.url).toBe(
      'https://news.ycombinator.com/item?id=1003',
    );
    expect(briefing.inspiredBy).toEqual({ n: 1, community: 'Hacker News', title: posts[0]?.title });
    expect(briefing.disclaimer).toBe(
      'This briefing was assembled automatically from the sources above; every statement links to the source it came from.',
    );
  });

  it('is grounded: every number, date and name is in a cited source, and every citation exists', () => {
    expect(briefing.grounded).toBe(true);
    expect(checkGrounding(briefing, input.sources)).toEqual({ grounded: true, failures: [] });
    const numbers = new Set(briefing.sources.map((s) => s.n));
    const cited = JSON.stringify(briefing).match(/"citations":\[[\d,]*\]/g) ?? [];
    for (const list of cited)
      for (const n of JSON.parse(list.slice(12)) as number[]) expect(numbers.has(n)).toBe(true);
  });

  it('leaves out sections with nothing in them', () => {
    const bare = composeBriefing(
      storyInput({
        comments: [],
        facts: [],
        entities: [],
        sources: input.sources.filter((s) => s.kind === 'post'),
      }),
    );
    expect(bare.sections.map((s) => s.id)).toEqual(['what-happened']);
    expect(bare.perspectives.every((p) => p.quotes.length === 0)).toBe(true);
    expect(bare.facts).toEqual([]);
    expect(bare.timeline).toEqual([]);
    expect(bare.sources.every((s) => s.kind === 'post')).toBe(true);
    expect(bare.grounded).toBe(true);
  });

  it('is the same for the same input', () => {
    expect(composeBriefing(storyInput())).toEqual(briefing);
    expect(briefing.updatedAt).toBe(T0 + 5 * 3_600_000);
    expect(comments.length).toBe(7);
  });
});
