import { useIsFetching, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useDeferredValue, useId, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { formatKpiValue } from '../../../../../contract/format.ts';
import type { Kpi } from '../../../../../contract/kpis.ts';
import {
  GRANULARITIES,
  isCalendarDate,
  localDate,
  parseTimeZone,
  UTC,
  type Granularity,
  type TimeZone,
} from '../../../../../contract/periods.ts';
import { Button, buttonClass, focusRing } from '../../../../components/ui/Button.tsx';
import { EmptyState, ErrorState, Skeleton } from '../../../../components/ui/States.tsx';
import { queryClient } from '../../../../lib/query-client.ts';
import { useAfterPaint } from '../../../../lib/use-after-paint.ts';
import { snapshotGroupsQuery, useSnapshotGroups } from '../../../../queries/snapshot-groups.ts';
import { snapshotHistoryQuery } from '../../api/get-snapshot-history.ts';
import {
  axisTicks,
  MAX_PLOTTED_VALUES,
  buildSeries,
  chartSummary,
  defaultGroupBy,
  describePeriod,
  GRANULARITY_LABELS,
  projectionLookAhead,
  RANGE_LABELS,
  RANGE_PRESETS,
  rangeDates,
  rangeSearch,
  readChartSearch,
  safePeriodLabel,
  spanWindow,
  type ChartRange,
  type ChartSeries,
  type DateSpan,
  type RangePreset,
} from '../../chart-model.ts';
import { SectionBoundary } from './SectionBoundary.tsx';
import { useSearchPatch } from './search.ts';
import { fitInputClass } from '../../../../components/ui/Field.tsx';

const KpiChart = lazy(() =>
  import('./KpiChart.tsx').then((module) => ({ default: module.KpiChart })),
);

/** h-80, the height of the chart's skeleton. */
const CHART_HEIGHT = 320;

/**
 * How many values the line keeps: about one per pixel of the screen's width, at most
 * MAX_PLOTTED_VALUES. A phone draws a few hundred points where a wide screen draws a thousand;
 * more than the pixels only costs time.
 */
function plotBudget(): number {
  const width = typeof window === 'undefined' ? Infinity : window.innerWidth;
  return Math.max(200, Math.min(MAX_PLOTTED_VALUES, Math.round(width)));
}
const DAY_MS = 86_400_000;

export interface ChartSettings {
  range: ChartRange;
  /** The grouping in the URL, or null for the range's default. */
  chosenGroupBy: Granularity | null;
  groupBy: Granularity;
  span: DateSpan;
  tz: TimeZone;
}

/**
 * Starts the chart's grouped read from the route's loader, beside the KPI's own reads, rather
 * than once the page has rendered. All time without a chosen grouping starts its monthly probe.
 */
export function prefetchChart(
  kpiId: string,
  params: URLSearchParams,
  timeZone: string,
  now: number,
) {
  const { range, groupBy: chosenGroupBy } = readChartSearch(params);
  const tz = parseTimeZone(timeZone) ?? UTC;
  if (range.preset === 'all' && chosenGroupBy === null) {
    void queryClient.prefetchQuery(
      snapshotGroupsQuery({ ids: [kpiId], groupBy: 'month', timeZone }),
    );
    return;
  }
  const groupBy = chosenGroupBy ?? defaultGroupBy(range, now, tz);
  const { from, to } = rangeDates(range, now, tz);
  void queryClient.prefetchQuery(
    snapshotGroupsQuery({ ids: [kpiId], groupBy, timeZone, from, to }),
  );
}

/**
 * The chart's range and grouping, from the URL. All time without a chosen grouping looks at a
 * monthly read first (the same read the chart then uses) to learn how far back values go.
 */
export function useChartSettings(kpiId: string, timeZone: string, now: number): ChartSettings {
  const [params] = useSearchParams();
  const { range, groupBy: chosenGroupBy } = readChartSearch(params);
  const tz = parseTimeZone(timeZone) ?? UTC;
  const probe = useQuery({
    ...snapshotGroupsQuery({ ids: [kpiId], groupBy: 'month', timeZone }),
    enabled: range.preset === 'all' && chosenGroupBy === null,
  });
  const first = probe.data?.[kpiId]?.[0]?.start;
  const groupBy = chosenGroupBy ?? defaultGroupBy(range, now, tz, first ? Date.parse(first) : null);
  return { range, chosenGroupBy, groupBy, span: rangeDates(range, now, tz), tz };
}

const labelClass = 'mb-1 block text-xs font-medium text-gray-700 dark:text-gray-300';
const selectClass = `${fitInputClass} py-1.5`;

/** From and To dates of a custom range: applied once both are dates in order. */
function CustomDates({
  from,
  to,
  onApply,
}: {
  from: string;
  to: string;
  onApply: (from: string, to: string) => void;
}) {
  const [fromText, setFromText] = useState(from);
  const [toText, setToText] = useState(to);
  const [touched, setTouched] = useState(false);
  // The dates last applied to the URL: when the URL changes otherwise (back button, a shared
  // link), the inputs follow it. No remount, so focus stays in the input being typed in.
  const [applied, setApplied] = useState({ from, to });
  if (applied.from !== from || applied.to !== to) {
    setApplied({ from, to });
    setFromText(from);
    setToText(to);
    setTouched(false);
  }
  const fromError = touched && !isCalendarDate(fromText) ? 'Enter a date' : null;
  const toError = !touched
    ? null
    : !isCalendarDate(toText)
      ? 'Enter a date'
      : isCalendarDate(fromText) && toText < fromText
        ? 'Must not be before From'
        : null;

  const change = (nextFrom: string, nextTo: string) => {
    setFromText(nextFrom);
    setToText(nextTo);
    setTouched(true);
    if (isCalendarDate(nextFrom) && isCalendarDate(nextTo) && nextFrom <= nextTo) {
      setApplied({ from: nextFrom, to: nextTo });
      onApply(nextFrom, nextTo);
    }
  };

  return (
    <>
      <RangeDateInput
        label="From"
        value={fromText}
        error={fromError}
        onChange={(next) => change(next, toText)}
      />
      <RangeDateInput
        label="To"
        value={toText}
        error={toError}
        onChange={(next) => change(fromText, next)}
      />
    </>
  );
}

/** One end of the custom range: a date input with its label, and its error under it. */
function RangeDateInput({
  label,
  value,
  error,
  onChange,
}: {
  label: string;
  value: string;
  error: string | null;
  onChange: (value: string) => void;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input
        id={id}
        type="date"
        min="1970-01-01"
        max="9999-12-31"
        className={selectClass}
        value={value}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}

function ChartControls({ settings, now }: { settings: ChartSettings; now: number }) {
  const id = useId();
  const patch = useSearchPatch();
  const { range, chosenGroupBy, groupBy, span, tz } = settings;
  const automatic = defaultGroupBy(range, now, tz);

  const chooseRange = (preset: string) => {
    if ((RANGE_PRESETS as readonly string[]).includes(preset)) {
      patch(rangeSearch({ preset: preset as RangePreset }));
    } else {
      const today = localDate(now, tz);
      patch(
        rangeSearch({
          preset: 'custom',
          from: span.from ?? localDate(now - 365 * DAY_MS, tz),
          to: span.to ?? today,
        }),
      );
    }
  };

  return (
    <div className="flex flex-wrap items-start gap-3">
      <div>
        <label htmlFor={`${id}-range`} className={labelClass}>
          Range
        </label>
        <select
          id={`${id}-range`}
          className={selectClass}
          value={range.preset}
          onChange={(e) => chooseRange(e.target.value)}
        >
          {[...RANGE_PRESETS, 'custom' as const].map((preset) => (
            <option key={preset} value={preset}>
              {RANGE_LABELS[preset]}
            </option>
          ))}
        </select>
      </div>
      {range.preset === 'custom' && (
        <CustomDates
          from={range.from}
          to={range.to}
          onApply={(from, to) => patch(rangeSearch({ preset: 'custom', from, to }))}
        />
      )}
      <div>
        <label htmlFor={`${id}-group`} className={labelClass}>
          Group by
        </label>
        <select
          id={`${id}-group`}
          className={selectClass}
          value={chosenGroupBy ?? ''}
          onChange={(e) => patch({ groupBy: e.target.value || null })}
        >
          <option value="">
            {`Automatic (${GRANULARITY_LABELS[chosenGroupBy === null ? groupBy : automatic].toLowerCase()})`}
          </option>
          {GRANULARITIES.map((g) => (
            <option key={g} value={g}>
              {GRANULARITY_LABELS[g]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function Legend({
  kpi,
  groupBy,
  projections,
}: {
  kpi: Kpi;
  groupBy: Granularity;
  projections: boolean;
}) {
  const better = kpi.targetOperator === 'should_increase';
  return (
    <ul className="flex flex-wrap items-center gap-x-5 gap-y-1 text-sm text-gray-700 dark:text-gray-300">
      <li className="flex items-center gap-2">
        <span aria-hidden="true" className="inline-block h-0.5 w-6 bg-blue-600 dark:bg-blue-400" />
        Recorded value ({kpi.aggregation} per {groupBy})
      </li>
      {projections && (
        <li className="flex items-center gap-2">
          <span
            aria-hidden="true"
            className="inline-block w-6 border-t-2 border-dashed border-violet-600 dark:border-violet-400"
          />
          Projection
        </li>
      )}
      <li className="flex items-center gap-1 font-medium text-gray-900 dark:text-gray-100">
        <span aria-hidden="true">{better ? '↑' : '↓'}</span>
        {better ? 'Higher is better' : 'Lower is better'}
      </li>
    </ul>
  );
}

/** Every period and projection in view, as a table: the chart's data for those who read it. */
export function ChartDataTable({
  id,
  series,
  kpi,
}: {
  id: string;
  series: ChartSeries;
  kpi: Pick<Kpi, 'name' | 'formatting'>;
}) {
  const head = 'px-3 py-2 text-xs font-semibold uppercase tracking-wide';
  return (
    // Focusable, so that the table can be scrolled from the keyboard.
    <div
      id={id}
      role="region"
      aria-label="Chart data"
      tabIndex={0}
      className={`mt-3 max-h-96 overflow-auto rounded-lg border border-gray-200 dark:border-gray-800 ${focusRing}`}
    >
      <table className="w-full text-sm">
        <caption className="sr-only">
          Values and projections of {kpi.name} shown in the chart
        </caption>
        <thead className="sticky top-0 bg-gray-50 text-gray-700 dark:bg-gray-900 dark:text-gray-300">
          <tr>
            <th scope="col" className={`${head} text-left`}>
              Period or date
            </th>
            <th scope="col" className={`${head} text-right`}>
              Value
            </th>
            <th scope="col" className={`${head} text-right`}>
              Projection
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-200 dark:divide-gray-800">
          {series.points.map((point) => (
            <tr key={point.t}>
              <th scope="row" className="px-3 py-1.5 text-left font-normal">
                {point.group !== null
                  ? describePeriod(point.group)
                  : safePeriodLabel(point.projectionDate ?? '')}
              </th>
              <td className="px-3 py-1.5 text-right tabular-nums">
                {point.value === null ? '' : formatKpiValue(point.value, kpi.formatting)}
              </td>
              <td className="px-3 py-1.5 text-right tabular-nums">
                {point.projection === null ? '' : formatKpiValue(point.projection, kpi.formatting)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChartBody({
  kpi,
  settings,
  timeZone,
}: {
  kpi: Kpi;
  settings: ChartSettings;
  timeZone: string;
}) {
  const tableId = useId();
  const patch = useSearchPatch();
  const [showTable, setShowTable] = useState(false);
  const { range, groupBy, span, tz } = settings;
  const { from, to } = span;
  const groups = useSnapshotGroups({ ids: [kpi.id], groupBy, timeZone, from, to });
  const rows = groups.data?.[kpi.id];
  const preset = range.preset;
  const series = useMemo(() => {
    const window = spanWindow({ from, to }, tz);
    return buildSeries({
      groups: rows ?? [],
      projections: kpi.projections,
      window,
      tz,
      lookAhead: projectionLookAhead(preset, window),
      maxValues: plotBudget(),
    });
  }, [rows, kpi.projections, from, to, tz, preset]);
  // The chart is drawn after the rest of the page: its code loads once the page's reads have
  // settled and painted, and it draws in a render of its own. Drawing a long line is the page's
  // heaviest piece of work, and nothing else should wait for it.
  const settled = useIsFetching() === 0;
  const pagePainted = useAfterPaint(groups.isSuccess && settled);
  const drawn = useDeferredValue(pagePainted && groups.isSuccess ? series : null, null);
  const noValuesInView = groups.isSuccess && series.valueCount === 0;
  const history = useQuery({ ...snapshotHistoryQuery(kpi.id, 0), enabled: noValuesInView });

  if (groups.isPending) {
    return <Skeleton className="h-80 w-full" />;
  }
  if (groups.isError) {
    return (
      <ErrorState
        title="The chart could not be loaded"
        error={groups.error}
        onRetry={() => void groups.refetch()}
      />
    );
  }
  if (noValuesInView && series.projectionCount === 0) {
    if (history.data?.totalCount === 0) {
      return (
        <EmptyState
          title="No values yet — record the first one"
          action={
            <a href="#record-value" className={buttonClass('primary', 'sm')}>
              Record a value
            </a>
          }
        >
          The chart draws the values recorded for each {groupBy}, next to the projections.
        </EmptyState>
      );
    }
    return (
      <EmptyState
        title="No values in this range"
        action={
          range.preset !== 'all' && (
            <Button size="sm" onClick={() => patch(rangeSearch({ preset: 'all' }))}>
              Show all time
            </Button>
          )
        }
      >
        Pick a longer range, or record a value for a period in it.
      </EmptyState>
    );
  }

  const rangeLabel =
    range.preset === 'custom' && span.from && span.to
      ? `${safePeriodLabel(span.from)} to ${safePeriodLabel(span.to)}`
      : RANGE_LABELS[range.preset];
  const summary = chartSummary({
    name: kpi.name,
    series,
    groupBy,
    rangeLabel,
    formatting: kpi.formatting,
  });

  return (
    <div>
      <div
        className={groups.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined}
        aria-busy={groups.isPlaceholderData}
      >
        <SectionBoundary title="The chart could not be drawn">
          <Suspense fallback={<Skeleton className="h-80 w-full" />}>
            {drawn === null ? (
              <Skeleton className="h-80 w-full" />
            ) : (
              <KpiChart
                series={drawn}
                ticks={drawn.domain ? axisTicks(drawn.domain, groupBy, tz) : []}
                formatting={kpi.formatting}
                label={summary}
                height={CHART_HEIGHT}
              />
            )}
          </Suspense>
        </SectionBoundary>
      </div>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
        <Legend
          kpi={kpi}
          groupBy={groupBy}
          projections={series.plotted.some((p) => p.projection !== null)}
        />
        <Button
          size="sm"
          variant="ghost"
          aria-expanded={showTable}
          aria-controls={showTable ? tableId : undefined}
          onClick={() => setShowTable((shown) => !shown)}
        >
          {showTable ? 'Hide data table' : 'Show data table'}
        </Button>
      </div>
      {series.plottedValueCount < series.valueCount && (
        <p className="mt-2 text-xs text-gray-600 dark:text-gray-400">
          The line shows {series.plottedValueCount.toLocaleString('en-US')} of{' '}
          {series.valueCount.toLocaleString('en-US')} periods, picked to keep its shape; the data
          table lists them all.
        </p>
      )}
      {showTable && <ChartDataTable id={tableId} series={series} kpi={kpi} />}
    </div>
  );
}

/** Values over time: range, grouping, the chart with its legend, and its data as a table. */
export function ChartSection({
  kpi,
  settings,
  timeZone,
  now,
}: {
  kpi: Kpi;
  settings: ChartSettings;
  timeZone: string;
  now: number;
}) {
  return (
    <div className="space-y-4">
      <ChartControls settings={settings} now={now} />
      <ChartBody kpi={kpi} settings={settings} timeZone={timeZone} />
    </div>
  );
}
