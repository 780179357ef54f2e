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

/** A new account and user, created the way an operator does: with the admin command. */
export async function createAccount(name = 'Journey'): Promise<Account> {
  const suffix = randomBytes(4).toString('hex');
  const email = `user-${suffix}@example.test`;
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/server/cli/admin.ts',
      'create-user',
      '--account',
      `${name} ${suffix}`,
      '--email',
      email,
      '--name',
      'Jo Tester',
    ],
    { env: { ...process.env, KPI_DB: process.env.E2E_DB } },
  );
  return { ...(JSON.parse(stdout) as Omit<Account, 'email'>), email };
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
