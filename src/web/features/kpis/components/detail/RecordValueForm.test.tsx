// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useSearchParams } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Granularity } from '../../../../../contract/periods.ts';
import { parseValueInput, RecordValueForm } from './RecordValueForm.tsx';
import { ACCOUNT_ID, KPI_ID, testKpi, USER_ID } from '../../../../testing/builders.ts';
import { fakeApi, problem, sent } from '../../../../testing/fake-api.ts';
import { renderApp } from '../../../../testing/render.tsx';

beforeEach(() => {
  // Only Date is faked: Thursday 8 September 2022, in ISO week 36.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2022-09-08T10:00:00Z'));
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('parseValueInput', () => {
  it('reads numbers as people type them', () => {
    expect(parseValueInput('1250').value).toBe(1250);
    expect(parseValueInput('  -3.5 ').value).toBe(-3.5);
    expect(parseValueInput('\u22124').value).toBe(-4);
    expect(parseValueInput('+4').value).toBe(4);
    expect(parseValueInput('1,250.75').value).toBe(1250.75);
    expect(parseValueInput('.5').value).toBe(0.5);
    expect(parseValueInput('1e3').value).toBe(1000);
  });

  it('refuses what is not a number', () => {
    expect(parseValueInput('')).toEqual({ value: null, error: 'Enter a value' });
    expect(parseValueInput('   ').error).toBe('Enter a value');
    for (const text of ['abc', '12abc', '1,25', '0x10', 'Infinity', '1e999', '1.2.3', '-']) {
      expect(parseValueInput(text).value, text).toBeNull();
      expect(parseValueInput(text).error, text).toMatch(/Enter a number/);
    }
  });
});

function snapshot(group: string, value: number) {
  return {
    id: 'd3d3d3d3d3d3d3d3d3d3d3d3',
    accountId: ACCOUNT_ID,
    kpiId: KPI_ID,
    group,
    timeZone: 'UTC+2',
    date: '2022-09-04T22:00:00.000Z',
    value,
    createdById: USER_ID,
    createdByName: 'Ann Lee',
    dateCreated: '2022-09-08T10:00:00.000Z',
  };
}

/** The form with the grouping taken from `?groupBy=`, as the page passes it. */
function FromUrl() {
  const [params] = useSearchParams();
  return (
    <RecordValueForm
      kpi={testKpi()}
      groupBy={(params.get('groupBy') as Granularity | null) ?? 'week'}
      timeZone="UTC+2"
    />
  );
}

describe('RecordValueForm', () => {
  it('records a value for the current week and says so', async () => {
    const calls = fakeApi(({ method, body }) =>
      method === 'POST'
        ? { status: 201, body: snapshot('2022-W36', (body as { value: number }).value) }
        : undefined,
    );
    const user = userEvent.setup();
    renderApp(<FromUrl />);
    expect((screen.getByLabelText('Year') as HTMLInputElement).value).toBe('2022');
    expect((screen.getByLabelText('Week') as HTMLSelectElement).value).toBe('36');

    await user.type(screen.getByLabelText('Value'), '1,250');
    await user.click(screen.getByRole('button', { name: 'Record value' }));

    expect(await screen.findByText('Recorded $1,250 for W36 2022 (5–11 Sep 2022).')).toBeTruthy();
    expect(calls.map(sent)).toEqual([
      {
        method: 'POST',
        url: `/kpis/${KPI_ID}/snapshots`,
        body: { group: '2022-W36', timeZone: 'UTC+2', value: 1250 },
      },
    ]);
    expect((screen.getByLabelText('Value') as HTMLInputElement).value).toBe('');
  });

  it('asks for a number before sending anything', async () => {
    const calls = fakeApi(() => undefined);
    const user = userEvent.setup();
    renderApp(<FromUrl />);
    await user.click(screen.getByRole('button', { name: 'Record value' }));
    const input = screen.getByLabelText('Value');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('Enter a value');

    await user.type(input, 'lots');
    await user.click(screen.getByRole('button', { name: 'Record value' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Enter a number/);
    expect((input as HTMLInputElement).value).toBe('lots');
    expect(calls).toHaveLength(0);
  });

  it("shows the server's message next to the period and keeps the typing", async () => {
    fakeApi(() =>
      problem(400, 'The request is invalid', [
        { path: 'body.group', message: 'must be a period key: 2022-09-05, 2022-W36…' },
      ]),
    );
    const user = userEvent.setup();
    renderApp(<FromUrl />);
    await user.type(screen.getByLabelText('Value'), '42');
    await user.click(screen.getByRole('button', { name: 'Record value' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('must be a period key: 2022-09-05, 2022-W36…');
    expect(screen.getByLabelText('Week').getAttribute('aria-describedby')).toContain(alert.id);
    expect((screen.getByLabelText('Value') as HTMLInputElement).value).toBe('42');
    expect(screen.queryByText(/^Recorded/)).toBeNull();
  });

  it('shows a refusal that names no field above the button', async () => {
    fakeApi(() => problem(403, 'You may not record values for this KPI'));
    const user = userEvent.setup();
    renderApp(<FromUrl />);
    await user.type(screen.getByLabelText('Value'), '42');
    await user.click(screen.getByRole('button', { name: 'Record value' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'You may not record values for this KPI',
    );
    expect(screen.getByLabelText('Value').getAttribute('aria-invalid')).toBe('false');
  });

  it('follows the chart grouping, and lets the person pick another kind of period', async () => {
    const calls = fakeApi(({ body }) => ({
      status: 201,
      body: snapshot((body as { group: string }).group, 1),
    }));
    const user = userEvent.setup();
    const { router } = renderApp(<FromUrl />, { path: `/kpis/${KPI_ID}?groupBy=month` });
    expect((screen.getByLabelText('Month') as HTMLInputElement).value).toBe('2022-09');

    await router.navigate(`/kpis/${KPI_ID}?groupBy=quarter`);
    await waitFor(() => expect(screen.getByLabelText('Quarter')).toBeTruthy());

    await user.selectOptions(screen.getByLabelText('Kind of period'), 'year');
    await user.type(screen.getByLabelText('Value'), '7');
    await user.click(screen.getByRole('button', { name: 'Record value' }));
    await screen.findByText(/^Recorded/);
    expect(calls[0]?.body).toEqual({ group: '2022', timeZone: 'UTC+2', value: 7 });
  });
});
