import {
  isCalendarDate,
  periodFromKey,
  periodLabel,
  startOfLocalDay,
  type Granularity,
  type TimeZone,
} from '../../contract/periods.ts';

/** Inclusive local dates, as the grouped read takes them; none for all time. */
export interface DateSpan {
  from?: string;
  to?: string;
}

export interface AxisTick {
  t: number;
  label: string;
}

/** Rough lengths of periods, to judge how many of them an axis would hold. */
export const APPROX_DAYS: Record<Granularity, number> = {
  day: 1,
  week: 7,
  month: 30.44,
  quarter: 91.31,
  year: 365.25,
};

/** periodLabel for keys that come from outside: one this app cannot read is shown as it is. */
export function safePeriodLabel(key: string): string {
  try {
    return periodLabel(key);
  } catch {
    return key;
  }
}

/** Instants [start, end) of a span of local dates; null for all time. */
export function spanWindow(span: DateSpan, tz: TimeZone): [number, number] | null {
  if (!span.from || !span.to || !isCalendarDate(span.from)) return null;
  const last = periodFromKey(span.to, tz);
  return last === null ? null : [startOfLocalDay(span.from, tz), last.end];
}
