/**
 * The web benchmark's account: the API benchmark's 10,000 KPIs (bench/dataset.ts), with the board
 * KPIs' daily values reaching two years back instead of one, and one more KPI with five years of
 * daily values. Derived from the cached API dataset and cached beside it in `.bench/`, keyed by
 * both generator versions and the schema, so it is built once (a few seconds) and then reused.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { periodOfInstant, UTC, type Period } from '../../src/contract/periods.ts';
import { openDatabase } from '../../src/server/db/connection.ts';
import { migrations } from '../../src/server/db/migrations/index.ts';
import { newId } from '../../src/server/domain/ids.ts';
import {
  BOARD_DAYS,
  BOARD_KPI_COUNT,
  copyDataset,
  GENERATOR_VERSION,
  prepareDataset,
  type DatasetInfo,
} from '../dataset.ts';
import { repoRoot } from '../paths.ts';

/** Bump when the web additions change shape. */
export const WEB_GENERATOR_VERSION = 1;
export const WEB_BOARD_DAYS = 730;
export const LONG_KPI_DAYS = 5 * 365 + 1;

const DAY_MS = 86_400_000;

export interface WebDatasetInfo extends DatasetInfo {
  webGeneratorVersion: number;
  /** The KPI with five years of daily values. */
  longKpiId: string;
  longKpiDays: number;
  webBoardDays: number;
  webGenerationMs: number;
}

export interface PreparedWebDataset {
  info: WebDatasetInfo;
  cached: boolean;
  cacheFile: string;
}

function cachePaths() {
  const base = join(
    repoRoot,
    '.bench',
    `web-dataset-w${WEB_GENERATOR_VERSION}-g${GENERATOR_VERSION}-s${migrations.length}`,
  );
  return { file: `${base}.sqlite`, meta: `${base}.json` };
}

function readCachedInfo(): WebDatasetInfo | null {
  const { file, meta } = cachePaths();
  if (!existsSync(file) || !existsSync(meta)) return null;
  try {
    const info = JSON.parse(readFileSync(meta, 'utf8')) as WebDatasetInfo;
    return info.webGeneratorVersion === WEB_GENERATOR_VERSION &&
      info.generatorVersion === GENERATOR_VERSION &&
      info.schemaVersion === migrations.length
      ? info
      : null;
  } catch {
    return null;
  }
}

/** A small seeded generator, so that every generation gives the same values. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function prepareWebDataset(options: {
  regenerate: boolean;
  log: (line: string) => void;
}): Promise<PreparedWebDataset> {
  const { file, meta } = cachePaths();
  const cachedInfo = options.regenerate ? null : readCachedInfo();
  if (cachedInfo) return { info: cachedInfo, cached: true, cacheFile: file };

  const base = await prepareDataset({ regenerate: options.regenerate, log: options.log });
  const partial = `${file}.partial-${process.pid}`;
  const removePartial = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  };
  removePartial();
  try {
    copyDataset(base.cacheFile, partial);
    const info = await extend(partial, base.info, options.log);
    rmSync(meta, { force: true });
    renameSync(partial, file);
    writeFileSync(meta, `${JSON.stringify(info, null, 2)}\n`);
    return { info, cached: false, cacheFile: file };
  } finally {
    removePartial();
  }
}

async function extend(
  file: string,
  base: DatasetInfo,
  log: (line: string) => void,
): Promise<WebDatasetInfo> {
  const started = performance.now();
  const random = mulberry32(0x776562);
  const db = openDatabase(file);
  db.pragma('synchronous = OFF');
  try {
    const scope = { accountId: base.accountId, userId: base.userId };
    const now = Date.now();
    const lastDay = periodOfInstant(Date.parse(`${base.lastDay}T12:00:00Z`), 'day', UTC);
    const dayBack = (back: number): Period =>
      periodOfInstant(lastDay.start - back * DAY_MS, 'day', UTC);

    const insert = db.prepare(
      `INSERT INTO snapshots (id, account_id, kpi_id, ts, value, period_key, time_zone, created_by, date_created)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const oldest = db.prepare(
      'SELECT value FROM snapshots WHERE kpi_id = ? ORDER BY ts ASC LIMIT 1',
    ) as unknown as { get(id: string): { value: number } | undefined };
    const add = (kpiId: string, period: Period, value: number) =>
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
    /** A random walk from `start`, written from `fromBack` days back to `toBack` days back. */
    const walk = (kpiId: string, start: number, fromBack: number, toBack: number) => {
      let level = start;
      const season = random() * 0.2;
      for (let back = fromBack; back <= toBack; back++) {
        level *= 1 + (random() - 0.5) * 0.02;
        const value = level * (1 + season * Math.sin(back / 9));
        add(kpiId, dayBack(back), Math.round(value * 100) / 100);
      }
    };

    db.exec('BEGIN');
    let longKpiId: string;
    try {
      // The year before the board KPIs' first year, continuing from their oldest value.
      for (const kpiId of base.boardKpiIds) {
        const start = oldest.get(kpiId)?.value ?? 100;
        walk(kpiId, start, BOARD_DAYS, WEB_BOARD_DAYS - 1);
      }
      // One KPI outside the board (the API benchmark's write target, unused here) gets five years
      // of daily values instead of its own, so that the account keeps its 10,000 KPIs.
      longKpiId = base.writeKpiId;
      db.prepare('DELETE FROM snapshots WHERE kpi_id = ?').run(longKpiId);
      db.prepare(
        "UPDATE kpis SET name = 'Daily revenue, five years', aggregation = 'sum' WHERE id = ?",
      ).run(longKpiId);
      walk(longKpiId, 2_000, 0, LONG_KPI_DAYS - 1);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    const webGenerationMs = Math.round(performance.now() - started);
    const added = BOARD_KPI_COUNT * (WEB_BOARD_DAYS - BOARD_DAYS) + LONG_KPI_DAYS;
    log(`  web additions: ${added.toLocaleString('en-US')} snapshots in ${webGenerationMs} ms`);
    return {
      ...base,
      webGeneratorVersion: WEB_GENERATOR_VERSION,
      snapshotCount: base.snapshotCount + added,
      longKpiId,
      longKpiDays: LONG_KPI_DAYS,
      webBoardDays: WEB_BOARD_DAYS,
      webGenerationMs,
    };
  } finally {
    db.close();
  }
}
