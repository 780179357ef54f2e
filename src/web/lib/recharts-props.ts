/**
 * The props the KPI page's chart and the board's chart tiles give recharts alike: a time axis
 * with ticks on period boundaries, a value axis, the tooltip's cursor and how a line of recorded
 * values marks the point under the pointer. Only the lazily loaded chart modules import this, so
 * that nothing of the chart library reaches the first page's code.
 */
import type { XAxisProps, YAxisProps } from 'recharts';
import type { AxisTick } from './time-axis.ts';

const axisLook = (fontSize: number) => ({
  tick: { fill: 'var(--chart-axis)', fontSize },
  stroke: 'var(--chart-grid)',
});

/** The time axis over `domain` (null: the data's own span), labelled only at `ticks`. */
export function timeAxisProps(
  domain: [number, number] | null,
  ticks: readonly AxisTick[],
  fontSize: number,
): XAxisProps {
  const labels = new Map(ticks.map((tick) => [tick.t, tick.label]));
  // A little room at both ends, so that the first and last points are not cut in half.
  const margin = domain ? (domain[1] - domain[0]) * 0.015 : 0;
  return {
    dataKey: 't',
    type: 'number',
    scale: 'time',
    domain: domain ? [domain[0] - margin, domain[1] + margin] : ['dataMin', 'dataMax'],
    allowDataOverflow: true,
    ticks: ticks.map((tick) => tick.t),
    tickFormatter: (t: number) => labels.get(t) ?? '',
    ...axisLook(fontSize),
    minTickGap: 8,
  };
}

/** A value axis that rounds its ends to readable numbers. */
export function valueAxisProps(fontSize: number): YAxisProps {
  return { ...axisLook(fontSize), domain: ['auto', 'auto'] };
}

/** A dashed guide under the pointer; no animation, so the tooltip follows at once. */
export const TOOLTIP_PROPS = {
  cursor: { stroke: 'var(--chart-axis)', strokeDasharray: '3 3' },
  isAnimationActive: false,
} as const;

/** What every line shares: gaps between values bridged, drawn without animation. */
export const LINE_PROPS = { connectNulls: true, isAnimationActive: false } as const;
