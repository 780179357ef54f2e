import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../../client/http.ts';
import { createKpiGroup, deleteKpiGroup, renameKpiGroup } from '../../../../client/kpi-groups.ts';
import { addKpiToGroup, removeKpiFromGroup } from '../../../../client/kpis.ts';
import type { KpiGroup } from '../../../../contract/kpi-groups.ts';
import type { Kpi } from '../../../../contract/kpis.ts';
import { getApi } from '../../../lib/session.ts';
import { groupKeys, kpiKeys } from '../../../queries/keys.ts';
import { groupsQuery } from '../../../queries/shared.ts';
import { favoriteMutationKey } from './favorites.ts';

type GroupPage = { items: KpiGroup[]; count: number; totalCount: number };

/** The group as answered, in its own entry and in the list of all groups. */
function writeGroup(client: QueryClient, group: KpiGroup) {
  client.setQueryData(groupKeys.detail(group.id), group);
  client.setQueryData<GroupPage>(groupsQuery().queryKey, (page) => {
    if (!page) return page;
    const known = page.items.some((g) => g.id === group.id);
    return known
      ? { ...page, items: page.items.map((g) => (g.id === group.id ? group : g)) }
      : { ...page, items: [...page.items, group], totalCount: page.totalCount + 1 };
  });
}

/** Group reads refetched, unless a star toggle is running: its own refetch comes at its end. */
function refreshGroups(client: QueryClient) {
  if (client.isMutating({ mutationKey: favoriteMutationKey }) > 0) return Promise.resolve();
  return client.invalidateQueries({ queryKey: groupKeys.all });
}

/**
 * After KPIs joined or left a group: their details from the answers; KPI lists, counts and
 * filtered reads refetched. Lists not on screen are dropped rather than kept stale, so the KPI
 * list filtered by a group never shows the old members first.
 */
function membershipChanged(client: QueryClient, kpis: readonly Kpi[]) {
  for (const kpi of kpis) client.setQueryData(kpiKeys.detail(kpi.id), kpi);
  client.removeQueries({ queryKey: kpiKeys.lists(), type: 'inactive' });
  return Promise.all([
    client.invalidateQueries({ queryKey: kpiKeys.lists() }),
    client.invalidateQueries({ queryKey: kpiKeys.snapshotGroups() }),
    refreshGroups(client),
  ]);
}

export function useCreateGroup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => createKpiGroup(getApi(), name.trim()),
    onSuccess: (group) => {
      writeGroup(client, group);
      void client.invalidateQueries({ queryKey: groupKeys.lists() });
    },
  });
}

export function useRenameGroup(groupId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => renameKpiGroup(getApi(), groupId, name.trim()),
    onSuccess: (group) => {
      writeGroup(client, group);
      void client.invalidateQueries({ queryKey: groupKeys.lists() });
    },
  });
}

/** Deletes the group; its KPIs stay and lose the group's id, so every KPI read is refreshed. */
export function useDeleteGroup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (groupId: string) => deleteKpiGroup(getApi(), groupId),
    onSuccess: (_group, groupId) => {
      client.setQueryData<GroupPage>(groupsQuery().queryKey, (page) =>
        page
          ? {
              ...page,
              items: page.items.filter((g) => g.id !== groupId),
              totalCount: page.totalCount - 1,
            }
          : page,
      );
      // A page showing the group still renders it until it navigates away (in this same tick);
      // removing its entry afterwards keeps it from being fetched again for a 404.
      setTimeout(() => client.removeQueries({ queryKey: groupKeys.detail(groupId) }), 0);
      client.removeQueries({ queryKey: kpiKeys.lists(), type: 'inactive' });
      void client.invalidateQueries({ queryKey: groupKeys.lists() });
      void client.invalidateQueries({ queryKey: kpiKeys.all });
    },
    // Deleted elsewhere in the meantime: the lists should stop showing it.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 404) {
        void client.invalidateQueries({ queryKey: groupKeys.lists() });
      }
    },
  });
}

/** Runs `task` on every item, at most `limit` at a time, and reports each outcome. */
async function settleEach<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await task(items[index]!) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface KpiRef {
  id: string;
  name: string;
}

export interface AddKpisResult {
  added: Kpi[];
  failed: { kpi: KpiRef; error: unknown }[];
}

/** Adds each KPI to the group (one request per KPI); some may fail while others succeed. */
export function useAddKpisToGroup(groupId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (kpis: readonly KpiRef[]): Promise<AddKpisResult> => {
      const results = await settleEach(kpis, 4, (kpi) => addKpiToGroup(getApi(), kpi.id, groupId));
      const added: Kpi[] = [];
      const failed: AddKpisResult['failed'] = [];
      results.forEach((result, index) => {
        if (result.status === 'fulfilled') added.push(result.value);
        else failed.push({ kpi: kpis[index]!, error: result.reason });
      });
      return { added, failed };
    },
    // Pending until the lists show the new members.
    onSuccess: ({ added }) => (added.length > 0 ? membershipChanged(client, added) : undefined),
  });
}

export function useRemoveKpiFromGroup(groupId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (kpiId: string) => removeKpiFromGroup(getApi(), kpiId, groupId),
    onSuccess: (kpi) => membershipChanged(client, [kpi]),
  });
}
