// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Kpi } from '../../../../contract/kpis.ts';
import { page, testGroup, testKpi } from '../../../testing/builders.ts';
import { fakeApi, problem, type ApiAnswer, type ApiCall } from '../../../testing/fake-api.ts';
import { polyfillDialog, renderApp } from '../../../testing/render.tsx';
import { Component } from './GroupPage.tsx';

const SALES = '5'.repeat(24);
const REVENUE = '1'.repeat(24);
const CHURN = '2'.repeat(24);
const LEADS = '3'.repeat(24);
const REFUNDS = '4'.repeat(24);

beforeAll(polyfillDialog);
afterEach(() => cleanup());

type Filter = {
  groups?: string | { $ne: string };
  $and?: [{ name: { $regex: string } }, { groups: { $ne: string } }];
};

/** A server holding one group and its KPIs' memberships; `refuse` may answer a request first. */
function serve(refuse: (call: ApiCall) => ApiAnswer = () => undefined) {
  let kpis: Kpi[] = [
    testKpi({ id: REVENUE, name: 'Revenue', groups: [SALES] }),
    testKpi({ id: CHURN, name: 'Churn' }),
    testKpi({ id: LEADS, name: 'Qualified leads' }),
    testKpi({ id: REFUNDS, name: 'Refund rate' }),
  ];
  const group = () =>
    testGroup({
      id: SALES,
      name: 'Sales',
      kpisCount: kpis.filter((k) => k.groups.includes(SALES)).length,
    });
  const calls = fakeApi((call) => {
    const refusal = refuse(call);
    if (refusal) return refusal;
    if (call.path === `/kpis/groups/${SALES}`) return { body: group() };
    if (call.path === '/kpis/groups') return { body: page([group()]) };
    if (call.method === 'GET' && call.path === '/kpis') {
      const filter = JSON.parse(call.query.get('filter') ?? '{}') as Filter;
      const inGroup = (k: Kpi) => k.groups.includes(SALES);
      let found = kpis;
      if (typeof filter.groups === 'string') found = kpis.filter(inGroup);
      else if (filter.groups) found = kpis.filter((k) => !inGroup(k));
      else if (filter.$and) {
        const pattern = new RegExp(filter.$and[0].name.$regex, 'i');
        found = kpis.filter((k) => !inGroup(k) && pattern.test(k.name));
      }
      return { body: page(found) };
    }
    const member = /^\/kpis\/(\w+)\/groups\/(\w+)$/.exec(call.path);
    if (member) {
      const [, kpiId] = member;
      kpis = kpis.map((k) =>
        k.id !== kpiId
          ? k
          : {
              ...k,
              groups:
                call.method === 'PUT'
                  ? [...k.groups, SALES]
                  : k.groups.filter((id) => id !== SALES),
            },
      );
      return { body: kpis.find((k) => k.id === kpiId) };
    }
    return undefined;
  });
  return calls;
}

const renderPage = (path = `/groups/${SALES}`) =>
  renderApp(
    {
      routes: [
        { path: '/groups/:groupId', element: <Component /> },
        { path: '/groups', element: <p>All groups</p> },
        { path: '/kpis/:kpiId', element: <p>A KPI</p> },
      ],
    },
    { path, toaster: true },
  );

const members = () =>
  within(screen.getByRole('list', { name: 'KPIs in Sales' }))
    .getAllByRole('link')
    .map((link) => link.textContent);

