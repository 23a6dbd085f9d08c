import { describe, expect, it } from 'vitest';
import { stripTitleTags } from './title-tags.js';

describe('stripTitleTags', () => {
  it('drops the kind of post from HN and Reddit titles', () => {
    expect(stripTitleTags('Ask HN: How can foreigners get a job in the USA?')).toBe(
      'How can foreigners get a job in the USA?',
    );
    expect(stripTitleTags('Show HN – A tiny SQLite browser')).toBe('A tiny SQLite browser');
    expect(stripTitleTags('Poll: What is your favorite programming language?')).toBe(
      'What is your favorite programming language?',
    );
    expect(stripTitleTags('[AMA Request] John Oliver')).toBe('John Oliver');
    expect(stripTitleTags('[Serious] [OC] What happened at the border')).toBe('What happened at the border');
    expect(stripTitleTags('The Unix Philosophy (1994) [pdf]')).toBe('The Unix Philosophy');
  });

  it('keeps words that are content, and a title that is nothing but a tag', () => {
    expect(stripTitleTags('Why I ask HN: a retrospective')).toBe('Why I ask HN: a retrospective');
    expect(stripTitleTags('Apple to pay $500m (about €450m) in settlement')).toBe(
      'Apple to pay $500m (about €450m) in settlement',
    );
    expect(stripTitleTags('Results of the 2020 election [Updated at 11pm with the latest counts]')).toBe(
      'Results of the 2020 election [Updated at 11pm with the latest counts]',
    );
    expect(stripTitleTags('[deleted]')).toBe('[deleted]');
  });
});
