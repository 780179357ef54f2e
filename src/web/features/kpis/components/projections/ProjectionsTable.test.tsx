// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Projection } from '../../../../../contract/kpis.ts';
import { KPI_ID, testKpi, USER_ID } from '../../../../testing/builders.ts';
import {
  fakeApi,
  problem,
  writes,
  type ApiAnswer,
  type ApiCall,
} from '../../../../testing/fake-api.ts';
import { polyfillDialog, renderApp } from '../../../../testing/render.tsx';
import { ProjectionsTable } from './ProjectionsTable.tsx';
import { checkProjection, projectionRows } from './projection-model.ts';

beforeAll(polyfillDialog);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const kpi = testKpi({ formatting: { prefix: '$', suffix: '', fractionSize: 0 } });

function projection(id: string, date: string, value: number): Projection {
  return {
    id,
    date,
    value,
    createdById: USER_ID,
    modifiedById: USER_ID,
    dateCreated: '2024-01-01T00:00:00.000Z',
    dateModified: '2024-01-01T00:00:00.000Z',
  };
}

const P1 = projection('a1a1a1a1a1a1a1a1a1a1a1a1', '2024-06-30', 1000);
const P2 = projection('a2a2a2a2a2a2a2a2a2a2a2a2', '2024-12-31', 1500);

/** A server holding `initial`; writes change what later reads see unless `write` answers them. */
function api(initial: Projection[], write: (call: ApiCall) => ApiAnswer = () => undefined) {
  let items = [...initial];
  return fakeApi((call) => {
    if (call.method === 'GET' && call.url === `/kpis/${KPI_ID}/projections`) {
      return { body: { items, totalCount: items.length } };
    }
    const answer = write(call);
    if (answer && (answer.status ?? 200) < 300) {
      const id = call.path.split('/').pop();
      const body = call.body as Partial<Projection> | undefined;
      if (call.method === 'POST') items.push(answer.body as Projection);
      if (call.method === 'PATCH') items = items.map((p) => (p.id === id ? { ...p, ...body } : p));
      if (call.method === 'DELETE') items = items.filter((p) => p.id !== id);
    }
    return answer;
  });
}

/** Date inputs take a whole value at a time, as a browser's date picker gives it. */
const setDate = (input: HTMLElement, value: string) =>
  fireEvent.change(input, { target: { value } });

describe('checkProjection', () => {
  it.each([
    [
      { date: '', value: '' },
      { date: 'Enter a date.', value: 'Enter a value.' },
    ],
    [{ date: '2024-02-30', value: '1' }, { date: 'Enter a date as YYYY-MM-DD.' }],
    [{ date: '2024-07-01', value: '12,5' }, { value: 'Enter a number, such as 1250 or 12.5.' }],
    [{ date: '2024-06-30', value: '5' }, { date: 'There is already a projection on 30 Jun 2024.' }],
  ])('refuses %o', (draft, errors) => {
    expect(checkProjection(draft, [P1])).toEqual({ ok: false, errors });
  });

  it('accepts a projection, or the same date on the projection being edited', () => {
    expect(checkProjection({ date: '2024-07-01', value: ' 1,250.5 ' }, [P1])).toEqual({
      ok: true,
      values: { date: '2024-07-01', value: 1250.5 },
    });
    expect(checkProjection({ date: '2024-06-30', value: '5' }, [P1], P1.id).ok).toBe(true);
  });
});

describe('projectionRows', () => {
  it('orders by date and compares each with the one before', () => {
    const rows = projectionRows([P2, P1]);
    expect(rows.map((r) => [r.projection.id, r.delta, r.percentage])).toEqual([
      [P1.id, null, null],
      [P2.id, 500, 50],
    ]);
  });
});

