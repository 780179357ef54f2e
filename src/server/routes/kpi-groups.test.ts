import { describe, expect, it, vi } from 'vitest';
import { KpiGroup, KpiGroupList } from '../../contract/kpi-groups.ts';
import { Kpi } from '../../contract/kpis.ts';
import type { Harness, TestUser } from '../testing/harness.ts';
import {
  OLD_INSTANT,
  UNKNOWN_ID,
  createAcmeAndBeta,
  createGroup,
  createKpi,
  expectJson,
  expectFirstError,
  expectProblem,
  expectSame404,
  forgedOwnership,
  getKpi,
  useHarness,
} from '../testing/fixtures.ts';

let h: Harness;
let alice: TestUser;
let carol: TestUser;
let bob: TestUser;

useHarness(async (harness) => {
  h = harness;
  ({ alice, carol, bob } = await createAcmeAndBeta(harness));
});

async function getGroup(user: TestUser, id: string): Promise<KpiGroup> {
  return expectJson(await h.request(user, 'GET', `/kpis/groups/${id}`), 200, KpiGroup);
}

async function listGroups(user: TestUser, query = '') {
  return expectJson(await h.request(user, 'GET', `/kpis/groups${query}`), 200, KpiGroupList);
}

const q = (value: string) => encodeURIComponent(value);

/** Stars (PUT) or unstars (DELETE) a group for the user, answering the group as that user sees it. */
async function setFavorite(
  user: TestUser,
  method: 'PUT' | 'DELETE',
  groupId: string,
): Promise<KpiGroup> {
  return expectJson(
    await h.request(user, method, `/kpis/groups/${groupId}/favorite`),
    200,
    KpiGroup,
  );
}

/** Adds (PUT) or removes (DELETE) a KPI's membership of a group, answering the KPI as it is then. */
async function setMembership(
  user: TestUser,
  method: 'PUT' | 'DELETE',
  kpiId: string,
  groupId: string,
): Promise<Kpi> {
  return expectJson(await h.request(user, method, `/kpis/${kpiId}/groups/${groupId}`), 200, Kpi);
}

