/**
 * A board chart on recharts. Loaded lazily, so that the chart library is fetched only when a
 * chart tile comes into view.
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
import type { CSSProperties } from 'react';
import { formatKpiValue } from '../../../../../contract/format.ts';
import {
  LINE_PROPS,
  TOOLTIP_PROPS,
  timeAxisProps,
  valueAxisProps,
} from '../../../../lib/recharts-props.ts';
import { seriesColour } from './series-colours.ts';
import { thinRows } from './thin-rows.ts';
import {
  safePeriodLabel,
  type AxisSide,
  type BoardChartModel,
  type ChartKpi,
  type ChartRow,
} from './tile-model.ts';

/** Dots on each value only while they stay apart. */
const MAX_DOTTED_ROWS = 40;
/** Points per line a tile draws at most: tiles are a few hundred pixels wide. */
const MAX_TILE_POINTS = 300;

/**
 * One line per KPI with a value in this row, marked like its line on the chart: `swatch` draws
 * the mark (solid for values, dashed for projections) in the KPI's colour.
 */
function TooltipLines({
  kpis,
  values,
  swatch,
}: {
  kpis: readonly ChartKpi[];
  values: readonly (number | null)[];
  swatch: (colour: string) => { className: string; style: CSSProperties };
}) {
  return kpis.map((kpi, i) => {
    const value = values[i] ?? null;
    if (value === null) return null;
    const mark = swatch(seriesColour(i));
    return (
      <p
        key={kpi.id}
        className="flex items-center gap-2 text-gray-800 tabular-nums dark:text-gray-200"
      >
        <span
          aria-hidden="true"
          className={`inline-block w-3 shrink-0 ${mark.className}`}
          style={mark.style}
        />
        <span className="truncate">{kpi.name}</span>
        <span className="ml-auto pl-2 font-medium">{formatKpiValue(value, kpi.formatting)}</span>
      </p>
    );
  });
}

const valueSwatch = (colour: string) => ({ className: 'h-0.5', style: { background: colour } });
const projectionSwatch = (colour: string) => ({
  className: 'border-t-2 border-dashed',
  style: { borderColor: colour },
});

function ChartTooltip({
  active,
  payload,
  kpis,
}: {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
  kpis: readonly ChartKpi[];
}) {
  const row = payload?.[0]?.payload as ChartRow | undefined;
  if (!active || !row) return null;
  return (
    <div className="max-w-72 rounded-md border border-gray-200 bg-white px-3 py-2 text-sm shadow-lg dark:border-gray-700 dark:bg-gray-900">
      {row.period !== null && (
        <div>
          <p className="font-medium text-gray-900 dark:text-gray-100">
            {safePeriodLabel(row.period)}
          </p>
          <TooltipLines kpis={kpis} values={row.values} swatch={valueSwatch} />
        </div>
      )}
      {row.projectionDate !== null && (
        <div className={row.period !== null ? 'mt-2' : undefined}>
          <p className="font-medium text-gray-900 dark:text-gray-100">
            Projection for {safePeriodLabel(row.projectionDate)}
          </p>
          <TooltipLines kpis={kpis} values={row.projections} swatch={projectionSwatch} />
        </div>
      )}
    </div>
  );
}

function axisFormatter(kpis: readonly ChartKpi[], axes: readonly AxisSide[], side: AxisSide) {
  const first = kpis.find((_, i) => axes[i] === side);
  const formatting = first?.formatting ?? { prefix: '', suffix: '', fractionSize: 0 };
  return (value: number) => formatKpiValue(value, formatting, { compact: true });
}

/**
 * Room for the widest tick label: the values' own, and the next power of ten above the largest,
 * since the axis rounds its top tick up (900 gets a tick at 1,000).
 */
function axisWidth(
  model: BoardChartModel,
  side: AxisSide,
  format: (value: number) => string,
  fontSize: number,
): number {
  const values = model.rows
    .flatMap((r) =>
      model.axes.flatMap((a, i) => (a === side ? [r.values[i], r.projections[i]] : [])),
    )
    .filter((v) => v !== null && v !== undefined);
  const largest = Math.max(0, ...values.map(Math.abs));
  const ceiling = largest > 0 ? 10 ** Math.ceil(Math.log10(largest)) : 0;
  const candidates = [...values, values.some((v) => v < 0) ? -ceiling : ceiling];
  const widest = Math.max(3, ...candidates.map((v) => format(v).length));
  return Math.min(120, Math.ceil(widest * fontSize * 0.62) + 10);
}

export default function BoardChart({
  model,
  kpis,
  present,
}: {
  model: BoardChartModel;
  kpis: readonly ChartKpi[];
  present: boolean;
}) {
  const rows = thinRows(model.rows, MAX_TILE_POINTS);
  const dotted = rows.length <= MAX_DOTTED_ROWS;
  const fontSize = present ? 15 : 12;
  const sides = (['left', 'right'] as const).filter((side) => model.axes.includes(side));

  return (
    <div role="img" aria-label={model.summary} className="min-h-40 w-full flex-1">
      <ResponsiveContainer width="100%" height="100%" minHeight={160}>
        <LineChart
          data={rows}
          margin={{ top: 6, right: sides.includes('right') ? 0 : 8, bottom: 0, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} yAxisId={sides[0]} />
          <XAxis {...timeAxisProps(model.domain, model.ticks, fontSize)} />
          {sides.map((side) => {
            const format = axisFormatter(kpis, model.axes, side);
            return (
              <YAxis
                key={side}
                {...valueAxisProps(fontSize)}
                yAxisId={side}
                orientation={side}
                tickFormatter={format}
                width={axisWidth(model, side, format, fontSize)}
              />
            );
          })}
          <Tooltip
            {...TOOLTIP_PROPS}
            content={({ active, payload }) => (
              <ChartTooltip active={active} payload={payload} kpis={kpis} />
            )}
          />
          {kpis.map((kpi, i) => (
            <Line
              key={`value-${kpi.id}`}
              yAxisId={model.axes[i]}
              type="monotone"
              dataKey={(row: ChartRow) => row.values[i]}
              name={kpi.name}
              stroke={seriesColour(i)}
              strokeWidth={present ? 3 : 2}
              dot={
                dotted ? { r: present ? 3.5 : 2.5, fill: seriesColour(i), strokeWidth: 0 } : false
              }
              activeDot={{ r: 5 }}
              {...LINE_PROPS}
            />
          ))}
          {kpis.map((kpi, i) =>
            model.rows.some((r) => r.projections[i] !== null) ? (
              <Line
                key={`projection-${kpi.id}`}
                yAxisId={model.axes[i]}
                type="linear"
                dataKey={(row: ChartRow) => row.projectionLine[i]}
                name={`${kpi.name} projection`}
                stroke={seriesColour(i)}
                strokeWidth={2}
                strokeDasharray="6 4"
                dot={(props: { cx?: number; cy?: number; payload?: ChartRow; index?: number }) =>
                  props.payload?.projections[i] != null ? (
                    <circle
                      key={props.index}
                      cx={props.cx}
                      cy={props.cy}
                      r={2.5}
                      fill={seriesColour(i)}
                    />
                  ) : (
                    <g key={props.index} />
                  )
                }
                activeDot={false}
                {...LINE_PROPS}
              />
            ) : null,
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
