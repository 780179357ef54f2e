// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { useGroups, useVirtualFavorites } from '../../../queries/shared.ts';
import { GroupStar, VirtualGroupStar } from '../components/StarButton.tsx';
import { page, testGroup } from '../../../testing/builders.ts';
import {
  deferred,
  fakeApi,
  problem,
  type ApiAnswer,
  type ApiCall,
} from '../../../testing/fake-api.ts';
import { renderApp } from '../../../testing/render.tsx';

const GROUP_ID = '5'.repeat(24);

afterEach(() => cleanup());

function Stars() {
  const groups = useGroups();
  const virtual = useVirtualFavorites();
  const ungrouped = virtual.data?.items.find((v) => v.virtualGroup === 'ungrouped');
  return (
    <>
      {groups.data?.items.map((group) => (
        <GroupStar key={group.id} group={group} />
      ))}
      {ungrouped && (
        <VirtualGroupStar virtualGroup="ungrouped" name="Ungrouped" favorite={ungrouped.favorite} />
      )}
    </>
  );
}

/**
 * A server holding one group's star and the Ungrouped star. Each star change waits until the
 * test lets it through, then answers `fail(call)` when that gives an answer. With
 * `holdRefetches`, reads after the first two wait until the test lets them through too, so what
 * the page shows after a failure can only come from its own rollback.
 */
function starServer(
  groupName: string,
  fail: (call: ApiCall) => ApiAnswer = () => undefined,
  { holdRefetches = false } = {},
) {
  let favorite = false;
  let virtualFavorite = false;
  let reads = 0;
  const gates: ReturnType<typeof deferred>[] = [];
  const refetches = deferred();
  const calls = fakeApi(async (call) => {
    if (call.method === 'GET') {
      if (holdRefetches && ++reads > 2) await refetches.promise;
      if (call.path === '/kpis/groups') {
        return { body: page([testGroup({ id: GROUP_ID, name: groupName, favorite })]) };
      }
      return {
        body: {
          items: [
            { virtualGroup: 'mykpis', favorite: false },
            { virtualGroup: 'ungrouped', favorite: virtualFavorite },
          ],
        },
      };
    }
    const gate = deferred();
    gates.push(gate);
    await gate.promise;
    const failure = fail(call);
    if (failure) return failure;
    if (call.path === `/kpis/groups/${GROUP_ID}/favorite`) {
      favorite = call.method === 'PUT';
      return { body: testGroup({ id: GROUP_ID, name: groupName, favorite }) };
    }
    virtualFavorite = (call.body as { favorite: boolean }).favorite;
    return { body: { items: [{ virtualGroup: 'ungrouped', favorite: virtualFavorite }] } };
  });
  return {
    calls,
    changes: () => calls.filter((c) => c.method !== 'GET').map((c) => c.method),
    groupReads: () => calls.filter((c) => c.method === 'GET' && c.path === '/kpis/groups').length,
    /** Lets the `index`-th star change through, once it has reached the server. */
    release: async (index: number) => {
      await waitFor(() => expect(gates.length).toBeGreaterThan(index));
      gates[index]!.resolve();
    },
    releaseRefetches: () => refetches.resolve(),
    favorite: () => favorite,
    virtualFavorite: () => virtualFavorite,
  };
}

/** Every value aria-pressed takes on the button, in order. */
function watchPressed(button: HTMLElement): string[] {
  const seen = [button.getAttribute('aria-pressed') ?? ''];
  new MutationObserver(() => {
    const now = button.getAttribute('aria-pressed') ?? '';
    if (now !== seen[seen.length - 1]) seen.push(now);
  }).observe(button, { attributes: true, attributeFilter: ['aria-pressed'] });
  return seen;
}

