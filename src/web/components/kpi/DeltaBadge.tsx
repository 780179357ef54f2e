import { changeTone, formatKpiValue, formatPercentage } from '../../../contract/format.ts';
import type { Formatting, TargetOperator } from '../../../contract/kpis.ts';
import { TONE_TEXT } from './tone.ts';

/** A change as value and percentage, coloured by whether it is good news for this KPI. */
export function DeltaBadge({
  delta,
  percentage,
  formatting,
  targetOperator,
  className = '',
}: {
  delta: number | null;
  percentage: number | null;
  formatting: Pick<Formatting, 'prefix' | 'suffix' | 'fractionSize'>;
  targetOperator: TargetOperator;
  className?: string;
}) {
  const tone = changeTone(delta ?? percentage, targetOperator);
  if (delta === null && percentage === null) {
    return <span className={`${TONE_TEXT.neutral} ${className}`}>—</span>;
  }
  const arrow = tone === 'neutral' ? '' : (delta ?? percentage ?? 0) > 0 ? '▲ ' : '▼ ';
  const verdict = tone === 'good' ? ' (better)' : tone === 'bad' ? ' (worse)' : '';
  return (
    <span className={`whitespace-nowrap tabular-nums ${TONE_TEXT[tone]} ${className}`}>
      <span aria-hidden="true">{arrow}</span>
      {delta !== null && formatKpiValue(delta, formatting, { signed: true, compact: true })}
      {delta !== null && percentage !== null && ' '}
      {percentage !== null &&
        (delta !== null ? `(${formatPercentage(percentage)})` : formatPercentage(percentage))}
      <span className="sr-only">{verdict}</span>
    </span>
  );
}
