// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Kpi } from '../../../../contract/kpis.ts';
import { sessionStore } from '../../../lib/session.ts';
import { hexId, page, testGroup, testKpi } from '../../../testing/builders.ts';
import { Component } from './KpiListPage.tsx';

const ACCOUNT = 'a'.repeat(24);
const DANA = 'd'.repeat(24);
const PRIYA = 'e'.repeat(24);
const SALES = '5'.repeat(24);
const FINANCE = 'f'.repeat(24);
const REVENUE = '1'.repeat(24);
const CHURN = '2'.repeat(24);

const kpi = (id: string, name: string, extra: Partial<Kpi>) =>
  testKpi({
    id,
    accountId: ACCOUNT,
    name,
    formatting: { prefix: '', suffix: '', fractionSize: 0 },
    ownerId: DANA,
    ownerIds: [DANA],
    currentUserAllowedActions: ['read'],
    dateUpdated: '2026-11-20T10:00:00.000Z',
    ...extra,
  });

const period = (group: string, value: number) => ({
  group,
  value,
  count: 1,
  start: '2026-01-01T00:00:00.000Z',
  end: '2026-01-01T00:00:00.000Z',
});

const KPIS = [
  kpi(CHURN, 'Churn', {
    targetOperator: 'should_decrease',
    formatting: { prefix: '', suffix: '%', fractionSize: 1 },
    groups: [FINANCE],
    ownerIds: [PRIYA],
  }),
  kpi(REVENUE, 'Revenue', {
    formatting: { prefix: '$', suffix: '', fractionSize: 0 },
    groups: [SALES, FINANCE],
    ownerIds: [DANA, PRIYA],
    projections: [
      { id: '9'.repeat(24), date: '2026-11-01', value: 900 },
      { id: '8'.repeat(24), date: '2026-12-31', value: 1400 },
    ].map((p) => ({
      ...p,
      createdById: DANA,
      modifiedById: DANA,
      dateCreated: '2026-01-01T00:00:00.000Z',
      dateModified: '2026-01-01T00:00:00.000Z',
    })),
  }),
];

const PERIODS: Record<string, Record<string, ReturnType<typeof period>[]>> = {
  month: {
    [REVENUE]: [period('2026-09', 800), period('2026-10', 1000), period('2026-11', 1250)],
    [CHURN]: [period('2026-09', 2.5), period('2026-10', 3.2)],
  },
  week: {
    [REVENUE]: [period('2026-W47', 300), period('2026-W48', 330)],
    [CHURN]: [],
  },
};

/** Enough of the list filter for these tests: name regex, owner, group, ungrouped, ids. */
function matches(
  k: { id: string; name: string; ownerIds: string[]; groups: string[] },
  filter: Record<string, unknown>,
): boolean {
  return Object.entries(filter).every(([field, condition]) => {
    if (field === '$and')
      return (condition as Record<string, unknown>[]).every((f) => matches(k, f));
    const c = condition as Record<string, unknown> | string;
    if (field === 'name' && typeof c === 'object') {
      return new RegExp(c.$regex as string, c.$options as string).test(k.name);
    }
    if (field === 'ownerIds') return k.ownerIds.includes(c as string);
    if (field === 'groups') {
      return typeof c === 'string' ? k.groups.includes(c) : k.groups.length === 0;
    }
    if (field === 'id') return ((c as { $in: string[] }).$in ?? []).includes(k.id);
    throw new Error(`unexpected filter ${field}`);
  });
}

interface Api {
  kpis: Kpi[];
  failLists: number;
  requests: URL[];
}

let api: Api;

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' },
  });
}

