/**
 * Web benchmark: the production build served by the real server (dist/server/main.js as
 * `npm run build` makes it, built into .bench/web-build/) on a large account — 10,000 KPIs, the
 * 50 KPIs of a board with two years of daily values, one KPI with five years of daily values —
 * measured in Debian's Chromium:
 *
 *   1. JS sent for the first page (the KPI list, cold): every script it requests, counted as sent
 *      with `Accept-Encoding: gzip`, and none of it chart code.
 *   2. Lighthouse (default config: mobile, simulated throttling) on the KPI list, a KPI page and
 *      a board: performance score, LCP, TBT, CLS; the median of BENCH_WEB_LH_RUNS runs.
 *   3. The KPI page of the five-year KPI (all time, by day): navigation to the drawn chart, next to
 *      a minimal page that draws one recharts line of the same read, downsampled the same way.
 *   4. The KPI list: navigation to the first page's rows, scrolled to the bottom, then the last
 *      page (the list is paged on the server, 50 a page) scrolled to its bottom; next to a
 *      minimal page that shows the same reads as a plain table.
 *
 * Environment:
 *   BENCH_WEB_RUNS      runs of each timing, median reported (default 5)
 *   BENCH_WEB_LH_RUNS   Lighthouse runs per page, median reported (default 3)
 *   BENCH_WEB_ONLY      comma-separated subset of: js,lighthouse,chart,list
 *   BENCH_WEB_TIMEOUT   seconds before the whole run gives up (default 600)
 *   BENCH_REGENERATE=1  regenerate the cached datasets in .bench/
 *   BENCH_WEB_BUILD=0   reuse the last build in .bench/web-build/ instead of building
 *   CHROME_PATH         the Chromium for Lighthouse (default /usr/bin/chromium); the timings use
 *                       the journeys' Chromium (Playwright's, or CHROMIUM_PATH / /usr/bin/chromium)
 *
 * Builds first (10–20 s) unless told otherwise, so the figures belong to the tree as it is. Exit code 1 when
 * something fails; a missed target is reported and also gives exit code 1.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyDataset, issueBenchToken } from './dataset.ts';
import { repoRoot } from './paths.ts';
import { buildAll, serverEntry } from './web/build.ts';
import { prepareWebDataset, type WebDatasetInfo } from './web/dataset.ts';
import { startLighthouse, type LighthouseRun } from './web/lighthouse.ts';
import { cleanupAll, onCleanup, startServer, stopOnSignals } from './web/processes.ts';
import {
  measureJs,
  startTimingBrowser,
  timeChart,
  timeList,
  type JsTransfer,
  type ListTiming,
  type ListVariant,
  type TimingBrowser,
} from './web/timings.ts';

const JS_TARGET_BYTES = 150_000;
const SCORE_TARGET = 0.95;
const PAGES = 200;

const PARTS = ['js', 'lighthouse', 'chart', 'list'] as const;
type Part = (typeof PARTS)[number];

function numberFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    console.error(`${name} must be a whole number of at least ${min}, got ${raw}`);
    process.exit(2);
  }
  return value;
}

function selectedParts(raw: string | undefined): Set<Part> {
  if (!raw?.trim()) return new Set(PARTS);
  const names = raw.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !(PARTS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    console.error(`BENCH_WEB_ONLY: unknown ${unknown.join(', ')}; choose from ${PARTS.join(', ')}`);
    process.exit(2);
  }
  return new Set(names as Part[]);
}

const settings = {
  runs: numberFromEnv('BENCH_WEB_RUNS', 5, 1),
  lighthouseRuns: numberFromEnv('BENCH_WEB_LH_RUNS', 3, 1),
  timeoutS: numberFromEnv('BENCH_WEB_TIMEOUT', 600, 30),
  parts: selectedParts(process.env.BENCH_WEB_ONLY),
  regenerate: process.env.BENCH_REGENERATE === '1',
  build: process.env.BENCH_WEB_BUILD !== '0',
};

const log = (line: string) => console.log(line);
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const ratio = (value: number, floor: number) => `${(value / floor).toFixed(2)}×`;
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

interface Row {
  figure: string;
  value: string;
  target: string;
  ok: boolean | null;
}
const rows: Row[] = [];
const durations: [string, string][] = [];

/** A board of 50 chart tiles, one board KPI each, over ranges from 30 days to all time. */
const TILE_READS = [
  { range: 'all', groupBy: 'day' },
  { range: 'last-12-months', groupBy: 'week' },
  { range: 'last-30-days', groupBy: 'day' },
  { range: 'all', groupBy: 'month' },
] as const;

