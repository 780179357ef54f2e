import { describe, expect, it } from 'vitest';
import {
  DASHBOARD_TAG_PATTERN,
  Dashboard,
  DashboardList,
  DashboardTagUsages,
  ReportList,
} from '../../contract/dashboards.ts';
import type { Harness, TestUser } from '../testing/harness.ts';
import {
  OLD_INSTANT,
  UNKNOWN_ID,
  createAcmeAndBeta,
  createKpi,
  expectJson,
  expectFirstError,
  expectProblem,
  expectSame404,
  forgedOwnership,
  noContent,
  useHarness,
} from '../testing/fixtures.ts';

const V2 = '/results/api/v2';
/** The settings of the reference sample, in its one-line form. */
const SAMPLE_SETTINGS =
  'name: "session", value: "602d03d90f20d5000195c7b3", valueDisplayName: "Q2"';

let h: Harness;
let alice: TestUser;
let carol: TestUser;
let bob: TestUser;

useHarness(async (harness) => {
  h = harness;
  ({ alice, carol, bob } = await createAcmeAndBeta(harness));
});

const q = (value: string) => encodeURIComponent(value);
const kpiSetting = (...ids: string[]) => [{ name: 'kpiIds', value: ids.join(',') }];

async function createBoard(user: TestUser, body: Record<string, unknown>): Promise<Dashboard> {
  return expectJson(await h.request(user, 'POST', '/dashboards', body), 201, Dashboard);
}

async function getBoard(user: TestUser, id: string): Promise<Dashboard> {
  return expectJson(await h.request(user, 'GET', `/dashboards/${id}`), 200, Dashboard);
}

async function listBoards(user: TestUser, query = '') {
  return expectJson(await h.request(user, 'GET', `${V2}/dashboards${query}`), 200, DashboardList);
}

async function reportsOf(user: TestUser) {
  return expectJson(await h.request(user, 'GET', '/dashboards/reports'), 200, ReportList);
}

async function usagesOf(user: TestUser, query = '') {
  return expectJson(
    await h.request(user, 'GET', `/dashboards/tags/usages${query}`),
    200,
    DashboardTagUsages,
  );
}

/** The layout of a board, independent of the order items come back in. */
function layoutOf(board: Dashboard) {
  const items = board.insights
    .map((i) => ({
      id: i.id,
      type: i.type,
      settings: i.settings,
      row: i.row,
      col: i.col,
      sizeX: i.sizeX,
      sizeY: i.sizeY,
    }))
    .sort((a, b) => a.row - b.row || a.col - b.col);
  const headers = board.sectionHeaders
    .map((s) => ({
      id: s.id,
      header: s.sectionHeader.header,
      subHeader: s.sectionHeader.subHeader,
      row: s.row,
      col: s.col,
      sizeX: s.sizeX,
      sizeY: s.sizeY,
    }))
    .sort((a, b) => a.row - b.row || a.col - b.col);
  return { items, headers };
}

/** A board with two items, a section header, settings and a label. */
async function richBoard(user: TestUser, tag = 'board-a') {
  const revenue = await createKpi(h, user, { name: 'Revenue' });
  const cost = await createKpi(h, user, { name: 'Cost' });
  const board = await createBoard(user, {
    name: 'Board A',
    tag,
    settings: [{ name: 'session', value: 'q2', valueDisplayName: 'Q2' }],
    tags: [{ name: 'finance', title: 'Finance' }],
    insights: [
      {
        type: 'kpi-number',
        row: 0,
        col: 0,
        sizeX: 4,
        sizeY: 2,
        settings: kpiSetting(revenue.id),
        insightTitle: 'Revenue',
      },
      {
        type: 'kpi-chart',
        row: 0,
        col: 4,
        sizeX: 8,
        sizeY: 4,
        settings: kpiSetting(revenue.id, cost.id),
      },
    ],
    sectionHeaders: [
      { header: 'Money', subHeader: 'All of it', row: 4, col: 0, sizeX: 12, sizeY: 1 },
    ],
  });
  return { board, revenue, cost };
}

describe('GET /v2/dashboards', () => {
  async function seed() {
    const open = await createBoard(alice, {
      name: 'Open board',
      tag: 'open',
      tags: [{ name: 'finance' }],
    });
    const archived = await createBoard(alice, {
      name: 'Archived board',
      tag: 'old',
      archived: true,
      tags: [{ name: 'finance' }],
    });
    const other = await createBoard(alice, {
      name: 'another board',
      tag: 'another',
      tags: [{ name: 'ops' }],
    });
    await createBoard(bob, { name: 'Beta board', tag: 'beta' });
    return { open, archived, other };
  }

  it('lists the boards and reports of the account by name and hides archived boards', async () => {
    const { open, archived, other } = await seed();
    const page = await listBoards(alice);
    for (const item of page.items) Dashboard.parse(item);
    expect(page.items.map((d) => d.name)).toEqual([
      'another board',
      'Open board',
      'Performance report',
      'Process report',
    ]);
    expect(page.items.map((d) => d.id)).not.toContain(archived.id);
    expect(page.items.map((d) => d.id)).toEqual(expect.arrayContaining([open.id, other.id]));
    expect(page.count).toBe(4);
    expect(page.totalCount).toBe(4);
    expect(page.items.filter((d) => d.isReport).map((d) => d.name)).toEqual([
      'Performance report',
      'Process report',
    ]);
    expect(page.items.every((d) => d.accountId === alice.accountId)).toBe(true);
  });

  it('answers under /v1 as well', async () => {
    await seed();
    const v1 = await expectJson(await h.request(alice, 'GET', '/dashboards'), 200, DashboardList);
    expect(v1).toEqual(await listBoards(alice));
  });

  it('never lists the boards of another account', async () => {
    await seed();
    const page = await listBoards(bob);
    expect(page.items.map((d) => d.name)).toEqual([
      'Beta board',
      'Performance report',
      'Process report',
    ]);
    expect(page.items.every((d) => d.accountId === bob.accountId)).toBe(true);
  });

  it.each([
    ['{archived:true}', ['Archived board']],
    ['{archived:false}', ['another board', 'Open board', 'Performance report', 'Process report']],
    [
      '{$or:[{archived:true},{archived:false}]}',
      ['another board', 'Archived board', 'Open board', 'Performance report', 'Process report'],
    ],
    ['{$and:[{archived:true},{tags:"finance"}]}', ['Archived board']],
    ['{tags:"finance"}', ['Open board']],
    ['{tags:{$in:["ops","finance"]}}', ['another board', 'Open board']],
    ['{isReport:true}', ['Performance report', 'Process report']],
    ['{isReport:false}', ['another board', 'Open board']],
    ['{name:{$regex:"board$",$options:"i"}}', ['another board', 'Open board']],
    ['{tag:"open"}', ['Open board']],
    ['{tag:"old"}', []],
  ])('filters with %s', async (filter, names) => {
    await seed();
    const page = await listBoards(alice, `?filter=${q(filter)}`);
    expect(page.items.map((d) => d.name)).toEqual(names);
    expect(page.totalCount).toBe(names.length);
  });

  it.each([
    ['sort=-name', ['Process report', 'Performance report', 'Open board', 'another board']],
    [
      'sort=-isReport,name',
      ['Performance report', 'Process report', 'another board', 'Open board'],
    ],
    ['sort=tag', ['another board', 'Open board', 'Performance report', 'Process report']],
  ])('sorts with %s', async (query, names) => {
    await seed();
    expect((await listBoards(alice, `?${query}`)).items.map((d) => d.name)).toEqual(names);
  });

  it.each([
    ['take=2', ['another board', 'Open board']],
    ['skip=1&take=2', ['Open board', 'Performance report']],
    ['skip=3&limit=5', ['Process report']],
    ['take=0', []],
  ])('pages with %s', async (query, names) => {
    await seed();
    const page = await listBoards(alice, `?${query}`);
    expect(page.items.map((d) => d.name)).toEqual(names);
    expect(page.count).toBe(names.length);
    expect(page.totalCount).toBe(4);
  });

  it.each([
    ['fields=name', ['accountId', 'id', 'name']],
    ['projection=name,tag', ['accountId', 'id', 'name', 'tag']],
    [
      'fields=isReport,insightsCount,tags',
      ['accountId', 'id', 'insightsCount', 'isReport', 'tags'],
    ],
  ])('returns only the fields asked for with %s', async (query, keys) => {
    await seed();
    const page = await listBoards(alice, `?${query}`);
    expect(page.items).toHaveLength(4);
    for (const item of page.items) expect(Object.keys(item).sort()).toEqual(keys);
  });

  it('selects sub-fields of items and section headers', async () => {
    const { board } = await richBoard(alice);
    const res = await h.request(
      alice,
      'GET',
      `${V2}/dashboards?fields=insights{id,row},sectionHeaders{sectionHeader{header}}&filter=${q(JSON.stringify({ id: board.id }))}`,
    );
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: unknown[] };
    expect(page.items).toEqual([
      {
        id: board.id,
        accountId: alice.accountId,
        insights: board.insights.map((i) => ({ id: i.id, row: i.row })),
        sectionHeaders: [{ sectionHeader: { header: 'Money' } }],
      },
    ]);
  });

  it('answers a sub-field selection in the shape its declared response schema allows', async () => {
    await richBoard(alice);
    const res = await h.request(
      alice,
      'GET',
      `${V2}/dashboards?fields=insights{id,row},sectionHeaders{row}`,
    );
    expect(res.status).toBe(200);
    const parsed = DashboardList.safeParse(await res.json());
    expect(parsed.error?.issues.slice(0, 3)).toBeUndefined();
  });

  it.each([
    ['filter', '{name:'],
    ['filter', '{bogus:1}'],
    ['filter', '{insights:1}'],
    ['filter', '{archived:"yes"}'],
    ['filter', '{$where:"1"}'],
    ['sort', 'tags'],
    ['sort', 'bogus'],
    ['fields', 'bogus'],
    ['take', '5000'],
    ['skip', '-3'],
  ])('answers 400 for %s=%s', async (param, value) => {
    await expectFirstError(
      await h.request(alice, 'GET', `${V2}/dashboards?${param}=${q(value)}`),
      400,
      `query.${param}`,
    );
  });

  it('answers 401 without a token', async () => {
    await expectProblem(await h.request(null, 'GET', `${V2}/dashboards`), 401);
  });
});