function answer(url: URL): Response {
  const path = url.pathname.replace('/results/api', '');
  const selected = () => {
    const filter = url.searchParams.get('filter');
    return api.kpis.filter((k) => !filter || matches(k, JSON.parse(filter)));
  };
  switch (path) {
    case '/v1/users':
      return json(
        page([
          { id: DANA, name: 'Dana Whitfield', email: 'd@example.com' },
          { id: PRIYA, name: 'Priya Raman', email: 'p@example.com' },
        ]),
      );
    case '/v1/users/me':
      return json({
        user: { id: DANA, name: 'Dana Whitfield', email: 'd@example.com' },
        account: { id: ACCOUNT, name: 'Demo' },
        accounts: [{ id: ACCOUNT, name: 'Demo' }],
      });
    case '/v1/kpis/groups': {
      const group = (id: string, name: string, favorite: boolean) =>
        testGroup({ id, accountId: ACCOUNT, name, favorite, kpisCount: 1 });
      return json(page([group(FINANCE, 'Finance', true), group(SALES, 'Sales', false)]));
    }
    case '/v1/users/kpi-virtual-group/favorite':
      return json({
        items: [
          { virtualGroup: 'mykpis', favorite: true },
          { virtualGroup: 'ungrouped', favorite: false },
        ],
      });
    case '/v2/kpis': {
      if (api.failLists > 0) {
        api.failLists--;
        return json(
          { type: 'about:blank', title: 'Oops', status: 500, detail: 'The database is busy' },
          500,
        );
      }
      const all = selected().sort((a, b) => a.name.localeCompare(b.name));
      const skip = Number(url.searchParams.get('skip') ?? 0);
      const take = Number(url.searchParams.get('take') ?? 100);
      return json(page(all.slice(skip, skip + take), all.length));
    }
    case '/v1/kpi-snapshots': {
      const ids = url.searchParams.get('ids')!.split(',');
      const periods = PERIODS[url.searchParams.get('groupBy')!] ?? {};
      return json(Object.fromEntries(ids.map((id) => [id, periods[id] ?? []])));
    }
    case '/v2/kpis/snapshots': {
      const periods = PERIODS[url.searchParams.get('groupBy')!] ?? {};
      return json(Object.fromEntries(selected().map((k) => [k.id, periods[k.id] ?? []])));
    }
  }
  return json({ type: 'about:blank', title: 'Not found', status: 404, detail: path }, 404);
}

const requestsTo = (path: string) =>
  api.requests.filter((u) => u.pathname === `/results/api${path}`);

