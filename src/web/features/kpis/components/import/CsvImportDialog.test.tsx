// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KPI_ID, testKpi } from '../../../../testing/builders.ts';
import { fakeApi, problem, sent } from '../../../../testing/fake-api.ts';
import { polyfillDialog, renderApp } from '../../../../testing/render.tsx';
import { CsvImportButton } from './CsvImportDialog.tsx';

beforeAll(polyfillDialog);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const kpi = testKpi({ formatting: { prefix: '', suffix: ' kg', fractionSize: 1 } });

async function openDialog() {
  const user = userEvent.setup();
  renderApp(<CsvImportButton kpi={kpi} timeZone="UTC+2" />);
  await user.click(screen.getByRole('button', { name: 'Import CSV' }));
  const dialog = screen.getByRole('dialog', { name: 'Import values into Revenue' });
  const paste = (text: string) =>
    fireEvent.change(within(dialog).getByLabelText('Or paste CSV text'), {
      target: { value: text },
    });
  return { user, dialog, paste };
}

const importButton = (dialog: HTMLElement) =>
  within(dialog).getByRole('button', { name: /^Import/ }) as HTMLButtonElement;

describe('CsvImportDialog', () => {
  it('previews each row and holds the import while a row has an error', async () => {
    const calls = fakeApi(() => undefined);
    const { user, dialog, paste } = await openDialog();
    expect(within(dialog).getByText('UTC+2')).toBeTruthy();
    paste('period;value\n2024-W05;1,5\n2024-13;2\n\n2024-Q1;abc');

    await waitFor(() =>
      expect(within(dialog).getByTestId('import-summary').textContent).toBe(
        '1 row ready, 2 with errors',
      ),
    );
    const rows = within(dialog).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-status'))).toEqual(['ok', 'error', 'error']);
    expect(rows[0]?.textContent).toContain('1.5 kg');
    expect(rows[0]?.textContent).toContain('W5 2024');
    expect(rows[1]?.textContent).toContain('Unknown period key “2024-13”');
    expect(rows[2]?.textContent).toContain('“abc” is not a number');
    expect(within(dialog).getByText(/header row “period, value” skipped/)).toBeTruthy();
    expect(importButton(dialog).disabled).toBe(true);
    expect(importButton(dialog).textContent).toBe('Import 1 value');

    await user.click(within(dialog).getByRole('checkbox', { name: 'Only rows with errors' }));
    expect(within(dialog).getAllByRole('row')).toHaveLength(3);
    expect(calls).toEqual([]);
  });

  it('imports every row in one request and reports the count', async () => {
    const calls = fakeApi((call) =>
      call.method === 'POST' ? { status: 201, body: { imported: 2 } } : undefined,
    );
    const { user, dialog, paste } = await openDialog();
    paste('2024-01-15,10\n2024-01,12.5\n');
    await waitFor(() => expect(importButton(dialog).disabled).toBe(false));
    expect(importButton(dialog).textContent).toBe('Import 2 values');
    await user.click(importButton(dialog));

    expect(await screen.findByText('Imported 2 values')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.map(sent)).toEqual([
      {
        method: 'POST',
        url: `/kpis/${KPI_ID}/snapshots/import`,
        body: {
          timeZone: 'UTC+2',
          rows: [
            { group: '2024-01-15', value: 10 },
            { group: '2024-01', value: 12.5 },
          ],
        },
      },
    ]);
  });

  it('shows a refused import in the dialog, next to the row it concerns', async () => {
    fakeApi((call) =>
      call.method === 'POST'
        ? problem(400, 'rows[1].value must be finite', [
            { path: 'body.rows[1].value', message: 'must be finite' },
          ])
        : undefined,
    );
    const { user, dialog, paste } = await openDialog();
    paste('2024-01-15,10\n2024-01-16,11');
    await waitFor(() => expect(importButton(dialog).disabled).toBe(false));
    await user.click(importButton(dialog));

    expect(
      await within(dialog).findByText('Nothing was imported: rows[1].value must be finite'),
    ).toBeTruthy();
    const rows = within(dialog).getAllByRole('row').slice(1);
    expect(rows[1]?.textContent).toContain('The value must be finite');
    expect(rows[0]?.getAttribute('data-status')).toBe('ok');
    expect((within(dialog).getByLabelText('Or paste CSV text') as HTMLTextAreaElement).value).toBe(
      '2024-01-15,10\n2024-01-16,11',
    );
  });

  it('reads an uploaded file into the text box', async () => {
    fakeApi(() => undefined);
    const { user, dialog } = await openDialog();
    const file = new File(['"period","value"\n"2024-02","3"'], 'values.csv', { type: 'text/csv' });
    const input = within(dialog).getByLabelText('Upload a .csv file') as HTMLInputElement;
    expect(input.accept).toBe('.csv,text/csv');
    await user.upload(input, file);

    await waitFor(() =>
      expect(within(dialog).getByTestId('import-summary').textContent).toBe(
        '1 row ready, 0 with errors',
      ),
    );
    expect(within(dialog).getByText(/Read values\.csv/)).toBeTruthy();
  });

  it('refuses more rows than one import holds', async () => {
    fakeApi(() => undefined);
    const { dialog, paste } = await openDialog();
    paste(Array.from({ length: 5001 }, (_, i) => `${2000 + (i % 20)},${i}`).join('\n'));
    expect(
      await within(dialog).findByText(/One import holds at most 5,000 rows; this has 5,001/),
    ).toBeTruthy();
    expect(importButton(dialog).disabled).toBe(true);
    expect(within(dialog).getByText('Showing the first 200 of 5,001 rows.')).toBeTruthy();
  });
});
