import { describe, expect, it } from 'vitest';
import type { SnapshotGroup } from '../../../../../contract/kpis.ts';
import { parseTimeZone, UTC } from '../../../../../contract/periods.ts';
import {
  assignAxes,
  axisTicks,
  buildChart,
  clockTime,
  numberTileModel,
  projectionLookAhead,
  rangeDates,
  safePeriodLabel,
  spanWindow,
  trendDates,
  type ChartKpi,
} from './tile-model.ts';

// Wednesday 13 March 2024, noon UTC: in W11 2024.
const NOW = Date.parse('2024-03-13T12:00:00.000Z');
const DAY = 86_400_000;

function group(key: string, start: string, value: number): SnapshotGroup {
  return { group: key, value, count: 1, start, end: start };
}

const plain = { prefix: '', suffix: '', fractionSize: 0 };
const money = { prefix: '$', suffix: '', fractionSize: 0 };

describe('rangeDates and trendDates', () => {
  it('starts week and month ranges on a period boundary and ends them today', () => {
    expect(rangeDates('last-12-weeks', NOW, UTC)).toEqual({ from: '2023-12-25', to: '2024-03-13' });
    expect(rangeDates('last-12-months', NOW, UTC)).toEqual({
      from: '2023-04-01',
      to: '2024-03-13',
    });
    expect(rangeDates('last-30-days', NOW, UTC)).toEqual({ from: '2024-02-13', to: '2024-03-13' });
    expect(rangeDates('year-to-date', NOW, UTC)).toEqual({ from: '2024-01-01', to: '2024-03-13' });
    expect(rangeDates('all', NOW, UTC)).toEqual({});
  });

  it('reads dates in the time zone', () => {
    const late = Date.parse('2024-03-13T23:30:00.000Z');
    expect(rangeDates('last-30-days', late, parseTimeZone('UTC+3')!).to).toBe('2024-03-14');
  });

  it('covers twelve periods of the tile for its trend', () => {
    expect(trendDates('month', NOW, UTC)).toEqual({ from: '2023-04-01', to: '2024-03-13' });
    expect(trendDates('quarter', NOW, UTC).from).toBe('2021-04-01');
  });
});

describe('numberTileModel', () => {
  const weeks = [
    group('2024-W09', '2024-02-26T00:00:00.000Z', 80),
    group('2024-W10', '2024-03-04T00:00:00.000Z', 100),
    group('2024-W11', '2024-03-11T00:00:00.000Z', 120),
  ];

  it('compares the current period with the one before', () => {
    const model = numberTileModel(weeks, 'week', NOW, UTC);
    expect(model.current).toEqual({ key: '2024-W11', label: 'W11 2024', value: 120 });
    expect(model.previous).toEqual({ key: '2024-W10', label: 'W10 2024', value: 100 });
    expect(model.delta).toBe(20);
    expect(model.percentage).toBe(20);
    expect(model.trend).toEqual([80, 100, 120]);
  });

  it('has no change when a side is missing, and says what was recorded last', () => {
    const model = numberTileModel(weeks.slice(0, 2), 'week', NOW, UTC);
    expect(model.current.value).toBeNull();
    expect(model.delta).toBeNull();
    expect(model.percentage).toBeNull();
    expect(model.latest).toEqual({ key: '2024-W10', label: 'W10 2024', value: 100 });
  });

  it('has no percentage against zero', () => {
    const model = numberTileModel(
      [
        group('2024-02', '2024-02-01T00:00:00.000Z', 0),
        group('2024-03', '2024-03-01T00:00:00.000Z', 5),
      ],
      'month',
      NOW,
      UTC,
    );
    expect(model.delta).toBe(5);
    expect(model.percentage).toBeNull();
  });

  it('keeps the last twelve recorded periods in the trend', () => {
    const many = Array.from({ length: 15 }, (_, i) =>
      group(
        `2023-${String(i + 1).padStart(2, '0')}`,
        new Date(Date.UTC(2023, i, 1)).toISOString(),
        i,
      ),
    );
    expect(numberTileModel(many, 'month', NOW, UTC).trend).toEqual([
      3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    ]);
  });
});

describe('assignAxes', () => {
  it('puts KPIs of one unit and similar size on one axis', () => {
    expect(assignAxes([{ formatting: money }, { formatting: money }], [500, 900])).toEqual([
      'left',
      'left',
    ]);
  });

  it('moves a KPI of another unit, or ten times smaller, to the right axis', () => {
    expect(assignAxes([{ formatting: money }, { formatting: plain }], [500, 400])).toEqual([
      'left',
      'right',
    ]);
    expect(assignAxes([{ formatting: money }, { formatting: money }], [500_000, 30])).toEqual([
      'left',
      'right',
    ]);
  });

  it('has nothing to assign without KPIs', () => {
    expect(assignAxes([], [])).toEqual([]);
  });
});

