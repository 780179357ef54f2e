import { useQuery, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Kpi, SnapshotGroupsByKpi } from '../../../../../contract/kpis.ts';
import type { TimeZone } from '../../../../../contract/periods.ts';
import { currentUserQuery, useCurrentUser } from '../../../../queries/shared.ts';
import { snapshotGroupsQuery, useSnapshotGroups } from '../../../../queries/snapshot-groups.ts';
import { kpisQuery } from '../../api/get-kpis.ts';
import {
  MAX_RANKED_KPIS,
  PAGE_SIZE,
  isReadingSort,
  kpiIdsParams,
  kpiListFilter,
  kpiPageParams,
  orderByReading,
  periodWindow,
  rankKpiIds,
  readKpi,
  type KpiListState,
  type PeriodWindow,
} from '../../list-model.ts';
import { kpiRankingQuery } from './ranking-query.ts';

/**
 * Where the order comes from: the server (name, last update), a ranking of every match (value
 * or change, up to MAX_RANKED_KPIS matches), or this page alone (value or change beyond that).
 */
export type SortScope = 'server' | 'all' | 'page';

export interface KpiListData {
  status: 'pending' | 'error' | 'success';
  error: unknown;
  retry: () => void;
  kpis: Kpi[];
  totalCount: number;
  /** The rows on screen belong to the previous request while the new one loads. */
  updating: boolean;
  window: PeriodWindow;
  /** Grouped periods of the KPIs on screen; undefined while they load. */
  periods: SnapshotGroupsByKpi | undefined;
  valuesError: unknown;
  retryValues: () => void;
  sortScope: SortScope;
}

const ALWAYS_LAST = Number.MAX_SAFE_INTEGER;

/**
 * Every read of the list page. Name and last-update sorts page on the server. Value and change
 * sorts first count the matches; up to MAX_RANKED_KPIS they rank all of them from one grouped
 * read of the filter's KPIs and fetch the page's KPIs by id; beyond that they order the
 * name-sorted page by itself, and say so.
 */
export function useKpiList(state: KpiListState, tz: TimeZone, now: number): KpiListData {
  const me = useCurrentUser();
  const listFilter = kpiListFilter(state, me.data?.user.id);
  const ready = listFilter.ready;
  const filter = listFilter.ready ? listFilter.filter : undefined;
  const window = useMemo(() => periodWindow(state.period, now, tz), [state.period, now, tz]);
  const read = { groupBy: state.period, timeZone: tz.name, from: window.from, to: window.to };
  const readingSort = isReadingSort(state.sort);

  const count = useQuery({ ...kpisQuery({ filter, take: 0 }), enabled: ready && readingSort });
  const matches = count.data && !count.isPlaceholderData ? count.data.totalCount : null;
  const ranked = readingSort && matches !== null && matches <= MAX_RANKED_KPIS;
  const paged = !readingSort || (matches !== null && matches > MAX_RANKED_KPIS);

  const page = useQuery({ ...kpisQuery(kpiPageParams(state, filter)), enabled: ready && paged });

  const ranking = useQuery({ ...kpiRankingQuery({ filter, ...read }), enabled: ready && ranked });
  const sort = state.sort;
  const rankedIds = useMemo(
    () => (ranked && ranking.data ? rankKpiIds(ranking.data, window, sort) : null),
    [ranked, ranking.data, window, sort],
  );
  const skip = (state.page - 1) * PAGE_SIZE;
  const pageIds = rankedIds?.slice(skip, skip + PAGE_SIZE) ?? [];
  const rankedPage = useQuery({
    ...kpisQuery(kpiIdsParams(pageIds)),
    enabled: ranked && pageIds.length > 0,
  });
  const rankOf = useMemo(() => new Map(rankedIds?.map((id, i) => [id, i])), [rankedIds]);

  // What is on screen: the answer to this URL, or the previous one while it loads.
  let kpis: Kpi[] | null = null;
  let totalCount = 0;
  let updating = false;
  if (ranked && rankedIds && pageIds.length === 0) {
    kpis = [];
    totalCount = rankedIds.length;
  } else if (ranked && rankedPage.data) {
    kpis = [...rankedPage.data.items].sort(
      (a, b) => (rankOf.get(a.id) ?? ALWAYS_LAST) - (rankOf.get(b.id) ?? ALWAYS_LAST),
    );
    totalCount = rankedIds?.length ?? matches ?? 0;
    updating = rankedPage.isPlaceholderData || rankedIds === null;
  } else if (page.data) {
    kpis = page.data.items;
    totalCount = page.data.totalCount;
    updating = page.isPlaceholderData || !paged;
  }

  const displayedIds = kpis?.map((k) => k.id) ?? [];
  const snapshots = useSnapshotGroups({ ids: ranked ? [] : displayedIds, ...read });
  const periods = ranked ? ranking.data : snapshots.isPlaceholderData ? undefined : snapshots.data;

  // Value and change beyond the ranking limit: this page, ordered once its values are in.
  if (readingSort && paged && kpis && periods) {
    kpis = orderByReading(kpis, (k) => readKpi(periods[k.id], window), state.sort);
  }

  const involved = [
    { query: me, active: state.group === 'mine' },
    { query: count, active: ready && readingSort },
    { query: page, active: ready && paged },
    { query: ranking, active: ready && ranked },
    { query: rankedPage, active: ranked && pageIds.length > 0 },
  ];
  const failed = involved.filter(({ query, active }) => active && query.isLoadingError);
  const status = failed.length > 0 ? 'error' : kpis === null ? 'pending' : 'success';

  return {
    status,
    error: failed[0]?.query.error ?? null,
    retry: () => {
      for (const { query } of failed) void query.refetch();
    },
    kpis: kpis ?? [],
    totalCount,
    updating,
    window,
    periods,
    valuesError: !ranked && snapshots.isLoadingError ? snapshots.error : null,
    retryValues: () => void snapshots.refetch(),
    sortScope: !readingSort ? 'server' : paged ? 'page' : 'all',
  };
}

/**
 * The loader's head start: the same reads the page makes, in the same order, without blocking
 * navigation. Failures are left for the page to show.
 */
export async function prefetchKpiList(
  client: QueryClient,
  state: KpiListState,
  tz: TimeZone,
  now: number,
): Promise<void> {
  const userId =
    state.group === 'mine' ? (await client.ensureQueryData(currentUserQuery())).user.id : undefined;
  const listFilter = kpiListFilter(state, userId);
  if (!listFilter.ready) return;
  const { filter } = listFilter;
  const window = periodWindow(state.period, now, tz);
  const read = { groupBy: state.period, timeZone: tz.name, from: window.from, to: window.to };

  if (isReadingSort(state.sort)) {
    const count = await client.fetchQuery(kpisQuery({ filter, take: 0 }));
    if (count.totalCount <= MAX_RANKED_KPIS) {
      const ranking = await client.fetchQuery(kpiRankingQuery({ filter, ...read }));
      const skip = (state.page - 1) * PAGE_SIZE;
      const ids = rankKpiIds(ranking, window, state.sort).slice(skip, skip + PAGE_SIZE);
      if (ids.length > 0) await client.prefetchQuery(kpisQuery(kpiIdsParams(ids)));
      return;
    }
  }
  const page = await client.fetchQuery(kpisQuery(kpiPageParams(state, filter)));
  const ids = page.items.map((k) => k.id);
  if (ids.length > 0) await client.prefetchQuery(snapshotGroupsQuery({ ids, ...read }));
}
