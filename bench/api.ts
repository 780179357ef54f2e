/**
 * API benchmark: a large account (10,000 KPIs, 1,000,000 snapshots), the real server in a child
 * process, and a floor server in another child that answers the same requests with the same
 * bytes and does nothing else. Each route is loaded with autocannon on loopback and compared
 * with its floor.
 *
 * Environment:
 *   BENCH_DURATION     seconds per measurement (default 10)
 *   BENCH_WARMUP       seconds of unmeasured load before each measurement (default 1)
 *   BENCH_CONNECTIONS  concurrent connections (default 10)
 *   BENCH_ROUTES       comma-separated subset of: kpi,list,week,day,post
 *   BENCH_REGENERATE=1 regenerate the cached dataset in .bench/
 *   BENCH_CPU_PROF=1   profile the server child (--cpu-prof into .bench/profiles) and summarise it
 *
 * Exit code 1 when a request fails (non-2xx, connection error, timeout) or an answer has the
 * wrong shape; target misses are reported but do not change the exit code.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDate, periodFromKey, UTC } from '../src/contract/periods.ts';
import { killAllChildren, startChild, type Child } from './children.ts';
import {
  BOARD_DAYS,
  BOARD_KPI_COUNT,
  copyDataset,
  issueBenchToken,
  prepareDataset,
  type DatasetInfo,
} from './dataset.ts';
import type { FloorAnswer } from './floor.ts';
import { runLoad, stopCurrentLoad, type LoadOptions, type LoadResult } from './load.ts';
import { repoRoot } from './paths.ts';
import { printProfile } from './profile.ts';

const DAY_MS = 86_400_000;
const KPI_TARGET_RATIO = 0.35;
const GROUPED_READ_P99_TARGET_MS = 25;
const ROUTE_KEYS = ['kpi', 'list', 'week', 'week-cold', 'day', 'post'] as const;
type RouteKey = (typeof ROUTE_KEYS)[number];

/** Bundles bench/server.ts like the production server (`vite build --ssr`); answers its path. */
function buildServerBundle(): string {
  const outDir = join(repoRoot, '.bench', 'server-dist');
  const result = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--ssr',
      'bench/server.ts',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: repoRoot, stdio: 'inherit' },
  );
  if (result.status !== 0) {
    console.error('Could not bundle the benchmark server');
    process.exit(1);
  }
  return join(outDir, 'server.js');
}

function numberFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) {
    console.error(`${name} must be a number of at least ${min}, got ${raw}`);
    process.exit(2);
  }
  return value;
}

const settings = {
  duration: numberFromEnv('BENCH_DURATION', 10, 1),
  warmup: numberFromEnv('BENCH_WARMUP', 1, 0),
  connections: Math.round(numberFromEnv('BENCH_CONNECTIONS', 10, 1)),
  regenerate: process.env.BENCH_REGENERATE === '1',
  cpuProfile: process.env.BENCH_CPU_PROF === '1',
  routes: selectedRoutes(process.env.BENCH_ROUTES),
};