describe('GET /kpis/groups', () => {
  /** Four groups: Marketing (0 KPIs), sales (2), Support (1), Zeta (3); Alice stars sales and Zeta. */
  async function seed() {
    const marketing = await createGroup(h, alice, 'Marketing');
    const sales = await createGroup(h, alice, 'sales');
    const support = await createGroup(h, alice, 'Support');
    const zeta = await createGroup(h, alice, 'Zeta');
    await createKpi(h, alice, { name: 'K1', groups: [sales.id, zeta.id] });
    await createKpi(h, alice, { name: 'K2', groups: [sales.id, zeta.id, support.id] });
    await createKpi(h, alice, { name: 'K3', groups: [zeta.id] });
    await createKpi(h, alice, { name: 'Loose' });
    for (const g of [sales, zeta])
      expect((await h.request(alice, 'PUT', `/kpis/groups/${g.id}/favorite`)).status).toBe(200);
    await createGroup(h, bob, 'Beta group');
    return { marketing, sales, support, zeta };
  }

  it('lists the groups of the account by name, with kpisCount and the current user’s favorites', async () => {
    const { marketing, sales, support, zeta } = await seed();
    const page = await listGroups(alice);
    expect(page.items.map((g) => g.name)).toEqual(['Marketing', 'sales', 'Support', 'Zeta']);
    expect(page.count).toBe(4);
    expect(page.totalCount).toBe(4);
    for (const item of page.items) KpiGroup.parse(item);
    const byId = new Map(page.items.map((g) => [g.id, g]));
    expect(byId.get(marketing.id)).toMatchObject({
      kpisCount: 0,
      favorite: false,
      accountId: alice.accountId,
    });
    expect(byId.get(sales.id)).toMatchObject({ kpisCount: 2, favorite: true });
    expect(byId.get(support.id)).toMatchObject({ kpisCount: 1, favorite: false });
    expect(byId.get(zeta.id)).toMatchObject({ kpisCount: 3, favorite: true });
  });

  it('shows another user of the same account their own favorites only', async () => {
    await seed();
    const page = await listGroups(carol);
    expect(page.items.every((g) => g.favorite === false)).toBe(true);
    expect((await listGroups(carol, `?filter=${q('{favorite:true}')}`)).totalCount).toBe(0);
  });

  it('never lists the groups of another account', async () => {
    await seed();
    const page = await listGroups(bob);
    expect(page.items.map((g) => g.name)).toEqual(['Beta group']);
    expect(page.items[0]!.accountId).toBe(bob.accountId);
    expect(page.totalCount).toBe(1);
  });

  it.each([
    ['{name:{$regex:"^S"}}', ['Support']],
    ['{name:{$regex:"^s",$options:"i"}}', ['sales', 'Support']],
    ['{name:"Zeta"}', ['Zeta']],
    ['{name:{$ne:"Zeta"}}', ['Marketing', 'sales', 'Support']],
    ['{name:{$in:["Marketing","Zeta","Nope"]}}', ['Marketing', 'Zeta']],
    ['{name:{$nin:["Marketing","Zeta"]}}', ['sales', 'Support']],
    ['{favorite:true}', ['sales', 'Zeta']],
    ['{favorite:false}', ['Marketing', 'Support']],
    ['{kpisCount:0}', ['Marketing']],
    ['{kpisCount:{$gte:2}}', ['sales', 'Zeta']],
    ['{kpisCount:{$gt:0,$lt:3}}', ['sales', 'Support']],
    ['{$or:[{kpisCount:0},{name:"Zeta"}]}', ['Marketing', 'Zeta']],
    ['{$and:[{favorite:true},{kpisCount:{$lte:2}}]}', ['sales']],
    ['{dateCreated:{$gte:"2000-01-01"}}', ['Marketing', 'sales', 'Support', 'Zeta']],
    ['{dateCreated:{$lt:"2000-01-01"}}', []],
    ['{name:{$exists:true}}', ['Marketing', 'sales', 'Support', 'Zeta']],
  ])('filters with %s', async (filter, names) => {
    await seed();
    const page = await listGroups(alice, `?filter=${q(filter)}`);
    expect(page.items.map((g) => g.name)).toEqual(names);
    expect(page.totalCount).toBe(names.length);
    expect(page.count).toBe(names.length);
  });

  it('filters by id and by author', async () => {
    const { sales, zeta } = await seed();
    const byIds = await listGroups(
      alice,
      `?filter=${q(JSON.stringify({ id: { $in: [zeta.id, sales.id, UNKNOWN_ID] } }))}`,
    );
    expect(byIds.items.map((g) => g.id)).toEqual([sales.id, zeta.id]);
    await createGroup(h, carol, 'By Carol');
    const byCarol = await listGroups(
      alice,
      `?filter=${q(JSON.stringify({ createdById: carol.userId }))}`,
    );
    expect(byCarol.items.map((g) => g.name)).toEqual(['By Carol']);
  });

  it('does not hang on a regex built to backtrack', async () => {
    await createGroup(h, alice, `${'a'.repeat(40)}b`);
    const started = Date.now();
    const res = await h.request(
      alice,
      'GET',
      `/kpis/groups?filter=${q('{name:{$regex:"^(a|aa)+$"}}')}`,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await expectJson(res, 200, KpiGroupList)).totalCount).toBe(0);
    // Nested quantifiers are refused outright.
    const nested = await h.request(
      alice,
      'GET',
      `/kpis/groups?filter=${q('{name:{$regex:"^(a+)+$"}}')}`,
    );
    const problem = await expectProblem(nested, 400, 'query.filter');
    expect(problem.detail).toMatch(/Nested quantifiers/);
  });

  it.each([
    ['sort=-name', ['Zeta', 'Support', 'sales', 'Marketing']],
    ['sort=name', ['Marketing', 'sales', 'Support', 'Zeta']],
    ['sort=-kpisCount', ['Zeta', 'sales', 'Support', 'Marketing']],
    ['sort=kpisCount', ['Marketing', 'Support', 'sales', 'Zeta']],
    ['sort=-favorite,-name', ['Zeta', 'sales', 'Support', 'Marketing']],
    ['sort=favorite,name', ['Marketing', 'Support', 'sales', 'Zeta']],
    ['sort=-dateCreated,-name', ['Zeta', 'Support', 'sales', 'Marketing']],
  ])('sorts with %s', async (query, names) => {
    await seed();
    const page = await listGroups(alice, `?${query}`);
    expect(page.items.map((g) => g.name)).toEqual(names);
  });

  it.each([
    ['fields=name', ['accountId', 'id', 'name']],
    ['projection=name', ['accountId', 'id', 'name']],
    ['fields=favorite,kpisCount', ['accountId', 'favorite', 'id', 'kpisCount']],
    ['fields=id', ['accountId', 'id']],
    ['fields=createdById,dateUpdated', ['accountId', 'createdById', 'dateUpdated', 'id']],
  ])('returns only the fields asked for with %s (plus id and accountId)', async (query, keys) => {
    const { sales } = await seed();
    const page = await listGroups(alice, `?${query}&filter=${q(JSON.stringify({ id: sales.id }))}`);
    expect(page.items).toHaveLength(1);
    expect(Object.keys(page.items[0]!).sort()).toEqual(keys);
    expect(page.items[0]!.id).toBe(sales.id);
    expect(page.items[0]!.accountId).toBe(alice.accountId);
  });

  it('keeps the right values in a field selection', async () => {
    const { sales } = await seed();
    const page = await listGroups(
      alice,
      `?fields=name,favorite,kpisCount&filter=${q(JSON.stringify({ id: sales.id }))}`,
    );
    expect(page.items[0]).toEqual({
      id: sales.id,
      accountId: alice.accountId,
      name: 'sales',
      favorite: true,
      kpisCount: 2,
    });
  });

  it.each([
    ['take=2', ['Marketing', 'sales'], 4],
    ['skip=1&take=2', ['sales', 'Support'], 4],
    ['skip=3', ['Zeta'], 4],
    ['skip=10', [], 4],
    ['limit=3', ['Marketing', 'sales', 'Support'], 4],
    ['skip=2&limit=1', ['Support'], 4],
    ['take=0', [], 4],
    ['take=1000', ['Marketing', 'sales', 'Support', 'Zeta'], 4],
    ['skip=1&take=1&filter={kpisCount:{$gt:0}}', ['Support'], 3],
  ])('pages with %s', async (query, names, total) => {
    await seed();
    const page = await listGroups(alice, `?${query.replace(/\{.*\}/, (f) => q(f))}`);
    expect(page.items.map((g) => g.name)).toEqual(names);
    expect(page.count).toBe(names.length);
    expect(page.totalCount).toBe(total);
  });

  it.each([
    ['filter={name:', 'query.filter'],
    ['filter=[]', 'query.filter'],
    ['filter={bogus:1}', 'query.filter'],
    ['filter={accountId:"x"}', 'query.filter'],
    ['filter={$where:"1"}', 'query.filter'],
    ['filter={name:{$regex:"["}}', 'query.filter'],
    ['filter={kpisCount:"many"}', 'query.filter'],
    ['filter={favorite:"yes"}', 'query.filter'],
    ['filter={dateCreated:{$gt:"yesterday"}}', 'query.filter'],
    ['filter={id:{$regex:"a"}}', 'query.filter'],
    ['sort=bogus', 'query.sort'],
    ['sort=accountId', 'query.sort'],
    ['fields=bogus', 'query.fields'],
    ['fields=name{', 'query.fields'],
    ['projection=nope', 'query.projection'],
    ['take=1001', 'query.take'],
    ['take=-1', 'query.take'],
    ['take=abc', 'query.take'],
    ['limit=1.5', 'query.limit'],
    ['skip=-1', 'query.skip'],
    ['skip=x', 'query.skip'],
  ])('answers 400 for %s', async (query, path) => {
    const [param, value] = query.split(/=(.*)/s) as [string, string];
    const res = await h.request(alice, 'GET', `/kpis/groups?${param}=${q(value)}`);
    await expectFirstError(res, 400, path);
  });

  it('answers 401 without a token', async () => {
    await expectProblem(await h.request(null, 'GET', '/kpis/groups'), 401);
  });
});

