import { queryOptions, useQuery } from '@tanstack/react-query';
import { getKpiGroup } from '../../../../client/kpi-groups.ts';
import { getApi } from '../../../lib/session.ts';
import { groupKeys } from '../../../queries/keys.ts';

export const groupQuery = (groupId: string) =>
  queryOptions({
    queryKey: groupKeys.detail(groupId),
    queryFn: ({ signal }) => getKpiGroup(getApi(), groupId, signal),
  });

export const useGroup = (groupId: string) => useQuery(groupQuery(groupId));
