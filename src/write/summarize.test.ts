import { describe, expect, it } from 'vitest';
import { cleanSentence } from './sentences-clean.js';
import { analyzeSentences, scoreSentences, sentenceSpans, summarize } from './summarize.js';

const wire = {
  id: 'wire',
  title: 'Nordwind commits €4 billion to Baltic offshore grid',
  text: [
    'By Anna Lind',
    'Nordwind said on Monday it will spend €4 billion between 2026 and 2030 on three offshore substations and an undersea cable to Gdańsk.',
    'The grid operator PSG will build and run the cable under a 25-year contract, the company said.',
    'PHOTO: THE NORDWIND SUBSTATION AT DAWN',
    'Shares of PSG rose 6% in Warsaw after the announcement.',
    'Read more: our energy coverage.',
    'Analysts said the plan would ease curtailment of wind farms in the region…',
  ].join('\n\n'),
};

const paper = {
  id: 'paper',
  title: 'Nordwind to invest €4bn in Baltic grid link',
  text: [
    'Nordwind will invest €4 billion in three offshore substations and a cable to Gdańsk from 2026 to 2030, it said.',
    'PSG, the grid operator, is to build and operate the cable under a contract lasting 25 years.',
    '"This is money for the wires, not just the turbines. It was overdue," said Ewa Nowak, an energy economist.',
    'Local fishermen have raised concerns about the cable route through spawning grounds.',
    'Short one.',
  ].join('\n'),
};

const blog = {
  id: 'blog',
  title: 'Why the Baltic grid matters',
  text: [
    'Europe has been building turbines faster than the cables that carry their power.',
    'Nordwind says it will spend €4 billion on substations and a Gdańsk cable by 2030.',
    'I have covered energy for a decade and rarely seen a grid bet this size.',
  ].join('\n'),
};

const documents = [wire, paper, blog];

describe('summarize', () => {
  it('returns whole sentences whose offsets point at their source', () => {
    const summary = summarize(documents, { words: 100 });
    expect(summary.length).toBeGreaterThan(0);
    for (const sentence of summary) {
      const document = documents.find((d) => d.id === sentence.docId);
      expect(document).toBeDefined();
      expect(cleanSentence(document?.text.slice(sentence.start, sentence.end) ?? '')).toBe(sentence.text);
    }
  });

  it('stays within the word budget', () => {
    for (const words of [20, 40, 100]) {
      const summary = summarize(documents, { words });
      const used = summary.reduce((sum, s) => sum + s.text.split(/\s+/).length, 0);
      expect(used).toBeLessThanOrEqual(words);
    }
  });

  it('honours maxSentences', () => {
    expect(summarize(documents, { words: 500, maxSentences: 2 })).toHaveLength(2);
  });

  it('leads with the event that several documents report', () => {
    const [first] = summarize(documents, { words: 100 });
    expect(first?.text).toMatch(/€4 billion/);
  });

  it('does not repeat the same fact from two documents', () => {
    const summary = summarize(documents, { words: 100 });
    const investment = summary.filter((s) => /€4 billion/.test(s.text));
    expect(investment).toHaveLength(1);
  });

  it('leaves out bylines, captions, "Read more", fragments and truncated teasers', () => {
    const texts = summarize(documents, { words: 1000 }).map((s) => s.text);
    expect(texts.length).toBeGreaterThan(3);
    for (const text of texts) {
      expect(text).not.toMatch(/^By Anna/);
      expect(text).not.toMatch(/PHOTO/);
      expect(text).not.toMatch(/Read more/);
      expect(text).not.toBe('Short one.');
      expect(text).not.toMatch(/…$/);
    }
  });

  it('keeps a quotation of two sentences whole', () => {
    const texts = summarize([paper], { words: 1000 }).map((s) => s.text);
    expect(texts).toContain(
      '"This is money for the wires, not just the turbines. It was overdue," said Ewa Nowak, an energy economist.',
    );
  });

  it('orders the output by score, most relevant first', () => {
    const summary = summarize(documents, { words: 1000 });
    for (let i = 1; i < summary.length; i++) {
      expect(summary[i - 1]?.score).toBeGreaterThanOrEqual(summary[i]?.score ?? 0);
    }
  });

  it('is deterministic', () => {
    expect(summarize(documents)).toEqual(summarize(documents));
  });

  it('returns nothing for nothing, and one sentence when none fits the budget', () => {
    expect(summarize([])).toEqual([]);
    expect(summarize([{ id: 'x', text: '' }])).toEqual([]);
    expect(summarize(documents, { words: 3 })).toHaveLength(1);
  });

  it('fills the budget from a single document of long sentences', () => {
    const text = [
      'The city council of Springfield voted on Tuesday evening to approve a new budget that raises spending on public schools, road repairs and the municipal library by twelve million dollars.',
      'Several residents who spoke at the meeting argued that the increase would require higher property taxes, although the mayor insisted that the money would come from a surplus.',
      'Members of the teachers union, who had lobbied for months for smaller class sizes and better pay, welcomed the decision and vowed to push for further investment in coming years.',
      'The budget still needs the signature of the mayor, who is expected to sign it later this week after a final review by the city attorney and the finance department.',
    ].join(' ');
    expect(summarize([{ id: 'thread', text }], { words: 100 })).toHaveLength(3);
    expect(summarize([{ id: 'thread', text }], { words: 200 })).toHaveLength(4);
  });

  it('keeps the original offsets when the sentence is cleaned', () => {
    const text =
      'Intro line here.\n\n> The **council** voted 7 to 2 to approve the [new budget](https://x.example/b) on Tuesday.';
    const [sentence] = summarize([{ id: 'forum', text }], { words: 100 });
    expect(sentence?.text).toBe('The council voted 7 to 2 to approve the new budget on Tuesday.');
    expect(text.slice(sentence?.start, sentence?.end)).toBe(
      '> The **council** voted 7 to 2 to approve the [new budget](https://x.example/b) on Tuesday.',
    );
  });
});

