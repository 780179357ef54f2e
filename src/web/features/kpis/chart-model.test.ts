import { describe, expect, it } from 'vitest';
import type { SnapshotGroup } from '../../../contract/kpis.ts';
import { parseTimeZone, UTC, type TimeZone } from '../../../contract/periods.ts';
import {
  axisTicks,
  buildSeries,
  chartSummary,
  daysInSpan,
  defaultGroupBy,
  describePeriod,
  formatDayRange,
  granularityForDays,
  projectionLookAhead,
  rangeDates,
  rangeSearch,
  readChartSearch,
  spanWindow,
  weekDays,
  type ChartRange,
} from './chart-model.ts';

const at = (iso: string) => Date.parse(iso);
const zone = (name: string): TimeZone => parseTimeZone(name)!;
const DAY = 86_400_000;

/** A grouped period as the API answers it (start and end in UTC). */
function group(key: string, start: string, value: number, count = 1): SnapshotGroup {
  return { group: key, value, count, start, end: start };
}

describe('rangeDates', () => {
  // A Friday in a leap year.
  const now = at('2024-03-15T10:00:00Z');

  it('gives each preset its dates, ending today', () => {
    expect(rangeDates({ preset: 'last-30-days' }, now, UTC)).toEqual({
      from: '2024-02-15',
      to: '2024-03-15',
    });
    // The Monday eleven weeks before this week's Monday (2024-03-11).
    expect(rangeDates({ preset: 'last-12-weeks' }, now, UTC)).toEqual({
      from: '2023-12-25',
      to: '2024-03-15',
    });
    expect(rangeDates({ preset: 'last-12-months' }, now, UTC)).toEqual({
      from: '2023-04-01',
      to: '2024-03-15',
    });
    expect(rangeDates({ preset: 'year-to-date' }, now, UTC)).toEqual({
      from: '2024-01-01',
      to: '2024-03-15',
    });
    expect(rangeDates({ preset: 'all' }, now, UTC)).toEqual({});
  });

  it('counts days in the chosen time zone', () => {
    const lateOnMarch31 = at('2024-03-31T23:30:00Z');
    expect(rangeDates({ preset: 'last-12-months' }, lateOnMarch31, UTC)).toEqual({
      from: '2023-04-01',
      to: '2024-03-31',
    });
    // Already April 1st east of Greenwich.
    expect(rangeDates({ preset: 'last-12-months' }, lateOnMarch31, zone('UTC+2'))).toEqual({
      from: '2023-05-01',
      to: '2024-04-01',
    });
    // Still March 31st to the west, even a day earlier in the morning.
    expect(
      rangeDates({ preset: 'year-to-date' }, at('2024-01-01T03:00:00Z'), zone('UTC-5')),
    ).toEqual({ from: '2023-01-01', to: '2023-12-31' });
  });

  it('starts twelve weeks back on a Monday across an ISO year with 53 weeks', () => {
    // 2021-01-01 is a Friday in 2020-W53, whose Monday is 2020-12-28.
    expect(rangeDates({ preset: 'last-12-weeks' }, at('2021-01-01T12:00:00Z'), UTC)).toEqual({
      from: '2020-10-12',
      to: '2021-01-01',
    });
  });

  it('keeps custom dates and turns a backwards range around', () => {
    expect(
      rangeDates({ preset: 'custom', from: '2023-01-10', to: '2023-02-01' }, now, UTC),
    ).toEqual({ from: '2023-01-10', to: '2023-02-01' });
    expect(
      rangeDates({ preset: 'custom', from: '2023-02-01', to: '2023-01-10' }, now, UTC),
    ).toEqual({ from: '2023-01-10', to: '2023-02-01' });
  });
});

