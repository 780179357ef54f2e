import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { Id, ListQueryParams } from '../../contract/common.ts';
import {
  CreateKpiRequest,
  Kpi,
  KpiList,
  KpiQuery,
  UpdateKpiRequest,
  VirtualGroupFavoriteRequest,
  VirtualGroupFavorites,
  VIRTUAL_GROUPS,
} from '../../contract/kpis.ts';
import { toPlainText } from '../domain/description.ts';
import { AnswerCache } from '../domain/answer-cache.ts';
import { applyFieldSelection, type FieldCatalog } from '../domain/list-query.ts';
import { notFound } from '../errors.ts';
import {
  errorResponses,
  jsonBody,
  jsonContent,
  listQueryOf,
  reposOf,
  scopeOf,
  serialisedJson,
  type Api,
} from '../http.ts';

/** What `filter`, `sort` and `fields` may name on KPIs. */
export const KPI_FIELDS: FieldCatalog = {
  id: { type: 'id', sortable: true, filterable: true },
  accountId: { type: 'id', filterable: false, sortable: false },
  name: { type: 'string', sortable: true, filterable: true },
  description: { type: 'string', filterable: true },
  richTextDescription: { type: 'string', filterable: false, sortable: false },
  aggregation: { type: 'string', sortable: true, filterable: true },
  targetOperator: { type: 'string', sortable: true, filterable: true },
  formatting: { type: 'string', filterable: false, sortable: false },
  groups: { type: 'idArray', filterable: true },
  ownerId: { type: 'id', filterable: true },
  ownerIds: { type: 'idArray', filterable: true },
  isOwner: { type: 'boolean', filterable: false, sortable: false },
  insightLink: { type: 'string', filterable: false, sortable: false },
  'insightLink.insightName': { type: 'string', filterable: true },
  projections: { type: 'string', filterable: false, sortable: false },
  tags: { type: 'string', filterable: false, sortable: false },
  links: { type: 'string', filterable: false, sortable: false },
  currentUserAllowedActions: { type: 'string', filterable: false, sortable: false },
  createdById: { type: 'id', sortable: true, filterable: true },
  modifiedById: { type: 'id', sortable: true, filterable: true },
  dateCreated: { type: 'date', sortable: true, filterable: true },
  dateUpdated: { type: 'date', sortable: true, filterable: true },
};

const KpiParams = z.object({ kpiId: Id });
const tags = ['KPIs'];

const listKpis = createRoute({
  method: 'get',
  path: '/kpis',
  tags,
  summary: 'List KPIs (v2) with filter, sort, fields, skip and take',
  request: { query: ListQueryParams },
  responses: { 200: jsonContent(KpiList, 'A page of KPIs'), ...errorResponses },
});

const getKpi = createRoute({
  method: 'get',
  path: '/kpis/{kpiId}',
  tags,
  summary: 'Get a KPI',
  request: { params: KpiParams, query: KpiQuery },
  responses: { 200: jsonContent(Kpi, 'The KPI'), ...errorResponses },
});

const createKpi = createRoute({
  method: 'post',
  path: '/kpis',
  tags,
  summary: 'Create a KPI',
  request: { body: jsonBody(CreateKpiRequest) },
  responses: { 201: jsonContent(Kpi, 'The new KPI'), ...errorResponses },
});

const patchKpi = createRoute({
  method: 'patch',
  path: '/kpis/{kpiId}',
  tags,
  summary: 'Update the given fields of a KPI',
  request: { params: KpiParams, body: jsonBody(UpdateKpiRequest) },
  responses: { 200: jsonContent(Kpi, 'The updated KPI'), ...errorResponses },
});

const deleteKpi = createRoute({
  method: 'delete',
  path: '/kpis/{kpiId}',
  tags,
  summary: 'Delete a KPI with its snapshots and projections; its uses on insightboards go with it',
  request: { params: KpiParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses },
});

const insightUsages = createRoute({
  method: 'get',
  path: '/insights/{id}/usages/kpis',
  tags,
  summary: 'KPIs whose insight link names this insight',
  request: { params: z.object({ id: z.string().min(1).max(200) }) },
  responses: {
    200: jsonContent(z.object({ items: z.array(Kpi), totalCount: z.number().int() }), 'The KPIs'),
    ...errorResponses,
  },
});

