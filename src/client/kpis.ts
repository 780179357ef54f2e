import {
  Kpi,
  KpiList,
  KpiPage,
  ImportSnapshotsResponse,
  KpiStatistics,
  Projection,
  ProjectionList,
  Snapshot,
  SnapshotGroupsByKpi,
  SnapshotHistory,
  VirtualGroupFavorites,
  type CreateKpiRequest,
  type VirtualGroup,
} from '../contract/kpis.ts';
import type { Granularity, StatisticsType } from '../contract/periods.ts';
import { apiPath, type ApiClient } from './http.ts';

export interface ListParams {
  filter?: string;
  sort?: string;
  fields?: string;
  skip?: number;
  take?: number;
}

/** Full KPIs; use `listKpiFields` to ask for a trimmed selection. */
export const listKpis = (
  api: ApiClient,
  params: Omit<ListParams, 'fields'>,
  signal?: AbortSignal,
) => api.request('GET', '/kpis', { version: 'v2', query: { ...params }, schema: KpiPage, signal });

export const listKpiFields = (
  api: ApiClient,
  params: ListParams & { fields: string },
  signal?: AbortSignal,
) => api.request('GET', '/kpis', { version: 'v2', query: { ...params }, schema: KpiList, signal });

export const getKpi = (api: ApiClient, kpiId: string, signal?: AbortSignal) =>
  api.request('GET', apiPath`/kpis/${kpiId}`, { schema: Kpi, signal });

export const createKpi = (api: ApiClient, body: Partial<CreateKpiRequest> & { name: string }) =>
  api.request('POST', '/kpis', { body, schema: Kpi });

export const updateKpi = (api: ApiClient, kpiId: string, body: Partial<CreateKpiRequest>) =>
  api.request('PATCH', apiPath`/kpis/${kpiId}`, { body, schema: Kpi });

export const deleteKpi = (api: ApiClient, kpiId: string) =>
  api.request('DELETE', apiPath`/kpis/${kpiId}`);

export const getKpiStatistics = (
  api: ApiClient,
  kpiId: string,
  params: { type: StatisticsType; timeZone: string },
  signal?: AbortSignal,
) =>
  api.request('GET', apiPath`/kpis/${kpiId}/statistics`, {
    query: params,
    schema: KpiStatistics,
    signal,
  });

export interface GroupedReadParams {
  ids?: string[];
  groupIds?: string[];
  ungrouped?: boolean;
  mykpis?: boolean;
  groupBy: Granularity;
  timeZone: string;
  from?: string;
  to?: string;
}

export const readSnapshotGroups = (
  api: ApiClient,
  params: GroupedReadParams,
  signal?: AbortSignal,
) =>
  api.request('GET', '/kpi-snapshots', {
    query: {
      ids: params.ids?.join(','),
      groupIds: params.groupIds?.join(','),
      ungrouped: params.ungrouped ? 'true' : undefined,
      mykpis: params.mykpis ? 'true' : undefined,
      groupBy: params.groupBy,
      timeZone: params.timeZone,
      from: params.from,
      to: params.to,
    },
    schema: SnapshotGroupsByKpi,
    signal,
  });

/** Grouped snapshots of the KPIs a list filter selects (v2), a page of them at a time. */
export const readSnapshotGroupsByFilter = (
  api: ApiClient,
  params: Omit<GroupedReadParams, 'ids' | 'groupIds' | 'ungrouped' | 'mykpis'> &
    Omit<ListParams, 'fields'>,
  signal?: AbortSignal,
) =>
  api.request('GET', '/kpis/snapshots', {
    version: 'v2',
    query: { ...params },
    schema: SnapshotGroupsByKpi,
    signal,
  });

export const recordSnapshot = (
  api: ApiClient,
  kpiId: string,
  body: { group: string; timeZone: string; value: number },
) => api.request('POST', apiPath`/kpis/${kpiId}/snapshots`, { body, schema: Snapshot });

export const deleteSnapshot = (api: ApiClient, kpiId: string, snapshotId: string) =>
  api.request('DELETE', apiPath`/kpis/${kpiId}/snapshots/${snapshotId}`);

export const getSnapshotHistory = (
  api: ApiClient,
  kpiId: string,
  params: { skip?: number; take?: number },
  signal?: AbortSignal,
) =>
  api.request('GET', apiPath`/kpis/${kpiId}/snapshots`, {
    query: { ...params },
    schema: SnapshotHistory,
    signal,
  });

export const listProjections = (api: ApiClient, kpiId: string, signal?: AbortSignal) =>
  api.request('GET', apiPath`/kpis/${kpiId}/projections`, { schema: ProjectionList, signal });

export const createProjection = (
  api: ApiClient,
  kpiId: string,
  body: { date: string; value: number },
) => api.request('POST', apiPath`/kpis/${kpiId}/projections`, { body, schema: Projection });

export const updateProjection = (
  api: ApiClient,
  kpiId: string,
  projectionId: string,
  body: { date?: string; value?: number },
) => api.request('PATCH', apiPath`/kpis/${kpiId}/projections/${projectionId}`, { body });

export const deleteProjection = (api: ApiClient, kpiId: string, projectionId: string) =>
  api.request('DELETE', apiPath`/kpis/${kpiId}/projections/${projectionId}`);

export const getVirtualGroupFavorites = (api: ApiClient, signal?: AbortSignal) =>
  api.request('GET', '/users/kpi-virtual-group/favorite', {
    schema: VirtualGroupFavorites,
    signal,
  });

export const setVirtualGroupFavorite = (
  api: ApiClient,
  virtualGroup: VirtualGroup,
  favorite: boolean,
) =>
  api.request('PUT', '/users/kpi-virtual-group/favorite', {
    body: { virtualGroup, favorite },
    schema: VirtualGroupFavorites,
  });

export const addKpiToGroup = (api: ApiClient, kpiId: string, groupId: string) =>
  api.request('PUT', apiPath`/kpis/${kpiId}/groups/${groupId}`, { schema: Kpi });

export const removeKpiFromGroup = (api: ApiClient, kpiId: string, groupId: string) =>
  api.request('DELETE', apiPath`/kpis/${kpiId}/groups/${groupId}`, { schema: Kpi });

export const importSnapshots = (
  api: ApiClient,
  kpiId: string,
  body: { timeZone: string; rows: { group: string; value: number }[] },
) =>
  api.request('POST', apiPath`/kpis/${kpiId}/snapshots/import`, {
    body,
    schema: ImportSnapshotsResponse,
  });
