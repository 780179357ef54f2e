/**
 * Small helpers shared by the API tests: a few users in two accounts, request shortcuts that
 * parse answers with the contract's schemas, and one check for problem bodies.
 */
import { expect } from 'vitest';
import type { z } from 'zod';
import { Problem } from '../../contract/common.ts';
import { KpiGroup } from '../../contract/kpi-groups.ts';
import { Kpi, Projection, Snapshot, type CreateKpiRequest } from '../../contract/kpis.ts';
import type { Harness, TestUser } from './harness.ts';

export { API_BASES } from '../app.ts';

/** A well-formed id that no test ever creates. */
export const UNKNOWN_ID = '0123456789abcdef01234567';

/** RFC 3339 in UTC with milliseconds, as every instant of the API. */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export interface People {
  /** Member of the main account. */
  alice: TestUser;
  /** Second member of the main account. */
  bob: TestUser;
  /** Member of another account only. */
  eve: TestUser;
}

export async function createPeople(h: Harness): Promise<People> {
  const alice = await h.createUser('Acme', 'alice@acme.test', 'Alice Example');
  const bob = await h.createUser('Acme', 'bob@acme.test', 'Bob Example');
  const eve = await h.createUser('Globex', 'eve@globex.test', 'Eve Example');
  return { alice, bob, eve };
}

/** A user whose token the server has never issued. */
export function withBadToken(user: TestUser): TestUser {
  return { ...user, token: 'kpi_not-a-real-token' };
}

/** `?a=1&b=2` from the defined entries, URL-encoded. */
export function qs(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** Reads a JSON answer after checking its status, and parses it with a contract schema. */
export async function expectJson<T extends z.ZodType>(
  res: Response,
  status: number,
  schema: T,
): Promise<z.infer<T>> {
  if (res.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${res.status}: ${await res.text()}`);
  }
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return schema.parse(await res.json());
}

/**
 * Checks an RFC 9457 problem answer: status, media type, `status` in the body equal to the HTTP
 * one, a `detail`, no internals, and, when given, a field error at `path`.
 */
export async function expectProblem(
  res: Response,
  status: number,
  path?: string,
): Promise<Problem> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = Problem.parse(JSON.parse(text));
  expect(body.status).toBe(status);
  expect(body.detail.trim()).not.toBe('');
  expect(text).not.toMatch(/\bat \S+:\d+:\d+|node_modules|SQLITE|SELECT |\.ts\b/);
  if (path !== undefined) {
    expect(body.errors?.map((e) => e.path) ?? [], `field errors of ${text}`).toContain(path);
  }
  return body;
}

export async function createKpi(
  h: Harness,
  user: TestUser,
  body: Partial<CreateKpiRequest> = {},
): Promise<Kpi> {
  const res = await h.request(user, 'POST', '/kpis', { name: 'Revenue', ...body });
  return expectJson(res, 201, Kpi);
}

export async function getKpi(h: Harness, user: TestUser, kpiId: string): Promise<Kpi> {
  return expectJson(await h.request(user, 'GET', `/kpis/${kpiId}`), 200, Kpi);
}

export async function createGroup(h: Harness, user: TestUser, name: string): Promise<KpiGroup> {
  return expectJson(await h.request(user, 'POST', '/kpis/groups', { name }), 201, KpiGroup);
}

export async function recordSnapshot(
  h: Harness,
  user: TestUser,
  kpiId: string,
  group: string,
  value: number,
  timeZone?: string,
): Promise<Snapshot> {
  const body = timeZone === undefined ? { group, value } : { group, value, timeZone };
  return expectJson(await h.request(user, 'POST', `/kpis/${kpiId}/snapshots`, body), 201, Snapshot);
}

export async function createProjection(
  h: Harness,
  user: TestUser,
  kpiId: string,
  date: string,
  value: number,
): Promise<Projection> {
  return expectJson(
    await h.request(user, 'POST', `/kpis/${kpiId}/projections`, { date, value }),
    201,
    Projection,
  );
}

/** Rows left in a table for a KPI, read straight from the database. */
export function rowsOf(h: Harness, table: 'snapshots' | 'projections', kpiId: string): number {
  const row = h.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE kpi_id = ?`).get(kpiId) as {
    n: number;
  };
  return row.n;
}
