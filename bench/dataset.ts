/**
 * The benchmark account: 10,000 KPIs and 1,000,000 snapshots in one SQLite file.
 *
 * The file is generated once into `.bench/` (git-ignored), keyed by the generator version and
 * the number of schema migrations, and reused by later runs. Each run works on a copy of it in
 * the OS temp directory, so the writes a run makes never leak into the cached file.
 */
import {
  copyFileSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { CreateKpiRequest } from '../src/contract/kpis.ts';
import {
  localDate,
  periodOfInstant,
  UTC,
  type Aggregation,
  type Period,
} from '../src/contract/periods.ts';
import { openDatabase, type Db } from '../src/server/db/connection.ts';
import { migrations } from '../src/server/db/migrations/index.ts';
import { createSqliteRepositories } from '../src/server/db/sqlite/index.ts';
import { newId } from '../src/server/domain/ids.ts';
import { repoRoot } from './paths.ts';

/** Bump when the generated data changes shape, so cached files are regenerated. */
export const GENERATOR_VERSION = 1;

export const KPI_COUNT = 10_000;
export const BOARD_KPI_COUNT = 50;
export const BOARD_DAYS = 365;
export const TOTAL_SNAPSHOTS = 1_000_000;

const DAY_MS = 86_400_000;
const SNAPSHOTS_PER_TRANSACTION = 100_000;
const AGGREGATIONS: readonly Aggregation[] = ['last', 'sum', 'average'];
const GROUP_NAMES = [
  'Board',
  'Sales',
  'Marketing',
  'Product',
  'Engineering',
  'Finance',
  'People',
  'Support',
];
const WORDS = [
  'Revenue',
  'Churn',
  'Signups',
  'Pipeline',
  'Latency',
  'Uptime',
  'Tickets',
  'Backlog',
  'Margin',
  'Leads',
  'Retention',
  'Activation',
  'Conversion',
  'Headcount',
  'Spend',
  'Bookings',
  'Renewals',
  'Escalations',
  'Deploys',
  'Incidents',
  'NPS',
  'CSAT',
  'ARR',
  'MRR',
  'Visits',
  'Trials',
  'Orders',
  'Returns',
  'Refunds',
  'Cost',
  'Velocity',
  'Coverage',
  'Defects',
  'Hires',
  'Attrition',
  'Payroll',
  'Cash',
  'Runway',
  'Quota',
];
const QUALIFIERS = [
  'EMEA',
  'NA',
  'APAC',
  'LATAM',
  'Global',
  'SMB',
  'Enterprise',
  'Self-serve',
  'Partner',
  'Online',
];

export interface DatasetInfo {
  generatorVersion: number;
  schemaVersion: number;
  /** When the data was generated (ISO instant) and how long it took. */
  generatedAt: string;
  generationMs: number;
  accountId: string;
  userId: string;
  /** The last day with data (UTC, YYYY-MM-DD): "today" for the reads. */
  lastDay: string;
  /** The first of the board KPIs' 365 days. */
  firstBoardDay: string;
  boardKpiIds: string[];
  /** A board KPI, read by `GET /kpis/{id}`. */
  sampleKpiId: string;
  /** A KPI outside the board that the write benchmark records values for. */
  writeKpiId: string;
  kpiCount: number;
  snapshotCount: number;
}

export interface PreparedDataset<T = DatasetInfo> {
  info: T;
  /** True when the cached file was reused. */
  cached: boolean;
  cacheFile: string;
}

const cacheDir = join(repoRoot, '.bench');

/** A small seeded generator, so every generation produces the same values. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The database cached in `.bench/` as `name` (`.sqlite`, described by `.json`): reused when
 * `current` accepts its description, otherwise built by `build` into a scratch file that is moved
 * into place only once complete (the description last), so an interrupted run leaves no half-built
 * cache behind.
 */
export async function prepareCached<T>(
  name: string,
  options: {
    regenerate: boolean;
    current: (info: T) => boolean;
    build: (scratchFile: string) => Promise<T>;
  },
): Promise<PreparedDataset<T>> {
  const file = join(cacheDir, `${name}.sqlite`);
  const meta = join(cacheDir, `${name}.json`);
  if (!options.regenerate && existsSync(file) && existsSync(meta)) {
    try {
      const info = JSON.parse(readFileSync(meta, 'utf8')) as T;
      if (options.current(info)) return { info, cached: true, cacheFile: file };
    } catch {
      // An unreadable description is rebuilt like an outdated one.
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  const removePartial = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  };
  removePartial();
  try {
    const info = await options.build(partial);
    rmSync(meta, { force: true });
    renameSync(partial, file);
    writeFileSync(meta, `${JSON.stringify(info, null, 2)}\n`);
    return { info, cached: false, cacheFile: file };
  } finally {
    removePartial();
  }
}

/** Writes a UTC value straight into the snapshots table, skipping the repositories for speed. */
export function snapshotInserter(
  db: Db,
  scope: { accountId: string; userId: string },
  now: number,
): (kpiId: string, period: Period, value: number) => void {
  const insert = db.prepare(
    `INSERT INTO snapshots (id, account_id, kpi_id, ts, value, period_key, time_zone, created_by, date_created)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (kpiId, period, value) => {
    insert.run(
      newId(now),
      scope.accountId,
      kpiId,
      period.start,
      value,
      period.key,
      'UTC',
      scope.userId,
      now,
    );
  };
}

/** The cached dataset, generating it first when missing, outdated or when `regenerate` is set. */
export function prepareDataset(options: {
  regenerate: boolean;
  log: (line: string) => void;
}): Promise<PreparedDataset> {
  return prepareCached<DatasetInfo>(`dataset-g${GENERATOR_VERSION}-s${migrations.length}`, {
    regenerate: options.regenerate,
    current: (info) =>
      info.generatorVersion === GENERATOR_VERSION &&
      info.schemaVersion === migrations.length &&
      Array.isArray(info.boardKpiIds) &&
      info.boardKpiIds.length === BOARD_KPI_COUNT,
    build: (scratchFile) => generate(scratchFile, options.log),
  });
}

/** Copies the cached database to `target` (a copy-on-write clone where the file system allows it). */
export function copyDataset(cacheFile: string, target: string): void {
  copyFileSync(cacheFile, target, constants.COPYFILE_FICLONE);
}

/** Issues a fresh API token on a run's copy (tokens are stored hashed, so the cache keeps none). */
export async function issueBenchToken(file: string, userId: string): Promise<string> {
  const db = openDatabase(file);
  try {
    return await createSqliteRepositories(db).accounts.issueToken(userId, 'bench');
  } finally {
    db.close();
  }
}

interface KpiPlan {
  id: string;
  aggregation: Aggregation;
}

async function generate(file: string, log: (line: string) => void): Promise<DatasetInfo> {
  const started = performance.now();
  const random = mulberry32(0x6b7069);
  const db = openDatabase(file);
  // The generator's own connection: durability does not matter until the file is renamed into place.
  db.pragma('synchronous = OFF');
  try {
    const repos = createSqliteRepositories(db);
    const user = await repos.accounts.createUser({
      account: 'Bench Corp',
      email: 'bench@example.com',
      name: 'Bench User',
    });
    await repos.accounts.revokeToken({ token: user.token });
    const scope = { accountId: user.accountId, userId: user.userId };

    const now = Date.now();
    const lastDay = localDate(now, UTC);
    const today = periodOfInstant(now, 'day', UTC);
    const days: Period[] = [];
    for (let back = 0; back < BOARD_DAYS; back++)
      days.push(periodOfInstant(today.start - back * DAY_MS, 'day', UTC));
    const weeks: Period[] = [];
    for (let back = 0; back < 120; back++)
      weeks.push(periodOfInstant(today.start - back * 7 * DAY_MS, 'week', UTC));

    // Groups and KPIs through the repositories, in one transaction.
    const kpis: KpiPlan[] = [];
    db.exec('BEGIN');
    try {
      const groupIds: string[] = [];
      for (const name of GROUP_NAMES)
        groupIds.push((await repos.groups.create(scope, { name })).id);
      for (let i = 0; i < KPI_COUNT; i++) {
        const board = i < BOARD_KPI_COUNT;
        const aggregation = AGGREGATIONS[i % AGGREGATIONS.length]!;
        const word = WORDS[Math.floor(random() * WORDS.length)]!;
        const qualifier = QUALIFIERS[Math.floor(random() * QUALIFIERS.length)]!;
        // Board KPIs sit in the Board group; of the rest, one in six is ungrouped and a few sit in two groups.
        const groups = board
          ? [groupIds[0]!]
          : i % 6 === 0
            ? []
            : i % 11 === 0
              ? [groupIds[1 + (i % 7)]!, groupIds[1 + ((i + 3) % 7)]!]
              : [groupIds[1 + (i % 7)]!];
        const input = CreateKpiRequest.parse({
          name: board
            ? `Board ${word} ${qualifier} ${String(i + 1).padStart(2, '0')}`
            : `${word} ${qualifier} #${i + 1}`,
          description:
            i % 4 === 0
              ? `How ${word.toLowerCase()} develops in ${qualifier}, updated by the ${qualifier} team.`
              : '',
          aggregation,
          targetOperator: i % 5 === 0 ? 'should_decrease' : 'should_increase',
          formatting:
            i % 3 === 0
              ? { prefix: '$', suffix: '', fractionSize: 2 }
              : { prefix: '', suffix: '', fractionSize: 0 },
          groups,
        });
        const kpi = await repos.kpis.create(scope, input);
        kpis.push({ id: kpi.id, aggregation });
      }
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    const kpiMs = performance.now() - started;
    log(`  ${KPI_COUNT} KPIs in ${(kpiMs / 1000).toFixed(1)} s`);

    // Snapshots straight into the table with one prepared statement, in large transactions.
    const insert = snapshotInserter(db, scope, now);
    let pending = 0;
    let total = 0;
    const add = (kpiId: string, period: Period, value: number) => {
      if (pending === 0) db.exec('BEGIN');
      insert(kpiId, period, value);
      total++;
      if (++pending === SNAPSHOTS_PER_TRANSACTION) {
        db.exec('COMMIT');
        pending = 0;
      }
    };
    const series = (kpi: KpiPlan, periods: Period[], count: number) => {
      const base = 50 + random() * 5000;
      const trend = (random() - 0.4) * 0.004;
      const season = random() * 0.25;
      let level = base;
      // Oldest first, like values recorded over time.
      for (let k = count - 1; k >= 0; k--) {
        const step = count - 1 - k;
        level *= 1 + trend + (random() - 0.5) * 0.02;
        const value =
          kpi.aggregation === 'sum'
            ? level * (0.5 + random())
            : level * (1 + season * Math.sin(step / 9));
        add(kpi.id, periods[k]!, round2(value));
      }
    };
    try {
      const rest = KPI_COUNT - BOARD_KPI_COUNT;
      const restSnapshots = TOTAL_SNAPSHOTS - BOARD_KPI_COUNT * BOARD_DAYS;
      const perKpi = Math.floor(restSnapshots / rest);
      const extra = restSnapshots - perKpi * rest;
      for (let i = 0; i < KPI_COUNT; i++) {
        const kpi = kpis[i]!;
        if (i < BOARD_KPI_COUNT) {
          series(kpi, days, BOARD_DAYS);
          continue;
        }
        const j = i - BOARD_KPI_COUNT;
        const count = perKpi + (j < extra ? 1 : 0);
        // One in five KPIs is updated weekly, the rest daily.
        series(kpi, j % 5 === 4 ? weeks : days, count);
      }
      if (pending > 0) db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
    log(
      `  ${total.toLocaleString('en-US')} snapshots in ${((performance.now() - started - kpiMs) / 1000).toFixed(1)} s`,
    );

    db.pragma('wal_checkpoint(TRUNCATE)');
    const boardKpiIds = kpis.slice(0, BOARD_KPI_COUNT).map((k) => k.id);
    return {
      generatorVersion: GENERATOR_VERSION,
      schemaVersion: migrations.length,
      generatedAt: new Date(now).toISOString(),
      generationMs: Math.round(performance.now() - started),
      accountId: scope.accountId,
      userId: scope.userId,
      lastDay,
      firstBoardDay: days[BOARD_DAYS - 1]!.key,
      boardKpiIds,
      sampleKpiId: boardKpiIds[0]!,
      writeKpiId: kpis[KPI_COUNT - 2]!.id,
      kpiCount: KPI_COUNT,
      snapshotCount: total,
    };
  } finally {
    db.close();
  }
}
