/**
 * Test helpers for the board page: boards, items and KPIs as the API answers them, a fake API
 * behind `fetch`, and the page rendered in a memory router with a fresh query client.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import type {
  Dashboard,
  DashboardItem,
  SectionHeader,
} from '../../../../../contract/dashboards.ts';
import type { Kpi, SnapshotGroup } from '../../../../../contract/kpis.ts';
import { sessionStore } from '../../../../lib/session.ts';
import { Component } from '../../pages/BoardPage.tsx';

export const ACCOUNT_ID = 'a0a0a0a0a0a0a0a0a0a0a0a0';
export const USER_ID = 'c2c2c2c2c2c2c2c2c2c2c2c2';
export const BOARD_ID = 'd3d3d3d3d3d3d3d3d3d3d3d3';
const INSTANT = '2024-01-01T00:00:00.000Z';

/** A 24-hex id from a short seed: hexId(1) = '000…001'. */
export const hexId = (n: number) => n.toString(16).padStart(24, '0');

export function testKpi(id: string, overrides: Partial<Kpi> = {}): Kpi {
  return {
    id,
    accountId: ACCOUNT_ID,
    name: 'Revenue',
    description: '',
    richTextDescription: '',
    aggregation: 'last',
    targetOperator: 'should_increase',
    formatting: { prefix: '$', suffix: '', fractionSize: 0 },
    groups: [],
    ownerId: USER_ID,
    ownerIds: [USER_ID],
    isOwner: true,
    insightLink: null,
    projections: [],
    tags: [],
    links: { expanded: { goals: [], kpis: [], metrics: [], sessions: [] } },
    currentUserAllowedActions: [],
    createdById: USER_ID,
    modifiedById: USER_ID,
    dateCreated: INSTANT,
    dateUpdated: INSTANT,
    ...overrides,
  };
}

export function testItem(
  id: string,
  placement: { row: number; col: number; sizeX: number; sizeY: number },
  overrides: Partial<DashboardItem> = {},
): DashboardItem {
  return {
    id,
    dashboardId: BOARD_ID,
    type: 'kpi-number',
    insightId: '',
    insightName: '',
    insightTitle: '',
    insightRequiredEntities: [],
    insightSource: { originalVersion: '', sourceApplication: '' },
    insightState: { status: '', error: '', metadata: null },
    settings: [],
    filters: [],
    ...placement,
    ...overrides,
  };
}

export function testHeader(
  id: string,
  header: string,
  subHeader: string,
  row: number,
): SectionHeader {
  return {
    id,
    accountId: ACCOUNT_ID,
    dashboardId: BOARD_ID,
    sectionHeaderId: id,
    type: 'sectionHeader',
    sectionHeader: {
      id,
      accountId: ACCOUNT_ID,
      header,
      subHeader,
      createdById: USER_ID,
      modifiedById: USER_ID,
      dateCreated: INSTANT,
      dateUpdated: INSTANT,
    },
    row,
    col: 0,
    sizeX: 12,
    sizeY: 1,
  };
}

export function testBoard(overrides: Partial<Dashboard> = {}): Dashboard {
  return {
    id: BOARD_ID,
    accountId: ACCOUNT_ID,
    name: 'Executive overview',
    tag: 'exec',
    tags: [],
    archived: false,
    isReport: false,
    readOnly: false,
    layout: 'grid',
    settings: [],
    parameters: [],
    insights: [],
    insightsCount: 0,
    sectionHeaders: [],
    sectionHeadersCount: 0,
    access: {
      inherits: true,
      ownerPermissions: { grant: { Subtype: 0 } },
      permissions: [],
    },
    source: null,
    appsCount: 0,
    notificationsCount: 0,
    usersCount: 0,
    currentUserAllowedActions: [],
    createdById: USER_ID,
    modifiedById: USER_ID,
    dateCreated: INSTANT,
    dateUpdated: INSTANT,
    ...overrides,
  };
}

export function snapshotGroup(group: string, start: number, value: number): SnapshotGroup {
  const at = new Date(start).toISOString();
  return { group, value, count: 1, start: at, end: at };
}

export interface ApiCall {
  method: string;
  /** Path after the version, with its query. */
  path: string;
  url: URL;
  body: unknown;
}

export type ApiAnswer = { status?: number; body?: unknown } | undefined;

/** Replaces `fetch` with `handle` (undefined answers 404). Returns the calls made, in order. */
export function fakeApi(handle: (call: ApiCall) => ApiAnswer | Promise<ApiAnswer>): ApiCall[] {
  sessionStore.set({
    session: { token: 'test-token', accountId: ACCOUNT_ID, apiBase: '/results/api' },
    expired: false,
  });
  const calls: ApiCall[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const call: ApiCall = {
      method: init.method ?? 'GET',
      path: url.pathname.replace(/^\/results\/api\/v\d/, '') + url.search,
      url,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const answer = (await handle(call)) ?? {
      status: 404,
      body: { type: 'about:blank', title: 'Not Found', status: 404, detail: 'Not found' },
    };
    const status = answer.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(answer.body ?? {}), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  });
  return calls;
}

export const serverError = {
  status: 500,
  body: { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'Boom' },
};

/** The board page at `route`, with a list page and the KPI list to navigate to. */
export function renderBoardPage(route: string) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
  const router = createMemoryRouter(
    [
      { path: '/insightboards/:tag', element: <Component /> },
      { path: '/insightboards', element: <h1>All boards</h1> },
      { path: '/kpis', element: <h1>KPI list</h1> },
    ],
    { initialEntries: [route] },
  );
  const view = render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...view, client, router };
}

/** jsdom has no modal dialogs; open and close them as attributes. */
export function polyfillDialog() {
  const proto = HTMLDialogElement.prototype as HTMLDialogElement & Record<string, unknown>;
  proto.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  proto.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
}
