import { queryOptions } from '@tanstack/react-query';
import { readSnapshotGroupsByFilter } from '../../../../../client/kpis.ts';
import type { Granularity } from '../../../../../contract/periods.ts';
import { getApi } from '../../../../lib/session.ts';
import { kpiKeys } from '../../../../queries/keys.ts';
import { MAX_RANKED_KPIS } from '../../list-model.ts';

export interface RankingReadParams {
  filter: string | undefined;
  groupBy: Granularity;
  timeZone: string;
  from: string;
  to: string;
}

/**
 * The grouped periods of every KPI a list filter selects (`GET /v2/kpis/snapshots`), in name
 * order: what ranking by value or change needs. Keyed under the snapshot groups, so a recorded
 * value refreshes it with the other grouped reads.
 */
export const kpiRankingQuery = (params: RankingReadParams) =>
  queryOptions({
    queryKey: kpiKeys.snapshotGroup({ selection: 'filter', ...params }),
    queryFn: ({ signal }) =>
      readSnapshotGroupsByFilter(
        getApi(),
        { ...params, sort: 'name', take: MAX_RANKED_KPIS },
        signal,
      ),
  });
