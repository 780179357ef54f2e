/**
 * Test helpers for the detail components: a signed-in session, a fake API behind `fetch`, and a
 * render inside a memory router and a fresh query client.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import type { Kpi } from '../../../../../contract/kpis.ts';
import { sessionStore } from '../../../../lib/session.ts';

export const ACCOUNT_ID = 'a0a0a0a0a0a0a0a0a0a0a0a0';
export const KPI_ID = 'b1b1b1b1b1b1b1b1b1b1b1b1';
export const USER_ID = 'c2c2c2c2c2c2c2c2c2c2c2c2';

export function testKpi(overrides: Partial<Kpi> = {}): Kpi {
  return {
    id: KPI_ID,
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
    dateCreated: '2024-01-01T00:00:00.000Z',
    dateUpdated: '2024-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export interface ApiCall {
  method: string;
  /** Path after the version, with its query: `/kpis/…/snapshots?skip=0&take=20`. */
  path: string;
  body: unknown;
}

export type ApiAnswer = { status?: number; body?: unknown } | undefined;

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
      path: url.pathname.replace(/^\/results\/api\/v\d/, '') + url.search,
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

export function problem(
  status: number,
  detail: string,
  errors?: { path: string; message: string }[],
) {
  return { status, body: { type: 'about:blank', title: 'Bad Request', status, detail, errors } };
}

export function renderWithApp(ui: ReactNode, { route = `/kpis/${KPI_ID}` } = {}) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
  const router = createMemoryRouter([{ path: '*', element: ui }], { initialEntries: [route] });
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
