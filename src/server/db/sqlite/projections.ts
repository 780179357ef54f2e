import type { Db } from '../connection.ts';
import type { ProjectionRepository, Scope } from '../repositories.ts';
import type { Projection } from '../../../contract/kpis.ts';
import { newId } from '../../domain/ids.ts';
import { conflict } from '../../errors.ts';
import { iso, statementCache, writeTransaction } from './shared.ts';

export interface ProjectionRow {
  id: string;
  date: string;
  value: number;
  created_by: string;
  modified_by: string;
  date_created: number;
  date_modified: number;
}

export function projectionFromRow(row: ProjectionRow): Projection {
  return {
    id: row.id,
    date: row.date,
    value: row.value,
    createdById: row.created_by,
    modifiedById: row.modified_by,
    dateCreated: iso(row.date_created),
    dateModified: iso(row.date_modified),
  };
}

const duplicateDate = (date: string) =>
  conflict(`A projection dated ${date} already exists for this KPI`, [
    { path: 'body.date', message: `already has a projection on ${date}` },
  ]);

export function createProjectionRepository(db: Db): ProjectionRepository {
  const stmt = statementCache(db);
  const kpiExists = (scope: Scope, kpiId: string) =>
    stmt('SELECT 1 FROM kpis WHERE account_id = ? AND id = ?').get(scope.accountId, kpiId) !==
    undefined;
  const load = (scope: Scope, kpiId: string, id: string) =>
    stmt('SELECT * FROM projections WHERE account_id = ? AND kpi_id = ? AND id = ?').get(
      scope.accountId,
      kpiId,
      id,
    ) as ProjectionRow | undefined;
  const dateTaken = (kpiId: string, date: string, exceptId: string) =>
    stmt('SELECT 1 FROM projections WHERE kpi_id = ? AND date = ? AND id <> ?').get(
      kpiId,
      date,
      exceptId,
    ) !== undefined;

  const createTx = writeTransaction(
    db,
    (scope: Scope, kpiId: string, input: { date: string; value: number }) => {
      if (!kpiExists(scope, kpiId)) return null;
      if (dateTaken(kpiId, input.date, '')) throw duplicateDate(input.date);
      const now = Date.now();
      const id = newId(now);
      stmt(
        `INSERT INTO projections (id, account_id, kpi_id, date, value, created_by, modified_by, date_created, date_modified)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        scope.accountId,
        kpiId,
        input.date,
        input.value,
        scope.userId,
        scope.userId,
        now,
        now,
      );
      return projectionFromRow(load(scope, kpiId, id)!);
    },
  );

  const updateTx = writeTransaction(
    db,
    (scope: Scope, kpiId: string, id: string, patch: { date?: string; value?: number }) => {
      const current = load(scope, kpiId, id);
      if (!current) return null;
      const date = patch.date ?? current.date;
      if (patch.date !== undefined && dateTaken(kpiId, date, id)) throw duplicateDate(date);
      stmt(
        `UPDATE projections SET date = ?, value = ?, modified_by = ?, date_modified = ?
         WHERE account_id = ? AND kpi_id = ? AND id = ?`,
      ).run(
        date,
        patch.value ?? current.value,
        scope.userId,
        Date.now(),
        scope.accountId,
        kpiId,
        id,
      );
      return projectionFromRow(load(scope, kpiId, id)!);
    },
  );

  return {
    list: async (scope, kpiId) => {
      if (!kpiExists(scope, kpiId)) return null;
      const rows = stmt(
        'SELECT * FROM projections WHERE account_id = ? AND kpi_id = ? ORDER BY date',
      ).all(scope.accountId, kpiId) as ProjectionRow[];
      return rows.map(projectionFromRow);
    },
    create: async (scope, kpiId, input) => createTx(scope, kpiId, input),
    update: async (scope, kpiId, id, patch) => updateTx(scope, kpiId, id, patch),
    delete: async (scope, kpiId, id) =>
      stmt('DELETE FROM projections WHERE account_id = ? AND kpi_id = ? AND id = ?').run(
        scope.accountId,
        kpiId,
        id,
      ).changes > 0,
    nextAfter: async (scope, kpiId, date) => {
      const row = stmt(
        'SELECT * FROM projections WHERE account_id = ? AND kpi_id = ? AND date > ? ORDER BY date LIMIT 1',
      ).get(scope.accountId, kpiId, date) as ProjectionRow | undefined;
      return row ? projectionFromRow(row) : null;
    },
  };
}