describe('GroupPage', () => {
  it('says when the group does not exist', async () => {
    const calls = fakeApi(() => problem(404, 'KPI group not found'));
    renderPage();
    expect(await screen.findByRole('heading', { name: 'Group not found' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'See all groups' }).getAttribute('href')).toBe(
      '/groups',
    );
    expect(calls.some((c) => c.path === `/kpis/groups/${SALES}`)).toBe(true);
  });

  it('does not ask the server about a malformed id', async () => {
    const calls = fakeApi(() => undefined);
    renderPage('/groups/mykpis');
    expect(await screen.findByRole('heading', { name: 'Group not found' })).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it('lists the group’s KPIs and takes one out', async () => {
    const calls = serve();
    const user = userEvent.setup();
    renderPage();
    expect(await screen.findByRole('heading', { level: 1, name: 'Sales' })).toBeTruthy();
    await waitFor(() => expect(members()).toEqual(['Revenue']));
    expect(screen.getByRole('link', { name: 'Revenue' }).getAttribute('href')).toBe(
      `/kpis/${REVENUE}`,
    );
    expect(screen.getByText(/^1 KPI/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Remove Revenue from Sales' }));
    expect(await screen.findByText('No KPIs in Sales yet')).toBeTruthy();
    expect(screen.getByText(/^0 KPIs/)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual([
      `/kpis/${REVENUE}/groups/${SALES}`,
    ]);
  });

  it('renames the group in its heading and deletes it after asking', async () => {
    const calls = serve((call) => {
      if (call.method === 'PATCH') {
        return {
          body: testGroup({ id: SALES, name: (call.body as { name: string }).name, kpisCount: 1 }),
        };
      }
      if (call.method === 'DELETE' && call.path === `/kpis/groups/${SALES}`) {
        return { body: testGroup({ id: SALES, name: 'Sales' }) };
      }
      return undefined;
    });
    const user = userEvent.setup();
    const { router } = renderPage();
    await user.click(await screen.findByRole('button', { name: 'Rename Sales' }));
    const input = screen.getByRole('textbox', { name: 'New name for Sales' });
    await user.clear(input);
    await user.type(input, '{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('Enter a name for the group.');
    await user.type(input, 'Revenue{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'Revenue' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Delete group' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete “Revenue”?' });
    expect(dialog.textContent).toMatch(/Its one KPI stays: it is only taken out of this group/);
    await user.click(within(dialog).getByRole('button', { name: 'Delete group' }));
    expect(await screen.findByText('All groups')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/groups');
    expect(router.state.location.state).toEqual({ notice: 'Deleted “Revenue”; its KPIs stay.' });
    expect(calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`)).toEqual([
      `PATCH /kpis/groups/${SALES}`,
      `DELETE /kpis/groups/${SALES}`,
    ]);
  });

  it('picks KPIs outside the group with the keyboard and adds them all', async () => {
    const calls = serve();
    const user = userEvent.setup();
    renderPage();
    const search = await screen.findByRole('combobox', { name: 'Find KPIs to add' });
    await waitFor(() => expect(members()).toEqual(['Revenue']));

    await user.click(search);
    const listbox = await screen.findByRole('listbox', { name: 'KPIs outside Sales' });
    await waitFor(() =>
      expect(
        within(listbox)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['Churn', 'Qualified leads', 'Refund rate']),
    );
    await user.keyboard('{ArrowDown}{Enter}');
    expect(
      within(listbox)
        .getByRole('option', { name: 'Qualified leads' })
        .getAttribute('aria-selected'),
    ).toBe('true');

    await user.type(search, 'ref');
    await waitFor(() =>
      expect(
        within(listbox)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['Refund rate']),
    );
    await user.keyboard('{Enter}{Escape}');
    expect(search.getAttribute('aria-expanded')).toBe('false');
    const chips = screen.getByRole('list', { name: 'Selected KPIs' });
    expect(
      within(chips)
        .getAllByRole('listitem')
        .map((c) => c.textContent),
    ).toEqual(['Qualified leads', 'Refund rate']);
    const searched = calls.find((c) => c.query.get('filter')?.includes('$regex'));
    expect(JSON.parse(searched!.query.get('filter')!)).toEqual({
      $and: [{ name: { $regex: 'ref', $options: 'i' } }, { groups: { $ne: SALES } }],
    });

    await user.click(screen.getByRole('button', { name: 'Add 2 KPIs' }));
    expect(await screen.findByText('Added 2 KPIs to Sales.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.path)).toEqual([
      `/kpis/${LEADS}/groups/${SALES}`,
      `/kpis/${REFUNDS}/groups/${SALES}`,
    ]);
    await waitFor(() => expect(members()).toEqual(['Revenue', 'Qualified leads', 'Refund rate']));
    expect(screen.getByText(/^3 KPIs/)).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Selected KPIs' })).toBeNull();
  });

  it('drops the last chip with Backspace and keeps the ones that could not be added', async () => {
    serve((call) =>
      call.method === 'PUT' && call.path.startsWith(`/kpis/${CHURN}`)
        ? problem(400, 'A KPI is in at most 100 groups')
        : undefined,
    );
    const user = userEvent.setup();
    renderPage();
    const search = await screen.findByRole('combobox', { name: 'Find KPIs to add' });
    await user.click(search);
    await screen.findByRole('option', { name: 'Churn' });
    await user.keyboard('{Enter}{ArrowDown}{Enter}{ArrowDown}{Enter}{Backspace}');
    const chips = screen.getByRole('list', { name: 'Selected KPIs' });
    expect(
      within(chips)
        .getAllByRole('listitem')
        .map((c) => c.textContent),
    ).toEqual(['Churn', 'Qualified leads']);

    await user.click(screen.getByRole('button', { name: 'Add 2 KPIs' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Added 1 KPI. 1 KPI could not be added: Churn (A KPI is in at most 100 groups). They are still selected; try again.',
    );
    expect(
      within(screen.getByRole('list', { name: 'Selected KPIs' })).getByText('Churn'),
    ).toBeTruthy();
    await waitFor(() => expect(members()).toEqual(['Revenue', 'Qualified leads']));
  });
});