describe('analyzeSentences', () => {
  it('serves several summaries with the same result as summarizing the documents', () => {
    const analysis = analyzeSentences(documents);
    for (const words of [20, 100, 200]) {
      expect(summarize(analysis, { words })).toEqual(summarize(documents, { words }));
    }
  });
});

describe('scoreSentences', () => {
  it("marks each document's first candidate as its lead", () => {
    const scored = scoreSentences(documents);
    const leads = scored.filter((s) => s.features.lead === 1);
    expect(leads.map((s) => s.docId)).toEqual(['wire', 'paper', 'blog']);
    expect(leads[0]?.text).toMatch(/^Nordwind said on Monday/);
  });

  it("measures quotation and the writer's own voice", () => {
    const scored = scoreSentences(documents);
    const quote = scored.find((s) => s.text.startsWith('"This is money'));
    const plain = scored.find((s) => s.text.startsWith('Local fishermen'));
    const personal = scored.find((s) => s.text.startsWith('I have covered'));
    expect(quote?.features.quoted).toBeGreaterThan(0.5);
    expect(quote?.features.personal).toBe(0); // "This" inside quotes; no "I"/"we" outside
    expect(plain?.features.quoted).toBe(0);
    expect(plain?.features.personal).toBe(0);
    expect(personal?.features.personal).toBe(1);
  });

  it('marks sentences that say when and sentences attributed to a source', () => {
    const scored = scoreSentences(documents);
    const monday = scored.find((s) => s.text.startsWith('Nordwind said on Monday'));
    const fishermen = scored.find((s) => s.text.startsWith('Local fishermen'));
    expect(monday?.features.dated).toBe(1);
    expect(monday?.features.attributed).toBe(1);
    expect(fishermen?.features.dated).toBe(0);
    expect(fishermen?.features.attributed).toBe(0);
  });

  it('keeps every feature and the score within 0…1', () => {
    for (const sentence of scoreSentences(documents)) {
      expect(sentence.score).toBeGreaterThanOrEqual(0);
      expect(sentence.score).toBeLessThanOrEqual(1);
      for (const value of Object.values(sentence.features)) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('sentenceSpans', () => {
  it('gives exact offsets for every sentence', () => {
    const text = 'First one here.  Second one, with a comma. Third!\nNew paragraph.';
    const spans = sentenceSpans(text);
    expect(spans.map((span) => text.slice(span.start, span.end))).toEqual([
      'First one here.',
      'Second one, with a comma.',
      'Third!',
      'New paragraph.',
    ]);
  });
});
