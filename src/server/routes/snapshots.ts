import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { Id, ListQueryParams } from '../../contract/common.ts';
import {
  CreateProjectionRequest,
  CreateSnapshotRequest,
  ImportSnapshotsRequest,
  ImportSnapshotsResponse,
  KpiStatistics,
  ProjectionList,
  Projection,
  Snapshot,
  SnapshotGroupsByKpi,
  SnapshotHistory,
  SnapshotReadQuery,
  StatisticsQuery,
  UpdateProjectionRequest,
} from '../../contract/kpis.ts';
import {
  deltaPercentage,
  localDate,
  parseTimeZone,
  periodFromKey,
  statisticsWindows,
  type StatisticsWindow,
} from '../../contract/periods.ts';
import { AnswerCache } from '../domain/answer-cache.ts';
import type { FilterNode, ListQuery } from '../domain/list-query.ts';
import { ApiProblem, invalidField, notFound } from '../errors.ts';
import {
  errorResponses,
  idList,
  jsonBody,
  jsonContent,
  listQueryOf,
  reposOf,
  scopeOf,
  serialisedJson,
  withConflict,
  type Api,
  type AppEnv,
} from '../http.ts';
import { KPI_FIELDS } from './kpis.ts';

/** Grouped reads name at most this many KPIs at once. */
export const MAX_KPIS_PER_READ = 1000;
/** A day-grouped read covers at most about ten years. */
export const MAX_DAYS_PER_READ = 3660;
const DAY_MS = 86_400_000;

const KpiParams = z.object({ kpiId: Id });
const tags = ['KPI snapshots and projections'];
const iso = (ms: number) => new Date(ms).toISOString();

const createSnapshot = createRoute({
  method: 'post',
  path: '/kpis/{kpiId}/snapshots',
  tags,
  summary:
    'Record a value for a period (day, ISO week, month, quarter or year) as seen from a time zone',
  request: { params: KpiParams, body: jsonBody(CreateSnapshotRequest) },
  responses: { 201: jsonContent(Snapshot, 'The new snapshot'), ...errorResponses },
});

const importSnapshots = createRoute({
  method: 'post',
  path: '/kpis/{kpiId}/snapshots/import',
  tags,
  summary: 'Extension: record many values at once (a CSV import); all are recorded or none',
  request: { params: KpiParams, body: jsonBody(ImportSnapshotsRequest) },
  responses: {
    201: jsonContent(ImportSnapshotsResponse, 'How many values were recorded'),
    ...errorResponses,
  },
});

const snapshotHistory = createRoute({
  method: 'get',
  path: '/kpis/{kpiId}/snapshots',
  tags,
  summary:
    'Extension: the KPI’s update history, the individual snapshots newest first with their authors',
  request: {
    params: KpiParams,
    query: z.object({ skip: z.string().optional(), take: z.string().optional() }),
  },
  responses: { 200: jsonContent(SnapshotHistory, 'A page of snapshots'), ...errorResponses },
});