describe('ProjectionsTable', () => {
  it('invites adding the first projection', async () => {
    api([]);
    renderApp(<ProjectionsTable kpi={kpi} />);
    expect(
      await screen.findByText('No projections — add one to draw where this KPI should go'),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add projection' })).toBeTruthy();
  });

  it('lists projections with formatted values and changes', async () => {
    api([P2, P1]);
    renderApp(<ProjectionsTable kpi={kpi} />);
    const rows = await screen.findAllByRole('row');
    const cells = rows
      .slice(1)
      .map((r) => [...r.querySelectorAll('th, td')].slice(0, 3).map((c) => c.textContent));
    expect(cells).toEqual([
      ['30 Jun 2024$1,000', '$1,000', '—'],
      ['31 Dec 2024$1,500', '$1,500', '▲ +$500 (+50.0%) (better)'],
    ]);
  });

  it('checks a new projection before sending it and keeps the typing', async () => {
    const user = userEvent.setup();
    const calls = api([P1]);
    renderApp(<ProjectionsTable kpi={kpi} />);
    const form = await screen.findByRole('form', { name: 'Add a projection' });
    await user.type(within(form).getByLabelText('Projected value'), 'lots');
    await user.click(within(form).getByRole('button', { name: 'Add projection' }));

    expect(within(form).getByText('Enter a date.')).toBeTruthy();
    expect(within(form).getByText('Enter a number, such as 1250 or 12.5.')).toBeTruthy();
    expect(within(form).getByLabelText('Date').getAttribute('aria-invalid')).toBe('true');
    expect((within(form).getByLabelText('Projected value') as HTMLInputElement).value).toBe('lots');
    expect(writes(calls)).toEqual([]);
  });

  it('shows the server’s duplicate-date answer next to the date', async () => {
    const user = userEvent.setup();
    const calls = api([P1], (call) =>
      call.method === 'POST'
        ? problem(409, 'A projection dated 2024-09-30 already exists for this KPI', [
            { path: 'body.date', message: 'already has a projection on 2024-09-30' },
          ])
        : undefined,
    );
    renderApp(<ProjectionsTable kpi={kpi} />);
    const form = await screen.findByRole('form', { name: 'Add a projection' });
    setDate(within(form).getByLabelText('Date'), '2024-09-30');
    await user.type(within(form).getByLabelText('Projected value'), '1200');
    await user.click(within(form).getByRole('button', { name: 'Add projection' }));

    const message = await within(form).findByText(
      'This date already has a projection on 2024-09-30.',
    );
    const date = within(form).getByLabelText('Date') as HTMLInputElement;
    expect(date.getAttribute('aria-describedby')).toContain(message.id);
    expect(date.value).toBe('2024-09-30');
    expect((within(form).getByLabelText('Projected value') as HTMLInputElement).value).toBe('1200');
    expect(writes(calls)).toEqual([
      {
        method: 'POST',
        url: `/kpis/${KPI_ID}/projections`,
        body: { date: '2024-09-30', value: 1200 },
      },
    ]);
  });

  it('adds a projection and clears the form', async () => {
    const user = userEvent.setup();
    const created = projection('a3a3a3a3a3a3a3a3a3a3a3a3', '2024-09-30', 1200);
    api([P1], (call) => (call.method === 'POST' ? { status: 201, body: created } : undefined));
    renderApp(<ProjectionsTable kpi={kpi} />);
    const form = await screen.findByRole('form', { name: 'Add a projection' });
    setDate(within(form).getByLabelText('Date'), '2024-09-30');
    await user.type(within(form).getByLabelText('Projected value'), '1200{Enter}');

    expect(await screen.findByText('30 Sep 2024')).toBeTruthy();
    expect((within(form).getByLabelText('Projected value') as HTMLInputElement).value).toBe('');
  });

  it('edits a row in place: Enter saves only what changed', async () => {
    const user = userEvent.setup();
    const calls = api([P1, P2], (call) => (call.method === 'PATCH' ? { status: 204 } : undefined));
    renderApp(<ProjectionsTable kpi={kpi} />);
    await user.click(
      await screen.findByRole('button', { name: 'Edit the projection of 30 Jun 2024' }),
    );
    const value = screen.getByLabelText('Value of the projection of 30 Jun 2024');
    await user.clear(value);
    await user.type(value, '1100{Enter}');

    await waitFor(() =>
      expect(screen.queryByLabelText('Value of the projection of 30 Jun 2024')).toBeNull(),
    );
    expect(writes(calls)).toEqual([
      { method: 'PATCH', url: `/kpis/${KPI_ID}/projections/${P1.id}`, body: { value: 1100 } },
    ]);
    expect(screen.getByRole('rowheader', { name: /30 Jun 2024/ }).textContent).toContain('$1,100');
  });

  it('refuses a date another projection has, and Escape cancels', async () => {
    const user = userEvent.setup();
    const calls = api([P1, P2]);
    renderApp(<ProjectionsTable kpi={kpi} />);
    await user.click(
      await screen.findByRole('button', { name: 'Edit the projection of 30 Jun 2024' }),
    );
    const date = screen.getByLabelText('Date of the projection of 30 Jun 2024');
    setDate(date, '2024-12-31');
    await user.type(screen.getByLabelText('Value of the projection of 30 Jun 2024'), '{Enter}');
    expect(screen.getByText('There is already a projection on 31 Dec 2024.')).toBeTruthy();
    expect((date as HTMLInputElement).value).toBe('2024-12-31');

    await user.type(date, '{Escape}');
    expect(screen.queryByLabelText('Date of the projection of 30 Jun 2024')).toBeNull();
    expect(screen.getByRole('rowheader', { name: /30 Jun 2024/ }).textContent).toContain('$1,000');
    expect(writes(calls)).toEqual([]);
  });

  it('deletes a projection after confirmation', async () => {
    const user = userEvent.setup();
    const calls = api([P1], (call) => (call.method === 'DELETE' ? { status: 204 } : undefined));
    renderApp(<ProjectionsTable kpi={kpi} />);
    await user.click(
      await screen.findByRole('button', { name: 'Delete the projection of 30 Jun 2024' }),
    );
    expect(writes(calls)).toEqual([]);
    expect(
      screen.getByText(/The projection of \$1,000 on 30 Jun 2024 will be removed/),
    ).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Delete projection' }));
    expect(
      await screen.findByText('No projections — add one to draw where this KPI should go'),
    ).toBeTruthy();
    expect(writes(calls)).toEqual([
      { method: 'DELETE', url: `/kpis/${KPI_ID}/projections/${P1.id}`, body: undefined },
    ]);
  });
});