describe('POST /dashboards', () => {
  it('creates a board with a generated tag', async () => {
    const before = Date.now();
    const board = await createBoard(alice, { name: ' Sales board ' });
    expect(board).toMatchObject({
      name: 'Sales board',
      accountId: alice.accountId,
      archived: false,
      isReport: false,
      insights: [],
      insightsCount: 0,
      sectionHeaders: [],
      sectionHeadersCount: 0,
      tags: [],
      settings: [],
      createdById: alice.userId,
      modifiedById: alice.userId,
    });
    expect(board.tag).toMatch(DASHBOARD_TAG_PATTERN);
    expect(Date.parse(board.dateCreated)).toBeGreaterThanOrEqual(before - 1);
    const second = await createBoard(alice, { name: 'Sales board' });
    expect(second.tag).toMatch(DASHBOARD_TAG_PATTERN);
    expect(second.tag).not.toBe(board.tag);
    expect(await getBoard(alice, board.id)).toEqual(board);
    expect(
      await expectJson(
        await h.request(alice, 'GET', `/dashboards/tag/${board.tag}`),
        200,
        Dashboard,
      ),
    ).toEqual(board);
  });

  it('keeps a given tag', async () => {
    const board = await createBoard(alice, { name: 'Board', tag: 'phe6ery4o' });
    expect(board.tag).toBe('phe6ery4o');
    expect(
      (await expectJson(await h.request(alice, 'GET', '/dashboards/tag/phe6ery4o'), 200, Dashboard))
        .id,
    ).toBe(board.id);
  });

  it.each([
    ['a board', 'taken'],
    ['a report', 'performance-report'],
  ])('answers 409 when the tag is used by %s of the account', async (_label, tag) => {
    if (tag === 'taken') await createBoard(alice, { name: 'First', tag });
    const before = (
      await listBoards(alice, `?filter=${q('{$or:[{archived:true},{archived:false}]}')}`)
    ).totalCount;
    await expectFirstError(
      await h.request(alice, 'POST', '/dashboards', { name: 'Second', tag }),
      409,
      'body.tag',
    );
    const after = await listBoards(
      alice,
      `?filter=${q('{$or:[{archived:true},{archived:false}]}')}`,
    );
    expect(after.totalCount).toBe(before);
    expect(after.items.map((d) => d.name)).not.toContain('Second');
  });

  it('accepts a tag that only another account uses', async () => {
    await createBoard(bob, { name: 'Theirs', tag: 'shared' });
    const mine = await createBoard(alice, { name: 'Mine', tag: 'shared' });
    expect(mine.tag).toBe('shared');
    expect(
      (await expectJson(await h.request(bob, 'GET', '/dashboards/tag/shared'), 200, Dashboard))
        .name,
    ).toBe('Theirs');
  });

  it('takes settings as a list', async () => {
    const settings = [
      { name: 'session', value: '602d03d90f20d5000195c7b3', valueDisplayName: 'Q2' },
      {
        name: 'team',
        value: 't1',
        valueDisplayNameAsArray: ['Team 1'],
        dynamicValues: [{ teamId: 't1', type: 'team' }],
      },
    ];
    const board = await createBoard(alice, { name: 'Board', settings });
    expect(board.settings).toEqual(settings);
    expect((await getBoard(alice, board.id)).settings).toEqual(settings);
  });

  it('takes the sample body with settings in their one-line form and tag labels', async () => {
    const sample = {
      archived: false,
      name: 'OKR Performance',
      settings: SAMPLE_SETTINGS,
      tag: 'phe6ery4o',
      tags: [
        {
          id: 'string',
          isActive: { IsActive: false },
          name: 'string value',
          title: 'string value',
        },
      ],
    };
    const board = await createBoard(alice, sample);
    expect(board).toMatchObject({ name: 'OKR Performance', tag: 'phe6ery4o', archived: false });
    expect(board.settings).toEqual([
      { name: 'session', value: '602d03d90f20d5000195c7b3', valueDisplayName: 'Q2' },
    ]);
    expect(board.tags).toHaveLength(1);
    expect(board.tags[0]).toMatchObject({
      name: 'string value',
      title: 'string value',
      isActive: false,
      createdBy: alice.userId,
    });
    expect(board.tags[0]!.id).not.toBe('string');
    expect(await getBoard(alice, board.id)).toEqual(board);
    const usages = await usagesOf(alice);
    expect(usages.items).toEqual([
      {
        tagName: 'string value',
        tagTitle: 'string value',
        dashboardsCount: 1,
        dashboardsIds: [board.id],
      },
    ]);
  });

  it('takes tag labels with a plain isActive and a default title', async () => {
    const board = await createBoard(alice, {
      name: 'Board',
      tags: [
        { name: 'finance', isActive: true },
        { name: 'ops', title: 'Operations' },
      ],
    });
    expect(board.tags.map((t) => [t.name, t.title, t.isActive])).toEqual([
      ['finance', 'finance', true],
      ['ops', 'Operations', true],
    ]);
  });

  it('creates the items and section headers it is given', async () => {
    const { board, revenue, cost } = await richBoard(alice);
    expect(board.insightsCount).toBe(2);
    expect(board.sectionHeadersCount).toBe(1);
    expect(layoutOf(board)).toMatchObject({
      items: [
        {
          type: 'kpi-number',
          settings: kpiSetting(revenue.id),
          row: 0,
          col: 0,
          sizeX: 4,
          sizeY: 2,
        },
        {
          type: 'kpi-chart',
          settings: kpiSetting(revenue.id, cost.id),
          row: 0,
          col: 4,
          sizeX: 8,
          sizeY: 4,
        },
      ],
      headers: [{ header: 'Money', subHeader: 'All of it', row: 4, col: 0, sizeX: 12, sizeY: 1 }],
    });
    for (const item of board.insights) expect(item.dashboardId).toBe(board.id);
    const header = board.sectionHeaders[0]!;
    expect(header).toMatchObject({
      dashboardId: board.id,
      accountId: alice.accountId,
      type: 'sectionHeader',
    });
    expect(header.sectionHeaderId).toBe(header.sectionHeader.id);
    expect(header.sectionHeader.createdById).toBe(alice.userId);
    const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    for (const value of [
      board.dateCreated,
      board.dateUpdated,
      header.sectionHeader.dateCreated,
      header.sectionHeader.dateUpdated,
      board.tags[0]!.dateCreated,
    ]) {
      expect(value).toMatch(instant);
    }
  });

  it('ignores server-owned fields in the body', async () => {
    const theirs = await createBoard(bob, { name: 'Theirs' });
    const before = Date.now();
    const board = await createBoard(alice, {
      name: 'Mine',
      id: theirs.id,
      ...forgedOwnership(bob),
      isReport: true,
      currentUserAllowedActions: ['everything'],
    });
    expect(board.id).not.toBe(theirs.id);
    expect(board).toMatchObject({
      accountId: alice.accountId,
      createdById: alice.userId,
      modifiedById: alice.userId,
      isReport: false,
    });
    expect(board).not.toHaveProperty('favorite');
    expect(board.currentUserAllowedActions).not.toContain('everything');
    expect(Date.parse(board.dateCreated)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(board.dateUpdated)).toBeGreaterThanOrEqual(before - 1);
    expect(await getBoard(alice, board.id)).toEqual(board);
    expect(await getBoard(bob, theirs.id)).toEqual(theirs);
    expect((await reportsOf(alice)).map((r) => r.id)).not.toContain(board.id);
  });

  it.each<[string, Record<string, unknown> | string, string]>([
    ['no name', { tag: 'x' }, 'body.name'],
    ['a blank name', { name: '  ' }, 'body.name'],
    ['a name that is not a string', { name: ['x'] }, 'body.name'],
    ['an upper-case tag', { name: 'B', tag: 'Board' }, 'body.tag'],
    ['a tag with a space', { name: 'B', tag: 'my board' }, 'body.tag'],
    ['a tag of 65 characters', { name: 'B', tag: 'a'.repeat(65) }, 'body.tag'],
    ['an empty tag', { name: 'B', tag: '' }, 'body.tag'],
    ['a null tag', { name: 'B', tag: null }, 'body.tag'],
    [
      'settings that are neither a list nor the one-line form',
      { name: 'B', settings: 'garbage' },
      'body.settings',
    ],
    ['settings as a number', { name: 'B', settings: 5 }, 'body.settings'],
    ['archived as a string', { name: 'B', archived: 'yes' }, 'body.archived'],
    ['tags that are not a list', { name: 'B', tags: 'finance' }, 'body.tags'],
    [
      'a tag label without a name',
      { name: 'B', tags: [{ title: 'Finance' }] },
      'body.tags[0].name',
    ],
    [
      'an item reaching past the grid',
      { name: 'B', insights: [{ row: 0, col: 10, sizeX: 4, sizeY: 1, type: 'custom' }] },
      'body.insights[0].sizeX',
    ],
    [
      'an item with a negative row',
      { name: 'B', insights: [{ row: -1, col: 0, sizeX: 4, sizeY: 1, type: 'custom' }] },
      'body.insights[0].row',
    ],
    [
      'a KPI item without KPIs',
      { name: 'B', insights: [{ row: 0, col: 0, sizeX: 4, sizeY: 1 }] },
      'body.insights[0].settings',
    ],
    [
      'an item naming an unknown KPI',
      {
        name: 'B',
        insights: [{ row: 0, col: 0, sizeX: 4, sizeY: 1, settings: kpiSetting(UNKNOWN_ID) }],
      },
      'body.insights[0].settings',
    ],
    [
      'an item naming something that is not a KPI id',
      {
        name: 'B',
        insights: [{ row: 0, col: 0, sizeX: 4, sizeY: 1, settings: kpiSetting('revenue') }],
      },
      'body.insights[0].settings',
    ],
    [
      'a section header without text',
      { name: 'B', sectionHeaders: [{ row: 0, col: 0, sizeX: 12, sizeY: 1 }] },
      'body.sectionHeaders[0]',
    ],
    ['a JSON array body', '[]', 'body'],
  ])('answers 400 for %s and creates nothing', async (_label, body, path) => {
    const problem = await expectProblem(await h.request(alice, 'POST', '/dashboards', body), 400);
    expect(problem.errors?.[0]?.path.startsWith(path)).toBe(true);
    expect(
      (await listBoards(alice, `?filter=${q('{isReport:false,archived:{$in:[true,false]}}')}`))
        .totalCount,
    ).toBe(0);
  });

  it('answers 400 for an item naming a KPI of another account', async () => {
    const theirs = await createKpi(h, bob, { name: 'Their KPI' });
    await expectFirstError(
      await h.request(alice, 'POST', '/dashboards', {
        name: 'B',
        insights: [{ row: 0, col: 0, sizeX: 4, sizeY: 1, settings: kpiSetting(theirs.id) }],
      }),
      400,
      'body.insights[0].settings',
    );
    expect((await listBoards(alice, `?filter=${q('{isReport:false}')}`)).totalCount).toBe(0);
  });

  it('answers 401 without a token and creates nothing', async () => {
    await expectProblem(await h.request(null, 'POST', '/dashboards', { name: 'B' }), 401);
    expect((await listBoards(alice)).totalCount).toBe(2);
  });
});

