import type { Page } from '@playwright/test';
import {
  createBoard,
  expectBlockAt,
  expectTileAt,
  editBlock,
  kpiWithWeeklyValues,
  placementsByTitle,
  boardByTag,
  viewTile,
} from './support/boards.ts';
import { expect, expectAccessible, signIn, test, type Account } from './support/fixtures.ts';

test.use({ timezoneId: 'UTC' });

/** Three KPIs with values in the last weeks. */
async function seedKpis(account: Account) {
  const revenue = await kpiWithWeeklyValues(
    account,
    { name: 'Revenue', formatting: { prefix: '$', suffix: '', fractionSize: 0 } },
    [1200, 1100, 1350],
  );
  const activeUsers = await kpiWithWeeklyValues(account, { name: 'Active users' }, [800, 760, 790]);
  const churn = await kpiWithWeeklyValues(
    account,
    {
      name: 'Churn',
      targetOperator: 'should_decrease',
      formatting: { prefix: '', suffix: '%', fractionSize: 1 },
    },
    [2.5, 2.1, 2.4],
  );
  return { revenue, activeUsers, churn };
}

/** Adds an item through the item dialog of the edit mode. */
async function addItem(
  page: Page,
  item: { kind: 'Number tile' | 'Chart'; kpis: string[]; title: string },
) {
  await page.getByRole('button', { name: 'Add item', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an item' });
  await dialog.getByRole('radio', { name: item.kind }).check();
  for (const kpi of item.kpis) {
    const choice = dialog.getByRole(item.kind === 'Chart' ? 'checkbox' : 'radio', { name: kpi });
    await choice.check();
    await expect(dialog.getByRole('list', { name: 'Chosen KPIs' })).toContainText(kpi);
  }
  await dialog.getByRole('textbox', { name: 'Title' }).fill(item.title);
  await dialog.getByRole('button', { name: 'Add item' }).click();
  await expect(dialog).toBeHidden();
}

const editingStatus = (page: Page) => page.getByRole('status').filter({ hasText: /moved|resized/ });

test('a new board gets three items, moved and resized by keyboard, saved as shown', async ({
  page,
  account,
}) => {
  const { revenue, activeUsers, churn } = await seedKpis(account);
  await signIn(page, account);
  await page.goto('/insightboards');

  // Create the board from the list.
  await page.getByRole('button', { name: 'New board' }).click();
  const create = page.getByRole('dialog', { name: 'New insightboard' });
  await create.getByRole('textbox', { name: 'Name' }).fill('Weekly review');
  await create.getByRole('textbox', { name: /^Tag/ }).fill('weekly-review');
  await create.getByRole('button', { name: 'Create board' }).click();
  await expect(page).toHaveURL(/\/insightboards\/weekly-review$/);
  await expect(page.getByRole('heading', { name: 'Weekly review', level: 1 })).toBeVisible();
  await expect(page.getByText('This board has no items yet — Edit to add some')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Present' })).toBeDisabled();

  // Edit: three items, each placed below the others.
  await page.getByRole('button', { name: 'Edit board' }).first().click();
  await expect(page.getByRole('heading', { name: 'Editing Weekly review' })).toBeVisible();
  await addItem(page, { kind: 'Number tile', kpis: ['Revenue'], title: 'Revenue' });
  await expectBlockAt(page, 'Revenue', 'number tile', { col: 0, row: 0, sizeX: 3, sizeY: 2 });
  await addItem(page, { kind: 'Number tile', kpis: ['Active users'], title: 'Active users' });
  await expectBlockAt(page, 'Active users', 'number tile', { col: 0, row: 2, sizeX: 3, sizeY: 2 });
  await addItem(page, { kind: 'Chart', kpis: ['Churn', 'Active users'], title: 'Churn trend' });
  await expectBlockAt(page, 'Churn trend', 'chart', { col: 0, row: 4, sizeX: 6, sizeY: 4 });
  await expect(page.getByText('Editing the layout · unsaved changes')).toBeVisible();

  // Move one with the arrow keys: three cells right, two up, beside the first.
  const active = editBlock(page, 'Active users');
  await active.focus();
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowUp', 'ArrowUp']) {
    await page.keyboard.press(key);
  }
  await expectBlockAt(page, 'Active users', 'number tile', { col: 3, row: 0, sizeX: 3, sizeY: 2 });
  await expect(active).toBeFocused();
  await expect(editingStatus(page)).toHaveText('“Active users” moved to columns 4–6, rows 1–2');

  // Resize another with Shift and the arrow keys: two columns wider, one row shorter.
  const chart = editBlock(page, 'Churn trend');
  await chart.focus();
  for (const key of ['Shift+ArrowRight', 'Shift+ArrowRight', 'Shift+ArrowUp']) {
    await page.keyboard.press(key);
  }
  await expectBlockAt(page, 'Churn trend', 'chart', { col: 0, row: 4, sizeX: 8, sizeY: 3 });
  await expect(chart).toBeFocused();
  await expect(editingStatus(page)).toHaveText(
    '“Churn trend” resized to 8 columns by 3 rows, columns 1–8, rows 5–7',
  );
  // Nothing else moved.
  await expectBlockAt(page, 'Revenue', 'number tile', { col: 0, row: 0, sizeX: 3, sizeY: 2 });
  await expectBlockAt(page, 'Active users', 'number tile', { col: 3, row: 0, sizeX: 3, sizeY: 2 });

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Layout saved' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Weekly review', level: 1 })).toBeVisible();

  const expected = {
    Revenue: { row: 0, col: 0, sizeX: 3, sizeY: 2 },
    'Active users': { row: 0, col: 3, sizeX: 3, sizeY: 2 },
    'Churn trend': { row: 4, col: 0, sizeX: 8, sizeY: 3 },
  };
  expect(await placementsByTitle(account, 'weekly-review')).toEqual(expected);
  const saved = await boardByTag(account, 'weekly-review');
  const kpisOf = (title: string) =>
    saved.insights
      .find((item) => item.insightTitle === title)
      ?.settings.find((s) => s.name === 'kpiIds')?.value;
  expect(kpisOf('Revenue')).toBe(revenue.id);
  expect(kpisOf('Active users')).toBe(activeUsers.id);
  expect(kpisOf('Churn trend')).toBe(`${churn.id},${activeUsers.id}`);

  // After a reload the board is laid out the same, with its values.
  await page.reload();
  for (const [title, at] of Object.entries(expected)) await expectTileAt(page, title, at);
  await expect(viewTile(page, 'Revenue')).toContainText('$1,350');
  await expect(viewTile(page, 'Active users')).toContainText('790');
  await expect(
    viewTile(page, 'Churn trend').getByRole('img', { name: /^Churn trend: chart by week/ }),
  ).toHaveAccessibleName(/Churn: 3 values, latest 2\.4%.*Active users: 3 values, latest 790/);

  await page.getByRole('button', { name: 'Edit board' }).click();
  await expectBlockAt(page, 'Revenue', 'number tile', { col: 0, row: 0, sizeX: 3, sizeY: 2 });
  await expectBlockAt(page, 'Active users', 'number tile', { col: 3, row: 0, sizeX: 3, sizeY: 2 });
  await expectBlockAt(page, 'Churn trend', 'chart', { col: 0, row: 4, sizeX: 8, sizeY: 3 });
  await expect(page.getByText('Editing the layout', { exact: true })).toBeVisible();
});

