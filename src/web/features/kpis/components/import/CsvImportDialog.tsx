import { useDeferredValue, useId, useMemo, useState, type ChangeEvent } from 'react';
import { ApiError } from '../../../../../client/http.ts';
import { formatKpiValue } from '../../../../../contract/format.ts';
import { MAX_IMPORT_ROWS, type Kpi } from '../../../../../contract/kpis.ts';
import { periodLabel } from '../../../../../contract/periods.ts';
import { Button, focusRing } from '../../../../components/ui/Button.tsx';
import { Dialog } from '../../../../components/ui/Dialog.tsx';
import { inputClass } from '../../../../components/ui/Field.tsx';
import { PERIOD_FORMATS, parseSnapshotCsv, type ImportRow } from '../../../../lib/csv.ts';
import { useImportSnapshots } from '../../api/mutations.ts';

/** Far above what 5,000 rows take; larger files are refused before they are read. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Rows drawn in the preview; the counts always cover them all. */
const PREVIEW_ROWS = 200;

const SEPARATOR_NAMES = { ',': 'commas', ';': 'semicolons', '\t': 'tabs' } as const;

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The rows' problems from a refused import: `rows[3].group` is the fourth row sent. */
function serverRowErrors(error: unknown, sent: readonly ImportRow[]): Map<number, string> {
  const byLine = new Map<number, string>();
  if (!(error instanceof ApiError)) return byLine;
  for (const [path, message] of Object.entries(error.fieldErrors())) {
    const match = /^rows\[(\d+)\]\.?(\w*)/.exec(path);
    const row = match ? sent[Number(match[1])] : undefined;
    if (row && !byLine.has(row.line)) {
      byLine.set(row.line, `${match?.[2] === 'value' ? 'The value' : 'The period'} ${message}`);
    }
  }
  return byLine;
}

