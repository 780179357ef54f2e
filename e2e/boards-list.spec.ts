import type { Page } from '@playwright/test';
import {
  boardByTag,
  createBoard,
  expectTileAt,
  kpiWithWeeklyValues,
  placementsByTitle,
  viewTile,
} from './support/boards.ts';
import { api, expect, expectAccessible, signIn, test } from './support/fixtures.ts';

test.use({ timezoneId: 'UTC' });

/** A section of the boards page, by its title (its name goes on with the count of boards). */
const section = (page: Page, title: string) =>
  page.getByRole('region', { name: new RegExp(`^${title} \\d+ boards?$`) });

/** The board names of a section, in order. */
const boardNames = (page: Page, title: string) =>
  section(page, title).getByRole('heading', { level: 3 });

async function openAction(page: Page, board: string, action: string) {
  await page.getByRole('button', { name: `Actions for “${board}”` }).click();
  await page
    .getByRole('menu', { name: `Actions for “${board}”` })
    .getByRole('menuitem', { name: action })
    .click();
}

test('a board is cloned under a new tag, and a taken tag is refused next to the field', async ({
  page,
  account,
}) => {
  const revenue = await kpiWithWeeklyValues(account, { name: 'Revenue' }, [10, 12]);
  const orders = await kpiWithWeeklyValues(account, { name: 'Orders' }, [3, 4]);
  await createBoard(account, {
    name: 'Sales weekly',
    tag: 'sales-weekly',
    labels: ['Sales'],
    items: [
      {
        type: 'kpi-number',
        title: 'Revenue',
        kpiIds: [revenue.id],
        row: 0,
        col: 0,
        sizeX: 3,
        sizeY: 2,
      },
      {
        type: 'kpi-number',
        title: 'Orders',
        kpiIds: [orders.id],
        row: 0,
        col: 3,
        sizeX: 4,
        sizeY: 2,
      },
      {
        type: 'kpi-chart',
        title: 'Both',
        kpiIds: [revenue.id, orders.id],
        row: 2,
        col: 0,
        sizeX: 7,
        sizeY: 4,
      },
    ],
  });
  await createBoard(account, { name: 'Marketing', tag: 'marketing' });
  await signIn(page, account);
  await page.goto('/insightboards');
  await expect(boardNames(page, 'Sales')).toHaveText(['Sales weekly']);

  await openAction(page, 'Sales weekly', 'Clone…');
  const dialog = page.getByRole('dialog', { name: 'Clone “Sales weekly”' });
  const tag = dialog.getByRole('textbox', { name: 'Tag of the copy' });
  // A free tag is suggested, selected so that typing replaces it.
  await expect(tag).toHaveValue('sales-weekly-copy');
  await expect(tag).toBeFocused();

  // A tag another board has: the 409 shows next to the field, and the typing stays.
  await page.keyboard.type('marketing');
  await expect(tag).toHaveValue('marketing');
  const refused = page.waitForResponse((res) => res.url().endsWith('/clone'));
  await dialog.getByRole('button', { name: 'Clone board' }).click();
  expect((await refused).status()).toBe(409);
  await expect(tag).toHaveAttribute('aria-invalid', 'true');
  await expect(tag).toBeFocused();
  await expect(tag).toHaveAccessibleDescription(
    /“marketing” is already the tag of “Marketing”\. Choose another\./,
  );
  await expect(
    dialog.getByText('“marketing” is already the tag of “Marketing”. Choose another.'),
  ).toBeVisible();
  await expect(tag).toHaveValue('marketing');
  await expect(page).toHaveURL(/\/insightboards$/);
  await expectAccessible(page);

  // A new tag: the copy opens, with the same items in the same places.
  await tag.fill('sales-weekly-2');
  await expect(tag).not.toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('button', { name: 'Clone board' }).click();
  await expect(page).toHaveURL(/\/insightboards\/sales-weekly-2$/);
  await expect(page.getByRole('heading', { name: 'Sales weekly (copy)', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Labels' })).toHaveText('Sales');
  await expectTileAt(page, 'Revenue', { row: 0, col: 0, sizeX: 3, sizeY: 2 });
  await expectTileAt(page, 'Orders', { row: 0, col: 3, sizeX: 4, sizeY: 2 });
  await expectTileAt(page, 'Both', { row: 2, col: 0, sizeX: 7, sizeY: 4 });
  await expect(viewTile(page, 'Revenue')).toContainText('12');

  const original = await boardByTag(account, 'sales-weekly');
  const copy = await boardByTag(account, 'sales-weekly-2');
  expect(copy.id).not.toBe(original.id);
  expect(await placementsByTitle(account, 'sales-weekly-2')).toEqual(
    await placementsByTitle(account, 'sales-weekly'),
  );
  const kpisOf = (board: typeof copy) =>
    board.insights.map((item) => [
      item.insightTitle,
      item.settings.find((s) => s.name === 'kpiIds')?.value,
    ]);
  expect(kpisOf(copy).sort()).toEqual(kpisOf(original).sort());

  // Both are listed under their label.
  await page.getByRole('link', { name: 'All insightboards' }).click();
  await expect(boardNames(page, 'Sales')).toHaveText(['Sales weekly', 'Sales weekly (copy)']);
});

test('an archived board leaves the list, shows with “Show archived”, and is restored', async ({
  page,
  account,
}) => {
  await createBoard(account, { name: 'Hiring plan', tag: 'hiring-plan', labels: ['People'] });
  await createBoard(account, { name: 'Headcount', tag: 'headcount', labels: ['People'] });
  await createBoard(account, { name: 'Roadmap', tag: 'roadmap' });
  await signIn(page, account);
  await page.goto('/insightboards');
  await expect(boardNames(page, 'People')).toHaveText(['Headcount', 'Hiring plan']);
  await expect(boardNames(page, 'Other boards')).toHaveText(['Roadmap']);
  const showArchived = page.getByRole('checkbox', { name: /^Show archived/ });
  await expect(showArchived).toHaveAccessibleName('Show archived (0)');
  await expect(showArchived).not.toBeChecked();

  await openAction(page, 'Hiring plan', 'Archive');
  await expect(
    page.getByRole('status').filter({ hasText: 'Archived “Hiring plan”.' }),
  ).toBeVisible();
  await expect(boardNames(page, 'People')).toHaveText(['Headcount']);
  await expect(page.getByRole('link', { name: 'Hiring plan' })).toHaveCount(0);
  await expect(showArchived).toHaveAccessibleName('Show archived (1)');
  await expect(section(page, 'Archived')).toHaveCount(0);
  expect((await boardByTag(account, 'hiring-plan')).archived).toBe(true);

  // Hidden by default, after a reload too.
  await page.reload();
  await expect(boardNames(page, 'People')).toHaveText(['Headcount']);
  await expect(page.getByRole('link', { name: 'Hiring plan' })).toHaveCount(0);

  await showArchived.check();
  await expect(page).toHaveURL(/[?&]archived=1(&|$)/);
  await expect(boardNames(page, 'Archived')).toHaveText(['Hiring plan']);
  // The archived board keeps its label, but its label's section does not list it.
  await expect(section(page, 'Archived').getByRole('list', { name: 'Labels' })).toHaveText(
    'People',
  );
  await expect(boardNames(page, 'People')).toHaveText(['Headcount']);
  await page.reload();
  await expect(showArchived).toBeChecked();
  await expect(boardNames(page, 'Archived')).toHaveText(['Hiring plan']);

  await section(page, 'Archived').getByRole('button', { name: 'Restore “Hiring plan”' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Restored “Hiring plan”.' }),
  ).toBeVisible();
  await expect(boardNames(page, 'People')).toHaveText(['Headcount', 'Hiring plan']);
  await expect(
    page.getByRole('region', { name: 'Archived' }).getByText('No board is archived.', {
      exact: false,
    }),
  ).toBeVisible();
  await expect(showArchived).toHaveAccessibleName('Show archived (0)');
  expect((await boardByTag(account, 'hiring-plan')).archived).toBe(false);

  await showArchived.uncheck();
  await expect(page).not.toHaveURL(/archived=/);
  await expect(page.getByRole('region', { name: 'Archived' })).toHaveCount(0);
  await page.reload();
  await expect(boardNames(page, 'People')).toHaveText(['Headcount', 'Hiring plan']);
});

test('the Performance report opens from the boards page', async ({ page, account }) => {
  await signIn(page, account);
  await page.goto('/insightboards');
  await expect(boardNames(page, 'Reports')).toHaveText(['Performance report', 'Process report']);
  await expect(page.getByText('0 boards · 2 reports')).toBeVisible();

  await section(page, 'Reports').getByRole('link', { name: 'Performance report' }).click();
  await expect(page).toHaveURL(/\/insightboards\/performance-report$/);
  await expect(page.getByRole('heading', { name: 'Performance report', level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Labels' })).toHaveText('Report');
  await expect(page).toHaveTitle('Performance report · KPI Dashboard');
  await expect(page.getByRole('button', { name: 'Edit board' }).first()).toBeEnabled();

  // Reports can be renamed and cloned, never archived or deleted.
  await page.getByRole('link', { name: 'All insightboards' }).click();
  await page.getByRole('button', { name: 'Actions for “Performance report”' }).click();
  await expect(
    page.getByRole('menu', { name: 'Actions for “Performance report”' }).getByRole('menuitem'),
  ).toHaveText(['Rename…', 'Clone…']);
});

test('the boards page passes the accessibility checks', async ({ page, account }) => {
  const kpi = await kpiWithWeeklyValues(account, { name: 'Revenue' }, [10, 12]);
  await createBoard(account, {
    name: 'Sales weekly',
    tag: 'sales-weekly',
    labels: ['Sales'],
    items: [
      {
        type: 'kpi-number',
        title: 'Revenue',
        kpiIds: [kpi.id],
        row: 0,
        col: 0,
        sizeX: 3,
        sizeY: 2,
      },
    ],
  });
  const archived = await createBoard(account, { name: 'Old plan', tag: 'old-plan' });
  await api(account, 'PUT', `/v1/dashboards/${archived.id}`, { name: 'Old plan', archived: true });
  await createBoard(account, { name: 'Roadmap', tag: 'roadmap' });
  await signIn(page, account);

  await page.goto('/insightboards?archived=1');
  await expect(boardNames(page, 'Sales')).toHaveText(['Sales weekly']);
  await expect(boardNames(page, 'Archived')).toHaveText(['Old plan']);
  await expect(page.getByText('2 boards · 2 reports')).toBeVisible();
  await expectAccessible(page);

  // With a board's menu open, and with the create dialog showing its problems.
  await page.getByRole('button', { name: 'Actions for “Roadmap”' }).click();
  await expect(page.getByRole('menuitem', { name: 'Rename…' })).toBeFocused();
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Actions for “Roadmap”' })).toBeFocused();

  await page.getByRole('button', { name: 'New board' }).click();
  const create = page.getByRole('dialog', { name: 'New insightboard' });
  await create.getByRole('textbox', { name: /^Tag/ }).fill('Bad Tag');
  await create.getByRole('button', { name: 'Create board' }).click();
  await expect(create.getByRole('textbox', { name: 'Name' })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await expect(create.getByRole('textbox', { name: /^Tag/ })).toHaveValue('Bad Tag');
  await expectAccessible(page);
});
