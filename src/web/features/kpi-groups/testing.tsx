/**
 * Test helpers for the groups feature: a signed-in session, a fake API behind `fetch`, and a
 * render inside a memory router, a fresh query client and the toaster.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { vi } from 'vitest';
import type { KpiGroup } from '../../../contract/kpi-groups.ts';
import type { Kpi } from '../../../contract/kpis.ts';
import { Toaster } from '../../components/ui/Toaster.tsx';
import { sessionStore } from '../../lib/session.ts';

export const ACCOUNT_ID = 'a0a0a0a0a0a0a0a0a0a0a0a0';
export const USER_ID = 'c2c2c2c2c2c2c2c2c2c2c2c2';
const INSTANT = '2026-01-01T00:00:00.000Z';

export function testGroup(id: string, name: string, extra: Partial<KpiGroup> = {}): KpiGroup {
  return {
    id,
    accountId: ACCOUNT_ID,
    name,
    favorite: false,
    kpisCount: 0,
    createdById: USER_ID,
    modifiedById: USER_ID,
    dateCreated: INSTANT,
    dateUpdated: INSTANT,
    ...extra,
  };
}

export function testKpi(id: string, name: string, extra: Partial<Kpi> = {}): Kpi {
  return {
    id,
    accountId: ACCOUNT_ID,
    name,
    description: '',
    richTextDescription: '',
    aggregation: 'last',
    targetOperator: 'should_increase',
    formatting: { prefix: '', suffix: '', fractionSize: 0 },
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
    ...extra,
  };
}

export const page = <T,>(items: T[], totalCount = items.length) => ({
  items,
  count: items.length,
  totalCount,
});

export const currentUser = {
  user: { id: USER_ID, name: 'Ann Lee', email: 'ann@example.com' },
  account: { id: ACCOUNT_ID, name: 'Acme' },
  accounts: [{ id: ACCOUNT_ID, name: 'Acme' }],
};

export interface ApiCall {
  method: string;
  /** The path after the version, without the query. */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export type ApiAnswer = { status?: number; body?: unknown } | undefined;

export function problem(
  status: number,
  detail: string,
  errors?: { path: string; message: string }[],
): ApiAnswer {
  return { status, body: { type: 'about:blank', title: 'Problem', status, detail, errors } };
}

/**
 * Replaces `fetch` with `handle`, which answers each request (200 with `body`, or the given
 * status; undefined answers 404). Returns the calls made, in order.
 */
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
      path: url.pathname.replace(/^\/results\/api\/v\d/, ''),
      query: url.searchParams,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const answer = (await handle(call)) ?? problem(404, 'Not found');
    const status = answer?.status ?? 200;
    return new Response(JSON.stringify(answer?.body ?? {}), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  });
  return calls;
}

/** A promise with its resolve at hand, to hold an answer back until the test lets it go. */
export function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export function renderRoutes(
  routes: RouteObject[],
  path: string,
  client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  }),
) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
      <Toaster />
    </QueryClientProvider>,
  );
  return { ...view, client, router };
}

export const renderAt = (ui: ReactNode, path = '/') =>
  renderRoutes([{ path: '*', element: ui }], path);

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