function PreviewTable({
  kpi,
  rows,
  rejected,
}: {
  kpi: Kpi;
  rows: readonly ImportRow[];
  rejected: ReadonlyMap<number, string>;
}) {
  return (
    // Focusable, so keyboard users can scroll a long preview.
    <div
      role="region"
      aria-label="Preview of the rows"
      tabIndex={0}
      className={`max-h-72 overflow-auto rounded-md border border-gray-200 dark:border-gray-700 ${focusRing}`}
    >
      <table className="w-full text-sm">
        <caption className="sr-only">Rows to import</caption>
        <thead className="sticky top-0 bg-gray-50 text-xs text-gray-600 dark:bg-gray-800 dark:text-gray-300">
          <tr>
            <th scope="col" className="px-2 py-1.5 text-right font-medium">
              Line
            </th>
            <th scope="col" className="px-2 py-1.5 text-left font-medium">
              Period
            </th>
            <th scope="col" className="px-2 py-1.5 text-right font-medium">
              Value
            </th>
            <th scope="col" className="hidden px-2 py-1.5 text-left font-medium sm:table-cell">
              Status
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const error = row.status === 'error' ? row.error : rejected.get(row.line);
            const status = error ? (
              <span className="text-red-700 dark:text-red-400">
                <span aria-hidden="true">✕ </span>
                {error}
              </span>
            ) : (
              <span className="text-green-700 dark:text-green-400">
                <span aria-hidden="true">✓ </span>Ready
              </span>
            );
            return (
              <tr
                key={row.line}
                className="border-t border-gray-100 align-top dark:border-gray-800"
                data-status={error ? 'error' : 'ok'}
              >
                <td className="px-2 py-1.5 text-right text-gray-600 tabular-nums dark:text-gray-400">
                  {row.line}
                </td>
                <td className="px-2 py-1.5">
                  <span className="break-words sm:whitespace-nowrap">
                    {row.period || <span className="text-gray-500 dark:text-gray-400">—</span>}
                  </span>
                  {row.status === 'ok' && (
                    <span className="block text-xs whitespace-nowrap text-gray-600 dark:text-gray-400">
                      {row.group !== row.period && `${row.group} · `}
                      {periodLabel(row.group)}
                    </span>
                  )}
                  {/* Narrow screens have no room for the status column: it sits under the period. */}
                  <span className="mt-0.5 block sm:hidden">{status}</span>
                </td>
                <td className="max-w-32 truncate px-2 py-1.5 text-right whitespace-nowrap tabular-nums sm:max-w-40">
                  {row.status === 'ok'
                    ? formatKpiValue(row.number, kpi.formatting)
                    : row.value || <span className="text-gray-500 dark:text-gray-400">—</span>}
                </td>
                <td className="hidden min-w-44 px-2 py-1.5 sm:table-cell">{status}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Paste or upload `period,value` rows, see how each is read, then record them all in one
 * request. Nothing is saved while a row has an error: importing the rest and re-importing the
 * fixed file later would record those values twice.
 */
export function CsvImportDialog({
  kpi,
  timeZone,
  onClose,
  onImported,
}: {
  kpi: Kpi;
  timeZone: string;
  onClose: () => void;
  onImported: (count: number) => void;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [fileMessage, setFileMessage] = useState<string | null>(null);
  const [onlyErrors, setOnlyErrors] = useState(false);
  const [sent, setSent] = useState<ImportRow[]>([]);
  const importer = useImportSnapshots(kpi.id);
  // Typing stays quick on large pastes: the preview follows a moment later.
  const deferredText = useDeferredValue(text);
  const preview = useMemo(() => parseSnapshotCsv(deferredText), [deferredText]);
  const rejected = useMemo(() => serverRowErrors(importer.error, sent), [importer.error, sent]);

  const changeText = (next: string) => {
    setText(next);
    if (importer.isError) importer.reset();
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileMessage(
        `${file.name} is larger than 2 MB. Import at most ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows at a time.`,
      );
      return;
    }
    try {
      changeText(await file.text());
      setFileMessage(`Read ${file.name}. You can correct rows in the text below.`);
    } catch {
      setFileMessage(`${file.name} could not be read.`);
    }
  };

  const ready = preview.rows.filter((r) => r.status === 'ok');
  const blocked = preview.errors > 0 || preview.tooMany || ready.length === 0;
  const visible = onlyErrors ? preview.rows.filter((r) => r.status === 'error') : preview.rows;

  const submit = () => {
    if (blocked || importer.isPending) return;
    setSent(ready);
    importer.mutate(
      { timeZone, rows: ready.map((r) => ({ group: r.group, value: r.number })) },
      { onSuccess: (result) => onImported(result.imported) },
    );
  };

  const reason = preview.tooMany
    ? `One import holds at most ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows; this has ${preview.rows.length.toLocaleString('en-US')}. Split it into smaller parts.`
    : preview.errors > 0
      ? 'Correct or remove the rows with errors to import: nothing is saved until every row is ready.'
      : null;

  return (
    <Dialog
      open
      wide
      onClose={onClose}
      title={`Import values into ${kpi.name}`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            onClick={submit}
            disabled={blocked || importer.isPending}
            aria-describedby={reason ? `${id}-reason` : undefined}
          >
            {importer.isPending
              ? 'Importing…'
              : `Import ${plural(ready.length, 'value', 'values')}`}
          </Button>
        </>
      }
    >
      <div className="space-y-4 text-sm">
        <p className="text-gray-700 dark:text-gray-300">
          One period and value per line, such as <code className="font-mono">2022-09,1250</code>.
          Periods: {PERIOD_FORMATS}. A header row is optional; separate with commas, semicolons
          (then a decimal comma is fine) or tabs. Periods are read in{' '}
          <strong className="font-semibold">{timeZone}</strong>.
        </p>

        <div>
          <label
            htmlFor={`${id}-file`}
            className="mb-1 block font-medium text-gray-800 dark:text-gray-200"
          >
            Upload a .csv file
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => void onFile(e)}
            aria-describedby={fileMessage ? `${id}-file-message` : undefined}
            className="block w-full text-sm text-gray-700 file:mr-3 file:rounded-md file:border file:border-gray-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-gray-900 hover:file:bg-gray-50 dark:text-gray-300 dark:file:border-gray-600 dark:file:bg-gray-800 dark:file:text-gray-100"
          />
          {fileMessage && (
            <p id={`${id}-file-message`} className="mt-1 text-xs text-gray-700 dark:text-gray-300">
              {fileMessage}
            </p>
          )}
        </div>

        <div>
          <label
            htmlFor={`${id}-text`}
            className="mb-1 block font-medium text-gray-800 dark:text-gray-200"
          >
            Or paste CSV text
          </label>
          <textarea
            id={`${id}-text`}
            rows={5}
            value={text}
            spellCheck={false}
            onChange={(e) => changeText(e.target.value)}
            placeholder={'period,value\n2022-09,1250\n2022-10,1310.5'}
            className={`${inputClass} font-mono`}
          />
        </div>

        {preview.rows.length > 0 && (
          <div className="space-y-2">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p aria-live="polite" className="font-medium" data-testid="import-summary">
                {plural(preview.ready, 'row', 'rows')} ready,{' '}
                <span className={preview.errors > 0 ? 'text-red-700 dark:text-red-400' : ''}>
                  {preview.errors.toLocaleString('en-US')} with errors
                </span>
              </p>
              {preview.errors > 0 && (
                <label className="flex items-center gap-2 text-gray-700 dark:text-gray-300">
                  <input
                    type="checkbox"
                    checked={onlyErrors}
                    onChange={(e) => setOnlyErrors(e.target.checked)}
                    className="h-4 w-4 accent-blue-600 dark:accent-blue-400"
                  />
                  Only rows with errors
                </label>
              )}
            </div>
            <p className="text-xs text-gray-600 dark:text-gray-400">
              Separated by {SEPARATOR_NAMES[preview.separator]}
              {preview.header ? `; header row “${preview.header.join(', ')}” skipped` : ''}.
            </p>
            <PreviewTable kpi={kpi} rows={visible.slice(0, PREVIEW_ROWS)} rejected={rejected} />
            {visible.length > PREVIEW_ROWS && (
              <p className="text-xs text-gray-600 dark:text-gray-400">
                Showing the first {PREVIEW_ROWS} of {visible.length.toLocaleString('en-US')} rows.
              </p>
            )}
          </div>
        )}

        {reason && (
          <p id={`${id}-reason`} className="text-red-700 dark:text-red-400">
            {reason}
          </p>
        )}
        {importer.error && (
          <p
            role="alert"
            className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
          >
            Nothing was imported: {importer.error.message}
          </p>
        )}
      </div>
    </Dialog>
  );
}

/** Opens the import dialog; says how many values were recorded once it closes. */
export function CsvImportButton({ kpi, timeZone }: { kpi: Kpi; timeZone: string }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState('');
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span role="status" className="text-sm text-green-700 dark:text-green-400">
        {done}
      </span>
      <Button
        size="sm"
        onClick={() => {
          setDone('');
          setOpen(true);
        }}
      >
        Import CSV
      </Button>
      {open && (
        <CsvImportDialog
          kpi={kpi}
          timeZone={timeZone}
          onClose={() => setOpen(false)}
          onImported={(count) => {
            setOpen(false);
            setDone(`Imported ${plural(count, 'value', 'values')}`);
          }}
        />
      )}
    </span>
  );
}
