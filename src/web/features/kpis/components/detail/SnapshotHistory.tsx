import { useState } from 'react';
import { formatKpiValue } from '../../../../../contract/format.ts';
import type { Kpi, Snapshot } from '../../../../../contract/kpis.ts';
import { localDate, parseTimeZone, periodLabel, UTC } from '../../../../../contract/periods.ts';
import { Button, buttonClass } from '../../../../components/ui/Button.tsx';
import { ConfirmDialog } from '../../../../components/ui/Dialog.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../../../components/ui/States.tsx';
import { HISTORY_PAGE_SIZE, useSnapshotHistory } from '../../api/get-snapshot-history.ts';
import { useDeleteSnapshot } from '../../api/mutations.ts';
import { describePeriod, safePeriodLabel } from '../../chart-model.ts';

/** An instant as a wall-clock time in the page's time zone: '5 Sep 2022, 14:05'. */
export function formatRecordedAt(iso: string, timeZone: string): string {
  const instant = Date.parse(iso);
  if (!Number.isFinite(instant)) return '—';
  const tz = parseTimeZone(timeZone) ?? UTC;
  const wallClock = new Date(instant + tz.offsetAt(instant) * 60_000).toISOString();
  return `${periodLabel(localDate(instant, tz))}, ${wallClock.slice(11, 16)}`;
}

const cell = 'px-2 py-2 align-top sm:px-3';
const headCell = 'px-2 py-2 text-xs font-semibold uppercase tracking-wide sm:px-3';

function HistorySkeleton() {
  return (
    <div className="space-y-2" aria-busy="true" aria-label="Loading the update history">
      {Array.from({ length: 5 }, (_, i) => (
        <Skeleton key={i} className="h-10 w-full" />
      ))}
    </div>
  );
}

/** Every recorded value, newest first, a page at a time; any of them can be deleted. */
export function SnapshotHistory({ kpi, timeZone }: { kpi: Kpi; timeZone: string }) {
  const [page, setPage] = useState(0);
  const history = useSnapshotHistory(kpi.id, page);
  const remove = useDeleteSnapshot(kpi.id);
  const [pending, setPending] = useState<Snapshot | null>(null);

  if (history.isPending) return <HistorySkeleton />;
  if (history.isError) {
    return (
      <ErrorState
        title="The update history could not be loaded"
        error={history.error}
        onRetry={() => void history.refetch()}
      />
    );
  }

  const { items, totalCount } = history.data;
  if (totalCount === 0 && page === 0) {
    return (
      <EmptyState
        title="No values yet — record the first one"
        action={
          <a href="#record-value" className={buttonClass('primary', 'sm')}>
            Record a value
          </a>
        }
      >
        Every value recorded for this KPI will be listed here, newest first.
      </EmptyState>
    );
  }

  if (items.length === 0) {
    return (
      <EmptyState
        title="No values on this page"
        action={
          <Button size="sm" onClick={() => setPage(0)}>
            Show the newest values
          </Button>
        }
      />
    );
  }

  const first = page * HISTORY_PAGE_SIZE + 1;
  const last = page * HISTORY_PAGE_SIZE + items.length;
  const hasNext = last < totalCount;

  const closeDialog = () => {
    setPending(null);
    remove.reset();
  };
  const confirmDelete = () => {
    if (!pending) return;
    remove.mutate(pending.id, {
      onSuccess: () => {
        // The last row of a later page is gone: show the page before it.
        if (items.length === 1 && page > 0) setPage(page - 1);
        closeDialog();
      },
    });
  };

  return (
    <div className={history.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined}>
      <div className="overflow-x-auto rounded-lg border border-gray-200 dark:border-gray-800">
        <table className="w-full text-sm">
          <caption className="sr-only">
            Recorded values of {kpi.name}, newest first, {first} to {last} of {totalCount}
          </caption>
          <thead className="bg-gray-50 text-gray-700 dark:bg-gray-900 dark:text-gray-300">
            <tr>
              <th scope="col" className={`${headCell} text-left`}>
                Period
              </th>
              <th scope="col" className={`${headCell} text-right`}>
                Value
              </th>
              <th scope="col" className={`${headCell} hidden text-left sm:table-cell`}>
                Recorded
              </th>
              <th scope="col" className={headCell}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-200 dark:divide-gray-800">
            {items.map((snapshot) => (
              <tr key={snapshot.id}>
                <td className={cell}>
                  <span className="font-medium whitespace-nowrap">
                    {safePeriodLabel(snapshot.group)}
                  </span>
                  {snapshot.timeZone !== timeZone && (
                    <span className="block text-xs text-gray-600 dark:text-gray-400">
                      in {snapshot.timeZone}
                    </span>
                  )}
                  {/* Narrow screens have no room for the Recorded column: it joins the period. */}
                  <span className="block text-xs text-gray-600 sm:hidden dark:text-gray-400">
                    {snapshot.createdByName ?? 'Unknown user'},{' '}
                    {formatRecordedAt(snapshot.dateCreated, timeZone)}
                  </span>
                </td>
                <td className={`${cell} text-right tabular-nums`}>
                  {formatKpiValue(snapshot.value, kpi.formatting)}
                </td>
                <td className={`${cell} hidden sm:table-cell`}>
                  <span className="block">{snapshot.createdByName ?? 'Unknown user'}</span>
                  <span className="block text-xs text-gray-600 dark:text-gray-400">
                    {formatRecordedAt(snapshot.dateCreated, timeZone)}
                  </span>
                </td>
                <td className={`${cell} text-right`}>
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => setPending(snapshot)}
                    aria-label={`Delete the value ${formatKpiValue(snapshot.value, kpi.formatting)} for ${safePeriodLabel(snapshot.group)}`}
                  >
                    Delete
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav
        aria-label="Update history pages"
        className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm"
      >
        <p className="text-gray-700 dark:text-gray-300">
          {first}–{last} of {totalCount}
        </p>
        <div className="flex gap-2">
          <Button size="sm" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Newer
          </Button>
          <Button size="sm" disabled={!hasNext} onClick={() => setPage(page + 1)}>
            Older
          </Button>
        </div>
      </nav>
      <ConfirmDialog
        open={pending !== null}
        title="Delete this value?"
        confirmLabel="Delete value"
        pending={remove.isPending}
        error={remove.error?.message ?? null}
        onConfirm={confirmDelete}
        onClose={closeDialog}
      >
        {pending && (
          <p>
            The value {formatKpiValue(pending.value, kpi.formatting)} recorded for{' '}
            {describePeriod(pending.group)} by {pending.createdByName ?? 'an unknown user'} will be
            removed. Charts and statistics are recalculated without it.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}
