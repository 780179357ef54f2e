import { Link } from 'react-router';
import { changeTone, formatKpiValue } from '../../../../../contract/format.ts';
import type { Kpi } from '../../../../../contract/kpis.ts';
import { localDate, periodLabel, type TimeZone } from '../../../../../contract/periods.ts';
import { DeltaBadge } from '../../../../components/kpi/DeltaBadge.tsx';
import { Sparkline } from '../../../../components/kpi/Sparkline.tsx';
import { focusRing } from '../../../../components/ui/Button.tsx';
import { Skeleton } from '../../../../components/ui/States.tsx';
import {
  shortPeriodLabel,
  sparklineValues,
  type KpiRow,
  type PeriodWindow,
} from '../../list-model.ts';

/** The pieces of a KPI row, shared by the table and the cards. */

export type ListKpi = Pick<
  Kpi,
  'id' | 'name' | 'formatting' | 'targetOperator' | 'ownerIds' | 'groups' | 'projections'
> & { dateUpdated: string };
export type ListRow = KpiRow<ListKpi>;

const PERIOD_NOUN = { week: 'week', month: 'month', quarter: 'quarter', year: 'year' } as const;

export const muted = 'text-gray-600 dark:text-gray-400';

export function KpiNameLink({ kpi, className = '' }: { kpi: ListKpi; className?: string }) {
  return (
    <Link
      to={`/kpis/${kpi.id}`}
      className={`rounded-sm font-medium text-blue-700 hover:underline dark:text-blue-300 ${focusRing} ${className}`}
    >
      {kpi.name}
    </Link>
  );
}

/** Shown instead of a value when the grouped read failed (the page says so above the list). */
function Unavailable() {
  return (
    <span className={muted} title="Values could not be loaded">
      —
    </span>
  );
}

export function CurrentValue({
  row,
  window,
  failed,
  size = 'md',
}: {
  row: ListRow;
  window: PeriodWindow;
  failed: boolean;
  size?: 'md' | 'lg';
}) {
  const { reading, kpi } = row;
  if (reading === null) return failed ? <Unavailable /> : <Skeleton className="h-5 w-20" />;
  const current = reading.current;
  if (current === null) {
    return (
      <span className={`text-sm ${muted}`}>
        No value in {window.keys.length} {PERIOD_NOUN[window.granularity]}s
      </span>
    );
  }
  const full = periodLabel(current.key);
  const title = current.isCurrentPeriod
    ? `Value of ${full}`
    : `Value of ${full}, the latest ${PERIOD_NOUN[window.granularity]} with a value`;
  return (
    <span className="inline-flex flex-col" title={title}>
      <span
        className={`font-semibold tabular-nums text-gray-900 dark:text-gray-100 ${size === 'lg' ? 'text-xl' : 'text-base'}`}
      >
        {formatKpiValue(current.value, kpi.formatting)}
      </span>
      <span className={`text-xs ${muted}`}>
        <span className="sr-only">in </span>
        {shortPeriodLabel(current.key)}
        {!current.isCurrentPeriod && ' · latest'}
      </span>
    </span>
  );
}

export function Change({ row, failed }: { row: ListRow; failed: boolean }) {
  const { reading, kpi } = row;
  if (reading === null) return failed ? <Unavailable /> : <Skeleton className="h-5 w-24" />;
  if (reading.current === null) return <span className={muted}>—</span>;
  const previous = reading.previous;
  if (previous === null || previous.value === null) {
    return (
      <span className={`text-xs ${muted}`}>
        {previous ? `No ${shortPeriodLabel(previous.key)} value` : 'Nothing to compare'}
      </span>
    );
  }
  return (
    <span className="inline-flex flex-col" title={`Compared with ${periodLabel(previous.key)}`}>
      <DeltaBadge
        delta={reading.delta}
        percentage={reading.percentage}
        formatting={kpi.formatting}
        targetOperator={kpi.targetOperator}
        className="text-sm font-medium"
      />
      <span className={`text-xs ${muted}`}>vs {shortPeriodLabel(previous.key)}</span>
    </span>
  );
}

export function Trend({
  row,
  window,
  failed,
}: {
  row: ListRow;
  window: PeriodWindow;
  failed: boolean;
}) {
  const { reading, kpi } = row;
  if (reading === null) return failed ? <Unavailable /> : <Skeleton className="h-7 w-24" />;
  const values = sparklineValues(reading);
  const span = `the last ${window.keys.length} ${PERIOD_NOUN[window.granularity]}s`;
  const label =
    values.length === 0
      ? `${kpi.name}: no values in ${span}`
      : `${kpi.name} over ${span}: ${values.length} values, from ${formatKpiValue(values[0], kpi.formatting)} to ${formatKpiValue(values.at(-1), kpi.formatting)}`;
  return (
    <Sparkline values={values} tone={changeTone(reading.delta, kpi.targetOperator)} label={label} />
  );
}

export function NextProjection({ row }: { row: ListRow }) {
  const { projection, kpi } = row;
  if (projection === null) return <span className={muted}>—</span>;
  return (
    <span className="inline-flex flex-col">
      <span className="tabular-nums text-gray-900 dark:text-gray-100">
        {formatKpiValue(projection.value, kpi.formatting)}
      </span>
      <span className={`text-xs ${muted}`}>
        by <time dateTime={projection.date}>{periodLabel(projection.date)}</time>
      </span>
    </span>
  );
}

export function LastUpdate({ kpi, tz }: { kpi: ListKpi; tz: TimeZone }) {
  const instant = Date.parse(kpi.dateUpdated);
  if (!Number.isFinite(instant)) return <span className={muted}>—</span>;
  return (
    <time dateTime={kpi.dateUpdated} title={kpi.dateUpdated} className="whitespace-nowrap">
      {periodLabel(localDate(instant, tz))}
    </time>
  );
}

export function Owners({ names }: { names: readonly string[] }) {
  if (names.length === 0) return <span className={muted}>No owner</span>;
  return <span title={names.join(', ')}>{names.join(', ')}</span>;
}

export function Groups({ groups }: { groups: ListRow['groups'] }) {
  if (groups.length === 0) return <span className={muted}>Ungrouped</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Groups">
      {groups.map((group) => (
        <li
          key={group.id}
          className="rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-800 dark:bg-gray-800 dark:text-gray-200"
        >
          {group.name}
        </li>
      ))}
    </ul>
  );
}
