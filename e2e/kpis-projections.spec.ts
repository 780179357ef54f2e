import { api, createKpi, expect, signIn, test } from './support/fixtures.ts';

test('projections are added, edited in place, and a taken date is refused next to the date', async ({
  page,
  account,
}) => {
  const kpi = await createKpi(account, {
    name: 'Activation rate',
    formatting: { prefix: '', suffix: '%', fractionSize: 0 },
  });
  await signIn(page, account);
  await page.goto(`/kpis/${kpi.id}`);

  const section = page.getByRole('region', { name: 'Projections' });
  await expect(section.getByText('No projections — add one')).toBeVisible();
  const form = section.getByRole('form', { name: 'Add a projection' });
  const date = form.getByLabel('Date');
  const value = form.getByLabel('Projected value (%)');

  // Someone else takes a date while this page is open: the server's 409 lands next to the date.
  await api(account, 'POST', `/v1/kpis/${kpi.id}/projections`, { date: '2031-03-01', value: 70 });
  await date.fill('2031-03-01');
  await value.fill('72');
  await form.getByRole('button', { name: 'Add projection' }).click();
  await expect(date).toHaveAccessibleDescription(
    'This date already has a projection on 2031-03-01.',
  );
  await expect(date).toHaveAttribute('aria-invalid', 'true');
  await expect(date).toHaveValue('2031-03-01');
  await expect(value).toHaveValue('72');

  // Another date goes through; the table then lists both, in date order.
  await date.fill('2030-01-15');
  await expect(date).not.toHaveAttribute('aria-invalid', 'true');
  await form.getByRole('button', { name: 'Add projection' }).click();
  const rows = section.getByRole('table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByRole('rowheader')).toHaveAccessibleName('15 Jan 2030');
  await expect(rows.nth(0)).toContainText('72%');
  await expect(rows.nth(1).getByRole('rowheader')).toHaveAccessibleName('1 Mar 2031');
  await expect(rows.nth(1)).toContainText('70%');
  await expect(rows.nth(1)).toContainText('−2% (−2.8%)');
  await expect(date).toHaveValue('');
  await expect(value).toHaveValue('');
  await expect(date).toBeFocused();

  // Edit in place: the date input takes focus, Enter saves, and focus returns to the row's Edit.
  const edit = section.getByRole('button', { name: 'Edit the projection of 1 Mar 2031' });
  await edit.click();
  const editDate = section.getByRole('textbox', { name: 'Date of the projection of 1 Mar 2031' });
  await expect(editDate).toBeFocused();
  await expect(editDate).toHaveValue('2031-03-01');
  const editValue = section.getByRole('textbox', { name: 'Value of the projection of 1 Mar 2031' });
  await editValue.fill('90');
  await editValue.press('Enter');
  await expect(editValue).toBeHidden();
  await expect(
    section.getByRole('button', { name: 'Edit the projection of 1 Mar 2031' }),
  ).toBeFocused();
  await expect(rows.nth(1)).toContainText('90%');
  await expect(rows.nth(1)).toContainText('+18% (+25.0%)');
  const saved = await api<{ items: { date: string; value: number }[] }>(
    account,
    'GET',
    `/v1/kpis/${kpi.id}/projections`,
  );
  expect(saved.items.map((p) => [p.date, p.value])).toEqual([
    ['2030-01-15', 72],
    ['2031-03-01', 90],
  ]);

  // A date already in the table is refused before anything is sent, the typing kept.
  await date.fill('2030-01-15');
  await value.fill('75');
  await form.getByRole('button', { name: 'Add projection' }).click();
  await expect(date).toHaveAccessibleDescription('There is already a projection on 15 Jan 2030.');
  await expect(date).toHaveValue('2030-01-15');
  await expect(value).toHaveValue('75');
  await expect(rows).toHaveCount(2);

  // Editing a row onto another row's date is refused next to that row's date input.
  await section.getByRole('button', { name: 'Edit the projection of 15 Jan 2030' }).click();
  const otherDate = section.getByRole('textbox', { name: 'Date of the projection of 15 Jan 2030' });
  await otherDate.fill('2031-03-01');
  await otherDate.press('Enter');
  await expect(otherDate).toHaveAccessibleDescription(
    'There is already a projection on 1 Mar 2031.',
  );
  await expect(otherDate).toHaveValue('2031-03-01');
  // Escape cancels: nothing changes and focus goes back to the row's Edit.
  await otherDate.press('Escape');
  await expect(otherDate).toBeHidden();
  await expect(rows.nth(0).getByRole('rowheader')).toHaveAccessibleName('15 Jan 2030');
  await expect(
    section.getByRole('button', { name: 'Edit the projection of 15 Jan 2030' }),
  ).toBeFocused();
});