describe('GET /dashboards/{dashboardId}', () => {
  it('gets a board with its items, headers, settings and labels', async () => {
    const { board } = await richBoard(alice);
    const read = await getBoard(carol, board.id);
    expect(read).toEqual(board);
    expect(read.usersCount).toBe(2);
  });

  it('gets a report', async () => {
    const [performance] = await reportsOf(alice);
    const report = await getBoard(alice, performance!.id);
    expect(report).toMatchObject({
      id: performance!.id,
      name: performance!.name,
      isReport: true,
      accountId: alice.accountId,
    });
  });

  it.each(['nope', 'FFFFFFFFFFFFFFFFFFFFFFFF', 'f'.repeat(23)])(
    'answers 400 for the malformed id %s',
    async (id) => {
      await expectFirstError(
        await h.request(alice, 'GET', `/dashboards/${id}`),
        400,
        'path.dashboardId',
      );
    },
  );

  it('answers the same 404 for an unknown id and for a board or report of another account', async () => {
    const theirs = await createBoard(bob, { name: 'Theirs' });
    const [theirReport] = await reportsOf(bob);
    await expectSame404(
      await h.request(alice, 'GET', `/dashboards/${UNKNOWN_ID}`),
      await h.request(alice, 'GET', `/dashboards/${theirs.id}`),
    );
    await expectSame404(
      await h.request(alice, 'GET', `/dashboards/${UNKNOWN_ID}`),
      await h.request(alice, 'GET', `/dashboards/${theirReport!.id}`),
    );
  });

  it('answers 401 without a token', async () => {
    const board = await createBoard(alice, { name: 'B' });
    await expectProblem(await h.request(null, 'GET', `/dashboards/${board.id}`), 401);
  });
});

