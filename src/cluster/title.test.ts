import { describe, expect, it } from 'vitest';
import { pickTitle } from './title.js';

describe('pickTitle', () => {
  it("picks the member title most like the others'", () => {
    expect(
      pickTitle([
        { title: "Nordwind's big bet", publishedAt: 1 },
        { title: 'Nordwind commits €4bn to Baltic offshore grid', publishedAt: 2 },
        { title: 'Nordwind to invest €4bn in Baltic grid link', publishedAt: 3 },
        { title: 'Baltic offshore grid: Nordwind €4bn plan', publishedAt: 4 },
      ]),
    ).toBe('Nordwind commits €4bn to Baltic offshore grid');
  });

  it('breaks ties by the earliest, then the smallest id', () => {
    expect(
      pickTitle([
        { title: 'Same words here', publishedAt: 5, id: 'b' },
        { title: 'Same words here!', publishedAt: 3, id: 'c' },
        { title: 'Same words here?', publishedAt: 3, id: 'a' },
      ]),
    ).toBe('Same words here?');
  });

  it('handles one member and none', () => {
    expect(pickTitle([{ title: 'Only', publishedAt: 1 }])).toBe('Only');
    expect(pickTitle([])).toBe('');
  });
});
