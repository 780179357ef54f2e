import { queryOptions, useQuery } from '@tanstack/react-query';
import { listKpis } from '../../../../client/kpis.ts';
import { getApi } from '../../../lib/session.ts';
import { kpiKeys } from '../../../queries/keys.ts';
import { GROUP_KPIS_PAGE_SIZE, groupKpisFilter } from '../groups-model.ts';

/**
 * A page of the group's KPIs by name. Keyed as a KPI list (the same request as the KPI list
 * filtered to the group), so every KPI change refreshes it.
 */
export const groupKpisQuery = (groupId: string, page: number) => {
  const filter = groupKpisFilter(groupId);
  return queryOptions({
    queryKey: kpiKeys.list({
      filter,
      sort: 'name',
      skip: (page - 1) * GROUP_KPIS_PAGE_SIZE,
      take: GROUP_KPIS_PAGE_SIZE,
    }),
    queryFn: ({ signal }) =>
      listKpis(
        getApi(),
        {
          filter,
          sort: 'name',
          skip: (page - 1) * GROUP_KPIS_PAGE_SIZE,
          take: GROUP_KPIS_PAGE_SIZE,
        },
        signal,
      ),
    // Another page of the same group stays on screen while the next one loads.
    placeholderData: (previous, previousQuery) =>
      (previousQuery?.queryKey[2] as { filter?: string } | undefined)?.filter === filter
        ? previous
        : undefined,
  });
};

export const useGroupKpis = (groupId: string, page: number) =>
  useQuery(groupKpisQuery(groupId, page));