describe('POST /kpis/groups', () => {
  it('creates a group owned by the current user and stores it', async () => {
    const before = Date.now();
    const group = await createGroup(h, alice, '  Sales  ');
    expect(group).toMatchObject({
      name: 'Sales',
      accountId: alice.accountId,
      createdById: alice.userId,
      modifiedById: alice.userId,
      favorite: false,
      kpisCount: 0,
    });
    expect(Date.parse(group.dateCreated)).toBeGreaterThanOrEqual(before - 1);
    expect(group.dateCreated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(group.dateUpdated).toBe(group.dateCreated);
    expect(await getGroup(alice, group.id)).toEqual(group);
    expect(await getGroup(carol, group.id)).toEqual(group);
  });

  it('gives every group a new id', async () => {
    const a = await createGroup(h, alice, 'Same');
    const b = await createGroup(h, alice, 'Same');
    expect(a.id).not.toBe(b.id);
    expect((await listGroups(alice)).totalCount).toBe(2);
  });

  it('ignores server-owned fields in the body', async () => {
    const other = await createGroup(h, bob, 'Theirs');
    const before = Date.now();
    const res = await h.request(alice, 'POST', '/kpis/groups', {
      name: 'Mine',
      id: other.id,
      ...forgedOwnership(bob),
      kpisCount: 42,
    });
    const group = await expectJson(res, 201, KpiGroup);
    expect(group.id).not.toBe(other.id);
    expect(group).toMatchObject({
      accountId: alice.accountId,
      createdById: alice.userId,
      modifiedById: alice.userId,
      favorite: false,
      kpisCount: 0,
    });
    expect(Date.parse(group.dateCreated)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(group.dateUpdated)).toBeGreaterThanOrEqual(before - 1);
    expect(await getGroup(alice, group.id)).toEqual(group);
    expect(await getGroup(bob, other.id)).toEqual(other);
    expect((await listGroups(bob)).totalCount).toBe(1);
  });

  it.each([
    ['no name', {}, 'body.name'],
    ['an empty name', { name: '' }, 'body.name'],
    ['a blank name', { name: '   ' }, 'body.name'],
    ['a number', { name: 5 }, 'body.name'],
    ['null', { name: null }, 'body.name'],
    ['a name over 255 characters', { name: 'x'.repeat(256) }, 'body.name'],
    ['a JSON null body', 'null', 'body'],
    ['a JSON array body', '[]', 'body'],
  ])('answers 400 for %s', async (_label, body, path) => {
    await expectFirstError(await h.request(alice, 'POST', '/kpis/groups', body), 400, path);
    expect((await listGroups(alice)).totalCount).toBe(0);
  });

  it('answers 400 for malformed JSON', async () => {
    await expectProblem(await h.request(alice, 'POST', '/kpis/groups', '{"name":'), 400);
  });

  it('answers 401 without a token and stores nothing', async () => {
    await expectProblem(await h.request(null, 'POST', '/kpis/groups', { name: 'x' }), 401);
    expect((await listGroups(alice)).totalCount).toBe(0);
  });
});

describe('GET /kpis/groups/{groupId}', () => {
  it('gets a group with its kpisCount and the current user’s favorite flag', async () => {
    const group = await createGroup(h, alice, 'Sales');
    await createKpi(h, alice, { name: 'Revenue', groups: [group.id] });
    await setFavorite(alice, 'PUT', group.id);
    const mine = await getGroup(alice, group.id);
    expect(mine).toMatchObject({ id: group.id, name: 'Sales', kpisCount: 1, favorite: true });
    const carols = await getGroup(carol, group.id);
    expect(carols).toEqual({ ...mine, favorite: false });
  });

  it.each([
    'xyz',
    'FFFFFFFFFFFFFFFFFFFFFFFF',
    'fffffffffffffffffffffff',
    'fffffffffffffffffffffffff',
  ])('answers 400 for the malformed id %s', async (id) => {
    await expectFirstError(
      await h.request(alice, 'GET', `/kpis/groups/${id}`),
      400,
      'path.groupId',
    );
  });

  it('answers the same 404 for an unknown id and for a group of another account', async () => {
    const theirs = await createGroup(h, bob, 'Theirs');
    await expectSame404(
      await h.request(alice, 'GET', `/kpis/groups/${UNKNOWN_ID}`),
      await h.request(alice, 'GET', `/kpis/groups/${theirs.id}`),
    );
  });

  it('answers 401 without a token', async () => {
    const group = await createGroup(h, alice, 'Sales');
    await expectProblem(await h.request(null, 'GET', `/kpis/groups/${group.id}`), 401);
  });
});

describe('PATCH /kpis/groups/{groupId}', () => {
  it('renames a group and records who changed it', async () => {
    const group = await createGroup(h, alice, 'Sales');
    const patched = await expectJson(
      await h.request(carol, 'PATCH', `/kpis/groups/${group.id}`, { name: ' Revenue ' }),
      200,
      KpiGroup,
    );
    expect(patched).toMatchObject({
      id: group.id,
      name: 'Revenue',
      accountId: alice.accountId,
      createdById: alice.userId,
      modifiedById: carol.userId,
      dateCreated: group.dateCreated,
    });
    expect(Date.parse(patched.dateUpdated)).toBeGreaterThanOrEqual(Date.parse(group.dateUpdated));
    expect(await getGroup(alice, group.id)).toEqual({ ...patched, favorite: false });
  });

  it('keeps the name when the body leaves it out', async () => {
    const group = await createGroup(h, alice, 'Sales');
    const patched = await expectJson(
      await h.request(alice, 'PATCH', `/kpis/groups/${group.id}`, {}),
      200,
      KpiGroup,
    );
    expect(patched.name).toBe('Sales');
    expect((await getGroup(alice, group.id)).name).toBe('Sales');
  });

  it('ignores server-owned fields in the body', async () => {
    const group = await createGroup(h, alice, 'Sales');
    await createKpi(h, alice, { name: 'Revenue', groups: [group.id] });
    const other = await createGroup(h, bob, 'Theirs');
    const res = await h.request(alice, 'PATCH', `/kpis/groups/${group.id}`, {
      name: 'Renamed',
      id: UNKNOWN_ID,
      ...forgedOwnership(bob),
      kpisCount: 99,
    });
    const patched = await expectJson(res, 200, KpiGroup);
    expect(patched).toMatchObject({
      id: group.id,
      name: 'Renamed',
      accountId: alice.accountId,
      createdById: alice.userId,
      modifiedById: alice.userId,
      dateCreated: group.dateCreated,
      favorite: false,
      kpisCount: 1,
    });
    expect(patched.dateUpdated).not.toBe(OLD_INSTANT);
    expect(await getGroup(alice, group.id)).toEqual(patched);
    await expectProblem(await h.request(alice, 'GET', `/kpis/groups/${UNKNOWN_ID}`), 404);
    expect(await getGroup(bob, other.id)).toEqual(other);
  });

  it.each([
    ['an empty name', { name: '' }, 'body.name'],
    ['a blank name', { name: ' \t ' }, 'body.name'],
    ['a number', { name: 1 }, 'body.name'],
    ['a name over 255 characters', { name: 'y'.repeat(256) }, 'body.name'],
    ['a JSON null body', 'null', 'body'],
  ])('answers 400 for %s and keeps the group', async (_label, body, path) => {
    const group = await createGroup(h, alice, 'Sales');
    await expectFirstError(
      await h.request(alice, 'PATCH', `/kpis/groups/${group.id}`, body),
      400,
      path,
    );
    expect(await getGroup(alice, group.id)).toEqual(group);
  });

  it('answers 400 for a malformed id', async () => {
    await expectFirstError(
      await h.request(alice, 'PATCH', '/kpis/groups/nope', { name: 'x' }),
      400,
      'path.groupId',
    );
  });

  it('answers the same 404 for an unknown id and for a group of another account, which stays as it was', async () => {
    const theirs = await createGroup(h, bob, 'Theirs');
    await expectSame404(
      await h.request(alice, 'PATCH', `/kpis/groups/${UNKNOWN_ID}`, { name: 'Taken' }),
      await h.request(alice, 'PATCH', `/kpis/groups/${theirs.id}`, { name: 'Taken' }),
    );
    expect(await getGroup(bob, theirs.id)).toEqual(theirs);
  });

  it('answers 401 without a token', async () => {
    const group = await createGroup(h, alice, 'Sales');
    await expectProblem(
      await h.request(null, 'PATCH', `/kpis/groups/${group.id}`, { name: 'x' }),
      401,
    );
    expect((await getGroup(alice, group.id)).name).toBe('Sales');
  });
});

describe('DELETE /kpis/groups/{groupId}', () => {
  it('deletes the group and keeps its KPIs, which lose the group id', async () => {
    const sales = await createGroup(h, alice, 'Sales');
    const other = await createGroup(h, alice, 'Other');
    const both = await createKpi(h, alice, { name: 'Both', groups: [sales.id, other.id] });
    const only = await createKpi(h, alice, { name: 'Only', groups: [sales.id] });
    await setFavorite(alice, 'PUT', sales.id);

    const deleted = await expectJson(
      await h.request(alice, 'DELETE', `/kpis/groups/${sales.id}`),
      200,
      KpiGroup,
    );
    expect(deleted).toMatchObject({ id: sales.id, name: 'Sales' });

    await expectProblem(await h.request(alice, 'GET', `/kpis/groups/${sales.id}`), 404);
    expect((await getKpi(h, alice, both.id)).groups).toEqual([other.id]);
    expect((await getKpi(h, alice, only.id)).groups).toEqual([]);
    const page = await listGroups(alice);
    expect(page.items.map((g) => g.id)).toEqual([other.id]);
    expect(page.items[0]!.kpisCount).toBe(1);
    const kpis = await h.request(alice, 'GET', '/results/api/v2/kpis');
    expect(kpis.status).toBe(200);
    expect(((await kpis.json()) as { totalCount: number }).totalCount).toBe(2);
  });

  it('moves its members’ dateUpdated forward even right after edits in the same millisecond', async () => {
    const group = await createGroup(h, alice, 'Sales');
    const kpi = await createKpi(h, alice, { name: 'Revenue', groups: [group.id] });
    // A frozen clock: each edit sets dateUpdated one millisecond past the one before.
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.parse(kpi.dateUpdated) + 1000);
    try {
      await expectJson(
        await h.request(alice, 'PATCH', `/kpis/${kpi.id}`, { name: 'Revenue 2' }),
        200,
        Kpi,
      );
      const edited = await expectJson(
        await h.request(alice, 'PATCH', `/kpis/${kpi.id}`, { name: 'Revenue 3' }),
        200,
        Kpi,
      );
      await expectJson(await h.request(carol, 'DELETE', `/kpis/groups/${group.id}`), 200, KpiGroup);
      const after = await getKpi(h, alice, kpi.id);
      expect(after.modifiedById).toBe(carol.userId);
      expect(Date.parse(after.dateUpdated)).toBeGreaterThan(Date.parse(edited.dateUpdated));
    } finally {
      now.mockRestore();
    }
  });

  it('answers 404 when the group is deleted a second time', async () => {
    const group = await createGroup(h, alice, 'Sales');
    await expectJson(await h.request(alice, 'DELETE', `/kpis/groups/${group.id}`), 200, KpiGroup);
    await expectProblem(await h.request(alice, 'DELETE', `/kpis/groups/${group.id}`), 404);
  });

  it('answers 400 for a malformed id', async () => {
    await expectFirstError(
      await h.request(alice, 'DELETE', '/kpis/groups/123'),
      400,
      'path.groupId',
    );
  });

  it('answers the same 404 for an unknown id and for a group of another account, which stays', async () => {
    const theirs = await createGroup(h, bob, 'Theirs');
    const kpi = await createKpi(h, bob, { name: 'Their KPI', groups: [theirs.id] });
    await expectSame404(
      await h.request(alice, 'DELETE', `/kpis/groups/${UNKNOWN_ID}`),
      await h.request(alice, 'DELETE', `/kpis/groups/${theirs.id}`),
    );
    expect(await getGroup(bob, theirs.id)).toEqual({ ...theirs, kpisCount: 1 });
    expect((await getKpi(h, bob, kpi.id)).groups).toEqual([theirs.id]);
  });

  it('answers 401 without a token and keeps the group', async () => {
    const group = await createGroup(h, alice, 'Sales');
    await expectProblem(await h.request(null, 'DELETE', `/kpis/groups/${group.id}`), 401);
    expect(await getGroup(alice, group.id)).toEqual(group);
  });
});