describe('group stars', () => {
  it('shows each click at once and ends in the state of the last click, without flicker', async () => {
    const server = starServer('Sales');
    const user = userEvent.setup();
    renderApp(<Stars />, { toaster: true });
    const star = await screen.findByRole('button', { name: 'Star Sales' });
    const seen = watchPressed(star);

    await user.click(star);
    expect(star.getAttribute('aria-pressed')).toBe('true');
    expect(star.getAttribute('aria-label')).toBe('Unstar Sales');
    await user.click(star);
    expect(star.getAttribute('aria-pressed')).toBe('false');
    await user.click(star);
    expect(star.getAttribute('aria-pressed')).toBe('true');

    // One star's changes reach the server one after another, in click order.
    await waitFor(() => expect(server.changes()).toEqual(['PUT']));
    await server.release(0);
    await waitFor(() => expect(server.changes()).toEqual(['PUT', 'DELETE']));
    await server.release(1);
    await server.release(2);
    await waitFor(() => expect(server.groupReads()).toBe(2));
    expect(server.changes()).toEqual(['PUT', 'DELETE', 'PUT']);
    expect(server.favorite()).toBe(true);
    // Read on load and once after the last change, never in between: the star never flipped back.
    expect(star.getAttribute('aria-pressed')).toBe('true');
    expect(seen).toEqual(['false', 'true', 'false', 'true']);
  });

  it('counts a second click that lands before the screen caught up as a second toggle', async () => {
    const server = starServer('Legal');
    renderApp(<Stars />, { toaster: true });
    const star = await screen.findByRole('button', { name: 'Star Legal' });

    // Both clicks in one task: the star on screen still shows the state before the first.
    fireEvent.click(star);
    fireEvent.click(star);
    await server.release(0);
    await server.release(1);
    await waitFor(() => expect(server.groupReads()).toBe(2));
    expect(server.changes()).toEqual(['PUT', 'DELETE']);
    expect(server.favorite()).toBe(false);
    expect(star.getAttribute('aria-pressed')).toBe('false');
  });

  it('puts the star back and says why when the server refuses', async () => {
    const server = starServer('Finance', () => problem(500, 'The database is busy'), {
      holdRefetches: true,
    });
    const user = userEvent.setup();
    renderApp(<Stars />, { toaster: true });
    const star = await screen.findByRole('button', { name: 'Star Finance' });

    await user.click(star);
    expect(star.getAttribute('aria-pressed')).toBe('true');
    await server.release(0);

    await waitFor(() => expect(star.getAttribute('aria-pressed')).toBe('false'));
    expect(star.getAttribute('aria-label')).toBe('Star Finance');
    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getByText(/“Finance” could not be starred: The database is busy/),
    ).toBeTruthy();
    // The refetch after the failure is held back: the rollback alone restored the star.
    await waitFor(() => expect(server.groupReads()).toBe(2));
    expect(star.getAttribute('aria-pressed')).toBe('false');
    server.releaseRefetches();
    await waitFor(() => expect(star.getAttribute('aria-pressed')).toBe('false'));
  });

  it('keeps the later clicks when an earlier one fails', async () => {
    const server = starServer(
      'Hiring',
      (call) =>
        call.method === 'DELETE' && server.changes().length === 2
          ? problem(503, 'Try again later')
          : undefined,
      { holdRefetches: true },
    );
    const user = userEvent.setup();
    renderApp(<Stars />, { toaster: true });
    const star = await screen.findByRole('button', { name: 'Star Hiring' });

    await user.click(star); // star
    await user.click(star); // unstar: refused
    await user.click(star); // star
    await user.click(star); // unstar
    expect(star.getAttribute('aria-pressed')).toBe('false');
    await server.release(0);
    await server.release(1);
    expect(
      await screen.findByText(/“Hiring” could not be unstarred: Try again later/),
    ).toBeTruthy();
    // Putting back what the refused click replaced would contradict the last click.
    expect(star.getAttribute('aria-pressed')).toBe('false');
    await server.release(2);
    await server.release(3);
    await waitFor(() => expect(server.groupReads()).toBe(2));
    expect(server.changes()).toEqual(['PUT', 'DELETE', 'PUT', 'DELETE']);
    expect(server.favorite()).toBe(false);
    expect(star.getAttribute('aria-pressed')).toBe('false');
    server.releaseRefetches();
  });
});

describe('virtual group stars', () => {
  it('toggles at once and sends the virtual group with each new state, in order', async () => {
    const server = starServer('Sales');
    const user = userEvent.setup();
    renderApp(<Stars />, { toaster: true });
    const star = await screen.findByRole('button', { name: 'Star Ungrouped' });

    await user.click(star);
    expect(star.getAttribute('aria-pressed')).toBe('true');
    await user.click(star);
    expect(star.getAttribute('aria-pressed')).toBe('false');
    await server.release(0);
    await server.release(1);
    await waitFor(() =>
      expect(
        server.calls.filter((c) => c.method === 'GET' && c.path.startsWith('/users')),
      ).toHaveLength(2),
    );
    const sent = server.calls.filter((c) => c.method === 'PUT').map((c) => c.body);
    expect(sent).toEqual([
      { virtualGroup: 'ungrouped', favorite: true },
      { virtualGroup: 'ungrouped', favorite: false },
    ]);
    expect(server.virtualFavorite()).toBe(false);
    expect(star.getAttribute('aria-pressed')).toBe('false');
  });

  it('rolls a refused virtual star back with a message', async () => {
    const server = starServer('Sales', () => problem(500, 'Favorites are read-only'), {
      holdRefetches: true,
    });
    const user = userEvent.setup();
    renderApp(<Stars />, { toaster: true });
    const star = await screen.findByRole('button', { name: 'Star Ungrouped' });

    await user.click(star);
    expect(star.getAttribute('aria-pressed')).toBe('true');
    await server.release(0);
    await waitFor(() => expect(star.getAttribute('aria-pressed')).toBe('false'));
    expect(
      await screen.findByText(/“Ungrouped” could not be starred: Favorites are read-only/),
    ).toBeTruthy();
    server.releaseRefetches();
  });
});
