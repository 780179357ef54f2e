import type { Db } from '../connection.ts';
import type { KpiRepository, Page, Scope, SelectedKpi } from '../repositories.ts';
import type {
  CreateKpiRequest,
  InsightLink,
  Kpi,
  Projection,
  UpdateKpiRequest,
} from '../../../contract/kpis.ts';
import type { Aggregation } from '../../../contract/periods.ts';
import type { ListQuery } from '../../domain/list-query.ts';
import { newId } from '../../domain/ids.ts';
import { toRichText } from '../../domain/description.ts';
import { invalidField } from '../../errors.ts';
import { compileFilter, compileSort, runFiltered, type ColumnMap } from './sql-filter.ts';
import { iso, marks, parseJson, statementCache, writeTransaction } from './shared.ts';
import { projectionFromRow, type ProjectionRow } from './projections.ts';
import { removeKpiFromDashboards } from './dashboards.ts';

export const KPI_COLUMNS: ColumnMap = {
  id: { kind: 'scalar', sql: 'k.id', type: 'id' },
  name: { kind: 'scalar', sql: 'k.name', type: 'string', sortSql: 'k.name COLLATE NOCASE' },
  description: { kind: 'scalar', sql: 'k.description', type: 'string' },
  aggregation: { kind: 'scalar', sql: 'k.aggregation', type: 'string' },
  targetOperator: { kind: 'scalar', sql: 'k.target_operator', type: 'string' },
  ownerId: { kind: 'scalar', sql: 'k.owner_id', type: 'id' },
  createdById: { kind: 'scalar', sql: 'k.created_by', type: 'id' },
  modifiedById: { kind: 'scalar', sql: 'k.modified_by', type: 'id' },
  dateCreated: { kind: 'scalar', sql: 'k.date_created', type: 'date' },
  dateUpdated: { kind: 'scalar', sql: 'k.date_updated', type: 'date' },
  'insightLink.insightName': { kind: 'scalar', sql: 'k.insight_name', type: 'string' },
  groups: {
    kind: 'array',
    elements: 'SELECT group_id AS v FROM kpi_group_members WHERE kpi_id = k.id',
  },
  ownerIds: { kind: 'array', elements: 'SELECT user_id AS v FROM kpi_owners WHERE kpi_id = k.id' },
};

interface KpiRow {
  id: string;
  account_id: string;
  name: string;
  description: string;
  rich_text_description: string | null;
  aggregation: Aggregation;
  target_operator: Kpi['targetOperator'];
  owner_id: string | null;
  prefix: string;
  suffix: string;
  fraction_size: number;
  insight: string | null;
  created_by: string;
  modified_by: string;
  date_created: number;
  date_updated: number;
  groups_json: string;
  owners_json: string;
}

const SELECT_KPI = `
  SELECT k.*,
    (SELECT json_group_array(group_id) FROM
      (SELECT group_id FROM kpi_group_members WHERE kpi_id = k.id ORDER BY position)) AS groups_json,
    (SELECT json_group_array(user_id) FROM
      (SELECT user_id FROM kpi_owners WHERE kpi_id = k.id ORDER BY position)) AS owners_json
  FROM kpis k`;

const CURRENT_USER_ACTIONS = ['read', 'update', 'delete'];

function kpiFromRow(row: KpiRow, userId: string, projections: Projection[]): Kpi {
  const ownerIds = parseJson<string[]>(row.owners_json, []);
  const insight = parseJson<InsightLink | null>(row.insight, null);
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    description: row.description,
    richTextDescription: row.rich_text_description ?? toRichText(row.description),
    aggregation: row.aggregation,
    targetOperator: row.target_operator,
    formatting: { prefix: row.prefix, suffix: row.suffix, fractionSize: row.fraction_size },
    groups: parseJson<string[]>(row.groups_json, []),
    ownerId: row.owner_id,
    ownerIds,
    isOwner: ownerIds.includes(userId),
    insightLink: insight
      ? {
          fieldName: insight.fieldName,
          insightName: insight.insightName,
          settings: insight.settings,
          usedDataSourceBlueprintNames: insight.usedDataSourceBlueprintNames,
        }
      : null,
    projections,
    tags: [],
    links: { expanded: { goals: [], kpis: [], metrics: [], sessions: [] } },
    currentUserAllowedActions: CURRENT_USER_ACTIONS,
    createdById: row.created_by,
    modifiedById: row.modified_by,
    dateCreated: iso(row.date_created),
    dateUpdated: iso(row.date_updated),
  };
}