function renderPage(search = '') {
  const router = createMemoryRouter([{ path: '/kpis', Component }], {
    initialEntries: [`/kpis?tz=UTC${search}`],
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { router, params: () => new URLSearchParams(router.state.location.search) };
}

const table = () => screen.getByRole('table');
/** The list is on screen (not the skeleton) once a KPI link shows in the table. */
const listShown = (name = 'Revenue') =>
  waitFor(() => expect(within(table()).getByRole('link', { name })).toBeTruthy());
const rowOf = (name: string) =>
  within(table()).getByRole('link', { name }).closest('tr') as HTMLElement;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-25T12:00:00Z'));
  api = { kpis: [...KPIS], failLists: 0, requests: [] };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      const url = new URL(input, 'http://localhost');
      api.requests.push(url);
      return answer(url);
    }),
  );
  sessionStore.set({
    session: { token: 't', accountId: ACCOUNT, apiBase: '/results/api' },
    expired: false,
  });
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('KPI list page', () => {
  it('shows each KPI with owners, groups, value, change and next projection', async () => {
    renderPage();
    await waitFor(() => expect(within(rowOf('Revenue')).getByText('$1,250')).toBeTruthy());

    const revenue = within(rowOf('Revenue'));
    expect(rowOf('Revenue').querySelector('a')?.getAttribute('href')).toBe(`/kpis/${REVENUE}`);
    expect(revenue.getByText('Dana Whitfield, Priya Raman')).toBeTruthy();
    expect(revenue.getByText('Sales')).toBeTruthy();
    expect(revenue.getByText('Finance')).toBeTruthy();
    expect(revenue.getByText('Nov 2026')).toBeTruthy();
    expect(revenue.getByText(/\+\$250 \(\+25\.0%\)/)).toBeTruthy();
    expect(revenue.getByText('$1,400')).toBeTruthy();
    expect(revenue.getByText('31 Dec 2026')).toBeTruthy();

    // Churn has no November value: the latest month stands in, and a rise is bad news for it.
    const churn = within(rowOf('Churn'));
    expect(churn.getByText('3.2%')).toBeTruthy();
    expect(churn.getByText(/Oct 2026 · latest/)).toBeTruthy();
    expect(churn.getByText('(worse)')).toBeTruthy();

    expect(screen.getByText('1–2 of 2')).toBeTruthy();
  });

  it('reads the values of the whole page at once, and again per period', async () => {
    const user = userEvent.setup();
    const { params } = renderPage();
    await waitFor(() => expect(within(rowOf('Revenue')).getByText('$1,250')).toBeTruthy());

    const reads = requestsTo('/v1/kpi-snapshots');
    expect(reads).toHaveLength(1);
    expect(reads[0]?.searchParams.get('ids')?.split(',').sort()).toEqual([REVENUE, CHURN].sort());
    expect(reads[0]?.searchParams.get('groupBy')).toBe('month');
    expect(reads[0]?.searchParams.get('from')).toBe('2025-12-01');
    expect(reads[0]?.searchParams.get('to')).toBe('2026-11-30');

    await user.click(screen.getByText('Week', { selector: 'span' }));
    await waitFor(() => expect(within(rowOf('Revenue')).getByText('$330')).toBeTruthy());
    expect(params().get('period')).toBe('week');
    expect(requestsTo('/v1/kpi-snapshots')).toHaveLength(2);
    expect(requestsTo('/v1/kpi-snapshots')[1]?.searchParams.get('groupBy')).toBe('week');
    expect(within(rowOf('Revenue')).getByText('W48')).toBeTruthy();
    expect(within(rowOf('Churn')).getByText('No value in 12 weeks')).toBeTruthy();
  });

  it('searches on the server once typing pauses, with the text escaped', async () => {
    const user = userEvent.setup();
    const { params } = renderPage();
    await listShown();
    const before = requestsTo('/v2/kpis').length;

    await user.type(screen.getByLabelText('Search by name'), 'rev.');
    await waitFor(() => expect(params().get('q')).toBe('rev.'));
    await waitFor(() => expect(screen.getByText('No KPIs match')).toBeTruthy());

    const searches = requestsTo('/v2/kpis').slice(before);
    expect(searches).toHaveLength(1);
    expect(JSON.parse(searches[0]!.searchParams.get('filter')!)).toEqual({
      name: { $regex: 'rev\\.', $options: 'i' },
    });
    expect(screen.getByText(/No KPI named like “rev\.”/)).toBeTruthy();

    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    await listShown();
    expect(params().has('q')).toBe(false);
    expect((screen.getByLabelText('Search by name') as HTMLInputElement).value).toBe('');
  });

  it('sorts by value over every match from one ranking read, marked on the header', async () => {
    const user = userEvent.setup();
    const { params } = renderPage();
    await listShown();

    await user.click(within(table()).getByRole('button', { name: /Value/ }));
    await waitFor(() => expect(params().get('sort')).toBe('value'));
    await waitFor(() =>
      expect(
        within(table())
          .getAllByRole('link')
          .map((a) => a.textContent),
      ).toEqual(['Churn', 'Revenue']),
    );
    const header = within(table()).getByRole('button', { name: /Value/ }).closest('th');
    expect(header?.getAttribute('aria-sort')).toBe('ascending');
    expect(requestsTo('/v2/kpis/snapshots')).toHaveLength(1);

    await user.click(within(table()).getByRole('button', { name: /Value/ }));
    await waitFor(() =>
      expect(
        within(table())
          .getAllByRole('link')
          .map((a) => a.textContent),
      ).toEqual(['Revenue', 'Churn']),
    );
    expect(header?.getAttribute('aria-sort')).toBe('descending');
  });

  it('puts favorites first in the group filter and filters My KPIs by the current user', async () => {
    const user = userEvent.setup();
    const { params } = renderPage();
    await listShown();
    const select = screen.getByRole('combobox', { name: 'Group' });
    await waitFor(() =>
      expect(within(select).getByRole('group', { name: 'Favorites' })).toBeTruthy(),
    );
    const favorites = within(within(select).getByRole('group', { name: 'Favorites' }));
    expect(favorites.getAllByRole('option').map((o) => o.textContent)).toEqual([
      '★ My KPIs',
      '★ Finance',
    ]);

    await user.selectOptions(select, 'mine');
    await waitFor(() => expect(params().get('group')).toBe('mine'));
    await waitFor(() => expect(within(table()).queryByRole('link', { name: 'Churn' })).toBeNull());
    const last = requestsTo('/v2/kpis').at(-1)!;
    expect(JSON.parse(last.searchParams.get('filter')!)).toEqual({ ownerIds: DANA });
  });

  it('offers to create the first KPI when there is none', async () => {
    api.kpis = [];
    renderPage();
    const link = await screen.findByRole('link', { name: 'Create your first KPI' });
    expect(link.getAttribute('href')).toBe('/kpis/new');
    expect(screen.queryByLabelText('Search by name')).toBeNull();
    expect(screen.getByRole('link', { name: /New KPI/ }).getAttribute('href')).toBe('/kpis/new');
  });

  it('shows a failed load with a retry that works', async () => {
    const user = userEvent.setup();
    api.failLists = 1;
    renderPage();
    expect(await screen.findByText('The KPIs could not be loaded')).toBeTruthy();
    expect(screen.getByText('The database is busy')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await listShown();
  });

  it('pages with links that keep the other parameters', async () => {
    api.kpis = Array.from({ length: 120 }, (_, i) =>
      kpi(hexId(i), `KPI ${String(i).padStart(3, '0')}`, {}),
    );
    renderPage('&period=quarter');
    await listShown('KPI 000');
    expect(screen.getByText('1–50 of 120')).toBeTruthy();
    expect(screen.getByText('Page 1 of 3')).toBeTruthy();
    const next = screen.getByRole('link', { name: 'Next page' });
    const href = new URL(next.getAttribute('href')!, 'http://localhost').searchParams;
    expect(href.get('page')).toBe('2');
    expect(href.get('period')).toBe('quarter');
    expect(href.get('tz')).toBe('UTC');
    expect(requestsTo('/v2/kpis')[0]?.searchParams.get('take')).toBe('50');
  });
});
