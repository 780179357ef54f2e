import { flushSync } from 'react-dom';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { KpiGroup } from '../../../../contract/kpi-groups.ts';
import { Button } from '../../../components/ui/Button.tsx';
import { EmptyState, ErrorState } from '../../../components/ui/States.tsx';
import { queryClient } from '../../../lib/query-client.ts';
import { sessionStore } from '../../../lib/session.ts';
import {
  currentUserQuery,
  groupsQuery,
  useGroups,
  useVirtualFavorites,
  virtualFavoritesQuery,
} from '../../../queries/shared.ts';
import { virtualGroupCountQuery } from '../api/get-virtual-group-count.ts';
import { CreateGroupForm } from '../components/CreateGroupForm.tsx';
import { DeleteGroupDialog } from '../components/DeleteGroupDialog.tsx';
import { GroupList, GroupListSkeleton } from '../components/GroupList.tsx';
import { orderGroupEntries } from '../groups-model.ts';

/** Starts the page's reads as the route is entered; the page shows their progress. */
export function loader() {
  if (sessionStore.get().session) {
    void queryClient.prefetchQuery(groupsQuery());
    void queryClient.prefetchQuery(virtualFavoritesQuery());
    void queryClient.prefetchQuery(virtualGroupCountQuery('ungrouped', undefined));
    void queryClient
      .fetchQuery(currentUserQuery())
      .then((me) => queryClient.prefetchQuery(virtualGroupCountQuery('mykpis', me.user.id)))
      .catch(() => undefined);
  }
  return null;
}

/**
 * What the page it came from says happened (a group deleted on its own page). Read once: the
 * history entry forgets it, so a reload does not say it again.
 */
function useArrivalNotice(): string | null {
  const location = useLocation();
  const navigate = useNavigate();
  const state: unknown = location.state;
  const [notice] = useState(() =>
    state && typeof state === 'object' && 'notice' in state && typeof state.notice === 'string'
      ? state.notice
      : null,
  );
  useEffect(() => {
    if (state !== null) {
      void navigate({ pathname: location.pathname, search: location.search }, { replace: true });
    }
  }, [state, navigate, location.pathname, location.search]);
  return notice;
}

export function Component() {
  const groups = useGroups();
  const virtualFavorites = useVirtualFavorites();
  const [deleting, setDeleting] = useState<KpiGroup | null>(null);
  const arrival = useArrivalNotice();
  const [notice, setNotice] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const createInput = useRef<HTMLInputElement>(null);

  const items = groups.data?.items;
  const entries = useMemo(
    () => orderGroupEntries(items ?? [], virtualFavorites.data?.items ?? []),
    [items, virtualFavorites.data],
  );

  let body;
  if (groups.isPending || virtualFavorites.isPending) {
    body = (
      <div role="status">
        <span className="sr-only">Loading groups…</span>
        <GroupListSkeleton />
      </div>
    );
  } else if (groups.isError || virtualFavorites.isError) {
    body = (
      <div className="p-3">
        <ErrorState
          title="The groups could not be loaded"
          error={groups.error ?? virtualFavorites.error}
          onRetry={() => {
            if (groups.isError) void groups.refetch();
            if (virtualFavorites.isError) void virtualFavorites.refetch();
          }}
        />
      </div>
    );
  } else {
    body = (
      <>
        <GroupList
          entries={entries}
          groups={groups.data.items}
          onDelete={setDeleting}
          labelledBy="groups-heading"
        />
        {groups.data.items.length === 0 && (
          <div className="p-3">
            <EmptyState
              title="No groups yet"
              action={
                <Button variant="primary" onClick={() => createInput.current?.focus()}>
                  Create a group
                </Button>
              }
            >
              Groups collect related KPIs, such as Sales or Hiring. Star the ones you use most.
            </EmptyState>
          </div>
        )}
      </>
    );
  }

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Groups</h1>
        <p className="mt-1 text-sm text-gray-700 dark:text-gray-300">
          Starred groups come first here and in the KPI list’s group filter. Stars are yours alone.
        </p>
      </div>

      <section
        aria-labelledby="create-group-heading"
        className="rounded-xl border border-gray-200 bg-white p-4 sm:p-5 dark:border-gray-800 dark:bg-gray-900"
      >
        <h2 id="create-group-heading" className="sr-only">
          Create a group
        </h2>
        <CreateGroupForm groups={items ?? []} inputRef={createInput} />
      </section>

      <section
        aria-labelledby="groups-heading"
        className="rounded-xl border border-gray-200 bg-white py-2 dark:border-gray-800 dark:bg-gray-900"
      >
        <div className="flex flex-wrap items-baseline justify-between gap-2 px-3 pt-1 pb-2 sm:px-4">
          <h2
            id="groups-heading"
            ref={headingRef}
            tabIndex={-1}
            className="rounded text-lg font-semibold focus-visible:outline-2 focus-visible:outline-blue-600"
          >
            All groups
          </h2>
          <p role="status" className="text-sm text-gray-700 dark:text-gray-300">
            {notice ?? arrival}
          </p>
        </div>
        {body}
      </section>

      <DeleteGroupDialog
        group={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(group) => {
          // Close the modal now: while it is open, nothing behind it can take focus.
          flushSync(() => {
            setDeleting(null);
            setNotice(
              group.kpisCount === 0
                ? `Deleted “${group.name}”.`
                : `Deleted “${group.name}”; its KPIs stay.`,
            );
          });
          // The row and its delete button are gone; focus goes to the list it was in.
          headingRef.current?.focus();
        }}
      />
    </div>
  );
}
