import { useId, useMemo, useState } from 'react';
import { Link, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { UTC, localDate, parseTimeZone } from '../../../../contract/periods.ts';
import { Button, buttonClass } from '../../../components/ui/Button.tsx';
import { EmptyState, ErrorState } from '../../../components/ui/States.tsx';
import { preferencesStore } from '../../../lib/preferences.ts';
import { queryClient } from '../../../lib/query-client.ts';
import { sessionStore } from '../../../lib/session.ts';
import { useMediaQuery } from '../../../lib/use-media-query.ts';
import { useTimeZone } from '../../../lib/use-time-zone.ts';
import {
  currentUserQuery,
  groupsQuery,
  useCurrentUser,
  useGroups,
  useUsers,
  useVirtualFavorites,
  usersQuery,
  virtualFavoritesQuery,
} from '../../../queries/shared.ts';
import { KpiCards, KpiCardsSkeleton } from '../components/list/KpiCards.tsx';
import { KpiListFilters, type ListChange } from '../components/list/KpiListFilters.tsx';
import { KpiTable, KpiTableSkeleton } from '../components/list/KpiTable.tsx';
import { Pagination } from '../components/list/Pagination.tsx';
import { prefetchKpiList, useKpiList } from '../components/list/use-kpi-list.ts';
import {
  MAX_RANKED_KPIS,
  formatCount,
  groupFilterOptions,
  hasFilters,
  kpiRows,
  pageRange,
  readListState,
  resolveTimeZone,
  toggleSort,
  withListState,
  type KpiListState,
  type ListSort,
} from '../list-model.ts';

const PERIOD_NOUN = { week: 'weekly', month: 'monthly', quarter: 'quarterly', year: 'yearly' };
const SORT_WORDS: Record<ListSort['field'], [string, string]> = {
  name: ['name, A to Z', 'name, Z to A'],
  value: ['value, lowest first', 'value, highest first'],
  change: ['change, largest fall first', 'change, largest rise first'],
  dateUpdated: ['last update, oldest first', 'last update, newest first'],
};
const sortWords = (sort: ListSort) => SORT_WORDS[sort.field][sort.descending ? 1 : 0];

/**
 * Tailwind's `lg`: the table from here up, cards below. Only the layout the screen shows is
 * rendered; rendering both and hiding one with CSS doubled the work for every page of rows.
 * Without media queries (tests), the table.
 */
const WIDE = '(min-width: 64rem)';
const WIDE_FALLBACK = true;

/** Starts the page's reads as the route is entered; the page shows their progress. */
export function loader({ request }: LoaderFunctionArgs) {
  if (sessionStore.get().session) {
    const url = new URL(request.url);
    const tz = resolveTimeZone(url.searchParams.get('tz'), preferencesStore.get().timeZone);
    void queryClient.prefetchQuery(usersQuery());
    void queryClient.prefetchQuery(groupsQuery());
    void queryClient.prefetchQuery(virtualFavoritesQuery());
    void queryClient.prefetchQuery(currentUserQuery());
    void prefetchKpiList(queryClient, readListState(url.searchParams), tz, Date.now()).catch(
      () => undefined,
    );
  }
  return null;
}

function describeFilters(
  state: KpiListState,
  groupName: string | undefined,
  ownerName: string | undefined,
): string {
  const parts: string[] = [];
  if (state.q.trim()) parts.push(`named like “${state.q.trim()}”`);
  if (state.group === 'mine') parts.push('that you own');
  else if (state.group === 'ungrouped') parts.push('in no group');
  else if (state.group) parts.push(`in ${groupName ?? 'the chosen group'}`);
  if (state.owner) parts.push(`owned by ${ownerName ?? 'the chosen person'}`);
  return `No KPI ${parts.join(', ')}.`;
}

export function Component() {
  const [params, setParams] = useSearchParams();
  const state = readListState(params);
  const tz = parseTimeZone(useTimeZone()) ?? UTC;
  const wide = useMediaQuery(WIDE, WIDE_FALLBACK);
  const [now] = useState(() => Date.now());
  const list = useKpiList(state, tz, now);
  const me = useCurrentUser();
  const users = useUsers();
  const groups = useGroups();
  const virtualFavorites = useVirtualFavorites();
  const resultsId = useId();

  const change: ListChange = (patch, options) =>
    setParams((current) => withListState(current, patch), options);

  const names = useMemo(
    () => ({
      users: new Map(users.data?.items.map((u) => [u.id, u.name])),
      groups: new Map(groups.data?.items.map((g) => [g.id, g.name])),
    }),
    [users.data, groups.data],
  );
  const groupOptions = useMemo(
    () => groupFilterOptions(groups.data?.items ?? [], virtualFavorites.data?.items ?? []),
    [groups.data, virtualFavorites.data],
  );
  const rows = kpiRows(
    list.kpis,
    list.periods,
    list.window,
    localDate(now, tz),
    names,
    users.isPending ? '…' : 'Unknown person',
  );

  const filtered = hasFilters(state);
  // Nothing to search or filter yet: the page is about creating the first KPI.
  const emptyAccount = list.status === 'success' && list.totalCount === 0 && !filtered;
  const scope = list.sortScope === 'page' ? ', within this page' : '';
  const caption = `KPIs with ${PERIOD_NOUN[state.period]} values in ${tz.name}, sorted by ${sortWords(state.sort)}${scope}`;
  const hrefFor = (page: number) => `?${withListState(params, { page }).toString()}`;
  const scrollToResults = () => {
    const results = document.getElementById(resultsId);
    if (results && results.getBoundingClientRect().top < 0) results.scrollIntoView();
  };

  let body;
  if (list.status === 'pending') {
    body = (
      <div role="status">
        <span className="sr-only">Loading KPIs…</span>
        <div aria-hidden="true">{wide ? <KpiTableSkeleton /> : <KpiCardsSkeleton />}</div>
      </div>
    );
  } else if (list.status === 'error') {
    body = (
      <ErrorState title="The KPIs could not be loaded" error={list.error} onRetry={list.retry} />
    );
  } else if (emptyAccount) {
    body = (
      <EmptyState
        title="No KPIs yet"
        action={
          <Link to="/kpis/new" className={buttonClass('primary')}>
            Create your first KPI
          </Link>
        }
      >
        A KPI tracks one number over time, such as revenue, sign-ups or response time.
      </EmptyState>
    );
  } else if (list.totalCount === 0) {
    body = (
      <EmptyState
        title="No KPIs match"
        action={
          <Button onClick={() => change({ q: '', group: '', owner: '' })}>Clear filters</Button>
        }
      >
        {describeFilters(state, names.groups.get(state.group), names.users.get(state.owner))}
      </EmptyState>
    );
  } else if (list.kpis.length === 0) {
    const last = pageRange(state.page, list.totalCount).pageCount;
    body = (
      <EmptyState
        title={`There is no page ${formatCount(state.page)}`}
        action={
          <Link to={hrefFor(last)} className={buttonClass()}>
            Go to the last page ({formatCount(last)})
          </Link>
        }
      >
        The list has {formatCount(list.totalCount)} KPIs.
      </EmptyState>
    );
  } else {
    const valuesFailed = list.valuesError !== null;
    body = (
      <>
        {valuesFailed && (
          <ErrorState
            title="Values, changes and trends could not be loaded"
            error={list.valuesError}
            onRetry={list.retryValues}
          />
        )}
        <div className={list.updating ? 'opacity-60 transition-opacity' : 'transition-opacity'}>
          {wide ? (
            <KpiTable
              rows={rows}
              window={list.window}
              tz={tz}
              sort={state.sort}
              onSort={(field) => change({ sort: toggleSort(state.sort, field) })}
              caption={caption}
              updating={list.updating}
              valuesFailed={valuesFailed}
            />
          ) : (
            <KpiCards
              rows={rows}
              window={list.window}
              tz={tz}
              label={caption}
              updating={list.updating}
              valuesFailed={valuesFailed}
            />
          )}
        </div>
        <Pagination
          page={state.page}
          totalCount={list.totalCount}
          hrefFor={hrefFor}
          onNavigate={scrollToResults}
        />
      </>
    );
  }

  return (
    <div className="space-y-5">
      <title>KPIs · KPI Dashboard</title>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-gray-900 dark:text-gray-100">KPIs</h1>
          <p className="mt-0.5 min-h-5 text-sm text-gray-600 dark:text-gray-400" aria-live="polite">
            {list.status === 'success' && !emptyAccount
              ? `${formatCount(list.totalCount)} ${filtered ? 'matching ' : ''}KPI${list.totalCount === 1 ? '' : 's'} · ${PERIOD_NOUN[state.period]} values in ${tz.name}`
              : ' '}
          </p>
        </div>
        <Link to="/kpis/new" className={buttonClass('primary')}>
          <span aria-hidden="true">+</span> New KPI
        </Link>
      </div>

      {!emptyAccount && (
        <KpiListFilters
          state={state}
          onChange={change}
          groupOptions={groupOptions}
          groupsLoading={groups.isPending || virtualFavorites.isPending}
          users={users.data?.items ?? []}
          currentUserId={me.data?.user.id}
        />
      )}

      {list.sortScope === 'page' && list.status === 'success' && list.totalCount > 0 && (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          More than {formatCount(MAX_RANKED_KPIS)} KPIs match, so sorting by{' '}
          {state.sort.field === 'value' ? 'value' : 'change'} orders the KPIs on this page only.
          Narrow the search or filters to rank all of them.
        </p>
      )}

      <section
        id={resultsId}
        aria-labelledby={`${resultsId}-title`}
        className="scroll-mt-4 space-y-3"
      >
        <h2 id={`${resultsId}-title`} className="sr-only">
          KPI list
        </h2>
        {body}
      </section>
    </div>
  );
}
