/**
 * The numbers behind the board's tiles: which dates a tile reads, the current and previous period
 * of a number tile, and the rows, axes and ticks of a chart with several KPIs and their
 * projections. Pure, so that tiles, the chart module and the tests agree.
 */
import { formatKpiValue } from '../../../../../contract/format.ts';
import type { Formatting, Projection, SnapshotGroup } from '../../../../../contract/kpis.ts';
import {
  deltaPercentage,
  isCalendarDate,
  localDate,
  parseTimeZone,
  periodOfInstant,
  shiftPeriod,
  startOfLocalDay,
  UTC,
  type Granularity,
  type TimeZone,
} from '../../../../../contract/periods.ts';
import { GROUP_BY_LABELS, RANGE_LABELS, type RangePreset } from './item-settings.ts';

import { axisTicks, periodStartDate, presetDates } from '../../../../lib/chart-time.ts';
import {
  safePeriodLabel,
  spanWindow,
  type AxisTick,
  type DateSpan,
} from '../../../../lib/time-axis.ts';

/**
 * Shared with the KPI chart; kept importable from here for the tiles. A tile's range is always a
 * preset, so its dates are the preset's.
 */
export { axisTicks, presetDates as rangeDates, safePeriodLabel, spanWindow };
export type { AxisTick, DateSpan };

const DAY_MS = 86_400_000;

type ValueFormatting = Pick<Formatting, 'prefix' | 'suffix' | 'fractionSize'>;

export const zoneOf = (timeZone: string): TimeZone => parseTimeZone(timeZone) ?? UTC;

// ---------------------------------------------------------------------------------------------
// Number tiles
// ---------------------------------------------------------------------------------------------

/** How many periods a number tile's sparkline shows, the current one included. */
export const TREND_PERIODS = 12;

/** The dates a number tile reads: its trend's periods, up to today. */
export function trendDates(groupBy: Granularity, now: number, tz: TimeZone): DateSpan {
  return {
    from: periodStartDate(now, groupBy, 1 - TREND_PERIODS, tz),
    to: localDate(now, tz),
  };
}

export interface PeriodValue {
  key: string;
  label: string;
  value: number | null;
}

export interface NumberTileModel {
  current: PeriodValue;
  previous: PeriodValue;
  /** Current minus previous; null unless both have a value. */
  delta: number | null;
  percentage: number | null;
  /** The recorded values of the trend's periods, oldest first. */
  trend: number[];
  /** The latest recorded period, for when the current one has no value yet. */
  latest: PeriodValue | null;
}

