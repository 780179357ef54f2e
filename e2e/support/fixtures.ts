import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Account {
  accountId: string;
  userId: string;
  token: string;
  email: string;
}

/**
 * Runs the admin command on the journeys' database; it prints one line of JSON. The command
 * writes beside the running server, and SQLite may refuse its transaction while the server is
 * writing ("database is locked"); nothing is written then, so it is run again.
 */
async function admin<T>(args: string[]): Promise<T> {
  const command = ['--import', 'tsx', 'src/server/cli/admin.ts', ...args];
  const env = { ...process.env, KPI_DB: process.env.E2E_DB };
  for (let attempt = 1; ; attempt++) {
    try {
      const { stdout } = await run(process.execPath, command, { env });
      return JSON.parse(stdout) as T;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      if (attempt >= 5 || !stderr.includes('database is locked')) throw error;
    }
  }
}

/** A new account and user, created the way an operator does: with the admin command. */
export async function createAccount(name = 'Journey'): Promise<Account> {
  const suffix = randomBytes(4).toString('hex');
  const email = `user-${suffix}@example.test`;
  const created = await admin<Omit<Account, 'email'>>([
    'create-user',
    '--account',
    `${name} ${suffix}`,
    '--email',
    email,
    '--name',
    'Jo Tester',
  ]);
  return { ...created, email };
}

/**
 * Another person in the same account (a possible owner), added with the admin command under the
 * account's name as `GET /users/me` tells it.
 */
export async function addUser(account: Account, name: string): Promise<Account> {
  const me = await api<{ account: { id: string; name: string } }>(account, 'GET', '/v1/users/me');
  const email = `user-${randomBytes(4).toString('hex')}@example.test`;
  const created = await admin<Omit<Account, 'email'>>([
    'create-user',
    '--account',
    me.account.name,
    '--email',
    email,
    '--name',
    name,
  ]);
  if (created.accountId !== account.accountId) {
    throw new Error(`${name} joined account ${created.accountId}, not ${account.accountId}`);
  }
  return { ...created, email };
}

/** A JSON call to the API as the account's user, for seeding. */
export async function api<T = unknown>(
  account: Account,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${process.env.E2E_BASE_URL}/results/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${account.token}`,
      'gtmhub-accountId': account.accountId,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export interface SeededKpi {
  id: string;
  name: string;
}

/** A KPI created through the API; owned by the account's user unless `ownerIds` says otherwise. */
export function createKpi(
  account: Account,
  body: { name: string } & Record<string, unknown>,
): Promise<SeededKpi> {
  return api<SeededKpi>(account, 'POST', '/v1/kpis', { ownerIds: [account.userId], ...body });
}

export function createGroup(account: Account, name: string): Promise<{ id: string; name: string }> {
  return api(account, 'POST', '/v1/kpis/groups', { name });
}

/** Records a value for a period key (`2024-W05`, `2024-02`) as seen from UTC. */
export function recordValue(
  account: Account,
  kpiId: string,
  group: string,
  value: number,
): Promise<{ id: string }> {
  return api(account, 'POST', `/v1/kpis/${kpiId}/snapshots`, { group, timeZone: 'UTC', value });
}

const DAY_MS = 86_400_000;

/** The ISO week (Monday first) holding `date` in UTC, `weeksBack` weeks earlier. */
export function isoWeek(date: Date, weeksBack = 0): { year: number; week: number; key: string } {
  const day =
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) - weeksBack * 7 * DAY_MS;
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  // A week belongs to the year of its Thursday, and week 1 holds the year's first Thursday.
  const thursday = new Date(day + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return { year, week, key: `${year}-W${String(week).padStart(2, '0')}` };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The calendar month holding `date` in UTC, `monthsBack` months earlier: key and label. */
export function month(date: Date, monthsBack = 0): { key: string; label: string } {
  const first = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - monthsBack, 1));
  const year = first.getUTCFullYear();
  const index = first.getUTCMonth();
  return {
    key: `${year}-${String(index + 1).padStart(2, '0')}`,
    label: `${MONTHS[index]} ${year}`,
  };
}

/** Signs in through the link `npm start` prints. */
export async function signIn(page: Page, account: Account): Promise<void> {
  await page.goto(
    `/sign-in#token=${encodeURIComponent(account.token)}&accountId=${account.accountId}`,
  );
  await expect(page).toHaveURL(/\/kpis/);
}

/** No serious or critical accessibility violations on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  // The axe package is typed against playwright-core; the test runner's Page is the same object.
  const options = { page } as unknown as ConstructorParameters<typeof AxeBuilder>[0];
  const results = await new AxeBuilder(options).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
  ).toEqual([]);
}

export const test = base.extend<{ account: Account }>({
  // Playwright reads a fixture's dependencies from its first parameter's pattern; this one has none.
  // eslint-disable-next-line no-empty-pattern
  account: async ({}, use) => {
    await use(await createAccount());
  },
});

export { expect };
