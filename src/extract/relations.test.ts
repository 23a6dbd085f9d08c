import { describe, expect, it } from 'vitest';
import { extractMentions } from './mentions.js';
import { asserted, sourceOf } from './test-helpers.js';

describe('targets', () => {
  it('reads a training target with its deadline', () => {
    expect(
      asserted('Microsoft also plans to train 1 million engineers and developers by 2030.', 'target'),
    ).toEqual([
      {
        action: 'train',
        quantity: 1_000_000,
        unit: 'engineers and developers',
        deadline: 2030,
        who: 'Microsoft',
      },
    ]);
  });

  it.each([
    ['Corvane plans to build 10 data centres across the Nordics.', 'build', 10, null],
    ['Lumen Peak will hire 5,000 people by 2027.', 'hire', 5000, 2027],
    ['Aurelis Energy aims to reach 50% renewable power by 2030.', 'reach', 50, 2030],
    ['TSMC will build two more fabs in Kumamoto.', 'build', 2, null],
  ])('reads %s', (text, action, quantity, deadline) => {
    expect(asserted(text, 'target')[0]).toMatchObject({ action, quantity, deadline });
  });

  it.each([
    'Kestrel hired 200 engineers last year.',
    "They're not building 10 data centres.",
    'No way they build 10 fabs by 2030.',
    "They'd need to hire 2,000 people.",
    'They will train 100,000 developers by 2027?',
  ])('finds no target in %s', (text) => {
    expect(asserted(text, 'target')).toEqual([]);
  });
});

describe('investments', () => {
  it('names the investor, amount, target and period', () => {
    expect(
      asserted(
        'Microsoft said on Tuesday it will invest $10 billion in Japan from 2026 to 2029.',
        'investment',
      ),
    ).toEqual([
      {
        investor: 'Microsoft',
        amount: 10_000_000_000,
        currency: 'USD',
        target: 'Japan',
        period: { from: 2026, to: 2029 },
      },
    ]);
  });

  it('finds the investor of a funding round after "led by"', () => {
    expect(
      asserted(
        'Brightloom AI raised $300 million in a Series C round led by Corvane Capital.',
        'investment',
      )[0],
    ).toMatchObject({
      investor: 'Corvane Capital',
      amount: 300_000_000,
    });
  });

  it('reads "to" + a verb as the purpose, not the target', () => {
    const [value] = asserted('Nordwind will spend $30 billion to fund grid upgrades.', 'investment');
    expect(value?.target).toBeUndefined();
    expect(value?.purpose).toBe('to fund grid upgrades');
  });

  it('resolves tickers and aliases to the gazetteer name', () => {
    expect(
      asserted('Amazon has said AWS will spend over $100 billion on data centers.', 'investment')[0],
    ).toMatchObject({
      investor: 'Amazon',
    });
  });
});

describe('partnerships and cooperation', () => {
  it('reads "X and Y announced a partnership"', () => {
    expect(
      asserted(
        'Veltrix Systems and Pallas Semiconductor announced a partnership to co-design chips.',
        'partnership',
      ),
    ).toEqual([{ parties: ['Pallas Semiconductor', 'Veltrix Systems'], purpose: 'to co-design chips' }]);
  });

  it('reads one partnership per listed partner', () => {
    const parties = asserted('TSMC partnered with Sony and Denso for the Kumamoto fab.', 'partnership').map(
      (v) => v.parties,
    );
    expect(parties).toEqual([
      ['Sony', 'TSMC'],
      ['Denso', 'TSMC'],
    ]);
  });

  it('turns a partnership with a government into cooperation', () => {
    expect(
      asserted(
        'Tessaract Labs signed a memorandum of understanding with the Ministry of Economy, Trade and Industry.',
        'cooperation',
      )[0],
    ).toMatchObject({
      party: 'Tessaract Labs',
      government: 'Ministry of Economy, Trade and Industry',
    });
    expect(
      asserted(
        'The project will be carried out in cooperation with the Japanese government, Sunmoor Data said.',
        'cooperation',
      )[0],
    ).toMatchObject({
      party: 'Sunmoor Data',
      government: 'Government of Japan',
    });
  });

  it('ignores agreements between two governments', () => {
    expect(asserted('The European Union and Japan signed a digital partnership.', 'partnership')).toEqual([]);
    expect(asserted('The European Union and Japan signed a digital partnership.', 'cooperation')).toEqual([]);
  });
});

