/**
 * The authorization matrix: two accounts with a full set of rows each, and every operation of the
 * OpenAPI document called as account A with B's ids, with unknown ids, with mixed ids, without a
 * token, with a bad or revoked token, and with an account the token does not belong to. B's rows
 * are read straight from the database before and after: A's requests must leave them untouched.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASES } from '../app.ts';
import { createHarness, type Harness, type TestUser } from '../testing/harness.ts';
import { profile } from './support/profile.ts';
import { reportSuite } from './support/summary.ts';

type Kind =
  | 'kpi'
  | 'group'
  | 'snapshot'
  | 'projection'
  | 'dashboard'
  | 'item'
  | 'section'
  | 'tag'
  | 'insight'
  | 'user';

type Values = Record<string, string>;

/** One operation of the document: which of its inputs name rows, and a valid body and query. */
interface Operation {
  /** Path parameters and body fields that name a row, by the kind of row they name. */
  slots: Record<string, Kind>;
  /** `unique` makes names and tags of created rows distinct between calls. */
  body?: (v: Values, unique: string) => unknown;
  query?: (v: Values) => string;
}

const MONTH = '2023-05';
const item = (v: Values, extra: Record<string, unknown> = {}) => ({
  type: 'kpi-number',
  settings: [{ name: 'kpiIds', value: v.kpiId }],
  row: 0,
  col: 0,
  sizeX: 3,
  sizeY: 2,
  ...extra,
});
const section = (header: string, extra: Record<string, unknown> = {}) => ({
  header,
  row: 4,
  col: 0,
  sizeX: 12,
  sizeY: 1,
  ...extra,
});

/**
 * Every operation of the API. A new route without an entry here fails the suite, so none is
 * forgotten.
 */
const MATRIX: Record<string, Operation> = {
  'POST /kpis/{kpiId}/snapshots': {
    slots: { kpiId: 'kpi' },
    body: () => ({ group: MONTH, value: 5 }),
  },
  'GET /kpis/{kpiId}/snapshots': { slots: { kpiId: 'kpi' } },
  'POST /kpis/{kpiId}/snapshots/import': {
    slots: { kpiId: 'kpi' },
    body: () => ({ rows: [{ group: '2023-06', value: 6 }] }),
  },
  'DELETE /kpis/{kpiId}/snapshots/{snapshotId}': {
    slots: { kpiId: 'kpi', snapshotId: 'snapshot' },
  },
  'GET /kpi-snapshots': {
    slots: { ids: 'kpi', groupIds: 'group' },
    query: (v) => `?ids=${v.ids}&groupIds=${v.groupIds}&groupBy=month`,
  },
  'GET /kpis/snapshots': {
    slots: { ids: 'kpi', groupIds: 'group' },
    query: (v) => `?ids=${v.ids}&groupIds=${v.groupIds}&groupBy=month`,
  },
  'GET /kpis/{kpiId}/statistics': {
    slots: { kpiId: 'kpi' },
    query: () => '?type=all-time',
  },
  'GET /kpis/{kpiId}/projections': { slots: { kpiId: 'kpi' } },
  'POST /kpis/{kpiId}/projections': {
    slots: { kpiId: 'kpi' },
    body: (_v, unique) => ({ date: `2031-01-${dayOf(unique)}`, value: 7 }),
  },
  'PATCH /kpis/{kpiId}/projections/{projectionId}': {
    slots: { kpiId: 'kpi', projectionId: 'projection' },
    body: () => ({ value: 8 }),
  },
  'DELETE /kpis/{kpiId}/projections/{projectionId}': {
    slots: { kpiId: 'kpi', projectionId: 'projection' },
  },
  'GET /kpis/groups': {
    slots: { groupId: 'group' },
    query: (v) => `?filter=${encodeURIComponent(`{id:"${v.groupId}"}`)}`,
  },
  'POST /kpis/groups': { slots: {}, body: (_v, unique) => ({ name: `created ${unique}` }) },
  'GET /kpis/groups/{groupId}': { slots: { groupId: 'group' } },
  'PATCH /kpis/groups/{groupId}': {
    slots: { groupId: 'group' },
    body: (_v, unique) => ({ name: `renamed ${unique}` }),
  },
  'DELETE /kpis/groups/{groupId}': { slots: { groupId: 'group' } },
  'PUT /kpis/groups/{groupId}/favorite': { slots: { groupId: 'group' } },
  'DELETE /kpis/groups/{groupId}/favorite': { slots: { groupId: 'group' } },
  'PUT /kpis/{kpiId}/groups/{groupId}': { slots: { kpiId: 'kpi', groupId: 'group' } },
  'DELETE /kpis/{kpiId}/groups/{groupId}': { slots: { kpiId: 'kpi', groupId: 'group' } },
  'GET /kpis': {
    slots: { kpiId: 'kpi', groupId: 'group', ownerId: 'user' },
    query: (v) =>
      `?filter=${encodeURIComponent(
        `{$or:[{id:{$in:["${v.kpiId}"]}},{groups:"${v.groupId}"},{ownerIds:"${v.ownerId}"}]}`,
      )}`,
  },
  'POST /kpis': {
    slots: { groupId: 'group', ownerId: 'user' },
    body: (v, unique) => ({
      name: `created ${unique}`,
      groups: [v.groupId],
      ownerIds: [v.ownerId],
    }),
  },
  'GET /kpis/{kpiId}': { slots: { kpiId: 'kpi' } },
  'PATCH /kpis/{kpiId}': {
    slots: { kpiId: 'kpi', groupId: 'group', ownerId: 'user' },
    body: (v, unique) => ({
      name: `patched ${unique}`,
      groups: [v.groupId],
      ownerIds: [v.ownerId],
    }),
  },
  'DELETE /kpis/{kpiId}': { slots: { kpiId: 'kpi' } },
  'GET /insights/{id}/usages/kpis': { slots: { id: 'insight' } },
  'GET /users/kpi-virtual-group/favorite': { slots: {} },
  'PUT /users/kpi-virtual-group/favorite': {
    slots: {},
    body: () => ({ virtualGroup: 'ungrouped', favorite: true }),
  },
  'GET /dashboards': {
    slots: { dashboardId: 'dashboard' },
    query: (v) => `?filter=${encodeURIComponent(`{id:"${v.dashboardId}"}`)}`,
  },
  'POST /dashboards': {
    slots: { kpiId: 'kpi', itemId: 'item', sectionId: 'section' },
    body: (v, unique) => ({
      name: `created ${unique}`,
      tag: `t${unique}`,
      insights: [item(v, { id: v.itemId })],
      sectionHeaders: [section(`section ${unique}`, { id: v.sectionId })],
    }),
  },
  'GET /dashboards/reports': { slots: {} },
  'GET /dashboards/tags/usages': { slots: {} },
  'GET /dashboards/tag/{tag}': { slots: { tag: 'tag' } },
  'GET /dashboards/{dashboardId}': { slots: { dashboardId: 'dashboard' } },
  'PUT /dashboards/{dashboardId}': {
    slots: { dashboardId: 'dashboard', kpiId: 'kpi', itemId: 'item', sectionId: 'section' },
    body: (v, unique) => ({
      name: `saved ${unique}`,
      insights: [item(v, { id: v.itemId })],
      sectionHeaders: [section(`section ${unique}`, { id: v.sectionId })],
    }),
  },
  'DELETE /dashboards/{dashboardId}': { slots: { dashboardId: 'dashboard' } },
  'POST /dashboards/{dashboardId}/clone': {
    slots: { dashboardId: 'dashboard' },
    body: (_v, unique) => ({ tag: `c${unique}` }),
  },
  'PUT /dashboards/items/{id}': {
    slots: { id: 'item', dashboardId: 'dashboard', kpiId: 'kpi' },
    body: (v) => ({ ...item(v), dashboardId: v.dashboardId }),
  },
  'GET /users/me': { slots: {} },
  'GET /users': { slots: {} },
};

