/**
 * Fewer rows for a small chart: each KPI's values are cut to about `budget` points with LTTB
 * (which keeps the line's peaks and dips), and a row stays when any KPI keeps it or when it
 * carries a projection. A tile a few hundred pixels wide gains nothing from hundreds of daily
 * rows but the time to draw them.
 */
import { lttb } from '../../../../lib/lttb.ts';
import type { ChartRow } from './tile-model.ts';

export function thinRows(rows: readonly ChartRow[], budget: number): readonly ChartRow[] {
  if (rows.length <= budget) return rows;
  const kept = new Set<ChartRow>();
  const series = rows[0]?.values.length ?? 0;
  for (let i = 0; i < series; i++) {
    const withValue = rows.filter((row) => row.values[i] !== null);
    const picked =
      withValue.length > budget
        ? lttb(
            withValue,
            budget,
            (row) => row.t,
            (row) => row.values[i]!,
          )
        : withValue;
    for (const row of picked) kept.add(row);
  }
  return rows.filter(
    (row) =>
      kept.has(row) ||
      row.projections.some((p) => p !== null) ||
      row.projectionLine.some((p) => p !== null),
  );
}