function selectedRoutes(raw: string | undefined): Set<RouteKey> {
  if (raw === undefined || raw.trim() === '') return new Set(ROUTE_KEYS);
  const keys = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = keys.filter((k) => !(ROUTE_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    console.error(
      `BENCH_ROUTES: unknown ${unknown.join(', ')}; choose from ${ROUTE_KEYS.join(', ')}`,
    );
    process.exit(2);
  }
  return new Set(keys as RouteKey[]);
}

interface Route {
  key: RouteKey;
  label: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  setupRequest?: LoadOptions['setupRequest'];
  /** Checks the preflight answer; returns a problem, or null when it is as expected. */
  check: (status: number, json: unknown) => string | null;
}

interface Measured {
  route: Route;
  bytes: number;
  real: LoadResult;
  floor: LoadResult;
}

/** The day keys of the board KPIs' year, oldest first. */
function boardDays(info: DatasetInfo): string[] {
  const last = periodFromKey(info.lastDay, UTC)!.start;
  const days: string[] = [];
  for (let back = BOARD_DAYS - 1; back >= 0; back--)
    days.push(localDate(last - back * DAY_MS, UTC));
  return days;
}

type GroupedAnswer = Record<string, { group: string; count: number }[]>;

function groupedCheck(expectedGroupsPerKpi: number | null) {
  return (status: number, json: unknown): string | null => {
    if (status !== 200) return `status ${status}`;
    const answer = json as GroupedAnswer;
    const series = Object.values(answer);
    if (series.length !== BOARD_KPI_COUNT)
      return `${series.length} KPIs instead of ${BOARD_KPI_COUNT}`;
    const snapshots = series.reduce((n, groups) => n + groups.reduce((m, g) => m + g.count, 0), 0);
    if (snapshots !== BOARD_KPI_COUNT * BOARD_DAYS)
      return `${snapshots} snapshots instead of ${BOARD_KPI_COUNT * BOARD_DAYS}`;
    if (
      expectedGroupsPerKpi !== null &&
      series.some((groups) => groups.length !== expectedGroupsPerKpi)
    ) {
      return `a KPI has other than ${expectedGroupsPerKpi} groups`;
    }
    return null;
  };
}

function routesFor(info: DatasetInfo): Route[] {
  const days = boardDays(info);
  const range = `from=${days[0]}&to=${days[days.length - 1]}&timeZone=UTC`;
  const ids = info.boardKpiIds.join(',');
  let write = 0;
  let cold = 0;
  const all: Route[] = [
    {
      key: 'kpi',
      label: 'GET /kpis/{id}',
      method: 'GET',
      path: `/results/api/v1/kpis/${info.sampleKpiId}`,
      check: (status, json) =>
        status !== 200
          ? `status ${status}`
          : (json as { id?: string }).id === info.sampleKpiId
            ? null
            : 'another KPI',
    },
    {
      key: 'list',
      label: 'GET v2 /kpis?take=100&sort=name',
      method: 'GET',
      path: '/results/api/v2/kpis?take=100&sort=name',
      check: (status, json) => {
        if (status !== 200) return `status ${status}`;
        const page = json as { items?: unknown[]; totalCount?: number };
        if (page.items?.length !== 100) return `${page.items?.length} items instead of 100`;
        return page.totalCount === info.kpiCount
          ? null
          : `totalCount ${page.totalCount} instead of ${info.kpiCount}`;
      },
    },
    {
      key: 'week',
      label: `GET /kpi-snapshots ${BOARD_KPI_COUNT} KPIs by week`,
      method: 'GET',
      path: `/results/api/v1/kpi-snapshots?ids=${ids}&groupBy=week&${range}`,
      check: groupedCheck(null),
    },
    {
      // Every request asks something new (an ignored parameter varies), so no stored answer helps:
      // this is the cost of computing the read.
      key: 'week-cold',
      label: `  same, never answered before`,
      method: 'GET',
      path: `/results/api/v1/kpi-snapshots?ids=${ids}&groupBy=week&${range}&n=0`,
      setupRequest: (request) => {
        cold++;
        request.path = `/results/api/v1/kpi-snapshots?ids=${ids}&groupBy=week&${range}&n=${cold}`;
        return request;
      },
      check: groupedCheck(null),
    },
    {
      key: 'day',
      label: `GET /kpi-snapshots ${BOARD_KPI_COUNT}×${BOARD_DAYS} by day`,
      method: 'GET',
      path: `/results/api/v1/kpi-snapshots?ids=${ids}&groupBy=day&${range}`,
      check: groupedCheck(BOARD_DAYS),
    },
    {
      key: 'post',
      label: 'POST /kpis/{id}/snapshots',
      method: 'POST',
      path: `/results/api/v1/kpis/${info.writeKpiId}/snapshots`,
      body: JSON.stringify({ group: days[days.length - 1], timeZone: 'UTC', value: 1234.5 }),
      // A different day and value on every request.
      setupRequest: (request) => {
        write++;
        request.body = JSON.stringify({
          group: days[write % days.length],
          timeZone: 'UTC',
          value: Math.round((1000 + (write % 997) * 1.37) * 100) / 100,
        });
        return request;
      },
      check: (status, json) =>
        status !== 201
          ? `status ${status}`
          : (json as { kpiId?: string }).kpiId === info.writeKpiId
            ? null
            : 'another KPI',
    },
  ];
  return all.filter((r) => settings.routes.has(r.key));
}

/** Response headers worth replaying from the floor; hop-by-hop and per-response ones are left out. */
function replayableHeaders(headers: Headers): Record<string, string> {
  const skip = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date', 'content-length']);
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!skip.has(name)) kept[name] = value;
  });
  return kept;
}

