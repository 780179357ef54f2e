import { queryOptions, useQuery } from '@tanstack/react-query';
import { getKpi } from '../../../../client/kpis.ts';
import { getApi } from '../../../lib/session.ts';
import { kpiKeys } from '../../../queries/keys.ts';

export const kpiQuery = (kpiId: string) =>
  queryOptions({
    queryKey: kpiKeys.detail(kpiId),
    queryFn: ({ signal }) => getKpi(getApi(), kpiId, signal),
  });

export const useKpi = (kpiId: string) => useQuery(kpiQuery(kpiId));
