import { describe, expect, it } from 'vitest';
import { asserted } from './test-helpers.js';

const money = (text: string) => asserted(text, 'money').map((v) => [v.amount, v.currency]);

describe('money', () => {
  it.each([
    ['Microsoft will invest $10 billion in Japan.', 10_000_000_000, 'USD'],
    ['It will spend US$10bn there.', 10_000_000_000, 'USD'],
    ['The plan is worth ¥1.5 trillion.', 1_500_000_000_000, 'JPY'],
    ['Nordwind commits €4bn to the grid.', 4_000_000_000, 'EUR'],
    ['The contract is worth £200m.', 200_000_000, 'GBP'],
    ['They will invest ten billion dollars.', 10_000_000_000, 'USD'],
    ['They will invest 10,000,000,000 dollars.', 10_000_000_000, 'USD'],
    ['The unit will invest Rs 5,000 crore.', 50_000_000_000, 'INR'],
    ['It costs A$20 billion.', 20_000_000_000, 'AUD'],
    ['The deal is worth HK$3 billion.', 3_000_000_000, 'HKD'],
    ['A research centre for CHF 300 million.', 300_000_000, 'CHF'],
    ['Seats cost 15 EUR each.', 15, 'EUR'],
    ['The province adds 150 million Canadian dollars.', 150_000_000, 'CAD'],
    ['Baidu will invest 10 billion yuan.', 10_000_000_000, 'CNY'],
    ['Samsung will invest ₩5 trillion.', 5_000_000_000_000, 'KRW'],
    ['They bought 4 H100s for about $120k total.', 120_000, 'USD'],
    ['Shares closed at $418.50.', 418.5, 'USD'],
    ['They are investing 10B in it.', 10_000_000_000, 'USD'],
  ])('reads %s', (text, amount, currency) => {
    expect(money(text)).toContainEqual([amount, currency]);
  });

  it('reads ranges with the scale written once', () => {
    expect(asserted('Mirelle Bank committed $8-10 billion.', 'money')).toEqual([
      { amount: 10_000_000_000, currency: 'USD', min: 8_000_000_000, max: 10_000_000_000 },
    ]);
    expect(asserted('Capex of between $60 billion and $65 billion.', 'money')[0]).toMatchObject({
      min: 60_000_000_000,
      max: 65_000_000_000,
    });
  });

  it('keeps qualifiers', () => {
    expect(asserted('It will invest more than $6.5 billion.', 'money')[0]).toMatchObject({
      approx: 'more than',
    });
    expect(asserted('It will lend up to $1.5 billion.', 'money')[0]).toMatchObject({ approx: 'up to' });
    expect(asserted('It costs about €1.1 billion.', 'money')[0]).toMatchObject({ approx: 'about' });
  });

  it('reads "$" as Canadian when the text says Canadian dollars', () => {
    expect(money('All figures in Canadian dollars. The plant costs $500 million.')).toEqual([
      [500_000_000, 'CAD'],
    ]);
  });

  it('treats a change "from $5M to $50M" as two amounts, not a range', () => {
    expect(money('Their ARR went from $5M to $50M in a year.')).toEqual([
      [5_000_000, 'USD'],
      [50_000_000, 'USD'],
    ]);
  });

  it.each([
    'GPT-4 was trained on 25,000 A100s.',
    'The iPhone 16 and Windows 11 shipped.',
    'My RTX 4090 is fast.',
    'Python 3.12 broke our deps.',
    '10B parameters is small these days.',
    'We run a 70B model on two 3090s.',
    'Revenue rose 20% in 2025.',
    '$NVDA at 40x earnings is priced for perfection.',
    'The company employs 3,400 workers at 12 sites.',
    'Kestrel won 3 awards.',
  ])('finds no money in %s', (text) => {
    expect(asserted(text, 'money')).toEqual([]);
  });
});