/** Owners as stored: `ownerId` first, then the rest of `ownerIds`, without repeats. */
function normaliseOwners(
  ownerId: string | undefined,
  ownerIds: string[] | undefined,
  fallback: string[],
): string[] {
  const list = [...(ownerId ? [ownerId] : []), ...(ownerIds ?? (ownerId ? [] : fallback))];
  return [...new Set(list)];
}

export function createKpiRepository(db: Db): KpiRepository {
  const stmt = statementCache(db);

  function projectionsOf(accountId: string, kpiIds: string[]): Map<string, Projection[]> {
    const byKpi = new Map<string, Projection[]>();
    if (kpiIds.length === 0) return byKpi;
    const rows = stmt(
      `SELECT * FROM projections WHERE account_id = ? AND kpi_id IN (${marks(kpiIds.length)}) ORDER BY kpi_id, date`,
    ).all(accountId, ...kpiIds) as (ProjectionRow & { kpi_id: string })[];
    for (const row of rows) {
      let list = byKpi.get(row.kpi_id);
      if (!list) byKpi.set(row.kpi_id, (list = []));
      list.push(projectionFromRow(row));
    }
    return byKpi;
  }

  /** One KPI in one statement, its projections included as JSON. */
  function load(scope: Scope, id: string): Kpi | null {
    const row = stmt(
      `SELECT * FROM (${SELECT_KPI} WHERE k.account_id = ? AND k.id = ?),
         (SELECT json_group_array(json_array(id, date, value, created_by, modified_by, date_created, date_modified))
            AS projections_json FROM (SELECT * FROM projections WHERE account_id = ? AND kpi_id = ? ORDER BY date))`,
    ).get(scope.accountId, id, scope.accountId, id) as
      (KpiRow & { projections_json: string }) | undefined;
    if (!row) return null;
    const projections = parseJson<[string, string, number, string, string, number, number][]>(
      row.projections_json,
      [],
    ).map(([pid, date, value, createdBy, modifiedBy, dateCreated, dateModified]) =>
      projectionFromRow({
        id: pid,
        date,
        value,
        created_by: createdBy,
        modified_by: modifiedBy,
        date_created: dateCreated,
        date_modified: dateModified,
      }),
    );
    return kpiFromRow(row, scope.userId, projections);
  }

  function exists(scope: Scope, id: string): boolean {
    return (
      stmt('SELECT 1 FROM kpis WHERE account_id = ? AND id = ?').get(scope.accountId, id) !==
      undefined
    );
  }

  function checkGroups(scope: Scope, groups: string[]): void {
    const unique = [...new Set(groups)];
    if (unique.length === 0) return;
    const found = stmt(
      `SELECT id FROM kpi_groups WHERE account_id = ? AND id IN (${marks(unique.length)})`,
    ).all(scope.accountId, ...unique) as { id: string }[];
    if (found.length !== unique.length) {
      const known = new Set(found.map((g) => g.id));
      const missing = unique.find((g) => !known.has(g));
      throw invalidField('body.groups', `has an unknown group id ${missing}`);
    }
  }

  function checkOwners(scope: Scope, owners: string[]): void {
    if (owners.length === 0) return;
    const found = stmt(
      `SELECT user_id FROM memberships WHERE account_id = ? AND user_id IN (${marks(owners.length)})`,
    ).all(scope.accountId, ...owners) as { user_id: string }[];
    if (found.length !== owners.length) {
      const known = new Set(found.map((u) => u.user_id));
      const missing = owners.find((o) => !known.has(o));
      throw invalidField('body.ownerIds', `has ${missing}, which is not a user of this account`);
    }
  }

  function writeGroups(kpiId: string, groups: string[]): void {
    stmt('DELETE FROM kpi_group_members WHERE kpi_id = ?').run(kpiId);
    const insert = stmt(
      'INSERT INTO kpi_group_members (kpi_id, group_id, position) VALUES (?, ?, ?)',
    );
    [...new Set(groups)].forEach((g, i) => insert.run(kpiId, g, i));
  }

  function writeOwners(kpiId: string, owners: string[]): void {
    stmt('DELETE FROM kpi_owners WHERE kpi_id = ?').run(kpiId);
    const insert = stmt('INSERT INTO kpi_owners (kpi_id, user_id, position) VALUES (?, ?, ?)');
    owners.forEach((o, i) => insert.run(kpiId, o, i));
  }

  const createTx = writeTransaction(db, (scope: Scope, input: CreateKpiRequest): string => {
    const owners = normaliseOwners(input.ownerId, input.ownerIds, [scope.userId]);
    checkOwners(scope, owners);
    checkGroups(scope, input.groups);
    const now = Date.now();
    const id = newId(now);
    stmt(
      `INSERT INTO kpis (id, account_id, name, description, rich_text_description, aggregation, target_operator,
         owner_id, prefix, suffix, fraction_size, insight, insight_name, created_by, modified_by, date_created, date_updated)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      scope.accountId,
      input.name,
      input.description,
      input.richTextDescription ?? null,
      input.aggregation,
      input.targetOperator,
      owners[0] ?? null,
      input.formatting.prefix,
      input.formatting.suffix,
      input.formatting.fractionSize,
      input.insight ? JSON.stringify(input.insight) : null,
      input.insight?.insightName ?? null,
      scope.userId,
      scope.userId,
      now,
      now,
    );
    writeOwners(id, owners);
    writeGroups(id, input.groups);
    return id;
  });

  const updateTx = writeTransaction(
    db,
    (scope: Scope, id: string, patch: UpdateKpiRequest): boolean => {
      const current = load(scope, id);
      if (!current) return false;
      const sets: string[] = [];
      const params: unknown[] = [];
      const set = (column: string, value: unknown) => {
        sets.push(`${column} = ?`);
        params.push(value);
      };
      if (patch.name !== undefined) set('name', patch.name);
      if (patch.description !== undefined) {
        set('description', patch.description);
        // A new markdown description replaces an HTML one given earlier, unless both come together.
        if (patch.richTextDescription === undefined) set('rich_text_description', null);
      }
      if (patch.richTextDescription !== undefined)
        set('rich_text_description', patch.richTextDescription);
      if (patch.aggregation !== undefined) set('aggregation', patch.aggregation);
      if (patch.targetOperator !== undefined) set('target_operator', patch.targetOperator);
      if (patch.formatting) {
        if (patch.formatting.prefix !== undefined) set('prefix', patch.formatting.prefix);
        if (patch.formatting.suffix !== undefined) set('suffix', patch.formatting.suffix);
        if (patch.formatting.fractionSize !== undefined)
          set('fraction_size', patch.formatting.fractionSize);
      }
      if (patch.insight !== undefined) {
        let insight: InsightLink | null | undefined;
        if (patch.insight === null) insight = null;
        else if ('Present' in patch.insight)
          insight = patch.insight.Present ? (patch.insight.Value ?? null) : undefined;
        else insight = patch.insight;
        if (insight !== undefined) {
          set('insight', insight ? JSON.stringify(insight) : null);
          set('insight_name', insight?.insightName ?? null);
        }
      }
      if (patch.ownerId !== undefined || patch.ownerIds !== undefined) {
        const owners = normaliseOwners(patch.ownerId, patch.ownerIds, current.ownerIds);
        checkOwners(scope, owners);
        writeOwners(id, owners);
        set('owner_id', owners[0] ?? null);
      }
      if (patch.groups !== undefined) {
        checkGroups(scope, patch.groups);
        writeGroups(id, patch.groups);
      }
      set('modified_by', scope.userId);
      set('date_updated', Math.max(Date.now(), Date.parse(current.dateUpdated) + 1));
      stmt(`UPDATE kpis SET ${sets.join(', ')} WHERE account_id = ? AND id = ?`).run(
        ...params,
        scope.accountId,
        id,
      );
      return true;
    },
  );

  const deleteTx = writeTransaction(db, (scope: Scope, id: string): boolean => {
    if (!exists(scope, id)) return false;
    removeKpiFromDashboards(db, scope.accountId, id);
    stmt('DELETE FROM snapshots WHERE kpi_id = ? AND account_id = ?').run(id, scope.accountId);
    stmt('DELETE FROM projections WHERE kpi_id = ? AND account_id = ?').run(id, scope.accountId);
    stmt('DELETE FROM kpis WHERE account_id = ? AND id = ?').run(scope.accountId, id);
    return true;
  });

  const membershipTx = writeTransaction(
    db,
    (scope: Scope, kpiId: string, groupId: string, add: boolean): boolean => {
      if (!exists(scope, kpiId)) return false;
      const group = stmt('SELECT 1 FROM kpi_groups WHERE account_id = ? AND id = ?').get(
        scope.accountId,
        groupId,
      );
      if (!group) return false;
      if (add) {
        stmt(
          `INSERT OR IGNORE INTO kpi_group_members (kpi_id, group_id, position)
         VALUES (?, ?, (SELECT coalesce(max(position) + 1, 0) FROM kpi_group_members WHERE kpi_id = ?))`,
        ).run(kpiId, groupId, kpiId);
      } else {
        stmt('DELETE FROM kpi_group_members WHERE kpi_id = ? AND group_id = ?').run(kpiId, groupId);
      }
      // Like an edit, it moves dateUpdated forward even when an edit just set it ahead of the clock.
      stmt(
        'UPDATE kpis SET modified_by = ?, date_updated = max(?, date_updated + 1) WHERE account_id = ? AND id = ?',
      ).run(scope.userId, Date.now(), scope.accountId, kpiId);
      return true;
    },
  );

  function list(scope: Scope, query: ListQuery): Page<Kpi> {
    const where = compileFilter(query.filter, KPI_COLUMNS);
    const order = compileSort(query.sort, KPI_COLUMNS, 'k.name COLLATE NOCASE ASC', 'k.id ASC');
    const totalCount = runFiltered(
      () =>
        stmt(`SELECT count(*) AS n FROM kpis k WHERE k.account_id = ? AND ${where.sql}`).get(
          scope.accountId,
          ...where.params,
        ) as { n: number },
    ).n;
    if (query.take === 0 || query.skip >= totalCount) return { items: [], totalCount };
    const rows = runFiltered(
      () =>
        stmt(
          `${SELECT_KPI} WHERE k.account_id = ? AND ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
        ).all(scope.accountId, ...where.params, query.take, query.skip) as KpiRow[],
    );
    const wantsProjections = query.fields === null || 'projections' in query.fields;
    const projections = wantsProjections
      ? projectionsOf(
          scope.accountId,
          rows.map((r) => r.id),
        )
      : new Map<string, Projection[]>();
    return {
      items: rows.map((r) => kpiFromRow(r, scope.userId, projections.get(r.id) ?? [])),
      totalCount,
    };
  }

  function selectByQuery(scope: Scope, query: ListQuery): SelectedKpi[] {
    const where = compileFilter(query.filter, KPI_COLUMNS);
    const order = compileSort(query.sort, KPI_COLUMNS, 'k.name COLLATE NOCASE ASC', 'k.id ASC');
    return runFiltered(
      () =>
        stmt(
          `SELECT k.id, k.aggregation FROM kpis k WHERE k.account_id = ? AND ${where.sql}
       ORDER BY ${order} LIMIT ? OFFSET ?`,
        ).all(scope.accountId, ...where.params, query.take, query.skip) as SelectedKpi[],
    );
  }

  return {
    list: async (scope, query) => list(scope, query),
    get: async (scope, id) => load(scope, id),
    create: async (scope, input) => load(scope, createTx(scope, input))!,
    update: async (scope, id, patch) => (updateTx(scope, id, patch) ? load(scope, id) : null),
    delete: async (scope, id) => deleteTx(scope, id),
    selectByQuery: async (scope, query) => selectByQuery(scope, query),
    addToGroup: async (scope, kpiId, groupId) =>
      membershipTx(scope, kpiId, groupId, true) ? load(scope, kpiId) : null,
    removeFromGroup: async (scope, kpiId, groupId) =>
      membershipTx(scope, kpiId, groupId, false) ? load(scope, kpiId) : null,
    usagesByInsight: async (scope, insightName) => {
      const rows = stmt(
        `${SELECT_KPI} WHERE k.account_id = ? AND k.insight_name = ? ORDER BY k.name COLLATE NOCASE, k.id LIMIT 1000`,
      ).all(scope.accountId, insightName) as KpiRow[];
      if (rows.length === 0) {
        const onBoard = stmt(
          'SELECT 1 FROM dashboard_items WHERE account_id = ? AND insight_name = ? LIMIT 1',
        ).get(scope.accountId, insightName);
        if (!onBoard) return null;
      }
      const projections = projectionsOf(
        scope.accountId,
        rows.map((r) => r.id),
      );
      const items = rows.map((r) => kpiFromRow(r, scope.userId, projections.get(r.id) ?? []));
      return { items, totalCount: items.length };
    },
  };
}