describe('PUT /dashboards/{dashboardId}', () => {
  it('replaces the layout exactly with the insights and sectionHeaders it is given, and the change survives a re-read', async () => {
    const { board, revenue, cost } = await richBoard(alice);
    const [first, second] = [...board.insights].sort((a, b) => a.col - b.col);
    const body = {
      name: 'Board A, reworked',
      insights: [
        {
          id: second!.id,
          type: 'kpi-number',
          row: 2,
          col: 0,
          sizeX: 6,
          sizeY: 2,
          settings: kpiSetting(cost.id),
        },
        {
          type: 'kpi-chart',
          row: 0,
          col: 0,
          sizeX: 12,
          sizeY: 2,
          settings: kpiSetting(cost.id, revenue.id),
          insightTitle: 'Both',
        },
      ],
      sectionHeaders: [
        { header: 'Costs', subHeader: '', row: 4, col: 0, sizeX: 6, sizeY: 1 },
        { header: 'Notes', row: 4, col: 6, sizeX: 6, sizeY: 1 },
      ],
    };
    const saved = await expectJson(
      await h.request(alice, 'PUT', `/dashboards/${board.id}`, body),
      200,
      Dashboard,
    );
    const layout = layoutOf(saved);
    expect(layout.items.map(({ id: _id, ...rest }) => rest)).toEqual([
      {
        type: 'kpi-chart',
        settings: kpiSetting(cost.id, revenue.id),
        row: 0,
        col: 0,
        sizeX: 12,
        sizeY: 2,
      },
      { type: 'kpi-number', settings: kpiSetting(cost.id), row: 2, col: 0, sizeX: 6, sizeY: 2 },
    ]);
    expect(layout.items[1]!.id).toBe(second!.id);
    expect(layout.items.map((i) => i.id)).not.toContain(first!.id);
    expect(layout.headers.map(({ id: _id, ...rest }) => rest)).toEqual([
      { header: 'Costs', subHeader: '', row: 4, col: 0, sizeX: 6, sizeY: 1 },
      { header: 'Notes', subHeader: '', row: 4, col: 6, sizeX: 6, sizeY: 1 },
    ]);
    expect(layout.headers.map((h) => h.id)).not.toContain(board.sectionHeaders[0]!.id);
    expect(saved.insightsCount).toBe(2);
    expect(saved.sectionHeadersCount).toBe(2);
    expect(saved.name).toBe('Board A, reworked');
    expect(saved.tag).toBe(board.tag);
    expect(saved.tags).toEqual(board.tags);
    expect(saved.settings).toEqual(board.settings);
    expect(await getBoard(alice, board.id)).toEqual(saved);
  });

  it('round-trips the object it answers with, ids and section-header shape included', async () => {
    const { board } = await richBoard(alice);
    const saved = await expectJson(
      await h.request(carol, 'PUT', `/dashboards/${board.id}`, board),
      200,
      Dashboard,
    );
    expect(saved).toEqual({ ...board, modifiedById: carol.userId, dateUpdated: saved.dateUpdated });
    expect(Date.parse(saved.dateUpdated)).toBeGreaterThan(Date.parse(board.dateUpdated));
    expect(await getBoard(alice, board.id)).toEqual(saved);
    const again = await expectJson(
      await h.request(alice, 'PUT', `/dashboards/${board.id}`, saved),
      200,
      Dashboard,
    );
    expect(layoutOf(again)).toEqual(layoutOf(board));
    expect(again.sectionHeaders[0]!.sectionHeader).toEqual(board.sectionHeaders[0]!.sectionHeader);
  });

  it('updates a section header sent back in the answer’s shape and keeps its identity', async () => {
    const { board } = await richBoard(alice);
    const read = await getBoard(alice, board.id);
    const header = read.sectionHeaders[0]!;
    const edited = {
      ...read,
      sectionHeaders: [
        {
          ...header,
          col: 2,
          sizeX: 10,
          sectionHeader: { ...header.sectionHeader, header: 'Cash', subHeader: 'Only cash' },
        },
      ],
    };
    const saved = await expectJson(
      await h.request(carol, 'PUT', `/dashboards/${board.id}`, edited),
      200,
      Dashboard,
    );
    const savedHeader = saved.sectionHeaders[0]!;
    expect(saved.sectionHeaders).toHaveLength(1);
    expect(savedHeader).toMatchObject({
      id: header.id,
      sectionHeaderId: header.sectionHeaderId,
      col: 2,
      sizeX: 10,
    });
    expect(savedHeader.sectionHeader).toMatchObject({
      header: 'Cash',
      subHeader: 'Only cash',
      createdById: alice.userId,
      modifiedById: carol.userId,
      dateCreated: header.sectionHeader.dateCreated,
    });
    expect(await getBoard(alice, board.id)).toEqual(saved);
  });

  it('keeps the layout when insights and sectionHeaders are left out, and clears it with empty lists', async () => {
    const { board } = await richBoard(alice);
    const renamed = await expectJson(
      await h.request(alice, 'PUT', `/dashboards/${board.id}`, { name: 'Renamed' }),
      200,
      Dashboard,
    );
    expect(layoutOf(renamed)).toEqual(layoutOf(board));
    expect(renamed.tags).toEqual(board.tags);
    expect(renamed.tag).toBe(board.tag);
    const cleared = await expectJson(
      await h.request(alice, 'PUT', `/dashboards/${board.id}`, {
        name: 'Empty',
        insights: [],
        sectionHeaders: [],
        tags: [],
      }),
      200,
      Dashboard,
    );
    expect(cleared).toMatchObject({
      insights: [],
      sectionHeaders: [],
      tags: [],
      insightsCount: 0,
      sectionHeadersCount: 0,
    });
    expect(await getBoard(alice, board.id)).toEqual(cleared);
  });

  it('changes the tag, settings and labels', async () => {
    const { board } = await richBoard(alice);
    const saved = await expectJson(
      await h.request(alice, 'PUT', `/dashboards/${board.id}`, {
        name: 'Board A',
        tag: 'board-b',
        settings: SAMPLE_SETTINGS,
        tags: [{ name: 'ops', title: 'Operations' }],
      }),
      200,
      Dashboard,
    );
    expect(saved.tag).toBe('board-b');
    expect(saved.settings).toEqual([
      { name: 'session', value: '602d03d90f20d5000195c7b3', valueDisplayName: 'Q2' },
    ]);
    expect(saved.tags.map((t) => t.name)).toEqual(['ops']);
    expect(
      (await expectJson(await h.request(alice, 'GET', '/dashboards/tag/board-b'), 200, Dashboard))
        .id,
    ).toBe(board.id);
    await expectProblem(await h.request(alice, 'GET', '/dashboards/tag/board-a'), 404);
    expect((await usagesOf(alice)).items.map((u) => u.tagName)).toEqual(['ops']);
  });

  it('archives and restores a board', async () => {
    const board = await createBoard(alice, { name: 'Board', tag: 'b' });
    const archived = await expectJson(
      await h.request(alice, 'PUT', `/dashboards/${board.id}`, { name: 'Board', archived: true }),
      200,
      Dashboard,
    );
    expect(archived.archived).toBe(true);
    expect((await listBoards(alice)).items.map((d) => d.id)).not.toContain(board.id);
    expect(
      (await listBoards(alice, `?filter=${q('{archived:true}')}`)).items.map((d) => d.id),
    ).toEqual([board.id]);
    const restored = await expectJson(
      await h.request(alice, 'PUT', `/dashboards/${board.id}`, { name: 'Board', archived: false }),
      200,
      Dashboard,
    );
    expect(restored.archived).toBe(false);
    expect((await listBoards(alice)).items.map((d) => d.id)).toContain(board.id);
  });

  it('answers 409 for a tag taken by another board of the account and changes nothing', async () => {
    await createBoard(alice, { name: 'First', tag: 'first' });
    const second = await createBoard(alice, { name: 'Second', tag: 'second' });
    await expectFirstError(
      await h.request(alice, 'PUT', `/dashboards/${second.id}`, { name: 'Renamed', tag: 'first' }),
      409,
      'body.tag',
    );
    expect(await getBoard(alice, second.id)).toEqual(second);
  });

  it('accepts its own tag and a tag only another account uses', async () => {
    await createBoard(bob, { name: 'Theirs', tag: 'theirs' });
    const board = await createBoard(alice, { name: 'Mine', tag: 'mine' });
    expect(
      (
        await expectJson(
          await h.request(alice, 'PUT', `/dashboards/${board.id}`, { name: 'Mine', tag: 'mine' }),
          200,
          Dashboard,
        )
      ).tag,
    ).toBe('mine');
    expect(
      (
        await expectJson(
          await h.request(alice, 'PUT', `/dashboards/${board.id}`, { name: 'Mine', tag: 'theirs' }),
          200,
          Dashboard,
        )
      ).tag,
    ).toBe('theirs');
  });

  it('ignores server-owned fields in the body', async () => {
    const { board } = await richBoard(alice);
    const theirs = await createBoard(bob, { name: 'Theirs' });
    const saved = await expectJson(
      await h.request(carol, 'PUT', `/dashboards/${board.id}`, {
        ...board,
        id: theirs.id,
        ...forgedOwnership(bob),
        isReport: true,
        insights: board.insights.map((i) => ({ ...i, dashboardId: theirs.id })),
        sectionHeaders: board.sectionHeaders.map((s) => ({
          ...s,
          accountId: bob.accountId,
          dashboardId: theirs.id,
        })),
      }),
      200,
      Dashboard,
    );
    expect(saved).toMatchObject({
      id: board.id,
      accountId: alice.accountId,
      createdById: alice.userId,
      modifiedById: carol.userId,
      dateCreated: board.dateCreated,
      isReport: false,
    });
    expect(saved).not.toHaveProperty('favorite');
    expect(saved.dateUpdated).not.toBe(OLD_INSTANT);
    expect(saved.insights.every((i) => i.dashboardId === board.id)).toBe(true);
    expect(
      saved.sectionHeaders.every(
        (s) => s.dashboardId === board.id && s.accountId === alice.accountId,
      ),
    ).toBe(true);
    expect(await getBoard(alice, board.id)).toEqual(saved);
    expect(await getBoard(bob, theirs.id)).toEqual(theirs);
  });

  it('renames a report', async () => {
    const [performance] = await reportsOf(alice);
    const saved = await expectJson(
      await h.request(alice, 'PUT', `/dashboards/${performance!.id}`, { name: 'Our performance' }),
      200,
      Dashboard,
    );
    expect(saved).toMatchObject({ name: 'Our performance', isReport: true });
    expect((await reportsOf(alice))[0]).toEqual({ id: performance!.id, name: 'Our performance' });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no name', { tag: 'x' }, 'body.name'],
    ['a bad tag', { name: 'B', tag: 'Not A Tag' }, 'body.tag'],
    ['bad settings', { name: 'B', settings: 'nonsense' }, 'body.settings'],
    [
      'an item without placement',
      { name: 'B', insights: [{ type: 'custom' }] },
      'body.insights[0]',
    ],
    [
      'an item naming an unknown KPI',
      {
        name: 'B',
        insights: [{ row: 0, col: 0, sizeX: 2, sizeY: 1, settings: kpiSetting(UNKNOWN_ID) }],
      },
      'body.insights[0].settings',
    ],
    [
      'a header reaching past the grid',
      { name: 'B', sectionHeaders: [{ header: 'H', row: 0, col: 6, sizeX: 7, sizeY: 1 }] },
      'body.sectionHeaders[0]',
    ],
  ])('answers 400 for %s and changes nothing', async (_label, body, path) => {
    const { board } = await richBoard(alice);
    const problem = await expectProblem(
      await h.request(alice, 'PUT', `/dashboards/${board.id}`, body),
      400,
    );
    expect(problem.errors?.[0]?.path.startsWith(path)).toBe(true);
    expect(await getBoard(alice, board.id)).toEqual(board);
  });

  it('answers 400 for a malformed id', async () => {
    await expectFirstError(
      await h.request(alice, 'PUT', '/dashboards/zzz', { name: 'B' }),
      400,
      'path.dashboardId',
    );
  });

  it('answers the same 404 for an unknown id and for a board of another account, which stays as it was', async () => {
    const theirs = await createBoard(bob, { name: 'Theirs' });
    await expectSame404(
      await h.request(alice, 'PUT', `/dashboards/${UNKNOWN_ID}`, { name: 'Mine now' }),
      await h.request(alice, 'PUT', `/dashboards/${theirs.id}`, { name: 'Mine now' }),
    );
    expect(await getBoard(bob, theirs.id)).toEqual(theirs);
  });

  it('answers 401 without a token', async () => {
    const board = await createBoard(alice, { name: 'B' });
    await expectProblem(
      await h.request(null, 'PUT', `/dashboards/${board.id}`, { name: 'X' }),
      401,
    );
    expect(await getBoard(alice, board.id)).toEqual(board);
  });
});