test('Cancel throws away an unsaved change', async ({ page, account }) => {
  const { revenue, activeUsers } = await seedKpis(account);
  await createBoard(account, {
    name: 'Ops board',
    tag: 'ops',
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
        title: 'Active users',
        kpiIds: [activeUsers.id],
        row: 0,
        col: 3,
        sizeX: 3,
        sizeY: 2,
      },
    ],
  });
  const before = await placementsByTitle(account, 'ops');
  await signIn(page, account);
  await page.goto('/insightboards/ops');
  await expectTileAt(page, 'Revenue', { row: 0, col: 0, sizeX: 3, sizeY: 2 });

  await page.getByRole('button', { name: 'Edit board' }).click();
  const block = editBlock(page, 'Revenue');
  await block.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowRight');
  await expectBlockAt(page, 'Revenue', 'number tile', { col: 0, row: 1, sizeX: 4, sizeY: 2 });
  // Wider, it pushed the tile beside it down.
  await expectBlockAt(page, 'Active users', 'number tile', { col: 3, row: 3, sizeX: 3, sizeY: 2 });
  await expect(page.getByText('Editing the layout · unsaved changes')).toBeVisible();

  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'Ops board', level: 1 })).toBeVisible();
  await expectTileAt(page, 'Revenue', { row: 0, col: 0, sizeX: 3, sizeY: 2 });
  await expectTileAt(page, 'Active users', { row: 0, col: 3, sizeX: 3, sizeY: 2 });
  await expect(page.getByRole('status').filter({ hasText: 'Layout saved' })).toHaveCount(0);
  expect(await placementsByTitle(account, 'ops')).toEqual(before);

  await page.getByRole('button', { name: 'Edit board' }).click();
  await expectBlockAt(page, 'Revenue', 'number tile', { col: 0, row: 0, sizeX: 3, sizeY: 2 });
  await expectBlockAt(page, 'Active users', 'number tile', { col: 3, row: 0, sizeX: 3, sizeY: 2 });
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
});

test('a board passes the accessibility checks in view and in edit mode', async ({
  page,
  account,
}) => {
  const { revenue, activeUsers, churn } = await seedKpis(account);
  await createBoard(account, {
    name: 'Leadership',
    tag: 'leadership',
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
        title: 'Active users',
        kpiIds: [activeUsers.id],
        row: 0,
        col: 3,
        sizeX: 3,
        sizeY: 2,
      },
      {
        type: 'kpi-chart',
        title: 'Churn trend',
        kpiIds: [churn.id],
        row: 2,
        col: 0,
        sizeX: 6,
        sizeY: 4,
      },
    ],
  });
  await signIn(page, account);
  await page.goto('/insightboards/leadership');
  await expect(viewTile(page, 'Revenue')).toContainText('$1,350');
  await expect(viewTile(page, 'Active users')).toContainText('790');
  await expect(
    viewTile(page, 'Churn trend').getByRole('img', { name: /^Churn trend: chart by week/ }),
  ).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Edit board' }).click();
  await expect(
    editBlock(page, 'Churn trend').getByRole('img', { name: /^Churn trend: chart by week/ }),
  ).toBeVisible();
  await expect(editBlock(page, 'Revenue')).toContainText('$1,350');
  await expectAccessible(page);

  // With the item dialog open on an item.
  await editBlock(page, 'Revenue').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Edit “Revenue”' });
  await expect(dialog.getByRole('list', { name: 'Chosen KPIs' })).toHaveText(/Revenue/);
  await expect(dialog.getByRole('radio', { name: 'Revenue' })).toBeChecked();
  await expectAccessible(page);
});
