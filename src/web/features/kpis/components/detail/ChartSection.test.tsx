// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Kpi, SnapshotGroup } from '../../../../../contract/kpis.ts';
import { ChartSection, useChartSettings } from './ChartSection.tsx';
import { KPI_ID, testKpi } from '../../../../testing/builders.ts';
import { fakeApi, problem, type ApiCall } from '../../../../testing/fake-api.ts';
import { renderApp, stubResizeObserver } from '../../../../testing/render.tsx';

// Friday 15 March 2024, noon UTC.
const NOW = Date.parse('2024-03-15T12:00:00Z');

beforeAll(stubResizeObserver);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function Page({ kpi = testKpi() }: { kpi?: Kpi }) {
  const settings = useChartSettings(kpi.id, 'UTC', NOW);
  return <ChartSection kpi={kpi} settings={settings} timeZone="UTC" now={NOW} />;
}

const month = (key: string, value: number): SnapshotGroup => ({
  group: key,
  value,
  count: 1,
  start: `${key}-01T00:00:00.000Z`,
  end: `${key}-01T00:00:00.000Z`,
});

/** Grouped reads answer `groups`; the history answers `historyTotal` values. */
function chartApi(groups: SnapshotGroup[], historyTotal = groups.length) {
  return fakeApi(({ url }) => {
    if (url.startsWith('/kpi-snapshots')) return { body: { [KPI_ID]: groups } };
    if (url.includes('/snapshots?')) {
      return { body: { items: [], count: 0, totalCount: historyTotal } };
    }
    return undefined;
  });
}

const groupedReads = (calls: ApiCall[]) =>
  calls.filter((c) => c.path.startsWith('/kpi-snapshots')).map((c) => Object.fromEntries(c.query));

