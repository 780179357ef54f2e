import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { getSnapshotHistory } from '../../../../client/kpis.ts';
import { getApi } from '../../../lib/session.ts';
import { kpiKeys } from '../../../queries/keys.ts';

export const HISTORY_PAGE_SIZE = 20;

/** The KPI's recorded values, newest first, a page at a time. */
export const snapshotHistoryQuery = (kpiId: string, page: number) =>
  queryOptions({
    queryKey: [...kpiKeys.history(kpiId), page] as const,
    queryFn: ({ signal }) =>
      getSnapshotHistory(
        getApi(),
        kpiId,
        { skip: page * HISTORY_PAGE_SIZE, take: HISTORY_PAGE_SIZE },
        signal,
      ),
    placeholderData: keepPreviousData,
  });

export const useSnapshotHistory = (kpiId: string, page: number) =>
  useQuery(snapshotHistoryQuery(kpiId, page));
