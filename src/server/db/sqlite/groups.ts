import type { Db } from '../connection.ts';
import type { KpiGroupRepository, Page, Scope } from '../repositories.ts';
import type { KpiGroup } from '../../../contract/kpi-groups.ts';
import type { VirtualGroup } from '../../../contract/kpis.ts';
import type { ListQuery } from '../../domain/list-query.ts';
import { newId } from '../../domain/ids.ts';
import { compileFilter, compileSort, runFiltered, type ColumnMap } from './sql-filter.ts';
import { iso, statementCache, writeTransaction } from './shared.ts';

/** `favorite` depends on the current user, so it is bound as `@user` in the queries below. */
export const GROUP_COLUMNS: ColumnMap = {
  id: { kind: 'scalar', sql: 'g.id', type: 'id' },
  name: { kind: 'scalar', sql: 'g.name', type: 'string', sortSql: 'g.name COLLATE NOCASE' },
  favorite: { kind: 'scalar', sql: 'favorite', type: 'boolean' },
  kpisCount: { kind: 'scalar', sql: 'kpis_count', type: 'number' },
  createdById: { kind: 'scalar', sql: 'g.created_by', type: 'id' },
  modifiedById: { kind: 'scalar', sql: 'g.modified_by', type: 'id' },
  dateCreated: { kind: 'scalar', sql: 'g.date_created', type: 'date' },
  dateUpdated: { kind: 'scalar', sql: 'g.date_updated', type: 'date' },
};

interface GroupRow {
  id: string;
  account_id: string;
  name: string;
  favorite: number;
  kpis_count: number;
  created_by: string;
  modified_by: string;
  date_created: number;
  date_updated: number;
}

const SELECT_GROUPS = `
  SELECT * FROM (
    SELECT g.*,
      EXISTS (SELECT 1 FROM group_favorites f WHERE f.group_id = g.id AND f.user_id = @user) AS favorite,
      (SELECT count(*) FROM kpi_group_members m WHERE m.group_id = g.id) AS kpis_count
    FROM kpi_groups g WHERE g.account_id = @account
  ) g`;

function groupFromRow(row: GroupRow): KpiGroup {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    favorite: row.favorite === 1,
    kpisCount: row.kpis_count,
    createdById: row.created_by,
    modifiedById: row.modified_by,
    dateCreated: iso(row.date_created),
    dateUpdated: iso(row.date_updated),
  };
}

export function createKpiGroupRepository(db: Db): KpiGroupRepository {
  const stmt = statementCache(db);
  const bind = (scope: Scope) => ({ user: scope.userId, account: scope.accountId });

  function load(scope: Scope, id: string): KpiGroup | null {
    const row = stmt(`${SELECT_GROUPS} WHERE g.id = @id`).get({ ...bind(scope), id }) as
      GroupRow | undefined;
    return row ? groupFromRow(row) : null;
  }

  function list(scope: Scope, query: ListQuery): Page<KpiGroup> {
    const where = compileFilter(query.filter, GROUP_COLUMNS);
    const order = compileSort(query.sort, GROUP_COLUMNS, 'g.name COLLATE NOCASE ASC', 'g.id ASC');
    const { n } = runFiltered(
      () =>
        stmt(`SELECT count(*) AS n FROM (${SELECT_GROUPS} WHERE ${where.sql})`).get(
          bind(scope),
          ...where.params,
        ) as { n: number },
    );
    const rows = runFiltered(
      () =>
        stmt(`${SELECT_GROUPS} WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`).all(
          bind(scope),
          ...where.params,
          query.take,
          query.skip,
        ) as GroupRow[],
    );
    return { items: rows.map(groupFromRow), totalCount: n };
  }

  const updateTx = writeTransaction(db, (scope: Scope, id: string, patch: { name?: string }) => {
    if (!load(scope, id)) return false;
    stmt(
      `UPDATE kpi_groups SET name = coalesce(?, name), modified_by = ?, date_updated = ?
       WHERE account_id = ? AND id = ?`,
    ).run(patch.name ?? null, scope.userId, Date.now(), scope.accountId, id);
    return true;
  });

  const deleteTx = writeTransaction(db, (scope: Scope, id: string) => {
    const group = load(scope, id);
    if (!group) return null;
    // Members lose the group id; the KPIs themselves stay, their dateUpdated moving forward.
    stmt(
      `UPDATE kpis SET date_updated = max(?, date_updated + 1), modified_by = ?
       WHERE account_id = ? AND id IN (SELECT kpi_id FROM kpi_group_members WHERE group_id = ?)`,
    ).run(Date.now(), scope.userId, scope.accountId, id);
    stmt('DELETE FROM kpi_groups WHERE account_id = ? AND id = ?').run(scope.accountId, id);
    return group;
  });

  const favoriteTx = writeTransaction(db, (scope: Scope, id: string, favorite: boolean) => {
    if (!stmt('SELECT 1 FROM kpi_groups WHERE account_id = ? AND id = ?').get(scope.accountId, id))
      return false;
    if (favorite) {
      stmt(
        'INSERT OR IGNORE INTO group_favorites (user_id, group_id, date_created) VALUES (?, ?, ?)',
      ).run(scope.userId, id, Date.now());
    } else {
      stmt('DELETE FROM group_favorites WHERE user_id = ? AND group_id = ?').run(scope.userId, id);
    }
    return true;
  });

  function virtualFavorites(scope: Scope): VirtualGroup[] {
    const rows = stmt(
      'SELECT virtual_group FROM virtual_group_favorites WHERE user_id = ? AND account_id = ? ORDER BY virtual_group',
    ).all(scope.userId, scope.accountId) as { virtual_group: VirtualGroup }[];
    return rows.map((r) => r.virtual_group);
  }

  return {
    list: async (scope, query) => list(scope, query),
    get: async (scope, id) => load(scope, id),
    create: async (scope, input) => {
      const now = Date.now();
      const id = newId(now);
      stmt(
        `INSERT INTO kpi_groups (id, account_id, name, created_by, modified_by, date_created, date_updated)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, scope.accountId, input.name, scope.userId, scope.userId, now, now);
      return load(scope, id)!;
    },
    update: async (scope, id, patch) => (updateTx(scope, id, patch) ? load(scope, id) : null),
    delete: async (scope, id) => deleteTx(scope, id),
    setFavorite: async (scope, id, favorite) =>
      favoriteTx(scope, id, favorite) ? load(scope, id) : null,
    virtualFavorites: async (scope) => virtualFavorites(scope),
    setVirtualFavorite: async (scope, group, favorite) => {
      if (favorite) {
        stmt(
          `INSERT OR IGNORE INTO virtual_group_favorites (user_id, account_id, virtual_group, date_created)
           VALUES (?, ?, ?, ?)`,
        ).run(scope.userId, scope.accountId, group, Date.now());
      } else {
        stmt(
          'DELETE FROM virtual_group_favorites WHERE user_id = ? AND account_id = ? AND virtual_group = ?',
        ).run(scope.userId, scope.accountId, group);
      }
      return virtualFavorites(scope);
    },
  };
}
