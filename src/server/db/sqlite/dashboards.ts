import { randomBytes } from 'node:crypto';
import type { Db } from '../connection.ts';
import type { DashboardRepository, Page, Scope } from '../repositories.ts';
import type { Setting } from '../../../contract/common.ts';
import {
  ITEM_TYPES,
  KPI_IDS_SETTING,
  type CreateDashboardRequest,
  type Dashboard,
  type DashboardItem,
  type DashboardItemInput,
  type SectionHeader,
  type UpdateDashboardRequest,
} from '../../../contract/dashboards.ts';
import { ID_PATTERN } from '../../../contract/common.ts';
import type { FilterNode, ListQuery } from '../../domain/list-query.ts';
import { newId } from '../../domain/ids.ts';
import { ApiProblem, conflict, invalidField } from '../../errors.ts';
import { compileFilter, compileSort, runFiltered, type ColumnMap } from './sql-filter.ts';
import { iso, marks, parseJson, statementCache, writeTransaction } from './shared.ts';

export const DASHBOARD_COLUMNS: ColumnMap = {
  id: { kind: 'scalar', sql: 'd.id', type: 'id' },
  name: { kind: 'scalar', sql: 'd.name', type: 'string', sortSql: 'd.name COLLATE NOCASE' },
  tag: { kind: 'scalar', sql: 'd.tag', type: 'string' },
  archived: { kind: 'scalar', sql: 'd.archived', type: 'boolean' },
  isReport: { kind: 'scalar', sql: 'd.is_report', type: 'boolean' },
  createdById: { kind: 'scalar', sql: 'd.created_by', type: 'id' },
  modifiedById: { kind: 'scalar', sql: 'd.modified_by', type: 'id' },
  dateCreated: { kind: 'scalar', sql: 'd.date_created', type: 'date' },
  dateUpdated: { kind: 'scalar', sql: 'd.date_updated', type: 'date' },
  tags: {
    kind: 'array',
    elements: `SELECT t.name AS v FROM dashboard_tag_links l JOIN dashboard_tags t ON t.id = l.tag_id
               WHERE l.dashboard_id = d.id`,
  },
};

const REPORTS = [
  { kind: 'performance', name: 'Performance report', tag: 'performance-report' },
  { kind: 'process', name: 'Process report', tag: 'process-report' },
] as const;

interface DashboardRow {
  id: string;
  account_id: string;
  name: string;
  tag: string;
  archived: number;
  is_report: number;
  layout: string;
  settings: string;
  source_id: string | null;
  created_by: string;
  modified_by: string;
  date_created: number;
  date_updated: number;
}

interface ItemRow {
  id: string;
  dashboard_id: string;
  type: string;
  insight_id: string;
  insight_name: string;
  insight_title: string;
  row: number;
  col: number;
  size_x: number;
  size_y: number;
  settings: string;
  filters: string;
}

interface HeaderRow {
  account_id: string;
  id: string;
  header_id: string;
  dashboard_id: string;
  header: string;
  sub_header: string;
  row: number;
  col: number;
  size_x: number;
  size_y: number;
  created_by: string;
  modified_by: string;
  date_created: number;
  date_updated: number;
}

interface TagRow {
  dashboard_id: string;
  id: string;
  name: string;
  title: string;
  is_active: number;
  created_by: string;
  date_created: number;
}

/** A short slug like the samples' `phe6ery4o`. */
function randomTag(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(9), (b) => alphabet[b % alphabet.length]).join('');
}

function itemFromRow(row: ItemRow): DashboardItem {
  return {
    id: row.id,
    dashboardId: row.dashboard_id,
    type: row.type,
    insightId: row.insight_id,
    insightName: row.insight_name,
    insightTitle: row.insight_title,
    insightRequiredEntities: [],
    insightSource: { originalVersion: '', sourceApplication: 'insightboards' },
    insightState: { status: 'ready', error: '', metadata: null },
    settings: parseJson<Setting[]>(row.settings, []),
    filters: parseJson<string[]>(row.filters, []),
    row: row.row,
    col: row.col,
    sizeX: row.size_x,
    sizeY: row.size_y,
  };
}

