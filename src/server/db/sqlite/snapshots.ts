import type { Db } from '../connection.ts';
import type { GroupedRead, NewSnapshot, Scope, SnapshotRepository } from '../repositories.ts';
import type { Snapshot, SnapshotGroup } from '../../../contract/kpis.ts';
import { periodFromKey, type Aggregation, type Granularity } from '../../../contract/periods.ts';
import { newId } from '../../domain/ids.ts';
import { iso, marks, statementCache, writeTransaction } from './shared.ts';

interface SnapshotRow {
  id: string;
  account_id: string;
  kpi_id: string;
  ts: number;
  value: number;
  period_key: string;
  time_zone: string;
  created_by: string;
  created_by_name: string | null;
  date_created: number;
}

function snapshotFromRow(row: SnapshotRow): Snapshot {
  return {
    id: row.id,
    accountId: row.account_id,
    kpiId: row.kpi_id,
    group: row.period_key,
    timeZone: row.time_zone,
    date: iso(row.ts),
    value: row.value,
    createdById: row.created_by,
    createdByName: row.created_by_name,
    dateCreated: iso(row.date_created),
  };
}

/** SQL of a snapshot's period key, given SQL for its local time in seconds (SQLite's strftime). */
function periodKeySql(granularity: Granularity, local: string): string {
  const f = (format: string) => `strftime('${format}', ${local}, 'unixepoch')`;
  switch (granularity) {
    case 'day':
      return f('%Y-%m-%d');
    case 'week':
      return f('%G-W%V');
    case 'month':
      return f('%Y-%m');
    case 'quarter':
      return `${f('%Y')} || '-Q' || ((CAST(${f('%m')} AS INTEGER) + 2) / 3)`;
    case 'year':
      return f('%Y');
  }
}

/**
 * Orders snapshots by (instant, insertion) in one integer, so that `max()` picks the latest one
 * and SQLite's bare-column rule hands back its value. Instants are period starts, which fall on
 * whole minutes; minutes up to the year 9999 times 2^30 stay within 64 bits while seq < 2^30.
 */
const ORDER_KEY = '((ts / 60000) * 1073741824 + seq)';

interface GroupRow {
  kpi_id: string;
  grp: string | null;
  n: number;
  s: number;
  last_value: number;
}

const SELECT_SNAPSHOT = `SELECT s.*, u.name AS created_by_name FROM snapshots s LEFT JOIN users u ON u.id = s.created_by`;

