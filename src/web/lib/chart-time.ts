/**
 * Time on the KPI page's chart and on the board's chart tiles: the range presets both offer, the
 * dates a preset covers and the ticks of the time axis. One module, so that a board tile and the
 * KPI page show the same range with the same dates and the same axis. Plain data and functions
 * (nothing from the chart library), so that either side may import it without pulling charts in.
 */
import {
  GRANULARITIES,
  localDate,
  periodLabel,
  periodOfInstant,
  shiftPeriod,
  type Granularity,
  type Period,
  type TimeZone,
} from '../../contract/periods.ts';
import { APPROX_DAYS, type AxisTick, type DateSpan } from './time-axis.ts';

const DAY_MS = 86_400_000;

export const RANGE_PRESETS = [
  'last-30-days',
  'last-12-weeks',
  'last-12-months',
  'year-to-date',
  'all',
] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const RANGE_PRESET_LABELS: Record<RangePreset, string> = {
  'last-30-days': 'Last 30 days',
  'last-12-weeks': 'Last 12 weeks',
  'last-12-months': 'Last 12 months',
  'year-to-date': 'Year to date',
  all: 'All time',
};

export const GRANULARITY_LABELS: Record<Granularity, string> = {
  day: 'Day',
  week: 'Week',
  month: 'Month',
  quarter: 'Quarter',
  year: 'Year',
};

/**
 * The first local date of the period `steps` periods away from the one holding `now`. An instant
 * or a step outside the years periods can name falls back to the earliest date rather than
 * throwing, so that a chart still draws.
 */
export function periodStartDate(
  now: number,
  granularity: Granularity,
  steps: number,
  tz: TimeZone,
): string {
  try {
    return localDate(shiftPeriod(periodOfInstant(now, granularity, tz), steps, tz).start, tz);
  } catch {
    return '1970-01-01';
  }
}

/**
 * The dates a preset covers at instant `now` in `tz`. Week and month presets start on a period
 * boundary, so that their first period is whole.
 */
export function presetDates(preset: RangePreset, now: number, tz: TimeZone): DateSpan {
  const today = localDate(now, tz);
  switch (preset) {
    case 'last-30-days':
      return { from: periodStartDate(now, 'day', -29, tz), to: today };
    case 'last-12-weeks':
      return { from: periodStartDate(now, 'week', -11, tz), to: today };
    case 'last-12-months':
      return { from: periodStartDate(now, 'month', -11, tz), to: today };
    case 'year-to-date':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
    case 'all':
      return {};
  }
}

const withoutYear = (label: string) => label.replace(/ \d{4}$/, '');

function tickLabel(period: Period, granularity: Granularity, withYear: boolean, tz: TimeZone) {
  // Weeks are marked by their Monday: '5 Sep' reads better on an axis than 'W36'.
  const label = periodLabel(granularity === 'week' ? localDate(period.start, tz) : period.key);
  const keepYear = withYear || granularity === 'quarter' || granularity === 'year';
  return keepYear ? label : withoutYear(label);
}

/**
 * Ticks on period boundaries: of the chart's grouping, or coarser when that would crowd the
 * axis (days over a month tick by week), at most about `maxTicks` of them. Years are left out
 * of the labels when the whole axis lies within one year.
 */
export function axisTicks(
  domain: [number, number],
  groupBy: Granularity,
  tz: TimeZone,
  maxTicks = 6,
): AxisTick[] {
  const [start, end] = domain;
  if (!(end >= start)) return [];
  const days = (end - start) / DAY_MS;
  let index = GRANULARITIES.indexOf(groupBy);
  while (
    index < GRANULARITIES.length - 1 &&
    days / APPROX_DAYS[GRANULARITIES[index]!] > maxTicks * 3
  ) {
    index++;
  }
  const granularity = GRANULARITIES[index]!;

  const periods: Period[] = [];
  try {
    let period = periodOfInstant(start, granularity, tz);
    if (period.start < start) period = shiftPeriod(period, 1, tz);
    while (period.start <= end) {
      periods.push(period);
      period = shiftPeriod(period, 1, tz);
    }
  } catch {
    // The last representable period (year 9999) ends the axis.
  }
  const step = Math.max(1, Math.ceil(periods.length / maxTicks));
  const withYear = localDate(start, tz).slice(0, 4) !== localDate(end, tz).slice(0, 4);
  return periods
    .filter((_, i) => i % step === 0)
    .map((p) => ({ t: p.start, label: tickLabel(p, granularity, withYear, tz) }));
}
