/**
 * Model-based sequences: random runs of KPI, snapshot, projection, group and favorite commands
 * against the real app (in-process, a fresh database per run), each answer checked against a
 * small in-memory model of what the API promises. Reads compare the whole visible state.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { KpiGroup, KpiGroupList } from '../../contract/kpi-groups.ts';
import {
  Kpi,
  KpiPage,
  ImportSnapshotsResponse,
  KpiStatistics,
  Projection,
  ProjectionList,
  Snapshot,
  SnapshotGroupsByKpi,
  SnapshotHistory,
  VirtualGroupFavorites,
  type VirtualGroup,
} from '../../contract/kpis.ts';
import { toRichText } from '../domain/description.ts';
import { createHarness, type Harness, type TestUser } from '../testing/harness.ts';
import { profile } from './support/profile.ts';
import { reportSuite } from './support/summary.ts';

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

type UserKey = 'alice' | 'bob';
const USER_KEYS: readonly UserKey[] = ['alice', 'bob'];
const AGGREGATIONS = ['last', 'sum', 'average', 'min', 'max'] as const;
type Aggregation = (typeof AGGREGATIONS)[number];
const OPERATORS = ['should_increase', 'should_decrease'] as const;
type Operator = (typeof OPERATORS)[number];
const VIRTUAL: readonly VirtualGroup[] = ['mykpis', 'ungrouped'];

interface ModelSnapshot {
  id: string;
  group: string;
  timeZone: string;
  instant: number;
  value: number;
  /** Recording order: `last` picks the latest instant, then the latest recorded. */
  seq: number;
  by: UserKey;
}

interface ModelProjection {
  id: string;
  date: string;
  value: number;
}

interface ModelKpi {
  id: string;
  name: string;
  description: string;
  /** An HTML description given as such; without one, it is derived from `description`. */
  richText: string | null;
  aggregation: Aggregation;
  targetOperator: Operator;
  formatting: { prefix: string; suffix: string; fractionSize: number };
  groups: string[];
  ownerIds: string[];
  createdBy: UserKey;
  modifiedBy: UserKey;
  projections: ModelProjection[];
  snapshots: ModelSnapshot[];
  /** The latest dateUpdated seen; it must never go back. */
  updatedAt: number;
}

interface ModelGroup {
  id: string;
  name: string;
  favoriteOf: Set<UserKey>;
}

interface Model {
  kpis: ModelKpi[];
  groups: ModelGroup[];
  virtual: Record<UserKey, Set<VirtualGroup>>;
  goneKpis: string[];
  goneGroups: string[];
  seq: number;
}

interface Real {
  h: Harness;
  users: Record<UserKey | 'eve', TestUser>;
}

const pick = <T>(list: readonly T[], index: number): T => list[index % list.length]!;
const unique = <T>(list: readonly T[]): T[] => [...new Set(list)];
/** SQLite's NOCASE folds ASCII letters only; names here use characters whose order matches. */
const foldCase = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const byNameThenId = (a: { name: string; id: string }, b: { name: string; id: string }) => {
  const x = foldCase(a.name);
  const y = foldCase(b.name);
  if (x !== y) return x < y ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

// ---------------------------------------------------------------------------------------------
// Periods, computed plainly for the few keys the commands use (all in 2024)
// ---------------------------------------------------------------------------------------------

const MINUTE = 60_000;
const DAY = 86_400_000;
const JAN_1_2024 = Date.UTC(2024, 0, 1);

/** A zone's UTC offset in minutes at an instant of 2023 or 2024. */
type OffsetAt = (instant: number) => number;
const fixed =
  (minutes: number): OffsetAt =>
  () =>
    minutes;
/** Standard time, and summer time over the given spans of instants (2023's and 2024's rules). */
const seasonal =
  (standard: number, summer: number, spans: readonly (readonly [number, number])[]): OffsetAt =>
  (instant) =>
    spans.some(([from, to]) => instant >= from && instant < to) ? summer : standard;

/**
 * Fixed offsets and IANA zones. Berlin and New York change their clocks within the days the
 * commands use (2024-03-31 01:00 UTC and 2024-03-10 07:00 UTC), so some days last 23 hours; a
 * value read in another zone may fall into the last quarter of 2023, hence 2023's rules too.
 */
const ZONES = {
  UTC: fixed(0),
  'UTC+3': fixed(180),
  'UTC-5': fixed(-300),
  'UTC+5:30': fixed(330),
  'Asia/Kolkata': fixed(330),
  'Europe/Berlin': seasonal(60, 120, [
    [Date.UTC(2023, 2, 26, 1), Date.UTC(2023, 9, 29, 1)],
    [Date.UTC(2024, 2, 31, 1), Date.UTC(2024, 9, 27, 1)],
  ]),
  'America/New_York': seasonal(-300, -240, [
    [Date.UTC(2023, 2, 12, 7), Date.UTC(2023, 10, 5, 6)],
    [Date.UTC(2024, 2, 10, 7), Date.UTC(2024, 10, 3, 6)],
  ]),
} satisfies Record<string, OffsetAt>;
type Zone = keyof typeof ZONES;
const ZONE_NAMES = Object.keys(ZONES) as Zone[];

/** The instant a local wall time (as UTC ms) happens at; the commands never name a skipped one. */
function instantOf(wall: number, zone: Zone): number {
  const offsetAt = ZONES[zone];
  for (const guess of [offsetAt(wall - 12 * 60 * MINUTE), offsetAt(wall + 12 * 60 * MINUTE)]) {
    const instant = wall - guess * MINUTE;
    if (offsetAt(instant) === guess) return instant;
  }
  throw new Error(`${new Date(wall).toISOString()} does not happen in ${zone}`);
}

const wallOf = (instant: number, zone: Zone) => instant + ZONES[zone](instant) * MINUTE;

const pad = (n: number) => String(n).padStart(2, '0');
const dayKey = (utcMs: number) => new Date(utcMs).toISOString().slice(0, 10);

/** A period key and its local start as a wall time (UTC ms before the zone's offset). */
interface PeriodSpec {
  key: string;
  wallStart: number;
}

const periodArb: fc.Arbitrary<PeriodSpec> = fc.oneof(
  fc.integer({ min: 0, max: 90 }).map((d) => ({
    key: dayKey(JAN_1_2024 + d * DAY),
    wallStart: JAN_1_2024 + d * DAY,
  })),
  // 2024-01-01 is a Monday, so ISO week n of 2024 starts 7(n-1) days later.
  fc.integer({ min: 1, max: 13 }).map((w) => ({
    key: `2024-W${pad(w)}`,
    wallStart: JAN_1_2024 + (w - 1) * 7 * DAY,
  })),
  fc.integer({ min: 1, max: 3 }).map((m) => ({
    key: `2024-${pad(m)}`,
    wallStart: Date.UTC(2024, m - 1, 1),
  })),
  fc.constant({ key: '2024-Q1', wallStart: JAN_1_2024 }),
  fc.constant({ key: '2024', wallStart: JAN_1_2024 }),
);

type ReadGranularity = 'day' | 'month' | 'quarter' | 'year';

/** The local period of a wall time: its key and the wall times it starts and ends at. */
function localPeriod(wall: number, granularity: ReadGranularity) {
  const d = new Date(wall);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (granularity) {
    case 'day': {
      const start = Date.UTC(y, m, d.getUTCDate());
      return { key: dayKey(start), start, end: start + DAY };
    }
    case 'month':
      return { key: `${y}-${pad(m + 1)}`, start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1) };
    case 'quarter': {
      const q = Math.floor(m / 3);
      return {
        key: `${y}-Q${q + 1}`,
        start: Date.UTC(y, 3 * q, 1),
        end: Date.UTC(y, 3 * q + 3, 1),
      };
    }
    case 'year':
      return { key: String(y), start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1) };
  }
}

