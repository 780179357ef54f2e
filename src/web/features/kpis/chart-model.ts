/**
 * The shape of a KPI chart: which dates a range covers, which grouping suits it, and one series
 * in time order that holds recorded values and projections side by side. Pure, so the page, the
 * loader and the tests agree on every detail.
 */
import { formatKpiValue } from '../../../contract/format.ts';
import type { Formatting, Projection, SnapshotGroup } from '../../../contract/kpis.ts';
import {
  GRANULARITIES,
  isCalendarDate,
  localDate,
  periodFromKey,
  periodLabel,
  startOfLocalDay,
  UTC,
  type Granularity,
  type TimeZone,
} from '../../../contract/periods.ts';
import {
  axisTicks,
  GRANULARITY_LABELS,
  presetDates,
  RANGE_PRESET_LABELS,
  RANGE_PRESETS,
  type RangePreset,
} from '../../lib/chart-time.ts';
import { lttb } from '../../lib/lttb.ts';

import { safePeriodLabel, spanWindow, type AxisTick, type DateSpan } from '../../lib/time-axis.ts';

/** Shared with the board tiles; kept importable from here for the KPI page. */
export {
  axisTicks,
  GRANULARITY_LABELS,
  RANGE_PRESETS,
  safePeriodLabel,
  spanWindow,
  type AxisTick,
  type DateSpan,
  type RangePreset,
};

const DAY_MS = 86_400_000;

/** Above this many values a chart is downsampled: more points than pixels only cost time. */
export const MAX_PLOTTED_VALUES = 1000;

export type ChartRange = { preset: RangePreset } | { preset: 'custom'; from: string; to: string };

export const RANGE_LABELS: Record<ChartRange['preset'], string> = {
  ...RANGE_PRESET_LABELS,
  custom: 'Custom dates',
};

export const DEFAULT_RANGE: ChartRange = { preset: 'last-12-months' };

// ---------------------------------------------------------------------------------------------
// Ranges and groupings
// ---------------------------------------------------------------------------------------------

/**
 * The dates a range covers at instant `now` in `tz`: a preset's as the board tiles read them (see
 * `presetDates`); a custom range given backwards is turned around.
 */
export function rangeDates(range: ChartRange, now: number, tz: TimeZone): DateSpan {
  if (range.preset !== 'custom') return presetDates(range.preset, now, tz);
  return range.from <= range.to
    ? { from: range.from, to: range.to }
    : { from: range.to, to: range.from };
}

/** Calendar days from `from` to `to`, both counted. */
export function daysInSpan(from: string, to: string): number {
  return Math.round((startOfLocalDay(to, UTC) - startOfLocalDay(from, UTC)) / DAY_MS) + 1;
}

/** A grouping that gives a readable number of points (a few dozen) over `days` days. */
export function granularityForDays(days: number): Granularity {
  if (days <= 62) return 'day';
  if (days <= 366) return 'week';
  if (days <= 5 * 366) return 'month';
  if (days <= 15 * 366) return 'quarter';
  return 'year';
}

/**
 * The grouping a range gets unless the person picks one. All time depends on how far back the
 * values go (`firstValueAt`, the start of the earliest period): weeks for a year or less,
 * months beyond; month until that is known.
 */
export function defaultGroupBy(
  range: ChartRange,
  now: number,
  tz: TimeZone,
  firstValueAt?: number | null,
): Granularity {
  switch (range.preset) {
    case 'last-30-days':
      return 'day';
    case 'last-12-weeks':
      return 'week';
    case 'last-12-months':
      return 'month';
    case 'all':
      if (firstValueAt === null || firstValueAt === undefined) return 'month';
      return (now - firstValueAt) / DAY_MS <= 366 ? 'week' : 'month';
    case 'year-to-date':
    case 'custom': {
      const { from, to } = rangeDates(range, now, tz);
      return granularityForDays(daysInSpan(from!, to!));
    }
  }
}

export interface ChartSearch {
  range: ChartRange;
  /** Null: the range's default grouping. */
  groupBy: Granularity | null;
}

const isPreset = (value: string | null): value is RangePreset =>
  (RANGE_PRESETS as readonly (string | null)[]).includes(value);

const isGranularity = (value: string | null): value is Granularity =>
  (GRANULARITIES as readonly (string | null)[]).includes(value);

/**
 * Range and grouping from the URL: `range=` one of the presets, or `custom` (or nothing) with
 * valid `from` and `to`; `groupBy=`. Anything unreadable falls back to the defaults.
 */
