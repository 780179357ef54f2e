import { useQueries, useQuery } from '@tanstack/react-query';
import { createElement, lazy, Suspense, useDeferredValue, useEffect, useState } from 'react';
import type * as BoardChartModule from './BoardChart.tsx';
import { snapshotGroupsQuery } from '../../../../queries/snapshot-groups.ts';
import { boardKpiQuery } from '../../api/queries.ts';
import type { ItemBlock } from '../../layout.ts';
import { RANGE_LABELS, readItemSettings } from './item-settings.ts';
import { useBoardRefresh } from './refresh.ts';
import { SERIES_COLOURS, seriesColour } from './series-colours.ts';
import { useChartTurn } from './chart-turns.ts';
import { TileHeader } from './TileHeader.tsx';
import {
  buildChart,
  projectionLookAhead,
  rangeDates,
  spanWindow,
  zoneOf,
  type ChartKpi,
} from './tile-model.ts';
import { TileError, TileNote, TileSkeleton } from './TileStates.tsx';

let chartModule: Promise<typeof BoardChartModule> | null = null;

/** The chart code (recharts), fetched when the first chart tile comes into view. */
function loadChart(): Promise<typeof BoardChartModule> {
  chartModule ??= import('./BoardChart.tsx').catch((error: unknown) => {
    chartModule = null;
    throw error;
  });
  return chartModule;
}

/**
 * React.lazy keeps a failed load for good, so each retry of an item's boundary gets its own lazy
 * component, which fetches the module again.
 */
const chartsByAttempt = new Map<number, ReturnType<typeof lazy<typeof BoardChartModule.default>>>();
function chartFor(attempt: number) {
  let chart = chartsByAttempt.get(attempt);
  if (!chart) {
    chart = lazy(loadChart);
    chartsByAttempt.set(attempt, chart);
  }
  return chart;
}

/** One or several KPIs over the item's range, each a line, with their projections dashed. */
export function ChartTile({
  item,
  near,
  timeZone,
  now,
  present,
  attempt,
}: {
  item: ItemBlock;
  near: boolean;
  timeZone: string;
  now: number;
  present: boolean;
  /** Changes when the item's error boundary retries, so that a failed chart load is retried. */
  attempt: number;
}) {
  const { kpiIds, groupBy, range } = readItemSettings(item.settings);
  const refetchInterval = useBoardRefresh();
  const tz = zoneOf(timeZone);
  const span = rangeDates(range, now, tz);
  const kpis = useQueries({
    queries: kpiIds.map((id) => ({ ...boardKpiQuery(id), enabled: near, refetchInterval })),
  });
  const groups = useQuery({
    ...snapshotGroupsQuery({ ids: kpiIds, groupBy, timeZone, ...span }),
    enabled: near && kpiIds.length > 0,
    refetchInterval,
  });
  // Each chart is built and drawn in a render of its own, after the tile's answer has shown: a
  // board draws several charts at once, and this lets the browser breathe between them.
  const drawnGroups = useDeferredValue(groups.data ?? null, null);
  const loaded = kpis.every((q) => q.data !== undefined);
  const chartKpis: ChartKpi[] = loaded
    ? kpis.map((q) => ({
        id: q.data!.id,
        name: q.data!.name,
        formatting: q.data!.formatting,
        projections: q.data!.projections,
      }))
    : [];
  const title =
    item.title || (chartKpis.length > 0 ? chartKpis.map((k) => k.name).join(', ') : 'Chart');

  let model: ReturnType<typeof buildChart> | null = null;
  if (loaded && drawnGroups) {
    const window = spanWindow(span, tz);
    model = buildChart({
      title,
      kpis: chartKpis,
      groupsByKpi: drawnGroups,
      window,
      lookAhead: projectionLookAhead(window),
      groupBy,
      range,
      tz,
    });
  }

  // The chart code first, then this chart's turn to draw (see chart-turns.ts). A failed load
  // still takes its turn, so the lazy chart throws into the item's boundary.
  const [chartLoaded, setChartLoaded] = useState(false);
  const hasModel = model !== null;
  useEffect(() => {
    if (!hasModel || chartLoaded) return;
    let mounted = true;
    const done = () => {
      if (mounted) setChartLoaded(true);
    };
    loadChart().then(done, done);
    return () => {
      mounted = false;
    };
  }, [hasModel, chartLoaded]);
  const drawTurn = useChartTurn(hasModel && chartLoaded);

  const header = <TileHeader title={title} present={present} aside={RANGE_LABELS[range]} />;
  if (kpiIds.length === 0) {
    return (
      <>
        {header}
        <TileNote>No KPIs chosen yet. Edit this item to pick some.</TileNote>
      </>
    );
  }
  const failed = [...kpis, groups].find((q) => q.isError);
  if (failed) {
    return (
      <>
        {header}
        <TileError
          title={title}
          error={failed.error}
          onRetry={() => {
            for (const q of [...kpis, groups]) if (q.isError) void q.refetch();
          }}
        />
      </>
    );
  }
  const skeleton = (
    <div aria-busy="true" className="flex min-h-0 flex-1 flex-col">
      <span className="sr-only">Loading {title}</span>
      <TileSkeleton kind="chart" />
    </div>
  );
  if (!model) {
    return (
      <>
        {header}
        {skeleton}
      </>
    );
  }
  if (model.valueCount === 0 && model.projectionCount === 0) {
    return (
      <>
        {header}
        <TileNote>No values recorded in this range yet.</TileNote>
      </>
    );
  }
  return (
    <>
      {header}
      <div className={`${SERIES_COLOURS} flex min-h-0 flex-1 flex-col gap-2`}>
        <Suspense fallback={skeleton}>
          {/* The same component for every render of an attempt: chartFor caches it. */}
          {drawTurn
            ? createElement(chartFor(attempt), { model, kpis: chartKpis, present })
            : skeleton}
        </Suspense>
        <ul
          className={`flex flex-wrap gap-x-4 gap-y-1 text-gray-700 dark:text-gray-300 ${present ? 'text-base' : 'text-xs'}`}
          aria-label="Legend"
        >
          {chartKpis.map((kpi, i) => (
            <li key={kpi.id} className="flex items-center gap-1.5">
              <span
                aria-hidden="true"
                className="inline-block h-0.5 w-4"
                style={{ background: seriesColour(i) }}
              />
              {kpi.name}
              {model.axes[i] === 'right' && model.axes.includes('left') && (
                <span className="text-gray-600 dark:text-gray-400">(right axis)</span>
              )}
            </li>
          ))}
          {model.projectionCount > 0 && (
            <li className="flex items-center gap-1.5">
              <span
                aria-hidden="true"
                className="inline-block w-4 border-t-2 border-dashed border-gray-500 dark:border-gray-400"
              />
              Projections
            </li>
          )}
        </ul>
      </div>
    </>
  );
}
