import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import {
  getDashboardByTag,
  getDashboardTagUsages,
  getReports,
  listDashboards,
} from '../../../../client/dashboards.ts';
import { getKpi, listKpiFields } from '../../../../client/kpis.ts';
import { getApi } from '../../../lib/session.ts';
import { boardKeys, kpiKeys } from '../../../queries/keys.ts';

/** Every board, archived ones included when asked; reports come back too (`isReport`). */
export const boardsQuery = (params: { archived: boolean }) =>
  queryOptions({
    queryKey: boardKeys.list(params),
    queryFn: ({ signal }) =>
      listDashboards(
        getApi(),
        {
          filter: params.archived ? '{archived:true}' : '{archived:false}',
          sort: 'name',
          take: 1000,
        },
        signal,
      ),
  });

export const boardByTagQuery = (tag: string) =>
  queryOptions({
    queryKey: boardKeys.byTag(tag),
    queryFn: ({ signal }) => getDashboardByTag(getApi(), tag, signal),
  });

export const tagUsagesQuery = () =>
  queryOptions({
    queryKey: boardKeys.tagUsages(),
    queryFn: ({ signal }) => getDashboardTagUsages(getApi(), signal),
  });

export const reportsQuery = () =>
  queryOptions({
    queryKey: boardKeys.reports(),
    queryFn: ({ signal }) => getReports(getApi(), signal),
    staleTime: 5 * 60_000,
  });

export const useBoards = (params: { archived: boolean }) => useQuery(boardsQuery(params));
export const useBoardByTag = (tag: string) => useQuery(boardByTagQuery(tag));
export const useTagUsages = () => useQuery(tagUsagesQuery());
export const useReports = () => useQuery(reportsQuery());

/** A KPI as a board's tiles read it; the same cache entry as the KPI's own page. */
export const boardKpiQuery = (kpiId: string) =>
  queryOptions({
    queryKey: kpiKeys.detail(kpiId),
    queryFn: ({ signal }) => getKpi(getApi(), kpiId, signal),
  });

/** KPIs to pick for a board item: the first 50 whose name matches `search`, by name. */
export const kpiChoicesQuery = (search: string) =>
  queryOptions({
    queryKey: kpiKeys.list({ choices: search.trim().toLowerCase() }),
    queryFn: ({ signal }) =>
      listKpiFields(
        getApi(),
        {
          filter: search.trim()
            ? JSON.stringify({ name: { $regex: escapeRegex(search.trim()), $options: 'i' } })
            : undefined,
          fields: 'id,name',
          sort: 'name',
          take: 50,
        },
        signal,
      ),
    placeholderData: keepPreviousData,
  });

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