describe('PUT|DELETE /kpis/groups/{groupId}/favorite', () => {
  it('stars and unstars a group for the current user only', async () => {
    const group = await createGroup(h, alice, 'Sales');
    const starred = await setFavorite(alice, 'PUT', group.id);
    expect(starred).toMatchObject({ id: group.id, favorite: true });
    expect((await getGroup(alice, group.id)).favorite).toBe(true);
    expect((await getGroup(carol, group.id)).favorite).toBe(false);
    expect((await listGroups(carol)).items[0]!.favorite).toBe(false);

    const carolStar = await setFavorite(carol, 'PUT', group.id);
    expect(carolStar.favorite).toBe(true);
    const unstarred = await setFavorite(alice, 'DELETE', group.id);
    expect(unstarred).toMatchObject({ id: group.id, favorite: false });
    expect((await getGroup(alice, group.id)).favorite).toBe(false);
    expect((await getGroup(carol, group.id)).favorite).toBe(true);
  });

  it('is idempotent both ways', async () => {
    const group = await createGroup(h, alice, 'Sales');
    for (let i = 0; i < 2; i++) {
      expect((await setFavorite(alice, 'PUT', group.id)).favorite).toBe(true);
    }
    expect((await listGroups(alice, `?filter=${q('{favorite:true}')}`)).totalCount).toBe(1);
    for (let i = 0; i < 2; i++) {
      expect((await setFavorite(alice, 'DELETE', group.id)).favorite).toBe(false);
    }
    expect((await getGroup(alice, group.id)).favorite).toBe(false);
    const never = await createGroup(h, alice, 'Never starred');
    expect((await setFavorite(alice, 'DELETE', never.id)).favorite).toBe(false);
  });

  it('does not change the group itself', async () => {
    const group = await createGroup(h, alice, 'Sales');
    await expectJson(
      await h.request(carol, 'PUT', `/kpis/groups/${group.id}/favorite`, {
        favorite: false,
        name: 'Hacked',
      }),
      200,
      KpiGroup,
    );
    const stored = await getGroup(alice, group.id);
    expect(stored).toEqual(group);
    expect((await getGroup(carol, group.id)).favorite).toBe(true);
  });

  it.each(['put', 'delete'] as const)('%s answers 400 for a malformed id', async (method) => {
    await expectFirstError(
      await h.request(alice, method.toUpperCase(), '/kpis/groups/bad-id/favorite'),
      400,
      'path.groupId',
    );
  });

  it.each(['put', 'delete'] as const)(
    '%s answers the same 404 for an unknown id and for a group of another account',
    async (method) => {
      const theirs = await createGroup(h, bob, 'Theirs');
      if (method === 'delete') await setFavorite(bob, 'PUT', theirs.id);
      await expectSame404(
        await h.request(alice, method.toUpperCase(), `/kpis/groups/${UNKNOWN_ID}/favorite`),
        await h.request(alice, method.toUpperCase(), `/kpis/groups/${theirs.id}/favorite`),
      );
      expect((await getGroup(bob, theirs.id)).favorite).toBe(method === 'delete');
    },
  );

  it.each(['put', 'delete'] as const)('%s answers 401 without a token', async (method) => {
    const group = await createGroup(h, alice, 'Sales');
    await expectProblem(
      await h.request(null, method.toUpperCase(), `/kpis/groups/${group.id}/favorite`),
      401,
    );
    expect((await getGroup(alice, group.id)).favorite).toBe(false);
  });
});

