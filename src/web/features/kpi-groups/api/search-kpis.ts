import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { listKpis } from '../../../../client/kpis.ts';
import { getApi } from '../../../lib/session.ts';
import { kpiKeys } from '../../../queries/keys.ts';
import { CANDIDATES_PAGE_SIZE, candidatesFilter } from '../groups-model.ts';

/** KPIs that could join the group: not in it yet, named like `search`, first ones by name. */
export const kpiCandidatesQuery = (groupId: string, search: string) => {
  const params = {
    filter: candidatesFilter(groupId, search),
    sort: 'name',
    take: CANDIDATES_PAGE_SIZE,
  };
  return queryOptions({
    queryKey: kpiKeys.list(params),
    queryFn: ({ signal }) => listKpis(getApi(), params, signal),
    placeholderData: keepPreviousData,
  });
};

export const useKpiCandidates = (groupId: string, search: string, enabled: boolean) =>
  useQuery({ ...kpiCandidatesQuery(groupId, search), enabled });