function headerFromRow(row: HeaderRow): SectionHeader {
  return {
    id: row.id,
    accountId: row.account_id,
    dashboardId: row.dashboard_id,
    sectionHeaderId: row.header_id,
    type: 'sectionHeader',
    sectionHeader: {
      id: row.header_id,
      accountId: row.account_id,
      header: row.header,
      subHeader: row.sub_header,
      createdById: row.created_by,
      modifiedById: row.modified_by,
      dateCreated: iso(row.date_created),
      dateUpdated: iso(row.date_updated),
    },
    row: row.row,
    col: row.col,
    sizeX: row.size_x,
    sizeY: row.size_y,
  };
}

/** The KPI ids an item names in its `kpiIds` setting. */
export function kpiIdsOf(settings: readonly Setting[]): string[] {
  const setting = settings.find((s) => s.name === KPI_IDS_SETTING);
  if (!setting) return [];
  return [
    ...new Set(
      setting.value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
}

function mentions(node: FilterNode | null, field: string): boolean {
  if (node === null) return false;
  if (node.kind === 'and' || node.kind === 'or') return node.nodes.some((n) => mentions(n, field));
  return node.field === field;
}

/** Every account has one Performance and one Process report. */
export function createReports(db: Db, accountId: string, userId: string, now: number): void {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO dashboards (id, account_id, name, tag, is_report, report_kind, created_by, modified_by, date_created, date_updated)
     VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
  );
  for (const report of REPORTS) {
    insert.run(
      newId(now),
      accountId,
      report.name,
      report.tag,
      report.kind,
      userId,
      userId,
      now,
      now,
    );
  }
}

/** A deleted KPI disappears from the items that showed it; an item left with no KPI goes too. */
export function removeKpiFromDashboards(db: Db, accountId: string, kpiId: string): void {
  const items = db
    .prepare(
      `SELECT i.id, i.settings FROM dashboard_item_kpis r JOIN dashboard_items i ON i.account_id = r.account_id AND i.id = r.item_id
       WHERE r.account_id = ? AND r.kpi_id = ?`,
    )
    .all(accountId, kpiId) as { id: string; settings: string }[];
  for (const item of items) {
    const settings = parseJson<Setting[]>(item.settings, []);
    const remaining = kpiIdsOf(settings).filter((id) => id !== kpiId);
    if (remaining.length === 0) {
      db.prepare('DELETE FROM dashboard_items WHERE account_id = ? AND id = ?').run(
        accountId,
        item.id,
      );
      continue;
    }
    const next = settings.map((s) =>
      s.name === KPI_IDS_SETTING ? { ...s, value: remaining.join(',') } : s,
    );
    db.prepare('UPDATE dashboard_items SET settings = ? WHERE account_id = ? AND id = ?').run(
      JSON.stringify(next),
      accountId,
      item.id,
    );
  }
  db.prepare('DELETE FROM dashboard_item_kpis WHERE account_id = ? AND kpi_id = ?').run(
    accountId,
    kpiId,
  );
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

const tagTaken = (tag: string) =>
  conflict(`The tag ${tag} is already used by another insightboard`, [
    { path: 'body.tag', message: `${tag} is already taken` },
  ]);

export function createDashboardRepository(db: Db): DashboardRepository {
  const stmt = statementCache(db);

  function usersCount(accountId: string): number {
    return (
      stmt('SELECT count(*) AS n FROM memberships WHERE account_id = ?').get(accountId) as {
        n: number;
      }
    ).n;
  }

  function hydrate(scope: Scope, rows: DashboardRow[]): Dashboard[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const group = <T extends { dashboard_id: string }>(list: T[]) => {
      const map = new Map<string, T[]>();
      for (const item of list) {
        const bucket = map.get(item.dashboard_id);
        if (bucket) bucket.push(item);
        else map.set(item.dashboard_id, [item]);
      }
      return map;
    };
    const items = group(
      stmt(
        `SELECT * FROM dashboard_items WHERE account_id = ? AND dashboard_id IN (${marks(ids.length)})
         ORDER BY row, col, id`,
      ).all(scope.accountId, ...ids) as ItemRow[],
    );
    const headers = group(
      stmt(
        `SELECT * FROM section_headers WHERE account_id = ? AND dashboard_id IN (${marks(ids.length)})
         ORDER BY row, col, id`,
      ).all(scope.accountId, ...ids) as HeaderRow[],
    );
    const tags = group(
      stmt(
        `SELECT l.dashboard_id, t.* FROM dashboard_tag_links l JOIN dashboard_tags t ON t.id = l.tag_id
         WHERE t.account_id = ? AND l.dashboard_id IN (${marks(ids.length)}) ORDER BY l.position`,
      ).all(scope.accountId, ...ids) as TagRow[],
    );
    const users = usersCount(scope.accountId);
    return rows.map((row) => {
      const boardItems = (items.get(row.id) ?? []).map(itemFromRow);
      const boardHeaders = (headers.get(row.id) ?? []).map(headerFromRow);
      const isReport = row.is_report === 1;
      return {
        id: row.id,
        accountId: row.account_id,
        name: row.name,
        tag: row.tag,
        tags: (tags.get(row.id) ?? []).map((t) => ({
          id: t.id,
          name: t.name,
          title: t.title,
          isActive: t.is_active === 1,
          createdBy: t.created_by,
          dateCreated: iso(t.date_created),
          items: [],
        })),
        archived: row.archived === 1,
        isReport,
        readOnly: false,
        layout: row.layout,
        settings: parseJson<Setting[]>(row.settings, []),
        parameters: [],
        insights: boardItems,
        insightsCount: boardItems.length,
        sectionHeaders: boardHeaders,
        sectionHeadersCount: boardHeaders.length,
        access: {
          inherits: false,
          ownerPermissions: { grant: { Subtype: 2 } },
          permissions: [
            { grant: { Subtype: 2 }, principalId: row.account_id, principalKind: 'account' },
          ],
        },
        source: row.source_id
          ? { sourceApplication: 'insightboards', sourceId: row.source_id }
          : null,
        appsCount: 0,
        notificationsCount: 0,
        usersCount: users,
        currentUserAllowedActions: isReport ? ['read', 'update'] : ['read', 'update', 'delete'],
        createdById: row.created_by,
        modifiedById: row.modified_by,
        dateCreated: iso(row.date_created),
        dateUpdated: iso(row.date_updated),
      };
    });
  }

  function loadRow(scope: Scope, id: string): DashboardRow | undefined {
    return stmt('SELECT * FROM dashboards WHERE account_id = ? AND id = ?').get(
      scope.accountId,
      id,
    ) as DashboardRow | undefined;
  }

  function load(scope: Scope, id: string): Dashboard | null {
    const row = loadRow(scope, id);
    return row ? hydrate(scope, [row])[0]! : null;
  }

  function checkKpis(scope: Scope, ids: string[], path: string): void {
    if (ids.length === 0) return;
    const bad = ids.find((id) => !ID_PATTERN.test(id));
    if (bad !== undefined) throw invalidField(path, `names ${bad}, which is not a KPI id`);
    const found = stmt(
      `SELECT id FROM kpis WHERE account_id = ? AND id IN (${marks(ids.length)})`,
    ).all(scope.accountId, ...ids) as { id: string }[];
    if (found.length !== ids.length) {
      const known = new Set(found.map((k) => k.id));
      throw invalidField(path, `names an unknown KPI ${ids.find((id) => !known.has(id))}`);
    }
  }

  function validateItem(scope: Scope, item: DashboardItemInput, path: string): string[] {
    const kpiIds = kpiIdsOf(item.settings);
    if ((ITEM_TYPES as readonly string[]).includes(item.type) && kpiIds.length === 0) {
      throw invalidField(
        `${path}.settings`,
        `needs a ${KPI_IDS_SETTING} setting naming at least one KPI`,
      );
    }
    if (kpiIds.length > 50) throw invalidField(`${path}.settings`, 'may name at most 50 KPIs');
    checkKpis(scope, kpiIds, `${path}.settings`);
    if (item.col + item.sizeX > 12)
      throw invalidField(`${path}.sizeX`, 'reaches past the 12 columns of the grid');
    return kpiIds;
  }

  function writeItem(
    scope: Scope,
    dashboardId: string,
    id: string,
    item: DashboardItemInput,
    kpiIds: string[],
  ): void {
    stmt(
      `INSERT INTO dashboard_items (account_id, id, dashboard_id, type, insight_id, insight_name, insight_title,
         row, col, size_x, size_y, settings, filters)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, id) DO UPDATE SET dashboard_id = excluded.dashboard_id, type = excluded.type,
         insight_id = excluded.insight_id, insight_name = excluded.insight_name, insight_title = excluded.insight_title,
         row = excluded.row, col = excluded.col, size_x = excluded.size_x, size_y = excluded.size_y,
         settings = excluded.settings, filters = excluded.filters`,
    ).run(
      scope.accountId,
      id,
      dashboardId,
      item.type,
      item.insightId ?? '',
      item.insightName ?? '',
      item.insightTitle ?? '',
      item.row,
      item.col,
      item.sizeX,
      item.sizeY,
      JSON.stringify(item.settings),
      JSON.stringify(item.filters),
    );
    stmt('DELETE FROM dashboard_item_kpis WHERE account_id = ? AND item_id = ?').run(
      scope.accountId,
      id,
    );
    const link = stmt(
      'INSERT INTO dashboard_item_kpis (account_id, item_id, kpi_id) VALUES (?, ?, ?)',
    );
    for (const kpiId of kpiIds) link.run(scope.accountId, id, kpiId);
  }

  /** Replaces a board's items: items with a known id are updated, new ones created, missing ones removed. */
  function writeItems(scope: Scope, dashboardId: string, items: DashboardItemInput[]): void {
    const validated = items.map((item, i) => validateItem(scope, item, `body.insights[${i}]`));
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (item.id !== undefined) {
        if (seen.has(item.id)) throw invalidField(`body.insights[${i}].id`, 'appears twice');
        const owner = stmt(
          'SELECT dashboard_id FROM dashboard_items WHERE account_id = ? AND id = ?',
        ).get(scope.accountId, item.id) as { dashboard_id: string } | undefined;
        if (owner && owner.dashboard_id !== dashboardId) {
          throw invalidField(`body.insights[${i}].id`, 'belongs to another insightboard');
        }
        seen.add(item.id);
      }
    });
    const keep = [...seen];
    stmt(
      `DELETE FROM dashboard_items WHERE account_id = ? AND dashboard_id = ?
       ${keep.length > 0 ? `AND id NOT IN (${marks(keep.length)})` : ''}`,
    ).run(scope.accountId, dashboardId, ...keep);
    items.forEach((item, i) =>
      writeItem(scope, dashboardId, item.id ?? newId(), item, validated[i]!),
    );
  }

  function writeHeaders(
    scope: Scope,
    dashboardId: string,
    headers: NonNullable<CreateDashboardRequest['sectionHeaders']>,
    now: number,
  ): void {
    const existing = new Map(
      (
        stmt('SELECT * FROM section_headers WHERE account_id = ? AND dashboard_id = ?').all(
          scope.accountId,
          dashboardId,
        ) as HeaderRow[]
      ).map((h) => [h.id, h]),
    );
    stmt('DELETE FROM section_headers WHERE account_id = ? AND dashboard_id = ?').run(
      scope.accountId,
      dashboardId,
    );
    const insert = stmt(
      `INSERT INTO section_headers (account_id, id, header_id, dashboard_id, header, sub_header, row, col, size_x, size_y,
         created_by, modified_by, date_created, date_updated)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const seen = new Set<string>();
    headers.forEach((h, i) => {
      const previous = h.id !== undefined ? existing.get(h.id) : undefined;
      if (h.id !== undefined && !previous) {
        const elsewhere = stmt('SELECT 1 FROM section_headers WHERE account_id = ? AND id = ?').get(
          scope.accountId,
          h.id,
        );
        if (elsewhere)
          throw invalidField(`body.sectionHeaders[${i}].id`, 'belongs to another insightboard');
      }
      const id = previous?.id ?? h.id ?? newId(now);
      if (seen.has(id)) throw invalidField(`body.sectionHeaders[${i}].id`, 'appears twice');
      seen.add(id);
      if (h.col + h.sizeX > 12)
        throw invalidField(
          `body.sectionHeaders[${i}].sizeX`,
          'reaches past the 12 columns of the grid',
        );
      const changed =
        !previous || previous.header !== h.header || previous.sub_header !== h.subHeader;
      insert.run(
        scope.accountId,
        id,
        previous?.header_id ?? newId(now),
        dashboardId,
        h.header,
        h.subHeader,
        h.row,
        h.col,
        h.sizeX,
        h.sizeY,
        previous?.created_by ?? scope.userId,
        changed ? scope.userId : previous.modified_by,
        previous?.date_created ?? now,
        changed ? now : previous.date_updated,
      );
    });
  }

  function writeTags(
    scope: Scope,
    dashboardId: string,
    tags: NonNullable<CreateDashboardRequest['tags']>,
    now: number,
  ) {
    stmt('DELETE FROM dashboard_tag_links WHERE dashboard_id = ?').run(dashboardId);
    const seen = new Set<string>();
    tags.forEach((tag) => {
      const name = tag.name.toLowerCase();
      if (seen.has(name)) return;
      seen.add(name);
      const title = tag.title?.trim() || tag.name;
      stmt(
        `INSERT INTO dashboard_tags (id, account_id, name, title, is_active, created_by, date_created)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (account_id, name) DO UPDATE SET title = excluded.title, is_active = excluded.is_active`,
      ).run(
        newId(now),
        scope.accountId,
        name,
        title,
        tag.isActive === false ? 0 : 1,
        scope.userId,
        now,
      );
      const { id } = stmt('SELECT id FROM dashboard_tags WHERE account_id = ? AND name = ?').get(
        scope.accountId,
        name,
      ) as { id: string };
      stmt('INSERT INTO dashboard_tag_links (dashboard_id, tag_id, position) VALUES (?, ?, ?)').run(
        dashboardId,
        id,
        seen.size - 1,
      );
    });
  }

  function freeTag(scope: Scope): string {
    for (;;) {
      const tag = randomTag();
      if (
        !stmt('SELECT 1 FROM dashboards WHERE account_id = ? AND tag = ?').get(scope.accountId, tag)
      )
        return tag;
    }
  }

  function withTagConflict<T>(tag: string | undefined, run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (isUniqueViolation(error) && tag !== undefined) throw tagTaken(tag);
      throw error;
    }
  }

  const createTx = writeTransaction(db, (scope: Scope, input: CreateDashboardRequest): string => {
    const now = Date.now();
    const id = newId(now);
    const tag = input.tag ?? freeTag(scope);
    withTagConflict(tag, () =>
      stmt(
        `INSERT INTO dashboards (id, account_id, name, tag, archived, layout, settings, created_by, modified_by, date_created, date_updated)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        scope.accountId,
        input.name,
        tag,
        input.archived ? 1 : 0,
        input.layout ?? 'grid',
        JSON.stringify(input.settings ?? []),
        scope.userId,
        scope.userId,
        now,
        now,
      ),
    );
    writeTags(scope, id, input.tags ?? [], now);
    if (input.insights) writeItems(scope, id, input.insights);
    if (input.sectionHeaders) writeHeaders(scope, id, input.sectionHeaders, now);
    return id;
  });

  const updateTx = writeTransaction(
    db,
    (scope: Scope, id: string, input: UpdateDashboardRequest): boolean => {
      const current = loadRow(scope, id);
      if (!current) return false;
      if (current.is_report === 1 && input.archived === true) {
        throw invalidField('body.archived', 'reports cannot be archived');
      }
      const now = Date.now();
      withTagConflict(input.tag, () =>
        stmt(
          `UPDATE dashboards SET name = ?, tag = ?, archived = ?, layout = ?, settings = ?, modified_by = ?, date_updated = ?
         WHERE account_id = ? AND id = ?`,
        ).run(
          input.name,
          input.tag ?? current.tag,
          input.archived === undefined ? current.archived : input.archived ? 1 : 0,
          input.layout ?? current.layout,
          input.settings ? JSON.stringify(input.settings) : current.settings,
          scope.userId,
          Math.max(now, current.date_updated + 1),
          scope.accountId,
          id,
        ),
      );
      if (input.tags) writeTags(scope, id, input.tags, now);
      if (input.insights) writeItems(scope, id, input.insights);
      if (input.sectionHeaders) writeHeaders(scope, id, input.sectionHeaders, now);
      return true;
    },
  );

  const cloneTx = writeTransaction(db, (scope: Scope, id: string, tag: string): string | null => {
    const source = load(scope, id);
    if (!source) return null;
    const now = Date.now();
    const cloneId = newId(now);
    withTagConflict(tag, () =>
      stmt(
        `INSERT INTO dashboards (id, account_id, name, tag, archived, layout, settings, source_id, created_by, modified_by, date_created, date_updated)
         VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        cloneId,
        scope.accountId,
        `${source.name} (copy)`.slice(0, 255),
        tag,
        source.layout,
        JSON.stringify(source.settings),
        source.id,
        scope.userId,
        scope.userId,
        now,
        now,
      ),
    );
    writeTags(scope, cloneId, source.tags, now);
    for (const item of source.insights) {
      writeItem(scope, cloneId, newId(now), { ...item, id: undefined }, kpiIdsOf(item.settings));
    }
    writeHeaders(
      scope,
      cloneId,
      source.sectionHeaders.map((h) => ({
        header: h.sectionHeader.header,
        subHeader: h.sectionHeader.subHeader,
        row: h.row,
        col: h.col,
        sizeX: h.sizeX,
        sizeY: h.sizeY,
      })),
      now,
    );
    return cloneId;
  });

  const saveItemTx = writeTransaction(
    db,
    (scope: Scope, itemId: string, dashboardId: string, item: DashboardItemInput): boolean => {
      const board = loadRow(scope, dashboardId);
      if (!board) return false;
      const kpiIds = validateItem(scope, item, 'body');
      writeItem(scope, dashboardId, itemId, item, kpiIds);
      stmt(
        'UPDATE dashboards SET modified_by = ?, date_updated = ? WHERE account_id = ? AND id = ?',
      ).run(
        scope.userId,
        Math.max(Date.now(), board.date_updated + 1),
        scope.accountId,
        dashboardId,
      );
      return true;
    },
  );

  function list(scope: Scope, query: ListQuery): Page<Dashboard> {
    // Archived boards stay out of the default list; a filter that names `archived` decides for itself.
    const filter: FilterNode | null = mentions(query.filter, 'archived')
      ? query.filter
      : {
          kind: 'and',
          nodes: [
            { kind: 'cmp', field: 'archived', op: 'eq', value: false },
            ...(query.filter ? [query.filter] : []),
          ],
        };
    const where = compileFilter(filter, DASHBOARD_COLUMNS);
    const order = compileSort(
      query.sort,
      DASHBOARD_COLUMNS,
      'd.name COLLATE NOCASE ASC',
      'd.id ASC',
    );
    const { n } = runFiltered(
      () =>
        stmt(`SELECT count(*) AS n FROM dashboards d WHERE d.account_id = ? AND ${where.sql}`).get(
          scope.accountId,
          ...where.params,
        ) as { n: number },
    );
    const rows = runFiltered(
      () =>
        stmt(
          `SELECT * FROM dashboards d WHERE d.account_id = ? AND ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
        ).all(scope.accountId, ...where.params, query.take, query.skip) as DashboardRow[],
    );
    return { items: hydrate(scope, rows), totalCount: n };
  }

  return {
    list: async (scope, query) => list(scope, query),
    get: async (scope, id) => load(scope, id),
    getByTag: async (scope, tag) => {
      const row = stmt('SELECT * FROM dashboards WHERE account_id = ? AND tag = ?').get(
        scope.accountId,
        tag,
      ) as DashboardRow | undefined;
      return row ? hydrate(scope, [row])[0]! : null;
    },
    create: async (scope, input) => load(scope, createTx(scope, input))!,
    update: async (scope, id, input) => (updateTx(scope, id, input) ? load(scope, id) : null),
    delete: async (scope, id) => {
      const row = loadRow(scope, id);
      if (!row) return false;
      if (row.is_report === 1) throw new ApiProblem(400, 'Reports cannot be deleted');
      stmt('DELETE FROM dashboards WHERE account_id = ? AND id = ?').run(scope.accountId, id);
      return true;
    },
    clone: async (scope, id, tag) => {
      const cloneId = cloneTx(scope, id, tag);
      return cloneId ? load(scope, cloneId) : null;
    },
    saveItem: async (scope, itemId, dashboardId, item) => {
      if (!saveItemTx(scope, itemId, dashboardId, item)) return null;
      const row = stmt('SELECT * FROM dashboard_items WHERE account_id = ? AND id = ?').get(
        scope.accountId,
        itemId,
      ) as ItemRow;
      return itemFromRow(row);
    },
    reports: async (scope) =>
      stmt(
        `SELECT id, name FROM dashboards WHERE account_id = ? AND is_report = 1
         ORDER BY CASE report_kind WHEN 'performance' THEN 0 WHEN 'process' THEN 1 ELSE 2 END, name`,
      ).all(scope.accountId) as { id: string; name: string }[],
    tagUsages: async (scope) => {
      const rows = stmt(
        `SELECT t.name AS tagName, t.title AS tagTitle, count(l.dashboard_id) AS dashboardsCount,
           json_group_array(l.dashboard_id) AS ids
         FROM dashboard_tags t JOIN dashboard_tag_links l ON l.tag_id = t.id
         WHERE t.account_id = ?
         GROUP BY t.id ORDER BY t.title COLLATE NOCASE, t.name`,
      ).all(scope.accountId) as {
        tagName: string;
        tagTitle: string;
        dashboardsCount: number;
        ids: string;
      }[];
      return rows.map(({ ids, ...rest }) => ({
        ...rest,
        dashboardsIds: parseJson<string[]>(ids, []),
      }));
    },
  };
}
