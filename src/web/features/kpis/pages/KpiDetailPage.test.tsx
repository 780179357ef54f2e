// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KPI_ID, page, testKpi, USER_ID } from '../../../testing/builders.ts';
import { fakeApi } from '../../../testing/fake-api.ts';
import { renderApp, stubResizeObserver } from '../../../testing/render.tsx';
import { Component } from './KpiDetailPage.tsx';

beforeAll(stubResizeObserver);

afterEach(() => {
  cleanup();
});

const renderPage = (path = `/kpis/${KPI_ID}`) =>
  renderApp(
    {
      routes: [
        { path: '/kpis/:kpiId', element: <Component /> },
        { path: '/kpis', element: <p>The KPI list</p> },
      ],
    },
    { path },
  );

const empty = page([]);

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
    fakeApi(({ url }) => {
      if (url.startsWith('/kpis/groups')) return { body: empty };
      if (url === `/kpis/${KPI_ID}`) return { body: testKpi({ name: 'Net revenue' }) };
      if (url.startsWith('/users')) {
        return { body: page([{ id: USER_ID, name: 'Ann Lee', email: 'ann@example.com' }]) };
      }
      if (url.includes('/projections')) return { body: { items: [], totalCount: 0 } };
      if (url.startsWith('/kpi-snapshots')) return { body: { [KPI_ID]: [] } };
      if (url.includes('/snapshots')) return { body: empty };
      if (url.includes('/statistics')) {
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
