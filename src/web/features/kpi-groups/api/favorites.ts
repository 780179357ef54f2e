import {
  useMutation,
  useQueryClient,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { setKpiGroupFavorite } from '../../../../client/kpi-groups.ts';
import { setVirtualGroupFavorite } from '../../../../client/kpis.ts';
import type { KpiGroup } from '../../../../contract/kpi-groups.ts';
import type { VirtualGroup, VirtualGroupFavorites } from '../../../../contract/kpis.ts';
import { getApi } from '../../../lib/session.ts';
import { showToast } from '../../../lib/toasts.ts';
import { groupKeys } from '../../../queries/keys.ts';

/** Every star toggle, of a group or a virtual group: the caches refresh once the last one ends. */
export const favoriteMutationKey = [...groupKeys.all, 'favorite'] as const;

/** Writes a group's star into every cached read of the group. */
export function writeGroupFavorite(client: QueryClient, groupId: string, favorite: boolean) {
  client.setQueriesData<{ items: KpiGroup[] }>({ queryKey: groupKeys.lists() }, (page) =>
    page?.items
      ? { ...page, items: page.items.map((g) => (g.id === groupId ? { ...g, favorite } : g)) }
      : page,
  );
  client.setQueryData<KpiGroup>(groupKeys.detail(groupId), (group) =>
    group ? { ...group, favorite } : group,
  );
}

export function writeVirtualFavorite(
  client: QueryClient,
  virtualGroup: VirtualGroup,
  favorite: boolean,
) {
  client.setQueryData<VirtualGroupFavorites>(groupKeys.virtualFavorites(), (state) => {
    if (!state) return state;
    const known = state.items.some((item) => item.virtualGroup === virtualGroup);
    return {
      ...state,
      items: known
        ? state.items.map((item) =>
            item.virtualGroup === virtualGroup ? { ...item, favorite } : item,
          )
        : [...state.items, { virtualGroup, favorite }],
    };
  });
}

interface StarTarget {
  /** One queue per star: its toggles reach the server in click order. */
  scope: string;
  /** Shown in the message when a toggle fails. */
  name: string;
  /** The reads the toggle writes into; their in-flight fetches would overwrite it. */
  queryKeys: readonly QueryKey[];
  write: (client: QueryClient, favorite: boolean) => void;
  send: (favorite: boolean) => Promise<unknown>;
}

/**
 * An optimistic star. The click shows at once; a failed toggle puts the star back (unless a
 * later click on it already changed it again) and says so; the reads are refetched only when no
 * other toggle is still running, so fast clicks never make the star flicker back.
 *
 * Returns `toggle(shown)`: `shown` is the star as on screen. A click that lands before the screen
 * caught up with the previous one (a double click) toggles what that one asked for instead.
 */
function useStarToggle(target: StarTarget) {
  const client = useQueryClient();
  const pendingInScope = () =>
    client.getMutationCache().findAll({
      mutationKey: favoriteMutationKey,
      status: 'pending',
      predicate: (mutation) => mutation.options.scope?.id === target.scope,
    });
  const mutation = useMutation({
    mutationKey: favoriteMutationKey,
    scope: { id: target.scope },
    mutationFn: (favorite: boolean) => target.send(favorite),
    onMutate: async (favorite) => {
      await Promise.all(target.queryKeys.map((queryKey) => client.cancelQueries({ queryKey })));
      target.write(client, favorite);
    },
    onError: (error, favorite) => {
      if (pendingInScope().length === 1) target.write(client, !favorite);
      showToast({
        tone: 'error',
        message: `“${target.name}” could not be ${favorite ? 'starred' : 'unstarred'}: ${error.message}`,
      });
    },
    onSettled: () => {
      if (client.isMutating({ mutationKey: favoriteMutationKey }) === 1) {
        void client.invalidateQueries({ queryKey: groupKeys.all });
      }
    },
  });
  return (shown: boolean) => {
    const latest = pendingInScope().at(-1)?.state.variables as boolean | undefined;
    mutation.mutate(!(latest ?? shown));
  };
}

/** `toggle(shown)` stars or unstars the group for the current user. */
export function useGroupFavorite(group: Pick<KpiGroup, 'id' | 'name'>) {
  return useStarToggle({
    scope: `group-favorite:${group.id}`,
    name: group.name,
    queryKeys: [groupKeys.lists(), groupKeys.detail(group.id)],
    write: (client, favorite) => writeGroupFavorite(client, group.id, favorite),
    send: (favorite) => setKpiGroupFavorite(getApi(), group.id, favorite),
  });
}

export function useVirtualGroupFavorite(virtualGroup: VirtualGroup, name: string) {
  return useStarToggle({
    scope: `virtual-favorite:${virtualGroup}`,
    name,
    queryKeys: [groupKeys.virtualFavorites()],
    write: (client, favorite) => writeVirtualFavorite(client, virtualGroup, favorite),
    send: (favorite) => setVirtualGroupFavorite(getApi(), virtualGroup, favorite),
  });
}
