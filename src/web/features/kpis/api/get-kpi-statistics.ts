import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { getKpiStatistics } from '../../../../client/kpis.ts';
import type { StatisticsType } from '../../../../contract/periods.ts';
import { getApi } from '../../../lib/session.ts';
import { kpiKeys } from '../../../queries/keys.ts';

export const kpiStatisticsQuery = (kpiId: string, type: StatisticsType, timeZone: string) =>
  queryOptions({
    queryKey: kpiKeys.statistics(kpiId, { type, timeZone }),
    queryFn: ({ signal }) => getKpiStatistics(getApi(), kpiId, { type, timeZone }, signal),
    placeholderData: keepPreviousData,
  });

export const useKpiStatistics = (kpiId: string, type: StatisticsType, timeZone: string) =>
  useQuery(kpiStatisticsQuery(kpiId, type, timeZone));
