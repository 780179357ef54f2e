// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeApi, problem } from '../../../../testing/fake-api.ts';
import { polyfillDialog, renderApp } from '../../../../testing/render.tsx';
import { CloneBoardDialog } from './CloneBoardDialog.tsx';
import { listedBoard } from './fixtures.ts';

beforeAll(polyfillDialog);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const EXEC = listedBoard('1'.repeat(24), 'Executive overview', { tag: 'executive-overview' });

function renderDialog() {
  const view = renderApp(
    <CloneBoardDialog
      board={EXEC}
      suggestedTag="executive-overview-copy"
      tagOwner={(tag) => (tag === 'sales-pipeline' ? 'Sales pipeline' : undefined)}
      onClose={vi.fn()}
    />,
    { path: '/insightboards' },
  );
  return { ...view, tag: screen.getByLabelText('Tag of the copy') as HTMLInputElement };
}

describe('CloneBoardDialog', () => {
  it('shows a taken tag next to the field, keeps the typing, then opens the copy', async () => {
    const calls = fakeApi((call) => {
      if (call.method !== 'POST' || call.url !== `/dashboards/${EXEC.id}/clone`) return undefined;
      const { tag } = call.body as { tag: string };
      if (tag === 'sales-pipeline')
        return problem(409, `The tag ${tag} is already used by another insightboard`, [
          { path: 'body.tag', message: `${tag} is already taken` },
        ]);
      return {
        status: 201,
        body: listedBoard('8'.repeat(24), 'Executive overview (copy)', { tag }),
      };
    });
    const user = userEvent.setup();
    const { router, tag } = renderDialog();

    expect(tag.value).toBe('executive-overview-copy');
    await user.clear(tag);
    await user.type(tag, 'sales-pipeline{Enter}');

    const message = '“sales-pipeline” is already the tag of “Sales pipeline”. Choose another.';
    await screen.findByText(message);
    expect(tag.getAttribute('aria-invalid')).toBe('true');
    const describedBy = tag.getAttribute('aria-describedby')?.split(' ') ?? [];
    expect(describedBy.map((id) => document.getElementById(id)?.textContent)).toContain(message);
    expect(tag.value).toBe('sales-pipeline');
    expect(document.activeElement).toBe(tag);
    expect(router.state.location.pathname).toBe('/insightboards');
    expect(calls[0]?.body).toEqual({ tag: 'sales-pipeline' });

    await user.type(tag, '-2');
    expect(screen.queryByText(message)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Clone board' }));
    await waitFor(() =>
      expect(router.state.location.pathname).toBe('/insightboards/sales-pipeline-2'),
    );
    expect(calls.map((c) => (c.body as { tag: string }).tag)).toEqual([
      'sales-pipeline',
      'sales-pipeline-2',
    ]);
  });

  it('requires a valid tag before asking the server', async () => {
    const calls = fakeApi(() => undefined);
    const user = userEvent.setup();
    const { tag } = renderDialog();
    await user.clear(tag);
    await user.click(screen.getByRole('button', { name: 'Clone board' }));
    expect(await screen.findByText('Enter a tag.')).toBeTruthy();
    await user.type(tag, 'Copy 1{Enter}');
    expect(await screen.findByText(/no capitals/)).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it('shows a failure that is not the tag’s below the field', async () => {
    fakeApi(() => problem(404, 'Insightboard not found'));
    const user = userEvent.setup();
    renderDialog();
    await user.click(screen.getByRole('button', { name: 'Clone board' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/no longer exists/);
  });
});
