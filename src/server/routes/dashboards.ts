import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { Id, ListQueryParams } from '../../contract/common.ts';
import {
  CloneDashboardRequest,
  CreateDashboardRequest,
  Dashboard,
  DashboardList,
  DashboardTag,
  DashboardTagUsages,
  ReportList,
  SaveDashboardItemRequest,
  UpdateDashboardRequest,
} from '../../contract/dashboards.ts';
import {
  applyFieldSelection,
  parseFields,
  ListQueryError,
  type FieldCatalog,
} from '../domain/list-query.ts';
import { ApiProblem, notFound } from '../errors.ts';
import {
  errorResponses,
  jsonBody,
  jsonContent,
  listQueryOf,
  reposOf,
  scopeOf,
  withConflict,
  type Api,
} from '../http.ts';

export const DASHBOARD_FIELDS: FieldCatalog = {
  id: { type: 'id', sortable: true, filterable: true },
  accountId: { type: 'id', filterable: false, sortable: false },
  name: { type: 'string', sortable: true, filterable: true },
  tag: { type: 'string', sortable: true, filterable: true },
  tags: { type: 'stringArray', filterable: true },
  archived: { type: 'boolean', sortable: true, filterable: true },
  isReport: { type: 'boolean', sortable: true, filterable: true },
  readOnly: { type: 'boolean', filterable: false, sortable: false },
  layout: { type: 'string', filterable: false, sortable: false },
  settings: { type: 'string', filterable: false, sortable: false },
  parameters: { type: 'string', filterable: false, sortable: false },
  insights: { type: 'string', filterable: false, sortable: false },
  insightsCount: { type: 'number', filterable: false, sortable: false },
  sectionHeaders: { type: 'string', filterable: false, sortable: false },
  sectionHeadersCount: { type: 'number', filterable: false, sortable: false },
  access: { type: 'string', filterable: false, sortable: false },
  source: { type: 'string', filterable: false, sortable: false },
  appsCount: { type: 'number', filterable: false, sortable: false },
  notificationsCount: { type: 'number', filterable: false, sortable: false },
  usersCount: { type: 'number', filterable: false, sortable: false },
  currentUserAllowedActions: { type: 'string', filterable: false, sortable: false },
  createdById: { type: 'id', sortable: true, filterable: true },
  modifiedById: { type: 'id', sortable: true, filterable: true },
  dateCreated: { type: 'date', sortable: true, filterable: true },
  dateUpdated: { type: 'date', sortable: true, filterable: true },
};

const TAG_USAGE_FIELDS: FieldCatalog = {
  tagName: { type: 'string' },
  tagTitle: { type: 'string' },
  dashboardsCount: { type: 'number' },
  dashboardsIds: { type: 'idArray' },
};

const tags = ['Insightboards (dashboards)'];
const DashboardParams = z.object({ dashboardId: Id });

const listDashboards = createRoute({
  method: 'get',
  path: '/dashboards',
  tags,
  summary: 'List insightboards (v2); archived ones only when the filter names `archived`',
  request: { query: ListQueryParams },
  responses: { 200: jsonContent(DashboardList, 'A page of insightboards'), ...errorResponses },
});

const reports = createRoute({
  method: 'get',
  path: '/dashboards/reports',
  tags,
  summary: 'The Performance and Process reports of the account',
  request: {},
  responses: { 200: jsonContent(ReportList, 'The reports'), ...errorResponses },
});

const tagUsages = createRoute({
  method: 'get',
  path: '/dashboards/tags/usages',
  tags,
  summary: 'Tag labels of insightboards and the boards that carry each',
  request: { query: z.object({ fields: z.string().optional() }) },
  responses: { 200: jsonContent(DashboardTagUsages, 'The tag usages'), ...errorResponses },
});

const byTag = createRoute({
  method: 'get',
  path: '/dashboards/tag/{tag}',
  tags,
  summary: 'Get an insightboard by its tag',
  request: { params: z.object({ tag: DashboardTag }) },
  responses: { 200: jsonContent(Dashboard, 'The insightboard'), ...errorResponses },
});

const getDashboard = createRoute({
  method: 'get',
  path: '/dashboards/{dashboardId}',
  tags,
  summary: 'Get an insightboard',
  request: { params: DashboardParams },
  responses: { 200: jsonContent(Dashboard, 'The insightboard'), ...errorResponses },
});

const createDashboard = createRoute({
  method: 'post',
  path: '/dashboards',
  tags,
  summary: 'Create an insightboard (a tag is generated when none is given)',
  request: { body: jsonBody(CreateDashboardRequest) },
  responses: { 201: jsonContent(Dashboard, 'The new insightboard'), ...withConflict },
});

