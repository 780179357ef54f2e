/**
 * Property-based fuzzing of every API operation, in process on a seeded database.
 *
 * The operations come from the OpenAPI document the app serves, so a new endpoint without a
 * generator here fails the suite. Each operation gets generated valid requests (2xx, answer
 * parsed with its contract schema) and generated invalid ones: a valid request with exactly one
 * part spoiled (a header, a path id, a query parameter or the body). An invalid request must get
 * a 4xx problem whose `status` is the HTTP one, and the server must never log a failure.
 *
 * Body mutations are checked against the contract schema before they are sent, so that only
 * what the contract refuses counts as invalid; the hand-written lists of bad values (period
 * keys, dates, time zones, filters) are sent without that check, so a contract that accepts one
 * of them is caught as well.
 *
 * Each run draws a new seed, printed with the summary; RELIABILITY_SEED=<seed> replays a run.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ID_PATTERN, Problem, itemsResponse } from '../../contract/common.ts';
import {
  CloneDashboardRequest,
  CreateDashboardRequest,
  Dashboard,
  DashboardList,
  DashboardTagUsages,
  ReportList,
  SaveDashboardItemRequest,
  UpdateDashboardRequest,
} from '../../contract/dashboards.ts';
import {
  CreateKpiGroupRequest,
  KpiGroup,
  KpiGroupList,
  UpdateKpiGroupRequest,
} from '../../contract/kpi-groups.ts';
import {
  CreateKpiRequest,
  CreateProjectionRequest,
  CreateSnapshotRequest,
  ImportSnapshotsRequest,
  ImportSnapshotsResponse,
  Kpi,
  KpiList,
  KpiStatistics,
  Projection,
  ProjectionList,
  Snapshot,
  SnapshotGroupsByKpi,
  SnapshotHistory,
  UpdateKpiRequest,
  UpdateProjectionRequest,
  VirtualGroupFavoriteRequest,
  VirtualGroupFavorites,
} from '../../contract/kpis.ts';
import { AGGREGATIONS, GRANULARITIES, STATISTICS_TYPES } from '../../contract/periods.ts';
import { CurrentUser, UserList } from '../../contract/users.ts';
import { API_BASES } from '../app.ts';
import type { FieldCatalog, FieldSpec } from '../domain/list-query.ts';
import { DASHBOARD_FIELDS } from '../routes/dashboards.ts';
import { GROUP_FIELDS } from '../routes/kpi-groups.ts';
import { KPI_FIELDS } from '../routes/kpis.ts';
import { createHarness, type Harness, type TestUser } from '../testing/harness.ts';
import { UNKNOWN_ID } from '../testing/fixtures.ts';
import { profile } from './support/profile.ts';
import { reportSuite } from './support/summary.ts';

const SEED = Number(process.env.RELIABILITY_SEED ?? Date.now() % 2 ** 31);
const SHOWN_FAILURES = 8;

type Schema = z.ZodType;
type Who = 'alice' | 'carol';

/** Real rows of the seeded accounts: Acme (alice), Globex (eve, foreign) and Initech (carol). */
interface World {
  h: Harness;
  alice: TestUser;
  carol: TestUser;
  eve: TestUser;
  /** A member of Acme and Globex: without the account header the account is ambiguous. */
  multi: TestUser;
  kpis: string[];
  groups: string[];
  boards: string[];
  /** Boards and the account's reports, for reads. */
  allBoards: string[];
  tags: string[];
  insights: string[];
  snapshots: [kpiId: string, snapshotId: string][];
  projections: [kpiId: string, projectionId: string][];
  carolKpi: string;
  foreign: { kpi: string; group: string; board: string; tag: string; snapshot: string };
  next(): number;
}

/** A valid request before it is put on the wire. */
interface Template {
  base: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
  as: Who;
}

/** One spoiled part of a template. */
interface Spoil {
  kind: string;
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
  /** Raw text after `?`, appended as it is. */
  rawQuery?: string;
  rawBody?: string;
  /** `null` sends no content type at all. */
  contentType?: string | null;
  headers?: (auth: Record<string, string>) => Record<string, string>;
  expect: readonly number[];
}

interface Wire {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

interface Operation {
  method: string;
  path: string;
  params: string[];
  okStatus: number;
  spec: EndpointSpec;
}

interface ParamSpec {
  /** Real values (seeded rows of alice's account). */
  real: (w: World) => string[];
  /** Values of another account: must answer 404. */
  foreign?: (w: World) => string;
  /** Whether a well-formed unknown value must be refused (saving an item creates it). */
  unknownIsMissing: boolean;
  malformed: fc.Arbitrary<string>;
}

interface EndpointSpec {
  params?: Record<string, ParamSpec>;
  /** Ties path params together (a snapshot with its own KPI). */
  pairParams?: (w: World) => fc.Arbitrary<Record<string, string>>;
  query?: (w: World) => fc.Arbitrary<Record<string, string>>;
  badQuery?: (w: World) => fc.Arbitrary<Spoil>;
  body?: { schema: Schema; valid: (w: World) => fc.Arbitrary<unknown>; mustRefuse?: BadBody };
  /** Makes the rows a valid request consumes, or values that must be unique, right before it. */
  prepare?: (w: World, t: Template) => Promise<Template>;
  response?: Schema;
}

/** Bodies the contract says must be refused, from a valid body. */
type BadBody = (w: World, valid: unknown) => fc.Arbitrary<unknown>;

// ---------------------------------------------------------------------------------------------
// Values

const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const anId = hex(24);
const ZONES = [
  'UTC',
  'UTC+3',
  'UTC-2',
  'UTC+5:30',
  'UTC-12',
  'UTC+14',
  'Europe/Sofia',
  'Asia/Kolkata',
  'America/New_York',
  'Pacific/Chatham',
];
const zone = fc.constantFrom(...ZONES);
const BAD_ZONES = [
  'UTC+25',
  'UTC+5:70',
  'UTC++3',
  'UTC+3:3:3',
  'Mars/Olympus_Mons',
  'Europe/Nowhere',
  '../../etc/passwd',
  'UTC+99999999999',
  'x'.repeat(300),
  'Ευρώπη/Αθήνα',
  'UTC+',
  'NaN',
  '',
];
const BAD_PERIOD_KEYS = [
  '2022-W54',
  '2022-W00',
  '2021-W53',
  '2022-13',
  '2022-00',
  '2022-Q5',
  '2022-Q0',
  '0000',
  '99999',
  '1969',
  '9999',
  '9999-01',
  '9999-Q1',
  '9999-W01',
  '2022-02-30',
  '2021-02-29',
  '2022-1',
  '22',
  '1969-12-31',
  '2022-09-05T00:00',
  '',
  'week',
  '2022-09-05-01',
];
const BAD_DATES = [
  '2022-13-01',
  '2022-02-30',
  '2022-1-1',
  '20220101',
  '0000-01-01',
  '1969-12-31',
  '99999-01-01',
  '2022-01-01T00:00:00Z',
  'yesterday',
  '2021-02-29',
  '',
  '2022-00-10',
];
/** Reads may name 9999 (a late 9998 seen from east of UTC); stored dates stop at 9998. */
const BAD_PROJECTION_DATES = [...BAD_DATES, '9999-06-01', '9999-12-31'];
const NASTY_NUMBERS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '1e400',
  '-1e400',
  '1e16',
  '-1e16',
  '9007199254740993',
  '0x10',
  '1_000',
];

