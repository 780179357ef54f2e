/**
 * A fake API behind `fetch` for component tests: a signed-in session, every request recorded in
 * order, each one answered by the test.
 */
import { vi } from 'vitest';
import { sessionStore } from '../lib/session.ts';
import { ACCOUNT_ID } from './builders.ts';

export interface ApiCall {
  method: string;
  /** The path after the version, without the query: `/kpis/…/snapshots`. */
  path: string;
  query: URLSearchParams;
  /** The path with its query, as sent: `/kpis/…/snapshots?skip=0&take=20`. */
  url: string;
  body: unknown;
}

/** 200 with `body`, or the given status; undefined stands for 404. */
export type ApiAnswer = { status?: number; body?: unknown } | undefined;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An answer with a problem body, as the server sends for every failure. */
export function problem(
  status: number,
  detail: string,
  errors?: { path: string; message: string }[],
) {
  const title = TITLES[status] ?? 'Error';
  return { status, body: { type: 'about:blank', title, status, detail, errors } };
}

/** Replaces `fetch` with `handle`, which answers each request. Returns the calls made, in order. */
export function fakeApi(handle: (call: ApiCall) => ApiAnswer | Promise<ApiAnswer>): ApiCall[] {
  sessionStore.set({
    session: { token: 'test-token', accountId: ACCOUNT_ID, apiBase: '/results/api' },
    expired: false,
  });
  const calls: ApiCall[] = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const path = url.pathname.replace(/^\/results\/api\/v\d/, '');
    const call: ApiCall = {
      method: init.method ?? 'GET',
      path,
      query: url.searchParams,
      url: path + url.search,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const answer = (await handle(call)) ?? problem(404, 'Not found');
    const status = answer.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(answer.body ?? {}), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  });
  return calls;
}

/** A call as `{ method, url, body }`, to compare whole requests. */
export const sent = ({ method, url, body }: ApiCall) => ({ method, url, body });

/** The calls that change something, in order, as `sent` shows them. */
export const writes = (calls: ApiCall[]) => calls.filter((c) => c.method !== 'GET').map(sent);

/** A promise with its resolve at hand, to hold an answer back until the test lets it go. */
export function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
