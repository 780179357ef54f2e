import type { Page } from '@playwright/test';
import {
  api,
  createGroup,
  createKpi,
  expect,
  expectAccessible,
  month,
  recordValue,
  signIn,
  test,
  type Account,
} from './support/fixtures.ts';

test.use({ timezoneId: 'UTC' });

/** Two KPIs; one in a group, with values in the last three months and a projection. */
async function seed(account: Account) {
  const group = await createGroup(account, 'Growth');
  const now = new Date();
  const kpi = await createKpi(account, {
    name: 'Trial conversions',
    description: 'Trials that became **paying** accounts.',
    groups: [group.id],
    formatting: { prefix: '', suffix: '%', fractionSize: 1 },
  });
  await createKpi(account, { name: 'Average deal size', formatting: { prefix: '$' } });
  for (const [back, value] of [
    [2, 12.5],
    [1, 14],
    [0, 13.2],
  ] as const) {
    await recordValue(account, kpi.id, month(now, back).key, value);
  }
  await api(account, 'POST', `/v1/kpis/${kpi.id}/projections`, { date: '2030-06-30', value: 20 });
  return kpi;
}

/** Checks the pages a person spends most time on: the list, a KPI with data, the form. */
async function expectPagesAccessible(page: Page, kpiId: string) {
  await page.goto('/kpis');
  await expect(
    page.getByRole('table').getByRole('link', { name: 'Trial conversions' }),
  ).toBeVisible();
  // Values, changes and trends are in, not skeletons.
  await expect(page.getByRole('img', { name: /Trial conversions over the last/ })).toBeVisible();
  await expectAccessible(page);

  await page.goto(`/kpis/${kpiId}`);
  await expect(page.getByRole('heading', { name: 'Trial conversions', level: 1 })).toBeVisible();
  const chart = page.getByRole('region', { name: 'Values over time' });
  await chart.getByRole('button', { name: 'Show data table' }).click();
  await expect(chart.getByRole('region', { name: 'Chart data' })).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Update history' }).locator('tbody tr'),
  ).toHaveCount(3);
  await expect(page.getByRole('region', { name: 'Projections' }).getByRole('table')).toBeVisible();
  await expect(
    page
      .getByRole('region', { name: 'Statistics' })
      .getByRole('heading', { name: 'Current period' }),
  ).toBeVisible();
  await expectAccessible(page);

  await page.goto('/kpis/new');
  await expect(page.getByRole('group', { name: 'Owners' }).getByRole('checkbox')).toHaveCount(1);
  await expectAccessible(page);
  // With an error shown, too.
  await page.getByRole('button', { name: 'Create KPI' }).click();
  await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
}

test('the delete dialog closes on Escape and gives focus back', async ({ page, account }) => {
  const kpi = await createKpi(account, { name: 'Escape hatch' });
  await signIn(page, account);
  await page.goto(`/kpis/${kpi.id}`);

  const opener = page.getByRole('button', { name: 'Delete KPI' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Delete “Escape hatch”?' });
  await expect(dialog).toBeVisible();
  // Focus is inside the dialog, and Tab stays there.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Delete KPI' })).toBeFocused();
  await expectAccessible(page);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Escape hatch', level: 1 })).toBeVisible();
  // Escape deleted nothing: the KPI is still there.
  await api(account, 'GET', `/v1/kpis/${kpi.id}`);
});

test('the period switch and the sort headers work from the keyboard', async ({ page, account }) => {
  await createKpi(account, { name: 'Alpha' });
  await createKpi(account, { name: 'Bravo' });
  await signIn(page, account);
  const names = page.getByRole('table').locator('tbody th[scope="row"]');
  await expect(names).toHaveText(['Alpha', 'Bravo']);

  // Tab reaches the period switch after the owner filter; the arrow keys move the choice.
  const monthly = page.getByRole('radio', { name: 'Month' });
  await expect(monthly).toBeChecked();
  await page.getByRole('combobox', { name: 'Owner', exact: true }).focus();
  await page.keyboard.press('Tab');
  await expect(monthly).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Quarter' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Quarter' })).toBeFocused();
  await expect(page).toHaveURL(/[?&]period=quarter(&|$)/);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('radio', { name: 'Week' })).toBeChecked();
  await expect(page).toHaveURL(/[?&]period=week(&|$)/);

  // The next Tab reaches the sort headers, which are buttons: Enter and Space sort.
  const nameSort = page.getByRole('columnheader', { name: 'KPI' });
  const nameButton = nameSort.getByRole('button');
  await page.keyboard.press('Tab');
  await expect(nameButton).toBeFocused();
  await expect(nameButton).toHaveCSS('outline-style', 'solid');
  await page.keyboard.press('Enter');
  await expect(nameSort).toHaveAttribute('aria-sort', 'descending');
  await expect(names).toHaveText(['Bravo', 'Alpha']);
  await expect(page).toHaveURL(/[?&]sort=-name(&|$)/);
  await expect(nameButton).toBeFocused();
  await page.keyboard.press('Space');
  await expect(nameSort).toHaveAttribute('aria-sort', 'ascending');
  await expect(names).toHaveText(['Alpha', 'Bravo']);

  await page.keyboard.press('Tab');
  const valueSort = page.getByRole('columnheader', { name: 'Value' });
  await expect(valueSort.getByRole('button')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(valueSort).toHaveAttribute('aria-sort', 'ascending');
  await expect(nameSort).not.toHaveAttribute('aria-sort');
  await expect(page).toHaveURL(/[?&]sort=value(&|$)/);
});

test('the list, a KPI with data and the form pass the accessibility checks', async ({
  page,
  account,
}) => {
  const kpi = await seed(account);
  await signIn(page, account);
  await expectPagesAccessible(page, kpi.id);
});

test.describe('in dark mode', () => {
  test.use({ colorScheme: 'dark' });

  test('the same pages pass the accessibility checks', async ({ page, account }) => {
    const kpi = await seed(account);
    await signIn(page, account);
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    await expectPagesAccessible(page, kpi.id);
  });
});
