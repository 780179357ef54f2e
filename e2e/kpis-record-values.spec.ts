import { createKpi, expect, isoWeek, signIn, test } from './support/fixtures.ts';

// The page reads periods in the browser's zone; UTC keeps the expected weeks plain.
test.use({ timezoneId: 'UTC' });

test('values recorded for three weeks show in the chart data, the statistics and the history', async ({
  page,
  account,
}) => {
  const kpi = await createKpi(account, {
    name: 'Weekly sign-ups',
    aggregation: 'last',
    targetOperator: 'should_increase',
  });
  const now = new Date();
  const thisWeek = isoWeek(now);
  const lastWeek = isoWeek(now, 1);
  const weekBefore = isoWeek(now, 2);
  const label = (week: { year: number; week: number }) => `W${week.week} ${week.year}`;

  await signIn(page, account);
  await page.goto(`/kpis/${kpi.id}`);
  await expect(page.getByRole('heading', { name: 'Weekly sign-ups', level: 1 })).toBeVisible();

  const chart = page.getByRole('region', { name: 'Values over time' });
  await chart.getByLabel('Range').selectOption({ label: 'Last 12 weeks' });
  await expect(chart.getByLabel('Group by')).toHaveValue('');
  await expect(chart.getByLabel('Group by').locator('option:checked')).toHaveText(
    'Automatic (week)',
  );
  await expect(chart.getByText('No values yet — record the first one')).toBeVisible();

  const statistics = page.getByRole('region', { name: 'Statistics' });
  // The radios are drawn as a segmented control: a person clicks the visible label.
  await statistics.getByText('Week', { exact: true }).click();
  await expect(statistics.getByRole('radio', { name: 'Week' })).toBeChecked();
  await expect(page).toHaveURL(/[?&]stats=week(&|$)/);
  await expect(page).toHaveURL(/[?&]range=last-12-weeks(&|$)/);
  const card = (title: string) =>
    statistics.getByRole('heading', { name: title, level: 3 }).locator('..');
  const current = card('Current period');
  const previous = card('Previous period');
  await expect(current).toContainText('No values in this period yet');

  // The form offers the chart's kind of period, starting at this week.
  const form = page.getByRole('region', { name: 'Record a value' });
  await expect(form.getByLabel('Kind of period')).toHaveValue('week');
  await expect(form.getByLabel('Year')).toHaveValue(String(thisWeek.year));
  await expect(form.getByLabel('Week')).toHaveValue(String(thisWeek.week));

  const record = async (week: { year: number; week: number }, value: string) => {
    await form.getByLabel('Year').fill(String(week.year));
    await form.getByLabel('Week').selectOption(String(week.week));
    await form.getByLabel('Value').fill(value);
    await form.getByRole('button', { name: 'Record value' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Recorded' })).toContainText(
      `Recorded ${value} for ${label(week)} (`,
    );
    await expect(form.getByLabel('Value')).toHaveValue('');
  };

  // Last week first: there is a previous period and nothing in the current one yet.
  await record(lastWeek, '100');
  await chart.getByRole('button', { name: 'Show data table' }).click();
  const dataRows = chart.getByRole('region', { name: 'Chart data' }).locator('tbody tr');
  await expect(dataRows).toHaveText([new RegExp(`^${label(lastWeek)} \\(.*\\)100$`)]);
  await expect(previous).toContainText('100');
  await expect(previous).toContainText('from 1 value');
  await expect(current).toContainText('No values in this period yet');

  // This week: up 20 on a KPI where higher is better.
  await record(thisWeek, '120');
  await expect(dataRows).toHaveText([
    new RegExp(`^${label(lastWeek)} \\(.*\\)100$`),
    new RegExp(`^${label(thisWeek)} \\(.*\\)120$`),
  ]);
  await expect(current.getByRole('paragraph').nth(1)).toHaveText('120');
  const rise = current.getByText('+20 (+20.0%)');
  await expect(rise).toContainText('(better)');
  await expect(rise).toHaveClass(/text-green-700/);
  await expect(current).toContainText('vs previous period · from 1 value');

  // The week before last was higher: last week's change turns into a fall, which is worse.
  await record(weekBefore, '125');
  await expect(dataRows).toHaveText([
    new RegExp(`^${label(weekBefore)} \\(.*\\)125$`),
    new RegExp(`^${label(lastWeek)} \\(.*\\)100$`),
    new RegExp(`^${label(thisWeek)} \\(.*\\)120$`),
  ]);
  const fall = previous.getByText('−20.0%');
  await expect(fall).toContainText('(worse)');
  await expect(fall).toHaveClass(/text-red-700/);
  await expect(rise).toContainText('(better)');

  // The history lists the recordings newest first, with who made them.
  const history = page.getByRole('region', { name: 'Update history' }).locator('tbody tr');
  await expect(history).toHaveCount(3);
  await expect(history.nth(0)).toContainText(label(weekBefore));
  await expect(history.nth(0)).toContainText('125');
  await expect(history.nth(1)).toContainText(label(thisWeek));
  await expect(history.nth(1)).toContainText('120');
  await expect(history.nth(2)).toContainText(label(lastWeek));
  await expect(history.nth(2)).toContainText('100');
  for (const row of await history.all()) await expect(row).toContainText('Jo Tester');
  await expect(page.getByRole('navigation', { name: 'Update history pages' })).toContainText(
    '1–3 of 3',
  );
});
