/**
 * Small helpers shared by the API tests: a fresh harness for every test, a few users in two
 * accounts, request shortcuts that parse answers with the contract's schemas, and the checks of
 * JSON, empty and problem answers.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { Problem } from '../../contract/common.ts';
import { KpiGroup } from '../../contract/kpi-groups.ts';
import { Kpi, Projection, Snapshot, type CreateKpiRequest } from '../../contract/kpis.ts';
import { createHarness, type Harness, type TestUser } from './harness.ts';

export { API_BASES } from '../app.ts';

/** A well-formed id that no test ever creates. */
export const UNKNOWN_ID = '0123456789abcdef01234567';

/** RFC 3339 in UTC with milliseconds, as every instant of the API. */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An instant long before any test runs, for server-owned dates a client tries to forge. */
export const OLD_INSTANT = '2001-02-03T04:05:06.000Z';

/**
 * Gives every test of the calling file a fresh harness on its own database. `setup` runs on it
 * before each test, to keep it and create the file's users; after each test the harness is closed,
 * and the server must not have logged an error in the meantime.
 */
export function useHarness(setup: (h: Harness) => Promise<void>): void {
  let current: Harness | undefined;
  beforeEach(async () => {
    current = createHarness();
    await setup(current);
  });
  afterEach(() => {
    const h = current;
    current = undefined;
    if (h === undefined) return;
    const errors = h.errors.slice();
    h.close();
    expect(errors).toEqual([]);
  });
}

/** Account, email and display name of a user to create. */
export type UserSpec = readonly [account: string, email: string, name?: string];

/** Creates the users in the order given, and answers each under its key. */
export async function createUsers<K extends string>(
  h: Harness,
  specs: Record<K, UserSpec>,
): Promise<Record<K, TestUser>> {
  const users = {} as Record<K, TestUser>;
  for (const [key, [account, email, name]] of Object.entries(specs) as [K, UserSpec][]) {
    users[key] = await h.createUser(account, email, name);
  }
  return users;
}

/** Alice and Bob share the main account; Eve belongs to another account only. */
const PEOPLE = {
  alice: ['Acme', 'alice@acme.test', 'Alice Example'],
  bob: ['Acme', 'bob@acme.test', 'Bob Example'],
  eve: ['Globex', 'eve@globex.test', 'Eve Example'],
} satisfies Record<string, UserSpec>;

export type People = Record<keyof typeof PEOPLE, TestUser>;

export function createPeople(h: Harness): Promise<People> {
  return createUsers(h, PEOPLE);
}

/** Alice and Carol share Acme; Bob belongs to Beta only. */
const ACME_AND_BETA = {
  alice: ['Acme', 'alice@acme.test', 'Alice'],
  carol: ['Acme', 'carol@acme.test', 'Carol'],
  bob: ['Beta', 'bob@beta.test', 'Bob'],
} satisfies Record<string, UserSpec>;

export type AcmeAndBeta = Record<keyof typeof ACME_AND_BETA, TestUser>;

export function createAcmeAndBeta(h: Harness): Promise<AcmeAndBeta> {
  return createUsers(h, ACME_AND_BETA);
}

/**
 * Fields of a body that only the server may set, forged to name `other`, its account and an old
 * instant: the server must ignore every one of them.
 */
export function forgedOwnership(other: TestUser) {
  return {
    accountId: other.accountId,
    createdById: other.userId,
    modifiedById: other.userId,
    dateCreated: OLD_INSTANT,
    dateUpdated: OLD_INSTANT,
    favorite: true,
  };
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

/**
 * Reads a JSON answer after checking its status, its media type and that it is not cached, and
 * parses it with a contract schema.
 */
export async function expectJson<T>(
  res: Response,
  status: number,
  schema: { parse(value: unknown): T },
): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('cache-control')).toContain('no-store');
  return schema.parse(JSON.parse(text));
}

/** Checks a 204 answer: no body at all. */
export async function noContent(res: Response): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(204);
  expect(text).toBe('');
}

/**
 * Marks of internals that an error body must never show: stack frames, SQL and the database's
 * own words and names, and file paths.
 */
const LEAKS = [
  /\n\s+at\s/,
  /\bat \S+:\d+:\d+/,
  /\(\S+:\d+:\d+\)/,
  /SQLITE/i,
  /SELECT /,
  /\bselect\b[\s\S]+\bfrom\b/i,
  /\binsert\s+into\b/i,
  /\bdelete\s+from\b/i,
  /no such (table|column)/i,
  /group_favorites/,
  /node_modules/,
  /\/(work|tmp|home|usr|src)\//,
  /\.(ts|js|mjs|cjs)\b/,
  /file:\/\//,
];

/**
 * Checks an RFC 9457 problem answer: status, media type, not cached, `status` in the body equal to
 * the HTTP one, a `title` and a `detail`, no internals, and, when given, a field error at `path`.
 */
export async function expectProblem(
  res: Response,
  status: number,
  path?: string,
): Promise<Problem> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.headers.get('cache-control')).toContain('no-store');
  const body = Problem.parse(JSON.parse(text));
  expect(body.status).toBe(status);
  expect(body.title.trim()).not.toBe('');
  expect(body.detail.trim()).not.toBe('');
  for (const leak of LEAKS) expect(text).not.toMatch(leak);
  if (path !== undefined) {
    expect(body.errors?.map((e) => e.path) ?? [], `field errors of ${text}`).toContain(path);
  }
  return body;
}

/**
 * Checks a problem answer whose first field error is at `path`: a test that makes one mistake
 * expects the answer to name exactly that field first, not merely somewhere in the list.
 */
export async function expectFirstError(
  res: Response,
  status: number,
  path: string,
): Promise<Problem> {
  const problem = await expectProblem(res, status);
  expect(problem.errors?.[0]?.path).toBe(path);
  return problem;
}

/** An unknown id and an id of another account must answer with the very same 404. */
export async function expectSame404(unknown: Response, foreign: Response): Promise<void> {
  const a = await expectProblem(unknown, 404);
  const b = await expectProblem(foreign, 404);
  expect(b).toEqual(a);
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
