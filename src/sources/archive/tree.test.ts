import { describe, expect, it } from 'vitest';
import { makeComment } from '../../test-support/make.js';
import { GENERATION_ROWS, RecentTree } from './tree.js';

const bare = (id: string, parentId: string) => makeComment({ id, postId: null, parentId, depth: null });

describe('RecentTree', () => {
  it('makes a comment answering a remembered post top-level under it', () => {
    const tree = new RecentTree();
    tree.addPost('hn:1');
    expect(tree.place(bare('hn:2', 'hn:1'))).toMatchObject({ postId: 'hn:1', parentId: null, depth: 0 });
  });

  it('gives a reply its parent comment’s post and depth + 1, down the chain', () => {
    const tree = new RecentTree();
    tree.addPost('hn:1');
    tree.place(bare('hn:2', 'hn:1'));
    tree.place(bare('hn:3', 'hn:2'));
    expect(tree.place(bare('hn:4', 'hn:3'))).toMatchObject({ postId: 'hn:1', parentId: 'hn:3', depth: 2 });
  });

  it('fills the depth of a Reddit reply whose post is already known', () => {
    const tree = new RecentTree();
    tree.place(makeComment({ id: 'reddit:t1_a', postId: 'reddit:t3_p', parentId: null, depth: 0 }));
    const reply = makeComment({
      id: 'reddit:t1_b',
      postId: 'reddit:t3_p',
      parentId: 'reddit:t1_a',
      depth: null,
    });
    expect(tree.place(reply)).toMatchObject({ postId: 'reddit:t3_p', depth: 1 });
  });

  it('leaves a comment whose parent it has not seen (or has forgotten) for the store to resolve', () => {
    const tree = new RecentTree(4);
    const orphan = bare('hn:9', 'hn:8');
    expect(tree.place(orphan)).toBe(orphan);
    for (const id of ['hn:1', 'hn:2', 'hn:3', 'hn:4', 'hn:5']) tree.addPost(id);
    expect(tree.place(bare('hn:10', 'hn:1'))).toMatchObject({ postId: null, depth: null });
    expect(tree.place(bare('hn:11', 'hn:4'))).toMatchObject({ postId: 'hn:4', depth: 0 });
  });

  it('does not move a comment to another post than the one it names', () => {
    const tree = new RecentTree();
    tree.place(makeComment({ id: 'reddit:t1_a', postId: 'reddit:t3_p', parentId: null, depth: 0 }));
    const stray = makeComment({
      id: 'reddit:t1_b',
      postId: 'reddit:t3_q',
      parentId: 'reddit:t1_a',
      depth: null,
    });
    expect(tree.place(stray)).toBe(stray);
  });

  it('remembers at most its capacity and at least all but one generation of it', () => {
    const capacity = 5 * GENERATION_ROWS + 100;
    const tree = new RecentTree(capacity);
    const rows = 3 * capacity;
    for (let id = 1; id <= rows; id++) tree.addPost(`hn:${id}`);
    const remembered = (id: number) => tree.place(bare(`hn:c${id}`, `hn:${id}`)).postId !== null;
    expect(remembered(rows - 4 * GENERATION_ROWS + 1)).toBe(true);
    expect(remembered(rows)).toBe(true);
    expect(remembered(rows - capacity)).toBe(false);
  });
});