export function readChartSearch(params: URLSearchParams): ChartSearch {
  const range = params.get('range');
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const groupBy = params.get('groupBy');
  let chartRange: ChartRange = DEFAULT_RANGE;
  if (isPreset(range)) chartRange = { preset: range };
  else if ((range === null || range === 'custom') && isCalendarDate(from) && isCalendarDate(to)) {
    chartRange = { preset: 'custom', from, to };
  }
  return { range: chartRange, groupBy: isGranularity(groupBy) ? groupBy : null };
}

/** The URL parameters that name a range (null removes one). */
export function rangeSearch(range: ChartRange): Record<string, string | null> {
  return range.preset === 'custom'
    ? { range: 'custom', from: range.from, to: range.to }
    : { range: range.preset, from: null, to: null };
}

// ---------------------------------------------------------------------------------------------
// The series
// ---------------------------------------------------------------------------------------------

export interface ChartPoint {
  /** Position on the time axis (epoch ms): a period's start, or the start of a projection's day. */
  t: number;
  /** The period's recorded value (the KPI's aggregation over it). */
  value: number | null;
  /** Period key of the value. */
  group: string | null;
  /** Snapshots in the period. */
  count: number | null;
  projection: number | null;
  /** The projection's date, YYYY-MM-DD. */
  projectionDate: string | null;
}

export interface ChartSeries {
  /** Every value and projection in view, in time order: what the data table lists. */
  points: ChartPoint[];
  /**
   * What the chart draws: values downsampled beyond `maxValues`, plus the nearest projection on
   * either side of the view, so that the projection line runs on to the edges.
   */
  plotted: ChartPoint[];
  /**
   * The time axis: the range's instants, widened to the periods that reach into it; for all
   * time, the span of the points. Null when there is nothing to draw.
   */
  domain: [number, number] | null;
  valueCount: number;
  plottedValueCount: number;
  projectionCount: number;
}

function valuePoint(group: SnapshotGroup): ChartPoint {
  return {
    t: Date.parse(group.start),
    value: group.value,
    group: group.group,
    count: group.count,
    projection: null,
    projectionDate: null,
  };
}

function projectionPoint(projection: Pick<Projection, 'date' | 'value'>, tz: TimeZone): ChartPoint {
  return {
    t: startOfLocalDay(projection.date, tz),
    value: null,
    group: null,
    count: null,
    projection: projection.value,
    projectionDate: projection.date,
  };
}

