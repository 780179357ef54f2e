import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { Id, ListQueryParams } from '../../contract/common.ts';
import { Kpi } from '../../contract/kpis.ts';
import {
  CreateKpiGroupRequest,
  KpiGroup,
  KpiGroupList,
  UpdateKpiGroupRequest,
} from '../../contract/kpi-groups.ts';
import { applyFieldSelection, type FieldCatalog } from '../domain/list-query.ts';
import { notFound } from '../errors.ts';
import {
  errorResponses,
  jsonBody,
  jsonContent,
  listQueryOf,
  reposOf,
  scopeOf,
  type Api,
} from '../http.ts';

export const GROUP_FIELDS: FieldCatalog = {
  id: { type: 'id', sortable: true, filterable: true },
  accountId: { type: 'id', filterable: false, sortable: false },
  name: { type: 'string', sortable: true, filterable: true },
  favorite: { type: 'boolean', sortable: true, filterable: true },
  kpisCount: { type: 'number', sortable: true, filterable: true },
  createdById: { type: 'id', sortable: true, filterable: true },
  modifiedById: { type: 'id', sortable: true, filterable: true },
  dateCreated: { type: 'date', sortable: true, filterable: true },
  dateUpdated: { type: 'date', sortable: true, filterable: true },
};

const tags = ['KPI groups'];
const GroupParams = z.object({ groupId: Id });
const MembershipParams = z.object({ kpiId: Id, groupId: Id });

const listGroups = createRoute({
  method: 'get',
  path: '/kpis/groups',
  tags,
  summary: 'List KPI groups with filter, sort, fields, skip and take',
  request: { query: ListQueryParams },
  responses: { 200: jsonContent(KpiGroupList, 'A page of groups'), ...errorResponses },
});

const getGroup = createRoute({
  method: 'get',
  path: '/kpis/groups/{groupId}',
  tags,
  summary: 'Get a KPI group',
  request: { params: GroupParams },
  responses: { 200: jsonContent(KpiGroup, 'The group'), ...errorResponses },
});

const createGroup = createRoute({
  method: 'post',
  path: '/kpis/groups',
  tags,
  summary: 'Create a KPI group',
  request: { body: jsonBody(CreateKpiGroupRequest) },
  responses: { 201: jsonContent(KpiGroup, 'The new group'), ...errorResponses },
});

const patchGroup = createRoute({
  method: 'patch',
  path: '/kpis/groups/{groupId}',
  tags,
  summary: 'Rename a KPI group',
  request: { params: GroupParams, body: jsonBody(UpdateKpiGroupRequest) },
  responses: { 200: jsonContent(KpiGroup, 'The updated group'), ...errorResponses },
});

const deleteGroup = createRoute({
  method: 'delete',
  path: '/kpis/groups/{groupId}',
  tags,
  summary: 'Delete a KPI group; its KPIs stay',
  request: { params: GroupParams },
  responses: { 200: jsonContent(KpiGroup, 'The deleted group'), ...errorResponses },
});

const favoriteRoute = (method: 'put' | 'delete') =>
  createRoute({
    method,
    path: '/kpis/groups/{groupId}/favorite',
    tags,
    summary:
      method === 'put'
        ? 'Star a group for the current user'
        : 'Unstar a group for the current user',
    request: { params: GroupParams },
    responses: {
      200: jsonContent(KpiGroup, 'The group with its favorite flag'),
      ...errorResponses,
    },
  });

const membershipRoute = (method: 'put' | 'delete') =>
  createRoute({
    method,
    path: '/kpis/{kpiId}/groups/{groupId}',
    tags,
    summary: method === 'put' ? 'Add a KPI to a group' : 'Remove a KPI from a group',
    request: { params: MembershipParams },
    responses: { 200: jsonContent(Kpi, 'The KPI with its groups'), ...errorResponses },
  });

export function registerKpiGroupRoutes(api: Api): void {
  api.openapi(listGroups, async (c) => {
    const query = listQueryOf(c, GROUP_FIELDS);
    const page = await reposOf(c).groups.list(scopeOf(c), query);
    const items = query.fields
      ? page.items.map((g) => applyFieldSelection(g, query.fields))
      : page.items;
    return c.json(
      { items, count: items.length, totalCount: page.totalCount } as z.infer<typeof KpiGroupList>,
      200,
    );
  });

  api.openapi(getGroup, async (c) => {
    const group = await reposOf(c).groups.get(scopeOf(c), c.req.valid('param').groupId);
    if (!group) throw notFound('KPI group');
    return c.json(group, 200);
  });

  api.openapi(createGroup, async (c) =>
    c.json(await reposOf(c).groups.create(scopeOf(c), c.req.valid('json')), 201),
  );

  api.openapi(patchGroup, async (c) => {
    const group = await reposOf(c).groups.update(
      scopeOf(c),
      c.req.valid('param').groupId,
      c.req.valid('json'),
    );
    if (!group) throw notFound('KPI group');
    return c.json(group, 200);
  });

  api.openapi(deleteGroup, async (c) => {
    const group = await reposOf(c).groups.delete(scopeOf(c), c.req.valid('param').groupId);
    if (!group) throw notFound('KPI group');
    return c.json(group, 200);
  });

  for (const method of ['put', 'delete'] as const) {
    api.openapi(favoriteRoute(method), async (c) => {
      const group = await reposOf(c).groups.setFavorite(
        scopeOf(c),
        c.req.valid('param').groupId,
        method === 'put',
      );
      if (!group) throw notFound('KPI group');
      return c.json(group, 200);
    });
    api.openapi(membershipRoute(method), async (c) => {
      const { kpiId, groupId } = c.req.valid('param');
      const kpis = reposOf(c).kpis;
      const kpi =
        method === 'put'
          ? await kpis.addToGroup(scopeOf(c), kpiId, groupId)
          : await kpis.removeFromGroup(scopeOf(c), kpiId, groupId);
      if (!kpi) throw notFound('KPI or KPI group');
      return c.json(kpi, 200);
    });
  }
}
