import { describe, expect, it } from 'vitest';
import { thinRows } from './thin-rows.ts';
import type { ChartRow } from './tile-model.ts';

const row = (t: number, values: (number | null)[], projection: number | null = null): ChartRow => ({
  t,
  period: null,
  projectionDate: null,
  values,
  projections: values.map(() => projection),
  projectionLine: values.map(() => projection),
});

describe('thinRows', () => {
  it('keeps short charts as they are', () => {
    const rows = [row(1, [1]), row(2, [2]), row(3, [3])];
    expect(thinRows(rows, 10)).toBe(rows);
  });

  it('cuts a long series to the budget, keeping its ends and its peak', () => {
    const rows = Array.from({ length: 1000 }, (_, t) => row(t, [t === 500 ? 1e6 : Math.sin(t)]));
    const thinned = thinRows(rows, 100);
    expect(thinned).toHaveLength(100);
    expect(thinned[0]).toBe(rows[0]);
    expect(thinned.at(-1)).toBe(rows[999]);
    expect(thinned).toContain(rows[500]);
  });

  it('keeps the rows any KPI needs, and every row with a projection', () => {
    const rows = Array.from({ length: 400 }, (_, t) =>
      row(t, [t % 2 === 0 ? t : null, t === 301 ? -1e6 : null], t === 399 ? 7 : null),
    );
    const thinned = thinRows(rows, 50);
    expect(thinned.length).toBeLessThan(120);
    expect(thinned).toContain(rows[301]);
    expect(thinned).toContain(rows[399]);
    // In their order on the time axis.
    expect(thinned.map((r) => r.t)).toEqual([...thinned.map((r) => r.t)].sort((a, b) => a - b));
  });
});