const cloneDashboard = createRoute({
  method: 'post',
  path: '/dashboards/{dashboardId}/clone',
  tags,
  summary: 'Copy an insightboard with its items under a new tag',
  request: {
    params: DashboardParams,
    body: jsonBody(CloneDashboardRequest),
  },
  responses: { 201: jsonContent(Dashboard, 'The copy'), ...withConflict },
});

const saveItem = createRoute({
  method: 'put',
  path: '/dashboards/items/{id}',
  tags,
  summary:
    'Save one item on an insightboard (create or replace), named by `dashboardId` in the body',
  request: {
    params: z.object({ id: Id }),
    body: jsonBody(SaveDashboardItemRequest),
  },
  responses: { 204: { description: 'Saved' }, ...errorResponses },
});

const updateDashboard = createRoute({
  method: 'put',
  path: '/dashboards/{dashboardId}',
  tags,
  summary:
    'Save an insightboard as a whole; `insights` and `sectionHeaders`, when given, replace the layout',
  request: {
    params: DashboardParams,
    body: jsonBody(UpdateDashboardRequest),
  },
  responses: { 200: jsonContent(Dashboard, 'The saved insightboard'), ...withConflict },
});

const deleteDashboard = createRoute({
  method: 'delete',
  path: '/dashboards/{dashboardId}',
  tags,
  summary: 'Delete an insightboard (reports cannot be deleted)',
  request: { params: DashboardParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

export function registerDashboardRoutes(api: Api): void {
  api.openapi(listDashboards, async (c) => {
    const query = listQueryOf(c, DASHBOARD_FIELDS);
    const page = await reposOf(c).dashboards.list(scopeOf(c), query);
    const items = query.fields
      ? page.items.map((d) => applyFieldSelection(d, query.fields))
      : page.items;
    return c.json(
      { items, count: items.length, totalCount: page.totalCount } as z.infer<typeof DashboardList>,
      200,
    );
  });

  api.openapi(reports, async (c) => c.json(await reposOf(c).dashboards.reports(scopeOf(c)), 200));

  api.openapi(tagUsages, async (c) => {
    let selection;
    try {
      selection = parseFields(c.req.valid('query').fields, TAG_USAGE_FIELDS);
    } catch (error) {
      if (error instanceof ListQueryError) {
        throw new ApiProblem(400, error.message, [
          { path: 'query.fields', message: error.message },
        ]);
      }
      throw error;
    }
    const usages = await reposOf(c).dashboards.tagUsages(scopeOf(c));
    const items = selection ? usages.map((u) => applyFieldSelection(u, selection)) : usages;
    return c.json({ items } as z.infer<typeof DashboardTagUsages>, 200);
  });

  api.openapi(byTag, async (c) => {
    const board = await reposOf(c).dashboards.getByTag(scopeOf(c), c.req.valid('param').tag);
    if (!board) throw notFound('Insightboard');
    return c.json(board, 200);
  });

  api.openapi(getDashboard, async (c) => {
    const board = await reposOf(c).dashboards.get(scopeOf(c), c.req.valid('param').dashboardId);
    if (!board) throw notFound('Insightboard');
    return c.json(board, 200);
  });

  api.openapi(createDashboard, async (c) =>
    c.json(await reposOf(c).dashboards.create(scopeOf(c), c.req.valid('json')), 201),
  );

  api.openapi(cloneDashboard, async (c) => {
    const board = await reposOf(c).dashboards.clone(
      scopeOf(c),
      c.req.valid('param').dashboardId,
      c.req.valid('json').tag,
    );
    if (!board) throw notFound('Insightboard');
    return c.json(board, 201);
  });

  api.openapi(saveItem, async (c) => {
    const { dashboardId, ...item } = c.req.valid('json');
    const saved = await reposOf(c).dashboards.saveItem(
      scopeOf(c),
      c.req.valid('param').id,
      dashboardId,
      item,
    );
    if (!saved) throw notFound('Insightboard');
    return c.body(null, 204);
  });

  api.openapi(updateDashboard, async (c) => {
    const board = await reposOf(c).dashboards.update(
      scopeOf(c),
      c.req.valid('param').dashboardId,
      c.req.valid('json'),
    );
    if (!board) throw notFound('Insightboard');
    return c.json(board, 200);
  });

  api.openapi(deleteDashboard, async (c) => {
    if (!(await reposOf(c).dashboards.delete(scopeOf(c), c.req.valid('param').dashboardId)))
      throw notFound('Insightboard');
    return c.body(null, 204);
  });
}
