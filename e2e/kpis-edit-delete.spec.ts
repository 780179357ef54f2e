import { api, createKpi, expect, recordValue, signIn, test } from './support/fixtures.ts';

test('a KPI is renamed and reformatted, then deleted with its values and projections', async ({
  page,
  account,
}) => {
  const kpi = await createKpi(account, {
    name: 'Churn',
    formatting: { prefix: '', suffix: '%', fractionSize: 1 },
    targetOperator: 'should_decrease',
  });
  await createKpi(account, { name: 'Net revenue retention' });
  await recordValue(account, kpi.id, '2024-05', 3.2);
  await api(account, 'POST', `/v1/kpis/${kpi.id}/projections`, { date: '2030-01-01', value: 2 });

  await signIn(page, account);
  await page.goto(`/kpis/${kpi.id}`);
  const history = page.getByRole('region', { name: 'Update history' });
  await expect(history.locator('tbody tr')).toContainText(['3.2%']);

  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/kpis/${kpi.id}/edit$`));
  await expect(page.getByRole('heading', { name: 'Edit KPI', level: 1 })).toBeVisible();
  const name = page.getByLabel('Name');
  await expect(name).toHaveValue('Churn');
  await expect(page.getByRole('radio', { name: /Lower is better/ })).toBeChecked();
  await name.fill('Monthly churn');
  const suffix = page.getByLabel('Suffix');
  await expect(suffix).toHaveValue('%');
  await suffix.fill(' pts');
  await expect(page.getByRole('status').filter({ hasText: /\d/ })).toHaveText('1,234.6 pts');
  await page.getByRole('button', { name: 'Save changes' }).click();

  await expect(page).toHaveURL(new RegExp(`/kpis/${kpi.id}$`));
  await expect(page.getByRole('heading', { name: 'Monthly churn', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Churn', exact: true })).toHaveCount(0);
  await expect(
    page.locator('dt', { hasText: 'Summarize with' }).locator('xpath=following-sibling::dd[1]'),
  ).toContainText('shown as 1,234.5 pts');
  await expect(history.locator('tbody tr')).toContainText(['3.2 pts']);

  // The confirmation says what goes with it; confirming lands on the list without it.
  await page.getByRole('button', { name: 'Delete KPI' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete “Monthly churn”?' });
  await expect(dialog).toContainText(
    'All of its recorded values (snapshots) and projections are deleted with it',
  );
  await dialog.getByRole('button', { name: 'Delete KPI' }).click();

  await expect(page).toHaveURL(/\/kpis$/);
  await expect(page.getByRole('heading', { name: 'KPIs', level: 1 })).toBeVisible();
  const list = page.getByRole('table');
  await expect(list.getByRole('link', { name: 'Net revenue retention' })).toBeVisible();
  await expect(list.getByRole('link', { name: 'Monthly churn' })).toHaveCount(0);
  await expect(page.getByText('1 KPI ·')).toBeVisible();

  // Its old address now says it is gone.
  await page.goto(`/kpis/${kpi.id}`);
  await expect(page.getByRole('heading', { name: 'KPI not found' })).toBeVisible();
});
