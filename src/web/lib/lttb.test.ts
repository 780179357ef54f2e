import { describe, expect, it } from 'vitest';
import { lttb } from './lttb.ts';

interface Point {
  t: number;
  v: number;
}

const x = (p: Point) => p.t;
const y = (p: Point) => p.v;
const series = (values: number[]): Point[] => values.map((v, t) => ({ t, v }));

describe('lttb', () => {
  it('returns every point, in a new array, when there are no more than the threshold', () => {
    const points = series([3, 1, 4, 1, 5]);
    const result = lttb(points, 5, x, y);
    expect(result).toEqual(points);
    expect(result).not.toBe(points);
    expect(lttb([], 10, x, y)).toEqual([]);
  });

  it('cuts a long series to exactly the threshold, keeping the first and last points', () => {
    const points = series(Array.from({ length: 5000 }, (_, i) => Math.sin(i / 50) * 100));
    const result = lttb(points, 1000, x, y);
    expect(result).toHaveLength(1000);
    expect(result[0]).toBe(points[0]);
    expect(result.at(-1)).toBe(points.at(-1));
  });

  it('keeps a subset of the original points in their order', () => {
    const points = series(Array.from({ length: 300 }, (_, i) => (i * 37) % 101));
    const result = lttb(points, 40, x, y);
    const times = result.map((p) => p.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
    for (const point of result) expect(points).toContain(point);
  });

  it('keeps a lone spike and a lone dip of an otherwise flat line', () => {
    const values = Array.from({ length: 1000 }, () => 10);
    values[333] = 500;
    values[777] = -400;
    const result = lttb(series(values), 20, x, y);
    expect(result.map((p) => p.v)).toContain(500);
    expect(result.map((p) => p.v)).toContain(-400);
  });

  it('picks the point that bends the line most in each bucket', () => {
    // Keeping 4 of 6 points leaves two buckets, [1, 2] and [3, 4]; 2 and 3 are the extremes.
    const points = series([0, 1, 9, -9, 1, 0]);
    expect(lttb(points, 4, x, y).map((p) => p.t)).toEqual([0, 2, 3, 5]);
  });

  it('works on uneven x spacing', () => {
    const points: Point[] = [
      { t: 0, v: 0 },
      { t: 1, v: 0 },
      { t: 2, v: 0 },
      { t: 100, v: 50 },
      { t: 101, v: 0 },
      { t: 102, v: 0 },
      { t: 200, v: 0 },
    ];
    expect(lttb(points, 3, x, y).map((p) => p.t)).toEqual([0, 100, 200]);
  });

  it('rejects thresholds below 3 or not whole', () => {
    const points = series([1, 2, 3, 4]);
    expect(() => lttb(points, 2, x, y)).toThrow(RangeError);
    expect(() => lttb(points, 3.5, x, y)).toThrow(RangeError);
    expect(() => lttb(points, Number.NaN, x, y)).toThrow(RangeError);
  });

  it('handles 100,000 points quickly', () => {
    const points = series(Array.from({ length: 100_000 }, (_, i) => Math.cos(i / 300) * i));
    const started = performance.now();
    const result = lttb(points, 1000, x, y);
    expect(result).toHaveLength(1000);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
