import type { ReactNode } from 'react';
import type { TimeZone } from '../../../../../contract/periods.ts';
import { focusRing } from '../../../../components/ui/Button.tsx';
import { Skeleton } from '../../../../components/ui/States.tsx';
import type { ListSort, PeriodWindow, SortField } from '../../list-model.ts';
import {
  Change,
  CurrentValue,
  Groups,
  KpiNameLink,
  LastUpdate,
  NextProjection,
  Owners,
  Trend,
  type ListRow,
} from './KpiListCells.tsx';

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide';
const td = 'px-3 py-2.5 align-top';

function SortableHeader({
  field,
  label,
  sort,
  onSort,
  align = 'left',
}: {
  field: SortField;
  label: string;
  sort: ListSort;
  onSort: (field: SortField) => void;
  align?: 'left' | 'right';
}) {
  const active = sort.field === field;
  return (
    <th
      scope="col"
      aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
      className={`${th} ${align === 'right' ? 'text-right' : ''}`}
    >
      <button
        type="button"
        onClick={() => onSort(field)}
        className={`inline-flex items-center gap-1 rounded-sm uppercase hover:text-gray-900 dark:hover:text-white ${focusRing} ${
          active ? 'text-gray-900 dark:text-white' : ''
        }`}
      >
        {label}
        <SortArrow state={active ? (sort.descending ? 'down' : 'up') : 'none'} />
      </button>
    </th>
  );
}

function SortArrow({ state }: { state: 'up' | 'down' | 'none' }) {
  const path =
    state === 'up'
      ? 'M5 12l5-6 5 6z'
      : state === 'down'
        ? 'M5 8l5 6 5-6z'
        : 'M6 8l4-4 4 4zM6 12l4 4 4-4z';
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 20 20"
      className={`h-3.5 w-3.5 fill-current ${state === 'none' ? 'opacity-40' : ''}`}
    >
      <path d={path} />
    </svg>
  );
}

function Frame({
  caption,
  header,
  children,
  busy = false,
}: {
  caption: string;
  header: ReactNode;
  children: ReactNode;
  busy?: boolean;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
      <table className="w-full table-fixed text-sm" aria-busy={busy || undefined}>
        <caption className="sr-only">{caption}</caption>
        <colgroup>
          <col />
          <col />
          <col />
          <col className="w-32" />
          <col className="w-36" />
          <col className="w-32" />
          <col className="w-36" />
          <col className="w-28" />
        </colgroup>
        <thead className="border-b border-gray-200 bg-gray-50 text-gray-600 dark:border-gray-800 dark:bg-gray-950/40 dark:text-gray-300">
          {header}
        </thead>
        <tbody className="divide-y divide-gray-100 dark:divide-gray-800">{children}</tbody>
      </table>
    </div>
  );
}

function HeaderRow({ sort, onSort }: { sort: ListSort; onSort: (field: SortField) => void }) {
  return (
    <tr>
      <SortableHeader field="name" label="KPI" sort={sort} onSort={onSort} />
      <th scope="col" className={th}>
        Owners
      </th>
      <th scope="col" className={th}>
        Groups
      </th>
      <SortableHeader field="value" label="Value" sort={sort} onSort={onSort} align="right" />
      <SortableHeader field="change" label="Change" sort={sort} onSort={onSort} align="right" />
      <th scope="col" className={th}>
        Trend
      </th>
      <th scope="col" className={`${th} text-right`}>
        Next projection
      </th>
      <SortableHeader field="dateUpdated" label="Updated" sort={sort} onSort={onSort} />
    </tr>
  );
}

/** The wide-screen list: one KPI per row, sortable by the column headers. */
export function KpiTable({
  rows,
  window,
  tz,
  sort,
  onSort,
  caption,
  updating,
  valuesFailed,
}: {
  rows: ListRow[];
  window: PeriodWindow;
  tz: TimeZone;
  sort: ListSort;
  onSort: (field: SortField) => void;
  caption: string;
  updating: boolean;
  valuesFailed: boolean;
}) {
  return (
    <Frame caption={caption} busy={updating} header={<HeaderRow sort={sort} onSort={onSort} />}>
      {rows.map((row) => (
        <tr key={row.kpi.id} className="hover:bg-gray-50 dark:hover:bg-gray-800/50">
          <th scope="row" className={`${td} text-left font-normal break-words`}>
            <KpiNameLink kpi={row.kpi} />
          </th>
          <td className={`${td} break-words text-gray-800 dark:text-gray-200`}>
            <Owners names={row.owners} />
          </td>
          <td className={td}>
            <Groups groups={row.groups} />
          </td>
          <td className={`${td} text-right`}>
            <CurrentValue row={row} window={window} failed={valuesFailed} />
          </td>
          <td className={`${td} text-right`}>
            <Change row={row} failed={valuesFailed} />
          </td>
          <td className={td}>
            <Trend row={row} window={window} failed={valuesFailed} />
          </td>
          <td className={`${td} text-right`}>
            <NextProjection row={row} />
          </td>
          <td className={`${td} text-gray-800 dark:text-gray-200`}>
            <LastUpdate kpi={row.kpi} tz={tz} />
          </td>
        </tr>
      ))}
    </Frame>
  );
}

/** Rows the size of the real ones while the first page loads. */
export function KpiTableSkeleton({ rows = 8 }: { rows?: number }) {
  const widths = ['w-48', 'w-24', 'w-20', 'w-16', 'w-20', 'w-24', 'w-16', 'w-20'];
  return (
    <Frame
      caption="KPIs, loading"
      busy
      header={
        <tr>
          {[
            'KPI',
            'Owners',
            'Groups',
            'Value',
            'Change',
            'Trend',
            'Next projection',
            'Updated',
          ].map((label) => (
            <th key={label} scope="col" className={th}>
              {label}
            </th>
          ))}
        </tr>
      }
    >
      {Array.from({ length: rows }, (_, i) => (
        <tr key={i}>
          {widths.map((width, j) => (
            <td key={j} className={`${td} h-14`}>
              <Skeleton className={`h-4 ${width}`} />
            </td>
          ))}
        </tr>
      ))}
    </Frame>
  );
}
