// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../../../../../contract/kpis.ts';
import { formatRecordedAt, SnapshotHistory } from './SnapshotHistory.tsx';
import { ACCOUNT_ID, hexId, KPI_ID, page, testKpi, USER_ID } from '../../../../testing/builders.ts';
import { fakeApi } from '../../../../testing/fake-api.ts';
import { polyfillDialog, renderApp } from '../../../../testing/render.tsx';

beforeAll(polyfillDialog);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function snapshot(index: number, patch: Partial<Snapshot> = {}): Snapshot {
  return {
    id: hexId(index),
    accountId: ACCOUNT_ID,
    kpiId: KPI_ID,
    group: '2022-09',
    timeZone: 'UTC',
    date: '2022-09-01T00:00:00.000Z',
    value: 1000 + index,
    createdById: USER_ID,
    createdByName: 'Ann Lee',
    dateCreated: '2022-09-05T12:05:00.000Z',
    ...patch,
  };
}

/** A history of `total` snapshots served page by page, with deletes taking effect. */
function historyApi(total: number) {
  let items = Array.from({ length: total }, (_, i) => snapshot(i + 1));
  return fakeApi(({ method, path, query }) => {
    if (method === 'DELETE') {
      const id = path.split('/').at(-1);
      items = items.filter((s) => s.id !== id);
      return { status: 204 };
    }
    const skip = Number(query.get('skip'));
    const take = Number(query.get('take'));
    return { body: page(items.slice(skip, skip + take), items.length) };
  });
}

describe('formatRecordedAt', () => {
  it('shows the wall-clock time in the time zone', () => {
    expect(formatRecordedAt('2022-09-05T12:05:00.000Z', 'UTC')).toBe('5 Sep 2022, 12:05');
    expect(formatRecordedAt('2022-09-05T12:05:00.000Z', 'UTC+2')).toBe('5 Sep 2022, 14:05');
    expect(formatRecordedAt('2022-09-05T02:00:00.000Z', 'UTC-5')).toBe('4 Sep 2022, 21:00');
    expect(formatRecordedAt('2022-09-05T12:05:00.000Z', 'UTC+5:30')).toBe('5 Sep 2022, 17:35');
    expect(formatRecordedAt('yesterday', 'UTC')).toBe('—');
  });
});

describe('SnapshotHistory', () => {
  it('lists values newest first with period, value, author and time', async () => {
    historyApi(2);
    renderApp(<SnapshotHistory kpi={testKpi()} timeZone="UTC" />);
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByText('Sep 2022')).toBeTruthy();
    expect(within(rows[1]!).getByText('$1,001')).toBeTruthy();
    expect(within(rows[1]!).getByText('Ann Lee')).toBeTruthy();
    expect(within(rows[1]!).getByText('5 Sep 2022, 12:05')).toBeTruthy();
    expect(screen.getByText('1–2 of 2')).toBeTruthy();
  });

  it('says when there are no values yet, and how to record one', async () => {
    historyApi(0);
    renderApp(<SnapshotHistory kpi={testKpi()} timeZone="UTC" />);
    expect(await screen.findByText('No values yet — record the first one')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Record a value' }).getAttribute('href')).toBe(
      '#record-value',
    );
  });

  it('pages through older values', async () => {
    const calls = historyApi(25);
    const user = userEvent.setup();
    renderApp(<SnapshotHistory kpi={testKpi()} timeZone="UTC" />);
    await screen.findByText('1–20 of 25');
    expect(screen.getByRole('button', { name: 'Newer' })).toHaveProperty('disabled', true);

    await user.click(screen.getByRole('button', { name: 'Older' }));
    await screen.findByText('21–25 of 25');
    expect(calls.at(-1)?.url).toBe(`/kpis/${KPI_ID}/snapshots?skip=20&take=20`);
    expect(screen.getByRole('button', { name: 'Older' })).toHaveProperty('disabled', true);
  });

  it('deletes a value after confirmation', async () => {
    const calls = historyApi(2);
    const user = userEvent.setup();
    renderApp(<SnapshotHistory kpi={testKpi()} timeZone="UTC" />);
    await user.click(
      await screen.findByRole('button', { name: 'Delete the value $1,002 for Sep 2022' }),
    );
    const dialog = screen.getByRole('dialog');
    expect(
      within(dialog).getByText(/The value \$1,002 recorded for Sep 2022 by Ann Lee/),
    ).toBeTruthy();
    // Nothing is deleted before the person confirms.
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);

    await user.click(within(dialog).getByRole('button', { name: 'Delete value' }));
    await waitFor(() => expect(screen.queryByText('$1,002')).toBeNull());
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual([
      `/kpis/${KPI_ID}/snapshots/${snapshot(2).id}`,
    ]);
    expect(screen.getByText('1–1 of 1')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('keeps the dialog open with the reason when a delete fails', async () => {
    fakeApi(({ method }) =>
      method === 'DELETE'
        ? {
            status: 500,
            body: { type: 'about:blank', title: 'Error', status: 500, detail: 'Database is busy' },
          }
        : { body: { items: [snapshot(1)], count: 1, totalCount: 1 } },
    );
    const user = userEvent.setup();
    renderApp(<SnapshotHistory kpi={testKpi()} timeZone="UTC" />);
    await user.click(await screen.findByRole('button', { name: /Delete the value/ }));
    await user.click(screen.getByRole('button', { name: 'Delete value' }));
    expect((await within(screen.getByRole('dialog')).findByRole('alert')).textContent).toBe(
      'Database is busy',
    );
    expect(screen.getByText('$1,001')).toBeTruthy();
  });

  it('shows an error with a retry when the history cannot be read', async () => {
    let fail = true;
    fakeApi(() =>
      fail
        ? {
            status: 503,
            body: { type: 'about:blank', title: 'Down', status: 503, detail: 'Try later' },
          }
        : { body: { items: [snapshot(1)], count: 1, totalCount: 1 } },
    );
    const user = userEvent.setup();
    renderApp(<SnapshotHistory kpi={testKpi()} timeZone="UTC" />);
    expect(await screen.findByText('The update history could not be loaded')).toBeTruthy();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('$1,001')).toBeTruthy();
  });
});
