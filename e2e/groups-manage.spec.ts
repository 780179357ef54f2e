import type { Page } from '@playwright/test';
import {
  api,
  createGroup,
  createKpi,
  expect,
  expectAccessible,
  signIn,
  test,
} from './support/fixtures.ts';

test.use({ timezoneId: 'UTC' });

/** The list of every group on the groups page. */
const groupList = (page: Page) => page.getByRole('list', { name: 'All groups' });

interface GroupRead {
  id: string;
  name: string;
  kpisCount: number;
}

test('a group is created, renamed in place and deleted, and its KPI stays', async ({
  page,
  account,
}) => {
  const kpi = await createKpi(account, { name: 'Churn rate' });
  await signIn(page, account);
  await page.goto('/groups');
  await expect(page.getByRole('heading', { name: 'Groups', level: 1 })).toBeVisible();
  await expect(page.getByText('No groups yet')).toBeVisible();

  // Create.
  const newGroup = page.getByRole('textbox', { name: 'New group' });
  await newGroup.fill('Retention');
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByText('Created Retention. Open it to add KPIs.')).toBeVisible();
  await expect(newGroup).toHaveValue('');
  const list = groupList(page);
  await expect(list.getByRole('link', { name: 'Retention', exact: true })).toBeVisible();
  await expect(page.getByText('No groups yet')).toBeHidden();

  const groups = await api<{ items: GroupRead[] }>(account, 'GET', '/v1/kpis/groups');
  expect(groups.items.map((g) => g.name)).toEqual(['Retention']);
  const groupId = groups.items[0]!.id;
  await expect(list.getByRole('link', { name: 'Retention', exact: true })).toHaveAttribute(
    'href',
    `/groups/${groupId}`,
  );

  // The KPI joins the group elsewhere; the page counts it once reloaded.
  await api(account, 'PUT', `/v1/kpis/${kpi.id}/groups/${groupId}`);
  await page.reload();
  const row = list
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: 'Retention' }) });
  await expect(row).toContainText('1 KPI');

  // Rename, then Escape: nothing is saved and the old name comes back.
  await row.getByRole('button', { name: 'Rename Retention' }).click();
  const nameInput = page.getByRole('textbox', { name: 'New name for Retention' });
  await expect(nameInput).toBeFocused();
  await expect(nameInput).toHaveValue('Retention');
  await nameInput.fill('Something else');
  await nameInput.press('Escape');
  await expect(nameInput).toBeHidden();
  await expect(list.getByRole('link', { name: 'Retention', exact: true })).toBeVisible();
  await expect(list.getByRole('button', { name: 'Rename Retention' })).toBeFocused();
  await page.getByRole('button', { name: 'Rename Retention' }).click();
  await expect(nameInput).toHaveValue('Retention');

  // Rename, then Enter: saved.
  await nameInput.fill('Customer retention');
  await nameInput.press('Enter');
  await expect(nameInput).toBeHidden();
  await expect(list.getByRole('link', { name: 'Customer retention', exact: true })).toBeVisible();
  await expect(list.getByRole('link', { name: 'Retention', exact: true })).toHaveCount(0);
  await expect
    .poll(async () => (await api<GroupRead>(account, 'GET', `/v1/kpis/groups/${groupId}`)).name)
    .toBe('Customer retention');
  await page.reload();
  await expect(list.getByRole('link', { name: 'Customer retention', exact: true })).toBeVisible();

  // Delete: the confirmation says the KPI stays, and it does.
  await list.getByRole('button', { name: 'Delete Customer retention' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete “Customer retention”?' });
  await expect(dialog).toContainText('Its one KPI stays: it is only taken out of this group.');
  await dialog.getByRole('button', { name: 'Delete group' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Deleted “Customer retention”; its KPIs stay.')).toBeVisible();
  await expect(list.getByRole('link', { name: 'Customer retention' })).toHaveCount(0);
  await expect(page.getByText('No groups yet')).toBeVisible();

  const kept = await api<{ id: string; name: string; groups: string[] }>(
    account,
    'GET',
    `/v1/kpis/${kpi.id}`,
  );
  expect(kept).toMatchObject({ id: kpi.id, name: 'Churn rate', groups: [] });
  await page.goto(`/kpis/${kpi.id}`);
  await expect(page.getByRole('heading', { name: 'Churn rate', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Groups' })).toHaveText('In no group');
});

test('after a group is deleted from the list, focus is on the list heading', async ({
  page,
  account,
}) => {
  for (const name of ['North', 'South', 'East', 'West']) await createGroup(account, name);
  await signIn(page, account);
  await page.goto('/groups');
  for (const name of ['North', 'South', 'East', 'West']) {
    await page.getByRole('button', { name: `Delete ${name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete group' }).click();
    await expect(page.getByText(`Deleted “${name}”.`)).toBeVisible();
    await expect(page.getByRole('heading', { name: 'All groups' })).toBeFocused();
  }
});

test('a group deleted from its own page leaves its KPIs in place', async ({ page, account }) => {
  const group = await createGroup(account, 'Support');
  const kpi = await createKpi(account, { name: 'Ticket backlog', groups: [group.id] });
  await createKpi(account, { name: 'First response time', groups: [group.id] });
  await signIn(page, account);
  await page.goto(`/groups/${group.id}`);
  await expect(page.getByRole('heading', { name: 'Support', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Delete group' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete “Support”?' });
  await expect(dialog).toContainText('Its 2 KPIs stay: they are only taken out of this group.');
  await dialog.getByRole('button', { name: 'Delete group' }).click();
  await expect(page).toHaveURL(/\/groups$/);
  await expect(page.getByText('Deleted “Support”; its KPIs stay.')).toBeVisible();
  const kept = await api<{ groups: string[] }>(account, 'GET', `/v1/kpis/${kpi.id}`);
  expect(kept.groups).toEqual([]);
});

test('the groups page and a group page pass the accessibility checks', async ({
  page,
  account,
}) => {
  const sales = await createGroup(account, 'Sales');
  await createGroup(account, 'Hiring');
  await createKpi(account, { name: 'Revenue', groups: [sales.id] });
  await createKpi(account, { name: 'Pipeline value' });
  await signIn(page, account);

  await page.goto('/groups');
  const list = groupList(page);
  await expect(list.getByRole('link')).toHaveText(['My KPIs', 'Ungrouped', 'Hiring', 'Sales']);
  // The counts are in, not skeletons.
  await expect(list.getByRole('listitem').filter({ hasText: 'My KPIs' })).toContainText('2 KPIs');
  await expect(list.getByRole('listitem').filter({ hasText: 'Ungrouped' })).toContainText('1 KPI');
  await expectAccessible(page);
  // With a rename open and a problem shown next to it.
  await list.getByRole('button', { name: 'Rename Sales' }).click();
  const input = page.getByRole('textbox', { name: 'New name for Sales' });
  await input.fill('hiring');
  await input.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('There is already a group named “Hiring”.');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(input).toHaveValue('hiring');
  await expectAccessible(page);
  await input.press('Escape');

  await list.getByRole('link', { name: 'Sales' }).click();
  await expect(page.getByRole('heading', { name: 'Sales', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'KPIs in Sales' }).getByRole('link')).toHaveText([
    'Revenue',
  ]);
  await expectAccessible(page);
  // With the search open on its candidates.
  const search = page.getByRole('combobox', { name: 'Find KPIs to add' });
  await search.click();
  await expect(page.getByRole('option', { name: 'Pipeline value' })).toBeVisible();
  await expectAccessible(page);
});
