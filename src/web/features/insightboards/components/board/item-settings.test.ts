import { describe, expect, it } from 'vitest';
import { readItemSettings, writeItemSettings } from './item-settings.ts';

describe('readItemSettings', () => {
  it('reads the KPIs, grouping and range an item names', () => {
    expect(
      readItemSettings([
        { name: 'kpiIds', value: 'aaa, bbb,,aaa' },
        { name: 'groupBy', value: 'month' },
        { name: 'range', value: 'last-12-months' },
      ]),
    ).toEqual({ kpiIds: ['aaa', 'bbb'], groupBy: 'month', range: 'last-12-months' });
  });

  it('fills a missing grouping from the range, and a missing range from the grouping', () => {
    expect(readItemSettings([{ name: 'range', value: 'last-30-days' }])).toMatchObject({
      groupBy: 'day',
      range: 'last-30-days',
    });
    expect(readItemSettings([{ name: 'groupBy', value: 'month' }])).toMatchObject({
      groupBy: 'month',
      range: 'last-12-months',
    });
    expect(readItemSettings([{ name: 'groupBy', value: 'quarter' }]).range).toBe('all');
  });

  it('falls back to twelve weeks by week when nothing readable is there', () => {
    expect(
      readItemSettings([
        { name: 'groupBy', value: 'fortnight' },
        { name: 'range', value: 'forever' },
      ]),
    ).toEqual({ kpiIds: [], groupBy: 'week', range: 'last-12-weeks' });
  });
});

describe('writeItemSettings', () => {
  it('replaces ours in place and keeps the others as they are', () => {
    const settings = [
      { name: 'session', value: 'q2', valueDisplayName: 'Q2' },
      { name: 'groupBy', value: 'week' },
    ];
    expect(
      writeItemSettings(settings, { kpiIds: ['a', 'b'], groupBy: 'month', range: 'all' }),
    ).toEqual([
      { name: 'session', value: 'q2', valueDisplayName: 'Q2' },
      { name: 'groupBy', value: 'month' },
      { name: 'kpiIds', value: 'a,b' },
      { name: 'range', value: 'all' },
    ]);
  });

  it('round-trips through readItemSettings', () => {
    const values = { kpiIds: ['x'], groupBy: 'day' as const, range: 'year-to-date' as const };
    expect(readItemSettings(writeItemSettings([], values))).toEqual(values);
  });
});
