// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTimeZone, UTC, type Granularity } from '../../../../../contract/periods.ts';
import {
  draftForInstant,
  isoWeeksIn,
  PeriodPicker,
  periodKeyFromDraft,
  type PeriodDraft,
} from './PeriodPicker.tsx';

afterEach(cleanup);

const draft = (patch: Partial<PeriodDraft> = {}): PeriodDraft => ({
  date: '2022-09-05',
  isoYear: '2022',
  week: '36',
  month: '2022-09',
  year: '2022',
  quarter: '3',
  ...patch,
});

describe('periodKeyFromDraft', () => {
  it('produces the key of each granularity', () => {
    expect(periodKeyFromDraft('day', draft())).toEqual({ key: '2022-09-05', error: null });
    expect(periodKeyFromDraft('week', draft())).toEqual({ key: '2022-W36', error: null });
    expect(periodKeyFromDraft('month', draft())).toEqual({ key: '2022-09', error: null });
    expect(periodKeyFromDraft('quarter', draft())).toEqual({ key: '2022-Q3', error: null });
    expect(periodKeyFromDraft('year', draft())).toEqual({ key: '2022', error: null });
  });

  it('pads week numbers to two digits', () => {
    expect(periodKeyFromDraft('week', draft({ week: '6' })).key).toBe('2022-W06');
  });

  it('accepts week 53 only in ISO years that have one', () => {
    expect(periodKeyFromDraft('week', draft({ isoYear: '2020', week: '53' })).key).toBe('2020-W53');
    expect(periodKeyFromDraft('week', draft({ isoYear: '2026', week: '53' })).key).toBe('2026-W53');
    const result = periodKeyFromDraft('week', draft({ isoYear: '2021', week: '53' }));
    expect(result.key).toBeNull();
    expect(result.error).toMatch(/2021 has 52 weeks/);
    expect(periodKeyFromDraft('week', draft({ week: '0' })).key).toBeNull();
  });

  it('refuses impossible or incomplete input with a message', () => {
    const cases: [Granularity, Partial<PeriodDraft>, RegExp][] = [
      ['day', { date: '' }, /Pick a day/],
      ['day', { date: '2023-02-29' }, /date/],
      ['day', { date: '1969-12-31' }, /1970/],
      ['week', { isoYear: '22' }, /year from 1970/],
      ['week', { isoYear: '' }, /year from 1970/],
      ['month', { month: '' }, /Pick a month/],
      ['month', { month: 'Sept 2022' }, /YYYY-MM/],
      ['month', { month: '2022-13' }, /month from 1970/],
      ['quarter', { year: '1969' }, /year from 1970/],
      ['quarter', { quarter: '5' }, /Pick a quarter/],
      ['year', { year: 'twenty' }, /year from 1970/],
      ['year', { year: '12345' }, /year from 1970/],
    ];
    for (const [granularity, patch, message] of cases) {
      const result = periodKeyFromDraft(granularity, draft(patch));
      expect(result.key, `${granularity} ${JSON.stringify(patch)}`).toBeNull();
      expect(result.error).toMatch(message);
    }
  });

  it('trims spaces around typed years and dates', () => {
    expect(periodKeyFromDraft('year', draft({ year: ' 2024 ' })).key).toBe('2024');
    expect(periodKeyFromDraft('day', draft({ date: ' 2024-02-29 ' })).key).toBe('2024-02-29');
  });
});

describe('draftForInstant', () => {
  it('starts on the periods holding now, with the ISO week-year for weeks', () => {
    // Friday 1 January 2021 lies in week 53 of ISO year 2020.
    expect(draftForInstant(Date.parse('2021-01-01T12:00:00Z'), UTC)).toEqual({
      date: '2021-01-01',
      isoYear: '2020',
      week: '53',
      month: '2021-01',
      year: '2021',
      quarter: '1',
    });
  });

  it('reads now in the time zone', () => {
    const lateOnNewYearsEve = Date.parse('2024-12-31T23:00:00Z');
    expect(draftForInstant(lateOnNewYearsEve, UTC)).toMatchObject({
      date: '2024-12-31',
      isoYear: '2025',
      week: '1',
      year: '2024',
      quarter: '4',
    });
    expect(draftForInstant(lateOnNewYearsEve, parseTimeZone('UTC+2')!)).toMatchObject({
      date: '2025-01-01',
      month: '2025-01',
      year: '2025',
      quarter: '1',
    });
  });

  it('counts the ISO weeks of a year', () => {
    expect(isoWeeksIn(2020)).toBe(53);
    expect(isoWeeksIn(2021)).toBe(52);
    expect(isoWeeksIn(2015)).toBe(53);
  });
});

function Harness({
  granularity,
  initial,
  error,
}: {
  granularity: Granularity;
  initial: PeriodDraft;
  error?: string;
}) {
  const [value, setValue] = useState(initial);
  const result = periodKeyFromDraft(granularity, value);
  return (
    <>
      <PeriodPicker granularity={granularity} draft={value} onChange={setValue} error={error} />
      <output data-testid="key">{result.key ?? result.error}</output>
    </>
  );
}

describe('PeriodPicker', () => {
  it('picks a week by year and number and shows its days', async () => {
    const user = userEvent.setup();
    render(<Harness granularity="week" initial={draft({ isoYear: '2020', week: '1' })} />);
    const week = screen.getByLabelText('Week');
    expect(screen.getByText('Monday to Sunday: 30 Dec 2019 – 5 Jan 2020')).toBeTruthy();
    expect(week.querySelectorAll('option')).toHaveLength(53);

    await user.selectOptions(week, '53');
    expect(screen.getByTestId('key').textContent).toBe('2020-W53');
    expect(screen.getByText('Monday to Sunday: 28 Dec 2020 – 3 Jan 2021')).toBeTruthy();
  });

  it('moves week 53 to the last week when the year has only 52', async () => {
    const user = userEvent.setup();
    render(<Harness granularity="week" initial={draft({ isoYear: '2020', week: '53' })} />);
    const year = screen.getByLabelText('Year');
    await user.clear(year);
    await user.type(year, '2021');
    expect(screen.getByTestId('key').textContent).toBe('2021-W52');
    expect(screen.getByLabelText('Week').querySelectorAll('option')).toHaveLength(52);
  });

  it('keeps an incomplete year as typed and says what is wrong', async () => {
    const user = userEvent.setup();
    render(<Harness granularity="year" initial={draft()} />);
    const year = screen.getByLabelText('Year');
    await user.clear(year);
    await user.type(year, '202');
    expect((year as HTMLInputElement).value).toBe('202');
    expect(screen.getByTestId('key').textContent).toMatch(/year from 1970/);
  });

  it('offers the right controls for each granularity', () => {
    const { rerender } = render(<Harness granularity="day" initial={draft()} />);
    expect(screen.getByLabelText('Day').getAttribute('type')).toBe('date');
    rerender(<Harness granularity="month" initial={draft()} />);
    expect(screen.getByLabelText('Month').getAttribute('type')).toBe('month');
    rerender(<Harness granularity="quarter" initial={draft()} />);
    expect(screen.getByLabelText('Year')).toBeTruthy();
    expect(screen.getByLabelText('Quarter').querySelectorAll('option')).toHaveLength(4);
    expect(screen.getByTestId('key').textContent).toBe('2022-Q3');
  });

  it('shows an error next to the controls and marks them invalid', () => {
    render(<Harness granularity="day" initial={draft()} error="must be a period key" />);
    const input = screen.getByLabelText('Day');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('must be a period key');
    expect(input.getAttribute('aria-describedby')).toContain(alert.id);
  });
});