describe('groupings', () => {
  it('counts the days of a span, both ends included', () => {
    expect(daysInSpan('2024-03-01', '2024-03-01')).toBe(1);
    expect(daysInSpan('2024-02-01', '2024-03-01')).toBe(30);
    expect(daysInSpan('2023-01-01', '2023-12-31')).toBe(365);
  });

  it('picks a grouping that keeps a span to a few dozen points', () => {
    expect(granularityForDays(1)).toBe('day');
    expect(granularityForDays(62)).toBe('day');
    expect(granularityForDays(63)).toBe('week');
    expect(granularityForDays(366)).toBe('week');
    expect(granularityForDays(367)).toBe('month');
    expect(granularityForDays(5 * 366)).toBe('month');
    expect(granularityForDays(10 * 366)).toBe('quarter');
    expect(granularityForDays(40 * 366)).toBe('year');
  });

  it('defaults each range to a grouping', () => {
    const now = at('2024-06-20T12:00:00Z');
    expect(defaultGroupBy({ preset: 'last-30-days' }, now, UTC)).toBe('day');
    expect(defaultGroupBy({ preset: 'last-12-weeks' }, now, UTC)).toBe('week');
    expect(defaultGroupBy({ preset: 'last-12-months' }, now, UTC)).toBe('month');
    // January 1st to June 20th: 172 days.
    expect(defaultGroupBy({ preset: 'year-to-date' }, now, UTC)).toBe('week');
    expect(defaultGroupBy({ preset: 'year-to-date' }, at('2024-02-10T00:00:00Z'), UTC)).toBe('day');
    const custom = (from: string, to: string): ChartRange => ({ preset: 'custom', from, to });
    expect(defaultGroupBy(custom('2024-05-01', '2024-05-31'), now, UTC)).toBe('day');
    expect(defaultGroupBy(custom('2022-01-01', '2023-12-31'), now, UTC)).toBe('month');
    expect(defaultGroupBy(custom('2014-01-01', '2023-12-31'), now, UTC)).toBe('quarter');
  });

  it('defaults all time to weeks for a year of values or less, months beyond', () => {
    const now = at('2024-06-20T12:00:00Z');
    expect(defaultGroupBy({ preset: 'all' }, now, UTC)).toBe('month');
    expect(defaultGroupBy({ preset: 'all' }, now, UTC, null)).toBe('month');
    expect(defaultGroupBy({ preset: 'all' }, now, UTC, now - 200 * DAY)).toBe('week');
    expect(defaultGroupBy({ preset: 'all' }, now, UTC, now - 800 * DAY)).toBe('month');
  });
});

describe('readChartSearch', () => {
  const read = (query: string) => readChartSearch(new URLSearchParams(query));

  it('reads presets and groupings', () => {
    expect(read('range=last-30-days&groupBy=week')).toEqual({
      range: { preset: 'last-30-days' },
      groupBy: 'week',
    });
    expect(read('range=all')).toEqual({ range: { preset: 'all' }, groupBy: null });
  });

  it('reads custom dates, with or without range=custom', () => {
    const custom = { preset: 'custom', from: '2023-01-01', to: '2023-06-30' };
    expect(read('range=custom&from=2023-01-01&to=2023-06-30').range).toEqual(custom);
    expect(read('from=2023-01-01&to=2023-06-30').range).toEqual(custom);
  });

  it('falls back to the defaults for anything unreadable', () => {
    expect(read('')).toEqual({ range: { preset: 'last-12-months' }, groupBy: null });
    expect(read('range=forever&groupBy=hour')).toEqual({
      range: { preset: 'last-12-months' },
      groupBy: null,
    });
    expect(read('range=custom&from=2023-02-30&to=2023-06-30').range).toEqual({
      preset: 'last-12-months',
    });
    expect(read('range=custom&from=2023-01-01').range).toEqual({ preset: 'last-12-months' });
  });

  it('writes a range back as parameters that read the same', () => {
    const custom: ChartRange = { preset: 'custom', from: '2023-01-01', to: '2023-06-30' };
    expect(rangeSearch(custom)).toEqual({ range: 'custom', from: '2023-01-01', to: '2023-06-30' });
    expect(rangeSearch({ preset: 'all' })).toEqual({ range: 'all', from: null, to: null });
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(rangeSearch(custom))) params.set(key, value!);
    expect(readChartSearch(params).range).toEqual(custom);
  });
});

describe('spanWindow', () => {
  it('turns inclusive dates into the instants [start of from, end of to)', () => {
    expect(spanWindow({ from: '2024-03-01', to: '2024-03-31' }, UTC)).toEqual([
      at('2024-03-01T00:00:00Z'),
      at('2024-04-01T00:00:00Z'),
    ]);
    expect(spanWindow({ from: '2024-03-01', to: '2024-03-31' }, zone('UTC+2'))).toEqual([
      at('2024-02-29T22:00:00Z'),
      at('2024-03-31T22:00:00Z'),
    ]);
    expect(spanWindow({}, UTC)).toBeNull();
  });
});