export function numberTileModel(
  groups: readonly SnapshotGroup[],
  groupBy: Granularity,
  now: number,
  tz: TimeZone,
): NumberTileModel {
  const current = periodOfInstant(now, groupBy, tz);
  let previousKey: string;
  try {
    previousKey = shiftPeriod(current, -1, tz).key;
  } catch {
    previousKey = current.key;
  }
  const byKey = new Map(groups.map((g) => [g.group, g.value]));
  const at = (key: string): PeriodValue => ({
    key,
    label: safePeriodLabel(key),
    value: byKey.get(key) ?? null,
  });
  const currentValue = at(current.key);
  const previousValue = at(previousKey);
  const recorded = groups.filter((g) => Date.parse(g.start) <= current.start);
  const last = recorded.at(-1);
  return {
    current: currentValue,
    previous: previousValue,
    delta:
      currentValue.value !== null && previousValue.value !== null
        ? currentValue.value - previousValue.value
        : null,
    percentage: deltaPercentage(currentValue.value, previousValue.value),
    trend: recorded.slice(-TREND_PERIODS).map((g) => g.value),
    latest: last ? at(last.group) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Charts
// ---------------------------------------------------------------------------------------------

export interface ChartKpi {
  id: string;
  name: string;
  formatting: ValueFormatting;
  projections: readonly Pick<Projection, 'date' | 'value'>[];
}

export interface ChartRow {
  /** Position on the time axis: a period's start, or the start of a projection's day. */
  t: number;
  /** The period key of the values in this row, if any. */
  period: string | null;
  /** The date of the projections in this row, if any. */
  projectionDate: string | null;
  /** Per KPI, in the item's order. */
  values: (number | null)[];
  projections: (number | null)[];
  /**
   * What the dashed line of each KPI runs through: its projections, plus its last recorded value
   * when projections follow it, so that the line reads as carrying on from there.
   */
  projectionLine: (number | null)[];
}

export type AxisSide = 'left' | 'right';

export interface BoardChartModel {
  rows: ChartRow[];
  /** The time axis, or null when there is nothing to draw. */
  domain: [number, number] | null;
  ticks: AxisTick[];
  /** Which value axis each KPI is drawn against. */
  axes: AxisSide[];
  valueCount: number;
  projectionCount: number;
  /** The chart's accessible name. */
  summary: string;
}

const unitOf = (f: ValueFormatting) => `${f.prefix}\u0000${f.suffix}`;

/**
 * The first KPI reads against the left axis. Another shares it when it has the same prefix and
 * suffix and values of a similar size (within ten times); otherwise it reads against the right
 * axis, so a count is not flattened to zero next to an amount of money.
 */
export function assignAxes(
  kpis: readonly { formatting: ValueFormatting }[],
  largest: readonly (number | null)[],
): AxisSide[] {
  const first = kpis[0];
  if (!first) return [];
  const base = Math.abs(largest[0] ?? 0);
  return kpis.map((kpi, i) => {
    if (i === 0) return 'left';
    const size = Math.abs(largest[i] ?? 0);
    const similar = base === 0 || size === 0 || (size / base <= 10 && base / size <= 10);
    return unitOf(kpi.formatting) === unitOf(first.formatting) && similar ? 'left' : 'right';
  });
}

/**
 * All KPIs' recorded periods and projections as rows in time order, one row per instant. The
 * view is the range's `window` (null: everything); projections up to `lookAhead` ms past its end
 * are shown too, since projections mostly lie ahead of today, and stretch the axis to reach them.
 */
export function buildChart({
  title,
  kpis,
  groupsByKpi,
  window,
  lookAhead,
  groupBy,
  range,
  tz,
}: {
  title: string;
  kpis: readonly ChartKpi[];
  groupsByKpi: Readonly<Record<string, readonly SnapshotGroup[] | undefined>>;
  window: [number, number] | null;
  lookAhead: number;
  groupBy: Granularity;
  range: RangePreset;
  tz: TimeZone;
}): BoardChartModel {
  const count = kpis.length;
  const rows = new Map<number, ChartRow>();
  const rowAt = (t: number): ChartRow => {
    let row = rows.get(t);
    if (!row) {
      row = {
        t,
        period: null,
        projectionDate: null,
        values: Array<number | null>(count).fill(null),
        projections: Array<number | null>(count).fill(null),
        projectionLine: Array<number | null>(count).fill(null),
      };
      rows.set(t, row);
    }
    return row;
  };

  let valueCount = 0;
  let projectionCount = 0;
  let lastProjection = -Infinity;
  const largest: (number | null)[] = [];
  kpis.forEach((kpi, i) => {
    let max: number | null = null;
    for (const group of groupsByKpi[kpi.id] ?? []) {
      const t = Date.parse(group.start);
      if (!Number.isFinite(t)) continue;
      const row = rowAt(t);
      row.period = group.group;
      row.values[i] = group.value;
      valueCount += 1;
      max = Math.max(max ?? -Infinity, Math.abs(group.value));
    }
    for (const projection of kpi.projections) {
      if (!isCalendarDate(projection.date)) continue;
      const t = startOfLocalDay(projection.date, tz);
      if (window && (t < window[0] || t >= window[1] + lookAhead)) continue;
      const row = rowAt(t);
      row.projectionDate = projection.date;
      row.projections[i] = projection.value;
      row.projectionLine[i] = projection.value;
      projectionCount += 1;
      lastProjection = Math.max(lastProjection, t);
      max = Math.max(max ?? -Infinity, Math.abs(projection.value));
    }
    largest.push(max);
  });

  const sorted = [...rows.values()].sort((a, b) => a.t - b.t);
  kpis.forEach((_, i) => {
    const last = sorted.findLastIndex((row) => row.values[i] !== null);
    if (last >= 0 && sorted.slice(last + 1).some((row) => row.projections[i] !== null)) {
      sorted[last]!.projectionLine[i] = sorted[last]!.values[i]!;
    }
  });
  let domain: [number, number] | null = null;
  if (window) {
    const first = sorted[0]?.t ?? window[0];
    const reach = lastProjection >= window[1] ? lastProjection + DAY_MS : window[1];
    domain = [Math.min(window[0], first), reach];
  } else if (sorted.length > 0) {
    const first = sorted[0]!.t;
    const last = sorted.at(-1)!.t;
    domain = first === last ? [first - DAY_MS, last + DAY_MS] : [first, last];
  }

  const axes = assignAxes(kpis, largest);
  return {
    rows: sorted,
    domain,
    ticks: domain ? axisTicks(domain, groupBy, tz) : [],
    axes,
    valueCount,
    projectionCount,
    summary: chartSummary({ title, kpis, rows: sorted, groupBy, range, projectionCount }),
  };
}

/** How far past the range's end a chart looks for projections: half the range. */
export function projectionLookAhead(window: [number, number] | null): number {
  return window ? (window[1] - window[0]) / 2 : 0;
}

/** What the chart shows, in words. */
export function chartSummary({
  title,
  kpis,
  rows,
  groupBy,
  range,
  projectionCount,
}: {
  title: string;
  kpis: readonly ChartKpi[];
  rows: readonly ChartRow[];
  groupBy: Granularity;
  range: RangePreset;
  projectionCount: number;
}): string {
  const head = `${title}: chart by ${GROUP_BY_LABELS[groupBy].toLowerCase()}, ${RANGE_LABELS[range].toLowerCase()}`;
  const parts = kpis.map((kpi, i) => {
    const recorded = rows.filter((r) => r.values[i] !== null && r.values[i] !== undefined);
    const last = recorded.at(-1);
    if (!last) return `${kpi.name}: no values`;
    const values = recorded.length === 1 ? '1 value' : `${recorded.length} values`;
    const when = last.period ? ` (${safePeriodLabel(last.period)})` : '';
    return `${kpi.name}: ${values}, latest ${formatKpiValue(last.values[i], kpi.formatting)}${when}`;
  });
  const projections =
    projectionCount === 0
      ? ''
      : projectionCount === 1
        ? '; 1 projection'
        : `; ${projectionCount} projections`;
  return `${head}. ${parts.join('; ')}${projections}.`;
}

// ---------------------------------------------------------------------------------------------
// Presentation
// ---------------------------------------------------------------------------------------------

const pad2 = (n: number) => String(n).padStart(2, '0');

/** 'hh:mm' of an instant on the wall clock of `tz`. */
export function clockTime(instant: number, tz: TimeZone): string {
  const local = instant + tz.offsetAt(instant) * 60_000;
  const minutes = Math.floor(local / 60_000);
  const dayMinutes = ((minutes % 1440) + 1440) % 1440;
  return `${pad2(Math.floor(dayMinutes / 60))}:${pad2(dayMinutes % 60)}`;
}
