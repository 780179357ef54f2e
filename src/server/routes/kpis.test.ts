import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ID_PATTERN } from '../../contract/common.ts';
import { Dashboard } from '../../contract/dashboards.ts';
import { Kpi, KpiList, VirtualGroupFavorites, type CreateKpiRequest } from '../../contract/kpis.ts';
import { OTHER_WRITES_CHECK_MS } from '../db/sqlite/shared.ts';
import type { Harness, TestUser } from '../testing/harness.ts';
import {
  API_BASES,
  INSTANT_PATTERN,
  UNKNOWN_ID,
  createGroup,
  createKpi,
  createPeople,
  createProjection,
  expectJson,
  expectProblem,
  getKpi,
  qs,
  recordSnapshot,
  rowsOf,
  withBadToken,
  useHarness,
  type People,
} from '../testing/fixtures.ts';

const InsightUsages = z.object({ items: z.array(Kpi), totalCount: z.number().int() });

const LIST = '/results/api/v2/kpis';

const SAMPLE_INSIGHT = {
  fieldName: 'total',
  insightName: 'revenue-insight',
  insightValue: 2,
  settings: [
    {
      name: 'team',
      value: 'sales',
      valueDisplayName: 'Sales',
      valueDisplayNameAsArray: ['Sales'],
      dynamicValues: [{ teamId: 'ID', type: 'DynamicValueType' }],
    },
  ],
  usedDataSourceBlueprintNames: ['salesforce'],
};

/** Fields a client might send back from an answer; the server owns every one of them. */
function forgedServerFields(people: People) {
  return {
    id: UNKNOWN_ID,
    accountId: people.eve.accountId,
    createdById: people.eve.userId,
    modifiedById: people.eve.userId,
    dateCreated: '2000-01-01T00:00:00.000Z',
    dateUpdated: '2000-01-01T00:00:00.000Z',
    isOwner: false,
    favorite: true,
    currentUserAllowedActions: ['forged-action'],
  };
}

let h: Harness;
let people: People;
let alice: TestUser;
let bob: TestUser;
let eve: TestUser;

useHarness(async (harness) => {
  h = harness;
  people = await createPeople(harness);
  ({ alice, bob, eve } = people);
});

describe('POST /kpis', () => {
  it('creates a KPI with the documented defaults and the current user as owner', async () => {
    const kpi = await createKpi(h, alice, { name: '  Revenue  ' });
    expect(kpi.id).toMatch(ID_PATTERN);
    expect(kpi).toMatchObject({
      accountId: alice.accountId,
      name: 'Revenue',
      description: '',
      aggregation: 'last',
      targetOperator: 'should_increase',
      formatting: { prefix: '', suffix: '', fractionSize: 0 },
      groups: [],
      ownerId: alice.userId,
      ownerIds: [alice.userId],
      isOwner: true,
      insightLink: null,
      projections: [],
      createdById: alice.userId,
      modifiedById: alice.userId,
    });
    expect(kpi.dateCreated).toMatch(INSTANT_PATTERN);
    expect(kpi.dateUpdated).toMatch(INSTANT_PATTERN);
    expect(Math.abs(Date.parse(kpi.dateCreated) - Date.now())).toBeLessThan(60_000);
    expect(await getKpi(h, alice, kpi.id)).toEqual(kpi);
  });

  it('stores every field of the reference sample', async () => {
    const growth = await createGroup(h, alice, 'Growth');
    const sales = await createGroup(h, alice, 'Sales');
    const res = await h.request(alice, 'POST', '/kpis', {
      name: 'New customers',
      aggregation: 'average',
      description: 'The average number of new customers per day in a given time period.',
      formatting: { fractionSize: 2, prefix: '$', suffix: ' / day' },
      groups: [growth.id, sales.id],
      groupsOrder: "{'group1_id': 2, 'group2_id': 5}",
      insight: SAMPLE_INSIGHT,
      targetOperator: 'should_decrease',
      ownerIds: [bob.userId, alice.userId],
    });
    const kpi = await expectJson(res, 201, Kpi);
    expect(kpi).toMatchObject({
      name: 'New customers',
      aggregation: 'average',
      description: 'The average number of new customers per day in a given time period.',
      formatting: { fractionSize: 2, prefix: '$', suffix: ' / day' },
      groups: [growth.id, sales.id],
      targetOperator: 'should_decrease',
      ownerId: bob.userId,
      ownerIds: [bob.userId, alice.userId],
      isOwner: true,
      insightLink: {
        fieldName: 'total',
        insightName: 'revenue-insight',
        settings: SAMPLE_INSIGHT.settings,
        usedDataSourceBlueprintNames: ['salesforce'],
      },
    });
    expect(await getKpi(h, alice, kpi.id)).toEqual(kpi);
  });

  it.each([['min' as const], ['max' as const], ['sum' as const]])(
    'accepts the %s aggregation',
    async (aggregation) => {
      expect((await createKpi(h, alice, { aggregation })).aggregation).toBe(aggregation);
    },
  );

  it('never takes server-owned fields from the body', async () => {
    const res = await h.request(alice, 'POST', '/kpis', {
      name: 'Forged',
      ...forgedServerFields(people),
    });
    const kpi = await expectJson(res, 201, Kpi);
    expect(kpi.id).not.toBe(UNKNOWN_ID);
    expect(kpi.accountId).toBe(alice.accountId);
    expect(kpi.createdById).toBe(alice.userId);
    expect(kpi.modifiedById).toBe(alice.userId);
    expect(kpi.dateCreated.startsWith('2000')).toBe(false);
    expect(kpi.dateUpdated.startsWith('2000')).toBe(false);
    expect(kpi.isOwner).toBe(true);
    expect(kpi.currentUserAllowedActions).not.toContain('forged-action');
    expect(await getKpi(h, alice, kpi.id)).toEqual(kpi);
    await expectProblem(await h.request(alice, 'GET', `/kpis/${UNKNOWN_ID}`), 404);
    await expectProblem(await h.request(eve, 'GET', `/kpis/${kpi.id}`), 404);
  });

  it('takes owners among the members of the account', async () => {
    const kpi = await createKpi(h, alice, { ownerIds: [bob.userId] });
    expect(kpi).toMatchObject({ ownerId: bob.userId, ownerIds: [bob.userId], isOwner: false });
    expect((await getKpi(h, bob, kpi.id)).isOwner).toBe(true);
    const single = await createKpi(h, alice, { ownerId: bob.userId });
    expect(single).toMatchObject({ ownerId: bob.userId, ownerIds: [bob.userId] });
  });

  it.each([
    ['ownerId of another account', (p: People) => ({ ownerId: p.eve.userId })],
    [
      'ownerIds with a user of another account',
      (p: People) => ({ ownerIds: [p.alice.userId, p.eve.userId] }),
    ],
    ['ownerIds with an unknown user', () => ({ ownerIds: [UNKNOWN_ID] })],
  ])('answers 400 for %s', async (_name, owners) => {
    const res = await h.request(alice, 'POST', '/kpis', { name: 'Owned', ...owners(people) });
    const problem = await expectProblem(res, 400);
    expect(problem.errors?.[0]?.path).toMatch(/^body\.ownerIds?$/);
    await expectListNames(alice, {}, []);
  });

  it('answers 400 for groups that do not exist in the account', async () => {
    const mine = await createGroup(h, alice, 'Mine');
    const theirs = await createGroup(h, eve, 'Theirs');
    for (const groups of [[UNKNOWN_ID], [mine.id, theirs.id]]) {
      await expectProblem(
        await h.request(alice, 'POST', '/kpis', { name: 'Grouped', groups }),
        400,
        'body.groups',
      );
    }
    await expectListNames(alice, {}, []);
  });

  it.each<[string, unknown, string | undefined]>([
    ['an empty body', {}, 'body.name'],
    ['an empty name', { name: '' }, 'body.name'],
    ['a blank name', { name: '   ' }, 'body.name'],
    ['a number as name', { name: 42 }, 'body.name'],
    ['a name of 256 characters', { name: 'x'.repeat(256) }, 'body.name'],
    ['an unknown aggregation', { name: 'A', aggregation: 'median' }, 'body.aggregation'],
    ['an unknown targetOperator', { name: 'A', targetOperator: 'up' }, 'body.targetOperator'],
    [
      'fractionSize 11',
      { name: 'A', formatting: { fractionSize: 11 } },
      'body.formatting.fractionSize',
    ],
    [
      'fractionSize -1',
      { name: 'A', formatting: { fractionSize: -1 } },
      'body.formatting.fractionSize',
    ],
    [
      'fractionSize 1.5',
      { name: 'A', formatting: { fractionSize: 1.5 } },
      'body.formatting.fractionSize',
    ],
    [
      'a prefix of 17 characters',
      { name: 'A', formatting: { prefix: 'p'.repeat(17) } },
      'body.formatting.prefix',
    ],
    ['a group id that is not an id', { name: 'A', groups: ['growth'] }, 'body.groups[0]'],
    ['groups that is not a list', { name: 'A', groups: 'x' }, 'body.groups'],
    ['an ownerId that is not an id', { name: 'A', ownerId: 'alice' }, 'body.ownerId'],
    [
      'an insight without insightName',
      { name: 'A', insight: { fieldName: 'x' } },
      'body.insight.insightName',
    ],
    [
      'a description over 20000 characters',
      { name: 'A', description: 'd'.repeat(20_001) },
      'body.description',
    ],
    ['a JSON array', [{ name: 'A' }], undefined],
    ['malformed JSON', '{"name": "A",', undefined],
  ])('answers 400 for %s', async (_name, body, path) => {
    await expectProblem(await h.request(alice, 'POST', '/kpis', body), 400, path);
    await expectListNames(alice, {}, []);
  });

  it('says that a malformed body is not JSON', async () => {
    const problem = await expectProblem(await h.request(alice, 'POST', '/kpis', '{"name":'), 400);
    expect(problem.detail).toMatch(/json/i);
  });
});

