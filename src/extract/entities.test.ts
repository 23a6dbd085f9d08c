import { describe, expect, it } from 'vitest';
import { extractMentions } from './index.js';

/** The entities `extractMentions` reports for one text, as "name <kind>". */
function entities(text: string): string[] {
  const { entityMentions } = extractMentions({
    id: 'hn:1',
    kind: 'post',
    community: 'Hacker News',
    publishedAt: Date.UTC(2026, 2, 2),
    author: null,
    text,
  });
  return [...new Set(entityMentions.map((e) => `${e.name} <${e.kind}>`))];
}

describe('entities in Title Case headlines', () => {
  it('ends a name at a capitalised verb, adverb or pronoun', () => {
    expect(entities('Steve Jobs Resigns as CEO of Apple')).toEqual([
      'Steve Jobs <person>',
      'Apple <organization>',
    ]);
    expect(entities('Bright Harbor Capital Says Deal Closes In May')).toEqual([
      'Bright Harbor Capital <organization>',
    ]);
    expect(entities('Joe Rogan Admits He Almost Got Vaxxed')).toContain('Joe Rogan <person>');
  });

  it('keeps a surname after a first name and a kind of organisation or place', () => {
    // "Tan" and "Club" are verbs to the lexicon, "Mount" too.
    expect(entities('Silicon Valley 40 Under 40: Garry Tan')).toContain('Garry Tan <person>');
    expect(entities('Chaos Computer Club Says Apple TouchID Is Broken')).toContain(
      'Chaos Computer Club <organization>',
    );
    expect(entities('Mount Fuji Seen From The International Space Station')).toContain(
      'Mount Fuji <organization>',
    );
  });

  it('opens a name with "The", "New" or "Last" inside a sentence, not in Title Case', () => {
    // Name-dense, but its verbs and nouns are in lower case: sentence case.
    expect(entities('I watched Last Week Tonight in New York with a reporter from The Intercept.')).toEqual([
      'Last Week Tonight <organization>',
      'New York <place>',
      'The Intercept <organization>',
    ]);
    expect(entities('New rules start Monday, officials said.')).toEqual([]);
    expect(entities('New rules start Monday, The Verge reports.')).toEqual(['The Verge <organization>']);
  });

  it('leaves names in sentence case alone', () => {
    // Not Title Case: a capitalised word keeps its run whatever the lexicon says of it.
    expect(entities('Analysts at Bright Harbor Capital said the deal closes in May.')).toEqual([
      'Bright Harbor Capital <organization>',
    ]);
  });
});

describe('entities in post titles', () => {
  it('takes no post kind or pronoun for a name', () => {
    expect(entities('Ask HN: Will Apple ever reject apps with unethical in-app purchase schemes?')).toEqual([
      'Apple <organization>',
    ]);
    expect(entities('Show HN: A Postgres extension for time series')).not.toContain('Show HN <organization>');
    expect(entities('I didn’t think I’d get this far')).toEqual([]);
    expect(entities("[WP] You're sitting outside when you witness an explosion on the moon.")).toEqual([]);
    expect(entities('Land’s End at sunset, Cornwall [OC] [3264, 2448]')).not.toContain('OC <organization>');
  });

  it('reads middle initials, particles and titles as parts of a person', () => {
    expect(
      entities('Two weeks before, Donald J. Trump was shown intelligence on Vladimir V. Putin of Russia.'),
    ).toEqual(['Donald J. Trump <person>', 'Vladimir V. Putin <person>', 'Russia <place>']);
    expect(entities('Manchester United sacked Louis van Gaal on Monday.')).toContain(
      'Louis van Gaal <person>',
    );
    expect(entities('Treasury Secretary Janet Yellen warned Congress on Tuesday.')).toContain(
      'Janet Yellen <person>',
    );
  });

  it('keeps an organisation of a place whole and a product out', () => {
    expect(entities('The Chairman of the Telecom Regulatory Authority of India spoke.')).toEqual([
      'Telecom Regulatory Authority of India <organization>',
    ]);
    // "Reader" is Google's product, not another organisation.
    expect(entities('Google Reader shutting down')).toEqual(['Alphabet <organization>']);
  });

  it('reads an acronym only in capitals, and no time zone or letter alone as a name', () => {
    expect(entities('Give us a sec, the SEC filing for the US unit is late.')).toEqual([
      'Securities and Exchange Commission <organization>',
      'United States <place>',
    ]);
    expect(
      entities('Around 8am PST one VM in cluster A and one in cluster B went down at Redis Labs.'),
    ).toEqual(['Redis Labs <organization>']);
  });

  it('reads no name in shouting, in a video id or across a pronoun', () => {
    expect(entities('THIS IS A UNIX SYSTEM, I KNOW THIS, said Microsoft.')).toEqual([
      'Microsoft <organization>',
    ]);
    expect(entities('Source: https://youtu.be/BdsQBqN7bCw on YouTube')).toEqual(['YouTube <organization>']);
    expect(entities('Before Reddit I’ve never seen this.')).toEqual(['Reddit <organization>']);
  });

  it('takes a surname for a person only when nothing else reads the first word', () => {
    expect(entities('I am Barack Obama, President of the United States -- AMA')).toContain(
      'Barack Obama <person>',
    );
    expect(entities('Reporters waited outside the White House on Friday.')).not.toContain(
      'White House <person>',
    );
  });
});