describe('DELETE /dashboards/{dashboardId}', () => {
  it('deletes a board with its items and frees its tag', async () => {
    const { board } = await richBoard(alice);
    await noContent(await h.request(alice, 'DELETE', `/dashboards/${board.id}`));
    await expectProblem(await h.request(alice, 'GET', `/dashboards/${board.id}`), 404);
    await expectProblem(await h.request(alice, 'GET', `/dashboards/tag/${board.tag}`), 404);
    expect((await listBoards(alice)).items.map((d) => d.id)).not.toContain(board.id);
    expect((await usagesOf(alice)).items).toEqual([]);
    const again = await createBoard(alice, { name: 'Again', tag: board.tag });
    expect(again.insights).toEqual([]);
    await expectProblem(await h.request(alice, 'DELETE', `/dashboards/${board.id}`), 404);
  });

  it('does not delete a report', async () => {
    for (const report of await reportsOf(alice)) {
      const res = await h.request(alice, 'DELETE', `/dashboards/${report.id}`);
      const problem = await expectProblem(res, res.status);
      expect([400, 403, 409]).toContain(problem.status);
      expect((await getBoard(alice, report.id)).isReport).toBe(true);
    }
    expect(await reportsOf(alice)).toHaveLength(2);
  });

  it('answers 400 for a malformed id', async () => {
    await expectFirstError(
      await h.request(alice, 'DELETE', '/dashboards/0'),
      400,
      'path.dashboardId',
    );
  });

  it('answers the same 404 for an unknown id and for a board of another account, which stays', async () => {
    const theirs = await createBoard(bob, { name: 'Theirs' });
    await expectSame404(
      await h.request(alice, 'DELETE', `/dashboards/${UNKNOWN_ID}`),
      await h.request(alice, 'DELETE', `/dashboards/${theirs.id}`),
    );
    expect(await getBoard(bob, theirs.id)).toEqual(theirs);
  });

  it('answers 401 without a token and keeps the board', async () => {
    const board = await createBoard(alice, { name: 'B' });
    await expectProblem(await h.request(null, 'DELETE', `/dashboards/${board.id}`), 401);
    expect(await getBoard(alice, board.id)).toEqual(board);
  });
});

