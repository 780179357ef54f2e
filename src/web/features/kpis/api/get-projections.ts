import { queryOptions, useQuery } from '@tanstack/react-query';
import { listProjections } from '../../../../client/kpis.ts';
import { getApi } from '../../../lib/session.ts';
import { kpiKeys } from '../../../queries/keys.ts';

export const projectionsQuery = (kpiId: string) =>
  queryOptions({
    queryKey: kpiKeys.projections(kpiId),
    queryFn: ({ signal }) => listProjections(getApi(), kpiId, signal),
  });

export const useProjections = (kpiId: string) => useQuery(projectionsQuery(kpiId));
