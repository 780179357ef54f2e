import { appendFileSync } from 'node:fs';

/** One suite's outcome: what it tried, how many failed, and any figures worth printing. */
export interface SuiteSummary {
  suite: string;
  /** Requests (or operations) tried. */
  tried: number;
  failures: number;
  /** Extra figures, printed as `key value` pairs (e.g. `{ p99Ms: 12.3 }`). */
  figures?: Record<string, number | string>;
}

/** The line printed for a suite, e.g. `fuzz: 35,000 requests, 0 failures (p99Ms 1.2)`. */
export function formatSummary(s: SuiteSummary): string {
  const figures = Object.entries(s.figures ?? {})
    .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-US') : v}`)
    .join(', ');
  return `${s.suite}: ${s.tried.toLocaleString('en-US')} tried, ${s.failures.toLocaleString('en-US')} failures${figures ? ` (${figures})` : ''}`;
}

/**
 * Records a suite's outcome. The runner (scripts/reliability.mjs) points RELIABILITY_SUMMARY at
 * a JSON-lines file and prints every line at the end; without it the line goes to stdout.
 */
export function reportSuite(s: SuiteSummary): void {
  const file = process.env.RELIABILITY_SUMMARY;
  if (file) appendFileSync(file, `${JSON.stringify(s)}\n`);
  else console.log(formatSummary(s));
}
