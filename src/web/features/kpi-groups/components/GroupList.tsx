import { Link } from 'react-router';
import type { KpiGroup } from '../../../../contract/kpi-groups.ts';
import { focusRing } from '../../../components/ui/Button.tsx';
import { Skeleton } from '../../../components/ui/States.tsx';
import { useVirtualGroupCount } from '../api/get-virtual-group-count.ts';
import { VIRTUAL_GROUP_HINTS, kpiCount, type GroupEntry } from '../groups-model.ts';
import { IconButton } from './IconButton.tsx';
import { RenameGroupForm, useInlineEdit } from './RenameGroupForm.tsx';
import { GroupStar, VirtualGroupStar } from './StarButton.tsx';
import { useHeldOrder } from './use-held-order.ts';

const rowClass = 'flex items-start gap-2 px-2 py-2 sm:items-center sm:px-3';
const nameClass = `rounded font-medium break-words text-gray-900 hover:underline dark:text-gray-100 ${focusRing}`;
const metaClass = 'text-sm text-gray-600 tabular-nums dark:text-gray-400';

function GroupRow({
  group,
  groups,
  onDelete,
}: {
  group: KpiGroup;
  groups: readonly KpiGroup[];
  onDelete: (group: KpiGroup) => void;
}) {
  const edit = useInlineEdit();
  return (
    <li className={rowClass}>
      <GroupStar group={group} />
      {edit.editing ? (
        <div className="min-w-0 flex-1 py-1">
          <RenameGroupForm group={group} groups={groups} onDone={edit.stop} />
        </div>
      ) : (
        <>
          <div className="min-w-0 flex-1 py-2 sm:flex sm:items-baseline sm:gap-4">
            <Link to={`/groups/${group.id}`} className={`${nameClass} sm:flex-1`}>
              {group.name}
            </Link>
            <p className={`${metaClass} sm:w-28 sm:text-right`}>{kpiCount(group.kpisCount)}</p>
          </div>
          <div className="flex shrink-0">
            <IconButton
              id={edit.buttonId}
              icon="pencil"
              label={`Rename ${group.name}`}
              onClick={edit.start}
            />
            <IconButton
              icon="trash"
              label={`Delete ${group.name}`}
              onClick={() => onDelete(group)}
            />
          </div>
        </>
      )}
    </li>
  );
}

function VirtualGroupCount({ entry }: { entry: Extract<GroupEntry, { kind: 'virtual' }> }) {
  const count = useVirtualGroupCount(entry.virtualGroup);
  if (count.status === 'pending') {
    return (
      <>
        <span className="sr-only">Counting…</span>
        <Skeleton className="inline-block h-4 w-14 align-middle" />
      </>
    );
  }
  if (count.status === 'error') {
    return (
      <>
        Count unavailable ·{' '}
        <button
          type="button"
          onClick={count.retry}
          className={`rounded underline hover:text-gray-900 dark:hover:text-gray-100 ${focusRing}`}
        >
          Retry
        </button>
      </>
    );
  }
  return <>{kpiCount(count.count ?? 0)}</>;
}

function VirtualGroupRow({ entry }: { entry: Extract<GroupEntry, { kind: 'virtual' }> }) {
  return (
    <li className={rowClass}>
      <VirtualGroupStar
        virtualGroup={entry.virtualGroup}
        name={entry.name}
        favorite={entry.favorite}
      />
      <div className="min-w-0 flex-1 py-2 sm:flex sm:items-baseline sm:gap-4">
        <div className="sm:flex-1">
          <Link to={entry.href} className={nameClass}>
            {entry.name}
          </Link>
          <span className="ml-2 text-sm text-gray-600 dark:text-gray-400">
            {VIRTUAL_GROUP_HINTS[entry.virtualGroup]}
          </span>
        </div>
        <div className={`${metaClass} sm:w-28 sm:text-right`}>
          <VirtualGroupCount entry={entry} />
        </div>
      </div>
      {/* Keeps the counts aligned with those of the rows that have actions. */}
      <div aria-hidden="true" className="hidden w-20 shrink-0 sm:block" />
    </li>
  );
}

/** Every group, favorites first; the rows hold still while the person works in the list. */
export function GroupList({
  entries,
  groups,
  onDelete,
  labelledBy,
}: {
  entries: readonly GroupEntry[];
  groups: readonly KpiGroup[];
  onDelete: (group: KpiGroup) => void;
  labelledBy: string;
}) {
  const { shown, listProps } = useHeldOrder(entries);
  return (
    <ul
      {...listProps}
      aria-labelledby={labelledBy}
      className="divide-y divide-gray-200 dark:divide-gray-800"
    >
      {shown.map((entry) =>
        entry.kind === 'virtual' ? (
          <VirtualGroupRow key={entry.key} entry={entry} />
        ) : (
          <GroupRow key={entry.key} group={entry.group} groups={groups} onDelete={onDelete} />
        ),
      )}
    </ul>
  );
}

export function GroupListSkeleton({ rows = 7 }: { rows?: number }) {
  return (
    <ul aria-hidden="true" className="divide-y divide-gray-200 dark:divide-gray-800">
      {Array.from({ length: rows }, (_, i) => (
        <li key={i} className={`${rowClass} h-14 sm:items-center`}>
          <Skeleton className="h-6 w-6 shrink-0 self-center" />
          <Skeleton className="h-4 w-40 self-center" />
          <Skeleton className="ml-auto h-4 w-14 self-center" />
        </li>
      ))}
    </ul>
  );
}
