/**
 * The KPI chart on recharts. Loaded lazily (React.lazy), so that the chart library is fetched
 * only by pages that draw one.
 */
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatKpiValue } from '../../../../../contract/format.ts';
import type { Formatting } from '../../../../../contract/kpis.ts';
import {
  describePeriod,
  safePeriodLabel,
  type AxisTick,
  type ChartPoint,
  type ChartSeries,
} from '../../chart-model.ts';
import {
  LINE_PROPS,
  TOOLTIP_PROPS,
  timeAxisProps,
  valueAxisProps,
} from '../../../../lib/recharts-props.ts';

type ValueFormatting = Pick<Formatting, 'prefix' | 'suffix' | 'fractionSize'>;

/** Colours as CSS variables, so that the dark theme only swaps the variables. */
const COLOURS =
  '[--chart-value:#2563eb] [--chart-projection:#7c3aed] [--chart-grid:#e5e7eb] [--chart-axis:#4b5563] ' +
  'dark:[--chart-value:#60a5fa] dark:[--chart-projection:#a78bfa] dark:[--chart-grid:#1f2937] dark:[--chart-axis:#9ca3af]';

/** Draws dots on each value only while they stay apart. */
const MAX_DOTTED_VALUES = 60;

function ChartTooltip({
  active,
  payload,
  formatting,
}: {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
  formatting: ValueFormatting;
}) {
  const point = payload?.[0]?.payload as ChartPoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="rounded-md border border-gray-200 bg-white px-3 py-2 text-sm shadow-lg dark:border-gray-700 dark:bg-gray-900">
      {point.value !== null && point.group !== null && (
        <div>
          <p className="font-medium text-gray-900 dark:text-gray-100">
            {describePeriod(point.group)}
          </p>
          <p className="flex items-center gap-2 tabular-nums text-gray-800 dark:text-gray-200">
            <span aria-hidden="true" className="inline-block h-0.5 w-4 bg-[var(--chart-value)]" />
            {formatKpiValue(point.value, formatting)}
            {point.count !== null && point.count > 1 && (
              <span className="text-xs text-gray-600 dark:text-gray-400">
                ({point.count} values)
              </span>
            )}
          </p>
        </div>
      )}
      {point.projection !== null && point.projectionDate !== null && (
        <div className={point.value !== null ? 'mt-2' : undefined}>
          <p className="font-medium text-gray-900 dark:text-gray-100">
            Projection for {safePeriodLabel(point.projectionDate)}
          </p>
          <p className="flex items-center gap-2 tabular-nums text-gray-800 dark:text-gray-200">
            <span
              aria-hidden="true"
              className="inline-block w-4 border-t-2 border-dashed border-[var(--chart-projection)]"
            />
            {formatKpiValue(point.projection, formatting)}
          </p>
        </div>
      )}
    </div>
  );
}

export interface KpiChartProps {
  series: ChartSeries;
  ticks: AxisTick[];
  formatting: ValueFormatting;
  /** The chart's accessible name: what it shows, in words. */
  label: string;
  height?: number;
}

export function KpiChart({ series, ticks, formatting, label, height = 320 }: KpiChartProps) {
  const compact = (value: number) => formatKpiValue(value, formatting, { compact: true });
  const values = series.plotted.flatMap((p) => [p.value, p.projection]).filter((v) => v !== null);
  const widest = Math.max(3, ...values.map((v) => compact(v).length));
  const dotted = series.plottedValueCount <= MAX_DOTTED_VALUES;

  return (
    <div role="img" aria-label={label} className={`${COLOURS} w-full`} style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={series.plotted}
          margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis {...timeAxisProps(series.domain, ticks, 12)} />
          <YAxis
            {...valueAxisProps(12)}
            tickFormatter={compact}
            width={Math.min(96, widest * 7 + 12)}
          />
          <Tooltip
            {...TOOLTIP_PROPS}
            content={({ active, payload }) => (
              <ChartTooltip active={active} payload={payload} formatting={formatting} />
            )}
          />
          <Line
            type="monotone"
            dataKey="value"
            name="Recorded value"
            stroke="var(--chart-value)"
            strokeWidth={2}
            dot={dotted ? { r: 3, fill: 'var(--chart-value)', strokeWidth: 0 } : false}
            activeDot={{ r: 5 }}
            {...LINE_PROPS}
          />
          <Line
            type="linear"
            dataKey="projection"
            name="Projection"
            stroke="var(--chart-projection)"
            strokeWidth={2}
            strokeDasharray="6 4"
            dot={{ r: 3, fill: 'var(--chart-projection)', strokeWidth: 0 }}
            activeDot={{ r: 5 }}
            {...LINE_PROPS}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