describe('PUT|DELETE /kpis/{kpiId}/groups/{groupId}', () => {
  it('adds a KPI to a group and removes it again', async () => {
    const sales = await createGroup(h, alice, 'Sales');
    const other = await createGroup(h, alice, 'Other');
    const kpi = await createKpi(h, alice, { name: 'Revenue', groups: [other.id] });

    const added = await setMembership(alice, 'PUT', kpi.id, sales.id);
    expect(added.id).toBe(kpi.id);
    expect([...added.groups].sort()).toEqual([other.id, sales.id].sort());
    expect(added.modifiedById).toBe(alice.userId);
    expect((await getGroup(alice, sales.id)).kpisCount).toBe(1);
    expect([...(await getKpi(h, alice, kpi.id)).groups].sort()).toEqual(
      [other.id, sales.id].sort(),
    );

    const inGroup = await listGroups(alice, `?filter=${q('{kpisCount:1}')}`);
    expect(inGroup.items.map((g) => g.name)).toEqual(['Other', 'Sales']);

    const removed = await setMembership(carol, 'DELETE', kpi.id, sales.id);
    expect(removed.groups).toEqual([other.id]);
    expect(removed.modifiedById).toBe(carol.userId);
    expect((await getGroup(alice, sales.id)).kpisCount).toBe(0);
    expect((await getKpi(h, alice, kpi.id)).groups).toEqual([other.id]);
  });

  it('moves the KPI’s dateUpdated forward even right after edits in the same millisecond', async () => {
    const group = await createGroup(h, alice, 'Sales');
    const kpi = await createKpi(h, alice, { name: 'Revenue' });
    // A frozen clock: each edit sets dateUpdated one millisecond past the one before.
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.parse(kpi.dateUpdated) + 1000);
    try {
      let last = kpi.dateUpdated;
      for (const step of [
        () => h.request(alice, 'PATCH', `/kpis/${kpi.id}`, { name: 'Revenue 2' }),
        () => h.request(alice, 'PATCH', `/kpis/${kpi.id}`, { name: 'Revenue 3' }),
        () => h.request(alice, 'PUT', `/kpis/${kpi.id}/groups/${group.id}`),
        () => h.request(alice, 'PATCH', `/kpis/${kpi.id}`, { name: 'Revenue 4' }),
        () => h.request(alice, 'DELETE', `/kpis/${kpi.id}/groups/${group.id}`),
      ]) {
        const updated = (await expectJson(await step(), 200, Kpi)).dateUpdated;
        expect(Date.parse(updated)).toBeGreaterThan(Date.parse(last));
        last = updated;
      }
    } finally {
      now.mockRestore();
    }
  });

  it('loses a member when the KPI is deleted', async () => {
    const group = await createGroup(h, alice, 'Sales');
    const kept = await createKpi(h, alice, { name: 'Kept', groups: [group.id] });
    const gone = await createKpi(h, alice, { name: 'Gone', groups: [group.id] });
    expect((await getGroup(alice, group.id)).kpisCount).toBe(2);
    expect((await h.request(alice, 'DELETE', `/kpis/${gone.id}`)).status).toBe(204);
    expect((await getGroup(alice, group.id)).kpisCount).toBe(1);
    expect((await getKpi(h, alice, kept.id)).groups).toEqual([group.id]);
  });

  it('is idempotent both ways', async () => {
    const group = await createGroup(h, alice, 'Sales');
    const kpi = await createKpi(h, alice, { name: 'Revenue' });
    for (let i = 0; i < 2; i++) {
      expect((await setMembership(alice, 'PUT', kpi.id, group.id)).groups).toEqual([group.id]);
    }
    expect((await getGroup(alice, group.id)).kpisCount).toBe(1);
    for (let i = 0; i < 2; i++) {
      expect((await setMembership(alice, 'DELETE', kpi.id, group.id)).groups).toEqual([]);
    }
    expect((await getGroup(alice, group.id)).kpisCount).toBe(0);
  });

  it.each(['PUT', 'DELETE'])(
    '%s ignores a body with server-owned or other fields',
    async (method) => {
      const group = await createGroup(h, alice, 'Sales');
      const kpi = await createKpi(h, alice, {
        name: 'Revenue',
        groups: method === 'DELETE' ? [group.id] : [],
      });
      const res = await h.request(alice, method, `/kpis/${kpi.id}/groups/${group.id}`, {
        groups: [],
        accountId: bob.accountId,
        createdById: bob.userId,
        dateCreated: OLD_INSTANT,
      });
      const answer = await expectJson(res, 200, Kpi);
      expect(answer.groups).toEqual(method === 'PUT' ? [group.id] : []);
      expect(answer).toMatchObject({
        accountId: alice.accountId,
        createdById: alice.userId,
        dateCreated: kpi.dateCreated,
      });
    },
  );

  it.each([
    ['PUT', 'nope', 'groupId', 'path.kpiId'],
    ['PUT', 'kpiId', 'nope', 'path.groupId'],
    ['DELETE', 'nope', 'groupId', 'path.kpiId'],
    ['DELETE', 'kpiId', 'NOPE', 'path.groupId'],
  ])('%s answers 400 for a malformed id (%s, %s)', async (method, kpiPart, groupPart, path) => {
    const group = await createGroup(h, alice, 'Sales');
    const kpi = await createKpi(h, alice, { name: 'Revenue' });
    const kpiId = kpiPart === 'kpiId' ? kpi.id : kpiPart;
    const groupId = groupPart === 'groupId' ? group.id : groupPart;
    await expectFirstError(
      await h.request(alice, method, `/kpis/${kpiId}/groups/${groupId}`),
      400,
      path,
    );
  });

  it.each(['PUT', 'DELETE'])(
    '%s answers the same 404 for unknown ids and for ids of another account, and changes nothing',
    async (method) => {
      const group = await createGroup(h, alice, 'Sales');
      const kpi = await createKpi(h, alice, {
        name: 'Revenue',
        groups: method === 'DELETE' ? [group.id] : [],
      });
      const theirGroup = await createGroup(h, bob, 'Theirs');
      const theirKpi = await createKpi(h, bob, {
        name: 'Their KPI',
        groups: method === 'DELETE' ? [theirGroup.id] : [],
      });
      const reference = await h.request(alice, method, `/kpis/${UNKNOWN_ID}/groups/${group.id}`);
      const referenceBody = await expectProblem(reference.clone(), 404);
      for (const [kpiId, groupId] of [
        [kpi.id, UNKNOWN_ID],
        [theirKpi.id, group.id],
        [kpi.id, theirGroup.id],
        [theirKpi.id, theirGroup.id],
      ] as const) {
        const body = await expectProblem(
          await h.request(alice, method, `/kpis/${kpiId}/groups/${groupId}`),
          404,
        );
        expect(body).toEqual(referenceBody);
      }
      expect((await getKpi(h, alice, kpi.id)).groups).toEqual(
        method === 'DELETE' ? [group.id] : [],
      );
      expect((await getKpi(h, bob, theirKpi.id)).groups).toEqual(
        method === 'DELETE' ? [theirGroup.id] : [],
      );
      expect((await getGroup(bob, theirGroup.id)).kpisCount).toBe(method === 'DELETE' ? 1 : 0);
    },
  );

  it.each(['PUT', 'DELETE'])('%s answers 401 without a token', async (method) => {
    const group = await createGroup(h, alice, 'Sales');
    const kpi = await createKpi(h, alice, {
      name: 'Revenue',
      groups: method === 'DELETE' ? [group.id] : [],
    });
    await expectProblem(await h.request(null, method, `/kpis/${kpi.id}/groups/${group.id}`), 401);
    expect((await getKpi(h, alice, kpi.id)).groups).toEqual(method === 'DELETE' ? [group.id] : []);
  });
});

