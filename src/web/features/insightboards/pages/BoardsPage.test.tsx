// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dashboard } from '../../../../contract/dashboards.ts';
import { page } from '../../../testing/builders.ts';
import { fakeApi, problem, sent, type ApiAnswer, type ApiCall } from '../../../testing/fake-api.ts';
import { polyfillDialog, renderApp } from '../../../testing/render.tsx';
import { listedBoard, testLabel } from '../components/boards-list/fixtures.ts';
import { Component } from './BoardsPage.tsx';

beforeAll(polyfillDialog);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const leadership = testLabel('leadership', 'Leadership');
const weekly = testLabel('weekly-review', 'Weekly review');

const PERFORMANCE = listedBoard('5'.repeat(24), 'Performance report', {
  isReport: true,
  tag: 'performance-report',
  insightsCount: 5,
});
const PROCESS = listedBoard('6'.repeat(24), 'Process report', {
  isReport: true,
  tag: 'process-report',
});
const EXEC = listedBoard('1'.repeat(24), 'Executive overview', {
  tag: 'executive-overview',
  tags: [leadership, weekly],
  insightsCount: 11,
});
const SCRATCH = listedBoard('3'.repeat(24), 'Scratch pad', { tag: 'scratch' });
const OLD = listedBoard('4'.repeat(24), 'Old board', { tag: 'old', archived: true });

/**
 * A server holding the boards: lists filtered by `archived`, tag usages computed from the labels,
 * saves and deletes applied. `override` may answer a call first.
 */
function server(initial: Dashboard[], override: (call: ApiCall) => ApiAnswer | null = () => null) {
  let boards = [...initial];
  const calls = fakeApi((call) => {
    const answer = override(call);
    if (answer !== null) return answer;
    const id = call.path.split('/')[2];
    if (call.method === 'GET' && call.path === '/dashboards') {
      const archived = call.query.get('filter') === '{archived:true}';
      return { body: page(boards.filter((b) => b.archived === archived)) };
    }
    if (call.method === 'GET' && call.path === '/dashboards/tags/usages') {
      const labels = [...new Set(boards.flatMap((b) => b.tags.map((t) => t.name)))].sort();
      return {
        body: {
          items: labels.map((name) => {
            const ids = boards.filter((b) => b.tags.some((t) => t.name === name)).map((b) => b.id);
            const title = boards.flatMap((b) => b.tags).find((t) => t.name === name)!.title;
            return {
              tagName: name,
              tagTitle: title,
              dashboardsCount: ids.length,
              dashboardsIds: ids,
            };
          }),
        },
      };
    }
    if (call.method === 'GET' && call.path === '/dashboards/reports') {
      return { body: [PERFORMANCE, PROCESS].map(({ id, name }) => ({ id, name })) };
    }
    if (call.method === 'PUT') {
      const { tags, ...changes } = call.body as Partial<Dashboard>;
      const saved = {
        ...boards.find((b) => b.id === id)!,
        ...changes,
        ...(tags ? { tags: tags.map((t) => testLabel(t.name, t.title)) } : {}),
      };
      boards = boards.map((b) => (b.id === id ? saved : b));
      return { body: saved };
    }
    if (call.method === 'DELETE') {
      boards = boards.filter((b) => b.id !== id);
      return { status: 204 };
    }
    return undefined;
  });
  return calls;
}

const renderPage = (path = '/insightboards') => renderApp(<Component />, { path });

const sectionTitles = () =>
  screen
    .getAllByRole('region')
    .map((region) => within(region).getByRole('heading', { level: 2 }).firstChild?.textContent);

const linksIn = (title: string) =>
  within(screen.getByRole('region', { name: new RegExp(`^${title}`) }))
    .queryAllByRole('link')
    .map((link) => [link.textContent, link.getAttribute('href')]);