describe('POST /dashboards/{dashboardId}/clone', () => {
  it('copies the board with its items, headers, settings and labels under the new tag', async () => {
    const { board } = await richBoard(alice);
    const copy = await expectJson(
      await h.request(carol, 'POST', `/dashboards/${board.id}/clone`, { tag: 'board-copy' }),
      201,
      Dashboard,
    );
    expect(copy.id).not.toBe(board.id);
    expect(copy).toMatchObject({
      tag: 'board-copy',
      accountId: alice.accountId,
      createdById: carol.userId,
      modifiedById: carol.userId,
      isReport: false,
      archived: false,
      settings: board.settings,
      insightsCount: 2,
      sectionHeadersCount: 1,
    });
    expect(copy.tags.map((t) => t.name)).toEqual(board.tags.map((t) => t.name));
    const strip = (layout: ReturnType<typeof layoutOf>) => ({
      items: layout.items.map(({ id: _id, ...rest }) => rest),
      headers: layout.headers.map(({ id: _id, ...rest }) => rest),
    });
    expect(strip(layoutOf(copy))).toEqual(strip(layoutOf(board)));
    const originalIds = [
      ...board.insights.map((i) => i.id),
      ...board.sectionHeaders.map((s) => s.id),
    ];
    for (const item of copy.insights) {
      expect(item.dashboardId).toBe(copy.id);
      expect(originalIds).not.toContain(item.id);
    }
    for (const header of copy.sectionHeaders) {
      expect(header.dashboardId).toBe(copy.id);
      expect(originalIds).not.toContain(header.id);
    }
    expect(await getBoard(alice, copy.id)).toEqual(copy);
    expect(
      (
        await expectJson(
          await h.request(alice, 'GET', '/dashboards/tag/board-copy'),
          200,
          Dashboard,
        )
      ).id,
    ).toBe(copy.id);
    expect(await getBoard(alice, board.id)).toEqual(board);
    const usage = (await usagesOf(alice)).items.find((u) => u.tagName === 'finance');
    expect(usage?.dashboardsIds?.slice().sort()).toEqual([board.id, copy.id].sort());
  });

  it('keeps the copy apart from the original', async () => {
    const { board } = await richBoard(alice);
    const copy = await expectJson(
      await h.request(alice, 'POST', `/dashboards/${board.id}/clone`, { tag: 'copy' }),
      201,
      Dashboard,
    );
    await expectJson(
      await h.request(alice, 'PUT', `/dashboards/${copy.id}`, {
        name: 'Copy',
        insights: [],
        sectionHeaders: [],
      }),
      200,
      Dashboard,
    );
    expect(await getBoard(alice, board.id)).toEqual(board);
  });

  it('clones a report into an ordinary board', async () => {
    const [performance] = await reportsOf(alice);
    const copy = await expectJson(
      await h.request(alice, 'POST', `/dashboards/${performance!.id}/clone`, {
        tag: 'my-performance',
      }),
      201,
      Dashboard,
    );
    expect(copy.isReport).toBe(false);
    expect(await reportsOf(alice)).toHaveLength(2);
  });

  it('ignores server-owned fields in the body', async () => {
    const { board } = await richBoard(alice);
    const before = Date.now();
    const copy = await expectJson(
      await h.request(alice, 'POST', `/dashboards/${board.id}/clone`, {
        tag: 'copy',
        id: board.id,
        ...forgedOwnership(bob),
        isReport: true,
      }),
      201,
      Dashboard,
    );
    expect(copy.id).not.toBe(board.id);
    expect(copy).toMatchObject({
      accountId: alice.accountId,
      createdById: alice.userId,
      modifiedById: alice.userId,
      isReport: false,
    });
    expect(Date.parse(copy.dateCreated)).toBeGreaterThanOrEqual(before - 1);
    expect(await getBoard(alice, board.id)).toEqual(board);
  });

  it.each([
    ['another board', 'board-a'],
    ['a report', 'process-report'],
  ])('answers 409 when the tag is taken by %s', async (_label, tag) => {
    const { board } = await richBoard(alice);
    await expectFirstError(
      await h.request(alice, 'POST', `/dashboards/${board.id}/clone`, { tag }),
      409,
      'body.tag',
    );
    expect((await listBoards(alice)).totalCount).toBe(3);
  });

  it('accepts a tag that only another account uses', async () => {
    await createBoard(bob, { name: 'Theirs', tag: 'shared' });
    const board = await createBoard(alice, { name: 'Mine' });
    expect(
      (
        await expectJson(
          await h.request(alice, 'POST', `/dashboards/${board.id}/clone`, { tag: 'shared' }),
          201,
          Dashboard,
        )
      ).tag,
    ).toBe('shared');
  });

  it.each<[string, unknown, string]>([
    ['no tag', {}, 'body.tag'],
    ['a bad tag', { tag: 'Bad Tag' }, 'body.tag'],
    ['a numeric tag', { tag: 7 }, 'body.tag'],
  ])('answers 400 for %s', async (_label, body, path) => {
    const board = await createBoard(alice, { name: 'B' });
    await expectFirstError(
      await h.request(alice, 'POST', `/dashboards/${board.id}/clone`, body),
      400,
      path,
    );
    expect((await listBoards(alice)).totalCount).toBe(3);
  });

  it('answers 400 for a malformed id', async () => {
    await expectFirstError(
      await h.request(alice, 'POST', '/dashboards/nope/clone', { tag: 'x' }),
      400,
      'path.dashboardId',
    );
  });

  it('answers the same 404 for an unknown id and for a board of another account', async () => {
    const theirs = await createBoard(bob, { name: 'Theirs' });
    await expectSame404(
      await h.request(alice, 'POST', `/dashboards/${UNKNOWN_ID}/clone`, { tag: 'copy' }),
      await h.request(alice, 'POST', `/dashboards/${theirs.id}/clone`, { tag: 'copy' }),
    );
    expect((await listBoards(alice)).totalCount).toBe(2);
    expect((await listBoards(bob)).totalCount).toBe(3);
  });

  it('answers 401 without a token', async () => {
    const board = await createBoard(alice, { name: 'B' });
    await expectProblem(
      await h.request(null, 'POST', `/dashboards/${board.id}/clone`, { tag: 'copy' }),
      401,
    );
    expect((await listBoards(alice)).totalCount).toBe(3);
  });
});

describe('GET /dashboards/tag/{tag}', () => {
  it('gets the board with that tag', async () => {
    const { board } = await richBoard(alice, 'by_tag-1');
    expect(
      await expectJson(await h.request(alice, 'GET', '/dashboards/tag/by_tag-1'), 200, Dashboard),
    ).toEqual(board);
  });

  it('gets each account’s own board for a tag both use', async () => {
    const mine = await createBoard(alice, { name: 'Mine', tag: 'same' });
    const theirs = await createBoard(bob, { name: 'Theirs', tag: 'same' });
    expect(
      (await expectJson(await h.request(alice, 'GET', '/dashboards/tag/same'), 200, Dashboard)).id,
    ).toBe(mine.id);
    expect(
      (await expectJson(await h.request(bob, 'GET', '/dashboards/tag/same'), 200, Dashboard)).id,
    ).toBe(theirs.id);
  });

  it.each(['Upper', 'with%20space', '-lead', 'a'.repeat(65)])(
    'answers 400 for the malformed tag %s',
    async (tag) => {
      await expectFirstError(
        await h.request(alice, 'GET', `/dashboards/tag/${tag}`),
        400,
        'path.tag',
      );
    },
  );

  it('answers the same 404 for an unknown tag and for a tag of another account', async () => {
    await createBoard(bob, { name: 'Theirs', tag: 'theirs-only' });
    await expectSame404(
      await h.request(alice, 'GET', '/dashboards/tag/no-such-tag'),
      await h.request(alice, 'GET', '/dashboards/tag/theirs-only'),
    );
  });

  it('answers 401 without a token', async () => {
    await createBoard(alice, { name: 'B', tag: 'b' });
    await expectProblem(await h.request(null, 'GET', '/dashboards/tag/b'), 401);
  });
});

