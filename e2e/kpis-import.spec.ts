import { createKpi, expect, signIn, test } from './support/fixtures.ts';

test('a pasted CSV is previewed row by row, blocked while a row is wrong, then imported', async ({
  page,
  account,
}) => {
  const kpi = await createKpi(account, {
    name: 'Monthly active users',
    formatting: { prefix: '', suffix: '', fractionSize: 1 },
  });
  await signIn(page, account);
  await page.goto(`/kpis/${kpi.id}`);

  const recordSection = page.getByRole('region', { name: 'Record a value' });
  await recordSection.getByRole('button', { name: 'Import CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import values into Monthly active users' });
  await expect(dialog).toBeVisible();

  const text = dialog.getByLabel('Or paste CSV text');
  await text.fill('period,value\n2024-01,100\n2024-02,abc\n2024-03,130.5\n');

  const preview = dialog.getByRole('region', { name: 'Preview of the rows' });
  await expect(dialog.getByText('2 rows ready, 1 with errors')).toBeVisible();
  await expect(dialog.getByText('header row “period, value” skipped')).toBeVisible();
  const previewRows = preview.locator('tbody tr');
  await expect(previewRows).toHaveCount(3);
  await expect(previewRows.nth(1)).toContainText('“abc” is not a number');
  await expect(previewRows.nth(0)).toContainText('Ready');
  await expect(previewRows.nth(2)).toContainText('Ready');
  const importButton = dialog.getByRole('button', { name: /^Import \d+ values?$/ });
  await expect(importButton).toHaveText('Import 2 values');
  await expect(importButton).toBeDisabled();
  await expect(importButton).toHaveAccessibleDescription(
    /Correct or remove the rows with errors to import/,
  );

  // Only the wrong rows, on request.
  await dialog.getByRole('checkbox', { name: 'Only rows with errors' }).check();
  await expect(previewRows).toHaveCount(1);
  await expect(previewRows.first()).toContainText('abc');
  await dialog.getByRole('checkbox', { name: 'Only rows with errors' }).uncheck();

  await text.fill('period,value\n2024-01,100\n2024-02,115\n2024-03,130.5\n');
  await expect(dialog.getByText('3 rows ready, 0 with errors')).toBeVisible();
  await expect(importButton).toHaveText('Import 3 values');
  await expect(importButton).toBeEnabled();
  await importButton.click();

  await expect(dialog).toBeHidden();
  await expect(recordSection.getByRole('status').filter({ hasText: 'Imported' })).toHaveText(
    'Imported 3 values',
  );

  const history = page.getByRole('region', { name: 'Update history' });
  const historyRows = history.locator('tbody tr');
  await expect(historyRows).toHaveCount(3);
  for (const [period, value] of [
    ['Jan 2024', '100.0'],
    ['Feb 2024', '115.0'],
    ['Mar 2024', '130.5'],
  ] as const) {
    await expect(historyRows.filter({ hasText: period })).toContainText(value);
  }
  await expect(page.getByRole('navigation', { name: 'Update history pages' })).toContainText(
    '1–3 of 3',
  );
});
