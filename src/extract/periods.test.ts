import { describe, expect, it } from 'vitest';
import { asserted } from './test-helpers.js';

// PUBLISHED_AT is in 2026.
describe('periods', () => {
  it.each([
    ['It runs from 2026 to 2029.', { from: 2026, to: 2029 }],
    ['The 2026–2029 plan.', { from: 2026, to: 2029 }],
    ['The 2026-29 plan.', { from: 2026, to: 2029 }],
    ['It runs between 2026 and 2029.', { from: 2026, to: 2029 }],
    ['It will spend it over the next four years.', { from: 2026, to: 2030, relativeYears: 4 }],
    ['Over a decade, it adds up.', { from: 2026, to: 2036, relativeYears: 10 }],
    ['They will train them by 2030.', { by: 2030 }],
    ['They will be done by the end of 2027.', { by: 2027 }],
    ['The plan runs through FY2029.', { from: 2026, to: 2029, fiscal: true }],
    ['It will spend $80 billion in fiscal 2026.', { from: 2026, to: 2026, fiscal: true }],
  ])('reads %s', (text, value) => {
    expect(asserted(text, 'period')).toEqual([value]);
  });

  it.each([
    'The minister said 2026 would be a decisive year.',
    'Version 2.0 landed on 2026-02-28.',
    'Engineers with over 5 years of experience.',
    'The 2024 agreement expires in 2027.',
    'They said the same thing in 2019.',
    'Inflation is near its highest rate in over a decade.',
  ])('finds no period in %s', (text) => {
    expect(asserted(text, 'period')).toEqual([]);
  });
});