function aggregate(aggregation: Aggregation, snapshots: readonly ModelSnapshot[]): number {
  const values = snapshots.map((s) => s.value);
  const sum = values.reduce((a, b) => a + b, 0);
  switch (aggregation) {
    case 'last': {
      const latest = [...snapshots].sort((a, b) => a.instant - b.instant || a.seq - b.seq);
      return latest[latest.length - 1]!.value;
    }
    case 'sum':
      return sum;
    case 'average':
      return sum / values.length;
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
  }
}

/** `range`: the local days `from` and `to` (inclusive) as days after 2024-01-01. */
function groupedRead(
  kpis: readonly ModelKpi[],
  granularity: ReadGranularity,
  zone: Zone,
  range?: { from: number; to: number },
): Record<string, { group: string; value: number; count: number; start: string; end: string }[]> {
  const from = range ? instantOf(JAN_1_2024 + range.from * DAY, zone) : -Infinity;
  const to = range ? instantOf(JAN_1_2024 + (range.to + 1) * DAY, zone) : Infinity;
  const result: ReturnType<typeof groupedRead> = {};
  for (const kpi of kpis) {
    const periods = new Map<string, { start: number; end: number; snapshots: ModelSnapshot[] }>();
    for (const s of kpi.snapshots.filter((x) => x.instant >= from && x.instant < to)) {
      const p = localPeriod(wallOf(s.instant, zone), granularity);
      const entry = periods.get(p.key) ?? { start: p.start, end: p.end, snapshots: [] };
      entry.snapshots.push(s);
      periods.set(p.key, entry);
    }
    result[kpi.id] = [...periods.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, p]) => ({
        group: key,
        value: aggregate(kpi.aggregation, p.snapshots),
        count: p.snapshots.length,
        start: new Date(instantOf(p.start, zone)).toISOString(),
        end: new Date(instantOf(p.end, zone)).toISOString(),
      }));
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Views: the parts of an answer the model predicts
// ---------------------------------------------------------------------------------------------

function kpiView(k: Kpi) {
  return {
    id: k.id,
    name: k.name,
    description: k.description,
    richTextDescription: k.richTextDescription,
    aggregation: k.aggregation,
    targetOperator: k.targetOperator,
    formatting: k.formatting,
    groups: k.groups,
    ownerId: k.ownerId,
    ownerIds: k.ownerIds,
    isOwner: k.isOwner,
    createdById: k.createdById,
    modifiedById: k.modifiedById,
    projections: k.projections.map((p) => ({ id: p.id, date: p.date, value: p.value })),
  };
}

function modelKpiView(r: Real, k: ModelKpi, viewer: UserKey): ReturnType<typeof kpiView> {
  return {
    id: k.id,
    name: k.name,
    description: k.description,
    richTextDescription: k.richText ?? toRichText(k.description),
    aggregation: k.aggregation,
    targetOperator: k.targetOperator,
    formatting: k.formatting,
    groups: k.groups,
    ownerId: k.ownerIds[0] ?? null,
    ownerIds: k.ownerIds,
    isOwner: k.ownerIds.includes(r.users[viewer].userId),
    createdById: r.users[k.createdBy].userId,
    modifiedById: r.users[k.modifiedBy].userId,
    projections: [...k.projections].sort((a, b) => (a.date < b.date ? -1 : 1)),
  };
}

const groupView = (g: KpiGroup) => ({
  id: g.id,
  name: g.name,
  favorite: g.favorite,
  kpisCount: g.kpisCount,
});

const modelGroupView = (m: Model, g: ModelGroup, viewer: UserKey) => ({
  id: g.id,
  name: g.name,
  favorite: g.favoriteOf.has(viewer),
  kpisCount: m.kpis.filter((k) => k.groups.includes(g.id)).length,
});

const snapshotView = (s: Snapshot) => ({
  id: s.id,
  group: s.group,
  timeZone: s.timeZone,
  date: s.date,
  value: s.value,
  createdById: s.createdById,
});

const modelSnapshotView = (r: Real, s: ModelSnapshot) => ({
  id: s.id,
  group: s.group,
  timeZone: s.timeZone,
  date: new Date(s.instant).toISOString(),
  value: s.value,
  createdById: r.users[s.by].userId,
});

const modelVirtualView = (m: Model, viewer: UserKey) =>
  VIRTUAL.map((virtualGroup) => ({ virtualGroup, favorite: m.virtual[viewer].has(virtualGroup) }));

// ---------------------------------------------------------------------------------------------
// Talking to the API
// ---------------------------------------------------------------------------------------------

