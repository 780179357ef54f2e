/**
 * The web benchmark's account: the API benchmark's 10,000 KPIs (bench/dataset.ts), with the board
 * KPIs' daily values reaching two years back instead of one, and one more KPI with five years of
 * daily values. Derived from the cached API dataset and cached beside it in `.bench/`, keyed by
 * both generator versions and the schema, so it is built once (a few seconds) and then reused.
 */
import { periodOfInstant, UTC, type Period } from '../../src/contract/periods.ts';
import { openDatabase } from '../../src/server/db/connection.ts';
import { migrations } from '../../src/server/db/migrations/index.ts';
import {
  BOARD_DAYS,
  BOARD_KPI_COUNT,
  copyDataset,
  GENERATOR_VERSION,
  mulberry32,
  prepareCached,
  prepareDataset,
  round2,
  snapshotInserter,
  type DatasetInfo,
  type PreparedDataset,
} from '../dataset.ts';

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

export function prepareWebDataset(options: {
  regenerate: boolean;
  log: (line: string) => void;
}): Promise<PreparedDataset<WebDatasetInfo>> {
  const name = `web-dataset-w${WEB_GENERATOR_VERSION}-g${GENERATOR_VERSION}-s${migrations.length}`;
  return prepareCached<WebDatasetInfo>(name, {
    regenerate: options.regenerate,
    current: (info) =>
      info.webGeneratorVersion === WEB_GENERATOR_VERSION &&
      info.generatorVersion === GENERATOR_VERSION &&
      info.schemaVersion === migrations.length,
    build: async (scratchFile) => {
      const base = await prepareDataset({ regenerate: options.regenerate, log: options.log });
      copyDataset(base.cacheFile, scratchFile);
      return extend(scratchFile, base.info, options.log);
    },
  });
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

    const add = snapshotInserter(db, scope, now);
    const oldest = db.prepare(
      'SELECT value FROM snapshots WHERE kpi_id = ? ORDER BY ts ASC LIMIT 1',
    ) as unknown as { get(id: string): { value: number } | undefined };
    /** A random walk from `start`, written from `fromBack` days back to `toBack` days back. */
    const walk = (kpiId: string, start: number, fromBack: number, toBack: number) => {
      let level = start;
      const season = random() * 0.2;
      for (let back = fromBack; back <= toBack; back++) {
        level *= 1 + (random() - 0.5) * 0.02;
        const value = level * (1 + season * Math.sin(back / 9));
        add(kpiId, dayBack(back), round2(value));
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
