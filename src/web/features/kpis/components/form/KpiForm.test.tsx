// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ACCOUNT_ID,
  KPI_ID,
  page,
  testGroup,
  testKpi,
  USER_ID,
} from '../../../../testing/builders.ts';
import {
  fakeApi,
  problem,
  writes,
  type ApiAnswer,
  type ApiCall,
} from '../../../../testing/fake-api.ts';
import { renderApp } from '../../../../testing/render.tsx';
import { Component as CreatePage } from '../../pages/KpiCreatePage.tsx';
import { Component as EditPage } from '../../pages/KpiEditPage.tsx';

const OTHER_USER = 'e4e4e4e4e4e4e4e4e4e4e4e4';
const GROUP_ID = 'd3d3d3d3d3d3d3d3d3d3d3d3';
const NEW_ID = 'f5f5f5f5f5f5f5f5f5f5f5f5';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const group = testGroup({ id: GROUP_ID, name: 'Sales', kpisCount: 1 });

/** The reads every form makes, plus `write` for the save under test. */
function api(write: (call: ApiCall) => ApiAnswer = () => undefined) {
  return fakeApi((call) => {
    if (call.method !== 'GET') return write(call);
    if (call.url === '/users/me') {
      return {
        body: {
          user: { id: USER_ID, name: 'Ada Admin', email: 'ada@example.com' },
          account: { id: ACCOUNT_ID, name: 'Acme' },
          accounts: [{ id: ACCOUNT_ID, name: 'Acme' }],
        },
      };
    }
    if (call.url === '/users') {
      const items = [
        { id: USER_ID, name: 'Ada Admin', email: 'ada@example.com' },
        { id: OTHER_USER, name: 'Bob Builder', email: 'bob@example.com' },
      ];
      return { body: page(items) };
    }
    if (call.path.startsWith('/kpis/groups')) {
      return { body: page([group]) };
    }
    if (call.url === `/kpis/${KPI_ID}`) {
      return {
        body: testKpi({
          description: 'Hello',
          formatting: { prefix: '$', suffix: '', fractionSize: 2 },
          groups: [GROUP_ID],
        }),
      };
    }
    return undefined;
  });
}

const renderRoute = (path: string) =>
  renderApp(
    {
      routes: [
        { path: '/kpis/new', element: <CreatePage /> },
        { path: '/kpis/:kpiId/edit', element: <EditPage /> },
        { path: '*', element: <p>elsewhere</p> },
      ],
    },
    { path },
  ).router;

