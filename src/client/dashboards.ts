import {
  Dashboard,
  DashboardPage,
  DashboardTagUsages,
  ReportList,
  type CreateDashboardRequest,
  type DashboardItemInput,
  type UpdateDashboardRequest,
} from '../contract/dashboards.ts';
import { apiPath, type ApiClient } from './http.ts';
import type { ListParams } from './kpis.ts';

export const listDashboards = (
  api: ApiClient,
  params: Omit<ListParams, 'fields'>,
  signal?: AbortSignal,
) =>
  api.request('GET', '/dashboards', {
    version: 'v2',
    query: { ...params },
    schema: DashboardPage,
    signal,
  });

export const getDashboard = (api: ApiClient, dashboardId: string, signal?: AbortSignal) =>
  api.request('GET', apiPath`/dashboards/${dashboardId}`, { schema: Dashboard, signal });

export const getDashboardByTag = (api: ApiClient, tag: string, signal?: AbortSignal) =>
  api.request('GET', apiPath`/dashboards/tag/${tag}`, { schema: Dashboard, signal });

export const getDashboardTagUsages = (api: ApiClient, signal?: AbortSignal) =>
  api.request('GET', '/dashboards/tags/usages', { schema: DashboardTagUsages, signal });

export const getReports = (api: ApiClient, signal?: AbortSignal) =>
  api.request('GET', '/dashboards/reports', { schema: ReportList, signal });

export const createDashboard = (api: ApiClient, body: CreateDashboardRequest) =>
  api.request('POST', '/dashboards', { body, schema: Dashboard });

export const saveDashboard = (api: ApiClient, dashboardId: string, body: UpdateDashboardRequest) =>
  api.request('PUT', apiPath`/dashboards/${dashboardId}`, { body, schema: Dashboard });

export const cloneDashboard = (api: ApiClient, dashboardId: string, tag: string) =>
  api.request('POST', apiPath`/dashboards/${dashboardId}/clone`, {
    body: { tag },
    schema: Dashboard,
  });

export const deleteDashboard = (api: ApiClient, dashboardId: string) =>
  api.request('DELETE', apiPath`/dashboards/${dashboardId}`);

export const saveDashboardItem = (
  api: ApiClient,
  itemId: string,
  dashboardId: string,
  item: DashboardItemInput,
) => api.request('PUT', apiPath`/dashboards/items/${itemId}`, { body: { ...item, dashboardId } });