const readVirtualFavorites = createRoute({
  method: 'get',
  path: '/users/kpi-virtual-group/favorite',
  tags,
  summary: 'Extension: the current user’s favorite virtual groups (My KPIs, Ungrouped)',
  request: {},
  responses: {
    200: jsonContent(VirtualGroupFavorites, 'Each virtual group and whether it is a favorite'),
    ...errorResponses,
  },
});

const putVirtualFavorite = createRoute({
  method: 'put',
  path: '/users/kpi-virtual-group/favorite',
  tags,
  summary: 'Add a virtual group (mykpis, ungrouped) to the current user’s favorites, or remove it',
  request: { body: jsonBody(VirtualGroupFavoriteRequest) },
  responses: {
    200: jsonContent(VirtualGroupFavorites, 'Each virtual group and whether it is a favorite'),
    ...errorResponses,
  },
});

const virtualState = (favorites: readonly string[]) => ({
  items: VIRTUAL_GROUPS.map((virtualGroup) => ({
    virtualGroup,
    favorite: favorites.includes(virtualGroup),
  })),
});

export function registerKpiRoutes(api: Api): void {
  api.openapi(listKpis, async (c) => {
    const query = listQueryOf(c, KPI_FIELDS);
    const page = await reposOf(c).kpis.list(scopeOf(c), query);
    const items = query.fields
      ? page.items.map((k) => applyFieldSelection(k, query.fields))
      : page.items;
    return c.json(
      { items, count: items.length, totalCount: page.totalCount } as z.infer<typeof KpiList>,
      200,
    );
  });

  // Single KPIs are the most requested answer (every detail page and board tile asks for one);
  // each is kept serialised until any stored data changes. The key holds the user, since
  // `isOwner` depends on who asks.
  const answers = new AnswerCache(5_000, 16 * 1024 * 1024);
  api.openapi(getKpi, async (c) => {
    const { kpiId } = c.req.valid('param');
    const { formatting } = c.req.valid('query');
    const scope = scopeOf(c);
    const repos = reposOf(c);
    const key = `${scope.accountId}|${scope.userId}|${kpiId}|${formatting ?? ''}`;
    const stamp = await repos.changeStamp();
    let body = answers.get(key, stamp);
    if (body === undefined) {
      const kpi = await repos.kpis.get(scope, kpiId);
      if (!kpi) throw notFound('KPI');
      if (formatting === 'plainText') kpi.description = toPlainText(kpi.description);
      body = JSON.stringify(kpi);
      answers.set(key, stamp, body);
    }
    return serialisedJson<Kpi>(c, body);
  });

  api.openapi(createKpi, async (c) => {
    const kpi = await reposOf(c).kpis.create(scopeOf(c), c.req.valid('json'));
    return c.json(kpi, 201);
  });

  api.openapi(patchKpi, async (c) => {
    const kpi = await reposOf(c).kpis.update(
      scopeOf(c),
      c.req.valid('param').kpiId,
      c.req.valid('json'),
    );
    if (!kpi) throw notFound('KPI');
    return c.json(kpi, 200);
  });

  api.openapi(deleteKpi, async (c) => {
    if (!(await reposOf(c).kpis.delete(scopeOf(c), c.req.valid('param').kpiId)))
      throw notFound('KPI');
    return c.body(null, 204);
  });

  api.openapi(insightUsages, async (c) => {
    const page = await reposOf(c).kpis.usagesByInsight(scopeOf(c), c.req.valid('param').id);
    if (!page) throw notFound('Insight');
    return c.json(page, 200);
  });

  api.openapi(readVirtualFavorites, async (c) => {
    return c.json(virtualState(await reposOf(c).groups.virtualFavorites(scopeOf(c))), 200);
  });

  api.openapi(putVirtualFavorite, async (c) => {
    const { virtualGroup, favorite } = c.req.valid('json');
    return c.json(
      virtualState(await reposOf(c).groups.setVirtualFavorite(scopeOf(c), virtualGroup, favorite)),
      200,
    );
  });
}