let commandsRun = 0;

async function answer<T>(
  res: Response,
  status: number,
  schema: { parse(v: unknown): T },
  what: string,
): Promise<T> {
  const text = await res.text();
  expect(res.status, `${what}: ${text}`).toBe(status);
  return schema.parse(JSON.parse(text));
}

/** A GET that must succeed, as one of the users, its answer parsed with the schema. */
async function readAs<T>(
  r: Real,
  viewer: UserKey | 'eve',
  path: string,
  schema: { parse(v: unknown): T },
  what: string,
): Promise<T> {
  return answer(await r.h.request(r.users[viewer], 'GET', path), 200, schema, what);
}

async function problem(res: Response, status: number, what: string): Promise<void> {
  const text = await res.text();
  expect(res.status, `${what}: ${text}`).toBe(status);
  expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
}

async function empty(res: Response, what: string): Promise<void> {
  const text = await res.text();
  expect(res.status, `${what}: ${text}`).toBe(204);
  expect(text).toBe('');
}

/** Checks a KPI answer against the model, and that its dateUpdated never goes back. */
function agreeKpi(r: Real, k: ModelKpi, actual: Kpi, viewer: UserKey, advanced = false): void {
  expect(kpiView(actual), `KPI ${k.id} as ${viewer}`).toEqual(modelKpiView(r, k, viewer));
  const updated = Date.parse(actual.dateUpdated);
  if (advanced) expect(updated, `dateUpdated of ${k.id} advances`).toBeGreaterThan(k.updatedAt);
  else
    expect(updated, `dateUpdated of ${k.id} never goes back`).toBeGreaterThanOrEqual(k.updatedAt);
  k.updatedAt = updated;
}

async function readKpi(r: Real, k: ModelKpi, viewer: UserKey): Promise<void> {
  const kpi = await readAs(r, viewer, `/kpis/${k.id}`, Kpi, 'GET kpi');
  agreeKpi(r, k, kpi, viewer);
}

async function compareKpiList(r: Real, m: Model, viewer: UserKey): Promise<void> {
  const page = await readAs(r, viewer, '/kpis?take=1000', KpiPage, 'GET kpis');
  const expected = [...m.kpis].sort(byNameThenId);
  expect(page.totalCount).toBe(expected.length);
  expect(page.items.map(kpiView), `KPI list as ${viewer}`).toEqual(
    expected.map((k) => modelKpiView(r, k, viewer)),
  );
  for (const item of page.items) {
    const k = m.kpis.find((x) => x.id === item.id)!;
    agreeKpi(r, k, item, viewer);
  }
}

async function compareGroupList(r: Real, m: Model, viewer: UserKey): Promise<void> {
  const page = await readAs(r, viewer, '/kpis/groups?take=1000', KpiGroupList, 'GET groups');
  const expected = [...m.groups].sort(byNameThenId).map((g) => modelGroupView(m, g, viewer));
  expect(
    page.items.map((g) => groupView(KpiGroup.parse(g))),
    `groups as ${viewer}`,
  ).toEqual(expected);
  const favorites = await readAs(
    r,
    viewer,
    `/kpis/groups?take=1000&filter=${encodeURIComponent('{favorite:true}')}`,
    KpiGroupList,
    'GET favorite groups',
  );
  expect(
    favorites.items.map((g) => g.id),
    `favorites of ${viewer}`,
  ).toEqual(expected.filter((g) => g.favorite).map((g) => g.id));
}

async function compareVirtual(r: Real, m: Model, viewer: UserKey): Promise<void> {
  const state = await readAs(
    r,
    viewer,
    '/users/kpi-virtual-group/favorite',
    VirtualGroupFavorites,
    'GET virtual favorites',
  );
  expect(state.items, `virtual favorites of ${viewer}`).toEqual(modelVirtualView(m, viewer));
}

async function compareHistory(r: Real, k: ModelKpi, viewer: UserKey): Promise<void> {
  const page = await readAs(
    r,
    viewer,
    `/kpis/${k.id}/snapshots?take=1000`,
    SnapshotHistory,
    'GET snapshot history',
  );
  expect(page.totalCount).toBe(k.snapshots.length);
  expect(page.items.map(snapshotView), `history of ${k.id}`).toEqual(
    [...k.snapshots].reverse().map((s) => modelSnapshotView(r, s)),
  );
}

async function compareProjections(r: Real, k: ModelKpi, viewer: UserKey): Promise<void> {
  const list = await readAs(
    r,
    viewer,
    `/kpis/${k.id}/projections`,
    ProjectionList,
    'GET projections',
  );
  expect(
    list.items.map((p) => ({ id: p.id, date: p.date, value: p.value })),
    `projections of ${k.id}`,
  ).toEqual([...k.projections].sort((a, b) => (a.date < b.date ? -1 : 1)));
}

type Selection = 'all' | 'ids' | 'group' | 'ungrouped' | 'mykpis';

interface GroupedReadSpec {
  as: UserKey;
  selection: Selection;
  endpoint: 'v1' | 'v2';
  granularity: ReadGranularity;
  zone: Zone;
  /** Which group `selection: 'group'` names. */
  group: number;
  range: { from: number; to: number } | undefined;
}

async function compareGrouped(r: Real, m: Model, spec: GroupedReadSpec): Promise<void> {
  const { as: viewer, selection, endpoint, granularity, zone, range } = spec;
  let query: string;
  let selected: ModelKpi[];
  const me = r.users[viewer].userId;
  if (selection === 'group' && m.groups.length > 0) {
    const g = pick(m.groups, spec.group);
    query = `groupIds=${g.id}`;
    selected = m.kpis.filter((k) => k.groups.includes(g.id));
  } else if (selection === 'ungrouped') {
    query = 'ungrouped=true';
    selected = m.kpis.filter((k) => k.groups.length === 0);
  } else if (selection === 'mykpis') {
    query = 'mykpis=true';
    selected = m.kpis.filter((k) => k.ownerIds.includes(me));
  } else if (selection === 'all' && endpoint === 'v2') {
    // The v2 read selects every KPI when nothing narrows it.
    query = 'take=1000';
    selected = m.kpis;
  } else {
    // Deleted KPIs named among the ids are simply left out.
    const ids = [...m.kpis.map((k) => k.id), ...m.goneKpis.slice(-2)];
    if (ids.length === 0) return;
    query = `ids=${ids.join(',')}`;
    selected = m.kpis;
  }
  const base = endpoint === 'v1' ? '/kpi-snapshots' : '/results/api/v2/kpis/snapshots';
  const dates = range
    ? `&from=${dayKey(JAN_1_2024 + range.from * DAY)}&to=${dayKey(JAN_1_2024 + range.to * DAY)}`
    : '';
  const path = `${base}?${query}&groupBy=${granularity}&timeZone=${encodeURIComponent(zone)}${dates}`;
  const read = await readAs(r, viewer, path, SnapshotGroupsByKpi, `GET ${path}`);
  expect(read, `grouped read ${path}`).toEqual(groupedRead(selected, granularity, zone, range));
}