export function createSnapshotRepository(db: Db): SnapshotRepository {
  const stmt = statementCache(db);
  const kpiExists = (scope: Scope, kpiId: string) =>
    stmt('SELECT 1 FROM kpis WHERE account_id = ? AND id = ?').get(scope.accountId, kpiId) !==
    undefined;

  function grouped(scope: Scope, read: GroupedRead): Record<string, SnapshotGroup[]> {
    const result: Record<string, SnapshotGroup[]> = {};
    for (const kpi of read.kpis) result[kpi.id] = [];
    if (read.kpis.length === 0) return result;

    const fixed = read.timeZone.fixedOffsetMinutes;
    const local = fixed !== null ? '(ts / 1000 + @offset)' : 'tz_local_seconds(ts, @zone)';
    const zone = fixed !== null ? { offset: fixed * 60 } : { zone: read.timeZone.name };
    const aggregationOf = new Map(read.kpis.map((k) => [k.id, k.aggregation]));
    const periods = new Map<string | null, { key: string; start: string; end: string } | null>();
    const periodOf = (key: string | null) => {
      let period = periods.get(key);
      if (period === undefined) {
        const found = key === null ? null : periodFromKey(key, read.timeZone);
        period = found ? { key: found.key, start: iso(found.start), end: iso(found.end) } : null;
        periods.set(key, period);
      }
      return period;
    };

    const ids = read.kpis.map((k) => k.id);
    const rows = stmt(
      `SELECT kpi_id, ${periodKeySql(read.granularity, local)} AS grp, count(*) AS n, sum(value) AS s,
              value AS last_value, max(${ORDER_KEY}) AS ord
       FROM snapshots
       WHERE kpi_id IN (${marks(ids.length)}) AND account_id = ? AND ts >= ? AND ts < ?
       GROUP BY kpi_id, grp ORDER BY kpi_id, grp`,
    ).all(zone, ...ids, scope.accountId, read.from ?? -8.64e15, read.to ?? 8.64e15) as GroupRow[];
    // The bare-column rule allows one max() only, so minima and maxima come from a query of their own.
    const extremeIds = read.kpis
      .filter((k) => k.aggregation === 'min' || k.aggregation === 'max')
      .map((k) => k.id);
    const extremes = new Map<string, { mn: number; mx: number }>();
    if (extremeIds.length > 0) {
      const extremeRows = stmt(
        `SELECT kpi_id, ${periodKeySql(read.granularity, local)} AS grp, min(value) AS mn, max(value) AS mx
         FROM snapshots WHERE kpi_id IN (${marks(extremeIds.length)}) AND account_id = ? AND ts >= ? AND ts < ?
         GROUP BY kpi_id, grp`,
      ).all(
        zone,
        ...extremeIds,
        scope.accountId,
        read.from ?? -8.64e15,
        read.to ?? 8.64e15,
      ) as (GroupRow & { mn: number; mx: number })[];
      for (const row of extremeRows) extremes.set(`${row.kpi_id}|${row.grp}`, row);
    }

    for (const row of rows) {
      const aggregation = aggregationOf.get(row.kpi_id)!;
      const period = periodOf(row.grp);
      // A value recorded at the edge of the calendar (1970, 9999) may fall outside it here.
      if (!period) continue;
      result[row.kpi_id]!.push({
        group: period.key,
        value: valueOf(aggregation, row, extremes.get(`${row.kpi_id}|${row.grp}`)),
        count: row.n,
        start: period.start,
        end: period.end,
      });
    }
    return result;
  }

  function valueOf(
    aggregation: Aggregation,
    row: GroupRow,
    extreme?: { mn: number; mx: number },
  ): number {
    switch (aggregation) {
      case 'last':
        return row.last_value;
      case 'sum':
        return row.s;
      case 'average':
        return row.s / row.n;
      case 'min':
        return extreme!.mn;
      case 'max':
        return extreme!.mx;
    }
  }

  const createManyTx = writeTransaction(
    db,
    (scope: Scope, kpiId: string, snapshots: readonly NewSnapshot[]) => {
      if (!kpiExists(scope, kpiId)) return null;
      const insert = stmt(
        `INSERT INTO snapshots (id, account_id, kpi_id, ts, value, period_key, time_zone, created_by, date_created)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const now = Date.now();
      for (const s of snapshots) {
        insert.run(
          newId(now),
          scope.accountId,
          kpiId,
          s.instant,
          s.value,
          s.periodKey,
          s.timeZone,
          scope.userId,
          now,
        );
      }
      return snapshots.length;
    },
  );

  return {
    createMany: async (scope, kpiId, snapshots) => createManyTx(scope, kpiId, snapshots),
    create: async (scope, kpiId, snapshot) => {
      if (!kpiExists(scope, kpiId)) return null;
      const now = Date.now();
      const id = newId(now);
      stmt(
        `INSERT INTO snapshots (id, account_id, kpi_id, ts, value, period_key, time_zone, created_by, date_created)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        scope.accountId,
        kpiId,
        snapshot.instant,
        snapshot.value,
        snapshot.periodKey,
        snapshot.timeZone,
        scope.userId,
        now,
      );
      return snapshotFromRow(stmt(`${SELECT_SNAPSHOT} WHERE s.id = ?`).get(id) as SnapshotRow);
    },
    delete: async (scope, kpiId, snapshotId) =>
      stmt('DELETE FROM snapshots WHERE account_id = ? AND kpi_id = ? AND id = ?').run(
        scope.accountId,
        kpiId,
        snapshotId,
      ).changes > 0,
    history: async (scope, kpiId, skip, take) => {
      if (!kpiExists(scope, kpiId)) return null;
      const { n } = stmt(
        'SELECT count(*) AS n FROM snapshots WHERE kpi_id = ? AND account_id = ?',
      ).get(kpiId, scope.accountId) as { n: number };
      const rows = stmt(
        `${SELECT_SNAPSHOT} WHERE s.kpi_id = ? AND s.account_id = ? ORDER BY s.seq DESC LIMIT ? OFFSET ?`,
      ).all(kpiId, scope.accountId, take, skip) as SnapshotRow[];
      return { items: rows.map(snapshotFromRow), totalCount: n };
    },
    grouped: async (scope, read) => grouped(scope, read),
    aggregate: async (scope, kpiId, aggregation, start, end) => {
      const row = stmt(
        `SELECT count(*) AS n, sum(value) AS s, min(value) AS mn, max(value) AS mx FROM snapshots
         WHERE kpi_id = ? AND account_id = ? AND ts >= ? AND ts < ?`,
      ).get(kpiId, scope.accountId, start, end) as { n: number; s: number; mn: number; mx: number };
      if (row.n === 0) return { value: null, count: 0 };
      if (aggregation === 'last') {
        const last = stmt(
          `SELECT value FROM snapshots WHERE kpi_id = ? AND account_id = ? AND ts >= ? AND ts < ?
           ORDER BY ts DESC, seq DESC LIMIT 1`,
        ).get(kpiId, scope.accountId, start, end) as { value: number };
        return { value: last.value, count: row.n };
      }
      const value = { sum: row.s, average: row.s / row.n, min: row.mn, max: row.mx }[aggregation];
      return { value, count: row.n };
    },
    span: async (scope, kpiIds) => {
      if (kpiIds.length === 0) return null;
      const row = stmt(
        `SELECT min(ts) AS first, max(ts) AS last FROM snapshots WHERE kpi_id IN (${marks(kpiIds.length)}) AND account_id = ?`,
      ).get(...kpiIds, scope.accountId) as { first: number | null; last: number | null };
      return row.first === null || row.last === null ? null : { first: row.first, last: row.last };
    },
  };
}