describe('axisTicks', () => {
  it('marks months within a year without the year', () => {
    const start = Date.parse('2024-01-01T00:00:00.000Z');
    const end = Date.parse('2024-06-30T00:00:00.000Z');
    const ticks = axisTicks([start, end], 'month', UTC);
    expect(ticks.map((t) => t.label)).toEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun']);
  });

  it('marks weeks by their Monday and thins crowded ticks', () => {
    const start = Date.parse('2024-01-01T00:00:00.000Z');
    const ticks = axisTicks([start, start + 83 * DAY], 'week', UTC);
    expect(ticks[0]).toEqual({ t: start, label: '1 Jan' });
    expect(ticks.length).toBeLessThanOrEqual(6);
  });

  it('keeps years when the axis crosses one, and climbs to coarser periods on long axes', () => {
    const start = Date.parse('2020-01-01T00:00:00.000Z');
    const end = Date.parse('2024-01-01T00:00:00.000Z');
    const labels = axisTicks([start, end], 'day', UTC).map((t) => t.label);
    expect(labels).toContain('Q1 2020');
  });
});

describe('buildChart', () => {
  const kpis: ChartKpi[] = [
    {
      id: 'a',
      name: 'Deals',
      formatting: plain,
      projections: [
        { date: '2024-04-01', value: 30 },
        { date: '2026-01-01', value: 99 },
      ],
    },
    { id: 'b', name: 'Bookings', formatting: money, projections: [] },
  ];
  const groupsByKpi = {
    a: [
      group('2024-01', '2024-01-01T00:00:00.000Z', 10),
      group('2024-02', '2024-02-01T00:00:00.000Z', 20),
    ],
    b: [
      group('2024-02', '2024-02-01T00:00:00.000Z', 50_000),
      group('2024-03', '2024-03-01T00:00:00.000Z', 60_000),
    ],
  };
  const window = spanWindow({ from: '2024-01-01', to: '2024-03-13' }, UTC)!;

  const chart = () =>
    buildChart({
      title: 'Deals and bookings',
      kpis,
      groupsByKpi,
      window,
      lookAhead: projectionLookAhead(window),
      groupBy: 'month',
      range: 'year-to-date',
      tz: UTC,
    });

  it('merges every KPI into one row per period, in time order', () => {
    const { rows } = chart();
    expect(rows.map((r) => r.period)).toEqual(['2024-01', '2024-02', '2024-03', null]);
    expect(rows[1]!.values).toEqual([20, 50_000]);
    expect(rows[0]!.values).toEqual([10, null]);
  });

  it('shows projections a little past the range and stretches the axis to them', () => {
    const model = chart();
    const projected = model.rows.filter((r) => r.projectionDate !== null);
    expect(projected.map((r) => r.projectionDate)).toEqual(['2024-04-01']);
    expect(model.projectionCount).toBe(1);
    expect(model.domain![1]).toBe(Date.parse('2024-04-02T00:00:00.000Z'));
    expect(model.domain![0]).toBe(window[0]);
  });

  it('starts the dashed line at the last recorded value', () => {
    const { rows } = chart();
    const february = rows.find((r) => r.period === '2024-02')!;
    expect(february.projectionLine[0]).toBe(20);
    expect(february.projections[0]).toBeNull();
    expect(rows.every((r) => r.projectionLine[1] === null)).toBe(true);
  });

  it('gives the KPIs axes and describes the chart in words', () => {
    const model = chart();
    expect(model.axes).toEqual(['left', 'right']);
    expect(model.valueCount).toBe(4);
    expect(model.summary).toBe(
      'Deals and bookings: chart by month, year to date. Deals: 2 values, latest 20 (Feb 2024); ' +
        'Bookings: 2 values, latest $60,000 (Mar 2024); 1 projection.',
    );
  });

  it('spans the points for all time, and has no axis without any', () => {
    const all = buildChart({
      title: 'T',
      kpis: [kpis[1]!],
      groupsByKpi,
      window: null,
      lookAhead: 0,
      groupBy: 'month',
      range: 'all',
      tz: UTC,
    });
    expect(all.domain).toEqual([
      Date.parse('2024-02-01T00:00:00.000Z'),
      Date.parse('2024-03-01T00:00:00.000Z'),
    ]);
    const empty = buildChart({
      title: 'T',
      kpis: [{ ...kpis[1]!, id: 'none' }],
      groupsByKpi: {},
      window: null,
      lookAhead: 0,
      groupBy: 'month',
      range: 'all',
      tz: UTC,
    });
    expect(empty.domain).toBeNull();
    expect(empty.ticks).toEqual([]);
    expect(empty.summary).toContain('Bookings: no values');
  });
});

describe('small helpers', () => {
  it('shows a period key it cannot read as it is', () => {
    expect(safePeriodLabel('2024-W11')).toBe('W11 2024');
    expect(safePeriodLabel('sprint-4')).toBe('sprint-4');
  });

  it('writes the wall-clock time in the time zone', () => {
    const instant = Date.parse('2024-03-13T22:05:00.000Z');
    expect(clockTime(instant, UTC)).toBe('22:05');
    expect(clockTime(instant, parseTimeZone('UTC+3')!)).toBe('01:05');
    expect(clockTime(instant, parseTimeZone('UTC-5:30')!)).toBe('16:35');
  });
});
