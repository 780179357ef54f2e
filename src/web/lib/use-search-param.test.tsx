// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { useSearchParam } from './use-search-param.ts';

afterEach(cleanup);

function Box() {
  const [archived, setArchived] = useSearchParam('archived');
  return (
    <label>
      <input
        type="checkbox"
        checked={archived === '1'}
        onChange={(event) => setArchived(event.target.checked ? '1' : '')}
      />
      Show archived
    </label>
  );
}

describe('useSearchParam', () => {
  it('shows the chosen value at once, while the navigation waits for the loader', async () => {
    let release!: () => void;
    const loaderDone = new Promise<void>((resolve) => (release = resolve));
    const router = createMemoryRouter(
      [{ path: '/', element: <Box />, loader: () => loaderDone.then(() => null) }],
      { initialEntries: ['/'] },
    );
    release();
    render(<RouterProvider router={router} />);
    const box = await screen.findByRole('checkbox', { name: 'Show archived' });

    let hold!: () => void;
    const held = new Promise<void>((resolve) => (hold = resolve));
    router.routes[0]!.loader = () => held.then(() => null);
    await userEvent.click(box);
    expect((box as HTMLInputElement).checked).toBe(true);
    expect(router.state.location.search).toBe('');

    await act(async () => hold());
    expect(router.state.location.search).toBe('?archived=1');
    expect((box as HTMLInputElement).checked).toBe(true);

    await userEvent.click(box);
    expect((box as HTMLInputElement).checked).toBe(false);
    expect(router.state.location.search).toBe('');
  });
});
