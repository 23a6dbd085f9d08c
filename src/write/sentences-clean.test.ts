import { describe, expect, it } from 'vitest';
import { balanceQuotes, cleanSentence, decodeEntities, quoteState } from './sentences-clean.js';

describe('cleanSentence', () => {
  it('keeps the text of markdown links and drops their targets', () => {
    expect(cleanSentence('See [the filing](https://sec.gov/x?a=1) for details.')).toBe(
      'See the filing for details.',
    );
  });

  it('drops bold marks, code ticks and HTML tags but keeps their words', () => {
    expect(cleanSentence('The **board** approved `v2` of the <b>plan</b>.')).toBe(
      'The board approved v2 of the plan.',
    );
  });

  it('decodes character references', () => {
    expect(cleanSentence('AT&amp;T and R&amp;D rose 5&nbsp;% &#8212; a record.')).toBe(
      'AT&T and R&D rose 5 % — a record.',
    );
    expect(decodeEntities('&amp;amp; &#x41; &bogus;')).toBe('& A &bogus;');
  });

  it('drops forum quote markers but not a greater-than sign', () => {
    expect(cleanSentence('> > This is what they said.')).toBe('This is what they said.');
    expect(cleanSentence('> 50% of users left.')).toBe('> 50% of users left.');
  });

  it('turns a sentence that is only a URL into nothing', () => {
    expect(cleanSentence('https://example.com/story/123')).toBe('');
    expect(cleanSentence('<https://example.com/a>')).toBe('');
  });

  it('changes nothing but white space in a clean sentence', () => {
    const sentence = 'Microsoft will invest $10 billion in Japan between 2026 and 2029, it said on Tuesday.';
    expect(cleanSentence(`  ${sentence.replace(' in ', '\n in ')} `)).toBe(sentence);
  });

  it('keeps ~~struck~~ marks, which carry meaning', () => {
    expect(cleanSentence('The price is ~~$10~~ $12 now.')).toBe('The price is ~~$10~~ $12 now.');
  });
});

describe('quotations', () => {
  it('closes a quotation that the sentence opens', () => {
    expect(quoteState('"We will rebuild the grid.')).toBe('open');
    expect(balanceQuotes('"We will rebuild the grid.')).toBe('"We will rebuild the grid."');
    expect(balanceQuotes('“We will rebuild the grid.')).toBe('“We will rebuild the grid.”');
  });

  it('opens a quotation that the sentence closes', () => {
    expect(quoteState('It will take years," she said.')).toBe('close');
    expect(cleanSentence('It will take years," she said.')).toBe('"It will take years," she said.');
  });

  it('leaves balanced quotations alone', () => {
    expect(quoteState('He called it "a disaster" twice.')).toBe('balanced');
    expect(cleanSentence('He called it "a disaster" twice.')).toBe('He called it "a disaster" twice.');
  });
});