const deleteSnapshot = createRoute({
  method: 'delete',
  path: '/kpis/{kpiId}/snapshots/{snapshotId}',
  tags,
  summary: 'Delete a snapshot',
  request: { params: KpiParams.extend({ snapshotId: Id }) },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

const readGrouped = createRoute({
  method: 'get',
  path: '/kpi-snapshots',
  tags,
  summary: 'Snapshots of the selected KPIs (ids, groupIds, ungrouped, mykpis) grouped by period',
  request: { query: SnapshotReadQuery },
  responses: {
    200: jsonContent(SnapshotGroupsByKpi, 'Periods in time order, keyed by KPI id'),
    ...errorResponses,
  },
});

const readGroupedByFilter = createRoute({
  method: 'get',
  path: '/kpis/snapshots',
  tags,
  summary: 'Snapshots (v2) of the KPIs a list filter selects, grouped by period',
  request: { query: SnapshotReadQuery.extend(ListQueryParams.shape) },
  responses: {
    200: jsonContent(SnapshotGroupsByKpi, 'Periods in time order, keyed by KPI id'),
    ...errorResponses,
  },
});

const statistics = createRoute({
  method: 'get',
  path: '/kpis/{kpiId}/statistics',
  tags,
  summary: 'Current period, previous period and next projection of a KPI',
  request: { params: KpiParams, query: StatisticsQuery },
  responses: { 200: jsonContent(KpiStatistics, 'The statistics'), ...errorResponses },
});

const listProjections = createRoute({
  method: 'get',
  path: '/kpis/{kpiId}/projections',
  tags,
  summary: 'Projections of a KPI in date order',
  request: { params: KpiParams },
  responses: { 200: jsonContent(ProjectionList, 'The projections'), ...errorResponses },
});

const createProjection = createRoute({
  method: 'post',
  path: '/kpis/{kpiId}/projections',
  tags,
  summary: 'Add a projection (one per KPI and date)',
  request: { params: KpiParams, body: jsonBody(CreateProjectionRequest) },
  responses: { 201: jsonContent(Projection, 'The new projection'), ...withConflict },
});

const patchProjection = createRoute({
  method: 'patch',
  path: '/kpis/{kpiId}/projections/{projectionId}',
  tags,
  summary: 'Change the date or value of a projection',
  request: {
    params: KpiParams.extend({ projectionId: Id }),
    body: jsonBody(UpdateProjectionRequest),
  },
  responses: { 204: { description: 'Updated' }, ...withConflict },
});

const deleteProjection = createRoute({
  method: 'delete',
  path: '/kpis/{kpiId}/projections/{projectionId}',
  tags,
  summary: 'Delete a projection',
  request: { params: KpiParams.extend({ projectionId: Id }) },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

type ReadQuery = z.infer<typeof SnapshotReadQuery>;

/** The KPI selection of a grouped read as a list filter: the union of its parts. */
function selectionFilter(query: ReadQuery, userId: string): FilterNode | null {
  const parts: FilterNode[] = [];
  const ids = idList(query.ids, 'ids', MAX_KPIS_PER_READ);
  const groupIds = idList(query.groupIds, 'groupIds');
  if (ids.length > 0) parts.push({ kind: 'in', field: 'id', negate: false, values: ids });
  if (groupIds.length > 0)
    parts.push({ kind: 'in', field: 'groups', negate: false, values: groupIds });
  if (query.ungrouped) parts.push({ kind: 'exists', field: 'groups', exists: false });
  if (query.mykpis) parts.push({ kind: 'cmp', field: 'ownerIds', op: 'eq', value: userId });
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : { kind: 'or', nodes: parts };
}

function checkDayRange(start: number, end: number): void {
  if ((end - start) / DAY_MS > MAX_DAYS_PER_READ + 1) {
    throw invalidField(
      'query.from',
      `spans more than ${MAX_DAYS_PER_READ} days grouped by day; group by week or narrow the range`,
    );
  }
}

/**
 * `paged`: the read selects a page of a list (`/v2/kpis/snapshots` with skip and take), so more
 * matches are simply left for the next page; a selection by ids and groups must fit in one read.
 */
async function groupedRead(c: Context<AppEnv>, query: ReadQuery, list: ListQuery, paged: boolean) {
  const repos = reposOf(c);
  const scope = scopeOf(c);
  const tz = parseTimeZone(query.timeZone)!;
  const from = query.from ? periodFromKey(query.from, tz)!.start : undefined;
  const to = query.to ? periodFromKey(query.to, tz)!.end : undefined;
  if (from !== undefined && to !== undefined && from >= to) {
    throw invalidField('query.to', 'must not be before from');
  }
  const limit = Math.min(list.take, MAX_KPIS_PER_READ);
  const selected = await repos.kpis.selectByQuery(scope, { ...list, take: limit + 1 });
  if (!paged && selected.length > limit) {
    throw new ApiProblem(
      400,
      `The read selects more than ${MAX_KPIS_PER_READ} KPIs; narrow the selection, or page through /v2/kpis/snapshots with skip and take`,
    );
  }
  const kpis = selected.slice(0, limit);
  if (query.groupBy === 'day' && (from === undefined || to === undefined)) {
    // An open end is the data's own: the range check applies to what would be read.
    const span = await repos.snapshots.span(
      scope,
      kpis.map((k) => k.id),
    );
    if (span) checkDayRange(from ?? span.first, to ?? span.last + DAY_MS);
  } else if (query.groupBy === 'day') {
    checkDayRange(from!, to!);
  }
  return repos.snapshots.grouped(scope, {
    kpis,
    granularity: query.groupBy,
    timeZone: tz,
    from,
    to,
  });
}

function windowFields(window: StatisticsWindow, allTime: boolean) {
  return {
    label: window.label,
    start: allTime ? null : iso(window.start),
    end: allTime ? null : iso(window.end),
  };
}

/** Digits only, as the list endpoints read them (`Number` alone would take `0x10` or `1e2`). */
function count(raw: string | undefined, fallback: number): number {
  const text = raw?.trim() ?? '';
  if (text === '') return fallback;
  return /^\d+$/.test(text) ? Number(text) : NaN;
}

function pageParams(raw: { skip?: string; take?: string }) {
  const skip = count(raw.skip, 0);
  const take = count(raw.take, 100);
  if (!Number.isInteger(skip) || skip < 0 || skip > 1_000_000)
    throw invalidField('query.skip', 'must be a whole number from 0 to 1000000');
  if (!Number.isInteger(take) || take < 0 || take > 1000)
    throw invalidField('query.take', 'must be a whole number from 0 to 1000');
  return { skip, take };
}

/**
 * Grouped reads are the expensive ones and boards repeat them; their answers are kept until
 * any data changes. The key holds the user, since `mykpis` depends on who asks.
 */
async function cachedGroupedRead(
  c: Context<AppEnv>,
  cache: AnswerCache,
  compute: () => Promise<unknown>,
): Promise<Response> {
  const scope = scopeOf(c);
  const url = new URL(c.req.url);
  url.searchParams.sort();
  const route = url.pathname.endsWith('/kpi-snapshots') ? 'by-selection' : 'by-filter';
  const key = `${scope.accountId}|${scope.userId}|${route}|${url.searchParams.toString()}`;
  const stamp = await reposOf(c).changeStamp();
  let body = cache.get(key, stamp);
  if (body === undefined) {
    body = JSON.stringify(await compute());
    cache.set(key, stamp, body);
  }
  return serialisedJson(c, body);
}

export function registerSnapshotRoutes(api: Api): void {
  const answers = new AnswerCache();

  api.openapi(createSnapshot, async (c) => {
    const { group, timeZone, value } = c.req.valid('json');
    const tz = parseTimeZone(timeZone)!;
    const period = periodFromKey(group, tz)!;
    const snapshot = await reposOf(c).snapshots.create(scopeOf(c), c.req.valid('param').kpiId, {
      periodKey: period.key,
      timeZone: tz.name,
      instant: period.start,
      value,
    });
    if (!snapshot) throw notFound('KPI');
    return c.json(snapshot, 201);
  });

  api.openapi(importSnapshots, async (c) => {
    const { timeZone, rows } = c.req.valid('json');
    const tz = parseTimeZone(timeZone)!;
    const snapshots = rows.map((row) => {
      const period = periodFromKey(row.group, tz)!;
      return { periodKey: period.key, timeZone: tz.name, instant: period.start, value: row.value };
    });
    const imported = await reposOf(c).snapshots.createMany(
      scopeOf(c),
      c.req.valid('param').kpiId,
      snapshots,
    );
    if (imported === null) throw notFound('KPI');
    return c.json({ imported }, 201);
  });

  api.openapi(snapshotHistory, async (c) => {
    const { skip, take } = pageParams(c.req.valid('query'));
    const page = await reposOf(c).snapshots.history(
      scopeOf(c),
      c.req.valid('param').kpiId,
      skip,
      take,
    );
    if (!page) throw notFound('KPI');
    return c.json(
      { items: page.items, count: page.items.length, totalCount: page.totalCount },
      200,
    );
  });

  api.openapi(deleteSnapshot, async (c) => {
    const { kpiId, snapshotId } = c.req.valid('param');
    if (!(await reposOf(c).snapshots.delete(scopeOf(c), kpiId, snapshotId)))
      throw notFound('Snapshot');
    return c.body(null, 204);
  });

  api.openapi(readGrouped, async (c) => {
    const query = c.req.valid('query');
    const filter = selectionFilter(query, scopeOf(c).userId);
    if (filter === null) {
      throw new ApiProblem(400, 'Name the KPIs with ids, groupIds, ungrouped=true or mykpis=true', [
        {
          path: 'query.ids',
          message: 'is required when groupIds, ungrouped and mykpis are absent',
        },
      ]);
    }
    const list: ListQuery = { filter, sort: [], fields: null, skip: 0, take: MAX_KPIS_PER_READ };
    return cachedGroupedRead(c, answers, () => groupedRead(c, query, list, false)) as never;
  });

  api.openapi(readGroupedByFilter, async (c) => {
    const query = c.req.valid('query');
    const list = listQueryOf(c, KPI_FIELDS);
    const selection = selectionFilter(query, scopeOf(c).userId);
    const filter =
      selection && list.filter
        ? { kind: 'and' as const, nodes: [list.filter, selection] }
        : (selection ?? list.filter);
    return cachedGroupedRead(c, answers, () =>
      groupedRead(c, query, { ...list, filter }, true),
    ) as never;
  });

  api.openapi(statistics, async (c) => {
    const repos = reposOf(c);
    const scope = scopeOf(c);
    const { type, timeZone } = c.req.valid('query');
    const kpi = await repos.kpis.get(scope, c.req.valid('param').kpiId);
    if (!kpi) throw notFound('KPI');
    const tz = parseTimeZone(timeZone)!;
    const now = Date.now();
    const windows = statisticsWindows(type, now, tz);
    const measure = (w: StatisticsWindow | null) =>
      w ? repos.snapshots.aggregate(scope, kpi.id, kpi.aggregation, w.start, w.end) : null;
    const [current, previous, beforePrevious, next] = await Promise.all([
      measure(windows.current),
      measure(windows.previous),
      measure(windows.beforePrevious),
      repos.projections.nextAfter(scope, kpi.id, localDate(now, tz)),
    ]);
    const allTime = type === 'all-time';
    const body: z.infer<typeof KpiStatistics> = {
      currentPeriod: {
        value: current!.value,
        deltaPercentage: deltaPercentage(current!.value, previous?.value),
        count: current!.count,
        ...windowFields(windows.current, allTime),
      },
      previousPeriod:
        windows.previous && previous
          ? {
              value: previous.value,
              deltaPercentage: deltaPercentage(previous.value, beforePrevious?.value),
              count: previous.count,
              ...windowFields(windows.previous, false),
            }
          : null,
      nextProjection: next
        ? {
            value: next.value,
            date: next.date,
            deltaPercentage: deltaPercentage(next.value, current!.value),
          }
        : null,
    };
    return c.json(body, 200);
  });

  api.openapi(listProjections, async (c) => {
    const items = await reposOf(c).projections.list(scopeOf(c), c.req.valid('param').kpiId);
    if (!items) throw notFound('KPI');
    return c.json({ items, totalCount: items.length }, 200);
  });

  api.openapi(createProjection, async (c) => {
    const projection = await reposOf(c).projections.create(
      scopeOf(c),
      c.req.valid('param').kpiId,
      c.req.valid('json'),
    );
    if (!projection) throw notFound('KPI');
    return c.json(projection, 201);
  });

  api.openapi(patchProjection, async (c) => {
    const { kpiId, projectionId } = c.req.valid('param');
    const projection = await reposOf(c).projections.update(
      scopeOf(c),
      kpiId,
      projectionId,
      c.req.valid('json'),
    );
    if (!projection) throw notFound('Projection');
    return c.body(null, 204);
  });

  api.openapi(deleteProjection, async (c) => {
    const { kpiId, projectionId } = c.req.valid('param');
    if (!(await reposOf(c).projections.delete(scopeOf(c), kpiId, projectionId)))
      throw notFound('Projection');
    return c.body(null, 204);
  });
}