const calendarDate = fc
  .date({
    min: new Date('1970-01-01T00:00:00Z'),
    max: new Date('9998-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));
const recentDate = fc
  .date({
    min: new Date('2015-01-01T00:00:00Z'),
    max: new Date('2030-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));
const year = fc.integer({ min: 1970, max: 9998 });
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const periodKey = fc.oneof(
  calendarDate,
  fc.tuple(year, fc.integer({ min: 1, max: 52 })).map(([y, w]) => `${y}-W${pad(w)}`),
  fc.constantFrom('2015-W53', '2020-W53', '2026-W53'),
  fc.tuple(year, fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${pad(m)}`),
  fc.tuple(year, fc.integer({ min: 1, max: 4 })).map(([y, q]) => `${y}-Q${q}`),
  year.map(String),
);
const kpiValue = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: -1e15, max: 1e15, noNaN: true, noDefaultInfinity: true }),
);
const text = (max: number) => fc.string({ unit: 'binary', maxLength: max });
const name = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 80 })
  .filter((s) => s.trim() !== '');
const word = fc.stringMatching(/^[a-z0-9]{1,10}$/);

/** Malformed ids that cannot reach another route (`groups`, `.`, ...) when put in a path. */
const STATIC_SEGMENTS = new Set([
  'groups',
  'snapshots',
  'projections',
  'items',
  'reports',
  'tags',
  'tag',
  'usages',
  'favorite',
  'clone',
  'statistics',
  'import',
  'me',
  '.',
  '..',
]);
const malformedId = fc
  .oneof(
    hex(24).map((s) => s.toUpperCase().replace(/^[0-9]/, 'A')),
    hex(23),
    hex(25),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    fc.constantFrom(
      '0',
      '-1',
      'null',
      'undefined',
      'NaN',
      '{}',
      '[]',
      '%00',
      ' ',
      '5e8c27e3dcdddaa4addbdee8 ',
      "' OR 1=1 --",
    ),
    fc.integer({ min: 100, max: 5000 }).map((n) => 'a'.repeat(n)),
  )
  .filter((s) => !ID_PATTERN.test(s) && !STATIC_SEGMENTS.has(s.trim()));

/** The one spoil of a JSON value at a random place in it. */
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e300,
    -1e300,
    '',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e999',
    [],
    {},
    [null],
    { $gt: '' },
  ),
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer({ min: 256, max: 300_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 2, max: 2000 }).map((depth) => nest(depth, 'x')),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }),
  fc.constant(Array.from({ length: 1200 }, (_, i) => i)),
);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function nest(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

/** Paths to every value inside a JSON value, the root included. */
function pathsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...at, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  }
  return out;
}

/** A copy of `value` with the value at `path` replaced (`remove`: deleted). */
function replaceAt(
  value: unknown,
  path: (string | number)[],
  next: unknown,
  remove = false,
): unknown {
  if (path.length === 0) return next;
  const copy: unknown = structuredClone(value);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (remove) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = next;
  return copy;
}

/** Body spoils the schema refuses: replaced, removed or wrapped values anywhere in the body. */
function spoiledBody(schema: Schema, valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  return fc
    .tuple(fc.constantFrom(...paths), fc.constantFrom('replace', 'remove', 'wrap'), nastyValue)
    .map(([path, how, nasty]) => {
      if (how === 'remove')
        return path.length === 0 ? undefined : replaceAt(valid, path, null, true);
      if (how === 'wrap') return replaceAt(valid, path, { value: valueAt(valid, path) });
      return replaceAt(valid, path, nasty);
    })
    .filter((body) => body === undefined || !schema.safeParse(body).success);
}

function valueAt(value: unknown, path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) current = (current as Record<string | number, unknown>)[key];
  return current;
}

// ---------------------------------------------------------------------------------------------
// Query parameters

function listQuery(catalog: FieldCatalog, w: World): fc.Arbitrary<Record<string, string>> {
  const sortable = Object.entries(catalog)
    .filter(([, s]) => s.sortable ?? !s.type.endsWith('Array'))
    .map(([n]) => n);
  const topLevel = Object.keys(catalog).filter((n) => !n.includes('.'));
  return fc.record(
    {
      filter: validFilter(catalog, w),
      sort: fc
        .uniqueArray(fc.constantFrom(...sortable), { minLength: 1, maxLength: 4 })
        .chain((names) =>
          fc
            .tuple(...names.map((n) => fc.constantFrom(n, `-${n}`, `+${n}`)))
            .map((ks) => ks.join(',')),
        ),
      fields: fc
        .uniqueArray(fc.constantFrom(...topLevel), { minLength: 1, maxLength: 5 })
        .map((f) => f.join(',')),
      skip: fc.integer({ min: 0, max: 1_000_000 }).map(String),
      take: fc.integer({ min: 0, max: 1000 }).map(String),
    },
    { requiredKeys: [] },
  );
}

function validFilter(catalog: FieldCatalog, w: World): fc.Arbitrary<string> {
  const fields = Object.entries(catalog).filter(([, s]) => s.filterable ?? true);
  const clause = fc.constantFrom(...fields).chain(([field, spec]) => clauseFor(field, spec, w));
  const clauses = fc.array(clause, { minLength: 1, maxLength: 3 });
  return fc
    .oneof(
      clause,
      clauses.map((c) => ({ $and: c })),
      clauses.map((c) => ({ $or: c })),
    )
    .map((f) => JSON.stringify(f));
}

function clauseFor(
  field: string,
  spec: FieldSpec,
  w: World,
): fc.Arbitrary<Record<string, unknown>> {
  const c = (value: fc.Arbitrary<unknown>) => value.map((v) => ({ [field]: v }));
  const id = fc.constantFrom(...w.kpis, ...w.groups, ...w.allBoards, w.alice.userId, UNKNOWN_ID);
  const str = text(20);
  switch (spec.type) {
    case 'string':
    case 'stringArray':
      return fc.oneof(
        c(str),
        c(word.map((p) => ({ $regex: p, $options: 'i' }))),
        c(fc.array(str, { maxLength: 3 }).map((v) => ({ $in: v }))),
        c(str.map((v) => ({ $ne: v }))),
        c(fc.boolean().map((v) => ({ $exists: v }))),
        ...(spec.type === 'string' ? [c(str.map((v) => ({ $gte: v })))] : []),
      );
    case 'number':
      return fc.oneof(c(fc.integer()), c(fc.integer().map((v) => ({ $lt: v }))));
    case 'boolean':
      return fc.oneof(c(fc.boolean()), c(fc.boolean().map((v) => ({ $ne: v }))));
    case 'date':
      return fc.oneof(
        c(recentDate.map((d) => ({ $gte: d }))),
        c(recentDate.map((d) => ({ $lt: `${d}T12:00:00Z` }))),
      );
    case 'id':
      return fc.oneof(c(id), c(fc.array(id, { maxLength: 3 }).map((v) => ({ $nin: v }))));
    case 'idArray':
      return fc.oneof(
        c(id),
        c(fc.array(id, { maxLength: 3 }).map((v) => ({ $in: v }))),
        c(fc.boolean().map((v) => ({ $exists: v }))),
      );
  }
}

const spoil = (kind: string, query: Record<string, string | undefined>, expect = [400]): Spoil => ({
  kind,
  query,
  expect,
});

function badListQuery(catalog: FieldCatalog): fc.Arbitrary<Spoil> {
  const unknownField = fc
    .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/)
    .filter((n) => !Object.hasOwn(catalog, n));
  const hidden = Object.entries(catalog)
    .filter(([, s]) => s.filterable === false)
    .map(([n]) => n);
  const unsortable = Object.entries(catalog)
    .filter(([, s]) => !(s.sortable ?? !s.type.endsWith('Array')))
    .map(([n]) => n);
  const badFilter = fc.oneof(
    fc.constantFrom(
      '{',
      '{name:}',
      '{name:"a"',
      '[]',
      '"name"',
      '123',
      'null',
      'true',
      '{name:NaN}',
      '{name:Infinity}',
      '{name:01}',
      "{'name':'a}",
      '{name:"a"}}',
      '{,}',
      '{name:undefined}',
      '{$where:"1"}',
      '{$nor:[{name:"a"}]}',
      '{$and:[]}',
      '{$or:{}}',
      '{$and:[1]}',
      '{$or:[{}]}',
      '{$in:[1]}',
      '{name:{$foo:1}}',
      '{name:{$regex:"("}}',
      '{name:{$regex:"[a-"}}',
      '{name:{$regex:"*"}}',
      '{name:{$regex:"a{2,1}"}}',
      '{name:{$regex:"(?<=a)b"}}',
      '{name:{$regex:"\\\\1(a)"}}',
      '{name:{$regex:1}}',
      '{name:{$regex:"a",$options:"g"}}',
      '{name:{$options:"i"}}',
      '{name:{$exists:"yes"}}',
      '{name:{$in:"a"}}',
      '{name:{a:1}}',
      '{name:{}}',
      '{name:{$eq:"a",b:1}}',
      '{dateCreated:"not a date"}',
      '{dateCreated:{$gt:"2022-13-01"}}',
      '{id:"xyz"}',
      '{id:{$gt:null}}',
      '{name:{$and:[{}]}}',
      '{__proto__:{name:"a"}}',
      '{constructor:1}',
    ),
    unknownField.map((f) => `{${f}:1}`),
    fc.constantFrom(...(hidden.length > 0 ? hidden : ['nope'])).map((f) => `{${f}:"a"}`),
    fc.integer({ min: 9, max: 40 }).map((d) => `${'{$and:['.repeat(d)}{name:"a"}${']}'.repeat(d)}`),
    fc.integer({ min: 9, max: 200 }).map((d) => `{name:{$in:[${'['.repeat(d)}${']'.repeat(d)}]}}`),
    fc.integer({ min: 8193, max: 20_000 }).map((n) => `{name:"${'a'.repeat(n)}"}`),
    fc
      .integer({ min: 1001, max: 1500 })
      .map((n) => `{name:{$in:[${Array.from({ length: n }, (_, i) => `"${i}"`).join(',')}]}}`),
    fc
      .integer({ min: 101, max: 200 })
      .map((n) => `{$or:[${Array.from({ length: n }, () => '{name:"a"}').join(',')}]}`),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map((s) => `{${s}`),
  );
  const badSort = fc.oneof(
    fc.constantFrom(
      '-',
      '+',
      ',',
      'name,',
      ',name',
      'name,name',
      '-name,name',
      '--name',
      'na me',
      'x'.repeat(1100),
    ),
    unknownField.map((f) => `-${f}`),
    fc.constantFrom(...(unsortable.length > 0 ? unsortable : ['nope'])),
  );
  const badFields = fc.oneof(
    fc.constantFrom(
      '{',
      'name{',
      'name{}',
      '1abc',
      ',',
      'name,',
      'name}',
      'name{a',
      'name,,id',
      'na-me',
      `formatting${'{a'.repeat(9)}${'}'.repeat(9)}`,
      'x'.repeat(5000),
    ),
    unknownField,
  );
  const badCount = (max: number) =>
    fc.constantFrom(
      '-1',
      String(max + 1),
      '1e3',
      '1.5',
      'abc',
      'NaN',
      'Infinity',
      '0x10',
      '99999999999999999999',
      '1,2',
      '+-1',
      '١٢',
    );
  return fc.oneof(
    { arbitrary: badFilter.map((filter) => spoil('filter', { filter })), weight: 6 },
    { arbitrary: badSort.map((sort) => spoil('sort', { sort })), weight: 2 },
    { arbitrary: badFields.map((fields) => spoil('fields', { fields })), weight: 2 },
    badFields.map((projection) => spoil('projection', { projection })),
    badCount(1000).map((take) => spoil('take', { take })),
    badCount(1000).map((limit) => spoil('limit', { limit })),
    badCount(1_000_000).map((skip) => spoil('skip', { skip })),
    fc.constant(spoil('fields and projection disagree', { fields: 'name', projection: 'id' })),
    fc.constant(spoil('take and limit disagree', { take: '5', limit: '6' })),
  );
}

function snapshotReadQuery(
  w: World,
  selectionRequired: boolean,
): fc.Arbitrary<Record<string, string>> {
  const selection = fc
    .record(
      {
        ids: fc.subarray([...w.kpis, UNKNOWN_ID], { minLength: 1 }).map((ids) => ids.join(',')),
        groupIds: fc.subarray(w.groups, { minLength: 1 }).map((ids) => ids.join(',')),
        ungrouped: fc.constantFrom('true', 'false'),
        mykpis: fc.constantFrom('true', 'false'),
      },
      { requiredKeys: [] },
    )
    .filter(
      (s) =>
        !selectionRequired ||
        s.ids !== undefined ||
        s.groupIds !== undefined ||
        s.ungrouped === 'true' ||
        s.mykpis === 'true',
    );
  const span = fc
    .tuple(calendarDate, calendarDate)
    .map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));
  const shortSpan = fc
    .tuple(calendarDate, fc.integer({ min: 0, max: 3600 }))
    .map(([from, days]) => {
      const start = Date.parse(`${from}T00:00:00Z`);
      const to = new Date(Math.min(start + days * 86_400_000, Date.parse('9998-12-31')))
        .toISOString()
        .slice(0, 10);
      return { from, to };
    });
  const range = fc
    .constantFrom(...GRANULARITIES)
    .chain((groupBy): fc.Arbitrary<Record<string, string>> =>
      groupBy === 'day'
        ? fc.oneof(
            fc.constant({ groupBy }),
            shortSpan.map((s) => ({ groupBy, ...s })),
          )
        : fc.oneof(
            fc.constant({ groupBy }),
            span.map((s) => ({ groupBy, ...s })),
            calendarDate.map((from) => ({ groupBy, from })),
            calendarDate.map((to) => ({ groupBy, to })),
          ),
    );
  return fc
    .tuple(selection, range, fc.option(zone, { nil: undefined }))
    .map(
      ([s, r, timeZone]) =>
        ({ ...s, ...r, ...(timeZone ? { timeZone } : {}) }) as Record<string, string>,
    );
}

function badSnapshotReadQuery(w: World, selectionRequired: boolean): fc.Arbitrary<Spoil> {
  const tooMany = Array.from({ length: 1001 }, (_, i) => i.toString(16).padStart(24, '0')).join(
    ',',
  );
  return fc.oneof(
    fc.constantFrom(...BAD_ZONES).map((timeZone) => spoil('timeZone', { timeZone })),
    fc
      .constantFrom('hour', 'Day', 'days', 'minute', 'weeks', '', 'DAY', 'quarterly', 'all')
      .map((groupBy) => spoil('groupBy', { groupBy })),
    fc.constantFrom(...BAD_DATES).map((from) => spoil('from', { from })),
    fc.constantFrom(...BAD_DATES).map((to) => spoil('to', { to })),
    fc.constant(spoil('from after to', { from: '2022-05-02', to: '2022-05-01' })),
    fc
      .constantFrom('1970-01-01', '2000-01-01', '2012-01-01')
      .map((from) => spoil('day range too long', { groupBy: 'day', from, to: '2022-12-31' })),
    malformedId
      .filter((s) => !s.includes(',') && s.trim() !== '' && !ID_PATTERN.test(s.trim()))
      .map((id) => spoil('ids', { ids: `${w.kpis[0]},${id}` })),
    fc.constant(spoil('too many ids', { ids: tooMany })),
    malformedId
      .filter((s) => !s.includes(',') && s.trim() !== '' && !ID_PATTERN.test(s.trim()))
      .map((id) => spoil('groupIds', { groupIds: id })),
    fc
      .constantFrom('yes', '1', 'TRUE', '', 'on')
      .map((ungrouped) => spoil('ungrouped', { ungrouped })),
    fc.constantFrom('yes', '0', 'False', '', 'no').map((mykpis) => spoil('mykpis', { mykpis })),
    ...(selectionRequired
      ? [
          fc.constant(
            spoil('no selection', {
              ids: undefined,
              groupIds: undefined,
              ungrouped: 'false',
              mykpis: undefined,
            }),
          ),
        ]
      : []),
  );
}

// ---------------------------------------------------------------------------------------------
// Bodies

function kpiBody(w: World, partial: boolean): fc.Arbitrary<Record<string, unknown>> {
  const insight = fc.record(
    {
      insightName: fc.constantFrom(...w.insights, 'fz-other'),
      fieldName: word,
      insightValue: fc.integer(),
      settings: fc.array(fc.record({ name: word, value: text(20) }), { maxLength: 2 }),
      usedDataSourceBlueprintNames: fc.array(word, { maxLength: 2 }),
    },
    { requiredKeys: ['insightName'] },
  );
  const formatting = fc.record(
    { prefix: text(16), suffix: text(16), fractionSize: fc.integer({ min: 0, max: 10 }) },
    { requiredKeys: partial ? [] : undefined },
  );
  return fc.record(
    {
      name: name.filter((s) => s.trim().length <= 255),
      description: text(200),
      richTextDescription: text(100),
      aggregation: fc.constantFrom(...AGGREGATIONS),
      targetOperator: fc.constantFrom('should_increase', 'should_decrease'),
      formatting,
      groups: fc.subarray(w.groups),
      groupsOrder: fc.anything({ maxDepth: 1 }),
      insight: partial
        ? fc.oneof(
            insight,
            fc.constant(null),
            fc.record({ Present: fc.boolean(), Value: fc.option(insight) }),
          )
        : fc.option(insight),
      ownerId: fc.constant(w.alice.userId),
      ownerIds: fc.constantFrom([w.alice.userId], []),
    },
    { requiredKeys: partial ? [] : ['name'] },
  );
}

/** A place on the grid: the server refuses an item that reaches past its 12 columns. */
const gridPlacement = fc
  .record({
    row: fc.integer({ min: 0, max: 10_000 }),
    sizeX: fc.integer({ min: 1, max: 12 }),
    sizeY: fc.integer({ min: 1, max: 24 }),
    room: fc.nat({ max: 11 }),
  })
  .map(({ room, ...p }) => ({ ...p, col: room % (13 - p.sizeX) }));

/** An item; the kinds this project draws must name their KPIs in a `kpiIds` setting. */
function itemBody(w: World): fc.Arbitrary<Record<string, unknown>> {
  const kpiIds = fc
    .subarray(w.kpis, { minLength: 1 })
    .map((ids) => [{ name: 'kpiIds', value: ids.join(',') }]);
  const kind = fc.oneof(
    fc.record({ type: fc.constantFrom('kpi-number', 'kpi-chart'), settings: kpiIds }),
    fc.record(
      { type: fc.constant('other-kind'), settings: fc.option(kpiIds, { nil: undefined }) },
      { requiredKeys: ['type'] },
    ),
  );
  const rest = fc.record(
    { insightName: word, insightTitle: text(40), filters: fc.array(text(20), { maxLength: 2 }) },
    { requiredKeys: [] },
  );
  return fc
    .tuple(kind, rest, gridPlacement)
    .map(
      ([k, r, place]) =>
        JSON.parse(JSON.stringify({ ...k, ...r, ...place })) as Record<string, unknown>,
    );
}

function boardBody(w: World): fc.Arbitrary<Record<string, unknown>> {
  const header = fc
    .tuple(
      fc.record(
        { header: name.filter((s) => s.trim().length <= 255), subHeader: text(50) },
        { requiredKeys: ['header'] },
      ),
      gridPlacement,
    )
    .map(([h, place]) => ({ ...h, ...place }));
  return fc.record(
    {
      name: name.filter((s) => s.trim().length <= 255),
      archived: fc.boolean(),
      settings: fc.oneof(
        fc.array(fc.record({ name: word, value: text(20) }), { maxLength: 2 }),
        fc.tuple(word, word).map(([n, v]) => `name: "${n}", value: "${v}"`),
      ),
      tag: fc.constant('unique'),
      tags: fc.array(fc.record({ name: word, title: text(20) }, { requiredKeys: ['name'] }), {
        maxLength: 3,
      }),
      layout: word,
      insights: fc.array(itemBody(w), { maxLength: 3 }),
      sectionHeaders: fc.array(header, { maxLength: 2 }),
    },
    { requiredKeys: ['name'] },
  );
}

/** Values of a field the contract refuses, put in place of a valid one. */
const refuseAt =
  (path: (string | number)[], values: readonly unknown[]): BadBody =>
  (_w, valid) =>
    fc.constantFrom(...values).map((v) => replaceAt(valid, path, v));

const unionOf =
  (...parts: BadBody[]): BadBody =>
  (w, valid) =>
    fc.oneof(...parts.map((p) => p(w, valid)));

const BAD_VALUES = ['1', 'NaN', 'Infinity', null, 1e16, -1e16, true, [], {}, { value: 1 }];

// ---------------------------------------------------------------------------------------------
// Path parameters

const idParam = (real: (w: World) => string[], foreign?: (w: World) => string): ParamSpec => ({
  real,
  foreign,
  unknownIsMissing: true,
  malformed: malformedId,
});
const kpiParam = idParam(
  (w) => w.kpis,
  (w) => w.foreign.kpi,
);
const groupParam = idParam(
  (w) => w.groups,
  (w) => w.foreign.group,
);
const boardParam = idParam(
  (w) => w.boards,
  (w) => w.foreign.board,
);

// ---------------------------------------------------------------------------------------------
// Every operation

async function json<T>(res: Response, schema: { parse(v: unknown): T }): Promise<T> {
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`Seeding failed with ${res.status}: ${JSON.stringify(body)}`);
  return schema.parse(body);
}

async function freshKpi(w: World): Promise<string> {
  return (
    await json(await w.h.request(w.carol, 'POST', '/kpis', { name: `Fresh ${w.next()}` }), Kpi)
  ).id;
}

const asCarol = (t: Template, params: Record<string, string>): Template => ({
  ...t,
  as: 'carol',
  params: { ...t.params, ...params },
});

/** The ids naming one projection: real ones go together, as a KPI and one of its projections. */
const PROJECTION_PARAMS = {
  params: { kpiId: kpiParam, projectionId: idParam((w) => w.projections.map(([, id]) => id)) },
  pairParams: (w: World) =>
    fc.constantFrom(...w.projections).map(([kpiId, projectionId]) => ({ kpiId, projectionId })),
} satisfies Pick<EndpointSpec, 'params' | 'pairParams'>;

/** Carol's own new KPI with a projection, so that a change to it is allowed and touches no other. */
async function asCarolWithProjection(w: World, t: Template): Promise<Template> {
  const kpiId = await freshKpi(w);
  const res = await w.h.request(w.carol, 'POST', `/kpis/${kpiId}/projections`, {
    date: '2022-01-01',
    value: 1,
  });
  return asCarol(t, { kpiId, projectionId: (await json(res, Projection)).id });
}

const uniqueTag = (w: World) => `fz${w.next().toString(36)}`;

const SPECS: Record<string, EndpointSpec> = {
  'GET /kpis': {
    query: (w) => listQuery(KPI_FIELDS, w),
    badQuery: () => badListQuery(KPI_FIELDS),
    response: KpiList,
  },
  'POST /kpis': {
    body: {
      schema: CreateKpiRequest,
      valid: (w) => kpiBody(w, false),
      mustRefuse: unionOf(
        refuseAt(['name'], ['', '   ', 'x'.repeat(256), 5]),
        refuseAt(['groups'], [[UNKNOWN_ID], ['nope']]),
        refuseAt(
          ['formatting'],
          [
            { fractionSize: 11 },
            { fractionSize: -1 },
            { fractionSize: 1.5 },
            { prefix: 'x'.repeat(17) },
          ],
        ),
        refuseAt(['aggregation'], ['median', 'LAST', '']),
      ),
    },
    response: Kpi,
  },
  'GET /kpis/{kpiId}': {
    params: { kpiId: kpiParam },
    query: () =>
      fc.record(
        { formatting: fc.constantFrom('mentionsMarkup', 'plainText') },
        { requiredKeys: [] },
      ),
    badQuery: () =>
      fc
        .constantFrom('html', 'PlainText', '', 'plaintext')
        .map((formatting) => spoil('formatting', { formatting })),
    response: Kpi,
  },
  'PATCH /kpis/{kpiId}': {
    params: { kpiId: kpiParam },
    body: {
      schema: UpdateKpiRequest,
      valid: (w) => kpiBody(w, true),
      mustRefuse: unionOf(
        refuseAt(['name'], ['', '  ', 'x'.repeat(256), null]),
        refuseAt(['groups'], [[UNKNOWN_ID], null]),
        refuseAt(['targetOperator'], ['up', null]),
      ),
    },
    response: Kpi,
  },
  'DELETE /kpis/{kpiId}': {
    params: { kpiId: kpiParam },
    prepare: async (w, t) => asCarol(t, { kpiId: await freshKpi(w) }),
  },
  'GET /insights/{id}/usages/kpis': {
    params: {
      id: {
        real: (w) => w.insights,
        unknownIsMissing: true,
        malformed: fc.integer({ min: 201, max: 3000 }).map((n) => 'i'.repeat(n)),
      },
    },
    response: itemsResponse(Kpi),
  },
  'GET /users/kpi-virtual-group/favorite': { response: VirtualGroupFavorites },
  'PUT /users/kpi-virtual-group/favorite': {
    body: {
      schema: VirtualGroupFavoriteRequest,
      valid: () =>
        fc.record({ virtualGroup: fc.constantFrom('mykpis', 'ungrouped'), favorite: fc.boolean() }),
      mustRefuse: unionOf(
        refuseAt(['virtualGroup'], ['favorites', 'MyKpis', '', null]),
        refuseAt(['favorite'], ['true', 1, null]),
      ),
    },
    response: VirtualGroupFavorites,
  },

  'POST /kpis/{kpiId}/snapshots': {
    params: { kpiId: kpiParam },
    body: {
      schema: CreateSnapshotRequest,
      valid: () =>
        fc.record(
          { group: periodKey, timeZone: zone, value: kpiValue },
          { requiredKeys: ['group', 'value'] },
        ),
      mustRefuse: unionOf(
        refuseAt(['group'], BAD_PERIOD_KEYS),
        refuseAt(['timeZone'], BAD_ZONES),
        refuseAt(['value'], BAD_VALUES),
      ),
    },
    prepare: async (w, t) => asCarol(t, { kpiId: w.carolKpi }),
    response: Snapshot,
  },
  'GET /kpis/{kpiId}/snapshots': {
    params: { kpiId: kpiParam },
    query: () =>
      fc.record(
        {
          skip: fc.integer({ min: 0, max: 1_000_000 }).map(String),
          take: fc.integer({ min: 0, max: 1000 }).map(String),
        },
        { requiredKeys: [] },
      ),
    badQuery: () =>
      fc.oneof(
        fc
          .constantFrom('-1', '1001', '1.5', 'abc', '1e2', '0x10', 'Infinity', '1e12')
          .map((take) => spoil('take', { take })),
        fc
          .constantFrom('-1', '1000001', '1e12', '9223372036854775808', '0x10', 'NaN')
          .map((skip) => spoil('skip', { skip })),
      ),
    response: SnapshotHistory,
  },
  'POST /kpis/{kpiId}/snapshots/import': {
    params: { kpiId: kpiParam },
    body: {
      schema: ImportSnapshotsRequest,
      valid: () =>
        fc.record(
          {
            timeZone: zone,
            rows: fc.array(fc.record({ group: periodKey, value: kpiValue }), {
              minLength: 1,
              maxLength: 20,
            }),
          },
          { requiredKeys: ['rows'] },
        ),
      mustRefuse: unionOf(
        (_w, valid) =>
          fc
            .constantFrom(...BAD_PERIOD_KEYS)
            .map((group) => replaceAt(valid, ['rows', 0, 'group'], group)),
        refuseAt(['rows'], [[], null, {}]),
        refuseAt(['timeZone'], BAD_ZONES),
      ),
    },
    prepare: async (w, t) => asCarol(t, { kpiId: w.carolKpi }),
    response: ImportSnapshotsResponse,
  },
  'DELETE /kpis/{kpiId}/snapshots/{snapshotId}': {
    params: {
      kpiId: kpiParam,
      snapshotId: idParam(
        (w) => w.snapshots.map(([, id]) => id),
        (w) => w.foreign.snapshot,
      ),
    },
    pairParams: (w) =>
      fc.constantFrom(...w.snapshots).map(([kpiId, snapshotId]) => ({ kpiId, snapshotId })),
    prepare: async (w, t) => {
      const kpiId = w.carolKpi;
      const res = await w.h.request(w.carol, 'POST', `/kpis/${kpiId}/snapshots`, {
        group: '2022-03-04',
        value: w.next(),
      });
      return asCarol(t, { kpiId, snapshotId: (await json(res, Snapshot)).id });
    },
  },
  'GET /kpi-snapshots': {
    query: (w) => snapshotReadQuery(w, true),
    badQuery: (w) => badSnapshotReadQuery(w, true),
    response: SnapshotGroupsByKpi,
  },
  'GET /kpis/snapshots': {
    query: (w) =>
      fc
        .tuple(snapshotReadQuery(w, false), listQuery(KPI_FIELDS, w))
        .map(([read, list]) => ({ ...list, ...read })),
    badQuery: (w) => fc.oneof(badSnapshotReadQuery(w, false), badListQuery(KPI_FIELDS)),
    response: SnapshotGroupsByKpi,
  },
  'GET /kpis/{kpiId}/statistics': {
    params: { kpiId: kpiParam },
    query: () =>
      fc.record(
        { type: fc.constantFrom(...STATISTICS_TYPES), timeZone: zone },
        { requiredKeys: ['type'] },
      ),
    badQuery: () =>
      fc.oneof(
        fc
          .constantFrom('day', 'weekly', '', 'WEEK', 'all', 'quarter')
          .map((type) => spoil('type', { type })),
        fc.constant(spoil('no type', { type: undefined })),
        fc.constantFrom(...BAD_ZONES).map((timeZone) => spoil('timeZone', { timeZone })),
      ),
    response: KpiStatistics,
  },
  'GET /kpis/{kpiId}/projections': { params: { kpiId: kpiParam }, response: ProjectionList },
  'POST /kpis/{kpiId}/projections': {
    params: { kpiId: kpiParam },
    body: {
      schema: CreateProjectionRequest,
      valid: () => fc.record({ date: calendarDate, value: kpiValue }),
      mustRefuse: unionOf(
        refuseAt(['date'], BAD_PROJECTION_DATES),
        refuseAt(['value'], BAD_VALUES),
      ),
    },
    prepare: async (w, t) => asCarol(t, { kpiId: await freshKpi(w) }),
    response: Projection,
  },
  'PATCH /kpis/{kpiId}/projections/{projectionId}': {
    ...PROJECTION_PARAMS,
    body: {
      schema: UpdateProjectionRequest,
      valid: () => fc.record({ date: calendarDate, value: kpiValue }, { requiredKeys: [] }),
      mustRefuse: unionOf(
        refuseAt(['date'], BAD_PROJECTION_DATES),
        refuseAt(
          ['value'],
          BAD_VALUES.filter((v) => v !== null),
        ),
      ),
    },
    prepare: asCarolWithProjection,
  },
  'DELETE /kpis/{kpiId}/projections/{projectionId}': {
    ...PROJECTION_PARAMS,
    prepare: asCarolWithProjection,
  },

  'GET /kpis/groups': {
    query: (w) => listQuery(GROUP_FIELDS, w),
    badQuery: () => badListQuery(GROUP_FIELDS),
    response: KpiGroupList,
  },
  'POST /kpis/groups': {
    body: {
      schema: CreateKpiGroupRequest,
      valid: () => fc.record({ name: name.filter((s) => s.trim().length <= 255) }),
      mustRefuse: refuseAt(['name'], ['', ' \t ', 'x'.repeat(256), 1, null, ['a']]),
    },
    response: KpiGroup,
  },
  'GET /kpis/groups/{groupId}': { params: { groupId: groupParam }, response: KpiGroup },
  'PATCH /kpis/groups/{groupId}': {
    params: { groupId: groupParam },
    body: {
      schema: UpdateKpiGroupRequest,
      valid: () =>
        fc.record({ name: name.filter((s) => s.trim().length <= 255) }, { requiredKeys: [] }),
      mustRefuse: refuseAt(['name'], ['', '   ', 'x'.repeat(256), 1, null]),
    },
    response: KpiGroup,
  },
  'DELETE /kpis/groups/{groupId}': {
    params: { groupId: groupParam },
    prepare: async (w, t) => {
      const res = await w.h.request(w.carol, 'POST', '/kpis/groups', { name: `Fresh ${w.next()}` });
      return asCarol(t, { groupId: (await json(res, KpiGroup)).id });
    },
    response: KpiGroup,
  },
  'PUT /kpis/groups/{groupId}/favorite': { params: { groupId: groupParam }, response: KpiGroup },
  'DELETE /kpis/groups/{groupId}/favorite': { params: { groupId: groupParam }, response: KpiGroup },
  'PUT /kpis/{kpiId}/groups/{groupId}': {
    params: { kpiId: kpiParam, groupId: groupParam },
    response: Kpi,
  },
  'DELETE /kpis/{kpiId}/groups/{groupId}': {
    params: { kpiId: kpiParam, groupId: groupParam },
    response: Kpi,
  },

  'GET /dashboards': {
    query: (w) => listQuery(DASHBOARD_FIELDS, w),
    badQuery: () => badListQuery(DASHBOARD_FIELDS),
    response: DashboardList,
  },
  'POST /dashboards': {
    body: {
      schema: CreateDashboardRequest,
      valid: boardBody,
      mustRefuse: unionOf(
        refuseAt(['name'], ['', '  ', 'x'.repeat(256), null]),
        refuseAt(['tag'], ['Has Caps', '-lead', 'x'.repeat(65), '', 'a/b']),
        refuseAt(['settings'], ['value: "x"', 'name: x', 5]),
        refuseAt(
          ['insights'],
          [
            [{ row: -1, col: 0, sizeX: 1, sizeY: 1 }],
            [{ row: 0, col: 12, sizeX: 1, sizeY: 1 }],
            [{ row: 0, col: 0, sizeX: 0, sizeY: 1 }],
          ],
        ),
      ),
    },
    prepare: async (w, t) => ({ ...t, body: withTag(t.body, uniqueTag(w)) }),
    response: Dashboard,
  },
  'GET /dashboards/reports': { response: ReportList },
  'GET /dashboards/tags/usages': {
    query: () =>
      fc.record(
        {
          fields: fc
            .subarray(['tagName', 'tagTitle', 'dashboardsCount', 'dashboardsIds'], { minLength: 1 })
            .map((f) => f.join(',')),
        },
        { requiredKeys: [] },
      ),
    badQuery: () =>
      fc
        .constantFrom('nope', 'tagName{', '{', 'tagName,', 'x'.repeat(5000), 'tagName,,tagTitle')
        .map((fields) => spoil('fields', { fields })),
    response: DashboardTagUsages,
  },
  'GET /dashboards/tag/{tag}': {
    params: {
      tag: {
        real: (w) => w.tags,
        foreign: (w) => w.foreign.tag,
        unknownIsMissing: true,
        malformed: fc.oneof(
          fc.constantFrom('Caps', '-lead', '_lead', 'x'.repeat(65), 'a b', 'ü', 'a.b'),
          fc
            .string({ unit: 'binary', minLength: 1, maxLength: 30 })
            .filter((s) => !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(s) && !STATIC_SEGMENTS.has(s.trim())),
        ),
      },
    },
    response: Dashboard,
  },
  'GET /dashboards/{dashboardId}': {
    params: {
      dashboardId: idParam(
        (w) => w.allBoards,
        (w) => w.foreign.board,
      ),
    },
    response: Dashboard,
  },
  'PUT /dashboards/{dashboardId}': {
    params: { dashboardId: boardParam },
    body: {
      schema: UpdateDashboardRequest,
      valid: boardBody,
      mustRefuse: unionOf(
        refuseAt(['name'], ['', null, 'x'.repeat(256)]),
        refuseAt(['sectionHeaders'], [[{ header: '', row: 0, col: 0, sizeX: 1, sizeY: 1 }]]),
      ),
    },
    prepare: async (w, t) => ({ ...t, body: withTag(t.body, uniqueTag(w)) }),
    response: Dashboard,
  },
  'DELETE /dashboards/{dashboardId}': {
    params: { dashboardId: boardParam },
    prepare: async (w, t) => {
      const res = await w.h.request(w.carol, 'POST', '/dashboards', { name: `Fresh ${w.next()}` });
      return asCarol(t, { dashboardId: (await json(res, Dashboard)).id });
    },
  },
  'POST /dashboards/{dashboardId}/clone': {
    params: { dashboardId: boardParam },
    body: {
      schema: CloneDashboardRequest,
      valid: () => fc.constant({ tag: 'unique' }),
      mustRefuse: refuseAt(['tag'], ['', 'Caps', 'x'.repeat(65), null, 5, '-x']),
    },
    prepare: async (w, t) => ({ ...t, body: { tag: uniqueTag(w) } }),
    response: Dashboard,
  },
  'PUT /dashboards/items/{id}': {
    params: { id: { real: () => [UNKNOWN_ID], unknownIsMissing: false, malformed: malformedId } },
    body: {
      schema: SaveDashboardItemRequest,
      valid: (w) =>
        fc
          .tuple(itemBody(w), fc.constantFrom(...w.boards))
          .map(([item, dashboardId]) => ({ ...item, dashboardId })),
      mustRefuse: unionOf(
        refuseAt(['dashboardId'], ['nope', null, 5]),
        refuseAt(['sizeY'], [0, 25, 1.5, '2']),
        refuseAt(['type'], ['', 'x'.repeat(65)]),
      ),
    },
    prepare: async (w, t) => ({ ...t, params: { id: w.next().toString(16).padStart(24, 'e') } }),
  },

  'GET /users/me': { response: CurrentUser },
  'GET /users': { response: UserList },
};

function withTag(body: unknown, tag: string): unknown {
  const b = body as Record<string, unknown>;
  return b.tag === undefined ? b : { ...b, tag };
}

// ---------------------------------------------------------------------------------------------
// Requests

function authOf(w: World, who: Who): Record<string, string> {
  const user = w[who];
  return { authorization: `Bearer ${user.token}`, 'gtmhub-accountId': user.accountId };
}

function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(params[key] ?? ''));
}

function toWire(op: Operation, w: World, t: Template, s?: Spoil): Wire {
  const params = { ...t.params, ...s?.params };
  const query: Record<string, string | undefined> = { ...t.query, ...s?.query };
  const pairs = Object.entries(query)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  if (s?.rawQuery !== undefined) pairs.push(s.rawQuery);
  const search = pairs.length > 0 ? `?${pairs.join('&')}` : '';
  const auth = authOf(w, t.as);
  const headers = s?.headers ? s.headers(auth) : auth;
  const wire: Wire = {
    method: op.method,
    url: `${t.base}${fillPath(op.path, params)}${search}`,
    headers,
  };
  const body = s?.rawBody ?? (t.body === undefined ? undefined : JSON.stringify(t.body));
  if (body !== undefined && op.spec.body) {
    wire.body = body;
    const type = s?.contentType === undefined ? 'application/json' : s.contentType;
    if (type !== null) wire.headers = { ...wire.headers, 'content-type': type };
  }
  return wire;
}

function template(op: Operation, w: World): fc.Arbitrary<Template> {
  const spec = op.spec;
  const params = spec.pairParams
    ? spec.pairParams(w)
    : fc.record(
        Object.fromEntries(op.params.map((p) => [p, fc.constantFrom(...spec.params![p]!.real(w))])),
      );
  return fc.record({
    base: fc.constantFrom(...API_BASES),
    params,
    query: spec.query ? spec.query(w) : fc.constant({}),
    body: spec.body ? spec.body.valid(w) : fc.constant(undefined),
    as: fc.constant<Who>('alice'),
  });
}

/** The ways a request's headers can be wrong, with the status each must get. */
function headerSpoils(w: World): fc.Arbitrary<Spoil> {
  const printable = fc.stringMatching(/^[\x21-\x7e]{1,80}$/);
  const other = w.eve.accountId;
  return fc.oneof(
    fc.constant<Spoil>({ kind: 'no Authorization', headers: () => ({}), expect: [401] }),
    fc.constant<Spoil>({
      kind: 'no Authorization, account given',
      headers: (a) => ({ 'gtmhub-accountId': a['gtmhub-accountId']! }),
      expect: [401],
    }),
    fc
      .oneof(
        fc.constantFrom(
          'Basic YWxpY2U6cHc=',
          'Bearer',
          'Bearer ',
          'Token abc',
          'bearer',
          `Bearer ${'t'.repeat(600)}`,
          'Bearer a b',
          'Bearer\tx y',
        ),
        printable.filter((s) => !/^Bearer\s+\S{1,512}\s*$/i.test(s)),
      )
      .map<Spoil>((value) => ({
        kind: 'malformed Authorization',
        headers: (a) => ({ ...a, authorization: value }),
        expect: [401],
      })),
    printable.map<Spoil>((token) => ({
      kind: 'unknown token',
      headers: (a) => ({ ...a, authorization: `Bearer kpi_${token}` }),
      expect: [401],
    })),
    printable
      .filter((s) => !ID_PATTERN.test(s))
      .map<Spoil>((value) => ({
        kind: 'garbage account header',
        headers: (a) => ({ ...a, 'gtmhub-accountId': value }),
        expect: [400],
      })),
    fc.constantFrom(other, UNKNOWN_ID).map<Spoil>((id) => ({
      kind: 'foreign account header',
      headers: (a) => ({ ...a, 'gtmhub-accountId': id }),
      expect: [403],
    })),
    fc.constant<Spoil>({
      kind: 'ambiguous account',
      headers: () => ({ authorization: `Bearer ${w.multi.token}` }),
      expect: [400],
    }),
    fc.constantFrom('access_token', 'token', 'api_key', 'Authorization').map<Spoil>((key) => ({
      kind: 'token in the URL',
      rawQuery: `${key}=${w.alice.token}`,
      expect: [401],
    })),
  );
}

function pathSpoils(op: Operation, w: World): fc.Arbitrary<Spoil> {
  const spoils = op.params.flatMap((p) => {
    const spec = op.spec.params![p]!;
    const out: fc.Arbitrary<Spoil>[] = [
      spec.malformed.map((value) => ({
        kind: `malformed ${p}`,
        params: { [p]: value },
        expect: [400, 404],
      })),
    ];
    if (spec.unknownIsMissing) {
      const unknown =
        p === 'id' || p === 'tag'
          ? word.map((s) => `nx${s}`)
          : anId.filter((id) => !spec.real(w).includes(id));
      out.push(
        unknown.map((value) => ({ kind: `unknown ${p}`, params: { [p]: value }, expect: [404] })),
      );
    }
    if (spec.foreign)
      out.push(
        fc.constant({ kind: `foreign ${p}`, params: { [p]: spec.foreign(w) }, expect: [404] }),
      );
    return out;
  });
  if (op.spec.pairParams && op.params.includes('kpiId')) {
    // A child row named under another KPI of the same account.
    const child = op.params.find((p) => p !== 'kpiId')!;
    spoils.push(
      op.spec.pairParams(w).chain((pair) =>
        fc.constantFrom(...w.kpis.filter((k) => k !== pair.kpiId)).map((kpiId) => ({
          kind: `${child} under another KPI`,
          params: { ...pair, kpiId },
          expect: [404],
        })),
      ),
    );
  }
  return fc.oneof(...spoils);
}

function bodySpoils(op: Operation, w: World, t: Template): fc.Arbitrary<Spoil> {
  const body = op.spec.body!;
  const valid = JSON.stringify(t.body);
  const refused: fc.Arbitrary<Spoil>[] = [
    spoiledBody(body.schema, t.body).map((b) =>
      b === undefined
        ? { kind: 'no body', rawBody: '', expect: [400] }
        : { kind: 'body refused by the contract', rawBody: JSON.stringify(b), expect: [400] },
    ),
  ];
  if (body.mustRefuse) {
    refused.push(
      body.mustRefuse(w, t.body).map((b) => ({
        kind: 'value the contract refuses',
        rawBody: JSON.stringify(b),
        expect: [400],
      })),
    );
  }
  const malformed: fc.Arbitrary<Spoil>[] = [
    fc
      .constantFrom(
        '{',
        '{"name":',
        'nan',
        'undefined',
        "{'name':'x'}",
        '{"a":1,}',
        '\u0000',
        `${valid}x`,
        valid.replace(/:/, '::'),
        '[',
        'NaN',
        '{"value":NaN}',
        '{"value":Infinity}',
      )
      .filter((rawBody) => !parses(rawBody))
      .map((rawBody) => ({ kind: 'not JSON', rawBody, expect: [400] })),
    fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'image/png',
      )
      .map((contentType) => ({ kind: 'wrong content type', contentType, expect: [400, 415] })),
    fc.constant({ kind: 'no content type', contentType: null, expect: [400, 415] }),
    fc
      .constantFrom(...NASTY_NUMBERS)
      .map((n) => ({
        kind: 'number token',
        rawBody: valid.replace(/^\{/, `{"value":${n},"group":${n},"date":${n},"row":${n},`),
        expect: [400],
      }))
      .filter((s) => {
        try {
          return !body.schema.safeParse(JSON.parse(s.rawBody)).success;
        } catch {
          return true;
        }
      }),
    // Built only when drawn: a megabyte per sample would dominate the run.
    fc.constant(null).map(() => ({
      kind: 'body over the limit',
      rawBody: JSON.stringify({ ...(t.body as object), description: 'x'.repeat(1_100_000) }),
      expect: [413],
    })),
  ];
  // Bodies the schema refuses are the richest spoils; the malformed ones are few and alike.
  return fc.oneof(
    { arbitrary: fc.oneof(...refused), weight: 3 },
    { arbitrary: fc.oneof(...malformed), weight: 2 },
  );
}

function invalidRequests(op: Operation, w: World): fc.Arbitrary<[Template, Spoil]> {
  return template(op, w).chain((t) => {
    const kinds: fc.WeightedArbitrary<Spoil>[] = [{ arbitrary: headerSpoils(w), weight: 1 }];
    if (op.params.length > 0) kinds.push({ arbitrary: pathSpoils(op, w), weight: 2 });
    if (op.spec.badQuery) kinds.push({ arbitrary: op.spec.badQuery(w), weight: 4 });
    if (op.spec.body) kinds.push({ arbitrary: bodySpoils(op, w, t), weight: 4 });
    return fc.oneof(...kinds).map((s): [Template, Spoil] => [t, s]);
  });
}

// ---------------------------------------------------------------------------------------------
// Seeding

async function seed(h: Harness): Promise<World> {
  const alice = await h.createUser('Acme', 'alice@acme.test', 'Alice');
  await h.createUser('Acme', 'bob@acme.test', 'Bob');
  const eve = await h.createUser('Globex', 'eve@globex.test', 'Eve');
  const carol = await h.createUser('Initech', 'carol@initech.test', 'Carol');
  await h.createUser('Acme', 'mallory@multi.test');
  const multi = await h.createUser('Globex', 'mallory@multi.test');
  let counter = 0;
  const post = async <T>(
    user: TestUser,
    path: string,
    body: unknown,
    schema: { parse(v: unknown): T },
  ) => json(await h.request(user, 'POST', path, body), schema);

  const groups = [];
  for (const n of ['Sales', 'Operations', 'Empty'])
    groups.push((await post(alice, '/kpis/groups', { name: n }, KpiGroup)).id);
  await h.request(alice, 'PUT', `/kpis/groups/${groups[0]}/favorite`);
  const insights = ['revenue-insight', 'churn insight'];
  const kpiBodies = [
    {
      name: 'Revenue',
      groups: [groups[0]],
      insight: { insightName: insights[0] },
      ownerId: alice.userId,
      formatting: { prefix: '$', suffix: '', fractionSize: 2 },
    },
    {
      name: 'Churn',
      groups: [groups[0], groups[1]],
      aggregation: 'average',
      insight: { insightName: insights[1] },
    },
    {
      name: 'Tickets',
      aggregation: 'sum',
      targetOperator: 'should_decrease',
      description: 'Hi @[Alice:alice@acme.test:1]',
    },
    { name: 'NPS', groups: [groups[1]], aggregation: 'max' },
    { name: 'Uptime', aggregation: 'min' },
  ];
  const kpis = [];
  for (const body of kpiBodies) kpis.push((await post(alice, '/kpis', body, Kpi)).id);
  const snapshots: [string, string][] = [];
  const keys = ['2022-01-03', '2022-W02', '2022-02', '2022-Q2', '2022', '2023-06-30'];
  for (const [i, kpiId] of kpis.entries()) {
    for (const [j, group] of keys.entries()) {
      const snap = await post(
        alice,
        `/kpis/${kpiId}/snapshots`,
        { group, value: i * 10 + j, timeZone: ZONES[j % ZONES.length] },
        Snapshot,
      );
      snapshots.push([kpiId, snap.id]);
    }
  }
  const projections: [string, string][] = [];
  for (const [kpiId, date] of [
    [kpis[0]!, '2022-10-01'],
    [kpis[0]!, '2040-01-01'],
    [kpis[1]!, '2030-06-15'],
  ] as const) {
    projections.push([
      kpiId,
      (await post(alice, `/kpis/${kpiId}/projections`, { date, value: 42 }, Projection)).id,
    ]);
  }
  const boards = [
    await post(
      alice,
      '/dashboards',
      {
        name: 'Main',
        tag: 'fzmain',
        tags: [{ name: 'ops', title: 'Ops' }],
        insights: [
          {
            type: 'kpi-number',
            settings: [{ name: 'kpiIds', value: kpis.slice(0, 2).join(',') }],
            row: 0,
            col: 0,
            sizeX: 3,
            sizeY: 2,
          },
        ],
        sectionHeaders: [{ header: 'Top', row: 2, col: 0, sizeX: 12, sizeY: 1 }],
      },
      Dashboard,
    ),
    await post(alice, '/dashboards', { name: 'Second', tag: 'fzsecond' }, Dashboard),
  ];
  const reports = ReportList.parse(
    await (await h.request(alice, 'GET', '/dashboards/reports')).json(),
  );

  const foreignKpi = await post(eve, '/kpis', { name: 'Secret' }, Kpi);
  const foreignSnapshot = await post(
    eve,
    `/kpis/${foreignKpi.id}/snapshots`,
    { group: '2022-01-01', value: 1 },
    Snapshot,
  );
  const foreignGroup = await post(eve, '/kpis/groups', { name: 'Hidden' }, KpiGroup);
  const foreignBoard = await post(
    eve,
    '/dashboards',
    { name: 'Hidden', tag: 'fzhidden' },
    Dashboard,
  );
  const carolKpi = await post(carol, '/kpis', { name: 'Scratch' }, Kpi);

  return {
    h,
    alice,
    carol,
    eve,
    multi,
    kpis,
    groups,
    boards: boards.map((b) => b.id),
    allBoards: [...boards.map((b) => b.id), ...reports.map((r) => r.id)],
    tags: boards.map((b) => b.tag),
    insights,
    snapshots,
    projections,
    carolKpi: carolKpi.id,
    foreign: {
      kpi: foreignKpi.id,
      group: foreignGroup.id,
      board: foreignBoard.id,
      tag: foreignBoard.tag,
      snapshot: foreignSnapshot.id,
    },
    next: () => ++counter,
  };
}

// ---------------------------------------------------------------------------------------------
// The suite

interface Failure {
  kind: string;
  method: string;
  url: string;
  body?: string;
  status: number;
  answer: string;
}

const clip = (s: string | undefined, n = 300) =>
  s === undefined || s.length <= n ? s : `${s.slice(0, n)}… (${s.length} chars)`;

async function send(
  h: Harness,
  wire: Wire,
): Promise<{ status: number; type: string; text: string }> {
  const res = await h.app.request(wire.url, {
    method: wire.method,
    headers: wire.headers,
    body: wire.body,
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text: await res.text(),
  };
}

/** Why an answer to an invalid request is wrong, or null when it is right. */
function wrongRefusal(
  answer: { status: number; type: string; text: string },
  allowed: readonly number[],
): string | null {
  if (!allowed.includes(answer.status)) return `expected ${allowed.join(' or ')}`;
  if (!answer.type.startsWith('application/problem+json')) return `content type ${answer.type}`;
  try {
    const problem = Problem.parse(JSON.parse(answer.text));
    if (problem.status !== answer.status) return `problem status ${problem.status}`;
    if (problem.detail.trim() === '') return 'empty detail';
  } catch {
    return 'not a problem body';
  }
  return null;
}

function wrongSuccess(answer: { status: number; text: string }, op: Operation): string | null {
  if (answer.status !== op.okStatus) return `expected ${op.okStatus}`;
  if (op.okStatus === 204) return answer.text === '' ? null : 'a 204 with a body';
  const schema = op.spec.response;
  if (!schema) return 'no response schema';
  try {
    const result = schema.safeParse(JSON.parse(answer.text));
    return result.success
      ? null
      : `answer does not match its schema: ${result.error.message.slice(0, 300)}`;
  } catch {
    return 'answer is not JSON';
  }
}

describe('fuzzing every API operation', () => {
  let h: Harness;
  let w: World;
  /** `METHOD /path` of every operation of the OpenAPI document. */
  const documented: string[] = [];
  let operations: Operation[] = [];
  const failures: Failure[] = [];
  let tried = 0;
  const started = Date.now();

  beforeAll(async () => {
    h = createHarness();
    w = await seed(h);
    const doc = (await (await h.app.request('/results/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).flatMap(([method, operation]) => {
        const key = `${method.toUpperCase()} ${path}`;
        documented.push(key);
        const spec = SPECS[key];
        if (spec === undefined) return [];
        return {
          method: method.toUpperCase(),
          path,
          params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
          okStatus: Number(Object.keys(operation.responses).find((s) => s.startsWith('2'))),
          spec,
        };
      }),
    );
  });

  afterAll(() => {
    reportSuite({
      suite: 'fuzz',
      tried,
      failures: failures.length,
      figures: {
        endpoints: documented.length,
        seed: String(SEED),
        seconds: Math.round((Date.now() - started) / 100) / 10,
      },
    });
    h.close();
  });

  it('has a generator for every operation of the OpenAPI document, and no other', () => {
    const missing = documented.filter((k) => SPECS[k] === undefined);
    const stale = Object.keys(SPECS).filter((k) => !documented.includes(k));
    expect(missing, 'operations without a generator').toEqual([]);
    expect(stale, 'generators of operations the API no longer has').toEqual([]);
    for (const op of operations) {
      expect(op.okStatus, op.path).toBeGreaterThanOrEqual(200);
      for (const p of op.params)
        expect(op.spec.params?.[p], `${op.method} ${op.path} {${p}}`).toBeDefined();
      if (op.okStatus !== 204)
        expect(op.spec.response, `${op.method} ${op.path} response`).toBeDefined();
    }
  });

  it(`answers ${profile.validRequestsPerEndpoint} valid and ${profile.invalidRequestsPerEndpoint} invalid requests per operation rightly`, async () => {
    const record = (
      kind: string,
      wire: Wire,
      answer: { status: number; text: string },
      why: string,
    ) => {
      failures.push({
        kind: `${kind}: ${why}`,
        method: wire.method,
        url: clip(wire.url, 200)!,
        body: clip(wire.body),
        status: answer.status,
        answer: clip(answer.text)!,
      });
    };
    const checkErrors = (kind: string, wire: Wire, answer: { status: number; text: string }) => {
      if (h.errors.length === 0) return;
      record(kind, wire, answer, `server logged ${String(h.errors[0]).slice(0, 200)}`);
      h.errors.length = 0;
    };
    for (const [index, op] of operations.entries()) {
      const seed = SEED + index;
      for (const t of fc.sample(template(op, w), {
        numRuns: profile.validRequestsPerEndpoint,
        seed,
      })) {
        const ready = op.spec.prepare ? await op.spec.prepare(w, t) : t;
        const wire = toWire(op, w, ready);
        const answer = await send(h, wire);
        tried++;
        const why = wrongSuccess(answer, op);
        if (why) record('valid', wire, answer, why);
        checkErrors('valid', wire, answer);
      }
      for (const [t, spoilt] of fc.sample(invalidRequests(op, w), {
        numRuns: profile.invalidRequestsPerEndpoint,
        seed,
      })) {
        const wire = toWire(op, w, t, spoilt);
        const answer = await send(h, wire);
        tried++;
        const why = wrongRefusal(answer, spoilt.expect);
        if (why) record(spoilt.kind, wire, answer, why);
        checkErrors(spoilt.kind, wire, answer);
      }
    }
    const shown = failures
      .slice(0, SHOWN_FAILURES)
      .map((f) => JSON.stringify(f, null, 1))
      .join('\n');
    const kinds = new Map<string, number>();
    for (const f of failures) {
      const key = `${f.method} ${f.kind}`;
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
    }
    const summary = [...kinds].map(([k, n]) => `${n} × ${k}`).join('\n');
    expect(
      failures.length,
      `${failures.length} wrong answers (seed ${SEED}):\n${summary}\nThe first ones:\n${shown}`,
    ).toBe(0);
  });
});
