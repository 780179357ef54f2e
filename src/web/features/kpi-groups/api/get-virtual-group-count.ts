import { queryOptions, skipToken, useQuery } from '@tanstack/react-query';
import { listKpis } from '../../../../client/kpis.ts';
import type { VirtualGroup } from '../../../../contract/kpis.ts';
import { getApi } from '../../../lib/session.ts';
import { kpiKeys } from '../../../queries/keys.ts';
import { useCurrentUser } from '../../../queries/shared.ts';
import { virtualGroupFilter } from '../groups-model.ts';

/**
 * How many KPIs a virtual group holds: a KPI list read of no items, whose `totalCount` counts
 * the matches. Keyed as a KPI list, so creating, deleting or regrouping KPIs refreshes it.
 */
export const virtualGroupCountQuery = (
  virtualGroup: VirtualGroup,
  currentUserId: string | undefined,
) => {
  const filter = virtualGroupFilter(virtualGroup, currentUserId);
  return queryOptions({
    queryKey: kpiKeys.list({ filter, take: 0 }),
    queryFn:
      filter === null ? skipToken : ({ signal }) => listKpis(getApi(), { filter, take: 0 }, signal),
    select: (page) => page.totalCount,
  });
};

export interface VirtualGroupCount {
  status: 'pending' | 'error' | 'success';
  count: number | undefined;
  retry: () => void;
}

export function useVirtualGroupCount(virtualGroup: VirtualGroup): VirtualGroupCount {
  const me = useCurrentUser();
  const count = useQuery(virtualGroupCountQuery(virtualGroup, me.data?.user.id));
  // "My KPIs" waits for the current user; when that read fails, so does the count.
  if (virtualGroup === 'mykpis' && me.data === undefined && me.isError) {
    return { status: 'error', count: undefined, retry: () => void me.refetch() };
  }
  return { status: count.status, count: count.data, retry: () => void count.refetch() };
}