describe('buildSeries', () => {
  const groups = [
    group('2024-03', '2024-03-01T00:00:00.000Z', 30),
    group('2024-01', '2024-01-01T00:00:00.000Z', 10),
    group('2024-02', '2024-02-01T00:00:00.000Z', 20),
  ];

  it('merges values and projections into one series sorted by time', () => {
    const series = buildSeries({
      groups,
      projections: [
        { date: '2024-02-15', value: 25 },
        { date: '2024-01-20', value: 12 },
      ],
      window: null,
      tz: UTC,
    });
    expect(series.points.map((p) => [p.t, p.value, p.projection])).toEqual([
      [at('2024-01-01T00:00:00Z'), 10, null],
      [at('2024-01-20T00:00:00Z'), null, 12],
      [at('2024-02-01T00:00:00Z'), 20, null],
      [at('2024-02-15T00:00:00Z'), null, 25],
      [at('2024-03-01T00:00:00Z'), 30, null],
    ]);
    expect(series.points[1]).toMatchObject({ group: null, projectionDate: '2024-01-20' });
    expect(series.points[0]).toMatchObject({ group: '2024-01', count: 1 });
    expect(series.valueCount).toBe(3);
    expect(series.projectionCount).toBe(2);
    // All time: the axis spans the points.
    expect(series.domain).toEqual([at('2024-01-01T00:00:00Z'), at('2024-03-01T00:00:00Z')]);
  });

  it('has no axis without points, and gives a lone point a day either side', () => {
    expect(buildSeries({ groups: [], projections: [], window: null, tz: UTC }).domain).toBeNull();
    const lone = buildSeries({
      groups: [group('2024-01', '2024-01-01T00:00:00.000Z', 10)],
      projections: [],
      window: null,
      tz: UTC,
    });
    expect(lone.domain).toEqual([at('2023-12-31T00:00:00Z'), at('2024-01-02T00:00:00Z')]);
  });

  it('puts a projection on the start of its day in the time zone, sharing a period start', () => {
    const tz = zone('UTC+2');
    const series = buildSeries({
      groups: [group('2024-03', '2024-02-29T22:00:00.000Z', 30)],
      projections: [{ date: '2024-03-01', value: 35 }],
      window: null,
      tz,
    });
    expect(series.points).toHaveLength(1);
    expect(series.points[0]).toMatchObject({
      t: at('2024-02-29T22:00:00Z'),
      value: 30,
      projection: 35,
      projectionDate: '2024-03-01',
    });
  });

  it('lists only projections in view, but draws the nearest ones outside to the edges', () => {
    const window: [number, number] = [at('2024-01-01T00:00:00Z'), at('2024-04-01T00:00:00Z')];
    const series = buildSeries({
      groups,
      projections: [
        { date: '2023-06-01', value: 1 },
        { date: '2023-12-01', value: 5 },
        { date: '2024-03-10', value: 33 },
        { date: '2024-04-01', value: 40 },
        { date: '2024-06-01', value: 60 },
        { date: '2024-12-01', value: 99 },
      ],
      window,
      tz: UTC,
    });
    expect(series.points.filter((p) => p.projection !== null).map((p) => p.projection)).toEqual([
      33,
    ]);
    expect(series.plotted.filter((p) => p.projection !== null).map((p) => p.projection)).toEqual([
      5, 33, 40,
    ]);
    expect(series.projectionCount).toBe(1);
    expect(series.domain).toEqual(window);
  });

  it('looks ahead for projections past a range that ends today', () => {
    const window: [number, number] = [at('2024-01-01T00:00:00Z'), at('2024-04-01T00:00:00Z')];
    const lookAhead = projectionLookAhead('last-12-weeks', window);
    expect(lookAhead).toBe((window[1] - window[0]) / 2);
    expect(projectionLookAhead('custom', window)).toBe(0);
    expect(projectionLookAhead('all', null)).toBe(0);

    const series = buildSeries({
      groups,
      projections: [
        { date: '2024-04-20', value: 40 },
        { date: '2024-05-10', value: 45 },
        { date: '2024-09-01', value: 90 },
      ],
      window,
      tz: UTC,
      lookAhead,
    });
    expect(series.points.map((p) => p.projection).filter((v) => v !== null)).toEqual([40, 45]);
    expect(series.domain).toEqual([window[0], at('2024-05-11T00:00:00Z')]);
    expect(series.plotted.map((p) => p.projection).filter((v) => v !== null)).toEqual([40, 45, 90]);
  });

  it('widens the axis to a period that began before the range', () => {
    const window: [number, number] = [at('2024-03-06T00:00:00Z'), at('2024-03-21T00:00:00Z')];
    const series = buildSeries({
      groups: [
        group('2024-W10', '2024-03-04T00:00:00.000Z', 7),
        group('2024-W11', '2024-03-11T00:00:00.000Z', 8),
      ],
      projections: [],
      window,
      tz: UTC,
    });
    expect(series.domain).toEqual([at('2024-03-04T00:00:00Z'), window[1]]);
  });

  it('downsamples values beyond the limit for drawing but keeps all of them for the table', () => {
    const start = at('2020-01-01T00:00:00Z');
    const many = Array.from({ length: 2500 }, (_, i) =>
      group(`day-${i}`, new Date(start + i * DAY).toISOString(), Math.sin(i / 20)),
    );
    const series = buildSeries({
      groups: many,
      projections: [{ date: '2021-06-01', value: 2 }],
      window: null,
      tz: UTC,
      maxValues: 1000,
    });
    expect(series.valueCount).toBe(2500);
    expect(series.plottedValueCount).toBe(1000);
    expect(series.points.filter((p) => p.value !== null)).toHaveLength(2500);
    expect(series.plotted.filter((p) => p.value !== null)).toHaveLength(1000);
    expect(series.plotted.some((p) => p.projection === 2)).toBe(true);
    const times = series.plotted.map((p) => p.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('skips projections whose date is not a calendar date', () => {
    const series = buildSeries({
      groups: [],
      projections: [
        { date: 'soon', value: 1 },
        { date: '2024-02-30', value: 2 },
        { date: '2024-02-29', value: 3 },
      ],
      window: null,
      tz: UTC,
    });
    expect(series.points.map((p) => p.projection)).toEqual([3]);
  });
});

describe('period labels', () => {
  it('gives the days of ISO weeks, including a 53rd week', () => {
    expect(weekDays('2020-W53')).toEqual({ first: '2020-12-28', last: '2021-01-03' });
    expect(weekDays('2020-W01')).toEqual({ first: '2019-12-30', last: '2020-01-05' });
    expect(weekDays('2021-W53')).toBeNull();
    expect(weekDays('2021-03')).toBeNull();
  });

  it('writes day ranges compactly', () => {
    expect(formatDayRange('2022-09-05', '2022-09-11')).toBe('5–11 Sep 2022');
    expect(formatDayRange('2022-08-29', '2022-09-04')).toBe('29 Aug – 4 Sep 2022');
    expect(formatDayRange('2020-12-28', '2021-01-03')).toBe('28 Dec 2020 – 3 Jan 2021');
  });

  it('describes weeks with their days and other periods by their label', () => {
    expect(describePeriod('2022-W36')).toBe('W36 2022 (5–11 Sep 2022)');
    expect(describePeriod('2022-09')).toBe('Sep 2022');
    expect(describePeriod('2022-Q3')).toBe('Q3 2022');
  });
});

describe('axisTicks', () => {
  it('ticks thirty days of daily values on Mondays, without the year', () => {
    const ticks = axisTicks([at('2024-03-01T00:00:00Z'), at('2024-03-31T00:00:00Z')], 'day', UTC);
    expect(ticks.map((t) => t.label)).toEqual(['4 Mar', '11 Mar', '18 Mar', '25 Mar']);
    expect(ticks[0]!.t).toBe(at('2024-03-04T00:00:00Z'));
  });

  it('thins twelve months to six ticks and names years when the axis spans two', () => {
    const ticks = axisTicks([at('2023-04-01T00:00:00Z'), at('2024-03-16T00:00:00Z')], 'month', UTC);
    expect(ticks.map((t) => t.label)).toEqual([
      'Apr 2023',
      'Jun 2023',
      'Aug 2023',
      'Oct 2023',
      'Dec 2023',
      'Feb 2024',
    ]);
  });

  it('places ticks at local period starts in the time zone', () => {
    const tz = zone('UTC-5');
    const ticks = axisTicks(
      [at('2024-01-01T05:00:00Z'), at('2024-04-01T05:00:00Z')],
      'quarter',
      tz,
    );
    expect(ticks).toEqual([
      { t: at('2024-01-01T05:00:00Z'), label: 'Q1 2024' },
      { t: at('2024-04-01T05:00:00Z'), label: 'Q2 2024' },
    ]);
  });

  it('never crowds the axis, even for ten years of days', () => {
    const ticks = axisTicks([at('2014-01-01T00:00:00Z'), at('2023-12-31T00:00:00Z')], 'day', UTC);
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.length).toBeLessThanOrEqual(6);
  });
});

describe('chartSummary', () => {
  const formatting = { prefix: '$', suffix: '', fractionSize: 0 };
  const groups = [
    group('2024-01', '2024-01-01T00:00:00.000Z', 10),
    group('2024-02', '2024-02-01T00:00:00.000Z', 30),
    group('2024-03', '2024-03-01T00:00:00.000Z', 25),
  ];

  it('names the KPI, grouping, range, extremes, latest value and projections', () => {
    const series = buildSeries({
      groups,
      projections: [{ date: '2024-02-15', value: 25 }],
      window: null,
      tz: UTC,
    });
    expect(
      chartSummary({
        name: 'Revenue',
        series,
        groupBy: 'month',
        rangeLabel: 'All time',
        formatting,
      }),
    ).toBe(
      'Revenue, by month, all time: 3 values from Jan 2024 to Mar 2024, lowest $10, highest $30, latest $25; 1 projection.',
    );
  });

  it('says when there are no values', () => {
    const series = buildSeries({ groups: [], projections: [], window: null, tz: UTC });
    expect(
      chartSummary({
        name: 'Revenue',
        series,
        groupBy: 'week',
        rangeLabel: 'Last 12 weeks',
        formatting,
      }),
    ).toBe('Revenue, by week, last 12 weeks: no values recorded; 0 projections.');
  });
});
