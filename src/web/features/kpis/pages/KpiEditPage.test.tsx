// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../../testing/fake-api.ts';
import { renderApp } from '../../../testing/render.tsx';
import { Component } from './KpiEditPage.tsx';

afterEach(() => {
  cleanup();
});

const renderPage = (path: string) =>
  renderApp(
    {
      routes: [
        { path: '/kpis/:kpiId/edit', element: <Component /> },
        { path: '/kpis', element: <p>The KPI list</p> },
      ],
    },
    { path },
  );

describe('KpiEditPage', () => {
  it('treats an id the server refuses as malformed like an unknown one', async () => {
    fakeApi(({ path }) =>
      path.startsWith('/kpis/') ? problem(400, 'kpiId is not an id') : undefined,
    );
    renderPage('/kpis/not-an-id/edit');
    expect(await screen.findByText('KPI not found')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /try again/i })).toBeNull();
  });

  it('reads a path-like id from the address as one segment of the KPI path', async () => {
    const calls = fakeApi(() => undefined);
    renderPage(`/kpis/${encodeURIComponent('../../../pwned?x=1')}/edit`);
    expect(await screen.findByText('KPI not found')).toBeTruthy();
    const reads = calls.filter((c) => c.path.includes('pwned'));
    expect(reads.length).toBeGreaterThan(0);
    for (const call of reads) {
      expect(call.path).toBe(`/kpis/${encodeURIComponent('../../../pwned?x=1')}`);
      expect([...call.query.keys()]).toEqual([]);
    }
  });
});
