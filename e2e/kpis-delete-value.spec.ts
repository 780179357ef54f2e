import { createKpi, expect, month, recordValue, signIn, test } from './support/fixtures.ts';

test.use({ timezoneId: 'UTC' });

test('a value deleted from the history leaves the history and the chart data', async ({
  page,
  account,
}) => {
  const kpi = await createKpi(account, { name: 'Open incidents', aggregation: 'last' });
  const now = new Date();
  const thisMonth = month(now);
  const lastMonth = month(now, 1);
  const monthBefore = month(now, 2);
  await recordValue(account, kpi.id, monthBefore.key, 30);
  await recordValue(account, kpi.id, lastMonth.key, 20);
  await recordValue(account, kpi.id, thisMonth.key, 10);

  await signIn(page, account);
  await page.goto(`/kpis/${kpi.id}?range=last-12-months`);

  const chart = page.getByRole('region', { name: 'Values over time' });
  await chart.getByRole('button', { name: 'Show data table' }).click();
  const dataRows = chart.getByRole('region', { name: 'Chart data' }).locator('tbody tr');
  await expect(dataRows).toHaveText([
    `${monthBefore.label}30`,
    `${lastMonth.label}20`,
    `${thisMonth.label}10`,
  ]);

  const history = page.getByRole('region', { name: 'Update history' });
  const historyRows = history.locator('tbody tr');
  await expect(historyRows).toHaveCount(3);
  const remove = history.getByRole('button', {
    name: `Delete the value 20 for ${lastMonth.label}`,
  });

  // Cancelling keeps it.
  await remove.click();
  const dialog = page.getByRole('dialog', { name: 'Delete this value?' });
  await expect(dialog).toContainText(
    `The value 20 recorded for ${lastMonth.label} by Jo Tester will be removed.`,
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(historyRows).toHaveCount(3);

  await remove.click();
  await dialog.getByRole('button', { name: 'Delete value' }).click();
  await expect(dialog).toBeHidden();

  await expect(historyRows).toHaveCount(2);
  await expect(remove).toHaveCount(0);
  await expect(historyRows.filter({ hasText: lastMonth.label })).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Update history pages' })).toContainText(
    '1–2 of 2',
  );
  await expect(dataRows).toHaveText([`${monthBefore.label}30`, `${thisMonth.label}10`]);

  // The deletion is the server's, not only the page's.
  await page.reload();
  await expect(historyRows).toHaveCount(2);
  await expect(historyRows.filter({ hasText: lastMonth.label })).toHaveCount(0);
});
