import { useId, type ReactNode } from 'react';
import { formatKpiValue } from '../../../../../contract/format.ts';
import type { Kpi, KpiStatistics } from '../../../../../contract/kpis.ts';
import type { StatisticsType } from '../../../../../contract/periods.ts';
import { DeltaBadge } from '../../../../components/kpi/DeltaBadge.tsx';
import { ErrorState, Skeleton } from '../../../../components/ui/States.tsx';
import { useKpiStatistics } from '../../api/get-kpi-statistics.ts';
import { safePeriodLabel } from '../../chart-model.ts';

export const STATISTICS_LABELS: Record<StatisticsType, string> = {
  week: 'Week',
  month: 'Month',
  'three-months': '3 months',
  year: 'Year',
  'all-time': 'All time',
};

const TYPES = Object.keys(STATISTICS_LABELS) as StatisticsType[];

/** Week, month, three months, year or all time, as one group of radio buttons. */
export function StatisticsTypeSwitch({
  value,
  onChange,
}: {
  value: StatisticsType;
  onChange: (type: StatisticsType) => void;
}) {
  const name = useId();
  return (
    <fieldset>
      <legend className="sr-only">Statistics over</legend>
      <div className="inline-flex flex-wrap gap-1 rounded-lg bg-gray-100 p-1 dark:bg-gray-800">
        {TYPES.map((type) => (
          <label key={type} className="cursor-pointer">
            <input
              type="radio"
              name={name}
              value={type}
              checked={value === type}
              onChange={() => onChange(type)}
              className="peer sr-only"
            />
            <span className="block rounded-md px-3 py-1.5 text-sm font-medium text-gray-700 peer-checked:bg-white peer-checked:text-gray-900 peer-checked:shadow-sm peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-blue-600 hover:text-gray-900 dark:text-gray-300 dark:peer-checked:bg-gray-950 dark:peer-checked:text-white dark:peer-focus-visible:outline-blue-400 dark:hover:text-white">
              {STATISTICS_LABELS[type]}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Card({
  title,
  period,
  value,
  children,
}: {
  title: string;
  period: string;
  value: string;
  children: ReactNode;
}) {
  return (
    <div className="rounded-lg border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
      <h3 className="text-sm font-medium text-gray-700 dark:text-gray-300">{title}</h3>
      <p className="text-xs text-gray-600 dark:text-gray-400">{period}</p>
      <p className="mt-2 text-2xl font-semibold tabular-nums break-words">{value}</p>
      <div className="mt-1 min-h-5 text-sm">{children}</div>
    </div>
  );
}

const quiet = 'text-gray-600 dark:text-gray-400';

const countText = (count: number) =>
  count === 0 ? 'no values' : count === 1 ? 'from 1 value' : `from ${count} values`;

/** The three cards, from a statistics answer. */
export function StatisticsCardsView({
  kpi,
  statistics,
}: {
  kpi: Pick<Kpi, 'formatting' | 'targetOperator'>;
  statistics: KpiStatistics;
}) {
  const { currentPeriod: current, previousPeriod: previous, nextProjection: next } = statistics;
  const format = (value: number | null | undefined) => formatKpiValue(value, kpi.formatting);
  const difference = (a: number | null | undefined, b: number | null | undefined) =>
    a === null || a === undefined || b === null || b === undefined ? null : a - b;

  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <Card title="Current period" period={current.label} value={format(current.value)}>
        {current.value === null ? (
          <span className={quiet}>No values in this period yet</span>
        ) : previous ? (
          <>
            <DeltaBadge
              delta={difference(current.value, previous.value)}
              percentage={current.deltaPercentage}
              formatting={kpi.formatting}
              targetOperator={kpi.targetOperator}
            />{' '}
            <span className={quiet}>vs previous period · {countText(current.count)}</span>
          </>
        ) : (
          <span className={quiet}>{countText(current.count)}</span>
        )}
      </Card>
      <Card
        title="Previous period"
        period={previous?.label ?? 'None for all time'}
        value={format(previous?.value)}
      >
        {previous?.value === null ? (
          <span className={quiet}>No values in this period</span>
        ) : previous ? (
          <>
            <DeltaBadge
              delta={null}
              percentage={previous.deltaPercentage}
              formatting={kpi.formatting}
              targetOperator={kpi.targetOperator}
            />{' '}
            <span className={quiet}>vs the period before · {countText(previous.count)}</span>
          </>
        ) : (
          <span className={quiet}>All time has no period before it.</span>
        )}
      </Card>
      <Card
        title="Next projection"
        period={next ? safePeriodLabel(next.date) : 'No upcoming projection'}
        value={format(next?.value)}
      >
        {next ? (
          <>
            <DeltaBadge
              delta={difference(next.value, current.value)}
              percentage={next.deltaPercentage}
              formatting={kpi.formatting}
              targetOperator={kpi.targetOperator}
            />{' '}
            <span className={quiet}>vs current value</span>
          </>
        ) : (
          <a
            href="#projections"
            className="text-blue-700 underline hover:text-blue-900 dark:text-blue-300 dark:hover:text-blue-100"
          >
            Add a projection
          </a>
        )}
      </Card>
    </div>
  );
}

function CardsSkeleton() {
  return (
    <div className="grid gap-3 sm:grid-cols-3" aria-busy="true" aria-label="Loading statistics">
      {Array.from({ length: 3 }, (_, i) => (
        <Skeleton key={i} className="h-32" />
      ))}
    </div>
  );
}

/** Statistics of a KPI over the chosen window, in the page's time zone. */
export function StatisticsCards({
  kpi,
  type,
  timeZone,
}: {
  kpi: Kpi;
  type: StatisticsType;
  timeZone: string;
}) {
  const statistics = useKpiStatistics(kpi.id, type, timeZone);
  if (statistics.isPending) return <CardsSkeleton />;
  if (statistics.isError) {
    return (
      <ErrorState
        title="Statistics could not be loaded"
        error={statistics.error}
        onRetry={() => void statistics.refetch()}
      />
    );
  }
  return (
    <div className={statistics.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined}>
      <StatisticsCardsView kpi={kpi} statistics={statistics.data} />
    </div>
  );
}
