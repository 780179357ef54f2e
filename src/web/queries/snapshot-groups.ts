import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { readSnapshotGroups, type GroupedReadParams } from '../../client/kpis.ts';
import { getApi } from '../lib/session.ts';
import { kpiKeys } from './keys.ts';

/** One grouped read for many KPIs (a list page, a chart, a board tile). */
export const snapshotGroupsQuery = (params: GroupedReadParams) =>
  queryOptions({
    queryKey: kpiKeys.snapshotGroup(params),
    queryFn: ({ signal }) => readSnapshotGroups(getApi(), params, signal),
    enabled:
      (params.ids?.length ?? 0) > 0 ||
      (params.groupIds?.length ?? 0) > 0 ||
      !!params.ungrouped ||
      !!params.mykpis,
    placeholderData: keepPreviousData,
  });

export const useSnapshotGroups = (params: GroupedReadParams) =>
  useQuery(snapshotGroupsQuery(params));
