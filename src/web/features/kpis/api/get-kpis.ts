import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { listKpis, type ListParams } from '../../../../client/kpis.ts';
import { getApi } from '../../../lib/session.ts';
import { kpiKeys } from '../../../queries/keys.ts';

export type KpiListParams = Omit<ListParams, 'fields'>;

export const kpisQuery = (params: KpiListParams) =>
  queryOptions({
    queryKey: kpiKeys.list(params),
    queryFn: ({ signal }) => listKpis(getApi(), params, signal),
    placeholderData: keepPreviousData,
  });

export const useKpis = (params: KpiListParams) => useQuery(kpisQuery(params));
