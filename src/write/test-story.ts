/** A small story for the writer's tests: one event told by a wire, HN, two subreddits and a feed. */
import { extractStory } from '../extract/index.js';
import { postSourceText, type SourceText } from '../extract/types.js';
import type { BriefingCommentInput, BriefingInput, BriefingPostInput } from './types.js';

export const T0 = Date.parse('2026-03-03T08:00:00Z');
const HOUR = 3_600_000;

export const posts: BriefingPostInput[] = [
  {
    id: 'hn:1001',
    community: 'Hacker News',
    title: 'Microsoft to invest $10B in Japan AI infrastructure',
    text: '',
    url: 'https://wire.example.com/microsoft-japan',
    permalink: 'https://news.ycombinator.com/item?id=1001',
    author: 'pgfan',
    score: 420,
    commentCount: 3,
    publishedAt: T0,
    dedupKey: 'wire.example.com/microsoft-japan',
  },
  {
    id: 'reddit:t3_abc1',
    community: 'r/technology',
    title: 'Microsoft will invest $10 billion in Japan over four years',
    text: 'Microsoft said it will invest $10 billion in Japan from 2026 to 2029, its largest investment in the country. The money goes to data centres and to training one million engineers by 2030.',
    url: null,
    permalink: 'https://www.reddit.com/r/technology/comments/abc1/microsoft/',
    author: 'techie',
    score: 1500,
    commentCount: 3,
    publishedAt: T0 + HOUR,
  },
  {
    id: 'reddit:t3_abc2',
    community: 'r/japan',
    title: 'Microsoft investing in Japan data centres',
    text: 'Sakura Internet will supply GPUs and cloud capacity to Microsoft under the plan. Sakura Internet shares rose 20% in Tokyo trading.',
    url: null,
    permalink: 'https://www.reddit.com/r/japan/comments/abc2/microsoft/',
    author: 'tokyoite',
    score: 300,
    commentCount: 2,
    publishedAt: T0 + 2 * HOUR,
  },
];

export const comments: BriefingCommentInput[] = [
  {
    id: 'hn:1002',
    postId: 'hn:1001',
    parentId: null,
    community: 'Hacker News',
    author: 'skeptic',
    text: 'This is great news for Japanese developers because local GPU capacity has been scarce for years.',
    score: null,
    publishedAt: T0 + HOUR,
    depth: 0,
  },
  {
    id: 'hn:1003',
    postId: 'hn:1001',
    parentId: 'hn:1002',
    community: 'Hacker News',
    author: 'contrarian',
    text: 'I read that Microsoft will invest $9 billion in Japan, not ten. The numbers keep changing.',
    score: null,
    publishedAt: T0 + 2 * HOUR,
    depth: 1,
  },
  {
    id: 'hn:1004',
    postId: 'hn:1001',
    parentId: null,
    community: 'Hacker News',
    author: '<img src=x onerror=alert(1)>',
    text: 'If you run workloads in Tokyo, you should expect lower latency once the new regions open.',
    score: null,
    publishedAt: T0 + 3 * HOUR,
    depth: 0,
  },
  {
    id: 'reddit:t1_c1',
    postId: 'reddit:t3_abc1',
    parentId: null,
    community: 'r/technology',
    author: 'dataguy',
    text: 'Honestly a smart move, the demand for cloud capacity in Asia is enormous and growing fast.',
    score: 250,
    publishedAt: T0 + 2 * HOUR,
    depth: 0,
  },
  {
    id: 'reddit:t1_c2',
    postId: 'reddit:t3_abc1',
    parentId: null,
    community: 'r/technology',
    author: 'worrier',
    text: 'Terrible for the power grid, these data centres will eat electricity that households need.',
    score: 90,
    publishedAt: T0 + 3 * HOUR,
    depth: 0,
  },
  {
    id: 'reddit:t1_c3',
    postId: 'reddit:t3_abc1',
    parentId: null,
    community: 'r/technology',
    author: 'lurker',
    text: 'lol',
    score: 1,
    publishedAt: T0 + 4 * HOUR,
    depth: 0,
  },
  {
    id: 'reddit:t1_c4',
    postId: 'reddit:t3_abc2',
    parentId: null,
    community: 'r/japan',
    author: 'osaka_dev',
    text: 'Good for Sakura Internet, their shares have been flat for ages and this could finally change that.',
    score: 40,
    publishedAt: T0 + 3 * HOUR,
    depth: 0,
  },
];

export const wire: SourceText = {
  id: 'doc:wire.example.com/microsoft-japan',
  kind: 'document',
  community: 'wire.example.com',
  publishedAt: T0,
  author: 'Jane Reporter',
  text: 'Microsoft said on Tuesday it will invest $10 billion in Japan between 2026 and 2029 to expand its AI and cloud infrastructure. The company will work with Sakura Internet, which will supply GPUs to Microsoft. Brad Smith, Microsoft president, said the plan is the largest investment the company has made in Japan. Microsoft also plans to train one million engineers and developers by 2030.',
};

/** The story's SourceTexts as the store gives them, and its facts from the real extractor. */
export function storyInput(overrides: Partial<BriefingInput> = {}): BriefingInput {
  const sources: SourceText[] = [
    ...posts.map(
      (p): SourceText => ({
        id: p.id,
        kind: 'post',
        community: p.community,
        publishedAt: p.publishedAt,
        author: p.author,
        text: postSourceText(p),
      }),
    ),
    ...comments.map(
      (c): SourceText => ({
        id: c.id,
        kind: 'comment',
        community: c.community,
        publishedAt: c.publishedAt,
        author: c.author,
        text: c.text,
      }),
    ),
    wire,
  ].sort((a, b) => a.publishedAt - b.publishedAt || (a.id < b.id ? -1 : 1));
  const { facts, entities } = extractStory(sources);
  return {
    story: { id: 'story-1', title: posts[1]?.title ?? '', firstSeen: T0, lastSeen: T0 + 4 * HOUR },
    posts,
    comments,
    sources,
    facts,
    entities,
    now: T0 + 5 * HOUR,
    ...overrides,
  };
}
