import { Link } from 'react-router';
import type { KpiGroup } from '../../../../contract/kpi-groups.ts';
import type { Kpi } from '../../../../contract/kpis.ts';
import { Button, buttonClass, focusRing } from '../../../components/ui/Button.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../../components/ui/States.tsx';
import { useGroupKpis } from '../api/get-group-kpis.ts';
import { useRemoveKpiFromGroup } from '../api/mutations.ts';
import { GROUP_KPIS_PAGE_SIZE } from '../groups-model.ts';

const counts = new Intl.NumberFormat('en-US');

function GroupKpiRow({ kpi, group }: { kpi: Kpi; group: Pick<KpiGroup, 'id' | 'name'> }) {
  const remove = useRemoveKpiFromGroup(group.id);
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
      <Link
        to={`/kpis/${kpi.id}`}
        className={`min-w-0 flex-1 rounded font-medium break-words text-gray-900 hover:underline dark:text-gray-100 ${focusRing}`}
      >
        {kpi.name}
      </Link>
      <Button
        size="sm"
        onClick={() => remove.mutate(kpi.id)}
        disabled={remove.isPending}
        aria-label={`Remove ${kpi.name} from ${group.name}`}
      >
        {remove.isPending ? 'Removing…' : 'Remove'}
      </Button>
      {remove.isError && (
        <p role="alert" className="basis-full text-sm text-red-700 dark:text-red-400">
          {kpi.name} could not be removed: {remove.error.message}
        </p>
      )}
    </li>
  );
}

export function GroupKpisSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <ul aria-hidden="true" className="divide-y divide-gray-200 dark:divide-gray-800">
      {Array.from({ length: rows }, (_, i) => (
        <li key={i} className="flex h-12 items-center gap-3 px-3">
          <Skeleton className="h-4 w-48" />
          <Skeleton className="ml-auto h-7 w-20" />
        </li>
      ))}
    </ul>
  );
}

/** The group's KPIs, a page at a time (`?page=` in the URL), each with a way out of the group. */
export function GroupKpis({
  group,
  page,
  hrefFor,
  onFindKpis,
}: {
  group: Pick<KpiGroup, 'id' | 'name'>;
  page: number;
  hrefFor: (page: number) => string;
  onFindKpis: () => void;
}) {
  const kpis = useGroupKpis(group.id, page);
  if (kpis.isPending) {
    return (
      <div role="status">
        <span className="sr-only">Loading the group’s KPIs…</span>
        <GroupKpisSkeleton />
      </div>
    );
  }
  if (kpis.isError) {
    return (
      <ErrorState
        title="The group’s KPIs could not be loaded"
        error={kpis.error}
        onRetry={() => void kpis.refetch()}
      />
    );
  }
  const { items, totalCount } = kpis.data;
  if (totalCount === 0) {
    return (
      <EmptyState
        title={`No KPIs in ${group.name} yet`}
        action={
          <Button variant="primary" onClick={onFindKpis}>
            Find KPIs to add
          </Button>
        }
      >
        Search above for the KPIs that belong here.
      </EmptyState>
    );
  }
  const pageCount = Math.max(1, Math.ceil(totalCount / GROUP_KPIS_PAGE_SIZE));
  if (items.length === 0) {
    return (
      <EmptyState
        title="This page is empty"
        action={
          <Link to={hrefFor(1)} className={buttonClass('secondary')}>
            Go to the first page
          </Link>
        }
      >
        The group has {counts.format(totalCount)} KPIs on {counts.format(pageCount)} pages.
      </EmptyState>
    );
  }
  const first = (page - 1) * GROUP_KPIS_PAGE_SIZE + 1;
  const last = first + items.length - 1;
  return (
    <div className="space-y-3">
      <ul
        aria-label={`KPIs in ${group.name}`}
        aria-busy={kpis.isPlaceholderData}
        className={`divide-y divide-gray-200 dark:divide-gray-800 ${kpis.isPlaceholderData ? 'opacity-60' : ''}`}
      >
        {items.map((kpi) => (
          <GroupKpiRow key={kpi.id} kpi={kpi} group={group} />
        ))}
      </ul>
      {pageCount > 1 && (
        <nav
          aria-label="Pages"
          className="flex flex-wrap items-center justify-between gap-3 px-3 text-sm"
        >
          <p className="text-gray-700 tabular-nums dark:text-gray-300">
            {counts.format(first)}–{counts.format(last)} of {counts.format(totalCount)}
          </p>
          <div className="flex gap-2">
            {page > 1 && (
              <Link to={hrefFor(page - 1)} className={buttonClass('secondary', 'sm')}>
                Previous page
              </Link>
            )}
            {page < pageCount && (
              <Link to={hrefFor(page + 1)} className={buttonClass('secondary', 'sm')}>
                Next page
              </Link>
            )}
          </div>
        </nav>
      )}
    </div>
  );
}
