/**
 * The colours of a chart's lines as CSS variables on the chart's container, so that the dark
 * theme only swaps the variables. Each passes 3:1 against the tile's background in its theme.
 */
export const SERIES_COLOURS =
  '[--series-0:#2563eb] [--series-1:#db2777] [--series-2:#047857] [--series-3:#b45309] [--series-4:#7c3aed] [--series-5:#0e7490] ' +
  '[--chart-grid:#e5e7eb] [--chart-axis:#4b5563] ' +
  'dark:[--series-0:#60a5fa] dark:[--series-1:#f472b6] dark:[--series-2:#34d399] dark:[--series-3:#fbbf24] dark:[--series-4:#a78bfa] dark:[--series-5:#22d3ee] ' +
  'dark:[--chart-grid:#1f2937] dark:[--chart-axis:#9ca3af]';

export const SERIES_COUNT = 6;

export const seriesColour = (index: number) => `var(--series-${index % SERIES_COUNT})`;