describe('every KPI group endpoint', () => {
  const endpoints: [string, string, unknown?][] = [
    ['GET', '/kpis/groups'],
    ['POST', '/kpis/groups', { name: 'x' }],
    ['GET', '/kpis/groups/{groupId}'],
    ['PATCH', '/kpis/groups/{groupId}', { name: 'x' }],
    ['DELETE', '/kpis/groups/{groupId}'],
    ['PUT', '/kpis/groups/{groupId}/favorite'],
    ['DELETE', '/kpis/groups/{groupId}/favorite'],
    ['PUT', '/kpis/{kpiId}/groups/{groupId}'],
    ['DELETE', '/kpis/{kpiId}/groups/{groupId}'],
  ];

  it.each(endpoints)(
    '%s %s answers 401 with a Bearer challenge without a token',
    async (method, path, body) => {
      const group = await createGroup(h, alice, 'Sales');
      const kpi = await createKpi(h, alice, { name: 'Revenue' });
      const url = path.replace('{groupId}', group.id).replace('{kpiId}', kpi.id);
      const res = await h.request(null, method, url, body);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      await expectProblem(res, 401);
    },
  );

  it.each(endpoints)(
    '%s %s answers 403 for an account the user is not a member of',
    async (method, path, body) => {
      const group = await createGroup(h, alice, 'Sales');
      const kpi = await createKpi(h, alice, { name: 'Revenue' });
      const url = path.replace('{groupId}', group.id).replace('{kpiId}', kpi.id);
      await expectProblem(
        await h.request(bob, method, url, body, { 'gtmhub-accountId': alice.accountId }),
        403,
      );
      expect(await getGroup(alice, group.id)).toEqual(group);
    },
  );

  it.each(endpoints)(
    '%s %s answers under /api/v1 and /results/api/v2 as well',
    async (method, path, body) => {
      for (const base of ['/api/v1', '/results/api/v2']) {
        const group = await createGroup(h, alice, `Sales ${base}`);
        const kpi = await createKpi(h, alice, { name: `Revenue ${base}`, groups: [group.id] });
        const url = base + path.replace('{groupId}', group.id).replace('{kpiId}', kpi.id);
        const res = await h.request(alice, method, url, body);
        expect(res.status, `${method} ${url}`).toBe(method === 'POST' ? 201 : 200);
      }
    },
  );
});
