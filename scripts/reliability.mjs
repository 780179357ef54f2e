#!/usr/bin/env node
/**
 * Runs the reliability and security suites and prints one summary line per suite.
 *
 *   node scripts/reliability.mjs          the full run (npm run test:reliability)
 *   node scripts/reliability.mjs --short  the shorter form inside npm test
 *
 * The suites need the production build (dist/); the npm scripts build first. The full run also
 * opens every page that shows stored hostile text in Chromium (e2e/xss.spec.ts); in the short
 * form that journey runs with the other browser journeys.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const short = process.argv.includes('--short');
const profile = short ? 'short' : 'full';
const dir = mkdtempSync(join(tmpdir(), 'kpi-reliability-summary-'));
const summaryFile = join(dir, 'summary.jsonl');
const env = { ...process.env, RELIABILITY_PROFILE: profile, RELIABILITY_SUMMARY: summaryFile };
const started = Date.now();

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.status ?? 1;
}

let status = run(process.execPath, [
  'node_modules/vitest/vitest.mjs',
  'run',
  '--config',
  'vitest.reliability.config.ts',
]);
if (!short) {
  status ||= run(process.execPath, [
    'node_modules/@playwright/test/cli.js',
    'test',
    'e2e/xss.spec.ts',
  ]);
}

const lines = existsSync(summaryFile)
  ? readFileSync(summaryFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];
rmSync(dir, { recursive: true, force: true });

const number = (n) => n.toLocaleString('en-US');
console.log(`\nReliability (${profile}), ${((Date.now() - started) / 1000).toFixed(0)} s:`);
for (const s of lines) {
  const figures = Object.entries(s.figures ?? {})
    .map(([k, v]) => `${k} ${typeof v === 'number' ? number(v) : v}`)
    .join(', ');
  console.log(
    `  ${s.suite}: ${number(s.tried)} tried, ${number(s.failures)} failures${figures ? ` (${figures})` : ''}`,
  );
}
if (lines.length === 0) console.log('  no suite reported');
process.exit(status);
