import { addUser, createGroup, expect, signIn, test } from './support/fixtures.ts';

test('a KPI is created through the form and its page shows what was chosen', async ({
  page,
  account,
}) => {
  const group = await createGroup(account, 'Finance');
  await addUser(account, 'Ann Lee');
  await signIn(page, account);

  await page.getByRole('link', { name: 'Create your first KPI' }).click();
  await expect(page).toHaveURL(/\/kpis\/new$/);
  await expect(page.getByRole('heading', { name: 'New KPI', level: 1 })).toBeVisible();

  await page.getByLabel('Name').fill('Recurring revenue');
  const description = page.getByRole('textbox', { name: 'Description' });
  await description.fill(
    'Revenue from **active subscriptions**, see [the finance report](https://example.com/report).',
  );
  await page.getByRole('tab', { name: 'Preview' }).click();
  const preview = page.getByRole('tabpanel', { name: 'Preview' });
  await expect(preview.locator('strong')).toHaveText('active subscriptions');
  await expect(preview.getByRole('link', { name: 'the finance report' })).toHaveAttribute(
    'href',
    'https://example.com/report',
  );
  await page.getByRole('tab', { name: 'Write' }).click();
  await expect(description).toBeVisible();

  await page.getByLabel('Summarise with').selectOption({ label: 'Sum' });
  await expect(page.getByLabel('Summarise with')).toHaveAccessibleDescription(
    'A period shows its values added up.',
  );
  await page.getByRole('radio', { name: /Lower is better/ }).check();
  await expect(page.getByRole('radio', { name: /Higher is better/ })).not.toBeChecked();

  // The example follows every change to the number format as it is typed.
  const example = page.getByRole('status').filter({ hasText: /\d/ });
  await expect(example).toHaveText('1,235');
  await page.getByLabel('Prefix').fill('€');
  await expect(example).toHaveText('€1,235');
  await page.getByLabel('Suffix').fill('k');
  await expect(example).toHaveText('€1,235k');
  await page.getByLabel('Decimals').selectOption('2');
  await expect(example).toHaveText('€1,234.57k');

  const owners = page.getByRole('group', { name: 'Owners' });
  await expect(owners.getByRole('checkbox', { name: /Jo Tester \(you\)/ })).toBeChecked();
  await owners.getByRole('checkbox', { name: /Ann Lee/ }).check();
  await expect(owners.getByText('2 selected')).toBeVisible();
  const groups = page.getByRole('group', { name: 'Groups' });
  await groups.getByRole('checkbox', { name: 'Finance' }).check();

  await page.getByRole('button', { name: 'Create KPI' }).click();

  await expect(page).toHaveURL(/\/kpis\/[0-9a-f]{24}$/);
  await expect(page.getByRole('heading', { name: 'Recurring revenue', level: 1 })).toBeVisible();
  await expect(page).toHaveTitle('Recurring revenue · KPI Dashboard');
  await expect(page.locator('main strong').first()).toHaveText('active subscriptions');
  await expect(page.getByRole('link', { name: 'the finance report' })).toHaveAttribute(
    'href',
    'https://example.com/report',
  );
  const fact = (term: string) =>
    page.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
  await expect(fact('Owners')).toHaveText('Jo Tester, Ann Lee');
  await expect(fact('Summarize with')).toHaveText('Sum · ↓ Lower is better · shown as €1,234.50k');
  await expect(
    fact('Groups').getByRole('list', { name: 'Groups' }).getByRole('link', { name: 'Finance' }),
  ).toHaveAttribute('href', `/kpis?group=${group.id}`);
  // A brand-new KPI has nothing recorded yet, and says what to do next.
  await expect(
    page.getByRole('region', { name: 'Update history' }).getByText('No values yet'),
  ).toBeVisible();
});