describe('GET /kpis/{kpiId}', () => {
  const description =
    '## Goal\n**Grow** revenue with @[Jane Doe:jane@acme.test:5e8c27e3dcdddaa4addbdee8], see [plan](https://x.test).';

  it('answers the KPI', async () => {
    const created = await createKpi(h, alice, { name: 'Revenue', description });
    const kpi = await getKpi(h, alice, created.id);
    expect(kpi).toEqual(created);
    expect(kpi.description).toBe(description);
  });

  it('strips markdown and mention markup with ?formatting=plainText', async () => {
    const created = await createKpi(h, alice, { description });
    const res = await h.request(alice, 'GET', `/kpis/${created.id}?formatting=plainText`);
    const kpi = await expectJson(res, 200, Kpi);
    expect(kpi.description).toBe('Goal\nGrow revenue with @Jane Doe, see plan.');
    expect(kpi.description).not.toMatch(/[*#[\]]/);
    expect({ ...kpi, description }).toEqual(created);
    const stored = await getKpi(h, alice, created.id);
    expect(stored.description).toBe(description);
  });

  it('keeps the markup with ?formatting=mentionsMarkup', async () => {
    const created = await createKpi(h, alice, { description });
    const res = await h.request(alice, 'GET', `/kpis/${created.id}?formatting=mentionsMarkup`);
    expect((await expectJson(res, 200, Kpi)).description).toBe(description);
  });

  it('tells each user whether they own the KPI', async () => {
    const kpi = await createKpi(h, alice);
    expect((await getKpi(h, alice, kpi.id)).isOwner).toBe(true);
    expect((await getKpi(h, bob, kpi.id)).isOwner).toBe(false);
  });

  it('answers what is stored now, after every kind of change', async () => {
    const kpi = await createKpi(h, alice, { name: 'Revenue' });
    const group = await createGroup(h, alice, 'Sales');
    expect((await getKpi(h, alice, kpi.id)).name).toBe('Revenue');
    expect((await getKpi(h, bob, kpi.id)).name).toBe('Revenue');

    await h.request(alice, 'PATCH', `/kpis/${kpi.id}`, { name: 'Income' });
    expect((await getKpi(h, bob, kpi.id)).name).toBe('Income');
    await createProjection(h, alice, kpi.id, '2031-01-01', 5);
    expect((await getKpi(h, alice, kpi.id)).projections.map((p) => p.value)).toEqual([5]);
    await h.request(alice, 'PUT', `/kpis/${kpi.id}/groups/${group.id}`);
    expect((await getKpi(h, alice, kpi.id)).groups).toEqual([group.id]);
    // A write that does not go through the API.
    h.db.prepare('UPDATE kpis SET name = ? WHERE id = ?').run('Turnover', kpi.id);
    expect((await getKpi(h, alice, kpi.id)).name).toBe('Turnover');
    await h.request(alice, 'DELETE', `/kpis/${kpi.id}`);
    await expectProblem(await h.request(alice, 'GET', `/kpis/${kpi.id}`), 404);
  });

  it('sees a commit by another connection to the database, after a few milliseconds', async () => {
    const kpi = await createKpi(h, alice, { name: 'Revenue' });
    expect((await getKpi(h, alice, kpi.id)).name).toBe('Revenue');
    const other = new Database(h.db.name);
    try {
      other.prepare('UPDATE kpis SET name = ? WHERE id = ?').run('Income', kpi.id);
    } finally {
      other.close();
    }
    await new Promise((resolve) => setTimeout(resolve, OTHER_WRITES_CHECK_MS + 1));
    expect((await getKpi(h, alice, kpi.id)).name).toBe('Income');
  });

  it.each(['html', 'PlainText', 'markdown'])(
    'answers 400 for ?formatting=%s',
    async (formatting) => {
      const kpi = await createKpi(h, alice);
      const res = await h.request(alice, 'GET', `/kpis/${kpi.id}${qs({ formatting })}`);
      await expectProblem(res, 400, 'query.formatting');
    },
  );

  it.each([
    'revenue',
    '0123456789ABCDEF01234567',
    '0123456789abcdef0123456',
    '0123456789abcdef012345678',
  ])('answers 400 for the kpiId %s', async (kpiId) => {
    await expectProblem(await h.request(alice, 'GET', `/kpis/${kpiId}`), 400, 'path.kpiId');
  });
});

describe('PATCH /kpis/{kpiId}', () => {
  async function patch(user: TestUser, kpiId: string, body: unknown): Promise<Kpi> {
    return expectJson(await h.request(user, 'PATCH', `/kpis/${kpiId}`, body), 200, Kpi);
  }

  async function fullKpi(): Promise<Kpi> {
    const group = await createGroup(h, alice, 'Growth');
    return createKpi(h, alice, {
      name: 'Revenue',
      description: 'Monthly revenue',
      aggregation: 'sum',
      targetOperator: 'should_increase',
      formatting: { prefix: '$', suffix: 'k', fractionSize: 1 },
      groups: [group.id],
      insight: SAMPLE_INSIGHT,
      ownerIds: [alice.userId, bob.userId],
    });
  }

  it('changes only the fields in the body', async () => {
    const before = await fullKpi();
    const after = await patch(bob, before.id, { name: 'Net revenue' });
    expect(after).toEqual({
      ...before,
      name: 'Net revenue',
      modifiedById: bob.userId,
      dateUpdated: after.dateUpdated,
      isOwner: true,
    });
    expect(Date.parse(after.dateUpdated)).toBeGreaterThan(Date.parse(before.dateUpdated));
    expect(after.createdById).toBe(alice.userId);
    expect(await getKpi(h, bob, before.id)).toEqual(after);
  });

  it.each<
    [
      string,
      (p: People) => Record<string, unknown>,
      (k: Kpi, p: People) => Partial<Kpi>,
      (keyof Kpi)[],
    ]
  >([
    [
      'description',
      () => ({ description: 'Quarterly' }),
      () => ({ description: 'Quarterly' }),
      ['richTextDescription'],
    ],
    ['aggregation', () => ({ aggregation: 'average' }), () => ({ aggregation: 'average' }), []],
    [
      'targetOperator',
      () => ({ targetOperator: 'should_decrease' }),
      () => ({ targetOperator: 'should_decrease' }),
      [],
    ],
    [
      'formatting.suffix alone',
      () => ({ formatting: { suffix: '%' } }),
      () => ({ formatting: { prefix: '$', suffix: '%', fractionSize: 1 } }),
      [],
    ],
    [
      'formatting.fractionSize alone',
      () => ({ formatting: { fractionSize: 3 } }),
      () => ({ formatting: { prefix: '$', suffix: 'k', fractionSize: 3 } }),
      [],
    ],
    ['groups, emptied', () => ({ groups: [] }), () => ({ groups: [] }), []],
    [
      'ownerIds',
      (p) => ({ ownerIds: [p.bob.userId] }),
      (_k, p) => ({ ownerId: p.bob.userId, ownerIds: [p.bob.userId], isOwner: false }),
      [],
    ],
    [
      'ownerIds, emptied',
      () => ({ ownerIds: [] }),
      () => ({ ownerId: null, ownerIds: [], isOwner: false }),
      [],
    ],
  ])('updates %s and nothing else', async (_name, body, changes, derived) => {
    const before = await fullKpi();
    const after = await patch(alice, before.id, body(people));
    const expected: Record<string, unknown> = {
      ...before,
      ...changes(before, people),
      modifiedById: alice.userId,
      dateUpdated: after.dateUpdated,
    };
    for (const key of derived) expected[key] = after[key];
    expect(after).toEqual(expected);
    expect(Date.parse(after.dateUpdated)).toBeGreaterThan(Date.parse(before.dateUpdated));
    expect(await getKpi(h, alice, before.id)).toEqual(after);
  });

  it('replaces the groups with groups of the account', async () => {
    const before = await fullKpi();
    const other = await createGroup(h, alice, 'Other');
    const after = await patch(alice, before.id, { groups: [other.id] });
    expect(after.groups).toEqual([other.id]);
  });

  it('answers 400 for an unknown group and changes nothing, not even the other fields', async () => {
    const before = await fullKpi();
    const theirs = await createGroup(h, eve, 'Theirs');
    for (const groups of [[UNKNOWN_ID], [theirs.id]]) {
      const res = await h.request(alice, 'PATCH', `/kpis/${before.id}`, {
        name: 'Changed',
        ownerIds: [bob.userId],
        groups,
      });
      await expectProblem(res, 400, 'body.groups');
    }
    expect(await getKpi(h, alice, before.id)).toEqual(before);
  });

  it.each([
    ['a user of another account', (p: People) => [p.eve.userId]],
    ['an unknown user', () => [UNKNOWN_ID]],
  ])('answers 400 for an owner who is %s', async (_name, owners) => {
    const before = await fullKpi();
    const res = await h.request(alice, 'PATCH', `/kpis/${before.id}`, {
      name: 'Changed',
      ownerIds: owners(people),
    });
    const problem = await expectProblem(res, 400);
    expect(problem.errors?.[0]?.path).toMatch(/^body\.ownerIds?$/);
    expect(await getKpi(h, alice, before.id)).toEqual(before);
  });

  describe('insight', () => {
    const other = { ...SAMPLE_INSIGHT, insightName: 'churn-insight', fieldName: 'rate' };
    const linkOf = (insight: typeof SAMPLE_INSIGHT) => ({
      fieldName: insight.fieldName,
      insightName: insight.insightName,
      settings: insight.settings,
      usedDataSourceBlueprintNames: insight.usedDataSourceBlueprintNames,
    });

    it.each<[string, unknown, 'kept' | 'other' | null]>([
      ['{ Present: true, Value } sets it', { Present: true, Value: other }, 'other'],
      ['{ Present: false, Value } leaves it', { Present: false, Value: other }, 'kept'],
      ['{ Present: true, Value: null } clears it', { Present: true, Value: null }, null],
      ['{ Present: true } without Value clears it', { Present: true }, null],
      ['a plain insight sets it', other, 'other'],
      ['null clears it', null, null],
    ])('%s', async (_name, insight, outcome) => {
      const before = await fullKpi();
      const after = await patch(alice, before.id, { insight });
      const expected =
        outcome === null ? null : linkOf(outcome === 'kept' ? SAMPLE_INSIGHT : other);
      expect(after.insightLink).toEqual(expected);
      expect((await getKpi(h, alice, before.id)).insightLink).toEqual(expected);
    });

    it('leaves the insight alone when the body does not name it', async () => {
      const before = await fullKpi();
      expect((await patch(alice, before.id, { name: 'Other' })).insightLink).toEqual(
        linkOf(SAMPLE_INSIGHT),
      );
    });

    it('answers 400 for an insight in neither form', async () => {
      const before = await fullKpi();
      const res = await h.request(alice, 'PATCH', `/kpis/${before.id}`, {
        insight: { Present: 'yes' },
      });
      await expectProblem(res, 400);
      expect(await getKpi(h, alice, before.id)).toEqual(before);
    });
  });

  it('accepts an empty body and answers the KPI unchanged apart from its modification', async () => {
    const before = await fullKpi();
    const after = await patch(bob, before.id, {});
    expect(after).toEqual({ ...before, modifiedById: bob.userId, dateUpdated: after.dateUpdated });
  });

  it('never takes server-owned fields from the body', async () => {
    const before = await fullKpi();
    const after = await patch(alice, before.id, { ...forgedServerFields(people), name: 'Renamed' });
    expect(after.id).toBe(before.id);
    expect(after.accountId).toBe(alice.accountId);
    expect(after.createdById).toBe(alice.userId);
    expect(after.modifiedById).toBe(alice.userId);
    expect(after.dateCreated).toBe(before.dateCreated);
    expect(after.dateUpdated.startsWith('2000')).toBe(false);
    expect(after.isOwner).toBe(true);
    expect(after.currentUserAllowedActions).toEqual(before.currentUserAllowedActions);
    expect(after.name).toBe('Renamed');
    expect(await getKpi(h, alice, before.id)).toEqual(after);
    await expectProblem(await h.request(alice, 'GET', `/kpis/${UNKNOWN_ID}`), 404);
  });

  it.each<[string, unknown, string | undefined]>([
    ['an empty name', { name: '' }, 'body.name'],
    ['a name that is not a string', { name: ['x'] }, 'body.name'],
    ['an unknown aggregation', { aggregation: 'median' }, 'body.aggregation'],
    ['an unknown targetOperator', { targetOperator: 'sideways' }, 'body.targetOperator'],
    ['fractionSize 11', { formatting: { fractionSize: 11 } }, 'body.formatting.fractionSize'],
    ['a group id that is not an id', { groups: [UNKNOWN_ID, 'nope'] }, 'body.groups[1]'],
    ['ownerIds that is not a list', { ownerIds: UNKNOWN_ID }, 'body.ownerIds'],
    ['malformed JSON', '{"name": ', undefined],
  ])('answers 400 for %s and changes nothing', async (_name, body, path) => {
    const before = await fullKpi();
    await expectProblem(await h.request(alice, 'PATCH', `/kpis/${before.id}`, body), 400, path);
    expect(await getKpi(h, alice, before.id)).toEqual(before);
  });

  it('answers 400 for a kpiId that is not an id', async () => {
    await expectProblem(
      await h.request(alice, 'PATCH', '/kpis/revenue', { name: 'x' }),
      400,
      'path.kpiId',
    );
  });
});

describe('DELETE /kpis/{kpiId}', () => {
  it('deletes the KPI with its snapshots and projections, and nothing else', async () => {
    const doomed = await createKpi(h, alice, { name: 'Doomed' });
    const kept = await createKpi(h, alice, { name: 'Kept' });
    for (const kpi of [doomed, kept]) {
      await recordSnapshot(h, alice, kpi.id, '2022-09-05', 1);
      await recordSnapshot(h, alice, kpi.id, '2022-W36', 2);
      await createProjection(h, alice, kpi.id, '2030-01-01', 3);
    }
    expect(rowsOf(h, 'snapshots', doomed.id)).toBe(2);
    expect(rowsOf(h, 'projections', doomed.id)).toBe(1);

    const res = await h.request(alice, 'DELETE', `/kpis/${doomed.id}`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');

    expect(rowsOf(h, 'snapshots', doomed.id)).toBe(0);
    expect(rowsOf(h, 'projections', doomed.id)).toBe(0);
    await expectProblem(await h.request(alice, 'GET', `/kpis/${doomed.id}`), 404);
    await expectProblem(await h.request(alice, 'GET', `/kpis/${doomed.id}/snapshots`), 404);
    await expectProblem(await h.request(alice, 'GET', `/kpis/${doomed.id}/projections`), 404);
    await expectListNames(alice, {}, ['Kept']);

    expect(rowsOf(h, 'snapshots', kept.id)).toBe(2);
    expect(rowsOf(h, 'projections', kept.id)).toBe(1);
    expect((await getKpi(h, alice, kept.id)).projections).toHaveLength(1);
  });

  it('takes the KPI off insightboards, and items that showed only it with it', async () => {
    const doomed = await createKpi(h, alice, { name: 'Doomed' });
    const kept = await createKpi(h, alice, { name: 'Kept' });
    const place = { row: 0, col: 0, sizeX: 2, sizeY: 2 };
    const created = await h.request(alice, 'POST', '/dashboards', {
      name: 'Board',
      insights: [
        { ...place, insightTitle: 'Only doomed', settings: [{ name: 'kpiIds', value: doomed.id }] },
        {
          ...place,
          row: 2,
          insightTitle: 'Both',
          settings: [{ name: 'kpiIds', value: `${doomed.id},${kept.id}` }],
        },
      ],
    });
    const board = await expectJson(created, 201, Dashboard);
    expect(board.insights).toHaveLength(2);

    expect((await h.request(alice, 'DELETE', `/kpis/${doomed.id}`)).status).toBe(204);
    const after = await expectJson(
      await h.request(alice, 'GET', `/dashboards/${board.id}`),
      200,
      Dashboard,
    );
    expect(
      after.insights.map((i) => [
        i.insightTitle,
        i.settings.find((s) => s.name === 'kpiIds')?.value,
      ]),
    ).toEqual([['Both', kept.id]]);
  });

  it('answers 404 the second time', async () => {
    const kpi = await createKpi(h, alice);
    expect((await h.request(alice, 'DELETE', `/kpis/${kpi.id}`)).status).toBe(204);
    await expectProblem(await h.request(alice, 'DELETE', `/kpis/${kpi.id}`), 404);
  });

  it('answers 400 for a kpiId that is not an id', async () => {
    await expectProblem(await h.request(alice, 'DELETE', '/kpis/everything'), 400, 'path.kpiId');
  });
});

// ---------------------------------------------------------------------------------------------
// GET /v2/kpis

async function listKpis(user: TestUser, params: Record<string, string | number | undefined>) {
  return expectJson(await h.request(user, 'GET', `${LIST}${qs(params)}`), 200, KpiList);
}

async function expectListNames(
  user: TestUser,
  params: Record<string, string | number | undefined>,
  names: string[],
) {
  const page = await listKpis(user, { sort: 'name', ...params });
  expect(page.items.map((k) => k.name)).toEqual(names);
  expect(page.count).toBe(names.length);
  return page;
}

describe('GET /v2/kpis', () => {
  interface Catalog {
    growth: string;
    support: string;
    revenue: Kpi;
    calls: Kpi;
    tickets: Kpi;
    churn: Kpi;
  }
  let c: Catalog;

  beforeEach(async () => {
    const growth = (await createGroup(h, alice, 'Growth')).id;
    const support = (await createGroup(h, alice, 'Support')).id;
    const create = (body: Partial<CreateKpiRequest>) => createKpi(h, alice, body);
    c = {
      growth,
      support,
      revenue: await create({
        name: 'Sales revenue',
        aggregation: 'sum',
        groups: [growth],
        insight: SAMPLE_INSIGHT,
      }),
      calls: await create({
        name: 'Sales calls',
        aggregation: 'average',
        groups: [growth, support],
        ownerIds: [bob.userId],
      }),
      tickets: await create({
        name: 'Support tickets',
        aggregation: 'last',
        targetOperator: 'should_decrease',
        description: 'Open tickets at the end of the day',
      }),
      churn: await create({
        name: 'Churn',
        aggregation: 'max',
        groups: [support],
        ownerIds: [alice.userId, bob.userId],
      }),
    };
    await createKpi(h, eve, { name: 'Sales of another account' });
  });

  it('answers every KPI of the account, parsed as the contract says', async () => {
    const page = await listKpis(alice, {});
    expect(page.totalCount).toBe(4);
    expect(page.count).toBe(4);
    expect(page.items.map((k) => k.accountId)).toEqual(Array(4).fill(alice.accountId));
    const full = page.items.map((k) => Kpi.parse(k));
    expect(full.find((k) => k.id === c.revenue.id)).toEqual(c.revenue);
  });

  it('answers only the KPIs of the account of the request', async () => {
    await expectListNames(eve, {}, ['Sales of another account']);
  });

  it.each<[string, (c: Catalog, p: People) => string, string[]]>([
    ['$regex', () => '{name:{$regex:"^Sales"}}', ['Sales calls', 'Sales revenue']],
    ['$regex is case-sensitive', () => '{name:{$regex:"^sales"}}', []],
    [
      '$regex with $options i',
      () => '{name:{$regex:"^sales",$options:"i"}}',
      ['Sales calls', 'Sales revenue'],
    ],
    ['$regex on description', () => '{description:{$regex:"end of the day"}}', ['Support tickets']],
    ['plain equality', () => '{aggregation:"sum"}', ['Sales revenue']],
    ['quoted keys', () => '{"targetOperator":{"$eq":"should_decrease"}}', ['Support tickets']],
    ['$ne', () => '{aggregation:{$ne:"sum"}}', ['Churn', 'Sales calls', 'Support tickets']],
    ['$in on a scalar', () => '{aggregation:{$in:["sum","max"]}}', ['Churn', 'Sales revenue']],
    [
      '$nin on a scalar',
      () => '{aggregation:{$nin:["sum","max"]}}',
      ['Sales calls', 'Support tickets'],
    ],
    ['$in on groups', (c) => `{groups:{$in:["${c.growth}"]}}`, ['Sales calls', 'Sales revenue']],
    [
      '$in on groups with two ids',
      (c) => `{groups:{$in:["${c.growth}","${c.support}"]}}`,
      ['Churn', 'Sales calls', 'Sales revenue'],
    ],
    ['$nin on groups', (c) => `{groups:{$nin:["${c.growth}"]}}`, ['Churn', 'Support tickets']],
    ['equality on groups', (c) => `{groups:"${c.support}"}`, ['Churn', 'Sales calls']],
    ['$exists false on groups', () => '{groups:{$exists:false}}', ['Support tickets']],
    [
      '$exists true on groups',
      () => '{groups:{$exists:true}}',
      ['Churn', 'Sales calls', 'Sales revenue'],
    ],
    ['ownerIds', (_c, p) => `{ownerIds:"${p.bob.userId}"}`, ['Churn', 'Sales calls']],
    [
      'ownerId',
      (_c, p) => `{ownerId:"${p.alice.userId}"}`,
      ['Churn', 'Sales revenue', 'Support tickets'],
    ],
    ['id', (c) => `{id:"${c.tickets.id}"}`, ['Support tickets']],
    ['the insight name', () => '{"insightLink.insightName":"revenue-insight"}', ['Sales revenue']],
    [
      '$and',
      (c) => `{$and:[{groups:{$in:["${c.growth}"]}},{aggregation:"average"}]}`,
      ['Sales calls'],
    ],
    ['$or', () => '{$or:[{aggregation:"last"},{aggregation:"max"}]}', ['Churn', 'Support tickets']],
    [
      '$or inside $and',
      (c) =>
        `{$and:[{$or:[{aggregation:"sum"},{aggregation:"max"}]},{groups:{$in:["${c.support}"]}}]}`,
      ['Churn'],
    ],
    [
      'two keys, which are ANDed',
      (c) => `{groups:{$in:["${c.growth}"]},name:{$regex:"calls"}}`,
      ['Sales calls'],
    ],
    [
      'dates after 2000',
      () => '{dateCreated:{$gte:"2000-01-01"}}',
      ['Churn', 'Sales calls', 'Sales revenue', 'Support tickets'],
    ],
    ['dates before 2000', () => '{dateCreated:{$lt:"2000-01-01T00:00:00Z"}}', []],
    ['an empty filter', () => '{}', ['Churn', 'Sales calls', 'Sales revenue', 'Support tickets']],
  ])('filters with %s', async (_name, filter, names) => {
    const page = await expectListNames(alice, { filter: filter(c, people) }, names);
    expect(page.totalCount).toBe(names.length);
  });

  it.each(['^(a+)+$', '(.*a){100}!', '(x+x+)+y', '((ab)*c)+'])(
    'refuses the nested quantifiers of /%s/ at once, with a 400 that says why',
    async (pattern) => {
      await createKpi(h, alice, { name: `${'a'.repeat(40)}!` });
      const started = Date.now();
      const filter = `{name:{$regex:${JSON.stringify(pattern)}}}`;
      const res = await h.request(alice, 'GET', `${LIST}${qs({ filter })}`);
      const problem = await expectProblem(res, 400, 'query.filter');
      expect(problem.detail).toMatch(/Nested quantifiers such as \(a\+\)\+ are not supported/);
      expect(problem.errors).toEqual([{ path: 'query.filter', message: problem.detail }]);
      expect(Date.now() - started).toBeLessThan(2_000);
    },
  );

  it('matches a flat pattern that would backtrack catastrophically, quickly', async () => {
    await createKpi(h, alice, { name: `${'a'.repeat(40)}!` });
    const started = Date.now();
    await expectListNames(alice, { filter: '{name:{$regex:"^(a|aa)+$"}}' }, []);
    await expectListNames(alice, { filter: '{name:{$regex:"^(a|aa)+!$"}}' }, [
      `${'a'.repeat(40)}!`,
    ]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers 400 to a $regex that needs too much work on the stored descriptions', async () => {
    const names = ['Long 1', 'Long 2', 'Long 3'];
    for (const name of names) await createKpi(h, alice, { name, description: 'a'.repeat(20_000) });
    // Flat, but hundreds of its instructions stay alive at every character of the text.
    const filter = '{description:{$regex:".{0,100}.{0,100}.{0,100}x"}}';
    const started = Date.now();
    // Twice: the statement that was interrupted must be usable again.
    for (let i = 0; i < 2; i++) {
      const res = await h.request(alice, 'GET', `${LIST}${qs({ filter })}`);
      const problem = await expectProblem(res, 400, 'query.filter');
      expect(problem.detail).toBe(
        'The $regex pattern needs too much work on this data; use a simpler pattern',
      );
      expect(problem.errors).toEqual([{ path: 'query.filter', message: problem.detail }]);
    }
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(h.errors).toEqual([]);
    // The same data answers a pattern that needs little work.
    await expectListNames(alice, { filter: '{description:{$regex:"a{3}$"}}' }, names);
  });

  it.each<[string, string]>([
    ['unparsable JSON', '{name:'],
    ['an array', '[{name:"Churn"}]'],
    ['a string', '"Churn"'],
    ['an unknown field', '{nope:1}'],
    ['a field that cannot be filtered', '{formatting:"x"}'],
    ['an unknown operator', '{name:{$where:"1"}}'],
    ['a top-level $where', '{$where:"sleep(1000)"}'],
    ['$not', '{name:{$not:{$eq:"x"}}}'],
    ['an invalid regex', '{name:{$regex:"(a"}}'],
    ['a lookahead regex', '{name:{$regex:"(?=a)"}}'],
    ['an unsupported regex option', '{name:{$regex:"a",$options:"g"}}'],
    ['a group that is not an id', '{groups:{$in:["growth"]}}'],
    ['a date that is not a date', '{dateCreated:{$gt:"yesterday"}}'],
    ['a number for a string field', '{name:{$gt:5}}'],
    ['$and that is not a list', '{$and:{name:"x"}}'],
    ['a nesting too deep', '{$and:[{$and:[{$and:[{$and:[{$and:[{name:"x"}]}]}]}]}]}'],
  ])('answers 400 for a filter with %s', async (_name, filter) => {
    await expectProblem(
      await h.request(alice, 'GET', `${LIST}${qs({ filter })}`),
      400,
      'query.filter',
    );
  });

  it.each<[string, string[]]>([
    ['name', ['Churn', 'Sales calls', 'Sales revenue', 'Support tickets']],
    ['+name', ['Churn', 'Sales calls', 'Sales revenue', 'Support tickets']],
    ['-name', ['Support tickets', 'Sales revenue', 'Sales calls', 'Churn']],
    ['aggregation,name', ['Sales calls', 'Support tickets', 'Churn', 'Sales revenue']],
    ['-aggregation', ['Sales revenue', 'Churn', 'Support tickets', 'Sales calls']],
    ['targetOperator,-name', ['Support tickets', 'Sales revenue', 'Sales calls', 'Churn']],
  ])('sorts by %s', async (sort, names) => {
    const page = await listKpis(alice, { sort });
    expect(page.items.map((k) => k.name)).toEqual(names);
  });

  it('sorts by -dateCreated,name', async () => {
    const page = await listKpis(alice, { sort: '-dateCreated,name' });
    const items = page.items.map((k) => ({ at: Date.parse(k.dateCreated!), name: k.name! }));
    expect(items).toHaveLength(4);
    for (let i = 1; i < items.length; i++) {
      const [prev, next] = [items[i - 1]!, items[i]!];
      expect(prev.at >= next.at).toBe(true);
      if (prev.at === next.at) expect(prev.name.localeCompare(next.name)).toBeLessThan(0);
    }
    const forward = await listKpis(alice, { sort: 'dateCreated,name' });
    const backward = [...forward.items].reverse().map((k) => k.dateCreated);
    expect(page.items.map((k) => k.dateCreated)).toEqual(backward);
  });

  it.each(['nope', 'groups', 'formatting', 'name,name', 'name,', '-'])(
    'answers 400 for sort=%s',
    async (sort) => {
      await expectProblem(
        await h.request(alice, 'GET', `${LIST}${qs({ sort })}`),
        400,
        'query.sort',
      );
    },
  );

  it.each<[string, Record<string, string>, string[]]>([
    ['fields=name', { fields: 'name' }, ['accountId', 'id', 'name']],
    ['fields=id', { fields: 'id' }, ['accountId', 'id']],
    ['fields=accountId', { fields: 'accountId' }, ['accountId', 'id']],
    [
      'projection=name,groups',
      { projection: 'name,groups' },
      ['accountId', 'groups', 'id', 'name'],
    ],
    [
      'fields with spaces',
      { fields: 'name, aggregation' },
      ['accountId', 'aggregation', 'id', 'name'],
    ],
    [
      'fields and projection that agree',
      { fields: 'name', projection: 'name' },
      ['accountId', 'id', 'name'],
    ],
  ])('selects fields with %s, id and accountId always', async (_name, params, keys) => {
    const page = await listKpis(alice, { ...params, sort: 'name' });
    expect(page.items).toHaveLength(4);
    for (const item of page.items) {
      expect(Object.keys(item).sort()).toEqual(keys);
      expect(item.id).toMatch(ID_PATTERN);
      expect(item.accountId).toBe(alice.accountId);
    }
    if (keys.includes('name')) expect(page.items[0]!.name).toBe('Churn');
  });

  it('selects sub-fields', async () => {
    const res = await h.request(
      alice,
      'GET',
      `${LIST}${qs({ fields: 'formatting{prefix}', filter: `{id:"${c.revenue.id}"}` })}`,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      items: [{ id: c.revenue.id, accountId: alice.accountId, formatting: { prefix: '' } }],
      count: 1,
      totalCount: 1,
    });
  });

  it.each<[string, Record<string, string>, string]>([
    ['an unknown field', { fields: 'name,secret' }, 'query.fields'],
    ['an unknown field via projection', { projection: 'secret' }, 'query.projection'],
    ['a trailing comma', { fields: 'name,' }, 'query.fields'],
    [
      'fields and projection that disagree',
      { fields: 'name', projection: 'groups' },
      'query.fields',
    ],
  ])('answers 400 for %s', async (_name, params, path) => {
    await expectProblem(await h.request(alice, 'GET', `${LIST}${qs(params)}`), 400, path);
  });

  it.each<[Record<string, string>, string[]]>([
    [{ take: '2' }, ['Churn', 'Sales calls']],
    [{ limit: '2' }, ['Churn', 'Sales calls']],
    [{ skip: '2', take: '2' }, ['Sales revenue', 'Support tickets']],
    [{ skip: '3' }, ['Support tickets']],
    [{ skip: '1', limit: '1' }, ['Sales calls']],
    [{ skip: '4' }, []],
    [{ skip: '100' }, []],
    [{ take: '0' }, []],
    [{ take: '1000' }, ['Churn', 'Sales calls', 'Sales revenue', 'Support tickets']],
  ])('pages with %j, with count for the page and totalCount for all', async (params, names) => {
    const page = await listKpis(alice, { ...params, sort: 'name' });
    expect(page.items.map((k) => k.name)).toEqual(names);
    expect(page.count).toBe(names.length);
    expect(page.totalCount).toBe(4);
  });

  it('counts the matches of a filter across pages', async () => {
    const page = await listKpis(alice, {
      filter: `{groups:{$in:["${c.support}"]}}`,
      take: 1,
      sort: '-name',
    });
    expect(page.items.map((k) => k.name)).toEqual(['Sales calls']);
    expect(page).toMatchObject({ count: 1, totalCount: 2 });
  });

  it('answers 100 KPIs by default', async () => {
    for (let i = 0; i < 97; i++)
      await createKpi(h, alice, { name: `Extra ${String(i).padStart(3, '0')}` });
    const page = await listKpis(alice, {});
    expect(page).toMatchObject({ count: 100, totalCount: 101 });
    expect(page.items).toHaveLength(100);
    const last = await listKpis(alice, { skip: 100 });
    expect(last).toMatchObject({ count: 1, totalCount: 101 });
  });

  it.each<[Record<string, string>, string]>([
    [{ take: '1001' }, 'query.take'],
    [{ limit: '5000' }, 'query.limit'],
    [{ take: '-1' }, 'query.take'],
    [{ take: 'ten' }, 'query.take'],
    [{ take: '1.5' }, 'query.take'],
    [{ skip: '-1' }, 'query.skip'],
    [{ skip: 'x' }, 'query.skip'],
    [{ take: '2', limit: '3' }, 'query.take'],
  ])('answers 400 for %j', async (params, path) => {
    await expectProblem(await h.request(alice, 'GET', `${LIST}${qs(params)}`), 400, path);
  });

  it('combines filter, sort, fields and paging', async () => {
    const page = await listKpis(alice, {
      filter: `{groups:{$in:["${c.growth}","${c.support}"]}}`,
      sort: '-name',
      fields: 'name,groups',
      skip: 1,
      take: 1,
    });
    expect(page).toEqual({
      items: [
        {
          id: c.calls.id,
          accountId: alice.accountId,
          name: 'Sales calls',
          groups: [c.growth, c.support],
        },
      ],
      count: 1,
      totalCount: 3,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// GET /insights/{id}/usages/kpis

describe('GET /insights/{id}/usages/kpis', () => {
  const usages = (user: TestUser, insight: string) =>
    h.request(user, 'GET', `/insights/${encodeURIComponent(insight)}/usages/kpis`);

  it('lists the KPIs whose insight link names the insight', async () => {
    const revenue = await createKpi(h, alice, { name: 'Revenue', insight: SAMPLE_INSIGHT });
    const later = await createKpi(h, alice, { name: 'Average deal' });
    await createKpi(h, alice, {
      name: 'Churn',
      insight: { ...SAMPLE_INSIGHT, insightName: 'churn-insight' },
    });
    await createKpi(h, alice, { name: 'Plain' });
    await createKpi(h, eve, { name: 'Theirs', insight: SAMPLE_INSIGHT });

    const first = await expectJson(await usages(alice, 'revenue-insight'), 200, InsightUsages);
    expect(first).toEqual({ items: [revenue], totalCount: 1 });

    const linked = await expectJson(
      await h.request(alice, 'PATCH', `/kpis/${later.id}`, {
        insight: { Present: true, Value: SAMPLE_INSIGHT },
      }),
      200,
      Kpi,
    );
    const both = await expectJson(await usages(alice, 'revenue-insight'), 200, InsightUsages);
    expect(both.totalCount).toBe(2);
    expect(both.items.map((k) => k.id).sort()).toEqual([revenue.id, linked.id].sort());
    expect(both.items.every((k) => k.accountId === alice.accountId)).toBe(true);
  });

  it('stops listing a KPI once its insight is removed or it is deleted', async () => {
    const a = await createKpi(h, alice, { name: 'A', insight: SAMPLE_INSIGHT });
    const b = await createKpi(h, alice, { name: 'B', insight: SAMPLE_INSIGHT });
    await expectJson(await h.request(alice, 'PATCH', `/kpis/${a.id}`, { insight: null }), 200, Kpi);
    const page = await expectJson(await usages(alice, 'revenue-insight'), 200, InsightUsages);
    expect(page.items.map((k) => k.id)).toEqual([b.id]);
    expect((await h.request(alice, 'DELETE', `/kpis/${b.id}`)).status).toBe(204);
    await expectProblem(await usages(alice, 'revenue-insight'), 404);
  });

  it('answers an empty list for an insight that is only on an insightboard', async () => {
    const shown = await createKpi(h, alice, { name: 'Shown' });
    const res = await h.request(alice, 'POST', '/dashboards', {
      name: 'Board',
      insights: [
        {
          insightName: 'board-only',
          settings: [{ name: 'kpiIds', value: shown.id }],
          row: 0,
          col: 0,
          sizeX: 2,
          sizeY: 2,
        },
      ],
    });
    expect(res.status).toBe(201);
    expect(await expectJson(await usages(alice, 'board-only'), 200, InsightUsages)).toEqual({
      items: [],
      totalCount: 0,
    });
  });

  it('answers 400 for an id longer than 200 characters', async () => {
    await expectProblem(await usages(alice, 'i'.repeat(201)), 400, 'path.id');
  });
});

// ---------------------------------------------------------------------------------------------
// Virtual group favorites

describe('/users/kpi-virtual-group/favorite', () => {
  const PATH = '/users/kpi-virtual-group/favorite';
  const read = async (user: TestUser) =>
    expectJson(await h.request(user, 'GET', PATH), 200, VirtualGroupFavorites);
  const put = async (user: TestUser, body: unknown) =>
    expectJson(await h.request(user, 'PUT', PATH, body), 200, VirtualGroupFavorites);
  const state = (mykpis: boolean, ungrouped: boolean) => ({
    items: [
      { virtualGroup: 'mykpis', favorite: mykpis },
      { virtualGroup: 'ungrouped', favorite: ungrouped },
    ],
  });

  it('starts with no favorites', async () => {
    expect(await read(alice)).toEqual(state(false, false));
  });

  it('adds and removes each virtual group, idempotently, and GET reads it back', async () => {
    const steps: [unknown, ReturnType<typeof state>][] = [
      [{ virtualGroup: 'mykpis', favorite: true }, state(true, false)],
      [{ virtualGroup: 'mykpis', favorite: true }, state(true, false)],
      [{ virtualGroup: 'ungrouped', favorite: true }, state(true, true)],
      [{ virtualGroup: 'mykpis', favorite: false }, state(false, true)],
      [{ virtualGroup: 'mykpis', favorite: false }, state(false, true)],
      [{ virtualGroup: 'ungrouped', favorite: false }, state(false, false)],
    ];
    for (const [body, expected] of steps) {
      expect(await put(alice, body)).toEqual(expected);
      expect(await read(alice)).toEqual(expected);
    }
  });

  it('keeps favorites per user', async () => {
    await put(alice, { virtualGroup: 'ungrouped', favorite: true });
    expect(await read(bob)).toEqual(state(false, false));
    await put(bob, { virtualGroup: 'mykpis', favorite: true });
    expect(await read(alice)).toEqual(state(false, true));
    expect(await read(bob)).toEqual(state(true, false));
  });

  it.each<[string, unknown, string | undefined]>([
    ['an empty body', {}, 'body.virtualGroup'],
    ['an unknown virtual group', { virtualGroup: 'all', favorite: true }, 'body.virtualGroup'],
    [
      'a favorite that is not a boolean',
      { virtualGroup: 'mykpis', favorite: 'yes' },
      'body.favorite',
    ],
    ['a missing favorite', { virtualGroup: 'mykpis' }, 'body.favorite'],
    ['malformed JSON', '{"virtualGroup":', undefined],
  ])('answers 400 for %s', async (_name, body, path) => {
    await expectProblem(await h.request(alice, 'PUT', PATH, body), 400, path);
    expect(await read(alice)).toEqual(state(false, false));
  });
});

// ---------------------------------------------------------------------------------------------
// What every KPI endpoint shares

interface Call {
  method: string;
  path: string;
  body?: unknown;
}

/** Every KPI endpoint, aimed at one KPI id (or insight name). */
const kpiEndpoints = (kpiId: string, insight = 'revenue-insight'): [string, Call][] => [
  ['GET /v2/kpis', { method: 'GET', path: LIST }],
  ['POST /kpis', { method: 'POST', path: '/kpis', body: { name: 'X' } }],
  ['GET /kpis/{kpiId}', { method: 'GET', path: `/kpis/${kpiId}` }],
  ['PATCH /kpis/{kpiId}', { method: 'PATCH', path: `/kpis/${kpiId}`, body: { name: 'X' } }],
  ['DELETE /kpis/{kpiId}', { method: 'DELETE', path: `/kpis/${kpiId}` }],
  ['GET /insights/{id}/usages/kpis', { method: 'GET', path: `/insights/${insight}/usages/kpis` }],
  [
    'GET /users/kpi-virtual-group/favorite',
    { method: 'GET', path: '/users/kpi-virtual-group/favorite' },
  ],
  [
    'PUT /users/kpi-virtual-group/favorite',
    {
      method: 'PUT',
      path: '/users/kpi-virtual-group/favorite',
      body: { virtualGroup: 'mykpis', favorite: true },
    },
  ],
];

describe('authentication', () => {
  it.each(kpiEndpoints(UNKNOWN_ID).map(([name, call]) => [name, call] as const))(
    '%s answers 401 without a token or with an unknown one',
    async (_name, call) => {
      const anonymous = await h.request(null, call.method, call.path, call.body);
      await expectProblem(anonymous, 401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      await expectProblem(
        await h.request(withBadToken(alice), call.method, call.path, call.body),
        401,
      );
      await expectProblem(
        await h.request(null, call.method, call.path, call.body, {
          authorization: `Basic ${btoa('alice:pw')}`,
        }),
        401,
      );
    },
  );

  it('answers 401 for a valid token in the URL and never uses it', async () => {
    const kpi = await createKpi(h, alice);
    await expectProblem(
      await h.request(null, 'GET', `/kpis/${kpi.id}?access_token=${alice.token}`),
      401,
    );
    await expectProblem(await h.request(alice, 'GET', `/kpis/${kpi.id}?token=${alice.token}`), 401);
  });

  it.each(kpiEndpoints(UNKNOWN_ID).map(([name, call]) => [name, call] as const))(
    '%s answers 403 for an account the user is not a member of',
    async (_name, call) => {
      await expectProblem(
        await h.request(alice, call.method, call.path, call.body, {
          'gtmhub-accountId': eve.accountId,
        }),
        403,
      );
    },
  );

  it('takes the account header in any letter case', async () => {
    const kpi = await createKpi(h, alice);
    const res = await h.request(null, 'GET', `/kpis/${kpi.id}`, undefined, {
      Authorization: `Bearer ${alice.token}`,
      'GTMHUB-ACCOUNTID': alice.accountId,
    });
    expect((await expectJson(res, 200, Kpi)).id).toBe(kpi.id);
  });

  it('answers 400 for an account header that is not an id', async () => {
    const res = await h.request(alice, 'GET', LIST, undefined, { 'gtmhub-accountId': 'acme' });
    await expectProblem(res, 400, 'header.gtmhub-accountId');
  });
});

describe('ids of another account', () => {
  const idEndpoints = [
    ['GET /kpis/{kpiId}', 'GET', undefined],
    ['PATCH /kpis/{kpiId}', 'PATCH', { name: 'Hijacked' }],
    ['DELETE /kpis/{kpiId}', 'DELETE', undefined],
  ] as const;

  it.each(idEndpoints)(
    '%s answers 404 alike for an unknown id and an id of another account',
    async (_name, method, body) => {
      const theirs = await createKpi(h, eve, { name: 'Theirs' });
      const unknown = await h.request(alice, method, `/kpis/${UNKNOWN_ID}`, body);
      const other = await h.request(alice, method, `/kpis/${theirs.id}`, body);
      const unknownProblem = await expectProblem(unknown, 404);
      const otherProblem = await expectProblem(other, 404);
      expect(otherProblem).toEqual(unknownProblem);
      expect(await getKpi(h, eve, theirs.id)).toEqual(theirs);
    },
  );

  it('GET /insights/{id}/usages/kpis answers 404 alike for an unknown insight and one of another account', async () => {
    await createKpi(h, eve, {
      name: 'Theirs',
      insight: { ...SAMPLE_INSIGHT, insightName: 'their-insight' },
    });
    const unknown = await expectProblem(
      await h.request(alice, 'GET', '/insights/no-such-insight/usages/kpis'),
      404,
    );
    const other = await expectProblem(
      await h.request(alice, 'GET', '/insights/their-insight/usages/kpis'),
      404,
    );
    expect(other).toEqual(unknown);
  });

  it('keeps virtual favorites per account', async () => {
    const both = await h.createUser('Globex', 'alice@acme.test');
    await expectJson(
      await h.request(alice, 'PUT', '/users/kpi-virtual-group/favorite', {
        virtualGroup: 'mykpis',
        favorite: true,
      }),
      200,
      VirtualGroupFavorites,
    );
    const elsewhere = await expectJson(
      await h.request(both, 'GET', '/users/kpi-virtual-group/favorite'),
      200,
      VirtualGroupFavorites,
    );
    expect(elsewhere.items.every((i) => !i.favorite)).toBe(true);
  });
});

describe('base paths', () => {
  it.each(API_BASES)('answers every KPI endpoint under %s', async (base) => {
    const kpi = await createKpi(h, alice, { name: 'Based', insight: SAMPLE_INSIGHT });
    const at = (path: string) => `${base}${path}`;

    const list = await expectJson(await h.request(alice, 'GET', at('/kpis')), 200, KpiList);
    expect(list.items.map((k) => k.id)).toEqual([kpi.id]);
    expect(
      (await expectJson(await h.request(alice, 'GET', at(`/kpis/${kpi.id}`)), 200, Kpi)).id,
    ).toBe(kpi.id);
    const patched = await expectJson(
      await h.request(alice, 'PATCH', at(`/kpis/${kpi.id}`), { name: 'Renamed' }),
      200,
      Kpi,
    );
    expect(patched.name).toBe('Renamed');
    const usages = await expectJson(
      await h.request(alice, 'GET', at('/insights/revenue-insight/usages/kpis')),
      200,
      InsightUsages,
    );
    expect(usages.totalCount).toBe(1);
    const put = await expectJson(
      await h.request(alice, 'PUT', at('/users/kpi-virtual-group/favorite'), {
        virtualGroup: 'ungrouped',
        favorite: true,
      }),
      200,
      VirtualGroupFavorites,
    );
    expect(put.items).toContainEqual({ virtualGroup: 'ungrouped', favorite: true });
    const read = await expectJson(
      await h.request(alice, 'GET', at('/users/kpi-virtual-group/favorite')),
      200,
      VirtualGroupFavorites,
    );
    expect(read).toEqual(put);
    const created = await expectJson(
      await h.request(alice, 'POST', at('/kpis'), { name: 'Second' }),
      201,
      Kpi,
    );
    expect((await h.request(alice, 'DELETE', at(`/kpis/${created.id}`))).status).toBe(204);
    await expectProblem(await h.request(alice, 'GET', at(`/kpis/${created.id}`)), 404);
    await expectProblem(await h.request(null, 'GET', at('/kpis')), 401);
  });
});