/** Everything visible through the API, for both users, against the model. */
async function compareAll(r: Real, m: Model): Promise<void> {
  for (const viewer of USER_KEYS) {
    await compareKpiList(r, m, viewer);
    await compareGroupList(r, m, viewer);
    await compareVirtual(r, m, viewer);
  }
  for (const k of m.kpis) {
    await compareHistory(r, k, 'alice');
    await compareProjections(r, k, 'bob');
  }
  for (const granularity of ['day', 'month'] as const) {
    await compareGrouped(r, m, {
      as: 'alice',
      selection: 'ids',
      endpoint: 'v1',
      granularity,
      zone: 'UTC',
      group: 0,
      range: undefined,
    });
  }
  for (const id of m.goneKpis) {
    await problem(await r.h.request(r.users.alice, 'GET', `/kpis/${id}`), 404, 'GET gone kpi');
  }
  const orphans = r.h.db
    .prepare(
      `SELECT (SELECT count(*) FROM snapshots WHERE kpi_id NOT IN (SELECT id FROM kpis))
            + (SELECT count(*) FROM projections WHERE kpi_id NOT IN (SELECT id FROM kpis))
            + (SELECT count(*) FROM kpi_group_members WHERE kpi_id NOT IN (SELECT id FROM kpis)
                 OR group_id NOT IN (SELECT id FROM kpi_groups))
            + (SELECT count(*) FROM group_favorites WHERE group_id NOT IN (SELECT id FROM kpi_groups))
          AS n`,
    )
    .get() as { n: number };
  expect(orphans.n, 'rows left behind by deletions').toBe(0);
  expect(r.h.db.pragma('foreign_key_check'), 'foreign keys').toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

type Cmd = fc.AsyncCommand<Model, Real>;

/** A command from its generated input: when it applies, what it does, and how it prints. */
function command<A>(
  arb: fc.Arbitrary<A>,
  name: string,
  check: (m: Readonly<Model>, a: A) => boolean,
  run: (m: Model, r: Real, a: A) => Promise<void>,
): fc.Arbitrary<Cmd> {
  return arb.map((a): Cmd => ({
    check: (m) => check(m, a),
    run: async (m, r) => {
      commandsRun++;
      await run(m, r, a);
    },
    toString: () => `${name} ${JSON.stringify(a)}`,
  }));
}

const hasKpi = (m: Readonly<Model>) => m.kpis.length > 0;
const hasGroup = (m: Readonly<Model>) => m.groups.length > 0;
const kpisWithProjections = (m: Readonly<Model>) => m.kpis.filter((k) => k.projections.length > 0);
const hasProjection = (m: Readonly<Model>) => kpisWithProjections(m).length > 0;

const actor = fc.constantFrom<UserKey>(...USER_KEYS);
/** Owners are users of the account; Eve, of another account, now and then, must be refused. */
const ownerArb = fc.oneof(
  { weight: 12, arbitrary: actor },
  { weight: 1, arbitrary: fc.constant('eve' as const) },
);
const hasStranger = (owners: readonly string[] | undefined) => owners?.includes('eve') ?? false;
/** True about one time in ten. */
const rarely = fc.integer({ min: 0, max: 9 }).map((n) => n === 0);
const index = fc.nat({ max: 50 });
/** Names that may need trimming, may be blank, and differ in case only. */
const nameArb = fc.string({
  unit: fc.constantFrom('a', 'A', 'b', 'B', 'z', 'é', 'É', '_', ' '),
  minLength: 0,
  maxLength: 5,
});
/** Descriptions with a little markdown, so the derived HTML is not the text itself. */
const textArb = fc.string({
  unit: fc.constantFrom('a', 'b', ' ', '\n', '*', '#', '<', '&', '`'),
  maxLength: 12,
});
const richTextArb = fc.constantFrom('', '<p>Given</p>', '<p>a<br>b</p>');
const formattingArb = fc.record({
  prefix: fc.string({ maxLength: 3 }),
  suffix: fc.string({ maxLength: 3 }),
  fractionSize: fc.integer({ min: 0, max: 10 }),
});
/** Integers, so that sums and averages come out the same in any order. */
const valueArb = fc.integer({ min: -1000, max: 1000 });
/** Past dates never count as the next projection; future ones do. */
const projectionDateArb = fc.constantFrom(
  '2020-01-01',
  '2020-06-30',
  '2030-01-01',
  '2030-01-02',
  '2030-12-31',
  '2031-02-28',
);

/** The fields a KPI create and an edit may leave out alike. */
const optionalKpiFields = {
  description: fc.option(textArb, { nil: undefined }),
  richText: fc.option(richTextArb, { nil: undefined }),
  aggregation: fc.option(fc.constantFrom(...AGGREGATIONS), { nil: undefined }),
  targetOperator: fc.option(fc.constantFrom(...OPERATORS), { nil: undefined }),
};

/** Ids of the groups picked, or a deleted/unknown group id as the last one when `bad`. */
function groupIdsOf(m: Readonly<Model>, picks: readonly number[], bad: boolean): string[] {
  const ids = m.groups.length > 0 ? picks.map((i) => pick(m.groups, i).id) : [];
  return bad ? [...ids, m.goneGroups[0] ?? '0123456789abcdef01234567'] : ids;
}

/** The generated fields of a KPI create or edit, as a request body (owners as user ids). */
function kpiRequest(
  r: Real,
  a: {
    name?: string | undefined;
    description?: string | undefined;
    richText?: string | undefined;
    aggregation?: Aggregation | undefined;
    targetOperator?: Operator | undefined;
    formatting?: Partial<ModelKpi['formatting']> | undefined;
    owners?: readonly (UserKey | 'eve')[] | undefined;
  },
  groups: string[] | undefined,
) {
  return {
    name: a.name,
    description: a.description,
    richTextDescription: a.richText,
    aggregation: a.aggregation,
    targetOperator: a.targetOperator,
    formatting: a.formatting,
    groups,
    ownerIds: a.owners?.map((u) => r.users[u].userId),
  };
}

const createKpi = command(
  fc.record({
    as: actor,
    name: nameArb,
    ...optionalKpiFields,
    formatting: fc.option(formattingArb, { nil: undefined }),
    groups: fc.array(index, { maxLength: 3 }),
    owners: fc.option(fc.array(ownerArb, { maxLength: 3 }), { nil: undefined }),
    badGroup: rarely,
  }),
  'CreateKpi',
  () => true,
  async (m, r, a) => {
    const groups = groupIdsOf(m, a.groups, a.badGroup);
    const res = await r.h.request(r.users[a.as], 'POST', '/kpis', kpiRequest(r, a, groups));
    if (a.name.trim() === '' || a.badGroup || hasStranger(a.owners)) {
      await problem(res, 400, 'POST kpis (invalid)');
      return;
    }
    const kpi = await answer(res, 201, Kpi, 'POST kpis');
    const model: ModelKpi = {
      id: kpi.id,
      name: a.name.trim(),
      description: a.description ?? '',
      richText: a.richText ?? null,
      aggregation: a.aggregation ?? 'last',
      targetOperator: a.targetOperator ?? 'should_increase',
      formatting: a.formatting ?? { prefix: '', suffix: '', fractionSize: 0 },
      groups: unique(groups),
      ownerIds: unique((a.owners ?? [a.as]).map((u) => r.users[u].userId)),
      createdBy: a.as,
      modifiedBy: a.as,
      projections: [],
      snapshots: [],
      updatedAt: 0,
    };
    m.kpis.push(model);
    agreeKpi(r, model, kpi, a.as);
  },
);

const patchKpi = command(
  fc.record({
    as: actor,
    kpi: index,
    name: fc.option(nameArb, { nil: undefined }),
    ...optionalKpiFields,
    formatting: fc.option(
      fc.record(
        {
          prefix: fc.string({ maxLength: 3 }),
          suffix: fc.string({ maxLength: 3 }),
          // 11 is out of range: the whole PATCH must be refused, nothing applied.
          fractionSize: fc.integer({ min: 0, max: 11 }),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    groups: fc.option(fc.array(index, { maxLength: 3 }), { nil: undefined }),
    owners: fc.option(fc.array(ownerArb, { maxLength: 3 }), { nil: undefined }),
    badGroup: rarely,
  }),
  'PatchKpi',
  hasKpi,
  async (m, r, a) => {
    const k = pick(m.kpis, a.kpi);
    const groups = a.groups && groupIdsOf(m, a.groups, a.badGroup);
    const res = await r.h.request(
      r.users[a.as],
      'PATCH',
      `/kpis/${k.id}`,
      kpiRequest(r, a, groups),
    );
    const invalid =
      (a.name !== undefined && a.name.trim() === '') ||
      (a.formatting?.fractionSize ?? 0) > 10 ||
      (a.groups !== undefined && a.badGroup) ||
      hasStranger(a.owners);
    if (invalid) {
      await problem(res, 400, 'PATCH kpi (invalid)');
      await readKpi(r, k, a.as);
      return;
    }
    const before = k.updatedAt;
    if (a.name !== undefined) k.name = a.name.trim();
    if (a.description !== undefined) k.description = a.description;
    // A new description replaces an HTML one given earlier, unless both come together.
    if (a.description !== undefined || a.richText !== undefined) k.richText = a.richText ?? null;
    if (a.aggregation !== undefined) k.aggregation = a.aggregation;
    if (a.targetOperator !== undefined) k.targetOperator = a.targetOperator;
    if (a.formatting !== undefined) k.formatting = { ...k.formatting, ...a.formatting };
    if (groups !== undefined) k.groups = unique(groups);
    if (a.owners !== undefined) k.ownerIds = unique(a.owners.map((u) => r.users[u].userId));
    k.modifiedBy = a.as;
    const kpi = await answer(res, 200, Kpi, 'PATCH kpi');
    k.updatedAt = before;
    agreeKpi(r, k, kpi, a.as, true);
  },
);

const deleteKpi = command(
  fc.record({ as: actor, kpi: index }),
  'DeleteKpi',
  hasKpi,
  async (m, r, a) => {
    const k = pick(m.kpis, a.kpi);
    await empty(await r.h.request(r.users[a.as], 'DELETE', `/kpis/${k.id}`), 'DELETE kpi');
    m.kpis = m.kpis.filter((x) => x !== k);
    m.goneKpis.push(k.id);
  },
);

/** Anything aimed at a deleted KPI answers 404 and changes nothing. */
const touchGoneKpi = command(
  fc.record({
    as: actor,
    gone: index,
    op: fc.constantFrom('get', 'patch', 'delete', 'snapshot', 'projection', 'member', 'history'),
    group: index,
  }),
  'TouchGoneKpi',
  (m) => m.goneKpis.length > 0,
  async (m, r, a) => {
    const id = pick(m.goneKpis, a.gone);
    const user = r.users[a.as];
    const groupId = m.groups.length > 0 ? pick(m.groups, a.group).id : '0123456789abcdef01234567';
    const requests: Record<typeof a.op, () => Promise<Response>> = {
      get: () => r.h.request(user, 'GET', `/kpis/${id}`),
      patch: () => r.h.request(user, 'PATCH', `/kpis/${id}`, { name: 'Back' }),
      delete: () => r.h.request(user, 'DELETE', `/kpis/${id}`),
      snapshot: () =>
        r.h.request(user, 'POST', `/kpis/${id}/snapshots`, { group: '2024', value: 1 }),
      projection: () =>
        r.h.request(user, 'POST', `/kpis/${id}/projections`, { date: '2030-01-01', value: 1 }),
      member: () => r.h.request(user, 'PUT', `/kpis/${id}/groups/${groupId}`),
      history: () => r.h.request(user, 'GET', `/kpis/${id}/snapshots`),
    };
    await problem(await requests[a.op](), 404, `${a.op} on a deleted KPI`);
  },
);

/** Another account sees none of it: the same 404 as an unknown id, and an empty list. */
const foreignRead = command(fc.record({ kpi: index }), 'ForeignRead', hasKpi, async (m, r, a) => {
  const k = pick(m.kpis, a.kpi);
  await problem(await r.h.request(r.users.eve, 'GET', `/kpis/${k.id}`), 404, 'foreign GET');
  const page = await readAs(r, 'eve', '/kpis', KpiPage, 'foreign list');
  expect(page.totalCount).toBe(0);
});

const recordSnapshot = command(
  fc.record({
    as: actor,
    kpi: index,
    period: periodArb,
    zone: fc.constantFrom(...ZONE_NAMES),
    value: valueArb,
  }),
  'RecordSnapshot',
  hasKpi,
  async (m, r, a) => {
    const k = pick(m.kpis, a.kpi);
    // Recording a period again adds a snapshot beside the earlier ones (the history keeps both).
    const snapshot = await answer(
      await r.h.request(r.users[a.as], 'POST', `/kpis/${k.id}/snapshots`, {
        group: a.period.key,
        timeZone: a.zone,
        value: a.value,
      }),
      201,
      Snapshot,
      'POST snapshot',
    );
    const model: ModelSnapshot = {
      id: snapshot.id,
      group: a.period.key,
      timeZone: a.zone,
      instant: instantOf(a.period.wallStart, a.zone),
      value: a.value,
      seq: m.seq++,
      by: a.as,
    };
    expect(snapshotView(snapshot)).toEqual(modelSnapshotView(r, model));
    expect(snapshot.kpiId).toBe(k.id);
    k.snapshots.push(model);
  },
);

/** An import records every row, in order, or none of them when one is invalid. */
const importSnapshots = command(
  fc.record({
    as: actor,
    kpi: index,
    zone: fc.constantFrom(...ZONE_NAMES),
    rows: fc.array(fc.record({ period: periodArb, value: valueArb }), {
      minLength: 1,
      maxLength: 5,
    }),
    bad: rarely,
  }),
  'ImportSnapshots',
  hasKpi,
  async (m, r, a) => {
    const k = pick(m.kpis, a.kpi);
    const rows = a.rows.map((row) => ({ group: row.period.key, value: row.value }));
    const res = await r.h.request(r.users[a.as], 'POST', `/kpis/${k.id}/snapshots/import`, {
      timeZone: a.zone,
      rows: a.bad ? [...rows, { group: '2024-13', value: 1 }] : rows,
    });
    if (a.bad) {
      await problem(res, 400, 'import with an invalid row');
      return;
    }
    expect(await answer(res, 201, ImportSnapshotsResponse, 'import')).toEqual({
      imported: rows.length,
    });
    // The ids are the server's; the history, newest first, names them.
    const history = await readAs(
      r,
      a.as,
      `/kpis/${k.id}/snapshots?take=${rows.length}`,
      SnapshotHistory,
      'history after import',
    );
    const ids = history.items.map((s) => s.id).reverse();
    a.rows.forEach((row, i) => {
      k.snapshots.push({
        id: ids[i]!,
        group: row.period.key,
        timeZone: a.zone,
        instant: instantOf(row.period.wallStart, a.zone),
        value: row.value,
        seq: m.seq++,
        by: a.as,
      });
    });
    await compareHistory(r, k, a.as);
  },
);

const deleteSnapshot = command(
  fc.record({ as: actor, kpi: index, snapshot: index, viaOther: index, wrongKpi: fc.boolean() }),
  'DeleteSnapshot',
  (m) => m.kpis.some((k) => k.snapshots.length > 0),
  async (m, r, a) => {
    const owners = m.kpis.filter((k) => k.snapshots.length > 0);
    const k = pick(owners, a.kpi);
    const s = pick(k.snapshots, a.snapshot);
    const others = m.kpis.filter((x) => x !== k);
    if (a.wrongKpi && others.length > 0) {
      // A snapshot is deleted only through its own KPI.
      const other = pick(others, a.viaOther);
      await problem(
        await r.h.request(r.users[a.as], 'DELETE', `/kpis/${other.id}/snapshots/${s.id}`),
        404,
        'DELETE snapshot via another KPI',
      );
      return;
    }
    await empty(
      await r.h.request(r.users[a.as], 'DELETE', `/kpis/${k.id}/snapshots/${s.id}`),
      'DELETE snapshot',
    );
    k.snapshots = k.snapshots.filter((x) => x !== s);
    await problem(
      await r.h.request(r.users[a.as], 'DELETE', `/kpis/${k.id}/snapshots/${s.id}`),
      404,
      'DELETE snapshot again',
    );
  },
);

const createProjection = command(
  fc.record({ as: actor, kpi: index, date: projectionDateArb, value: valueArb }),
  'CreateProjection',
  hasKpi,
  async (m, r, a) => {
    const k = pick(m.kpis, a.kpi);
    const res = await r.h.request(r.users[a.as], 'POST', `/kpis/${k.id}/projections`, {
      date: a.date,
      value: a.value,
    });
    if (k.projections.some((p) => p.date === a.date)) {
      await problem(res, 409, 'POST projection on a taken date');
      return;
    }
    const p = await answer(res, 201, Projection, 'POST projection');
    expect({ date: p.date, value: p.value, createdById: p.createdById }).toEqual({
      date: a.date,
      value: a.value,
      createdById: r.users[a.as].userId,
    });
    k.projections.push({ id: p.id, date: a.date, value: a.value });
  },
);

const patchProjection = command(
  fc.record({
    as: actor,
    kpi: index,
    projection: index,
    date: fc.option(projectionDateArb, { nil: undefined }),
    value: fc.option(valueArb, { nil: undefined }),
  }),
  'PatchProjection',
  hasProjection,
  async (m, r, a) => {
    const k = pick(kpisWithProjections(m), a.kpi);
    const p = pick(k.projections, a.projection);
    const res = await r.h.request(r.users[a.as], 'PATCH', `/kpis/${k.id}/projections/${p.id}`, {
      date: a.date,
      value: a.value,
    });
    if (a.date !== undefined && k.projections.some((x) => x !== p && x.date === a.date)) {
      await problem(res, 409, 'PATCH projection onto a taken date');
      return;
    }
    await empty(res, 'PATCH projection');
    if (a.date !== undefined) p.date = a.date;
    if (a.value !== undefined) p.value = a.value;
  },
);

const deleteProjection = command(
  fc.record({ as: actor, kpi: index, projection: index }),
  'DeleteProjection',
  hasProjection,
  async (m, r, a) => {
    const k = pick(kpisWithProjections(m), a.kpi);
    const p = pick(k.projections, a.projection);
    await empty(
      await r.h.request(r.users[a.as], 'DELETE', `/kpis/${k.id}/projections/${p.id}`),
      'DELETE projection',
    );
    k.projections = k.projections.filter((x) => x !== p);
  },
);

const createGroup = command(
  fc.record({ as: actor, name: nameArb }),
  'CreateGroup',
  (m) => m.groups.length < 8,
  async (m, r, a) => {
    const res = await r.h.request(r.users[a.as], 'POST', '/kpis/groups', { name: a.name });
    if (a.name.trim() === '') {
      await problem(res, 400, 'POST group (blank)');
      return;
    }
    const g = await answer(res, 201, KpiGroup, 'POST group');
    const model: ModelGroup = { id: g.id, name: a.name.trim(), favoriteOf: new Set() };
    m.groups.push(model);
    expect(groupView(g)).toEqual(modelGroupView(m, model, a.as));
  },
);

const renameGroup = command(
  fc.record({ as: actor, group: index, name: nameArb }),
  'RenameGroup',
  hasGroup,
  async (m, r, a) => {
    const g = pick(m.groups, a.group);
    const res = await r.h.request(r.users[a.as], 'PATCH', `/kpis/groups/${g.id}`, {
      name: a.name,
    });
    if (a.name.trim() === '') {
      await problem(res, 400, 'PATCH group (blank)');
      return;
    }
    g.name = a.name.trim();
    expect(groupView(await answer(res, 200, KpiGroup, 'PATCH group'))).toEqual(
      modelGroupView(m, g, a.as),
    );
  },
);

const deleteGroup = command(
  fc.record({ as: actor, group: index }),
  'DeleteGroup',
  hasGroup,
  async (m, r, a) => {
    const g = pick(m.groups, a.group);
    // The answer is the group as it was, favorite flag and count included.
    const expected = modelGroupView(m, g, a.as);
    const deleted = await answer(
      await r.h.request(r.users[a.as], 'DELETE', `/kpis/groups/${g.id}`),
      200,
      KpiGroup,
      'DELETE group',
    );
    expect(groupView(deleted)).toEqual(expected);
    m.groups = m.groups.filter((x) => x !== g);
    m.goneGroups.push(g.id);
    for (const k of m.kpis) {
      if (!k.groups.includes(g.id)) continue;
      k.groups = k.groups.filter((id) => id !== g.id);
      k.modifiedBy = a.as;
      await readKpi(r, k, a.as);
    }
  },
);

const setMembership = command(
  fc.record({ as: actor, kpi: index, group: index, add: fc.boolean() }),
  'SetMembership',
  (m) => hasKpi(m) && hasGroup(m),
  async (m, r, a) => {
    const k = pick(m.kpis, a.kpi);
    const g = pick(m.groups, a.group);
    const kpi = await answer(
      await r.h.request(r.users[a.as], a.add ? 'PUT' : 'DELETE', `/kpis/${k.id}/groups/${g.id}`),
      200,
      Kpi,
      a.add ? 'PUT membership' : 'DELETE membership',
    );
    if (a.add && !k.groups.includes(g.id)) k.groups = [...k.groups, g.id];
    if (!a.add) k.groups = k.groups.filter((id) => id !== g.id);
    k.modifiedBy = a.as;
    agreeKpi(r, k, kpi, a.as);
  },
);

const setFavorite = command(
  fc.record({ as: actor, group: index, favorite: fc.boolean() }),
  'SetFavorite',
  hasGroup,
  async (m, r, a) => {
    const g = pick(m.groups, a.group);
    const answered = await answer(
      await r.h.request(
        r.users[a.as],
        a.favorite ? 'PUT' : 'DELETE',
        `/kpis/groups/${g.id}/favorite`,
      ),
      200,
      KpiGroup,
      'favorite',
    );
    if (a.favorite) g.favoriteOf.add(a.as);
    else g.favoriteOf.delete(a.as);
    expect(groupView(answered)).toEqual(modelGroupView(m, g, a.as));
  },
);

const setVirtualFavorite = command(
  fc.record({ as: actor, group: fc.constantFrom(...VIRTUAL), favorite: fc.boolean() }),
  'SetVirtualFavorite',
  () => true,
  async (m, r, a) => {
    const state = await answer(
      await r.h.request(r.users[a.as], 'PUT', '/users/kpi-virtual-group/favorite', {
        virtualGroup: a.group,
        favorite: a.favorite,
      }),
      200,
      VirtualGroupFavorites,
      'PUT virtual favorite',
    );
    if (a.favorite) m.virtual[a.as].add(a.group);
    else m.virtual[a.as].delete(a.group);
    expect(state.items).toEqual(modelVirtualView(m, a.as));
  },
);

const readOneKpi = command(
  fc.record({ as: actor, kpi: index }),
  'ReadKpi',
  hasKpi,
  async (m, r, a) => {
    const k = pick(m.kpis, a.kpi);
    await readKpi(r, k, a.as);
    await compareHistory(r, k, a.as);
    await compareProjections(r, k, a.as);
  },
);

const readLists = command(
  fc.record({ as: actor }),
  'ReadLists',
  () => true,
  async (m, r, a) => {
    await compareKpiList(r, m, a.as);
    await compareGroupList(r, m, a.as);
    await compareVirtual(r, m, a.as);
  },
);

/** A page of a list is the matching slice of the whole list (by name), with the whole's count. */
function expectSlice(
  page: { items: readonly { id: string }[]; count: number; totalCount: number },
  whole: readonly { name: string; id: string }[],
  skip: number,
  take: number,
  what: string,
): void {
  const sorted = [...whole].sort(byNameThenId);
  expect(
    { ids: page.items.map((x) => x.id), count: page.count, totalCount: page.totalCount },
    what,
  ).toEqual({
    ids: sorted.slice(skip, skip + take).map((x) => x.id),
    count: Math.max(0, Math.min(take, sorted.length - skip)),
    totalCount: sorted.length,
  });
}

/** A page of each list is the matching slice of the whole, with the whole's count. */
const readPages = command(
  fc.record({ as: actor, skip: fc.nat({ max: 4 }), take: fc.nat({ max: 3 }) }),
  'ReadPages',
  () => true,
  async (m, r, a) => {
    const query = `?skip=${a.skip}&take=${a.take}`;
    const kpis = await readAs(r, a.as, `/kpis${query}`, KpiPage, `GET kpis${query}`);
    expectSlice(kpis, m.kpis, a.skip, a.take, `KPI page${query}`);
    const groups = await readAs(
      r,
      a.as,
      `/kpis/groups${query}`,
      KpiGroupList,
      `GET groups${query}`,
    );
    expectSlice(groups, m.groups, a.skip, a.take, `group page${query}`);
  },
);

const readGrouped = command(
  fc.record({
    as: actor,
    selection: fc.constantFrom<Selection>('all', 'ids', 'group', 'ungrouped', 'mykpis'),
    endpoint: fc.constantFrom<'v1' | 'v2'>('v1', 'v2'),
    granularity: fc.constantFrom<ReadGranularity>('day', 'month', 'quarter', 'year'),
    zone: fc.constantFrom(...ZONE_NAMES),
    group: index,
    // Local days, inclusive; the same day twice is a one-day range.
    range: fc.option(
      fc
        .tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 0, max: 95 }))
        .map(([x, y]) => ({ from: Math.min(x, y), to: Math.max(x, y) })),
      { nil: undefined },
    ),
  }),
  'ReadGrouped',
  () => true,
  async (m, r, a) => compareGrouped(r, m, a),
);

/** All-time statistics: the aggregation over every snapshot, and the first projection after today. */
const readStatistics = command(
  fc.record({ as: actor, kpi: index }),
  'ReadStatistics',
  hasKpi,
  async (m, r, a) => {
    const k = pick(m.kpis, a.kpi);
    const today = new Date().toISOString().slice(0, 10);
    const stats = await readAs(
      r,
      a.as,
      `/kpis/${k.id}/statistics?type=all-time`,
      KpiStatistics,
      'GET statistics',
    );
    const current = k.snapshots.length > 0 ? aggregate(k.aggregation, k.snapshots) : null;
    const next = [...k.projections]
      .sort((x, y) => (x.date < y.date ? -1 : 1))
      .find((p) => p.date > today);
    const delta = (value: number, base: number | null) =>
      base === null || base === 0 ? null : ((value - base) / Math.abs(base)) * 100;
    expect({
      value: stats.currentPeriod.value,
      count: stats.currentPeriod.count,
      delta: stats.currentPeriod.deltaPercentage,
      start: stats.currentPeriod.start,
      end: stats.currentPeriod.end,
      previous: stats.previousPeriod,
      next: stats.nextProjection,
    }).toEqual({
      value: current,
      count: k.snapshots.length,
      delta: null,
      start: null,
      end: null,
      previous: null,
      next: next
        ? { value: next.value, date: next.date, deltaPercentage: delta(next.value, current) }
        : null,
    });
  },
);

const COMMANDS = [
  createKpi,
  createKpi,
  patchKpi,
  patchKpi,
  deleteKpi,
  touchGoneKpi,
  foreignRead,
  recordSnapshot,
  recordSnapshot,
  recordSnapshot,
  importSnapshots,
  deleteSnapshot,
  createProjection,
  createProjection,
  patchProjection,
  deleteProjection,
  createGroup,
  renameGroup,
  deleteGroup,
  setMembership,
  setMembership,
  setFavorite,
  setFavorite,
  setVirtualFavorite,
  readOneKpi,
  readLists,
  readPages,
  readGrouped,
  readGrouped,
  readStatistics,
];

// ---------------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------------

let runs = 0;
let failures = 0;

afterAll(() => {
  reportSuite({ suite: 'model', tried: commandsRun, failures, figures: { runs } });
});

describe('the API agrees with a model of KPIs, snapshots, projections, groups and favorites', () => {
  it(`over ${profile.modelRuns} random command sequences`, async () => {
    const property = fc.asyncProperty(
      fc.commands(COMMANDS, { maxCommands: profile.modelMaxCommands, size: 'max' }),
      async (commands) => {
        runs++;
        const h = createHarness();
        try {
          const real: Real = {
            h,
            users: {
              alice: await h.createUser('Acme', 'alice@acme.test', 'Alice'),
              bob: await h.createUser('Acme', 'bob@acme.test', 'Bob'),
              eve: await h.createUser('Globex', 'eve@globex.test', 'Eve'),
            },
          };
          const model: Model = {
            kpis: [],
            groups: [],
            virtual: { alice: new Set(), bob: new Set() },
            goneKpis: [],
            goneGroups: [],
            seq: 0,
          };
          await fc.asyncModelRun(() => ({ model, real }), commands);
          await compareAll(real, model);
          expect(h.errors, 'unexpected server failures').toEqual([]);
        } finally {
          h.close();
        }
      },
    );
    const details = await fc.check(property, { numRuns: profile.modelRuns });
    if (details.failed) {
      failures = 1;
      console.error(fc.defaultReportMessage(details));
      console.error('The disagreement:', details.errorInstance);
    }
    expect(details.failed, 'a command sequence on which the API and the model disagree').toBe(
      false,
    );
  });
});