describe('KpiForm on the create page', () => {
  it('shows validation messages next to the fields and sends nothing', async () => {
    const user = userEvent.setup();
    const calls = api();
    renderRoute('/kpis/new');
    const name = await screen.findByLabelText('Name');
    await user.type(name, '   ');
    await user.selectOptions(screen.getByLabelText('Decimals'), '3');
    await user.click(screen.getByRole('button', { name: 'Create KPI' }));

    expect(await screen.findByText('Enter a name.')).toBeTruthy();
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toContain(screen.getByText('Enter a name.').id);
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(writes(calls)).toEqual([]);

    // Typing clears the message and keeps the rest of the draft.
    await user.type(name, 'Revenue');
    expect(screen.queryByText('Enter a name.')).toBeNull();
    expect((screen.getByLabelText('Decimals') as HTMLSelectElement).value).toBe('3');
  });

  it('shows a live example of the number format', async () => {
    const user = userEvent.setup();
    api();
    renderRoute('/kpis/new');
    const example = await screen.findByTestId('format-example');
    expect(example.textContent).toBe('1,235');
    await user.type(screen.getByLabelText('Prefix'), '€');
    await user.type(screen.getByLabelText('Suffix'), ' net');
    await user.selectOptions(screen.getByLabelText('Decimals'), '2');
    expect(example.textContent).toBe('€1,234.57 net');
    await user.selectOptions(screen.getByLabelText('Decimals'), '4');
    expect(example.textContent).toBe('€1,234.5678 net');
  });

  it('maps server errors to their fields and keeps what was typed', async () => {
    const user = userEvent.setup();
    api(() =>
      problem(400, 'body.name is taken', [
        { path: 'body.name', message: 'is already used by another KPI' },
        { path: 'body.formatting.fractionSize', message: 'is not allowed here' },
        { path: 'body.groups[0]', message: 'names a group that was deleted' },
      ]),
    );
    renderRoute('/kpis/new');
    await user.type(await screen.findByLabelText('Name'), 'Revenue');
    await user.type(screen.getByLabelText('Prefix'), '$');
    await user.click(await screen.findByRole('checkbox', { name: 'Sales' }));
    await user.click(screen.getByRole('button', { name: 'Create KPI' }));

    expect(await screen.findByText('Name is already used by another KPI.')).toBeTruthy();
    expect(screen.getByText('Decimals is not allowed here.')).toBeTruthy();
    const groups = screen.getByRole('group', { name: 'Groups' });
    expect(within(groups).getByText('Groups names a group that was deleted.')).toBeTruthy();
    expect(
      screen.getByText('The KPI could not be saved. Check the fields marked above.'),
    ).toBeTruthy();
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Revenue');
    expect((screen.getByLabelText('Prefix') as HTMLInputElement).value).toBe('$');
    expect((screen.getByRole('checkbox', { name: 'Sales' }) as HTMLInputElement).checked).toBe(
      true,
    );
    expect(screen.getByRole('button', { name: 'Create KPI' })).toHaveProperty('disabled', false);
  });

  it('creates the KPI, owned by the current user, and opens it', async () => {
    const user = userEvent.setup();
    const calls = api((call) =>
      call.method === 'POST' && call.url === '/kpis'
        ? { status: 201, body: testKpi({ id: NEW_ID, name: 'Churn' }) }
        : undefined,
    );
    const router = renderRoute('/kpis/new');
    await user.type(await screen.findByLabelText('Name'), ' Churn ');
    await user.click(screen.getByRole('radio', { name: /Lower is better/ }));
    await user.selectOptions(screen.getByLabelText('Summarise with'), 'average');
    await user.click(await screen.findByRole('checkbox', { name: /Bob Builder/ }));
    expect(
      (screen.getByRole('checkbox', { name: /Ada Admin \(you\)/ }) as HTMLInputElement).checked,
    ).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Create KPI' }));

    await waitFor(() => expect(router.state.location.pathname).toBe(`/kpis/${NEW_ID}`));
    expect(writes(calls)).toEqual([
      {
        method: 'POST',
        url: '/kpis',
        body: {
          name: 'Churn',
          description: '',
          aggregation: 'average',
          targetOperator: 'should_decrease',
          formatting: { prefix: '', suffix: '', fractionSize: 0 },
          ownerIds: [USER_ID, OTHER_USER],
          groups: [],
        },
      },
    ]);
  });

  it('previews the description as markdown', async () => {
    const user = userEvent.setup();
    api();
    renderRoute('/kpis/new');
    await user.type(await screen.findByLabelText('Description'), 'Grows **fast**');
    await user.click(screen.getByRole('tab', { name: 'Preview' }));
    const panel = screen.getByRole('tabpanel', { name: 'Preview' });
    expect(panel.querySelector('strong')?.textContent).toBe('fast');
    await user.keyboard('{ArrowLeft}');
    expect(screen.getByRole('tab', { name: 'Write' }).getAttribute('aria-selected')).toBe('true');
    expect((screen.getByLabelText('Description') as HTMLTextAreaElement).value).toBe(
      'Grows **fast**',
    );
  });
});

describe('KpiForm on the edit page', () => {
  it('starts from the KPI and sends only the changes', async () => {
    const user = userEvent.setup();
    const calls = api((call) =>
      call.method === 'PATCH' ? { body: testKpi({ name: 'Income' }) } : undefined,
    );
    const router = renderRoute(`/kpis/${KPI_ID}/edit`);
    const name = (await screen.findByLabelText('Name')) as HTMLInputElement;
    expect(name.value).toBe('Revenue');
    expect(screen.getByTestId('format-example').textContent).toBe('$1,234.57');
    expect((await screen.findByRole('checkbox', { name: 'Sales' })).matches(':checked')).toBe(true);
    await user.clear(name);
    await user.type(name, 'Income');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(router.state.location.pathname).toBe(`/kpis/${KPI_ID}`));
    expect(writes(calls)).toEqual([
      { method: 'PATCH', url: `/kpis/${KPI_ID}`, body: { name: 'Income' } },
    ]);
  });

  it('says so when the KPI does not exist', async () => {
    api();
    renderRoute('/kpis/aaaaaaaaaaaaaaaaaaaaaaaa/edit');
    expect(await screen.findByText('KPI not found')).toBeTruthy();
    expect(screen.queryByLabelText('Name')).toBeNull();
  });
});