describe('ChartSection', () => {
  it('reads the last twelve months by month by default and names the chart', async () => {
    const calls = chartApi([month('2024-01', 10), month('2024-02', 20), month('2024-03', 15)]);
    renderApp(<Page />);
    const chart = await screen.findByRole('img');
    expect(chart.getAttribute('aria-label')).toBe(
      'Revenue, by month, last 12 months: 3 values from Jan 2024 to Mar 2024, lowest $10, highest $20, latest $15; 0 projections.',
    );
    expect(groupedReads(calls)).toEqual([
      { ids: KPI_ID, groupBy: 'month', timeZone: 'UTC', from: '2023-04-01', to: '2024-03-15' },
    ]);
    expect(screen.getByText('Higher is better')).toBeTruthy();
  });

  it('keeps range and grouping in the URL and reads what they name', async () => {
    const calls = chartApi([month('2024-03', 15)]);
    const user = userEvent.setup();
    const { router } = renderApp(<Page />);
    await screen.findByRole('img');

    await user.selectOptions(screen.getByLabelText('Range'), 'last-30-days');
    await waitFor(() => expect(router.state.location.search).toBe('?range=last-30-days'));
    expect((screen.getByLabelText('Group by') as HTMLSelectElement).value).toBe('');
    expect(screen.getByRole('option', { name: 'Automatic (day)' })).toBeTruthy();

    await user.selectOptions(screen.getByLabelText('Group by'), 'week');
    await waitFor(() =>
      expect(router.state.location.search).toBe('?range=last-30-days&groupBy=week'),
    );
    await waitFor(() =>
      expect(groupedReads(calls).at(-1)).toEqual({
        ids: KPI_ID,
        groupBy: 'week',
        timeZone: 'UTC',
        from: '2024-02-15',
        to: '2024-03-15',
      }),
    );
  });

  it('turns a preset into custom dates that can then be changed', async () => {
    const calls = chartApi([month('2024-03', 15)]);
    const user = userEvent.setup();
    const { router } = renderApp(<Page />, { path: `/kpis/${KPI_ID}?range=year-to-date` });
    await screen.findByRole('img');

    await user.selectOptions(screen.getByLabelText('Range'), 'custom');
    await waitFor(() =>
      expect(router.state.location.search).toBe('?range=custom&from=2024-01-01&to=2024-03-15'),
    );
    const from = screen.getByLabelText('From');
    await user.clear(from);
    await user.type(from, '2023-06-01');
    await waitFor(() =>
      expect(router.state.location.search).toBe('?range=custom&from=2023-06-01&to=2024-03-15'),
    );
    await waitFor(() => expect(groupedReads(calls).at(-1)?.from).toBe('2023-06-01'));
    // Typing stays in the field while the URL follows it.
    expect(document.activeElement).toBe(screen.getByLabelText('From'));
  });

  it('follows the URL when it changes the custom dates', async () => {
    chartApi([month('2024-03', 15)]);
    const path = `/kpis/${KPI_ID}?range=custom&from=2024-01-01&to=2024-03-01`;
    const { router } = renderApp(<Page />, { path });
    await screen.findByRole('img');
    await router.navigate(`/kpis/${KPI_ID}?range=custom&from=2023-02-01&to=2023-05-01`);
    await waitFor(() =>
      expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('2023-02-01'),
    );
    expect((screen.getByLabelText('To') as HTMLInputElement).value).toBe('2023-05-01');
  });

  it('refuses a custom range that ends before it starts, keeping the URL', async () => {
    chartApi([month('2024-03', 15)]);
    const user = userEvent.setup();
    const path = `/kpis/${KPI_ID}?range=custom&from=2024-01-01&to=2024-03-01`;
    const { router } = renderApp(<Page />, { path });
    await screen.findByRole('img');
    const to = screen.getByLabelText('To');
    await user.clear(to);
    await user.type(to, '2023-12-01');
    expect(screen.getByText('Must not be before From')).toBeTruthy();
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(router.state.location.search).toBe('?range=custom&from=2024-01-01&to=2024-03-01');
  });

  it('lists the values and projections in a table on request', async () => {
    chartApi([month('2024-01', 10), month('2024-02', 20)]);
    const user = userEvent.setup();
    const kpi = testKpi({
      projections: [
        {
          id: 'e4e4e4e4e4e4e4e4e4e4e4e4',
          date: '2024-02-15',
          value: 30,
          createdById: KPI_ID,
          modifiedById: KPI_ID,
          dateCreated: '2024-01-01T00:00:00.000Z',
          dateModified: '2024-01-01T00:00:00.000Z',
        },
      ],
    });
    renderApp(<Page kpi={kpi} />);
    const toggle = await screen.findByRole('button', { name: 'Show data table' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');

    const table = screen.getByRole('table');
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Jan 2024', '$10', ''],
      ['Feb 2024', '$20', ''],
      ['15 Feb 2024', '', '$30'],
    ]);
  });

  it('invites the first value when the KPI has none', async () => {
    chartApi([], 0);
    renderApp(<Page />);
    expect(await screen.findByText('No values yet — record the first one')).toBeTruthy();
  });

  it('offers all time when values exist but none in the range', async () => {
    chartApi([], 12);
    const user = userEvent.setup();
    const { router } = renderApp(<Page />);
    await user.click(await screen.findByRole('button', { name: 'Show all time' }));
    await waitFor(() => expect(router.state.location.search).toBe('?range=all'));
  });

  it('groups all time by week when the values span less than a year', async () => {
    const calls = chartApi([month('2023-11', 10), month('2024-02', 20)]);
    renderApp(<Page />, { path: `/kpis/${KPI_ID}?range=all` });
    await waitFor(() => expect(groupedReads(calls).map((r) => r.groupBy)).toContain('week'));
    expect(groupedReads(calls)[0]).toEqual({ ids: KPI_ID, groupBy: 'month', timeZone: 'UTC' });
  });

  it('shows the server’s reason and a retry when the read fails', async () => {
    fakeApi(() =>
      problem(400, 'spans more than 3660 days grouped by day; group by week or narrow the range'),
    );
    renderApp(<Page />, { path: `/kpis/${KPI_ID}?range=all&groupBy=day` });
    expect(await screen.findByText('The chart could not be loaded')).toBeTruthy();
    expect(screen.getByText(/group by week or narrow the range/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
