import type { TimeZone } from '../../../../../contract/periods.ts';
import { Skeleton } from '../../../../components/ui/States.tsx';
import type { PeriodWindow } from '../../list-model.ts';
import {
  Change,
  CurrentValue,
  Groups,
  KpiNameLink,
  LastUpdate,
  NextProjection,
  Owners,
  Trend,
  muted,
  type ListRow,
} from './KpiListCells.tsx';

const card = 'rounded-lg border border-gray-200 bg-white p-3 dark:border-gray-800 dark:bg-gray-900';

/** The narrow-screen list: one card per KPI, nothing wider than the screen. */
export function KpiCards({
  rows,
  window,
  tz,
  label,
  updating,
  valuesFailed,
}: {
  rows: ListRow[];
  window: PeriodWindow;
  tz: TimeZone;
  label: string;
  updating: boolean;
  valuesFailed: boolean;
}) {
  return (
    <ul
      aria-label={label}
      aria-busy={updating || undefined}
      className="grid grid-cols-1 gap-2 sm:grid-cols-2"
    >
      {rows.map((row) => (
        <li key={row.kpi.id} className={card}>
          <h3 className="text-base leading-snug break-words">
            <KpiNameLink kpi={row.kpi} />
          </h3>
          <div className="mt-2 flex items-end justify-between gap-3">
            <div className="min-w-0 space-y-1">
              <CurrentValue row={row} window={window} failed={valuesFailed} size="lg" />
              <div>
                <Change row={row} failed={valuesFailed} />
              </div>
            </div>
            <div className="shrink-0">
              <Trend row={row} window={window} failed={valuesFailed} />
            </div>
          </div>
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className={muted}>Owners</dt>
            <dd className="min-w-0 break-words text-gray-800 dark:text-gray-200">
              <Owners names={row.owners} />
            </dd>
            <dt className={muted}>Groups</dt>
            <dd className="min-w-0">
              <Groups groups={row.groups} />
            </dd>
            <dt className={muted}>Next projection</dt>
            <dd>
              <NextProjection row={row} />
            </dd>
            <dt className={muted}>Updated</dt>
            <dd className="text-gray-800 dark:text-gray-200">
              <LastUpdate kpi={row.kpi} tz={tz} />
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}

export function KpiCardsSkeleton({ cards = 4 }: { cards?: number }) {
  return (
    <ul aria-hidden="true" className="grid grid-cols-1 gap-2 sm:grid-cols-2">
      {Array.from({ length: cards }, (_, i) => (
        <li key={i} className={card}>
          <Skeleton className="h-5 w-2/3" />
          <div className="mt-3 flex items-end justify-between">
            <div className="space-y-2">
              <Skeleton className="h-6 w-24" />
              <Skeleton className="h-4 w-20" />
            </div>
            <Skeleton className="h-7 w-24" />
          </div>
          <div className="mt-3 space-y-1.5">
            <Skeleton className="h-4 w-1/2" />
            <Skeleton className="h-4 w-1/3" />
          </div>
        </li>
      ))}
    </ul>
  );
}
