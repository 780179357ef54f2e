import { useId, useState } from 'react';
import { Link } from 'react-router';
import { formatKpiValue } from '../../../../../contract/format.ts';
import type { Kpi } from '../../../../../contract/kpis.ts';
import { Button, buttonClass, focusRing } from '../../../../components/ui/Button.tsx';
import { inputClass } from '../../../../components/ui/Field.tsx';
import { Skeleton } from '../../../../components/ui/States.tsx';
import { Markdown } from '../../../../lib/markdown.tsx';
import { useGroups, useUsers } from '../../../../queries/shared.ts';
import { useKpiGroupMembership } from '../../api/mutations.ts';
import { DeleteKpiButton } from '../form/DeleteKpiDialog.tsx';

const AGGREGATION_LABELS: Record<Kpi['aggregation'], string> = {
  last: 'Last value',
  sum: 'Sum',
  average: 'Average',
  min: 'Lowest value',
  max: 'Highest value',
};

/** Owner ids in order, without repeats: `ownerIds`, or the single `ownerId` of older KPIs. */
export function ownerIdsOf(kpi: Pick<Kpi, 'ownerId' | 'ownerIds'>): string[] {
  const ids = kpi.ownerIds.length > 0 ? kpi.ownerIds : kpi.ownerId ? [kpi.ownerId] : [];
  return [...new Set(ids)];
}

/** The KPI's groups as removable chips, and a picker that adds it to another group. */
export function KpiGroupsEditor({ kpi }: { kpi: Kpi }) {
  const id = useId();
  const groups = useGroups();
  const membership = useKpiGroupMembership(kpi.id);
  const [selected, setSelected] = useState('');
  // Starred groups first, in the chips and in the picker, as on the groups page.
  const all = [...(groups.data?.items ?? [])].sort(
    (a, b) => Number(b.favorite) - Number(a.favorite) || a.name.localeCompare(b.name),
  );
  const names = new Map(all.map((group) => [group.id, group.name]));
  const rank = new Map(all.map((group, index) => [group.id, index]));
  const memberIds = [...kpi.groups].sort(
    (a, b) => (rank.get(a) ?? all.length) - (rank.get(b) ?? all.length),
  );
  const others = all.filter((group) => !kpi.groups.includes(group.id));
  const busy = membership.isPending;

  return (
    <div className="space-y-2">
      <ul aria-label="Groups" className="flex flex-wrap items-center gap-2">
        {kpi.groups.length === 0 && (
          <li className="text-sm text-gray-600 dark:text-gray-400">In no group</li>
        )}
        {memberIds.map((groupId) => {
          const name = names.get(groupId) ?? (groups.isPending ? '…' : 'Unknown group');
          return (
            <li
              key={groupId}
              className="inline-flex items-center gap-1 rounded-full bg-blue-50 py-0.5 pr-1 pl-3 text-sm text-blue-900 dark:bg-blue-950 dark:text-blue-100"
            >
              <Link
                to={`/kpis?group=${groupId}`}
                className={`rounded hover:underline ${focusRing}`}
              >
                {name}
              </Link>
              <button
                type="button"
                disabled={busy}
                onClick={() => membership.mutate({ groupId, member: false })}
                aria-label={`Remove from ${name}`}
                className={`rounded-full p-1 leading-none hover:bg-blue-100 disabled:opacity-50 dark:hover:bg-blue-900 ${focusRing}`}
              >
                <svg aria-hidden="true" viewBox="0 0 12 12" className="h-3 w-3 stroke-current">
                  <path d="M3 3l6 6M9 3l-6 6" strokeWidth="1.5" strokeLinecap="round" />
                </svg>
              </button>
            </li>
          );
        })}
      </ul>
      {others.length > 0 && (
        <form
          className="flex items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (!selected) return;
            membership.mutate(
              { groupId: selected, member: true },
              { onSuccess: () => setSelected('') },
            );
          }}
        >
          <label htmlFor={`${id}-group`} className="sr-only">
            Add to group
          </label>
          <select
            id={`${id}-group`}
            className={`${inputClass} min-w-0 py-1.5 sm:w-64`}
            value={selected}
            onChange={(e) => setSelected(e.target.value)}
          >
            <option value="">Add to group…</option>
            {others.map((group) => (
              <option key={group.id} value={group.id}>
                {group.name}
              </option>
            ))}
          </select>
          <Button type="submit" size="sm" disabled={!selected || busy}>
            Add
          </Button>
        </form>
      )}
      {membership.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          The groups could not be changed: {membership.error.message}
        </p>
      )}
    </div>
  );
}

function Owners({ kpi }: { kpi: Kpi }) {
  const users = useUsers();
  const ids = ownerIdsOf(kpi);
  if (ids.length === 0) return <>No owner</>;
  if (users.isPending) return <Skeleton className="inline-block h-4 w-32 align-middle" />;
  const names = new Map((users.data?.items ?? []).map((user) => [user.id, user.name]));
  return <>{ids.map((id) => names.get(id) ?? 'Unknown user').join(', ')}</>;
}

/** Name, description, owners, groups and the KPI's actions. */
export function KpiHeader({ kpi }: { kpi: Kpi }) {
  const users = useUsers();
  const better = kpi.targetOperator === 'should_increase';
  const mentionable = users.data?.items.map(({ id, name }) => ({ id, name }));
  return (
    <header className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h1 className="min-w-0 text-2xl font-semibold break-words">{kpi.name}</h1>
        <div className="flex flex-wrap gap-2">
          <Link to={`/kpis/${kpi.id}/edit`} className={buttonClass('secondary')}>
            Edit
          </Link>
          <DeleteKpiButton kpi={kpi} />
        </div>
      </div>
      {kpi.description.trim() !== '' && (
        <div className="max-w-3xl text-gray-800 dark:text-gray-200">
          <Markdown source={kpi.description} users={mentionable} />
        </div>
      )}
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-gray-600 dark:text-gray-400">Owners</dt>
        <dd>
          <Owners kpi={kpi} />
        </dd>
        <dt className="text-gray-600 dark:text-gray-400">Summarize with</dt>
        <dd>
          {AGGREGATION_LABELS[kpi.aggregation]} ·{' '}
          <span className="font-medium">
            <span aria-hidden="true">{better ? '↑ ' : '↓ '}</span>
            {better ? 'Higher is better' : 'Lower is better'}
          </span>{' '}
          · shown as {formatKpiValue(1234.5, kpi.formatting)}
        </dd>
        <dt className="text-gray-600 dark:text-gray-400">Groups</dt>
        <dd>
          <KpiGroupsEditor kpi={kpi} />
        </dd>
      </dl>
    </header>
  );
}
