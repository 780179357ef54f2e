import type { Page } from '@playwright/test';
import { createGroup, createKpi, expect, signIn, test } from './support/fixtures.ts';

test.use({ timezoneId: 'UTC' });

/** The row names of the groups page, top to bottom (each row has one link: its name). */
const rowNames = (page: Page) => page.getByRole('list', { name: 'All groups' }).getByRole('link');

/**
 * The rows hold still while the pointer or the focus is in the list; a person who moves the
 * pointer away and clicks elsewhere sees the new order.
 */
async function leaveTheList(page: Page) {
  await page.mouse.move(1, 1);
  await page.getByRole('heading', { name: 'Groups', level: 1 }).click();
}

test('starred groups and virtual groups come first, here and in the KPI list filter', async ({
  page,
  account,
}) => {
  const [alpha] = await Promise.all([
    createGroup(account, 'Alpha'),
    createGroup(account, 'Beta'),
    createGroup(account, 'Gamma'),
  ]);
  await createKpi(account, { name: 'Revenue', groups: [alpha.id] });
  await signIn(page, account);
  await page.goto('/groups');

  const names = rowNames(page);
  await expect(names).toHaveText(['My KPIs', 'Ungrouped', 'Alpha', 'Beta', 'Gamma']);

  // Star a group and a virtual group. The rows stay put under the pointer until it leaves.
  const starGamma = page.getByRole('button', { name: 'Star Gamma' });
  await expect(starGamma).toHaveAttribute('aria-pressed', 'false');
  await starGamma.click();
  const unstarGamma = page.getByRole('button', { name: 'Unstar Gamma' });
  await expect(unstarGamma).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Star Ungrouped' }).click();
  await expect(page.getByRole('button', { name: 'Unstar Ungrouped' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(names).toHaveText(['My KPIs', 'Ungrouped', 'Alpha', 'Beta', 'Gamma']);

  await leaveTheList(page);
  await expect(names).toHaveText(['Ungrouped', 'Gamma', 'My KPIs', 'Alpha', 'Beta']);

  // The stars are saved.
  await page.reload();
  await expect(names).toHaveText(['Ungrouped', 'Gamma', 'My KPIs', 'Alpha', 'Beta']);
  await expect(unstarGamma).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'Unstar Ungrouped' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByRole('button', { name: 'Star Alpha' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );

  // The KPI list's group filter lists the favorites first, under their own heading.
  await page.goto('/kpis');
  const filter = page.getByRole('combobox', { name: 'Group', exact: true });
  await expect(filter.locator('optgroup[label="Favorites"] option')).toHaveText([
    '★ Ungrouped',
    '★ Gamma',
  ]);
  await expect(filter.locator('optgroup[label="Other groups"] option')).toHaveText([
    'My KPIs',
    'Alpha',
    'Beta',
  ]);
  await expect(filter.locator('option')).toHaveText([
    'All KPIs',
    '★ Ungrouped',
    '★ Gamma',
    'My KPIs',
    'Alpha',
    'Beta',
  ]);

  // Unstar the virtual group: it goes back among the others, in its place.
  await page.goto('/groups');
  await expect(names).toHaveText(['Ungrouped', 'Gamma', 'My KPIs', 'Alpha', 'Beta']);
  await page.getByRole('button', { name: 'Unstar Ungrouped' }).click();
  await expect(page.getByRole('button', { name: 'Star Ungrouped' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await leaveTheList(page);
  await expect(names).toHaveText(['Gamma', 'My KPIs', 'Ungrouped', 'Alpha', 'Beta']);
  await page.reload();
  await expect(names).toHaveText(['Gamma', 'My KPIs', 'Ungrouped', 'Alpha', 'Beta']);

  await page.goto('/kpis');
  await expect(filter.locator('option')).toHaveText([
    'All KPIs',
    '★ Gamma',
    'My KPIs',
    'Ungrouped',
    'Alpha',
    'Beta',
  ]);
});

test('rows moved by the keyboard wait until the focus leaves the list', async ({
  page,
  account,
}) => {
  await Promise.all([createGroup(account, 'Alpha'), createGroup(account, 'Beta')]);
  await signIn(page, account);
  await page.goto('/groups');
  const names = rowNames(page);
  await expect(names).toHaveText(['My KPIs', 'Ungrouped', 'Alpha', 'Beta']);

  const star = page.getByRole('button', { name: 'Star Beta' });
  await star.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Unstar Beta' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Unstar Beta' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  // Still where it was, so a second Enter would undo it.
  await expect(names).toHaveText(['My KPIs', 'Ungrouped', 'Alpha', 'Beta']);

  await page.getByRole('textbox', { name: 'New group' }).focus();
  await expect(names).toHaveText(['Beta', 'My KPIs', 'Ungrouped', 'Alpha']);
});