describe('GET /dashboards/tags/usages', () => {
  async function seed() {
    const a = await createBoard(alice, {
      name: 'A',
      tags: [
        { name: 'finance', title: 'Finance' },
        { name: 'ops', title: 'Operations' },
      ],
    });
    const b = await createBoard(alice, {
      name: 'B',
      tags: [{ name: 'finance', title: 'Finance' }],
    });
    await createBoard(alice, { name: 'C' });
    await createBoard(bob, { name: 'Theirs', tags: [{ name: 'secret', title: 'Secret' }] });
    return { a, b };
  }

  it('lists each label of the account with the boards that carry it', async () => {
    const { a, b } = await seed();
    const usages = await usagesOf(alice);
    expect(
      usages.items.map((u) => ({ ...u, dashboardsIds: [...(u.dashboardsIds ?? [])].sort() })),
    ).toEqual([
      {
        tagName: 'finance',
        tagTitle: 'Finance',
        dashboardsCount: 2,
        dashboardsIds: [a.id, b.id].sort(),
      },
      { tagName: 'ops', tagTitle: 'Operations', dashboardsCount: 1, dashboardsIds: [a.id] },
    ]);
    const theirs = await usagesOf(bob);
    expect(theirs.items.map((u) => u.tagName)).toEqual(['secret']);
  });

  it('follows the labels as boards change and go', async () => {
    const { a, b } = await seed();
    await expectJson(
      await h.request(alice, 'PUT', `/dashboards/${a.id}`, {
        name: 'A',
        tags: [{ name: 'ops', title: 'Operations' }],
      }),
      200,
      Dashboard,
    );
    await noContent(await h.request(alice, 'DELETE', `/dashboards/${b.id}`));
    expect((await usagesOf(alice)).items).toEqual([
      { tagName: 'ops', tagTitle: 'Operations', dashboardsCount: 1, dashboardsIds: [a.id] },
    ]);
  });

  it.each([
    ['fields=tagName', ['tagName']],
    ['fields=tagName,dashboardsCount', ['dashboardsCount', 'tagName']],
    ['fields=dashboardsIds,tagTitle', ['dashboardsIds', 'tagTitle']],
  ])('returns only the fields asked for with %s', async (query, keys) => {
    await seed();
    const res = await h.request(alice, 'GET', `/dashboards/tags/usages?${query}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Record<string, unknown>[] };
    expect(body.items).toHaveLength(2);
    for (const item of body.items) expect(Object.keys(item).sort()).toEqual(keys);
    expect(body.items.map((i) => i.tagName ?? i.tagTitle)).toEqual(
      keys.includes('tagName') ? ['finance', 'ops'] : ['Finance', 'Operations'],
    );
  });

  it('answers a field selection in the shape its declared response schema allows', async () => {
    await seed();
    const res = await h.request(alice, 'GET', '/dashboards/tags/usages?fields=tagName');
    expect(res.status).toBe(200);
    const parsed = DashboardTagUsages.safeParse(await res.json());
    expect(parsed.error?.issues.slice(0, 3)).toBeUndefined();
  });

  it.each(['bogus', 'tagName{', 'tagName,,'])('answers 400 for fields=%s', async (fields) => {
    await expectFirstError(
      await h.request(alice, 'GET', `/dashboards/tags/usages?fields=${q(fields)}`),
      400,
      'query.fields',
    );
  });

  it('answers 401 without a token', async () => {
    await expectProblem(await h.request(null, 'GET', '/dashboards/tags/usages'), 401);
  });
});

describe('GET /dashboards/reports', () => {
  it('lists the Performance and the Process report of every new account', async () => {
    const mine = await reportsOf(alice);
    const theirs = await reportsOf(bob);
    for (const reports of [mine, theirs]) {
      expect(reports).toHaveLength(2);
      expect(reports[0]!.name).toMatch(/performance/i);
      expect(reports[1]!.name).toMatch(/process/i);
      for (const r of reports) expect(Object.keys(r).sort()).toEqual(['id', 'name']);
    }
    expect(await reportsOf(carol)).toEqual(mine);
    for (const report of mine) expect((await getBoard(alice, report.id)).isReport).toBe(true);
    for (const report of theirs) expect((await getBoard(bob, report.id)).isReport).toBe(true);
    expect(theirs.filter((r) => mine.some((m) => m.id === r.id))).toEqual([]);
    const fresh = await h.createUser('Gamma', 'gina@gamma.test');
    expect(await reportsOf(fresh)).toHaveLength(2);
  });

  it('does not list ordinary boards', async () => {
    await createBoard(alice, { name: 'A performance board' });
    expect(await reportsOf(alice)).toHaveLength(2);
  });

  it('answers 400 for a malformed account header', async () => {
    await expectFirstError(
      await h.request(alice, 'GET', '/dashboards/reports', undefined, {
        'gtmhub-accountId': 'acme',
      }),
      400,
      'header.gtmhub-accountId',
    );
  });

  it('answers 401 without a token', async () => {
    await expectProblem(await h.request(null, 'GET', '/dashboards/reports'), 401);
  });
});

describe('PUT /dashboards/items/{id}', () => {
  const ITEM_ID = 'abcdefabcdefabcdefabcdef';

  it('creates an item and then replaces it', async () => {
    const board = await createBoard(alice, { name: 'Board' });
    const revenue = await createKpi(h, alice, { name: 'Revenue' });
    const cost = await createKpi(h, alice, { name: 'Cost' });
    await noContent(
      await h.request(carol, 'PUT', `/dashboards/items/${ITEM_ID}`, {
        dashboardId: board.id,
        type: 'kpi-number',
        insightTitle: 'Revenue',
        row: 1,
        col: 2,
        sizeX: 3,
        sizeY: 2,
        settings: kpiSetting(revenue.id),
      }),
    );
    const created = await getBoard(alice, board.id);
    expect(created.insights).toHaveLength(1);
    expect(created.insights[0]).toMatchObject({
      id: ITEM_ID,
      dashboardId: board.id,
      type: 'kpi-number',
      insightTitle: 'Revenue',
      row: 1,
      col: 2,
      sizeX: 3,
      sizeY: 2,
      settings: kpiSetting(revenue.id),
    });
    expect(created.modifiedById).toBe(carol.userId);

    await noContent(
      await h.request(alice, 'PUT', `/dashboards/items/${ITEM_ID}`, {
        dashboardId: board.id,
        type: 'kpi-chart',
        row: 0,
        col: 0,
        sizeX: 12,
        sizeY: 4,
        settings: kpiSetting(revenue.id, cost.id),
      }),
    );
    const replaced = await getBoard(alice, board.id);
    expect(replaced.insights).toHaveLength(1);
    expect(replaced.insights[0]).toMatchObject({
      id: ITEM_ID,
      type: 'kpi-chart',
      insightTitle: '',
      row: 0,
      col: 0,
      sizeX: 12,
      sizeY: 4,
      settings: kpiSetting(revenue.id, cost.id),
    });
    expect(replaced.insightsCount).toBe(1);
  });

  it('keeps the other items of the board', async () => {
    const { board, cost } = await richBoard(alice);
    await noContent(
      await h.request(alice, 'PUT', `/dashboards/items/${ITEM_ID}`, {
        dashboardId: board.id,
        row: 9,
        col: 0,
        sizeX: 2,
        sizeY: 2,
        settings: kpiSetting(cost.id),
      }),
    );
    const read = await getBoard(alice, board.id);
    expect(read.insights.map((i) => i.id).sort()).toEqual(
      [...board.insights.map((i) => i.id), ITEM_ID].sort(),
    );
    expect(read.sectionHeaders).toEqual(board.sectionHeaders);
  });

  it('ignores server-owned fields in the body: the path names the item', async () => {
    const board = await createBoard(alice, { name: 'Board' });
    const revenue = await createKpi(h, alice, { name: 'Revenue' });
    await noContent(
      await h.request(alice, 'PUT', `/dashboards/items/${ITEM_ID}`, {
        dashboardId: board.id,
        id: UNKNOWN_ID,
        accountId: bob.accountId,
        createdById: bob.userId,
        dateCreated: OLD_INSTANT,
        row: 0,
        col: 0,
        sizeX: 2,
        sizeY: 2,
        settings: kpiSetting(revenue.id),
      }),
    );
    const read = await getBoard(alice, board.id);
    expect(read.insights.map((i) => i.id)).toEqual([ITEM_ID]);
    expect(read).toMatchObject({
      accountId: alice.accountId,
      createdById: alice.userId,
      dateCreated: board.dateCreated,
    });
  });

  it.each<[string, (kpi: string, board: string) => unknown, string]>([
    [
      'no dashboardId',
      (k) => ({ row: 0, col: 0, sizeX: 1, sizeY: 1, settings: kpiSetting(k) }),
      'body.dashboardId',
    ],
    [
      'a malformed dashboardId',
      (k) => ({ dashboardId: 'b1', row: 0, col: 0, sizeX: 1, sizeY: 1, settings: kpiSetting(k) }),
      'body.dashboardId',
    ],
    ['no placement', (k, b) => ({ dashboardId: b, settings: kpiSetting(k) }), 'body.'],
    [
      'a width of 0',
      (k, b) => ({ dashboardId: b, row: 0, col: 0, sizeX: 0, sizeY: 1, settings: kpiSetting(k) }),
      'body.sizeX',
    ],
    [
      'an item reaching past the grid',
      (k, b) => ({ dashboardId: b, row: 0, col: 8, sizeX: 6, sizeY: 1, settings: kpiSetting(k) }),
      'body.sizeX',
    ],
    [
      'a KPI item without KPIs',
      (_k, b) => ({ dashboardId: b, row: 0, col: 0, sizeX: 1, sizeY: 1 }),
      'body.settings',
    ],
    [
      'an unknown KPI',
      (_k, b) => ({
        dashboardId: b,
        row: 0,
        col: 0,
        sizeX: 1,
        sizeY: 1,
        settings: kpiSetting(UNKNOWN_ID),
      }),
      'body.settings',
    ],
    [
      'a known and an unknown KPI',
      (k, b) => ({
        dashboardId: b,
        row: 0,
        col: 0,
        sizeX: 1,
        sizeY: 1,
        settings: kpiSetting(k, UNKNOWN_ID),
      }),
      'body.settings',
    ],
    [
      'settings that are not a list',
      (_k, b) => ({ dashboardId: b, row: 0, col: 0, sizeX: 1, sizeY: 1, settings: 'kpiIds' }),
      'body.settings',
    ],
  ])('answers 400 for %s and saves nothing', async (_label, makeBody, path) => {
    const board = await createBoard(alice, { name: 'Board' });
    const revenue = await createKpi(h, alice, { name: 'Revenue' });
    const problem = await expectProblem(
      await h.request(alice, 'PUT', `/dashboards/items/${ITEM_ID}`, makeBody(revenue.id, board.id)),
      400,
    );
    expect(problem.errors?.[0]?.path.startsWith(path)).toBe(true);
    expect((await getBoard(alice, board.id)).insights).toEqual([]);
  });

  it('answers 400 for an item naming a KPI of another account', async () => {
    const board = await createBoard(alice, { name: 'Board' });
    const theirs = await createKpi(h, bob, { name: 'Their KPI' });
    await expectFirstError(
      await h.request(alice, 'PUT', `/dashboards/items/${ITEM_ID}`, {
        dashboardId: board.id,
        row: 0,
        col: 0,
        sizeX: 1,
        sizeY: 1,
        settings: kpiSetting(theirs.id),
      }),
      400,
      'body.settings',
    );
    expect((await getBoard(alice, board.id)).insights).toEqual([]);
  });

  it('answers 400 for a malformed item id', async () => {
    const board = await createBoard(alice, { name: 'Board' });
    const revenue = await createKpi(h, alice, { name: 'Revenue' });
    await expectFirstError(
      await h.request(alice, 'PUT', '/dashboards/items/item-1', {
        dashboardId: board.id,
        row: 0,
        col: 0,
        sizeX: 1,
        sizeY: 1,
        settings: kpiSetting(revenue.id),
      }),
      400,
      'path.id',
    );
  });

  it('answers the same 404 for an unknown board and for a board of another account, which stays as it was', async () => {
    const revenue = await createKpi(h, alice, { name: 'Revenue' });
    const theirs = await createBoard(bob, { name: 'Theirs' });
    const body = (dashboardId: string) => ({
      dashboardId,
      row: 0,
      col: 0,
      sizeX: 1,
      sizeY: 1,
      settings: kpiSetting(revenue.id),
    });
    await expectSame404(
      await h.request(alice, 'PUT', `/dashboards/items/${ITEM_ID}`, body(UNKNOWN_ID)),
      await h.request(alice, 'PUT', `/dashboards/items/${ITEM_ID}`, body(theirs.id)),
    );
    expect(await getBoard(bob, theirs.id)).toEqual(theirs);
  });

  it('answers 401 without a token', async () => {
    const board = await createBoard(alice, { name: 'Board' });
    const revenue = await createKpi(h, alice, { name: 'Revenue' });
    await expectProblem(
      await h.request(null, 'PUT', `/dashboards/items/${ITEM_ID}`, {
        dashboardId: board.id,
        row: 0,
        col: 0,
        sizeX: 1,
        sizeY: 1,
        settings: kpiSetting(revenue.id),
      }),
      401,
    );
    expect((await getBoard(alice, board.id)).insights).toEqual([]);
  });
});

describe('deleting a KPI', () => {
  it('removes it from the items that show it; items left without KPIs disappear', async () => {
    const { board, revenue, cost } = await richBoard(alice);
    const copy = await expectJson(
      await h.request(alice, 'POST', `/dashboards/${board.id}/clone`, { tag: 'copy' }),
      201,
      Dashboard,
    );
    const other = await createKpi(h, alice, { name: 'Other' });
    await noContent(
      await h.request(alice, 'PUT', `/dashboards/items/abcabcabcabcabcabcabcabc`, {
        dashboardId: board.id,
        row: 6,
        col: 0,
        sizeX: 2,
        sizeY: 2,
        settings: [{ name: 'colour', value: 'red' }, ...kpiSetting(other.id)],
      }),
    );

    expect((await h.request(alice, 'DELETE', `/kpis/${revenue.id}`)).status).toBe(204);

    for (const id of [board.id, copy.id]) {
      const read = await getBoard(alice, id);
      const settings = read.insights.map((i) => i.settings);
      expect(JSON.stringify(settings)).not.toContain(revenue.id);
      const chart = read.insights.find((i) => i.type === 'kpi-chart');
      expect(chart?.settings).toEqual(kpiSetting(cost.id));
      expect(read.insights.find((i) => i.type === 'kpi-number' && i.row === 0)).toBeUndefined();
      expect(read.sectionHeadersCount).toBe(1);
    }
    const read = await getBoard(alice, board.id);
    expect(read.insightsCount).toBe(2);
    expect(read.insights.find((i) => i.id === 'abcabcabcabcabcabcabcabc')?.settings).toEqual([
      { name: 'colour', value: 'red' },
      ...kpiSetting(other.id),
    ]);

    expect((await h.request(alice, 'DELETE', `/kpis/${cost.id}`)).status).toBe(204);
    const emptied = await getBoard(alice, copy.id);
    expect(emptied.insights).toEqual([]);
    expect(emptied.insightsCount).toBe(0);
  });
});

describe('every dashboard endpoint', () => {
  const endpoints: [string, string, unknown?][] = [
    ['GET', `${V2}/dashboards`],
    ['POST', '/dashboards', { name: 'x' }],
    ['GET', '/dashboards/reports'],
    ['GET', '/dashboards/tag/{tag}'],
    ['GET', '/dashboards/tags/usages'],
    ['GET', '/dashboards/{dashboardId}'],
    ['PUT', '/dashboards/{dashboardId}', { name: 'x' }],
    ['DELETE', '/dashboards/{dashboardId}'],
    ['POST', '/dashboards/{dashboardId}/clone', { tag: 'copy' }],
    ['PUT', '/dashboards/items/{id}', 'item'],
  ];

  async function target(path: string, body: unknown) {
    const board = await createBoard(alice, { name: 'Board', tag: 'board' });
    const kpi = await createKpi(h, alice, { name: 'Revenue' });
    const url = path
      .replace('{dashboardId}', board.id)
      .replace('{tag}', 'board')
      .replace('{id}', 'abcdefabcdefabcdefabcdef');
    const payload =
      body === 'item'
        ? {
            dashboardId: board.id,
            row: 0,
            col: 0,
            sizeX: 1,
            sizeY: 1,
            settings: kpiSetting(kpi.id),
          }
        : body;
    return { board, url, payload };
  }

  it.each(endpoints)(
    '%s %s answers 401 with a Bearer challenge without a token',
    async (method, path, body) => {
      const { board, url, payload } = await target(path, body);
      const res = await h.request(null, method, url, payload);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      await expectProblem(res, 401);
      expect(await getBoard(alice, board.id)).toEqual(board);
    },
  );

  it.each(endpoints)(
    '%s %s answers 403 for an account the user is not a member of',
    async (method, path, body) => {
      const { board, url, payload } = await target(path, body);
      await expectProblem(
        await h.request(bob, method, url, payload, { 'gtmhub-accountId': alice.accountId }),
        403,
      );
      expect(await getBoard(alice, board.id)).toEqual(board);
    },
  );
});
