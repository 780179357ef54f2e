// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { currentUser, page, testGroup, USER_ID } from '../../../testing/builders.ts';
import { fakeApi, problem, type ApiAnswer, type ApiCall } from '../../../testing/fake-api.ts';
import { polyfillDialog, renderApp } from '../../../testing/render.tsx';
import { Component } from './GroupsPage.tsx';

const SALES = '5'.repeat(24);
const FINANCE = 'f'.repeat(24);
const PRODUCT = 'b'.repeat(24);

beforeAll(polyfillDialog);
afterEach(() => cleanup());

const GROUPS = [
  testGroup({ id: PRODUCT, name: 'Product', kpisCount: 6 }),
  testGroup({ id: SALES, name: 'Sales', kpisCount: 7 }),
  testGroup({ id: FINANCE, name: 'Finance', kpisCount: 1, favorite: true }),
];

/** A server holding the groups; `refuse` may answer a request first. */
function serve(initial = GROUPS, refuse: (call: ApiCall) => ApiAnswer = () => undefined) {
  let groups = [...initial];
  return fakeApi((call) => {
    const refusal = refuse(call);
    if (refusal) return refusal;
    const groupId = /^\/kpis\/groups\/(\w+)$/.exec(call.path)?.[1];
    const name = (call.body as { name?: string } | undefined)?.name ?? '';
    if (call.path === '/kpis/groups') {
      if (call.method === 'GET') return { body: page(groups) };
      const created = testGroup({ id: '9'.repeat(24), name });
      groups = [...groups, created];
      return { status: 201, body: created };
    }
    const starred = /^\/kpis\/groups\/(\w+)\/favorite$/.exec(call.path)?.[1];
    if (starred) {
      groups = groups.map((g) =>
        g.id === starred ? { ...g, favorite: call.method === 'PUT' } : g,
      );
      return { body: groups.find((g) => g.id === starred) };
    }
    if (groupId && call.method === 'PATCH') {
      groups = groups.map((g) => (g.id === groupId ? { ...g, name } : g));
      return { body: groups.find((g) => g.id === groupId) };
    }
    if (groupId && call.method === 'DELETE') {
      const deleted = groups.find((g) => g.id === groupId);
      groups = groups.filter((g) => g.id !== groupId);
      return { body: deleted };
    }
    if (call.path === '/users/kpi-virtual-group/favorite') {
      return {
        body: {
          items: [
            { virtualGroup: 'mykpis', favorite: false },
            { virtualGroup: 'ungrouped', favorite: true },
          ],
        },
      };
    }
    if (call.path === '/users/me') return { body: currentUser };
    if (call.method === 'GET' && call.path === '/kpis') {
      const filter = call.query.get('filter');
      if (filter === `{"ownerIds":"${USER_ID}"}`) return { body: page([], 12) };
      if (filter === '{"groups":{"$exists":false}}') return { body: page([], 3) };
    }
    return undefined;
  });
}

const renderPage = () =>
  renderApp(
    {
      routes: [
        { path: '/groups', element: <Component /> },
        { path: '/groups/:groupId', element: <p>A group page</p> },
        { path: '/kpis', element: <p>The KPI list</p> },
      ],
    },
    { path: '/groups', toaster: true },
  );

const rowNames = () =>
  within(screen.getByRole('list', { name: 'All groups' }))
    .getAllByRole('listitem')
    .map((row) => within(row).getAllByRole('link')[0]!.textContent);