async function createBoard(origin: string, auth: Record<string, string>, info: WebDatasetInfo) {
  const res = await fetch(`${origin}/results/api/v1/dashboards`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Bench board',
      tag: 'bench-board',
      insights: info.boardKpiIds.map((id, i) => {
        const read = TILE_READS[i % TILE_READS.length]!;
        return {
          type: 'kpi-chart',
          insightTitle: `Board KPI ${i + 1}`,
          settings: [
            { name: 'kpiIds', value: id },
            { name: 'groupBy', value: read.groupBy },
            { name: 'range', value: read.range },
          ],
          row: Math.floor(i / 2) * 4,
          col: (i % 2) * 6,
          sizeX: 6,
          sizeY: 4,
        };
      }),
    }),
  });
  if (!res.ok) throw new Error(`Creating the board: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { tag: string }).tag;
}

/** A page expression: the SPA's list is shown, its table (the wide layout) with rows, none loading. */
function spaListReady(page: number): string {
  return `(() => {
    if (new URLSearchParams(location.search).get('page') !== ${page === 1 ? 'null' : `'${page}'`}) return false;
    const table = Array.from(document.querySelectorAll('main table')).find((t) => t.offsetParent !== null);
    if (!table || table.getAttribute('aria-busy') === 'true') return false;
    return table.querySelectorAll('tbody tr').length >= ${page === 1 ? 50 : 1} && !table.querySelector('.animate-pulse');
  })()`;
}

async function main() {
  const started = performance.now();
  stopOnSignals();
  const watchdog = setTimeout(() => {
    console.error(`Gave up after ${settings.timeoutS} s (BENCH_WEB_TIMEOUT)`);
    void cleanupAll().finally(() => process.exit(1));
  }, settings.timeoutS * 1000);
  watchdog.unref();

  log(
    `Web benchmark · ${cpus().length} CPUs, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} · ${settings.runs} timing runs, ${settings.lighthouseRuns} Lighthouse runs`,
  );

  let step = performance.now();
  log('Dataset');
  const dataset = await prepareWebDataset({ regenerate: settings.regenerate, log });
  const info = dataset.info;
  log(
    `  ${dataset.cached ? 'cached' : 'generated'}: ${info.kpiCount.toLocaleString('en-US')} KPIs, ${info.snapshotCount.toLocaleString('en-US')} snapshots`,
  );
  const runDir = mkdtempSync(join(tmpdir(), 'kpi-bench-web-'));
  onCleanup(() => rmSync(runDir, { recursive: true, force: true }));
  const dbFile = join(runDir, 'bench.sqlite');
  copyDataset(dataset.cacheFile, dbFile);
  const token = await issueBenchToken(dbFile, info.userId);
  durations.push(['dataset', seconds(step)]);

  step = performance.now();
  if (settings.build || !existsSync(serverEntry)) {
    log('Build (SPA, minimal pages, server) into .bench/web-build/');
    buildAll(log);
  } else {
    log('Build: reusing .bench/web-build/ (BENCH_WEB_BUILD=0)');
  }
  durations.push(['build', seconds(step)]);

  step = performance.now();
  const server = await startServer(serverEntry, dbFile);
  log(`Server ${server.origin} (pid ${server.pid})`);
  const auth = { authorization: `Bearer ${token}`, 'gtmhub-accountId': info.accountId };
  const boardTag = await createBoard(server.origin, auth, info);
  const signInUrl = `${server.origin}/sign-in#token=${encodeURIComponent(token)}&accountId=${info.accountId}`;
  const urls = {
    list: `${server.origin}/kpis`,
    kpi: `${server.origin}/kpis/${info.longKpiId}`,
    kpiAll: `${server.origin}/kpis/${info.longKpiId}?range=all&groupBy=day`,
    board: `${server.origin}/insightboards/${boardTag}`,
  };
  durations.push(['server and board', seconds(step)]);

  let tb: TimingBrowser | null = null;
  const timingBrowser = async () => (tb ??= await startTimingBrowser(signInUrl));

  if (settings.parts.has('js')) {
    step = performance.now();
    log('JS for the first page (KPI list, cold load, counted as sent with gzip)');
    const js: JsTransfer = await measureJs(await timingBrowser(), urls.list, spaListReady(1));
    for (const f of js.files)
      log(
        `  ${f.url.padEnd(44)} ${kb(f.bytes).padStart(9)} ${f.encoding}${f.chart ? ' CHART' : ''}`,
      );
    const chartFiles = js.files.filter((f) => f.chart);
    rows.push({
      figure: `JS for the KPI list, gzip (${js.files.length} files)`,
      value: kb(js.total),
      target: `≤ ${kb(JS_TARGET_BYTES)}`,
      ok: js.total <= JS_TARGET_BYTES,
    });
    rows.push({
      figure: 'Chart code (recharts) on the KPI list',
      value: chartFiles.length === 0 ? 'none' : chartFiles.map((f) => f.url).join(', '),
      target: 'none',
      ok: chartFiles.length === 0,
    });
    durations.push(['JS transfer', seconds(step)]);
  }

  if (settings.parts.has('lighthouse')) {
    step = performance.now();
    log(`Lighthouse (mobile, simulated throttling), ${settings.lighthouseRuns} runs per page`);
    const reports = join(repoRoot, '.bench', 'web-lighthouse');
    rmSync(reports, { recursive: true, force: true });
    mkdirSync(reports, { recursive: true });
    log(`  reports: ${reports}`);
    const lh = await startLighthouse(signInUrl);
    try {
      // The KPI page as it opens (its default range), and, reported without a target, the same
      // page showing all five years by day (a 214 KB read).
      for (const [key, name, url, target] of [
        ['list', 'KPI list', urls.list, true],
        ['kpi', 'KPI page (5-year KPI, default view)', urls.kpi, true],
        ['board', 'Board (50 chart tiles)', urls.board, true],
        ['kpi-all', 'KPI page, all time by day (1,826 values)', urls.kpiAll, false],
      ] as const) {
        const runs: LighthouseRun[] = [];
        for (let i = 0; i < settings.lighthouseRuns; i++) {
          const run = await lh.run(url, join(reports, `${key}-${i + 1}.json`));
          if (!run.signedIn) throw new Error(`Lighthouse saw ${url} signed out`);
          runs.push(run);
          log(
            `  ${name}: score ${run.score.toFixed(2)}, LCP ${ms(run.lcpMs)}, TBT ${ms(run.tbtMs)}, CLS ${run.cls.toFixed(3)}`,
          );
        }
        const score = median(runs.map((r) => r.score));
        rows.push({
          figure: `Lighthouse ${name}`,
          value: `${score.toFixed(2)} (LCP ${ms(median(runs.map((r) => r.lcpMs)))}, TBT ${ms(median(runs.map((r) => r.tbtMs)))}, CLS ${median(runs.map((r) => r.cls)).toFixed(3)})`,
          target: target ? `≥ ${SCORE_TARGET}` : 'reported',
          ok: target ? score >= SCORE_TARGET : null,
        });
      }
    } finally {
      await lh.close();
    }
    durations.push(['Lighthouse', seconds(step)]);
  }

  if (settings.parts.has('chart')) {
    step = performance.now();
    log(`KPI chart, 5 years of daily values: navigation → chart drawn, ${settings.runs} runs`);
    const browser = await timingBrowser();
    let read: string | null = null;
    const spa: number[] = [];
    const floor: number[] = [];
    const minimalUrl = () =>
      `${server.origin}/__bench/chart.html?kpi=${info.longKpiId}&read=${encodeURIComponent(read!)}`;
    for (let i = 0; i < settings.runs; i++) {
      // The SPA goes first in the first run, to learn its read; then the order alternates.
      const order = i % 2 === 0 ? ['spa', 'floor'] : ['floor', 'spa'];
      for (const which of order) {
        if (which === 'spa') {
          spa.push(
            await timeChart(browser, urls.kpiAll, (url) => {
              const u = new URL(url);
              if (
                read === null &&
                u.pathname.endsWith('/kpi-snapshots') &&
                u.searchParams.get('ids')?.includes(info.longKpiId)
              )
                read = u.pathname + u.search;
            }),
          );
        } else {
          if (read === null) throw new Error('The KPI page made no grouped read');
          floor.push(await timeChart(browser, minimalUrl()));
        }
      }
      log(`  run ${i + 1}: SPA ${ms(spa.at(-1)!)}, minimal ${ms(floor.at(-1)!)}`);
    }
    rows.push({
      figure: 'KPI page, 5 years daily → chart drawn (SPA / minimal)',
      value: `${ms(median(spa))} / ${ms(median(floor))} = ${ratio(median(spa), median(floor))}`,
      target: 'ratio, reported',
      ok: null,
    });
    durations.push(['chart timing', seconds(step)]);
  }

  if (settings.parts.has('list')) {
    step = performance.now();
    log(
      `KPI list, 10,000 KPIs: open → scrolled to the bottom → last page (${PAGES}) scrolled, ${settings.runs} runs`,
    );
    const browser = await timingBrowser();
    const reads: Record<'first' | 'last', string | null> = { first: null, last: null };
    const spaVariant: ListVariant = {
      url: urls.list,
      firstReady: spaListReady(1),
      lastReady: spaListReady(PAGES),
      clickLast: (page) => page.getByRole('link', { name: 'Last page' }).first().click(),
    };
    const minimalVariant = (): ListVariant => ({
      url: `${server.origin}/__bench/table.html?list=${encodeURIComponent(reads.first!)}&last=${encodeURIComponent(reads.last!)}`,
      firstReady: `document.querySelectorAll('main[data-page="first"] tbody tr').length >= 50`,
      lastReady: `document.querySelector('main[data-page="last"] tbody tr') !== null`,
      clickLast: (page) => page.getByRole('button', { name: 'Last page' }).click(),
    });
    const spa: ListTiming[] = [];
    const floor: ListTiming[] = [];
    for (let i = 0; i < settings.runs; i++) {
      const order = i % 2 === 0 ? ['spa', 'floor'] : ['floor', 'spa'];
      for (const which of order) {
        if (which === 'spa') {
          spa.push(
            await timeList(browser, spaVariant, (url, phase) => {
              const u = new URL(url);
              // The page read of the list (not the grouped values of its KPIs).
              if (reads[phase] === null && u.pathname === '/results/api/v2/kpis')
                reads[phase] = u.pathname + u.search;
            }),
          );
        } else {
          if (!reads.first || !reads.last) throw new Error('The list made no page reads');
          floor.push(await timeList(browser, minimalVariant()));
        }
      }
      const s = spa.at(-1)!;
      const f = floor.at(-1)!;
      log(
        `  run ${i + 1}: SPA open ${ms(s.open)}, scrolled ${ms(s.scrolled)}, end ${ms(s.end)} · minimal ${ms(f.open)}, ${ms(f.scrolled)}, ${ms(f.end)}`,
      );
    }
    const m = (list: ListTiming[], key: keyof ListTiming) => median(list.map((t) => t[key]));
    rows.push({
      figure: 'KPI list → first page shown and scrolled (SPA / minimal)',
      value: `${ms(m(spa, 'scrolled'))} / ${ms(m(floor, 'scrolled'))} = ${ratio(m(spa, 'scrolled'), m(floor, 'scrolled'))}`,
      target: 'ratio, reported',
      ok: null,
    });
    rows.push({
      figure: `KPI list → last page (${PAGES}) shown and scrolled (SPA / minimal)`,
      value: `${ms(m(spa, 'end'))} / ${ms(m(floor, 'end'))} = ${ratio(m(spa, 'end'), m(floor, 'end'))}`,
      target: 'ratio, reported',
      ok: null,
    });
    durations.push(['list timing', seconds(step)]);
  }

  await cleanupAll();
  durations.push(['total', seconds(started)]);

  const width = Math.max(...rows.map((r) => r.figure.length));
  const valueWidth = Math.max(...rows.map((r) => r.value.length));
  log('');
  log(`${'Figure'.padEnd(width)}  ${'Value'.padEnd(valueWidth)}  Target`);
  for (const r of rows) {
    const mark = r.ok === null ? '' : r.ok ? '  ✓' : '  ✗ MISSED';
    log(`${r.figure.padEnd(width)}  ${r.value.padEnd(valueWidth)}  ${r.target}${mark}`);
  }
  log('');
  log(`Durations: ${durations.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const missed = rows.filter((r) => r.ok === false);
  if (missed.length > 0) {
    log(`${missed.length} target(s) missed`);
    process.exitCode = 1;
  }
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  await cleanupAll();
  process.exit(1);
});
