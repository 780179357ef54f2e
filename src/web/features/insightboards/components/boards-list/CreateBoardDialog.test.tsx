// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeApi, problem } from '../../../../testing/fake-api.ts';
import { polyfillDialog, renderApp } from '../../../../testing/render.tsx';
import { CreateBoardDialog } from './CreateBoardDialog.tsx';
import { listedBoard } from './fixtures.ts';

beforeAll(polyfillDialog);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const KNOWN = [{ name: 'sales', title: 'Sales' }];
const TAKEN = problem(409, 'The tag sales is already used by another insightboard', [
  { path: 'body.tag', message: 'sales is already taken' },
]);

/** The message an input points at with aria-describedby: what a screen reader reads with it. */
const describedBy = (input: HTMLElement) =>
  (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .flatMap((id) => document.getElementById(id)?.textContent ?? [])
    .join(' ');

function renderDialog(onClose = vi.fn()) {
  const view = renderApp(
    <CreateBoardDialog
      knownLabels={KNOWN}
      tagOwner={(tag) => (tag === 'sales' ? 'Sales pipeline' : undefined)}
      onClose={onClose}
    />,
    { path: '/insightboards' },
  );
  return {
    ...view,
    name: screen.getByLabelText('Name'),
    tag: screen.getByLabelText(/^Tag/),
    labels: screen.getByLabelText(/^Labels/),
  };
}

describe('CreateBoardDialog', () => {
  it('shows a taken tag next to the tag field, keeps the typing, then creates and opens the board', async () => {
    const calls = fakeApi((call) => {
      if (call.method !== 'POST' || call.url !== '/dashboards') return undefined;
      const body = call.body as { name: string; tag: string };
      if (body.tag === 'sales') return TAKEN;
      return { status: 201, body: listedBoard('7'.repeat(24), body.name, { tag: body.tag }) };
    });
    const user = userEvent.setup();
    const { router, name, tag, labels } = renderDialog();

    await user.type(name, 'Pipeline, EMEA');
    await user.type(tag, 'sales');
    await user.type(labels, 'sales, Growth');
    await user.click(screen.getByRole('button', { name: 'Create board' }));

    await screen.findByText('“sales” is already the tag of “Sales pipeline”. Choose another.');
    expect(tag.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(tag)).toBe(
      '“sales” is already the tag of “Sales pipeline”. Choose another.',
    );
    expect(name.getAttribute('aria-invalid')).toBe('false');
    expect(document.activeElement).toBe(tag);
    expect([(name as HTMLInputElement).value, (tag as HTMLInputElement).value]).toEqual([
      'Pipeline, EMEA',
      'sales',
    ]);
    expect((labels as HTMLInputElement).value).toBe('sales, Growth');
    expect(router.state.location.pathname).toBe('/insightboards');
    expect(calls[0]?.body).toEqual({
      name: 'Pipeline, EMEA',
      tag: 'sales',
      tags: [
        { name: 'sales', title: 'Sales' },
        { name: 'growth', title: 'Growth' },
      ],
    });

    await user.type(tag, '-emea');
    expect(tag.getAttribute('aria-invalid')).toBe('false');
    await user.click(screen.getByRole('button', { name: 'Create board' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/insightboards/sales-emea'));
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2);
  });

  it('names no board when the page does not know which one has the tag', async () => {
    fakeApi(() => TAKEN);
    const user = userEvent.setup();
    const { name, tag } = renderDialog();
    await user.type(name, 'Pipeline');
    await user.type(tag, 'archived-one');
    await user.click(screen.getByRole('button', { name: 'Create board' }));
    await screen.findByText('“archived-one” is already used by another board. Choose another.');
  });

  it('checks the fields before asking the server, with the errors next to them', async () => {
    const calls = fakeApi(() => undefined);
    const user = userEvent.setup();
    const { name, tag } = renderDialog();
    await user.type(tag, 'Q3 Plan');
    await user.click(screen.getByRole('button', { name: 'Create board' }));

    expect(describedBy(name)).toBe('Enter a name.');
    expect(describedBy(tag)).toMatch(/no capitals/);
    expect(document.activeElement).toBe(name);
    expect(calls).toHaveLength(0);
  });

  it('lets the server make up a tag when none is typed', async () => {
    const calls = fakeApi((call) =>
      call.method === 'POST'
        ? { status: 201, body: listedBoard('7'.repeat(24), 'Q3', { tag: 'x7k2m9' }) }
        : undefined,
    );
    const user = userEvent.setup();
    const { router, name } = renderDialog();
    await user.type(name, 'Q3');
    await user.click(screen.getByRole('button', { name: 'Create board' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/insightboards/x7k2m9'));
    expect(calls[0]?.body).toEqual({ name: 'Q3' });
  });

  it('closes on Cancel without a request', async () => {
    const calls = fakeApi(() => undefined);
    const onClose = vi.fn();
    renderDialog(onClose);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledOnce();
    expect(calls).toHaveLength(0);
  });
});