describe('market moves', () => {
  it.each([
    ['Sakura Internet shares hit limit-up in Tokyo trading.', 'Sakura Internet', 'up', null],
    ['Shares of Pallas Semiconductor rose 12% on Wednesday.', 'Pallas Semiconductor', 'up', 12],
    ['Orvane Holdings fell 4% in Tokyo trading.', 'Orvane Holdings', 'down', 4],
    ['Nvidia is up 5% today.', 'Nvidia', 'up', 5],
    ["The company's shares closed 2.4% higher in Frankfurt.", null, 'up', 2.4],
  ])('reads %s', (text, company, direction, size) => {
    expect(asserted(text, 'market_move')[0]).toMatchObject({ company, direction, size });
  });

  it.each([
    'Revenue rose 20% to $4.1 billion.',
    'Usage of the app jumped 30%.',
    'The automaker sold 1.8 million cars, up 7%.',
  ])('finds no market move in %s', (text) => {
    expect(asserted(text, 'market_move')).toEqual([]);
  });
});

describe('negation, hedging and attribution', () => {
  const flags = (text: string) =>
    extractMentions(sourceOf(text)).facts.map((f) => [f.kind, f.negated, f.hedged]);

  it.each([
    ['Quillon Corp denied reports that it would invest $3 billion.', true, false],
    ['Kestrel is not investing $2 billion this year.', true, false],
    ['Aurelis Energy is rumoured to be weighing a £200m bid.', false, true],
    ['Baidu reportedly plans to invest $500 million.', false, true],
    ['I doubt they actually spend the full $10B.', false, true],
    ['If they were to invest $50B, I would be impressed.', false, true],
    ['Is Microsoft really going to spend $80 billion?', false, true],
    ['Apple could easily spend $100B on this.', false, true],
  ])('flags %s', (text, negated, hedged) => {
    const money = flags(text).find(([kind]) => kind === 'money');
    expect(money).toEqual(['money', negated, hedged]);
  });

  it('keeps a claim made before the negation', () => {
    expect(asserted('tbh $10bn over 4 years is not that much for Microsoft.', 'money')).toHaveLength(1);
    expect(asserted('The release says $2.9 billion, not $10 billion.', 'money')).toEqual([
      { amount: 2_900_000_000, currency: 'USD' },
    ]);
  });

  it('keeps a statement before a question clause', () => {
    expect(
      asserted('Kestrel Robotics is down 15% this week, anyone buying the dip?', 'market_move'),
    ).toHaveLength(1);
  });

  it('keeps the speaker', () => {
    const [fact] = extractMentions(
      sourceOf('Microsoft will invest $10 billion in Japan, Nadella said.'),
    ).facts;
    expect(fact?.speaker).toBe('Nadella');
    const [reported] = extractMentions(sourceOf('The deal is worth $3 billion, according to Reuters.')).facts;
    expect(reported?.speaker).toBe('Reuters');
    expect(reported?.hedged).toBe(false);
  });
});

describe('events', () => {
  it('dates an explicit date and a weekday against the publication date', () => {
    expect(
      asserted('Kestrel Robotics opened its first plant in Ohio on March 2, 2026.', 'event')[0],
    ).toMatchObject({ date: '2026-03-02' });
    // Published on Wednesday 2026-03-04: "said on Tuesday" is the day before.
    expect(asserted('Microsoft said on Tuesday it will invest $10 billion.', 'event')[0]).toMatchObject({
      date: '2026-03-03',
    });
  });

  it("dates a comment's explicit dates only, not its today or weekdays", () => {
    const comment = { id: 'reddit:t1_a', kind: 'comment' as const, community: 'r/technology' };
    const events = (text: string) =>
      extractMentions(sourceOf(text, comment))
        .facts.filter((f) => f.kind === 'event')
        .map((f) => f.value);
    expect(events('Bought Reddit Gold today as a small thanks.')).toEqual([]);
    expect(events('Microsoft said on Tuesday it will invest $10 billion.')).toEqual([]);
    expect(events('Kestrel Robotics opened its first plant in Ohio on March 2, 2026.')).toEqual([
      expect.objectContaining({ date: '2026-03-02' }),
    ]);
  });

  it.each([
    'The company reported a loss for the quarter ended December 31.',
    'Shares are down 30% from the peak in July.',
    'I was at the launch on May 14, 2025 and nobody mentioned Japan.',
    'Alibaba stock dropped 5% in Hong Kong on Thursday.',
  ])('finds no event in %s', (text) => {
    expect(asserted(text, 'event')).toEqual([]);
  });
});
