// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KpiStatistics } from '../../../../../contract/kpis.ts';
import { StatisticsCards, StatisticsCardsView, StatisticsTypeSwitch } from './StatisticsCards.tsx';
import { KPI_ID, testKpi } from '../../../../testing/builders.ts';
import { fakeApi } from '../../../../testing/fake-api.ts';
import { renderApp } from '../../../../testing/render.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const statWindow = (
  label: string,
  value: number | null,
  deltaPercentage: number | null,
  count = 3,
) => ({
  value,
  deltaPercentage,
  label,
  start: '2022-09-01T00:00:00.000Z',
  end: '2022-10-01T00:00:00.000Z',
  count,
});

const statistics: KpiStatistics = {
  currentPeriod: statWindow('Sep 2022', 120, 20),
  previousPeriod: statWindow('Aug 2022', 100, -50, 4),
  nextProjection: { value: 150, deltaPercentage: 25, date: '2022-12-31' },
};

/** The card whose heading is `title`. */
const card = (title: string) => screen.getByRole('heading', { name: title }).parentElement!;

describe('StatisticsCardsView', () => {
  it('shows each value with its change and period', () => {
    render(<StatisticsCardsView kpi={testKpi()} statistics={statistics} />);
    const current = card('Current period');
    expect(within(current).getByText('Sep 2022')).toBeTruthy();
    expect(within(current).getByText('$120')).toBeTruthy();
    expect(within(current).getByText(/\+\$20 \(\+20\.0%\)/)).toBeTruthy();
    expect(within(current).getByText(/from 3 values/)).toBeTruthy();

    const previous = card('Previous period');
    expect(within(previous).getByText('Aug 2022')).toBeTruthy();
    expect(within(previous).getByText('$100')).toBeTruthy();
    expect(within(previous).getByText(/−50\.0%/)).toBeTruthy();

    const next = card('Next projection');
    expect(within(next).getByText('31 Dec 2022')).toBeTruthy();
    expect(within(next).getByText('$150')).toBeTruthy();
    // Compared with the current value: 150 - 120.
    expect(within(next).getByText(/\+\$30 \(\+25\.0%\)/)).toBeTruthy();
  });

  it('colours changes by the KPI direction', () => {
    const { rerender } = render(<StatisticsCardsView kpi={testKpi()} statistics={statistics} />);
    const rise = () => within(card('Current period')).getByText(/\+20\.0%/);
    const fall = () => within(card('Previous period')).getByText(/−50\.0%/);
    expect(rise().className).toContain('text-green-700');
    expect(fall().className).toContain('text-red-700');
    expect(rise().textContent).toContain('(better)');

    rerender(
      <StatisticsCardsView
        kpi={testKpi({ targetOperator: 'should_decrease' })}
        statistics={statistics}
      />,
    );
    expect(rise().className).toContain('text-red-700');
    expect(fall().className).toContain('text-green-700');
    expect(rise().textContent).toContain('(worse)');
  });

  it('explains missing periods and projections', () => {
    render(
      <StatisticsCardsView
        kpi={testKpi()}
        statistics={{
          currentPeriod: statWindow('All time', null, null, 0),
          previousPeriod: null,
          nextProjection: null,
        }}
      />,
    );
    expect(within(card('Current period')).getByText('—')).toBeTruthy();
    expect(within(card('Current period')).getByText('No values in this period yet')).toBeTruthy();
    expect(within(card('Previous period')).getByText('None for all time')).toBeTruthy();
    expect(within(card('Next projection')).getByText('No upcoming projection')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Add a projection' }).getAttribute('href')).toBe(
      '#projections',
    );
  });
});

describe('StatisticsTypeSwitch', () => {
  it('offers the five windows as radio buttons', async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    render(<StatisticsTypeSwitch value="month" onChange={onChange} />);
    const radios = screen.getAllByRole('radio');
    expect(radios.map((r) => r.parentElement!.textContent)).toEqual([
      'Week',
      'Month',
      '3 months',
      'Year',
      'All time',
    ]);
    expect(screen.getByRole('radio', { name: 'Month' })).toHaveProperty('checked', true);
    await user.click(screen.getByRole('radio', { name: '3 months' }));
    expect(onChange).toHaveBeenCalledWith('three-months');
  });
});

describe('StatisticsCards', () => {
  it('reads the statistics of the window in the time zone', async () => {
    const calls = fakeApi(() => ({ body: statistics }));
    renderApp(<StatisticsCards kpi={testKpi()} type="year" timeZone="UTC+2" />);
    expect(await screen.findByText('$120')).toBeTruthy();
    expect(calls[0]?.url).toBe(`/kpis/${KPI_ID}/statistics?type=year&timeZone=UTC%2B2`);
  });

  it('shows an error with a retry', async () => {
    fakeApi(() => ({
      status: 500,
      body: { type: 'about:blank', title: 'Error', status: 500, detail: 'Something broke' },
    }));
    renderApp(<StatisticsCards kpi={testKpi()} type="month" timeZone="UTC" />);
    expect(await screen.findByText('Statistics could not be loaded')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