describe('BoardsPage', () => {
  it('groups boards by label, with the reports first and the archive behind a toggle', async () => {
    server([SCRATCH, PROCESS, EXEC, PERFORMANCE, OLD]);
    renderPage();

    await screen.findByRole('heading', { name: /^Reports/ });
    expect(sectionTitles()).toEqual(['Reports', 'Leadership', 'Weekly review', 'Other boards']);
    expect(linksIn('Reports')).toEqual([
      ['Performance report', '/insightboards/performance-report'],
      ['Process report', '/insightboards/process-report'],
    ]);
    expect(linksIn('Leadership')).toEqual([
      ['Executive overview', '/insightboards/executive-overview'],
    ]);
    expect(linksIn('Other boards')).toEqual([['Scratch pad', '/insightboards/scratch']]);
    expect(screen.getByText('2 boards · 2 reports')).toBeTruthy();
    expect(screen.queryByText('Old board')).toBeNull();

    const exec = within(screen.getByRole('region', { name: /^Leadership/ }))
      .getByRole('link', { name: 'Executive overview' })
      .closest('li')!;
    expect(exec.textContent).toContain('11 items · Updated 5 Mar 2026');
    expect(within(exec).getByRole('list', { name: 'Labels' }).textContent).toBe(
      'LeadershipWeekly review',
    );

    await screen.findByLabelText('Show archived (1)');
  });

  it('shows the archive on request and restores a board from it', async () => {
    const calls = server([SCRATCH, PERFORMANCE, OLD]);
    const user = userEvent.setup();
    const { router } = renderPage();

    await user.click(await screen.findByLabelText('Show archived (1)'));
    expect(router.state.location.search).toBe('?archived=1');
    expect(linksIn('Archived')).toEqual([['Old board', '/insightboards/old']]);

    await user.click(screen.getByRole('button', { name: 'Restore “Old board”' }));
    await screen.findByText('Restored “Old board”.');
    expect(sent(calls.find((c) => c.method === 'PUT')!)).toEqual({
      method: 'PUT',
      url: `/dashboards/${OLD.id}`,
      body: { name: 'Old board', archived: false },
    });
    await waitFor(() =>
      expect(linksIn('Other boards').map(([name]) => name)).toEqual(['Old board', 'Scratch pad']),
    );
    expect(screen.getByText(/No board is archived/)).toBeTruthy();
  });

  it('archives from the board’s menu, says so where focus is, and undoes', async () => {
    const calls = server([SCRATCH, PERFORMANCE]);
    const user = userEvent.setup();
    renderPage();

    await user.click(await screen.findByRole('button', { name: 'Actions for “Scratch pad”' }));
    await user.click(screen.getByRole('menuitem', { name: 'Archive' }));
    const notice = await screen.findByText('Archived “Scratch pad”.');
    expect(notice.parentElement).toBe(document.activeElement);
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Scratch pad' })).toBeNull());

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText('Restored “Scratch pad”.');
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
      { name: 'Scratch pad', archived: true },
      { name: 'Scratch pad', archived: false },
    ]);
    await screen.findByRole('link', { name: 'Scratch pad' });
  });

  it('offers reports only renaming and cloning', async () => {
    server([SCRATCH, PERFORMANCE]);
    const user = userEvent.setup();
    renderPage();

    await user.click(
      await screen.findByRole('button', { name: 'Actions for “Performance report”' }),
    );
    expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual([
      'Rename…',
      'Clone…',
    ]);
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Actions for “Scratch pad”' }));
    expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual([
      'Rename…',
      'Clone…',
      'Archive',
      'Delete…',
    ]);
  });

  it('deletes a board after confirmation', async () => {
    const calls = server([SCRATCH, PERFORMANCE]);
    const user = userEvent.setup();
    renderPage();

    await user.click(await screen.findByRole('button', { name: 'Actions for “Scratch pad”' }));
    await user.click(screen.getByRole('menuitem', { name: 'Delete…' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete “Scratch pad”?' });
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Delete board' }));

    await screen.findByText('Deleted “Scratch pad”.');
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual([
      `/dashboards/${SCRATCH.id}`,
    ]);
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Scratch pad' })).toBeNull());
  });

  it('renames a board and moves it under the labels typed', async () => {
    const calls = server([SCRATCH, EXEC, PERFORMANCE]);
    const user = userEvent.setup();
    renderPage();

    await user.click(await screen.findByRole('button', { name: 'Actions for “Scratch pad”' }));
    await user.click(screen.getByRole('menuitem', { name: 'Rename…' }));
    const dialog = screen.getByRole('dialog', { name: 'Rename “Scratch pad”' });
    const name = within(dialog).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Ideas');
    await user.type(within(dialog).getByLabelText('Labels'), 'LEADERSHIP');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    await screen.findByText('Saved “Ideas”.');
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      name: 'Ideas',
      tags: [{ name: 'leadership', title: 'Leadership' }],
    });
    await waitFor(() =>
      expect(linksIn('Leadership').map(([name]) => name)).toEqual(['Executive overview', 'Ideas']),
    );
    expect(screen.queryByRole('region', { name: /^Other boards/ })).toBeNull();
  });

  it('filters by the search in the URL and offers to clear it', async () => {
    server([SCRATCH, EXEC, PERFORMANCE]);
    const user = userEvent.setup();
    const { router } = renderPage('/insightboards?q=weekly');

    await screen.findAllByRole('link', { name: 'Executive overview' });
    expect(sectionTitles()).toEqual(['Leadership', 'Weekly review']);
    expect(screen.queryByRole('link', { name: 'Scratch pad' })).toBeNull();
    expect(screen.queryByRole('heading', { name: /^Reports/ })).toBeNull();

    const search = screen.getByLabelText('Search boards');
    await user.clear(search);
    await user.type(search, 'nothing like it');
    await screen.findByText('No board matches “nothing like it”');
    await user.click(screen.getByRole('button', { name: 'Clear the search' }));
    expect(router.state.location.search).toBe('');
    await screen.findByRole('link', { name: 'Scratch pad' });
  });

  it('asks for a first board when there are only the reports', async () => {
    server([PERFORMANCE, PROCESS]);
    const user = userEvent.setup();
    renderPage();

    await user.click(await screen.findByRole('button', { name: 'Create your first board' }));
    expect(screen.getByRole('dialog', { name: 'New insightboard' })).toBeTruthy();
    expect(sectionTitles()).toEqual(['Reports']);
  });

  it('shows a skeleton while loading, then a failure with a retry', async () => {
    let fail = true;
    server([SCRATCH, PERFORMANCE], (call) =>
      fail && call.url.startsWith('/dashboards?') ? problem(500, 'Database unavailable') : null,
    );
    const user = userEvent.setup();
    renderPage();

    expect(screen.getByText('Loading insightboards…').closest('[role="status"]')).toBeTruthy();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Database unavailable');
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    await screen.findByRole('link', { name: 'Scratch pad' });
  });
});