/** A two-digit day of January from a unique string, so own projections do not collide. */
function dayOf(unique: string): string {
  return String((parseInt(unique.slice(-4), 16) % 28) + 1).padStart(2, '0');
}

const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A value of the kind that names no row anywhere. */
function unknownOf(kind: Kind): string {
  if (kind === 'tag') return `unknown-${randomHex(6)}`;
  if (kind === 'insight') return `unknown-insight-${randomHex(6)}`;
  return randomHex(12);
}

/** The rows of one account, as created through the API. */
interface Account {
  users: [TestUser, TestUser];
  marker: string;
  kpis: string[];
  groups: string[];
  snapshots: string[];
  projections: string[];
  dashboards: string[];
  items: string[];
  sections: string[];
  /** A dashboard tag and an insight name only this account uses. */
  tag: string;
  insight: string;
}

/** The same tag and insight name exist in both accounts: each must only see its own. */
const SHARED_TAG = 'shared-board';
const SHARED_INSIGHT = 'shared-insight';
const SHARED_LABEL = 'shared-label';

/** One slot value per kind: the first row of the kind, which the others hang from. */
function valuesOf(account: Account): Record<Kind, string> {
  return {
    kpi: account.kpis[0]!,
    group: account.groups[0]!,
    snapshot: account.snapshots[0]!,
    projection: account.projections[0]!,
    dashboard: account.dashboards[0]!,
    item: account.items[0]!,
    section: account.sections[0]!,
    tag: account.tag,
    insight: account.insight,
    user: account.users[1].userId,
  };
}

