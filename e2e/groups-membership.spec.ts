import type { Page } from '@playwright/test';
import { api, createGroup, createKpi, expect, signIn, test } from './support/fixtures.ts';

test.use({ timezoneId: 'UTC' });

/** The KPI names in the KPI list's rows, top to bottom. */
const listedKpis = (page: Page) => page.getByRole('table').locator('tbody th[scope="row"]');

test('KPIs join and leave a group from its page and from their own, and the list agrees', async ({
  page,
  account,
}) => {
  const [sales, support] = await Promise.all([
    createGroup(account, 'Sales'),
    createGroup(account, 'Support'),
  ]);
  const [revenue, pipeline, churn] = await Promise.all([
    createKpi(account, { name: 'Revenue' }),
    createKpi(account, { name: 'Pipeline value' }),
    createKpi(account, { name: 'Churn' }),
    createKpi(account, { name: 'Ticket backlog', groups: [support.id] }),
    createKpi(account, { name: 'Renewals' }),
  ]);
  await signIn(page, account);
  await page.goto(`/groups/${sales.id}`);
  await expect(page.getByRole('heading', { name: 'Sales', level: 1 })).toBeVisible();
  await expect(page.getByText('No KPIs in Sales yet')).toBeVisible();

  // The search lists only KPIs outside the group, by name.
  const search = page.getByRole('combobox', { name: 'Find KPIs to add' });
  const options = page.getByRole('listbox', { name: 'KPIs outside Sales' }).getByRole('option');
  await search.click();
  await expect(search).toHaveAttribute('aria-expanded', 'true');
  await expect(options).toHaveText([
    'Churn',
    'Pipeline value',
    'Renewals',
    'Revenue',
    'Ticket backlog',
  ]);

  // Pick one with the pointer…
  await search.fill('rev');
  await expect(options).toHaveText(['Revenue']);
  await options.filter({ hasText: 'Revenue' }).click();
  await expect(options.filter({ hasText: 'Revenue' })).toHaveAttribute('aria-selected', 'true');
  // …and one with the keyboard.
  await search.fill('PIPE');
  await expect(page.getByRole('listbox', { name: 'KPIs outside Sales' })).toHaveAttribute(
    'aria-busy',
    'false',
  );
  await expect(options).toHaveText(['Pipeline value']);
  await search.press('Enter');
  await expect(options.filter({ hasText: 'Pipeline value' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByRole('list', { name: 'Selected KPIs' }).getByRole('listitem')).toHaveText([
    'Revenue',
    'Pipeline value',
  ]);
  await search.press('Escape');
  await expect(search).toHaveAttribute('aria-expanded', 'false');

  await page.getByRole('button', { name: 'Add 2 KPIs' }).click();
  await expect(page.getByText('Added 2 KPIs to Sales.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Selected KPIs' })).toHaveCount(0);
  const members = page.getByRole('list', { name: 'KPIs in Sales' }).getByRole('link');
  await expect(members).toHaveText(['Pipeline value', 'Revenue']);
  await expect(page.getByText('2 KPIs ·')).toBeVisible();

  // The members are no longer offered.
  await search.fill('');
  await search.click();
  await expect(options).toHaveText(['Churn', 'Renewals', 'Ticket backlog']);
  await search.press('Escape');

  // Take one out again.
  await page.getByRole('button', { name: 'Remove Revenue from Sales' }).click();
  await expect(members).toHaveText(['Pipeline value']);
  await expect(page.getByText('1 KPI ·')).toBeVisible();

  // From a KPI's own page: into two groups, then out of one.
  await page.goto(`/kpis/${churn.id}`);
  await expect(page.getByRole('heading', { name: 'Churn', level: 1 })).toBeVisible();
  const chips = page.getByRole('list', { name: 'Groups' });
  await expect(chips).toHaveText('In no group');
  const addTo = page.getByRole('combobox', { name: 'Add to group' });
  await addTo.selectOption({ label: 'Sales' });
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(chips.getByRole('link')).toHaveText(['Sales']);
  await expect(addTo).toHaveValue('');
  await expect(addTo.locator('option')).toHaveText(['Add to group…', 'Support']);
  await addTo.selectOption({ label: 'Support' });
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(chips.getByRole('link')).toHaveText(['Sales', 'Support']);
  await chips.getByRole('button', { name: 'Remove from Support' }).click();
  await expect(chips.getByRole('link')).toHaveText(['Sales']);
  await expect(chips.getByRole('link', { name: 'Sales' })).toHaveAttribute(
    'href',
    `/kpis?group=${sales.id}`,
  );

  const saved = await api<{ groups: string[] }>(account, 'GET', `/v1/kpis/${churn.id}`);
  expect(saved.groups).toEqual([sales.id]);

  // The group's page, and the KPI list filtered by the group, show exactly the members.
  await page.goto(`/groups/${sales.id}`);
  await expect(members).toHaveText(['Churn', 'Pipeline value']);
  await page.getByRole('link', { name: 'Show with values in the KPI list' }).click();
  await expect(page).toHaveURL(new RegExp(`/kpis\\?group=${sales.id}$`));
  await expect(page.getByRole('combobox', { name: 'Group', exact: true })).toHaveValue(sales.id);
  await expect(listedKpis(page)).toHaveText(['Churn', 'Pipeline value']);

  await page.goto(`/kpis?group=${support.id}`);
  await expect(listedKpis(page)).toHaveText(['Ticket backlog']);

  const revenueNow = await api<{ groups: string[] }>(account, 'GET', `/v1/kpis/${revenue.id}`);
  const pipelineNow = await api<{ groups: string[] }>(account, 'GET', `/v1/kpis/${pipeline.id}`);
  expect(revenueNow.groups).toEqual([]);
  expect(pipelineNow.groups).toEqual([sales.id]);
});
