// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeApi, KPI_ID, testKpi, USER_ID } from '../components/detail/testing.tsx';
import { Component } from './KpiDetailPage.tsx';

beforeAll(() => {
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
});

afterEach(() => {
  cleanup();
});

function renderPage(path = `/kpis/${KPI_ID}`) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(
    [
      { path: '/kpis/:kpiId', element: <Component /> },
      { path: '/kpis', element: <p>The KPI list</p> },
    ],
    { initialEntries: [path] },
  );
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

const empty = { items: [], count: 0, totalCount: 0 };

describe('KpiDetailPage', () => {
  it('says when the KPI does not exist and links back to the list', async () => {
    fakeApi(() => undefined);
    renderPage();
    expect(await screen.findByRole('heading', { name: 'KPI not found' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to the KPI list' }).getAttribute('href')).toBe(
      '/kpis',
    );
  });

  it('assembles the sections of a KPI', async () => {
    fakeApi(({ path }) => {
      if (path.startsWith('/kpis/groups')) return { body: empty };
      if (path === `/kpis/${KPI_ID}`) return { body: testKpi({ name: 'Net revenue' }) };
      if (path.startsWith('/users')) {
        return {
          body: {
            items: [{ id: USER_ID, name: 'Ann Lee', email: 'ann@example.com' }],
            count: 1,
            totalCount: 1,
          },
        };
      }
      if (path.includes('/projections')) return { body: { items: [], totalCount: 0 } };
      if (path.startsWith('/kpi-snapshots')) return { body: { [KPI_ID]: [] } };
      if (path.includes('/snapshots')) return { body: empty };
      if (path.includes('/statistics')) {
        const none = { value: null, deltaPercentage: null, start: null, end: null, count: 0 };
        return {
          body: {
            currentPeriod: { ...none, label: 'Sep 2022' },
            previousPeriod: { ...none, label: 'Aug 2022' },
            nextProjection: null,
          },
        };
      }
      return undefined;
    });
    renderPage();
    expect(await screen.findByRole('heading', { level: 1, name: 'Net revenue' })).toBeTruthy();
    for (const name of [
      'Statistics',
      'Values over time',
      'Record a value',
      'Update history',
      'Projections',
    ]) {
      expect(screen.getByRole('heading', { level: 2, name })).toBeTruthy();
    }
    expect(await screen.findByText('Ann Lee')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Edit' }).getAttribute('href')).toBe(
      `/kpis/${KPI_ID}/edit`,
    );
    expect((await screen.findAllByText('No values yet — record the first one')).length).toBe(2);
  });
});
