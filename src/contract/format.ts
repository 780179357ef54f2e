import type { Formatting } from './kpis.ts';

export interface FormatOptions {
  /** Abbreviate large numbers: 1.2K, 3.4M. */
  compact?: boolean;
  /** Always show a sign (for changes): +3, −2. */
  signed?: boolean;
  locale?: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(
  locale: string | undefined,
  options: Intl.NumberFormatOptions,
): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale ?? 'en-US', options);
    formatters.set(key, format);
  }
  return format;
}

const MINUS = '\u2212';

/** A KPI value as people read it: prefix, the number with the KPI's decimals, suffix. */
export function formatKpiValue(
  value: number | null | undefined,
  formatting: Pick<Formatting, 'prefix' | 'suffix' | 'fractionSize'>,
  options: FormatOptions = {},
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const digits = Math.min(Math.max(formatting.fractionSize, 0), 10);
  const compact = options.compact === true && Math.abs(value) >= 10_000;
  const body = numberFormat(
    options.locale,
    compact
      ? { notation: 'compact', maximumFractionDigits: 1 }
      : { minimumFractionDigits: digits, maximumFractionDigits: digits },
  ).format(Math.abs(value));
  const rounded = compact ? value : Number(value.toFixed(digits));
  const sign = rounded < 0 ? MINUS : options.signed && rounded > 0 ? '+' : '';
  return `${sign}${formatting.prefix}${body}${formatting.suffix}`;
}

/** A percentage change: +12.5%, −3.0%, or — when there is no base to compare with. */
export function formatPercentage(
  value: number | null | undefined,
  fractionDigits = 1,
  locale?: string,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const rounded = Number(value.toFixed(fractionDigits));
  const body = numberFormat(locale, {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(Math.abs(rounded));
  const sign = rounded < 0 ? MINUS : rounded > 0 ? '+' : '';
  return `${sign}${body}%`;
}

export type Tone = 'good' | 'bad' | 'neutral';

/** Whether a change is good news, given the KPI's direction. */
export function changeTone(
  delta: number | null | undefined,
  targetOperator: 'should_increase' | 'should_decrease',
): Tone {
  if (delta === null || delta === undefined || !Number.isFinite(delta) || delta === 0)
    return 'neutral';
  const up = delta > 0;
  return up === (targetOperator === 'should_increase') ? 'good' : 'bad';
}
