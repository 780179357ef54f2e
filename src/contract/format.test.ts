import { describe, expect, it } from 'vitest';
import { changeTone, formatKpiValue, formatPercentage } from './format.ts';

const plain = { prefix: '', suffix: '', fractionSize: 0 };

describe('formatKpiValue', () => {
  it.each([
    [1234.5, { prefix: '$', suffix: '', fractionSize: 2 }, '$1,234.50'],
    [1234.5, plain, '1,235'],
    [12.345, { prefix: '', suffix: '%', fractionSize: 1 }, '12.3%'],
    [0, { prefix: '', suffix: ' ms', fractionSize: 0 }, '0 ms'],
    [-42.5, { prefix: '$', suffix: '', fractionSize: 0 }, '−$43'],
    [-0.0001, { prefix: '', suffix: '', fractionSize: 2 }, '0.00'],
    [1e6, { prefix: '€', suffix: '', fractionSize: 10 }, '€1,000,000.0000000000'],
  ])('formats %s with %o as %s', (value, formatting, expected) => {
    expect(formatKpiValue(value, formatting)).toBe(expected);
  });

  it('shows a dash for missing values', () => {
    expect(formatKpiValue(null, plain)).toBe('—');
    expect(formatKpiValue(undefined, plain)).toBe('—');
    expect(formatKpiValue(Number.NaN, plain)).toBe('—');
  });

  it('abbreviates large numbers when compact', () => {
    expect(
      formatKpiValue(1_234_567, { prefix: '$', suffix: '', fractionSize: 2 }, { compact: true }),
    ).toBe('$1.2M');
    expect(formatKpiValue(9_999, plain, { compact: true })).toBe('9,999');
  });

  it('signs changes when asked', () => {
    expect(formatKpiValue(5, plain, { signed: true })).toBe('+5');
    expect(formatKpiValue(-5, plain, { signed: true })).toBe('−5');
    expect(formatKpiValue(0, plain, { signed: true })).toBe('0');
  });
});

describe('formatPercentage', () => {
  it.each([
    [12.345, '+12.3%'],
    [-3, '−3.0%'],
    [0, '0.0%'],
    [-0.01, '0.0%'],
    [null, '—'],
  ])('formats %s as %s', (value, expected) => {
    expect(formatPercentage(value)).toBe(expected);
  });
});

describe('changeTone', () => {
  it('follows the direction of the KPI', () => {
    expect(changeTone(3, 'should_increase')).toBe('good');
    expect(changeTone(-3, 'should_increase')).toBe('bad');
    expect(changeTone(3, 'should_decrease')).toBe('bad');
    expect(changeTone(-3, 'should_decrease')).toBe('good');
    expect(changeTone(0, 'should_decrease')).toBe('neutral');
    expect(changeTone(null, 'should_increase')).toBe('neutral');
  });
});
