import { api, createGroup, createKpi, expect, signIn, test } from './support/fixtures.ts';

test('the KPI form shows each problem next to its field and keeps what was typed', async ({
  page,
  account,
}) => {
  const group = await createGroup(account, 'Soon gone');
  await signIn(page, account);
  await page.goto('/kpis/new');

  const name = page.getByLabel('Name');
  const description = page.getByRole('textbox', { name: 'Description' });
  await description.fill('Kept while the name is wrong.');
  await page.getByLabel('Suffix').fill('%');
  await page.getByLabel('Decimals').selectOption('3');
  await page.getByRole('button', { name: 'Create KPI' }).click();

  await expect(name).toHaveAccessibleDescription('Enter a name.');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toBeFocused();
  await expect(description).toHaveValue('Kept while the name is wrong.');
  await expect(page.getByLabel('Suffix')).toHaveValue('%');
  await expect(page.getByLabel('Decimals')).toHaveValue('3');
  await expect(page).toHaveURL(/\/kpis\/new$/);

  // Too long for the contract: refused before it is sent, the text left as typed.
  const long = 'x'.repeat(300);
  await name.fill(long);
  await expect(name).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Create KPI' }).click();
  await expect(name).toHaveAccessibleDescription('Use at most 255 characters.');
  await expect(name).toHaveValue(long);

  // What only the server can know: the group picked here was deleted meanwhile. Its 400 is
  // shown next to the groups, and nothing typed is lost.
  await name.fill('Conversion rate');
  const groups = page.getByRole('group', { name: 'Groups' });
  await groups.getByRole('checkbox', { name: 'Soon gone' }).check();
  await api(account, 'DELETE', `/v1/kpis/groups/${group.id}`);
  await page.getByRole('button', { name: 'Create KPI' }).click();
  await expect(groups).toHaveAccessibleDescription(`Groups has an unknown group id ${group.id}.`);
  await expect(
    page.getByRole('alert').filter({ hasText: 'Check the fields marked above' }),
  ).toBeVisible();
  await expect(name).toHaveValue('Conversion rate');
  await expect(description).toHaveValue('Kept while the name is wrong.');
  await expect(page).toHaveURL(/\/kpis\/new$/);
  const kpis = await api<{ totalCount: number }>(account, 'GET', '/v2/kpis');
  expect(kpis.totalCount).toBe(0);
});

test('the record form shows a wrong value or period next to it and keeps the input', async ({
  page,
  account,
}) => {
  const kpi = await createKpi(account, { name: 'Orders' });
  await signIn(page, account);
  await page.goto(`/kpis/${kpi.id}?range=last-12-weeks`);

  const form = page.getByRole('region', { name: 'Record a value' });
  await expect(form.getByLabel('Kind of period')).toHaveValue('week');
  const value = form.getByLabel('Value');
  const record = form.getByRole('button', { name: 'Record value' });

  await value.fill('12 apples');
  await record.click();
  await expect(value).toHaveAccessibleDescription('Enter a number, such as 1250 or 12.5');
  await expect(value).toHaveAttribute('aria-invalid', 'true');
  await expect(value).toHaveValue('12 apples');

  // A number the form reads, but beyond what the server keeps: its 400 lands on the value.
  await value.fill('2e15');
  await expect(value).not.toHaveAttribute('aria-invalid', 'true');
  await record.click();
  await expect(value).toHaveAccessibleDescription('must be at most 1e15');
  await expect(value).toHaveValue('2e15');

  // A year the week picker cannot read is named next to the period, not the value.
  const year = form.getByLabel('Year');
  await year.fill('19');
  await value.fill('12');
  await record.click();
  await expect(year).toHaveAccessibleDescription(/Enter a year from 1970 to 9999/);
  await expect(form.getByLabel('Week')).toHaveAttribute('aria-invalid', 'true');
  await expect(value).not.toHaveAttribute('aria-invalid', 'true');
  await expect(year).toHaveValue('19');
  await expect(value).toHaveValue('12');

  const history = await api<{ totalCount: number }>(account, 'GET', `/v1/kpis/${kpi.id}/snapshots`);
  expect(history.totalCount).toBe(0);
});
