import { useRef, useState } from 'react';
import {
  Link,
  useNavigate,
  useParams,
  useSearchParams,
  type LoaderFunctionArgs,
} from 'react-router';
import { isDeadLink } from '../../../../client/http.ts';
import { ID_PATTERN } from '../../../../contract/common.ts';
import type { KpiGroup } from '../../../../contract/kpi-groups.ts';
import { Button, buttonClass, focusRing } from '../../../components/ui/Button.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../../components/ui/States.tsx';
import { queryClient } from '../../../lib/query-client.ts';
import { sessionStore } from '../../../lib/session.ts';
import { groupsQuery, useGroups } from '../../../queries/shared.ts';
import { groupKpisQuery } from '../api/get-group-kpis.ts';
import { groupQuery, useGroup } from '../api/get-group.ts';
import { DeleteGroupDialog } from '../components/DeleteGroupDialog.tsx';
import { GroupKpis, GroupKpisSkeleton } from '../components/GroupKpis.tsx';
import { IconButton } from '../components/IconButton.tsx';
import { KpiPicker } from '../components/KpiPicker.tsx';
import { RenameGroupForm, useInlineEdit } from '../components/RenameGroupForm.tsx';
import { GroupStar } from '../components/StarButton.tsx';
import { kpiCount, readPage } from '../groups-model.ts';

export function loader({ params, request }: LoaderFunctionArgs) {
  const groupId = params.groupId ?? '';
  if (!sessionStore.get().session || !ID_PATTERN.test(groupId)) return null;
  const page = readPage(new URL(request.url).searchParams.get('page'));
  void queryClient.prefetchQuery(groupQuery(groupId));
  void queryClient.prefetchQuery(groupKpisQuery(groupId, page));
  void queryClient.prefetchQuery(groupsQuery());
  return null;
}

function BackLink() {
  return (
    <Link
      to="/groups"
      className={`inline-flex items-center gap-1 rounded text-sm text-gray-700 hover:underline dark:text-gray-300 ${focusRing}`}
    >
      <span aria-hidden="true">←</span> All groups
    </Link>
  );
}

function GroupNotFound() {
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <BackLink />
      <h1 className="text-2xl font-semibold">Group not found</h1>
      <EmptyState
        title="This group does not exist"
        action={
          <Link to="/groups" className={buttonClass('primary')}>
            See all groups
          </Link>
        }
      >
        It may have been deleted, or the link is incomplete.
      </EmptyState>
    </div>
  );
}

function GroupPageSkeleton() {
  return (
    <div role="status" className="mx-auto max-w-4xl space-y-6">
      <span className="sr-only">Loading the group…</span>
      <Skeleton className="h-4 w-24" />
      <div className="flex items-center gap-3">
        <Skeleton className="h-8 w-8" />
        <Skeleton className="h-8 w-56" />
      </div>
      <Skeleton className="h-32 w-full rounded-xl" />
      <div className="rounded-xl border border-gray-200 bg-white py-2 dark:border-gray-800 dark:bg-gray-900">
        <GroupKpisSkeleton />
      </div>
    </div>
  );
}

function GroupHeader({
  group,
  groups,
  onDelete,
}: {
  group: KpiGroup;
  groups: readonly KpiGroup[];
  onDelete: () => void;
}) {
  const edit = useInlineEdit();
  return (
    <header className="flex flex-wrap items-start gap-x-3 gap-y-2">
      <div className="flex min-w-0 flex-1 basis-64 items-start gap-1">
        <GroupStar group={group} />
        <div className="min-w-0 flex-1">
          {edit.editing ? (
            <RenameGroupForm group={group} groups={groups} onDone={edit.stop} large />
          ) : (
            <div className="flex items-start gap-1">
              <h1 className="min-w-0 py-1 text-2xl font-semibold break-words">{group.name}</h1>
              <IconButton
                id={edit.buttonId}
                icon="pencil"
                label={`Rename ${group.name}`}
                onClick={edit.start}
              />
            </div>
          )}
          <p className="text-sm text-gray-700 dark:text-gray-300">
            {kpiCount(group.kpisCount)} ·{' '}
            <Link
              to={`/kpis?group=${group.id}`}
              className={`rounded text-blue-700 underline dark:text-blue-300 ${focusRing}`}
            >
              Show with values in the KPI list
            </Link>
          </p>
        </div>
      </div>
      <Button variant="secondary" onClick={onDelete}>
        Delete group
      </Button>
    </header>
  );
}

const cardClass =
  'rounded-xl border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900';

function GroupView({ groupId }: { groupId: string }) {
  const group = useGroup(groupId);
  const groups = useGroups();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const page = readPage(params.get('page'));
  const [deleting, setDeleting] = useState(false);
  const pickerInput = useRef<HTMLInputElement>(null);

  if (group.isPending) return <GroupPageSkeleton />;
  if (group.isError) {
    if (isDeadLink(group.error)) return <GroupNotFound />;
    return (
      <div className="mx-auto max-w-4xl space-y-4">
        <BackLink />
        <ErrorState
          title="This group could not be loaded"
          error={group.error}
          onRetry={() => void group.refetch()}
        />
      </div>
    );
  }

  const hrefFor = (target: number) => {
    const next = new URLSearchParams(params);
    if (target === 1) next.delete('page');
    else next.set('page', String(target));
    const search = next.toString();
    return `/groups/${groupId}${search ? `?${search}` : ''}`;
  };

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <BackLink />
      <GroupHeader
        group={group.data}
        groups={groups.data?.items ?? [group.data]}
        onDelete={() => setDeleting(true)}
      />

      <section aria-labelledby="add-kpis-heading" className={`${cardClass} p-4 sm:p-5`}>
        <h2 id="add-kpis-heading" className="mb-3 text-lg font-semibold">
          Add KPIs
        </h2>
        <KpiPicker group={group.data} inputRef={pickerInput} />
      </section>

      <section aria-labelledby="group-kpis-heading" className={`${cardClass} py-2`}>
        <h2 id="group-kpis-heading" className="px-3 pt-1 pb-2 text-lg font-semibold">
          KPIs in this group
        </h2>
        <GroupKpis
          group={group.data}
          page={page}
          hrefFor={hrefFor}
          onFindKpis={() => pickerInput.current?.focus()}
        />
      </section>

      <DeleteGroupDialog
        group={deleting ? group.data : null}
        onClose={() => setDeleting(false)}
        onDeleted={(deleted) =>
          navigate('/groups', {
            replace: true,
            state: {
              notice:
                deleted.kpisCount === 0
                  ? `Deleted “${deleted.name}”.`
                  : `Deleted “${deleted.name}”; its KPIs stay.`,
            },
          })
        }
      />
    </div>
  );
}

export function Component() {
  const { groupId = '' } = useParams();
  if (!ID_PATTERN.test(groupId)) return <GroupNotFound />;
  // A new group starts with fresh local state (picker, dialogs).
  return <GroupView key={groupId} groupId={groupId} />;
}
