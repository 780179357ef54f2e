import { createAccount, expect, expectAccessible, signIn, test } from './support/fixtures.ts';

test('the printed sign-in link signs the user in, and sign out clears it', async ({
  page,
  account,
}) => {
  await signIn(page, account);
  await expect(page.getByTestId('signed-in-user')).toContainText('Jo Tester');
  await expect(page).not.toHaveURL(/token=/);
  await page.reload();
  await expect(page.getByTestId('signed-in-user')).toContainText('Jo Tester');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to KPI Dashboard' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in to KPI Dashboard' })).toBeVisible();
});

test('the sign-in screen checks a token and keeps what was typed', async ({ page, account }) => {
  await page.goto('/kpis');
  const form = page.getByRole('form', { name: 'Sign in to KPI Dashboard' });
  await expectAccessible(page);
  await form.getByLabel('API token').fill('not-a-token');
  await form.getByLabel('Account id').fill(account.accountId);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(form.getByText('The server does not accept this token.')).toBeVisible();
  await expect(form.getByLabel('Account id')).toHaveValue(account.accountId);

  await form.getByLabel('API token').fill(account.token);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-user')).toContainText('Jo Tester');
  await expect(page).toHaveURL(/\/kpis$/);
});

test('a refused token brings the sign-in screen back on the same page', async ({ page }) => {
  const account = await createAccount('Revoked');
  await signIn(page, account);
  const { execFile } = await import('node:child_process');
  await new Promise<void>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/server/cli/admin.ts', 'revoke-token', '--token', account.token],
      { env: { ...process.env, KPI_DB: process.env.E2E_DB } },
      (error) => (error ? reject(error) : resolve()),
    ),
  );
  await page.goto('/kpis?q=revenue');
  await expect(page.getByText('Your session has ended.')).toBeVisible();
  await expect(page).toHaveURL(/\/kpis\?q=revenue$/);
});