interface Call {
  user: TestUser | null;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

const describeCall = (c: Call) =>
  `${c.method} ${c.path}${c.body === undefined ? '' : ` ${JSON.stringify(c.body)}`}` +
  `${c.user ? ` as ${c.user.userId}@${c.headers?.['gtmhub-accountId'] ?? c.user.accountId}` : ''}`;

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

const INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g;
const HEX_ID = /\b[0-9a-f]{24}\b/g;
/** Headers that may differ between two equal answers. */
const VOLATILE_HEADERS = new Set(['date', 'content-length']);

describe('authorization', () => {
  let h: Harness;
  let a: Account;
  let b: Account;
  let revoked: TestUser;
  let operations: { method: string; path: string; key: string }[] = [];
  /** Ids the fixtures created; any other id in a successful answer is new and may differ. */
  const known = new Set<string>();
  const failures: string[] = [];
  let tried = 0;

  async function send(call: Call): Promise<Answer> {
    tried++;
    const res = await h.request(call.user, call.method, call.path, call.body, call.headers);
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: res.status, headers, text: await res.text() };
  }

  function fail(call: Call, why: string, answer?: Answer): void {
    failures.push(
      `${describeCall(call)}: ${why}${answer ? ` (answered ${answer.status} ${answer.text.slice(0, 300)})` : ''}`,
    );
  }

  /** A request that must succeed; setting up the fixtures stops at the first refusal. */
  async function must(call: Call): Promise<unknown> {
    const answer = await send(call);
    if (answer.status < 200 || answer.status > 299) {
      throw new Error(`${describeCall(call)} answered ${answer.status}: ${answer.text}`);
    }
    return answer.text === '' ? null : (JSON.parse(answer.text) as unknown);
  }

  async function seed(
    users: [TestUser, TestUser],
    marker: string,
    options: { tag: string; insight: string; shared: boolean },
  ): Promise<Account> {
    const [first, second] = users;
    const id = (value: unknown) => {
      const found = (value as { id: string }).id;
      known.add(found);
      return found;
    };
    const groups = [
      id(
        await must({
          user: first,
          method: 'POST',
          path: '/kpis/groups',
          body: { name: `${marker} sales` },
        }),
      ),
      id(
        await must({
          user: second,
          method: 'POST',
          path: '/kpis/groups',
          body: { name: `${marker} ops` },
        }),
      ),
    ];
    const kpis = [
      id(
        await must({
          user: first,
          method: 'POST',
          path: '/kpis',
          body: {
            name: `${marker} revenue`,
            description: `${marker} description`,
            groups: [groups[0]],
            ownerIds: [first.userId, second.userId],
            insight: { insightName: options.insight },
          },
        }),
      ),
      id(
        await must({
          user: second,
          method: 'POST',
          path: '/kpis',
          body: {
            name: `${marker} churn`,
            groups: groups,
            insight: options.shared ? { insightName: SHARED_INSIGHT } : undefined,
          },
        }),
      ),
      id(
        await must({
          user: second,
          method: 'POST',
          path: '/kpis',
          body: { name: `${marker} ungrouped`, ownerIds: [second.userId] },
        }),
      ),
    ];
    const snapshots: string[] = [];
    const projections: string[] = [];
    for (const [index, kpiId] of kpis.entries()) {
      for (const period of ['2022-W36', '2022-09-05']) {
        snapshots.push(
          id(
            await must({
              user: users[index % 2]!,
              method: 'POST',
              path: `/kpis/${kpiId}/snapshots`,
              body: { group: period, value: 10 + index },
            }),
          ),
        );
      }
      projections.push(
        id(
          await must({
            user: first,
            method: 'POST',
            path: `/kpis/${kpiId}/projections`,
            body: { date: '2030-01-01', value: 100 + index },
          }),
        ),
      );
    }
    for (const user of users) {
      await must({ user, method: 'PUT', path: `/kpis/groups/${groups[0]}/favorite` });
      for (const virtualGroup of ['mykpis', 'ungrouped']) {
        await must({
          user,
          method: 'PUT',
          path: '/users/kpi-virtual-group/favorite',
          body: { virtualGroup, favorite: true },
        });
      }
    }
    const dashboards: string[] = [];
    const items: string[] = [];
    const sections: string[] = [];
    for (const [index, tag] of [options.tag, `${options.tag}-2`].entries()) {
      const board = (await must({
        user: users[index]!,
        method: 'POST',
        path: '/dashboards',
        body: {
          name: `${marker} board ${index}`,
          tag: index === 1 && options.shared ? SHARED_TAG : tag,
          tags: [{ name: SHARED_LABEL, title: `${marker} label` }],
          insights: [
            item({ kpiId: kpis[0]! }, { insightTitle: `${marker} item` }),
            item({ kpiId: `${kpis[1]!},${kpis[2]!}` }, { type: 'kpi-chart', row: 2 }),
          ],
          sectionHeaders: [section(`${marker} section`)],
        },
      })) as { id: string; insights: { id: string }[]; sectionHeaders: { id: string }[] };
      dashboards.push(id(board));
      for (const i of board.insights) items.push(id(i));
      for (const s of board.sectionHeaders) sections.push(id(s));
    }
    return {
      users,
      marker,
      kpis,
      groups,
      snapshots,
      projections,
      dashboards,
      items,
      sections,
      tag: options.tag,
      insight: options.insight,
    };
  }

  /** Every row that belongs to an account, by table, serialised in a stable order. */
  function accountRows(accountId: string): string {
    const users = `SELECT user_id FROM memberships WHERE account_id = $a`;
    const kpis = `SELECT id FROM kpis WHERE account_id = $a`;
    const groups = `SELECT id FROM kpi_groups WHERE account_id = $a`;
    const boards = `SELECT id FROM dashboards WHERE account_id = $a`;
    const owned: Record<string, string> = {
      accounts: 'id = $a',
      users: `id IN (${users})`,
      memberships: 'account_id = $a',
      tokens: `user_id IN (${users})`,
      kpis: 'account_id = $a',
      kpi_owners: `kpi_id IN (${kpis})`,
      kpi_groups: 'account_id = $a',
      kpi_group_members: `kpi_id IN (${kpis}) OR group_id IN (${groups})`,
      group_favorites: `group_id IN (${groups}) OR user_id IN (${users})`,
      virtual_group_favorites: `account_id = $a OR user_id IN (${users})`,
      snapshots: `account_id = $a OR kpi_id IN (${kpis})`,
      projections: `account_id = $a OR kpi_id IN (${kpis})`,
      dashboards: 'account_id = $a',
      dashboard_tags: 'account_id = $a',
      dashboard_tag_links: `dashboard_id IN (${boards}) OR tag_id IN (SELECT id FROM dashboard_tags WHERE account_id = $a)`,
      dashboard_items: `account_id = $a OR dashboard_id IN (${boards})`,
      dashboard_item_kpis: `account_id = $a OR kpi_id IN (${kpis})`,
      section_headers: `account_id = $a OR dashboard_id IN (${boards})`,
    };
    const tables = (
      h.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as { name: string }[]
    ).map((t) => t.name);
    const unowned = tables.filter((t) => owned[t] === undefined);
    // A table added by a later migration must say here how its rows belong to an account.
    expect(unowned, 'tables without an account rule').toEqual([]);
    const dump: Record<string, unknown[]> = {};
    for (const table of tables.sort()) {
      const columns = (h.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
        .map((_, i) => String(i + 1))
        .join(', ');
      dump[table] = h.db
        .prepare(`SELECT * FROM ${table} WHERE ${owned[table]} ORDER BY ${columns}`)
        .all({ a: accountId });
    }
    return JSON.stringify(dump, (_key, value: unknown) =>
      Buffer.isBuffer(value) ? value.toString('hex') : value,
    );
  }

  function pathOf(template: string, values: Values, base: string): string {
    const filled = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`No value for {${name}} in ${template}`);
      return encodeURIComponent(value);
    });
    return `${base}${filled}`;
  }

  function callOf(
    user: TestUser,
    key: string,
    path: string,
    values: Values,
    unique: string,
    base: string,
  ): Call {
    const op = MATRIX[key]!;
    const method = key.split(' ')[0]!;
    const body = op.body?.(values, unique);
    return {
      user,
      method,
      path: `${pathOf(path, values, base)}${op.query?.(values) ?? ''}`,
      ...(body === undefined ? {} : { body }),
    };
  }

  /** The answer with everything that may legitimately differ between two calls made equal. */
  function normalised(answer: Answer, probes: string[]): Answer {
    let text = answer.text;
    for (const [i, probe] of probes.entries()) {
      text = text.split(probe).join(`<probe${i}>`);
      text = text.split(encodeURIComponent(probe)).join(`<probe${i}>`);
    }
    if (answer.status >= 200 && answer.status < 300) {
      text = text
        .replace(INSTANT, '<instant>')
        .replace(HEX_ID, (found) => (known.has(found) ? found : '<new>'));
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (!VOLATILE_HEADERS.has(name)) headers[name] = value;
    }
    return { status: answer.status, headers, text };
  }

  beforeAll(async () => {
    h = createHarness();
    const userOf = (account: string, email: string) => h.createUser(account, email, email);
    const usersA: [TestUser, TestUser] = [
      await userOf('Acme', 'a1@acme.test'),
      await userOf('Acme', 'a2@acme.test'),
    ];
    const usersB: [TestUser, TestUser] = [
      await userOf('Beta', 'b1@beta.test'),
      await userOf('Beta', 'b2@beta.test'),
    ];
    revoked = await userOf('Acme', 'revoked@acme.test');
    for (const u of [...usersA, ...usersB, revoked]) {
      known.add(u.userId);
      known.add(u.accountId);
    }
    a = await seed(usersA, 'MARK-ACME-5c1e', {
      tag: 'acme-board',
      insight: 'acme-insight',
      shared: true,
    });
    b = await seed(usersB, 'MARK-BETA-9d4f', {
      tag: 'beta-board',
      insight: 'beta-insight',
      shared: true,
    });
    const res = await h.request(null, 'GET', '/results/api/openapi.json');
    const document = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => ({
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
      })),
    );
  });

  afterAll(() => {
    reportSuite({
      suite: 'authorization',
      tried,
      failures: failures.length,
      figures: { routes: operations.length },
    });
    const errors = h.errors.slice();
    h.close();
    expect(errors).toEqual([]);
  });

  it('covers every operation of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(30);
    const missing = operations.filter((op) => MATRIX[op.key] === undefined).map((op) => op.key);
    expect(missing, 'operations missing from the matrix').toEqual([]);
    const stale = Object.keys(MATRIX).filter((key) => !operations.some((op) => op.key === key));
    expect(stale, 'matrix entries the document no longer has').toEqual([]);
    // Each account has rows in every table, so that the before-and-after comparison sees them all.
    for (const account of [a, b]) {
      const rows = JSON.parse(accountRows(account.users[0].accountId)) as Record<string, unknown[]>;
      const empty = Object.keys(rows).filter((table) => rows[table]!.length === 0);
      expect(empty, `tables without rows of ${account.marker}`).toEqual([]);
    }
  });

  it('reads of lists and grouped data never show another account’s rows', async () => {
    const before = failures.length;
    for (const user of a.users) await expectNoLeaks(user, 'before any write');
    // The shared tag and insight name resolve to A's own rows only.
    const [first] = a.users;
    const byTag = await send({ user: first, method: 'GET', path: `/dashboards/tag/${SHARED_TAG}` });
    const board = JSON.parse(byTag.text) as { id?: string; accountId?: string };
    if (byTag.status !== 200 || board.id !== a.dashboards[1]) {
      fail(
        { user: first, method: 'GET', path: `/dashboards/tag/${SHARED_TAG}` },
        'not A’s board',
        byTag,
      );
    }
    const usages = await send({
      user: first,
      method: 'GET',
      path: `/insights/${SHARED_INSIGHT}/usages/kpis`,
    });
    const ids = (JSON.parse(usages.text) as { items?: { id: string }[] }).items?.map((k) => k.id);
    if (usages.status !== 200 || JSON.stringify(ids) !== JSON.stringify([a.kpis[1]])) {
      fail(
        { user: first, method: 'GET', path: `/insights/${SHARED_INSIGHT}/usages/kpis` },
        'not exactly A’s KPI',
        usages,
      );
    }
    // Each user's virtual favorites are their own; B's users starred both, so did A's.
    await must({
      user: first,
      method: 'PUT',
      path: '/users/kpi-virtual-group/favorite',
      body: { virtualGroup: 'mykpis', favorite: false },
    });
    const virtual = await send({
      user: first,
      method: 'GET',
      path: '/users/kpi-virtual-group/favorite',
    });
    if (!virtual.text.includes('{"virtualGroup":"mykpis","favorite":false}')) {
      fail(
        { user: first, method: 'GET', path: '/users/kpi-virtual-group/favorite' },
        'B’s favorite shows',
        virtual,
      );
    }
    await must({
      user: first,
      method: 'PUT',
      path: '/users/kpi-virtual-group/favorite',
      body: { virtualGroup: 'mykpis', favorite: true },
    });
    expect(failures.slice(before)).toEqual([]);
  });

  /** Every list and grouped read as `user`: B's ids and B's marker never appear. */
  async function expectNoLeaks(user: TestUser, when: string, adopted = false): Promise<void> {
    const foreignIds = [
      ...b.kpis,
      ...b.groups,
      ...b.snapshots,
      ...b.projections,
      ...b.dashboards,
      // Item and section ids are chosen by the client and unique per account: once A has saved
      // its own item under an id B also uses (as the matrix does), A's answers carry that id.
      ...(adopted ? [] : [...b.items, ...b.sections]),
      ...b.users.map((u) => u.userId),
      b.users[0].accountId,
    ];
    const bKpis = b.kpis.join(',');
    const mixedKpis = [...a.kpis, ...b.kpis].join(',');
    const bGroups = b.groups.join(',');
    const q = (filter: string) => `filter=${encodeURIComponent(filter)}`;
    const reads = [
      '/kpis',
      `/kpis?${q(`{id:{$in:[${b.kpis.map((k) => `"${k}"`).join(',')}]}}`)}`,
      `/kpis?${q(`{name:{$regex:"MARK-BETA"}}`)}`,
      `/kpis?${q(`{groups:{$in:["${b.groups[0]}"]}}`)}`,
      `/kpis?${q(`{ownerIds:"${b.users[1].userId}"}`)}`,
      `/kpis?${q(`{createdById:"${b.users[0].userId}"}`)}&sort=-dateCreated&take=1000`,
      `/kpis?${q(`{"insightLink.insightName":"${SHARED_INSIGHT}"}`)}`,
      `/kpis?fields=id,name,groups,ownerIds&${q(`{description:{$regex:"MARK"}}`)}`,
      `/results/api/v2/kpis?${q(`{id:{$in:[${b.kpis.map((k) => `"${k}"`).join(',')}]}}`)}`,
      `/results/api/v2/kpis?${q(`{$or:[{groups:{$exists:false}},{ownerIds:"${b.users[0].userId}"}]}`)}`,
      `/kpi-snapshots?ids=${bKpis}&groupBy=week`,
      `/kpi-snapshots?ids=${mixedKpis}&groupBy=month`,
      `/kpi-snapshots?groupIds=${bGroups}&groupBy=month`,
      `/kpi-snapshots?ungrouped=true&mykpis=true&groupBy=year`,
      `/kpis/snapshots?ids=${mixedKpis}&groupBy=month`,
      `/kpis/snapshots?groupIds=${bGroups}&groupBy=month`,
      `/kpis/snapshots?${q(`{name:{$regex:"MARK"}}`)}&groupBy=month`,
      `/kpis/snapshots?ungrouped=true&groupBy=year`,
      `/results/api/v2/kpis/snapshots?mykpis=true&groupBy=quarter`,
      '/kpis/groups',
      `/kpis/groups?${q(`{id:{$in:["${b.groups[0]}","${b.groups[1]}"]}}`)}`,
      `/kpis/groups?${q(`{favorite:true}`)}&sort=-kpisCount`,
      `/kpis/groups?${q(`{name:{$regex:"MARK-BETA"}}`)}`,
      '/users/kpi-virtual-group/favorite',
      '/dashboards',
      `/dashboards?${q(`{archived:{$in:[true,false]}}`)}`,
      `/dashboards?${q(`{tag:"${SHARED_TAG}"}`)}`,
      `/dashboards?${q(`{tags:"${SHARED_LABEL}"}`)}`,
      '/dashboards/reports',
      '/dashboards/tags/usages',
      `/dashboards/tag/${SHARED_TAG}`,
      `/insights/${SHARED_INSIGHT}/usages/kpis`,
      '/users',
      '/users/me',
      ...a.kpis.flatMap((k) => [
        `/kpis/${k}`,
        `/kpis/${k}/snapshots`,
        `/kpis/${k}/projections`,
        `/kpis/${k}/statistics?type=all-time`,
        `/kpis/${k}/statistics?type=year`,
      ]),
      ...a.groups.map((g) => `/kpis/groups/${g}`),
      ...a.dashboards.map((d) => `/dashboards/${d}`),
    ];
    const bases = API_BASES.slice(0, profile.name === 'full' ? API_BASES.length : 2);
    for (const read of reads) {
      for (const base of bases) {
        const path = read.startsWith('/results') ? read : `${base}${read}`;
        const call: Call = { user, method: 'GET', path };
        const answer = await send(call);
        if (answer.status !== 200 && !(answer.status === 404 && read.startsWith('/kpis/'))) {
          fail(call, `${when}: expected 200`, answer);
          continue;
        }
        const leaked = foreignIds.filter((id) => answer.text.includes(id));
        if (leaked.length > 0) fail(call, `${when}: shows B’s ids ${leaked.join(', ')}`, answer);
        if (answer.text.includes(b.marker)) fail(call, `${when}: shows B’s marker`, answer);
        if (read.startsWith('/results')) break;
      }
    }
  }

  it('answers A’s requests with B’s ids exactly like unknown ids, and leaves B’s rows alone', async () => {
    const before = failures.length;
    // Saving a board may take a new item or section under an id B uses; each probe then takes
    // one of B's ids A has not taken yet, so earlier probes do not change what later ones see.
    const spare = (await must({
      user: b.users[0],
      method: 'POST',
      path: '/dashboards',
      body: {
        name: `${b.marker} spare`,
        insights: Array.from({ length: 60 }, (_, i) => item({ kpiId: b.kpis[0]! }, { row: i * 2 })),
        sectionHeaders: Array.from({ length: 60 }, (_, i) =>
          section(`${b.marker} spare ${i}`, { row: i * 2 + 1 }),
        ),
      },
    })) as { id: string; insights: { id: string }[]; sectionHeaders: { id: string }[] };
    known.add(spare.id);
    b.dashboards.push(spare.id);
    const spareIds: Partial<Record<Kind, string[]>> = {
      item: spare.insights.map((i) => i.id),
      section: spare.sectionHeaders.map((s) => s.id),
    };
    for (const id of [...spareIds.item!, ...spareIds.section!]) known.add(id);
    b.items.push(...spareIds.item!);
    b.sections.push(...spareIds.section!);
    const rowsBefore = accountRows(b.users[0].accountId);
    const own = valuesOf(a);
    const fixed = valuesOf(b);
    const foreignOf = (kind: Kind): string => {
      const value = spareIds[kind]?.shift() ?? fixed[kind];
      return value;
    };
    const bases = profile.name === 'full' ? [...API_BASES] : [API_BASES[0]];
    let unique = 0;
    for (const [index, op] of operations.entries()) {
      const entry = MATRIX[op.key];
      if (!entry) continue;
      const slots = Object.entries(entry.slots);
      if (slots.length === 0) continue;
      const user = a.users[index % 2]!;
      const variants: string[][] = slots.map(([name]) => [name]);
      if (slots.length > 1) variants.push(slots.map(([name]) => name));
      for (const base of bases) {
        for (const names of variants) {
          const ownValues = (): Values =>
            Object.fromEntries(
              slots.map(([n, kind]) => [
                n,
                // A new board cannot take items or sections of another of A's boards.
                op.method === 'POST' && (kind === 'item' || kind === 'section')
                  ? randomHex(12)
                  : own[kind],
              ]),
            );
          const foreignValues = ownValues();
          const unknownValues = ownValues();
          for (const name of names) {
            const kind = entry.slots[name]!;
            foreignValues[name] = foreignOf(kind);
            unknownValues[name] = unknownOf(kind);
          }
          const tagA = `u${(unique++).toString(16).padStart(6, '0')}`;
          const tagB = `u${(unique++).toString(16).padStart(6, '0')}`;
          const foreignCall = callOf(user, op.key, op.path, foreignValues, tagA, base);
          const unknownCall = callOf(user, op.key, op.path, unknownValues, tagB, base);
          const foreignAnswer = await send(foreignCall);
          const unknownAnswer = await send(unknownCall);
          const foreignProbes = [...names.map((n) => foreignValues[n]!), tagA];
          const unknownProbes = [...names.map((n) => unknownValues[n]!), tagB];
          const x = normalised(foreignAnswer, foreignProbes);
          const y = normalised(unknownAnswer, unknownProbes);
          if (JSON.stringify(x) !== JSON.stringify(y)) {
            fail(
              foreignCall,
              `B’s ${names.join('+')} answered unlike an unknown one: ${JSON.stringify(x)} vs ${JSON.stringify(y)} for ${describeCall(unknownCall)}`,
            );
          }
          // A path naming another account's row is not found; a body naming one is refused.
          // Saving an item is create-or-replace by its id within the account, so an id another
          // account uses is simply a new item here.
          const upsert = op.key === 'PUT /dashboards/items/{id}' && names.join() === 'id';
          const pathOnly = names.every((n) => op.path.includes(`{${n}}`));
          if (pathOnly && !upsert && foreignAnswer.status !== 404) {
            fail(foreignCall, 'expected 404', foreignAnswer);
          }
          if (foreignAnswer.status >= 200 && foreignAnswer.status < 300) {
            if (foreignAnswer.text.includes(b.marker))
              fail(foreignCall, 'shows B’s marker', foreignAnswer);
          }
        }
      }
    }
    expect(accountRows(b.users[0].accountId) === rowsBefore, 'B’s rows changed').toBe(true);
    expect(failures.slice(before)).toEqual([]);
  });

  it('runs every operation as A on A’s own rows, which leaves B’s rows alone', async () => {
    const before = failures.length;
    const rowsBefore = accountRows(b.users[0].accountId);
    let n = 0;
    for (const [index, op] of operations.entries()) {
      const user = a.users[index % 2]!;
      // Fresh rows for each operation, so a delete does not take what the next one needs.
      const fresh = await seed(a.users, 'MARK-ACME-5c1e', {
        tag: `own-${n}`,
        insight: `own-insight-${n}`,
        shared: false,
      });
      n++;
      const values = valuesOf(fresh);
      const slotValues: Values = Object.fromEntries(
        Object.entries(MATRIX[op.key]?.slots ?? {}).map(([name, kind]) => [name, values[kind]]),
      );
      // The body's own item and section ids would move A's rows; new ones are created instead.
      for (const name of ['itemId', 'sectionId'])
        if (slotValues[name]) slotValues[name] = randomHex(12);
      const call = callOf(
        user,
        op.key,
        op.path,
        slotValues,
        `o${n.toString(16).padStart(6, '0')}`,
        API_BASES[n % API_BASES.length]!,
      );
      const answer = await send(call);
      if (answer.status < 200 || answer.status > 299) fail(call, 'A’s own request failed', answer);
      if (answer.text.includes(b.marker)) fail(call, 'shows B’s marker', answer);
    }
    for (const user of a.users) await expectNoLeaks(user, 'after A’s writes', true);
    expect(accountRows(b.users[0].accountId) === rowsBefore, 'B’s rows changed').toBe(true);
    expect(failures.slice(before)).toEqual([]);
  });

  it('refuses a token for an account it does not belong to with 403', async () => {
    const before = failures.length;
    const rowsBefore = [a, b].map((x) => accountRows(x.users[0].accountId));
    const unknownAccount = randomHex(12);
    // A's users with B's account (and B's with A's): the other account's ids, as its own
    // users would send them.
    const attempts: [TestUser, Account][] = [
      [a.users[0], b],
      [a.users[1], b],
      [b.users[0], a],
    ];
    for (const op of operations) {
      const entry = MATRIX[op.key];
      if (!entry) continue;
      for (const [user, target] of attempts) {
        const ids = valuesOf(target);
        const values: Values = Object.fromEntries(
          Object.entries(entry.slots).map(([name, kind]) => [name, ids[kind]]),
        );
        for (const account of [target.users[0].accountId, unknownAccount]) {
          const call = {
            ...callOf(user, op.key, op.path, values, randomHex(3), API_BASES[0]),
            headers: { 'gtmhub-accountId': account },
          };
          await expectProblemAnswer(call, 403);
        }
      }
    }
    const rowsAfter = [a, b].map((x) => accountRows(x.users[0].accountId));
    expect(rowsAfter[0] === rowsBefore[0], 'A’s rows changed').toBe(true);
    expect(rowsAfter[1] === rowsBefore[1], 'B’s rows changed').toBe(true);
    expect(failures.slice(before)).toEqual([]);
  });

  /** Checks a problem answer: status, media type, a body with the same status, no caching. */
  async function expectProblemAnswer(call: Call, status: number): Promise<Answer> {
    const answer = await send(call);
    if (answer.status !== status) {
      fail(call, `expected ${status}`, answer);
      return answer;
    }
    if (!answer.headers['content-type']?.startsWith('application/problem+json')) {
      fail(call, 'not a problem body', answer);
    }
    let body: { status?: unknown; title?: unknown; detail?: unknown } = {};
    try {
      body = JSON.parse(answer.text) as typeof body;
    } catch {
      fail(call, 'the body is not JSON', answer);
    }
    if (
      body.status !== status ||
      typeof body.title !== 'string' ||
      typeof body.detail !== 'string'
    ) {
      fail(call, 'the problem body lacks status, title or detail', answer);
    }
    if (status === 401 && !/^Bearer\b/.test(answer.headers['www-authenticate'] ?? '')) {
      fail(call, 'a 401 without WWW-Authenticate: Bearer', answer);
    }
    return answer;
  }

  it('refuses missing, malformed, unknown, revoked and URL tokens with 401', async () => {
    const before = failures.length;
    const rowsBefore = accountRows(b.users[0].accountId);
    const me: Call = { user: revoked, method: 'GET', path: '/users/me' };
    const live = await send(me);
    expect(live.status, 'the token works before it is revoked').toBe(200);
    expect(await h.repos.accounts.revokeToken({ token: revoked.token })).toBe(1);

    const own = valuesOf(a);
    const [first] = a.users;
    const authorizations: Record<string, string | null> = {
      none: null,
      basic: `Basic ${Buffer.from('a1@acme.test:secret').toString('base64')}`,
      'bare scheme': 'Bearer',
      'two tokens': `Bearer ${first.token} ${first.token}`,
      'no scheme': first.token,
      unknown: `Bearer kpi_${randomHex(20)}`,
      revoked: `Bearer ${revoked.token}`,
      'over-long': `Bearer ${'x'.repeat(600)}`,
    };
    for (const op of operations) {
      const entry = MATRIX[op.key];
      if (!entry) continue;
      const values: Values = Object.fromEntries(
        Object.entries(entry.slots).map(([name, kind]) => [name, own[kind]]),
      );
      for (const [, authorization] of Object.entries(authorizations)) {
        const base = callOf(first, op.key, op.path, values, randomHex(3), API_BASES[0]);
        const headers: Record<string, string> = { 'gtmhub-accountId': first.accountId };
        if (authorization !== null) headers.authorization = authorization;
        await expectProblemAnswer({ ...base, user: null, headers }, 401);
      }
      // Tokens in the URL are never taken as credentials: with no header the answer is 401, and
      // with a valid header too, since a token in a URL ends up in logs and must be refused.
      for (const param of ['access_token', 'token', 'authorization', 'api_key']) {
        const base = callOf(first, op.key, op.path, values, randomHex(3), API_BASES[0]);
        const sep = base.path.includes('?') ? '&' : '?';
        const value = param === 'authorization' ? `Bearer ${first.token}` : first.token;
        const path = `${base.path}${sep}${param}=${encodeURIComponent(value)}`;
        await expectProblemAnswer(
          { ...base, user: null, path, headers: { 'gtmhub-accountId': first.accountId } },
          401,
        );
        await expectProblemAnswer({ ...base, path }, 401);
      }
    }
    expect(accountRows(b.users[0].accountId) === rowsBefore, 'B’s rows changed').toBe(true);
    expect(failures.slice(before)).toEqual([]);
  });
});
