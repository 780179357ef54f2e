import { useId, type ReactNode } from 'react';
import {
  isCalendarDate,
  localDate,
  parsePeriodKey,
  periodOfInstant,
  type Granularity,
  type TimeZone,
} from '../../../../../contract/periods.ts';
import { formatDayRange, weekDays } from '../../chart-model.ts';
import { fitInputClass, sizedInputClass } from '../../../../components/ui/Field.tsx';

/**
 * What the person has typed for each kind of period, kept as text so that nothing they type is
 * lost while it is still incomplete. Weeks carry their own ISO year: 1 January 2021 lies in
 * week 53 of 2020.
 */
export interface PeriodDraft {
  date: string;
  isoYear: string;
  week: string;
  month: string;
  year: string;
  quarter: string;
}

/** A draft that names the periods holding `now` in `tz`: today, this week, this month... */
export function draftForInstant(now: number, tz: TimeZone): PeriodDraft {
  const date = localDate(now, tz);
  const [isoYear = '', week = ''] = periodOfInstant(now, 'week', tz).key.split('-W');
  const quarter = periodOfInstant(now, 'quarter', tz).key.slice(-1);
  return {
    date,
    isoYear,
    week: String(Number(week)),
    month: date.slice(0, 7),
    year: date.slice(0, 4),
    quarter,
  };
}

const YEAR_ERROR = 'Enter a year from 1970 to 9999';

function readYear(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{4}$/.test(trimmed)) return null;
  const year = Number(trimmed);
  return year >= 1970 ? year : null;
}

/** ISO weeks in an ISO week-year: 53 when it has a week 53 (2020, 2026), else 52. */
export function isoWeeksIn(year: number): number {
  return parsePeriodKey(`${year}-W53`) === null ? 52 : 53;
}

export type DraftResult = { key: string; error: null } | { key: null; error: string };

const invalid = (error: string): DraftResult => ({ key: null, error });

/** The period key a draft names for `granularity`, or what is wrong with it. */
export function periodKeyFromDraft(granularity: Granularity, draft: PeriodDraft): DraftResult {
  let key: string;
  switch (granularity) {
    case 'day': {
      const date = draft.date.trim();
      if (date === '') return invalid('Pick a day');
      if (!isCalendarDate(date)) return invalid('Enter a date from 1970 to 9999 as YYYY-MM-DD');
      key = date;
      break;
    }
    case 'week': {
      const year = readYear(draft.isoYear);
      if (year === null) return invalid(YEAR_ERROR);
      const week = Number(draft.week);
      const weeks = isoWeeksIn(year);
      if (!Number.isInteger(week) || week < 1 || week > weeks) {
        return invalid(`Pick a week from 1 to ${weeks} (${year} has ${weeks} weeks)`);
      }
      key = `${year}-W${String(week).padStart(2, '0')}`;
      break;
    }
    case 'month': {
      const month = draft.month.trim();
      if (month === '') return invalid('Pick a month');
      if (!/^\d{4}-\d{2}$/.test(month)) return invalid('Enter a month as YYYY-MM');
      key = month;
      break;
    }
    case 'quarter': {
      const year = readYear(draft.year);
      if (year === null) return invalid(YEAR_ERROR);
      if (!/^[1-4]$/.test(draft.quarter)) return invalid('Pick a quarter');
      key = `${year}-Q${draft.quarter}`;
      break;
    }
    case 'year': {
      const year = readYear(draft.year);
      if (year === null) return invalid(YEAR_ERROR);
      key = String(year);
      break;
    }
  }
  const parsed = parsePeriodKey(key);
  if (parsed === null || parsed.granularity !== granularity) {
    return invalid(granularity === 'month' ? 'Enter a month from 1970 to 9999' : YEAR_ERROR);
  }
  return { key: parsed.key, error: null };
}

const QUARTER_MONTHS = ['Jan–Mar', 'Apr–Jun', 'Jul–Sep', 'Oct–Dec'];

const compactInput = fitInputClass;

/**
 * Picks one period of a granularity: a date for a day, an ISO week (year and week, with the
 * week's days shown), a month, a year and quarter, or a year. Controlled by a `PeriodDraft`;
 * read the key with `periodKeyFromDraft`. `error` is shown under the controls.
 */