describe('GroupsPage', () => {
  it('lists favorites first, virtual groups included, with their counts and links', async () => {
    serve();
    renderPage();
    await screen.findByRole('link', { name: 'Sales' });
    expect(rowNames()).toEqual(['Ungrouped', 'Finance', 'My KPIs', 'Product', 'Sales']);

    const rows = within(screen.getByRole('list', { name: 'All groups' })).getAllByRole('listitem');
    expect(await within(rows[0]!).findByText('3 KPIs')).toBeTruthy();
    expect(await within(rows[2]!).findByText('12 KPIs')).toBeTruthy();
    expect(within(rows[1]!).getByText('1 KPI')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'My KPIs' }).getAttribute('href')).toBe(
      '/kpis?group=mine',
    );
    expect(screen.getByRole('link', { name: 'Ungrouped' }).getAttribute('href')).toBe(
      '/kpis?group=ungrouped',
    );
    expect(screen.getByRole('link', { name: 'Sales' }).getAttribute('href')).toBe(
      `/groups/${SALES}`,
    );
    expect(
      screen.getByRole('button', { name: 'Unstar Finance' }).getAttribute('aria-pressed'),
    ).toBe('true');
    expect(screen.getByRole('button', { name: 'Star My KPIs' }).getAttribute('aria-pressed')).toBe(
      'false',
    );
    // Virtual groups can be starred but not renamed or deleted.
    expect(screen.queryByRole('button', { name: 'Rename My KPIs' })).toBeNull();
  });

  it('keeps the rows still while the pointer is on the list, then moves a new star up', async () => {
    serve();
    const user = userEvent.setup();
    renderPage();
    const star = await screen.findByRole('button', { name: 'Star Sales' });
    await user.click(star);
    await user.click(screen.getByRole('button', { name: 'Unstar Sales' }));
    await user.click(screen.getByRole('button', { name: 'Star Sales' }));
    expect(screen.getByRole('button', { name: 'Unstar Sales' })).toBe(star);
    expect(rowNames()).toEqual(['Ungrouped', 'Finance', 'My KPIs', 'Product', 'Sales']);

    await user.hover(screen.getByRole('heading', { name: 'Groups' }));
    await waitFor(() =>
      expect(rowNames()).toEqual(['Ungrouped', 'Finance', 'Sales', 'My KPIs', 'Product']),
    );
  });

  it('shows an error with a retry when the groups cannot be read', async () => {
    let fail = true;
    const calls = fakeApi((call) => {
      if (call.path === '/kpis/groups') {
        return fail ? problem(500, 'The database is down') : { body: page(GROUPS) };
      }
      if (call.path === '/users/kpi-virtual-group/favorite') return { body: { items: [] } };
      if (call.path === '/users/me') return { body: currentUser };
      return { body: page([], 0) };
    });
    renderPage();
    expect(await screen.findByText('The groups could not be loaded')).toBeTruthy();
    fail = false;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Sales' })).toBeTruthy();
    expect(calls.filter((c) => c.path === '/kpis/groups')).toHaveLength(2);
  });

  it('offers to create the first group when there is none', async () => {
    serve([]);
    const user = userEvent.setup();
    renderPage();
    expect(await screen.findByText('No groups yet')).toBeTruthy();
    expect(rowNames()).toEqual(['Ungrouped', 'My KPIs']);
    await user.click(screen.getByRole('button', { name: 'Create a group' }));
    expect(document.activeElement).toBe(screen.getByLabelText('New group'));
  });

  it('creates a group, with problems next to the field and the typing kept', async () => {
    const calls = serve(GROUPS, (call) =>
      call.method === 'POST' && (call.body as { name: string }).name === 'Taken'
        ? problem(400, 'body.name is invalid', [{ path: 'body.name', message: 'is invalid' }])
        : undefined,
    );
    const user = userEvent.setup();
    renderPage();
    const input = await screen.findByLabelText('New group');

    await user.click(screen.getByRole('button', { name: 'Create group' }));
    expect(screen.getByRole('alert').textContent).toBe('Enter a name for the group.');
    expect(input.getAttribute('aria-invalid')).toBe('true');

    await user.type(input, 'sales');
    await user.click(screen.getByRole('button', { name: 'Create group' }));
    expect(screen.getByRole('alert').textContent).toBe('There is already a group named “Sales”.');
    expect((input as HTMLInputElement).value).toBe('sales');

    await user.clear(input);
    await user.type(input, 'Taken{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('Name is invalid.');
    expect((input as HTMLInputElement).value).toBe('Taken');

    await user.clear(input);
    await user.type(input, 'Hiring{Enter}');
    // The new group is in the list, and the message links to it.
    await waitFor(() => expect(rowNames()).toContain('Hiring'));
    const links = screen.getAllByRole('link', { name: 'Hiring' });
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      `/groups/${'9'.repeat(24)}`,
      `/groups/${'9'.repeat(24)}`,
    ]);
    expect(screen.getByText(/Created/).textContent).toBe('Created Hiring. Open it to add KPIs.');
    expect((input as HTMLInputElement).value).toBe('');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { name: 'Taken' },
      { name: 'Hiring' },
    ]);
  });

  it('renames in place: Escape restores, Enter saves', async () => {
    const calls = serve();
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Rename Sales' }));
    const input = screen.getByRole('textbox', { name: 'New name for Sales' });
    expect(document.activeElement).toBe(input);

    await user.clear(input);
    await user.type(input, 'Revenue team{Escape}');
    expect(screen.queryByRole('textbox', { name: 'New name for Sales' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Sales' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Rename Sales' }));

    await user.click(screen.getByRole('button', { name: 'Rename Sales' }));
    const again = screen.getByRole('textbox', { name: 'New name for Sales' });
    expect((again as HTMLInputElement).value).toBe('Sales');
    await user.clear(again);
    await user.type(again, 'finance{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('There is already a group named “Finance”.');
    expect(again.getAttribute('aria-invalid')).toBe('true');
    expect((again as HTMLInputElement).value).toBe('finance');

    await user.clear(again);
    await user.type(again, 'Revenue team{Enter}');
    expect(await screen.findByRole('link', { name: 'Revenue team' })).toBeTruthy();
    expect(calls.filter((c) => c.method === 'PATCH')).toEqual([
      expect.objectContaining({ path: `/kpis/groups/${SALES}`, body: { name: 'Revenue team' } }),
    ]);
  });

  it('asks before deleting, says the KPIs stay, and removes the row', async () => {
    const calls = serve();
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Delete Sales' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete “Sales”?' });
    expect(dialog.textContent).toMatch(/Its 7 KPIs stay: they are only taken out of this group/);

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Delete Sales' }));
    await user.click(screen.getByRole('button', { name: 'Delete group' }));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Sales' })).toBeNull());
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual([
      `/kpis/groups/${SALES}`,
    ]);
    expect(screen.getByText('Deleted “Sales”; its KPIs stay.')).toBeTruthy();
  });
});
