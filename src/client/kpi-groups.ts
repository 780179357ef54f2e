import { KpiGroup, KpiGroupPage } from '../contract/kpi-groups.ts';
import { apiPath, type ApiClient } from './http.ts';
import type { ListParams } from './kpis.ts';

export const listKpiGroups = (
  api: ApiClient,
  params: Omit<ListParams, 'fields'>,
  signal?: AbortSignal,
) => api.request('GET', '/kpis/groups', { query: { ...params }, schema: KpiGroupPage, signal });

export const getKpiGroup = (api: ApiClient, groupId: string, signal?: AbortSignal) =>
  api.request('GET', apiPath`/kpis/groups/${groupId}`, { schema: KpiGroup, signal });

export const createKpiGroup = (api: ApiClient, name: string) =>
  api.request('POST', '/kpis/groups', { body: { name }, schema: KpiGroup });

export const renameKpiGroup = (api: ApiClient, groupId: string, name: string) =>
  api.request('PATCH', apiPath`/kpis/groups/${groupId}`, { body: { name }, schema: KpiGroup });

export const deleteKpiGroup = (api: ApiClient, groupId: string) =>
  api.request('DELETE', apiPath`/kpis/groups/${groupId}`, { schema: KpiGroup });

export const setKpiGroupFavorite = (api: ApiClient, groupId: string, favorite: boolean) =>
  api.request(favorite ? 'PUT' : 'DELETE', apiPath`/kpis/groups/${groupId}/favorite`, {
    schema: KpiGroup,
  });