export function PeriodPicker({
  granularity,
  draft,
  onChange,
  error,
}: {
  granularity: Granularity;
  draft: PeriodDraft;
  onChange: (draft: PeriodDraft) => void;
  error?: string | null;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const set = (patch: Partial<PeriodDraft>) => onChange({ ...draft, ...patch });
  const control = (name: string) => ({
    id: `${id}-${name}`,
    'aria-invalid': Boolean(error),
    'aria-describedby':
      [error ? errorId : null, granularity === 'week' ? hintId : null].filter(Boolean).join(' ') ||
      undefined,
  });
  // Not Field: the error and the week hint are shared by all the controls, so `control` wires
  // them; this only puts each control under its label.
  const labelled = (
    name: keyof PeriodDraft,
    label: string,
    render: (props: ReturnType<typeof control>) => ReactNode,
  ) => (
    <div>
      <label
        htmlFor={`${id}-${name}`}
        className="mb-1 block text-sm font-medium text-gray-800 dark:text-gray-200"
      >
        {label}
      </label>
      {render(control(name))}
    </div>
  );
  const yearInput = (name: 'isoYear' | 'year', width: string, onText: (text: string) => void) =>
    labelled(name, 'Year', (props) => (
      <input
        type="number"
        inputMode="numeric"
        min={1970}
        max={9999}
        className={sizedInputClass(width)}
        value={draft[name]}
        onChange={(e) => onText(e.target.value)}
        {...props}
      />
    ));

  let controls;
  switch (granularity) {
    case 'day':
      controls = labelled('date', 'Day', (props) => (
        <input
          type="date"
          min="1970-01-01"
          max="9999-12-31"
          className={compactInput}
          value={draft.date}
          onChange={(e) => set({ date: e.target.value })}
          {...props}
        />
      ));
      break;
    case 'week': {
      const year = readYear(draft.isoYear);
      const weeks = year === null ? 53 : isoWeeksIn(year);
      const days = year === null ? null : weekDays(`${year}-W${draft.week.padStart(2, '0')}`);
      controls = (
        <>
          <div className="flex flex-wrap gap-3">
            {yearInput('isoYear', 'w-24', (next) => {
              const nextYear = readYear(next);
              // A week 53 picked in a long year becomes the last week of a short one.
              const week =
                nextYear !== null && Number(draft.week) > isoWeeksIn(nextYear)
                  ? String(isoWeeksIn(nextYear))
                  : draft.week;
              set({ isoYear: next, week });
            })}
            {labelled('week', 'Week', (props) => (
              <select
                className={compactInput}
                value={draft.week}
                onChange={(e) => set({ week: e.target.value })}
                {...props}
              >
                {Array.from({ length: weeks }, (_, i) => String(i + 1)).map((week) => (
                  <option key={week} value={week}>
                    W{week}
                  </option>
                ))}
              </select>
            ))}
          </div>
          <p
            id={hintId}
            aria-live="polite"
            className="mt-1 text-xs text-gray-600 dark:text-gray-400"
          >
            {days ? `Monday to Sunday: ${formatDayRange(days.first, days.last)}` : '\u00a0'}
          </p>
        </>
      );
      break;
    }
    case 'month':
      controls = labelled('month', 'Month', (props) => (
        <input
          type="month"
          min="1970-01"
          max="9999-12"
          placeholder="YYYY-MM"
          className={compactInput}
          value={draft.month}
          onChange={(e) => set({ month: e.target.value })}
          {...props}
        />
      ));
      break;
    case 'quarter':
      controls = (
        <div className="flex flex-wrap gap-3">
          {yearInput('year', 'w-24', (year) => set({ year }))}
          {labelled('quarter', 'Quarter', (props) => (
            <select
              className={compactInput}
              value={draft.quarter}
              onChange={(e) => set({ quarter: e.target.value })}
              {...props}
            >
              {QUARTER_MONTHS.map((months, i) => (
                <option key={months} value={String(i + 1)}>
                  Q{i + 1} ({months})
                </option>
              ))}
            </select>
          ))}
        </div>
      );
      break;
    case 'year':
      controls = yearInput('year', 'w-28', (year) => set({ year }));
      break;
  }

  return (
    <div>
      {controls}
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
