import { useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { isDeadLink } from '../../../../client/http.ts';
import type { Kpi } from '../../../../contract/kpis.ts';
import { parseTimeZone, type StatisticsType } from '../../../../contract/periods.ts';
import { buttonClass, focusRing } from '../../../components/ui/Button.tsx';
import { ErrorState, Skeleton } from '../../../components/ui/States.tsx';
import { preferencesStore, usePreferences } from '../../../lib/preferences.ts';
import { queryClient } from '../../../lib/query-client.ts';
import { sessionStore } from '../../../lib/session.ts';
import { TIME_ZONE_CHOICES } from '../../../lib/time-zones.ts';
import { useTimeZone } from '../../../lib/use-time-zone.ts';
import { groupsQuery, usersQuery } from '../../../queries/shared.ts';
import { kpiStatisticsQuery } from '../api/get-kpi-statistics.ts';
import { kpiQuery, useKpi } from '../api/get-kpi.ts';
import { projectionsQuery } from '../api/get-projections.ts';
import { snapshotHistoryQuery } from '../api/get-snapshot-history.ts';
import {
  ChartSection,
  prefetchChart,
  useChartSettings,
} from '../components/detail/ChartSection.tsx';
import { KpiHeader } from '../components/detail/KpiHeader.tsx';
import { RecordValueForm } from '../components/detail/RecordValueForm.tsx';
import { readStatisticsType, useSearchPatch } from '../components/detail/search.ts';
import { SectionBoundary } from '../components/detail/SectionBoundary.tsx';
import { SnapshotHistory } from '../components/detail/SnapshotHistory.tsx';
import { fitInputClass } from '../../../components/ui/Field.tsx';
import { StatisticsCards, StatisticsTypeSwitch } from '../components/detail/StatisticsCards.tsx';
import { CsvImportButton } from '../components/import/CsvImportDialog.tsx';
import { ProjectionsTable } from '../components/projections/ProjectionsTable.tsx';

/** Starts the KPI and its statistics reads as the route is entered, without waiting for them. */
export function loader({ params, request }: LoaderFunctionArgs) {
  const kpiId = params.kpiId;
  if (!sessionStore.get().session || !kpiId) return null;
  const search = new URL(request.url).searchParams;
  const fromUrl = search.get('tz');
  const timeZone = fromUrl && parseTimeZone(fromUrl) ? fromUrl : preferencesStore.get().timeZone;
  void queryClient.prefetchQuery(kpiQuery(kpiId));
  void queryClient.prefetchQuery(kpiStatisticsQuery(kpiId, readStatisticsType(search), timeZone));
  void queryClient.prefetchQuery(groupsQuery());
  void queryClient.prefetchQuery(usersQuery());
  void queryClient.prefetchQuery(snapshotHistoryQuery(kpiId, 0));
  void queryClient.prefetchQuery(projectionsQuery(kpiId));
  prefetchChart(kpiId, search, timeZone, Date.now());
  return null;
}

function Section({
  id,
  title,
  actions,
  children,
}: {
  id: string;
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={`${id}-heading`}
      id={id}
      className="scroll-mt-4 rounded-xl border border-gray-200 bg-white p-4 sm:p-5 dark:border-gray-800 dark:bg-gray-900"
    >
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          {title}
        </h2>
        {actions}
      </div>
      <SectionBoundary title={`${title}: something went wrong`}>{children}</SectionBoundary>
    </section>
  );
}

/** `?tz=`: the zone that periods, statistics and recorded values are read in on this page. */
function TimeZoneSelect({ timeZone }: { timeZone: string }) {
  const preferences = usePreferences();
  const patch = useSearchPatch();
  const zones = [...new Set([timeZone, preferences.timeZone, ...TIME_ZONE_CHOICES])].sort(
    (a, b) => TIME_ZONE_CHOICES.indexOf(a) - TIME_ZONE_CHOICES.indexOf(b),
  );
  return (
    <div className="flex items-center gap-2">
      <label
        htmlFor="kpi-time-zone"
        className="text-sm whitespace-nowrap text-gray-700 dark:text-gray-300"
      >
        Time zone
      </label>
      <select
        id="kpi-time-zone"
        className={`${fitInputClass} py-1.5`}
        value={timeZone}
        onChange={(e) =>
          patch({ tz: e.target.value === preferences.timeZone ? null : e.target.value })
        }
      >
        {zones.map((zone) => (
          <option key={zone} value={zone}>
            {zone}
            {zone === preferences.timeZone ? ' (your setting)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

function KpiDetail({ kpi, statisticsType }: { kpi: Kpi; statisticsType: StatisticsType }) {
  const timeZone = useTimeZone();
  const patch = useSearchPatch();
  // One "now" per visit keeps the range's dates, and so the query keys, steady.
  const [now] = useState(() => Date.now());
  const settings = useChartSettings(kpi.id, timeZone, now);

  return (
    <div className="space-y-6">
      <title>{`${kpi.name} · KPI Dashboard`}</title>
      <KpiHeader kpi={kpi} />

      <Section
        id="statistics"
        title="Statistics"
        actions={
          <StatisticsTypeSwitch
            value={statisticsType}
            onChange={(type) => patch({ stats: type })}
          />
        }
      >
        <StatisticsCards kpi={kpi} type={statisticsType} timeZone={timeZone} />
      </Section>

      <Section id="chart" title="Values over time" actions={<TimeZoneSelect timeZone={timeZone} />}>
        <ChartSection kpi={kpi} settings={settings} timeZone={timeZone} now={now} />
      </Section>

      <div className="grid gap-6 lg:grid-cols-5">
        <div className="lg:col-span-2">
          <Section
            id="record-value"
            title="Record a value"
            actions={<CsvImportButton kpi={kpi} timeZone={timeZone} />}
          >
            <RecordValueForm kpi={kpi} groupBy={settings.groupBy} timeZone={timeZone} />
          </Section>
        </div>
        <div className="min-w-0 lg:col-span-3">
          <Section id="history" title="Update history">
            <SnapshotHistory kpi={kpi} timeZone={timeZone} />
          </Section>
        </div>
      </div>

      <Section id="projections" title="Projections">
        <ProjectionsTable kpi={kpi} />
      </Section>
    </div>
  );
}

function DetailSkeleton() {
  return (
    <div className="space-y-6" aria-busy="true" aria-label="Loading the KPI">
      <div className="space-y-3">
        <Skeleton className="h-8 w-2/3 max-w-md" />
        <Skeleton className="h-4 w-full max-w-2xl" />
        <Skeleton className="h-4 w-1/2 max-w-lg" />
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <Skeleton className="h-32" />
        <Skeleton className="h-32" />
        <Skeleton className="h-32" />
      </div>
      <Skeleton className="h-96" />
    </div>
  );
}

function NotFound() {
  return (
    <div className="mx-auto max-w-lg rounded-xl border border-gray-200 bg-white p-8 text-center dark:border-gray-800 dark:bg-gray-900">
      <title>KPI not found · KPI Dashboard</title>
      <h1 className="text-xl font-semibold">KPI not found</h1>
      <p className="mt-2 text-sm text-gray-700 dark:text-gray-300">
        It may have been deleted, or the link may be mistyped.
      </p>
      <Link to="/kpis" className={`${buttonClass('primary')} mt-5`}>
        Back to the KPI list
      </Link>
    </div>
  );
}

/** One KPI: statistics, chart, recording values, update history and projections. */
export function Component() {
  const { kpiId = '' } = useParams();
  const kpi = useKpi(kpiId);
  const [params] = useSearchParams();
  const statisticsType = readStatisticsType(params);

  let body: ReactNode;
  if (kpi.isPending) body = <DetailSkeleton />;
  else if (kpi.isError) {
    body = isDeadLink(kpi.error) ? (
      <NotFound />
    ) : (
      <ErrorState
        title="The KPI could not be loaded"
        error={kpi.error}
        onRetry={() => void kpi.refetch()}
      />
    );
  } else body = <KpiDetail kpi={kpi.data} statisticsType={statisticsType} />;

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb">
        <Link
          to="/kpis"
          className={`rounded text-sm text-blue-700 hover:underline dark:text-blue-300 ${focusRing}`}
        >
          <span aria-hidden="true">← </span>All KPIs
        </Link>
      </nav>
      {body}
    </div>
  );
}