/** One point per instant: a projection on a period's start shares that period's point. */
function merge(values: readonly ChartPoint[], projections: readonly ChartPoint[]): ChartPoint[] {
  const byTime = new Map<number, ChartPoint>();
  for (const point of values) byTime.set(point.t, { ...point });
  for (const point of projections) {
    const existing = byTime.get(point.t);
    if (existing) {
      existing.projection = point.projection;
      existing.projectionDate = point.projectionDate;
    } else {
      byTime.set(point.t, { ...point });
    }
  }
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

/**
 * How far past its end a range looks for projections. Projections are mostly ahead of today, so
 * ranges that end today look ahead half their length; custom dates show exactly what they name.
 */
export function projectionLookAhead(
  preset: ChartRange['preset'],
  window: [number, number] | null,
): number {
  if (preset === 'custom' || window === null) return 0;
  return (window[1] - window[0]) / 2;
}

/**
 * Recorded values (grouped periods) and projections as one series sorted by time, in view of
 * `window` (instants [start, end), or null for everything). Projections up to `lookAhead` ms
 * after the window are in view too, and stretch the axis to reach them.
 */
export function buildSeries({
  groups,
  projections,
  window,
  tz,
  lookAhead = 0,
  maxValues = MAX_PLOTTED_VALUES,
}: {
  groups: readonly SnapshotGroup[];
  projections: readonly Pick<Projection, 'date' | 'value'>[];
  window: [number, number] | null;
  tz: TimeZone;
  lookAhead?: number;
  maxValues?: number;
}): ChartSeries {
  const values = groups
    .map(valuePoint)
    .filter((p) => Number.isFinite(p.t))
    .sort((a, b) => a.t - b.t);
  const projected = projections
    .filter((p) => isCalendarDate(p.date))
    .map((p) => projectionPoint(p, tz))
    .sort((a, b) => a.t - b.t);

  let domain: [number, number] | null = null;
  if (window) {
    // A period that began before the range (a week starting on the Monday before `from`) is
    // still drawn at its start.
    const first = values[0]?.t ?? window[0];
    const last = values.at(-1)?.t ?? window[1];
    const ahead =
      lookAhead > 0
        ? projected.filter((p) => p.t >= window[1] && p.t <= window[1] + lookAhead)
        : [];
    // Reaching the last projection ahead, plus a day so that it is not cut off at the edge.
    const reach = ahead.length > 0 ? ahead.at(-1)!.t + DAY_MS : window[1];
    domain = [Math.min(window[0], first), Math.max(window[1], last, reach)];
  }

  // The axis ends where the range does: a projection on the day after it is outside.
  const view = domain;
  const inView = view ? projected.filter((p) => p.t >= view[0] && p.t < view[1]) : projected;
  const beforeView = view ? projected.filter((p) => p.t < view[0]).at(-1) : undefined;
  const afterView = view ? projected.find((p) => p.t >= view[1]) : undefined;

  if (domain === null) {
    const first = Math.min(values[0]?.t ?? Infinity, projected[0]?.t ?? Infinity);
    const last = Math.max(values.at(-1)?.t ?? -Infinity, projected.at(-1)?.t ?? -Infinity);
    // A single point sits in the middle of a day either side.
    if (first <= last) domain = first === last ? [first - DAY_MS, last + DAY_MS] : [first, last];
  }

  const sampled =
    values.length > maxValues
      ? lttb(
          values,
          maxValues,
          (p) => p.t,
          (p) => p.value ?? 0,
        )
      : values;
  const edges = [beforeView, ...inView, afterView].filter((p) => p !== undefined);

  return {
    points: merge(values, inView),
    plotted: merge(sampled, edges),
    domain,
    valueCount: values.length,
    plottedValueCount: sampled.length,
    projectionCount: inView.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dateParts(date: string) {
  return {
    year: date.slice(0, 4),
    month: MONTHS[Number(date.slice(5, 7)) - 1] ?? '',
    day: String(Number(date.slice(8, 10))),
  };
}

/** '5–11 Sep 2022', '29 Aug – 4 Sep 2022', '28 Dec 2020 – 3 Jan 2021'. */
export function formatDayRange(first: string, last: string): string {
  const a = dateParts(first);
  const b = dateParts(last);
  if (a.year !== b.year) return `${a.day} ${a.month} ${a.year} – ${b.day} ${b.month} ${b.year}`;
  if (a.month !== b.month) return `${a.day} ${a.month} – ${b.day} ${b.month} ${b.year}`;
  return `${a.day}–${b.day} ${b.month} ${b.year}`;
}

/** First and last calendar day of an ISO week key ('2020-W53'), or null for an invalid key. */
export function weekDays(key: string): { first: string; last: string } | null {
  const period = periodFromKey(key, UTC);
  if (period === null || period.granularity !== 'week') return null;
  return { first: localDate(period.start, UTC), last: localDate(period.end - DAY_MS, UTC) };
}

/** A period as a tooltip names it: 'Sep 2022', and for weeks their days: 'W36 2022 (5–11 Sep 2022)'. */
export function describePeriod(key: string): string {
  const label = safePeriodLabel(key);
  const days = weekDays(key);
  return days ? `${label} (${formatDayRange(days.first, days.last)})` : label;
}

const BY: Record<Granularity, string> = {
  day: 'by day',
  week: 'by week',
  month: 'by month',
  quarter: 'by quarter',
  year: 'by year',
};

/** What the chart shows, in words: its accessible name. */
export function chartSummary({
  name,
  series,
  groupBy,
  rangeLabel,
  formatting,
}: {
  name: string;
  series: ChartSeries;
  groupBy: Granularity;
  rangeLabel: string;
  formatting: Pick<Formatting, 'prefix' | 'suffix' | 'fractionSize'>;
}): string {
  const head = `${name}, ${BY[groupBy]}, ${rangeLabel.toLowerCase()}`;
  const values = series.points.filter((p) => p.value !== null && p.group !== null);
  const projections =
    series.projectionCount === 1 ? '1 projection' : `${series.projectionCount} projections`;
  if (values.length === 0) return `${head}: no values recorded; ${projections}.`;
  const numbers = values.map((p) => p.value!);
  const first = values[0]!;
  const last = values.at(-1)!;
  const format = (v: number) => formatKpiValue(v, formatting);
  const count = values.length === 1 ? '1 value' : `${values.length} values`;
  const span =
    values.length === 1
      ? `in ${periodLabel(first.group!)}`
      : `from ${periodLabel(first.group!)} to ${periodLabel(last.group!)}`;
  return (
    `${head}: ${count} ${span}, lowest ${format(Math.min(...numbers))}, ` +
    `highest ${format(Math.max(...numbers))}, latest ${format(last.value!)}; ${projections}.`
  );
}
