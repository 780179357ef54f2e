import type { Page } from '@playwright/test';
import { addUser, createGroup, createKpi, expect, signIn, test } from './support/fixtures.ts';

test.use({ timezoneId: 'UTC' });

/** The KPI names in the list's rows, top to bottom. */
const kpiNames = (page: Page) => page.getByRole('table').locator('tbody th[scope="row"]');

test('the list is searched, filtered, sorted and switched, and the URL keeps all of it', async ({
  page,
  account,
}) => {
  const [sales, support] = await Promise.all([
    createGroup(account, 'Sales'),
    createGroup(account, 'Support'),
  ]);
  const ann = await addUser(account, 'Ann Lee');
  const me = [account.userId];
  await Promise.all([
    createKpi(account, { name: 'Revenue', groups: [sales.id], ownerIds: me }),
    createKpi(account, { name: 'Pipeline value', groups: [sales.id], ownerIds: [ann.userId] }),
    createKpi(account, { name: 'New customers', groups: [sales.id], ownerIds: me }),
    createKpi(account, { name: 'Ticket backlog', groups: [support.id], ownerIds: [ann.userId] }),
    createKpi(account, { name: 'First response time', groups: [support.id], ownerIds: me }),
    createKpi(account, { name: 'Office plants', ownerIds: [ann.userId] }),
  ]);

  await signIn(page, account);
  const names = kpiNames(page);
  await expect(names).toHaveText([
    'First response time',
    'New customers',
    'Office plants',
    'Pipeline value',
    'Revenue',
    'Ticket backlog',
  ]);
  await expect(page.getByText('6 KPIs · monthly values in UTC')).toBeVisible();

  const search = page.getByRole('searchbox', { name: 'Search by name' });
  const group = page.getByRole('combobox', { name: 'Group', exact: true });
  const owner = page.getByRole('combobox', { name: 'Owner', exact: true });

  // Search by name, case-insensitively.
  await search.fill('RE');
  await search.press('Enter');
  await expect(names).toHaveText(['First response time', 'Revenue']);
  await expect(page).toHaveURL(/[?&]q=RE(&|$)/);
  await expect(page.getByText('2 matching KPIs')).toBeVisible();
  await search.fill('');
  await search.press('Enter');
  await expect(names).toHaveCount(6);

  await group.selectOption({ label: 'Sales' });
  await expect(names).toHaveText(['New customers', 'Pipeline value', 'Revenue']);
  await expect(page).toHaveURL(new RegExp(`[?&]group=${sales.id}(&|$)`));

  await group.selectOption({ label: 'My KPIs' });
  await expect(names).toHaveText(['First response time', 'New customers', 'Revenue']);
  await expect(page).toHaveURL(/[?&]group=mine(&|$)/);

  await group.selectOption({ label: 'Ungrouped' });
  await expect(names).toHaveText(['Office plants']);
  await expect(page).toHaveURL(/[?&]group=ungrouped(&|$)/);

  await group.selectOption({ label: 'All KPIs' });
  await owner.selectOption({ label: 'Ann Lee' });
  await expect(names).toHaveText(['Office plants', 'Pipeline value', 'Ticket backlog']);
  await expect(page).toHaveURL(new RegExp(`[?&]owner=${ann.userId}(&|$)`));
  await expect(page).not.toHaveURL(/[?&]group=/);

  await group.selectOption({ label: 'Support' });
  await expect(names).toHaveText(['Ticket backlog']);

  // A filter that matches nothing says so and offers the way back.
  await search.fill('plants');
  await search.press('Enter');
  await expect(page.getByText('No KPIs match')).toBeVisible();
  await expect(
    page.getByText('No KPI named like “plants”, in Support, owned by Ann Lee.'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(names).toHaveCount(6);
  await expect(page).not.toHaveURL(/[?&](q|group|owner)=/);

  // Everything at once: a search, a group, an owner, a sort and a period.
  await search.fill('n');
  await search.press('Enter');
  await group.selectOption({ label: 'Sales' });
  await owner.selectOption({ label: 'Me (Jo Tester)' });
  await expect(names).toHaveText(['New customers', 'Revenue']);
  const nameHeader = page.getByRole('columnheader', { name: 'KPI' });
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await nameHeader.getByRole('button').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(names).toHaveText(['Revenue', 'New customers']);
  // The period switch is drawn as a segmented control: a person clicks the visible label.
  await page.getByText('Week', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'Week' })).toBeChecked();
  await expect(page.getByText('2 matching KPIs · weekly values in UTC')).toBeVisible();

  const url = new URL(page.url());
  expect(Object.fromEntries(url.searchParams)).toEqual({
    q: 'n',
    group: sales.id,
    owner: account.userId,
    sort: '-name',
    period: 'week',
  });

  await page.reload();
  await expect(names).toHaveText(['Revenue', 'New customers']);
  await expect(search).toHaveValue('n');
  await expect(group).toHaveValue(sales.id);
  await expect(owner).toHaveValue(account.userId);
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByRole('radio', { name: 'Week' })).toBeChecked();
  expect(page.url()).toBe(url.toString());
});

test('a new account is offered its first KPI', async ({ page, account }) => {
  await signIn(page, account);
  await expect(page.getByText('No KPIs yet')).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Search by name' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Create your first KPI' }).click();
  await expect(page).toHaveURL(/\/kpis\/new$/);
  await expect(page.getByRole('heading', { name: 'New KPI', level: 1 })).toBeVisible();
});
