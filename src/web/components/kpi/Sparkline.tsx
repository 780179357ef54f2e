import type { Tone } from '../../../contract/format.ts';
import { TONE_STROKE } from './tone.ts';

/** A small line of recent period values, drawn as plain SVG so list pages need no chart library. */
export function Sparkline({
  values,
  tone = 'neutral',
  width = 96,
  height = 28,
  label,
}: {
  values: readonly number[];
  tone?: Tone;
  width?: number;
  height?: number;
  label: string;
}) {
  if (values.length < 2) {
    return (
      <svg role="img" aria-label={`${label}: not enough values`} width={width} height={height}>
        <line
          x1="0"
          x2={width}
          y1={height / 2}
          y2={height / 2}
          className="stroke-gray-300 dark:stroke-gray-700"
          strokeDasharray="2 3"
        />
      </svg>
    );
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const pad = 2;
  const step = (width - pad * 2) / (values.length - 1);
  const points = values
    .map(
      (v, i) =>
        `${(pad + i * step).toFixed(1)},${(height - pad - ((v - min) / span) * (height - pad * 2)).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg
      role="img"
      aria-label={label}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      <polyline
        points={points}
        fill="none"
        strokeWidth="1.75"
        strokeLinejoin="round"
        strokeLinecap="round"
        className={TONE_STROKE[tone]}
      />
    </svg>
  );
}