// ------------------------------------------------------------------------------------------------
// Formatting
// ------------------------------------------------------------------------------------------------

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)} s`;

function printTable(rows: Measured[]): void {
  const header = [
    'route',
    'req/s',
    'p50 ms',
    'p99 ms',
    'bytes/answer',
    'floor req/s',
    'route/floor',
    'floor p99 ms',
  ];
  const body = rows.map((m) => [
    m.route.label,
    int(m.real.rps),
    ms(m.real.p50),
    ms(m.real.p99),
    int(m.bytes),
    int(m.floor.rps),
    m.floor.rps > 0 ? `${((m.real.rps / m.floor.rps) * 100).toFixed(1)}%` : '-',
    ms(m.floor.p99),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
}

// ------------------------------------------------------------------------------------------------
// The run
// ------------------------------------------------------------------------------------------------

let workDir: string | null = null;
const children: Child[] = [];
let interrupted = false;

const WORK_DIR_PREFIX = 'kpi-api-bench-';

/** Working copies left behind by runs that were killed outright (their process is gone). */
function removeStaleWorkDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    const match = new RegExp(`^${WORK_DIR_PREFIX}(\\d+)-`).exec(name);
    if (!match) continue;
    try {
      process.kill(Number(match[1]), 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') {
        rmSync(join(tmpdir(), name), { recursive: true, force: true });
      }
    }
  }
}

function removeWorkDir(): void {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  workDir = null;
}

async function stopChildren(): Promise<void> {
  await Promise.all(children.splice(0).map((child) => child.stop()));
}

process.on('exit', () => {
  killAllChildren();
  removeWorkDir();
});
process.on('SIGINT', () => {
  if (interrupted) {
    killAllChildren();
    removeWorkDir();
    process.exit(130);
  }
  interrupted = true;
  console.error('\nInterrupted: stopping');
  stopCurrentLoad();
  void stopChildren().finally(() => {
    removeWorkDir();
    process.exit(130);
  });
});
process.on('SIGTERM', () => {
  stopCurrentLoad();
  void stopChildren().finally(() => {
    removeWorkDir();
    process.exit(143);
  });
});

function failures(result: LoadResult): string | null {
  if (result.non2xx === 0 && result.errors === 0 && result.timeouts === 0) return null;
  const codes = Object.entries(result.statusCodes)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, n]) => `${n}×${code}`)
    .join(', ');
  return `${result.non2xx} non-2xx${codes ? ` (${codes})` : ''}, ${result.errors} errors, ${result.timeouts} timeouts`;
}

async function main(): Promise<number> {
  const cpu = cpus();
  console.log(
    `API benchmark: Node ${process.version}, ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}), ` +
      `${settings.connections} connections, ${settings.duration} s per measurement after ${settings.warmup} s warm-up`,
  );

  const load = loadavg()[0] ?? 0;
  if (load > cpu.length / 2) {
    console.log(
      `Note: load average ${load.toFixed(2)} on ${cpu.length} CPUs before starting; other processes compete with the servers and the figures will be noisy.`,
    );
  }
  const started = performance.now();
  const dataset = await prepareDataset({
    regenerate: settings.regenerate,
    log: (line) => console.log(line),
  });
  const info = dataset.info;
  console.log(
    dataset.cached
      ? `Dataset: cached ${dataset.cacheFile.slice(repoRoot.length + 1)} (generated ${info.generatedAt} in ${seconds(info.generationMs)})`
      : `Dataset: generated in ${seconds(performance.now() - started)} (${info.kpiCount.toLocaleString('en-US')} KPIs, ` +
          `${info.snapshotCount.toLocaleString('en-US')} snapshots), cached as ${dataset.cacheFile.slice(repoRoot.length + 1)}`,
  );

  removeStaleWorkDirs();
  workDir = mkdtempSync(join(tmpdir(), `${WORK_DIR_PREFIX}${process.pid}-`));
  const dbFile = join(workDir, 'bench.sqlite');
  const copyStarted = performance.now();
  copyDataset(dataset.cacheFile, dbFile);
  const token = await issueBenchToken(dbFile, info.userId);
  console.log(
    `Working copy: ${dbFile} (${Math.round(statSync(dbFile).size / 1e6)} MB, ready in ${seconds(performance.now() - copyStarted)}); ` +
      `data through ${info.lastDay}`,
  );
  if (interrupted) return 130;

  const profileDir = join(repoRoot, '.bench', 'profiles');
  if (settings.cpuProfile) mkdirSync(profileDir, { recursive: true });
  // The server runs as `npm start` runs it: bundled by Vite and executed by plain Node.
  const serverBundle = buildServerBundle();
  const server = await startChild({
    name: 'server',
    script: serverBundle,
    built: true,
    args: [dbFile],
    nodeArgs: settings.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  children.push(server);
  const serverOrigin = `http://127.0.0.1:${server.port}`;
  const headers = { authorization: `Bearer ${token}`, 'gtmhub-accountId': info.accountId };

  // Preflight: each route's real answer once, checked, and kept for the floor.
  const routes = routesFor(info);
  const answers: FloorAnswer[] = [];
  const bytes = new Map<RouteKey, number>();
  let problems = 0;
  for (const route of routes) {
    const response = await fetch(serverOrigin + route.path, {
      method: route.method,
      headers:
        route.body !== undefined ? { ...headers, 'content-type': 'application/json' } : headers,
      ...(route.body !== undefined ? { body: route.body } : {}),
    });
    const body = Buffer.from(await response.arrayBuffer());
    let json: unknown = null;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      json = null;
    }
    const problem = route.check(response.status, json);
    if (problem) {
      problems++;
      console.error(
        `CHECK FAILED ${route.label}: ${problem}: ${body.toString('utf8').slice(0, 300)}`,
      );
    }
    bytes.set(route.key, body.length);
    answers.push({
      method: route.method,
      path: route.path,
      status: response.status,
      headers: replayableHeaders(response.headers),
      bodyBase64: body.toString('base64'),
    });
  }
  if (problems > 0 && answers.some((a) => a.status < 200 || a.status >= 300)) {
    console.error('The server does not answer the routes with 2xx; not measuring.');
    return 1;
  }

  const answersFile = join(workDir, 'floor-answers.json');
  writeFileSync(answersFile, JSON.stringify(answers));
  const floor = await startChild({ name: 'floor', script: 'bench/floor.ts', args: [answersFile] });
  children.push(floor);
  const floorOrigin = `http://127.0.0.1:${floor.port}`;

  const measured: Measured[] = [];
  let failed = problems > 0;
  const reports: string[] = [];
  const measure = async (origin: string, route: Route, what: string): Promise<LoadResult> => {
    const options: LoadOptions = {
      url: origin + route.path,
      method: route.method,
      headers:
        route.method === 'POST' ? { ...headers, 'content-type': 'application/json' } : headers,
      connections: settings.connections,
      duration: settings.warmup,
      ...(route.body !== undefined ? { body: route.body } : {}),
      ...(route.setupRequest ? { setupRequest: route.setupRequest } : {}),
    };
    if (settings.warmup > 0) {
      const warm = await runLoad(options);
      const problem = failures(warm);
      if (problem) {
        failed = true;
        reports.push(`FAILED ${route.label} (${what}, warm-up): ${problem}`);
      }
    }
    if (interrupted) throw new Error('interrupted');
    const result = await runLoad({ ...options, duration: settings.duration });
    const problem = failures(result);
    if (problem) {
      failed = true;
      reports.push(`FAILED ${route.label} (${what}): ${problem}`);
    }
    return result;
  };

  console.log('');
  for (const route of routes) {
    process.stdout.write(`Measuring ${route.label} … `);
    const real = await measure(serverOrigin, route, 'server');
    const floorResult = await measure(floorOrigin, route, 'floor');
    console.log(`${int(real.rps)} req/s (floor ${int(floorResult.rps)})`);
    for (const report of reports.splice(0)) console.error(report);
    measured.push({ route, bytes: bytes.get(route.key) ?? 0, real, floor: floorResult });
    if (interrupted) return 130;
  }

  await stopChildren();

  console.log('');
  printTable(measured);
  console.log('');

  const kpi = measured.find((m) => m.route.key === 'kpi');
  if (kpi) {
    const ratio = kpi.floor.rps > 0 ? kpi.real.rps / kpi.floor.rps : 0;
    const pass = ratio >= KPI_TARGET_RATIO;
    console.log(
      `${pass ? 'PASS' : 'FAIL'}  GET /kpis/{id} at ${(ratio * 100).toFixed(1)}% of its floor ` +
        `(target at least ${KPI_TARGET_RATIO * 100}%)`,
    );
  }
  const week = measured.find((m) => m.route.key === 'week');
  if (week) {
    const pass = week.real.p99 < GROUPED_READ_P99_TARGET_MS;
    console.log(
      `${pass ? 'PASS' : 'FAIL'}  grouped read of ${BOARD_KPI_COUNT} KPIs × ${BOARD_DAYS} daily values by week: p99 ${ms(week.real.p99)} ms ` +
        `at ${settings.connections} connections (target under ${GROUPED_READ_P99_TARGET_MS} ms)`,
    );
  }
  const cold = measured.find((m) => m.route.key === 'week-cold');
  if (cold) {
    console.log(
      `info  the same read computed afresh every time: p50 ${ms(cold.real.p50)} ms, p99 ${ms(cold.real.p99)} ms`,
    );
  }
  if (failed)
    console.log(
      '\nRUN FAILED: some requests did not succeed or an answer had the wrong shape (see above).',
    );

  if (settings.cpuProfile) {
    // One profile per thread (CPU.<date>.<time>.<pid>.<thread>.<seq>): the main thread is 0;
    // the others belong to the loader's worker.
    const profiles = readdirSync(profileDir)
      .filter((f) => f.endsWith('.cpuprofile') && f.includes(`.${server.pid}.0.`))
      .map((f) => join(profileDir, f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    console.log('');
    if (profiles[0]) printProfile(profiles[0], 25);
    else console.log('No CPU profile was written by the server child.');
  }
  return failed ? 1 : 0;
}

main()
  .then(async (code) => {
    await stopChildren();
    removeWorkDir();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    if (!interrupted)
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await stopChildren();
    removeWorkDir();
    process.exit(interrupted ? 130 : 1);
  });
