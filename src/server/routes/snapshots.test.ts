import { beforeEach, describe, expect, it } from 'vitest';
import { ID_PATTERN } from '../../contract/common.ts';
import {
  KpiStatistics,
  Projection,
  ProjectionList,
  Snapshot,
  SnapshotGroupsByKpi,
  SnapshotHistory,
  CreateKpiRequest,
  type Kpi,
} from '../../contract/kpis.ts';
import {
  AGGREGATIONS,
  STATISTICS_TYPES,
  UTC,
  localDate,
  parseTimeZone,
  periodOfInstant,
  shiftPeriod,
  statisticsWindows,
  type Aggregation,
  type Granularity,
  type StatisticsType,
} from '../../contract/periods.ts';
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
  withBadToken,
  useHarness,
} from '../testing/fixtures.ts';

const DAY_MS = 86_400_000;
const BY_FILTER = '/results/api/v2/kpis/snapshots';

let h: Harness;
let alice: TestUser;
let bob: TestUser;
let eve: TestUser;

useHarness(async (harness) => {
  h = harness;
  ({ alice, bob, eve } = await createPeople(harness));
});

const kpiWith = (aggregation: Aggregation, body: Partial<CreateKpiRequest> = {}, user = alice) =>
  createKpi(h, user, { name: `By ${aggregation}`, aggregation, ...body });

async function history(
  user: TestUser,
  kpiId: string,
  params: Record<string, string | number> = {},
) {
  return expectJson(
    await h.request(user, 'GET', `/kpis/${kpiId}/snapshots${qs(params)}`),
    200,
    SnapshotHistory,
  );
}

async function grouped(
  user: TestUser,
  params: Record<string, string | number | boolean | undefined>,
  path = '/kpi-snapshots',
) {
  return expectJson(await h.request(user, 'GET', `${path}${qs(params)}`), 200, SnapshotGroupsByKpi);
}

/** `[group, value, count]` of each period, in the order answered. */
async function periods(
  user: TestUser,
  kpiId: string,
  params: Record<string, string | number | boolean | undefined>,
) {
  const result = await grouped(user, { ids: kpiId, ...params });
  return (result[kpiId] ?? []).map((g) => [g.group, g.value, g.count] as const);
}

// ---------------------------------------------------------------------------------------------
// POST /kpis/{kpiId}/snapshots

describe('POST /kpis/{kpiId}/snapshots', () => {
  it.each<[string, string | undefined, string, string, string]>([
    // group, timeZone, stored date, canonical group, canonical time zone
    ['2022-09-05', 'UTC', '2022-09-05T00:00:00.000Z', '2022-09-05', 'UTC'],
    ['2022-09-05', undefined, '2022-09-05T00:00:00.000Z', '2022-09-05', 'UTC'],
    ['2022-09-05', 'UTC+5:30', '2022-09-04T18:30:00.000Z', '2022-09-05', 'UTC+5:30'],
    ['2022-09-05', 'UTC+05:30', '2022-09-04T18:30:00.000Z', '2022-09-05', 'UTC+5:30'],
    ['2022-09-05', 'UTC-2', '2022-09-05T02:00:00.000Z', '2022-09-05', 'UTC-2'],
    ['2024-02-29', 'UTC', '2024-02-29T00:00:00.000Z', '2024-02-29', 'UTC'],
    ['2022-W36', 'UTC+3', '2022-09-04T21:00:00.000Z', '2022-W36', 'UTC+3'],
    ['2022-W36', 'UTC-2', '2022-09-05T02:00:00.000Z', '2022-W36', 'UTC-2'],
    ['2020-W53', 'UTC', '2020-12-28T00:00:00.000Z', '2020-W53', 'UTC'],
    ['2022-W01', 'UTC', '2022-01-03T00:00:00.000Z', '2022-W01', 'UTC'],
    ['2022-09', 'UTC-2', '2022-09-01T02:00:00.000Z', '2022-09', 'UTC-2'],
    ['2022-09', 'UTC+5:30', '2022-08-31T18:30:00.000Z', '2022-09', 'UTC+5:30'],
    ['2022-Q3', 'UTC+5:30', '2022-06-30T18:30:00.000Z', '2022-Q3', 'UTC+5:30'],
    ['2022-Q1', 'UTC-2', '2022-01-01T02:00:00.000Z', '2022-Q1', 'UTC-2'],
    ['2022', 'UTC', '2022-01-01T00:00:00.000Z', '2022', 'UTC'],
    ['2022', 'UTC+3', '2021-12-31T21:00:00.000Z', '2022', 'UTC+3'],
    ['2022-w36', 'utc', '2022-09-05T00:00:00.000Z', '2022-W36', 'UTC'],
    ['2022-W6', 'UTC+0', '2022-02-07T00:00:00.000Z', '2022-W06', 'UTC'],
  ])('records %s in %s at the start of the period', async (group, timeZone, date, key, zone) => {
    const kpi = await createKpi(h, alice);
    const snapshot = await recordSnapshot(h, alice, kpi.id, group, 12.5, timeZone);
    expect(snapshot.id).toMatch(ID_PATTERN);
    expect(snapshot).toMatchObject({
      accountId: alice.accountId,
      kpiId: kpi.id,
      group: key,
      timeZone: zone,
      date,
      value: 12.5,
      createdById: alice.userId,
      createdByName: 'Alice Example',
    });
    expect(snapshot.dateCreated).toMatch(INSTANT_PATTERN);
    expect(Math.abs(Date.parse(snapshot.dateCreated) - Date.now())).toBeLessThan(60_000);
    expect((await history(alice, kpi.id)).items).toEqual([snapshot]);
  });

  it('accepts an IANA time zone as an extension', async () => {
    const kpi = await createKpi(h, alice);
    const snapshot = await recordSnapshot(h, alice, kpi.id, '2022-07-01', 1, 'Europe/Sofia');
    expect(snapshot).toMatchObject({ date: '2022-06-30T21:00:00.000Z', timeZone: 'Europe/Sofia' });
  });

  it('records negative, fractional and zero values', async () => {
    const kpi = await createKpi(h, alice);
    for (const value of [-3.25, 0, 1e12]) {
      expect((await recordSnapshot(h, alice, kpi.id, '2022-09-05', value)).value).toBe(value);
    }
  });

  it('never takes server-owned fields from the body', async () => {
    const kpi = await createKpi(h, alice);
    const other = await createKpi(h, alice, { name: 'Other' });
    const res = await h.request(alice, 'POST', `/kpis/${kpi.id}/snapshots`, {
      group: '2022-09-05',
      value: 5,
      id: UNKNOWN_ID,
      accountId: eve.accountId,
      kpiId: other.id,
      createdById: eve.userId,
      createdByName: 'Mallory',
      dateCreated: '2000-01-01T00:00:00.000Z',
      date: '2000-01-01T00:00:00.000Z',
    });
    const snapshot = await expectJson(res, 201, Snapshot);
    expect(snapshot.id).not.toBe(UNKNOWN_ID);
    expect(snapshot).toMatchObject({
      accountId: alice.accountId,
      kpiId: kpi.id,
      createdById: alice.userId,
      createdByName: 'Alice Example',
      date: '2022-09-05T00:00:00.000Z',
    });
    expect(snapshot.dateCreated.startsWith('2000')).toBe(false);
    expect((await history(alice, kpi.id)).items).toEqual([snapshot]);
    expect((await history(alice, other.id)).totalCount).toBe(0);
  });

  it.each<[string, unknown, string | undefined]>([
    ['the week 2021-W53, which does not exist', { group: '2021-W53', value: 1 }, 'body.group'],
    ['the day 2023-02-29, which does not exist', { group: '2023-02-29', value: 1 }, 'body.group'],
    ['the day 2022-09-31', { group: '2022-09-31', value: 1 }, 'body.group'],
    ['the month 2022-13', { group: '2022-13', value: 1 }, 'body.group'],
    ['the month 2022-00', { group: '2022-00', value: 1 }, 'body.group'],
    ['the quarter 2022-Q5', { group: '2022-Q5', value: 1 }, 'body.group'],
    ['the quarter 2022-Q0', { group: '2022-Q0', value: 1 }, 'body.group'],
    ['the week 2022-W00', { group: '2022-W00', value: 1 }, 'body.group'],
    ['the week 2022-W54', { group: '2022-W54', value: 1 }, 'body.group'],
    ['a day without padding', { group: '2022-9-5', value: 1 }, 'body.group'],
    ['a date with slashes', { group: '2022/09/05', value: 1 }, 'body.group'],
    ['a word', { group: 'yesterday', value: 1 }, 'body.group'],
    ['an empty group', { group: '', value: 1 }, 'body.group'],
    ['a number as group', { group: 2022, value: 1 }, 'body.group'],
    ['a missing group', { value: 1 }, 'body.group'],
    ['an offset beyond +14', { group: '2022', timeZone: 'UTC+15', value: 1 }, 'body.timeZone'],
    [
      'an offset with 60 minutes',
      { group: '2022', timeZone: 'UTC+3:60', value: 1 },
      'body.timeZone',
    ],
    ['a bare offset', { group: '2022', timeZone: '+03:00', value: 1 }, 'body.timeZone'],
    ['an unknown zone', { group: '2022', timeZone: 'Mars/Olympus', value: 1 }, 'body.timeZone'],
    ['an empty time zone', { group: '2022', timeZone: '', value: 1 }, 'body.timeZone'],
    ['a string value', { group: '2022', value: '5' }, 'body.value'],
    ['a null value', { group: '2022', value: null }, 'body.value'],
    ['a missing value', { group: '2022' }, 'body.value'],
    ['malformed JSON', '{"group":"2022",', undefined],
  ])('answers 400 for %s and records nothing', async (_name, body, path) => {
    const kpi = await createKpi(h, alice);
    await expectProblem(
      await h.request(alice, 'POST', `/kpis/${kpi.id}/snapshots`, body),
      400,
      path,
    );
    expect((await history(alice, kpi.id)).totalCount).toBe(0);
  });

  it('answers 400 for a kpiId that is not an id', async () => {
    const res = await h.request(alice, 'POST', '/kpis/revenue/snapshots', {
      group: '2022',
      value: 1,
    });
    await expectProblem(res, 400, 'path.kpiId');
  });
});

// ---------------------------------------------------------------------------------------------
// GET /kpis/{kpiId}/snapshots (the update history) and DELETE /kpis/{kpiId}/snapshots/{snapshotId}

describe('GET /kpis/{kpiId}/snapshots', () => {
  it('lists the snapshots newest first, with their authors', async () => {
    const kpi = await createKpi(h, alice);
    const first = await recordSnapshot(h, alice, kpi.id, '2022-09-05', 1);
    const second = await recordSnapshot(h, bob, kpi.id, '2022-09-01', 2);
    const third = await recordSnapshot(h, alice, kpi.id, '2021', 3);
    const page = await history(alice, kpi.id);
    expect(page).toEqual({ items: [third, second, first], count: 3, totalCount: 3 });
    expect(page.items.map((s) => s.createdByName)).toEqual([
      'Alice Example',
      'Bob Example',
      'Alice Example',
    ]);
    expect(page.items.map((s) => s.createdById)).toEqual([alice.userId, bob.userId, alice.userId]);
  });

  it('pages with skip and take', async () => {
    const kpi = await createKpi(h, alice);
    const values = [1, 2, 3, 4];
    for (const value of values) await recordSnapshot(h, alice, kpi.id, '2022-09-05', value);
    const page = await history(alice, kpi.id, { skip: 1, take: 2 });
    expect(page.items.map((s) => s.value)).toEqual([3, 2]);
    expect(page).toMatchObject({ count: 2, totalCount: 4 });
    expect((await history(alice, kpi.id, { skip: 4 })).items).toEqual([]);
  });

  it('answers an empty history for a KPI without snapshots', async () => {
    const kpi = await createKpi(h, alice);
    expect(await history(alice, kpi.id)).toEqual({ items: [], count: 0, totalCount: 0 });
  });

  it.each<[Record<string, string>, string]>([
    [{ take: 'ten' }, 'query.take'],
    [{ take: '1001' }, 'query.take'],
    [{ take: '-1' }, 'query.take'],
    [{ skip: '-1' }, 'query.skip'],
    [{ skip: '0.5' }, 'query.skip'],
    [{ take: '0x10' }, 'query.take'],
    [{ take: '1e2' }, 'query.take'],
    [{ skip: '0x10' }, 'query.skip'],
  ])('answers 400 for %j', async (params, path) => {
    const kpi = await createKpi(h, alice);
    await expectProblem(
      await h.request(alice, 'GET', `/kpis/${kpi.id}/snapshots${qs(params)}`),
      400,
      path,
    );
  });
});

describe('DELETE /kpis/{kpiId}/snapshots/{snapshotId}', () => {
  it('deletes one snapshot, which then counts no more', async () => {
    const kpi = await kpiWith('sum');
    const kept = await recordSnapshot(h, alice, kpi.id, '2022-09-05', 1);
    const doomed = await recordSnapshot(h, alice, kpi.id, '2022-09-05', 2);
    expect(await periods(alice, kpi.id, {})).toEqual([['2022-09-05', 3, 2]]);

    const res = await h.request(alice, 'DELETE', `/kpis/${kpi.id}/snapshots/${doomed.id}`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect((await history(alice, kpi.id)).items).toEqual([kept]);
    expect(await periods(alice, kpi.id, {})).toEqual([['2022-09-05', 1, 1]]);
    await expectProblem(
      await h.request(alice, 'DELETE', `/kpis/${kpi.id}/snapshots/${doomed.id}`),
      404,
    );
  });

  it('answers 404 for a snapshot of another KPI of the account, and keeps it', async () => {
    const a = await createKpi(h, alice, { name: 'A' });
    const b = await createKpi(h, alice, { name: 'B' });
    const snapshot = await recordSnapshot(h, alice, a.id, '2022', 1);
    const wrong = await h.request(alice, 'DELETE', `/kpis/${b.id}/snapshots/${snapshot.id}`);
    const unknown = await h.request(alice, 'DELETE', `/kpis/${b.id}/snapshots/${UNKNOWN_ID}`);
    expect(await expectProblem(wrong, 404)).toEqual(await expectProblem(unknown, 404));
    expect((await history(alice, a.id)).items).toEqual([snapshot]);
  });

  it.each([
    ['snapshotId', (kpiId: string) => `/kpis/${kpiId}/snapshots/latest`, 'path.snapshotId'],
    ['kpiId', () => `/kpis/revenue/snapshots/${UNKNOWN_ID}`, 'path.kpiId'],
  ])('answers 400 for a %s that is not an id', async (_name, path, field) => {
    const kpi = await createKpi(h, alice);
    await expectProblem(await h.request(alice, 'DELETE', path(kpi.id)), 400, field);
  });
});

// ---------------------------------------------------------------------------------------------
// GET /kpi-snapshots

describe('GET /kpi-snapshots', () => {
  describe('groupBy', () => {
    // Day keys recorded in UTC, with values 1..8, so that sums tell the periods apart.
    const DAYS = [
      '2021-01-01',
      '2022-09-04',
      '2022-09-05',
      '2022-09-06',
      '2022-09-30',
      '2022-10-01',
      '2022-12-31',
      '2023-01-01',
    ];

    it.each<[Granularity, [string, number, number][]]>([
      ['day', DAYS.map((day, i) => [day, i + 1, 1])],
      [
        'week',
        [
          ['2020-W53', 1, 1],
          ['2022-W35', 2, 1],
          ['2022-W36', 7, 2],
          ['2022-W39', 11, 2],
          ['2022-W52', 15, 2],
        ],
      ],
      [
        'month',
        [
          ['2021-01', 1, 1],
          ['2022-09', 14, 4],
          ['2022-10', 6, 1],
          ['2022-12', 7, 1],
          ['2023-01', 8, 1],
        ],
      ],
      [
        'quarter',
        [
          ['2021-Q1', 1, 1],
          ['2022-Q3', 14, 4],
          ['2022-Q4', 13, 2],
          ['2023-Q1', 8, 1],
        ],
      ],
      [
        'year',
        [
          ['2021', 1, 1],
          ['2022', 27, 6],
          ['2023', 8, 1],
        ],
      ],
    ])('groups by %s, in time order', async (groupBy, expected) => {
      const kpi = await kpiWith('sum');
      // Recorded out of order, so that the answer's order comes from time, not from recording.
      for (const i of [3, 0, 7, 1, 5, 2, 6, 4])
        await recordSnapshot(h, alice, kpi.id, DAYS[i]!, i + 1);
      expect(await periods(alice, kpi.id, { groupBy })).toEqual(expected);
    });

    it.each<[Granularity, string, string, string]>([
      ['day', '2022-09-06', '2022-09-06T00:00:00.000Z', '2022-09-07T00:00:00.000Z'],
      ['week', '2022-W36', '2022-09-05T00:00:00.000Z', '2022-09-12T00:00:00.000Z'],
      ['month', '2022-09', '2022-09-01T00:00:00.000Z', '2022-10-01T00:00:00.000Z'],
      ['quarter', '2022-Q3', '2022-07-01T00:00:00.000Z', '2022-10-01T00:00:00.000Z'],
      ['year', '2022', '2022-01-01T00:00:00.000Z', '2023-01-01T00:00:00.000Z'],
    ])('gives each %s period its start and end', async (groupBy, group, start, end) => {
      const kpi = await kpiWith('sum');
      await recordSnapshot(h, alice, kpi.id, '2022-09-06', 5);
      const result = await grouped(alice, { ids: kpi.id, groupBy });
      expect(result[kpi.id]).toEqual([{ group, value: 5, count: 1, start, end }]);
    });

    it('groups by day when groupBy is absent', async () => {
      const kpi = await kpiWith('sum');
      await recordSnapshot(h, alice, kpi.id, '2022-09-05', 1);
      await recordSnapshot(h, alice, kpi.id, '2022-09-06', 2);
      expect(await periods(alice, kpi.id, {})).toEqual([
        ['2022-09-05', 1, 1],
        ['2022-09-06', 2, 1],
      ]);
    });
  });

  describe('aggregation', () => {
    // Recorded in this order: Wednesday 7, Monday 3, Tuesday 5, all in 2022-W36.
    it.each<[Aggregation, number]>([
      ['last', 7],
      ['sum', 15],
      ['average', 5],
      ['min', 3],
      ['max', 7],
    ])('summarises a week with %s', async (aggregation, value) => {
      const kpi = await kpiWith(aggregation);
      await recordSnapshot(h, alice, kpi.id, '2022-09-07', 7);
      await recordSnapshot(h, alice, kpi.id, '2022-09-05', 3);
      await recordSnapshot(h, alice, kpi.id, '2022-09-06', 5);
      expect(await periods(alice, kpi.id, { groupBy: 'week' })).toEqual([['2022-W36', value, 3]]);
    });

    it.each<[Aggregation, number]>([
      ['last', 2],
      ['sum', 3],
      ['average', 1.5],
      ['min', 1],
      ['max', 2],
    ])(
      'summarises two snapshots of the same period with %s, last being the later recorded',
      async (aggregation, value) => {
        const kpi = await kpiWith(aggregation);
        await recordSnapshot(h, alice, kpi.id, '2022-09-05', 1);
        await recordSnapshot(h, bob, kpi.id, '2022-09-05', 2);
        expect(await periods(alice, kpi.id, { groupBy: 'day' })).toEqual([
          ['2022-09-05', value, 2],
        ]);
        expect(await periods(alice, kpi.id, { groupBy: 'month' })).toEqual([['2022-09', value, 2]]);
      },
    );

    it('takes the later recorded of two snapshots of the same period, whichever value is larger', async () => {
      const kpi = await kpiWith('last');
      await recordSnapshot(h, alice, kpi.id, '2022-W36', 9);
      await recordSnapshot(h, alice, kpi.id, '2022-W36', 4);
      expect(await periods(alice, kpi.id, { groupBy: 'week' })).toEqual([['2022-W36', 4, 2]]);
    });

    it('takes the later recorded of two snapshots of the same period in a far-off year as well', async () => {
      const kpi = await kpiWith('last');
      await recordSnapshot(h, alice, kpi.id, '2300-01-01', 1);
      await recordSnapshot(h, alice, kpi.id, '2300-01-01', 2);
      expect(await periods(alice, kpi.id, { groupBy: 'day' })).toEqual([['2300-01-01', 2, 2]]);
    });

    it('summarises each KPI with its own aggregation in one read', async () => {
      const kpis = await Promise.all(AGGREGATIONS.map((a) => kpiWith(a)));
      for (const kpi of kpis) {
        for (const [day, value] of [
          ['2022-09-05', 10],
          ['2022-09-06', 30],
          ['2022-09-07', 20],
        ] as const) {
          await recordSnapshot(h, alice, kpi.id, day, value);
        }
      }
      const result = await grouped(alice, {
        ids: kpis.map((k) => k.id).join(','),
        groupBy: 'week',
      });
      const expected: Record<Aggregation, number> = {
        last: 20,
        sum: 60,
        average: 20,
        min: 10,
        max: 30,
      };
      for (const kpi of kpis) {
        expect(result[kpi.id]?.map((g) => g.value)).toEqual([expected[kpi.aggregation]]);
      }
    });
  });

  describe('timeZone', () => {
    it.each<[string, string, string, string]>([
      ['UTC', '2022-09-05', '2022-09-05T00:00:00.000Z', '2022-09-06T00:00:00.000Z'],
      ['UTC-2', '2022-09-04', '2022-09-04T02:00:00.000Z', '2022-09-05T02:00:00.000Z'],
      ['UTC+5:30', '2022-09-05', '2022-09-04T18:30:00.000Z', '2022-09-05T18:30:00.000Z'],
      ['UTC+05:30', '2022-09-05', '2022-09-04T18:30:00.000Z', '2022-09-05T18:30:00.000Z'],
      ['UTC-12', '2022-09-04', '2022-09-04T12:00:00.000Z', '2022-09-05T12:00:00.000Z'],
    ])(
      'places a value at midnight UTC in the day it falls on in %s',
      async (timeZone, day, start, end) => {
        const kpi = await kpiWith('sum');
        await recordSnapshot(h, alice, kpi.id, '2022-09-05', 4, 'UTC');
        const result = await grouped(alice, { ids: kpi.id, groupBy: 'day', timeZone });
        expect(result[kpi.id]).toEqual([{ group: day, value: 4, count: 1, start, end }]);
      },
    );

    it.each<[string, string, string]>([
      ['UTC', '2022-09', '2022-09-01T00:00:00.000Z'],
      ['UTC-2', '2022-09', '2022-09-01T02:00:00.000Z'],
      ['UTC+5:30', '2022-10', '2022-09-30T18:30:00.000Z'],
    ])(
      'moves a value across a month boundary: read in %s it is in %s',
      async (timeZone, month, start) => {
        const kpi = await kpiWith('sum');
        // 1 October in India begins at 18:30 UTC on 30 September.
        await recordSnapshot(h, alice, kpi.id, '2022-10-01', 6, 'UTC+5:30');
        const result = await grouped(alice, { ids: kpi.id, groupBy: 'month', timeZone });
        expect(result[kpi.id]?.map((g) => [g.group, g.value, g.start])).toEqual([
          [month, 6, start],
        ]);
      },
    );

    it.each<[string, Granularity, string]>([
      ['UTC', 'year', '2022'],
      ['UTC+3', 'year', '2023'],
      ['UTC', 'quarter', '2022-Q4'],
      ['UTC+3', 'quarter', '2023-Q1'],
      ['UTC', 'week', '2022-W52'],
      ['UTC+3', 'week', '2022-W52'],
    ])(
      'moves a value across a year boundary: read in %s by %s it is in %s',
      async (timeZone, groupBy, group) => {
        const kpi = await kpiWith('sum');
        await recordSnapshot(h, alice, kpi.id, '2023-01-01', 1, 'UTC+3');
        expect(await periods(alice, kpi.id, { groupBy, timeZone })).toEqual([[group, 1, 1]]);
      },
    );

    it('reads a value recorded for 1 January 1970 east of UTC, whose instant is in 1969', async () => {
      const kpi = await kpiWith('sum');
      const snapshot = await recordSnapshot(h, alice, kpi.id, '1970-01-01', 1, 'UTC+14');
      expect(snapshot.date).toBe('1969-12-31T10:00:00.000Z');
      expect(await periods(alice, kpi.id, { timeZone: 'UTC+14' })).toEqual([['1970-01-01', 1, 1]]);
      for (const groupBy of ['day', 'year'] as const) {
        const res = await h.request(
          alice,
          'GET',
          `/kpi-snapshots${qs({ ids: kpi.id, groupBy, timeZone: 'UTC' })}`,
        );
        expect(res.status, await res.clone().text()).toBe(200);
        SnapshotGroupsByKpi.parse(await res.json());
      }
    });

    it('refuses the year 9999, whose periods would end past what RFC 3339 can write', async () => {
      const kpi = await kpiWith('sum');
      const res = await h.request(alice, 'POST', `/kpis/${kpi.id}/snapshots`, {
        group: '9999-12-31',
        timeZone: 'UTC-12',
        value: 1,
      });
      expect(res.status).toBe(400);
    });

    it('reads a value recorded for the last day of 9998 west of UTC from a zone east of it', async () => {
      const kpi = await kpiWith('sum');
      await recordSnapshot(h, alice, kpi.id, '9998-12-31', 1, 'UTC-12');
      expect(await periods(alice, kpi.id, { timeZone: 'UTC-12' })).toEqual([['9998-12-31', 1, 1]]);
      const res = await h.request(
        alice,
        'GET',
        `/kpi-snapshots${qs({ ids: kpi.id, groupBy: 'year', timeZone: 'UTC+14' })}`,
      );
      expect(res.status, await res.clone().text()).toBe(200);
      expect(SnapshotGroupsByKpi.parse(await res.json())[kpi.id]).toEqual([
        expect.objectContaining({ group: '9999', value: 1, count: 1 }),
      ]);
    });

    it('keeps sums of the largest accepted values finite', async () => {
      const kpi = await kpiWith('sum');
      await recordSnapshot(h, alice, kpi.id, '2022-01-01', 1e15, 'UTC');
      await recordSnapshot(h, alice, kpi.id, '2022-01-02', 1e15, 'UTC');
      expect(await periods(alice, kpi.id, { groupBy: 'year' })).toEqual([['2022', 2e15, 2]]);
      const tooLarge = await h.request(alice, 'POST', `/kpis/${kpi.id}/snapshots`, {
        group: '2022-01-03',
        value: 1e308,
      });
      expect(tooLarge.status).toBe(400);
    });

    it('reads in an IANA time zone as an extension', async () => {
      const kpi = await kpiWith('sum');
      await recordSnapshot(h, alice, kpi.id, '2022-06-30', 2, 'UTC');
      await recordSnapshot(h, alice, kpi.id, '2022-07-01', 3, 'Europe/Sofia');
      expect(await periods(alice, kpi.id, { timeZone: 'Europe/Sofia' })).toEqual([
        ['2022-06-30', 2, 1],
        ['2022-07-01', 3, 1],
      ]);
    });
  });

  describe('from and to', () => {
    let kpi: Kpi;

    beforeEach(async () => {
      kpi = await kpiWith('sum');
      for (const [day, value] of [
        ['2022-09-01', 1],
        ['2022-09-05', 2],
        ['2022-09-10', 3],
        ['2022-09-11', 4],
      ] as const) {
        await recordSnapshot(h, alice, kpi.id, day, value);
      }
    });

    it.each<[Record<string, string>, [string, number, number][]]>([
      [
        { from: '2022-09-05', to: '2022-09-10' },
        [
          ['2022-09-05', 2, 1],
          ['2022-09-10', 3, 1],
        ],
      ],
      [{ from: '2022-09-05', to: '2022-09-05' }, [['2022-09-05', 2, 1]]],
      [{ from: '2022-09-06', to: '2022-09-09' }, []],
      [
        { from: '2022-09-06' },
        [
          ['2022-09-10', 3, 1],
          ['2022-09-11', 4, 1],
        ],
      ],
      [
        { to: '2022-09-05' },
        [
          ['2022-09-01', 1, 1],
          ['2022-09-05', 2, 1],
        ],
      ],
      [{ from: '2022-09-05', to: '2022-09-10', groupBy: 'month' }, [['2022-09', 5, 2]]],
      [{ from: '2022-09-06', groupBy: 'week' }, [['2022-W36', 7, 2]]],
      [
        { from: '2022-09-05', to: '2022-09-10', timeZone: 'UTC-2' },
        [
          ['2022-09-09', 3, 1],
          ['2022-09-10', 4, 1],
        ],
      ],
      [{ from: '2022-09-04', to: '2022-09-04', timeZone: 'UTC-2' }, [['2022-09-04', 2, 1]]],
    ])('keeps only the snapshots in %j, both ends included', async (params, expected) => {
      expect(await periods(alice, kpi.id, params)).toEqual(expected);
    });

    it('answers a KPI without snapshots in the range with no periods', async () => {
      const result = await grouped(alice, { ids: kpi.id, from: '2023-01-01', to: '2023-01-31' });
      expect(result[kpi.id] ?? []).toEqual([]);
    });

    it('reads by day up to a date for a KPI that has no snapshots yet', async () => {
      const empty = await kpiWith('sum', { name: 'Empty' });
      const result = await grouped(alice, { ids: empty.id, groupBy: 'day', to: '2022-09-30' });
      expect(result[empty.id] ?? []).toEqual([]);
    });

    it('reads ten years by day, and longer ranges by week', async () => {
      expect(await periods(alice, kpi.id, { from: '2013-01-01', to: '2022-12-31' })).toHaveLength(
        4,
      );
      expect(
        await periods(alice, kpi.id, { from: '2000-01-01', to: '2022-12-31', groupBy: 'week' }),
      ).toEqual([
        ['2022-W35', 1, 1],
        ['2022-W36', 9, 3],
      ]);
    });
  });

  describe('selection', () => {
    interface Selection {
      growth: string;
      support: string;
      inGrowth: Kpi;
      inBoth: Kpi;
      ungrouped: Kpi;
      bobs: Kpi;
      nobodys: Kpi;
    }
    let s: Selection;

    beforeEach(async () => {
      const growth = (await createGroup(h, alice, 'Growth')).id;
      const support = (await createGroup(h, alice, 'Support')).id;
      s = {
        growth,
        support,
        inGrowth: await kpiWith('sum', { name: 'In growth', groups: [growth] }),
        inBoth: await kpiWith('sum', {
          name: 'In both',
          groups: [growth, support],
          ownerIds: [alice.userId, bob.userId],
        }),
        ungrouped: await kpiWith('sum', { name: 'Ungrouped' }),
        bobs: await kpiWith('sum', { name: 'Bob’s', groups: [support], ownerIds: [bob.userId] }),
        nobodys: await kpiWith('sum', { name: 'Nobody’s', ownerIds: [] }),
      };
      for (const kpi of Object.values(s).filter((v): v is Kpi => typeof v === 'object')) {
        await recordSnapshot(h, alice, kpi.id, '2022-09-05', 1);
      }
    });

    const keysOf = async (user: TestUser, params: Record<string, string | boolean>) =>
      Object.keys(await grouped(user, params)).sort();

    it.each<
      [
        string,
        (s: Selection) => Record<string, string | boolean>,
        (s: Selection) => Kpi[],
        'alice' | 'bob',
      ]
    >([
      [
        'ids',
        (s) => ({ ids: `${s.inGrowth.id},${s.bobs.id}` }),
        (s) => [s.inGrowth, s.bobs],
        'alice',
      ],
      [
        'ids with spaces and a repeat',
        (s) => ({ ids: ` ${s.inGrowth.id} ,${s.inGrowth.id}` }),
        (s) => [s.inGrowth],
        'alice',
      ],
      ['groupIds', (s) => ({ groupIds: s.growth }), (s) => [s.inGrowth, s.inBoth], 'alice'],
      [
        'two groupIds',
        (s) => ({ groupIds: `${s.growth},${s.support}` }),
        (s) => [s.inGrowth, s.inBoth, s.bobs],
        'alice',
      ],
      ['ungrouped', () => ({ ungrouped: true }), (s) => [s.ungrouped, s.nobodys], 'alice'],
      [
        'mykpis for alice',
        () => ({ mykpis: true }),
        (s) => [s.inGrowth, s.inBoth, s.ungrouped],
        'alice',
      ],
      ['mykpis for bob', () => ({ mykpis: true }), (s) => [s.inBoth, s.bobs], 'bob'],
      [
        'ids and groupIds together',
        (s) => ({ ids: s.nobodys.id, groupIds: s.support }),
        (s) => [s.inBoth, s.bobs, s.nobodys],
        'alice',
      ],
      [
        'ungrouped and mykpis together',
        () => ({ ungrouped: true, mykpis: true }),
        (s) => [s.inBoth, s.bobs, s.ungrouped, s.nobodys],
        'bob',
      ],
      [
        'ungrouped=false beside ids',
        (s) => ({ ids: s.bobs.id, ungrouped: false }),
        (s) => [s.bobs],
        'alice',
      ],
    ])('selects KPIs by %s', async (_name, params, expected, who) => {
      const user = who === 'alice' ? alice : bob;
      const keys = await keysOf(user, params(s));
      expect(keys).toEqual(
        expected(s)
          .map((k) => k.id)
          .sort(),
      );
      const result = await grouped(user, params(s));
      for (const key of keys)
        expect(result[key]).toEqual([expect.objectContaining({ group: '2022-09-05', value: 1 })]);
    });

    it('leaves out unknown ids and ids of another account', async () => {
      const theirs = await kpiWith('sum', { name: 'Theirs' }, eve);
      await recordSnapshot(h, eve, theirs.id, '2022-09-05', 100);
      const theirGroup = await createGroup(h, eve, 'Theirs');
      expect(await keysOf(alice, { ids: `${UNKNOWN_ID},${theirs.id},${s.bobs.id}` })).toEqual([
        s.bobs.id,
      ]);
      expect(await keysOf(alice, { ids: UNKNOWN_ID })).toEqual([]);
      expect(await keysOf(alice, { groupIds: theirGroup.id })).toEqual([]);
      expect(await keysOf(eve, { ungrouped: true })).toEqual([theirs.id]);
    });

    it('answers a selected KPI without snapshots with no periods', async () => {
      const fresh = await kpiWith('sum', { name: 'Fresh' });
      const result = await grouped(alice, { ids: `${fresh.id},${s.bobs.id}` });
      expect(result[fresh.id] ?? []).toEqual([]);
      expect(result[s.bobs.id]).toHaveLength(1);
    });
  });

  it.each<[string, Record<string, string>, string | undefined]>([
    ['no selection at all', {}, 'query.ids'],
    ['only a groupBy', { groupBy: 'week' }, 'query.ids'],
    ['only ungrouped=false', { ungrouped: 'false' }, 'query.ids'],
    ['an empty ids', { ids: '' }, 'query.ids'],
    ['ids that are not ids', { ids: 'revenue' }, 'query.ids'],
    ['one bad id among good ones', { ids: `${UNKNOWN_ID},abc` }, 'query.ids'],
    ['groupIds that are not ids', { groupIds: 'growth' }, 'query.groupIds'],
    ['ungrouped=yes', { ungrouped: 'yes' }, 'query.ungrouped'],
    ['mykpis=1', { mykpis: '1' }, 'query.mykpis'],
    ['groupBy=hour', { ids: UNKNOWN_ID, groupBy: 'hour' }, 'query.groupBy'],
    ['groupBy=Week', { ids: UNKNOWN_ID, groupBy: 'Week' }, 'query.groupBy'],
    ['an unknown time zone', { ids: UNKNOWN_ID, timeZone: 'Mars/Olympus' }, 'query.timeZone'],
    ['an offset beyond +14', { ids: UNKNOWN_ID, timeZone: 'UTC+15' }, 'query.timeZone'],
    ['from=2023-02-29', { ids: UNKNOWN_ID, from: '2023-02-29' }, 'query.from'],
    ['from with slashes', { ids: UNKNOWN_ID, from: '2022/09/01' }, 'query.from'],
    ['from as an instant', { ids: UNKNOWN_ID, from: '2022-09-01T00:00:00Z' }, 'query.from'],
    ['to=tomorrow', { ids: UNKNOWN_ID, to: 'tomorrow' }, 'query.to'],
    ['to before from', { ids: UNKNOWN_ID, from: '2022-09-10', to: '2022-09-05' }, 'query.to'],
    [
      'more than 1000 ids',
      { ids: Array.from({ length: 1001 }, (_, i) => i.toString(16).padStart(24, '0')).join(',') },
      'query.ids',
    ],
    [
      'twenty years by day',
      { ids: UNKNOWN_ID, from: '2000-01-01', to: '2020-12-31', groupBy: 'day' },
      'query.from',
    ],
    [
      'twenty years by the default day',
      { ids: UNKNOWN_ID, from: '2000-01-01', to: '2020-12-31' },
      'query.from',
    ],
  ])('answers 400 for %s', async (_name, params, path) => {
    await expectProblem(await h.request(alice, 'GET', `/kpi-snapshots${qs(params)}`), 400, path);
  });

  it('answers 400 for too large a day range even when the KPI has data', async () => {
    const kpi = await kpiWith('sum');
    await recordSnapshot(h, alice, kpi.id, '2001-01-01', 1);
    await recordSnapshot(h, alice, kpi.id, '2021-01-01', 2);
    await expectProblem(await h.request(alice, 'GET', `/kpi-snapshots${qs({ ids: kpi.id })}`), 400);
    expect(await periods(alice, kpi.id, { groupBy: 'year' })).toEqual([
      ['2001', 1, 1],
      ['2021', 2, 1],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// GET /v2/kpis/snapshots

describe('reads that select more than 1000 KPIs', () => {
  beforeEach(async () => {
    const scope = { accountId: alice.accountId, userId: alice.userId };
    for (let i = 0; i < 1001; i++) {
      await h.repos.kpis.create(
        scope,
        CreateKpiRequest.parse({ name: `KPI ${String(i).padStart(4, '0')}` }),
      );
    }
  });

  it('page through /v2/kpis/snapshots a thousand at a time', async () => {
    const first = await h.request(
      alice,
      'GET',
      `/results/api/v2/kpis/snapshots${qs({ take: 1000, sort: 'name' })}`,
    );
    expect(first.status).toBe(200);
    expect(Object.keys(SnapshotGroupsByKpi.parse(await first.json()))).toHaveLength(1000);
    const rest = await h.request(
      alice,
      'GET',
      `/results/api/v2/kpis/snapshots${qs({ skip: 1000, take: 1000, sort: 'name' })}`,
    );
    expect(Object.keys(SnapshotGroupsByKpi.parse(await rest.json()))).toHaveLength(1);
  });

  it('are refused by /kpi-snapshots, which cannot page', async () => {
    const res = await h.request(alice, 'GET', `/kpi-snapshots${qs({ ungrouped: true })}`);
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(/more than 1000 KPIs/);
  });
});

describe('GET /v2/kpis/snapshots', () => {
  let revenue: Kpi;
  let calls: Kpi;
  let churn: Kpi;

  beforeEach(async () => {
    revenue = await kpiWith('sum', { name: 'Sales revenue' });
    calls = await kpiWith('average', { name: 'Sales calls' });
    churn = await kpiWith('max', { name: 'Churn' });
    for (const kpi of [revenue, calls, churn]) {
      await recordSnapshot(h, alice, kpi.id, '2022-09-05', 2);
      await recordSnapshot(h, alice, kpi.id, '2022-09-06', 4);
    }
    const theirs = await kpiWith('sum', { name: 'Sales elsewhere' }, eve);
    await recordSnapshot(h, eve, theirs.id, '2022-09-05', 1);
  });

  it('selects the KPIs of the filter and groups their snapshots', async () => {
    const result = await grouped(
      alice,
      { filter: '{name:{$regex:"^Sales"}}', groupBy: 'week' },
      BY_FILTER,
    );
    expect(Object.keys(result).sort()).toEqual([revenue.id, calls.id].sort());
    expect(result[revenue.id]?.map((g) => [g.group, g.value, g.count])).toEqual([
      ['2022-W36', 6, 2],
    ]);
    expect(result[calls.id]?.map((g) => [g.group, g.value, g.count])).toEqual([['2022-W36', 3, 2]]);
  });

  it('selects every KPI of the account without a filter', async () => {
    const result = await grouped(alice, { groupBy: 'month' }, BY_FILTER);
    expect(Object.keys(result).sort()).toEqual([revenue.id, calls.id, churn.id].sort());
    expect(result[churn.id]).toEqual([
      {
        group: '2022-09',
        value: 4,
        count: 2,
        start: '2022-09-01T00:00:00.000Z',
        end: '2022-10-01T00:00:00.000Z',
      },
    ]);
  });

  it('narrows the filter with the selection parameters', async () => {
    const both = await grouped(
      alice,
      { filter: '{name:{$regex:"^Sales"}}', ids: `${calls.id},${churn.id}` },
      BY_FILTER,
    );
    expect(Object.keys(both)).toEqual([calls.id]);
  });

  it('applies from, to and timeZone as /kpi-snapshots does', async () => {
    const result = await grouped(
      alice,
      { filter: `{id:"${revenue.id}"}`, from: '2022-09-05', to: '2022-09-05', timeZone: 'UTC-2' },
      BY_FILTER,
    );
    // Midnight UTC of 6 September is 22:00 on 5 September two hours west of UTC.
    expect(result[revenue.id]).toEqual([
      {
        group: '2022-09-05',
        value: 4,
        count: 1,
        start: '2022-09-05T02:00:00.000Z',
        end: '2022-09-06T02:00:00.000Z',
      },
    ]);
  });

  it('pages the selected KPIs with sort and take', async () => {
    const first = await grouped(alice, { sort: 'name', take: 1 }, BY_FILTER);
    expect(Object.keys(first)).toEqual([churn.id]);
    const next = await grouped(alice, { sort: 'name', skip: 1, take: 2 }, BY_FILTER);
    expect(Object.keys(next).sort()).toEqual([calls.id, revenue.id].sort());
  });

  it('answers under v1 as well', async () => {
    const result = await grouped(
      alice,
      { filter: `{id:"${churn.id}"}` },
      '/results/api/v1/kpis/snapshots',
    );
    expect(Object.keys(result)).toEqual([churn.id]);
  });

  it.each<[string, Record<string, string>, string]>([
    ['an unparsable filter', { filter: '{name:' }, 'query.filter'],
    ['a filter on an unknown field', { filter: '{secret:1}' }, 'query.filter'],
    ['an unknown sort field', { sort: 'secret' }, 'query.sort'],
    ['take=5000', { take: '5000' }, 'query.take'],
    ['groupBy=hour', { groupBy: 'hour' }, 'query.groupBy'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'query.timeZone'],
    ['ids that are not ids', { ids: 'x' }, 'query.ids'],
    ['to before from', { from: '2022-09-10', to: '2022-09-05' }, 'query.to'],
  ])('answers 400 for %s', async (_name, params, path) => {
    await expectProblem(await h.request(alice, 'GET', `${BY_FILTER}${qs(params)}`), 400, path);
  });
});

// ---------------------------------------------------------------------------------------------
// GET /kpis/{kpiId}/statistics

interface Plan {
  granularity: Granularity;
  /** Steps back from the period of now: two snapshots in the current window, one in each earlier one. */
  current: [number, number];
  previous: number;
  beforePrevious: number;
  outside: number;
}

const PLANS: Record<Exclude<StatisticsType, 'all-time'>, Plan> = {
  week: { granularity: 'week', current: [0, 0], previous: -1, beforePrevious: -2, outside: -5 },
  month: { granularity: 'month', current: [0, 0], previous: -1, beforePrevious: -2, outside: -5 },
  year: { granularity: 'year', current: [0, 0], previous: -1, beforePrevious: -2, outside: -5 },
  'three-months': {
    granularity: 'month',
    current: [0, -2],
    previous: -3,
    beforePrevious: -8,
    outside: -15,
  },
};

/** The period key `steps` periods from the one holding now, in UTC. */
function keyFromNow(granularity: Granularity, steps: number): string {
  return shiftPeriod(periodOfInstant(Date.now(), granularity, UTC), steps, UTC).key;
}

async function statistics(user: TestUser, kpiId: string, params: Record<string, string>) {
  return expectJson(
    await h.request(user, 'GET', `/kpis/${kpiId}/statistics${qs(params)}`),
    200,
    KpiStatistics,
  );
}

describe('GET /kpis/{kpiId}/statistics', () => {
  /** Current window 10 + 20, previous 20, the one before 10, and 1000 far outside. */
  async function seed(kpi: Kpi, plan: Plan) {
    const [a, b] = plan.current;
    await recordSnapshot(h, alice, kpi.id, keyFromNow(plan.granularity, a), 10);
    await recordSnapshot(h, alice, kpi.id, keyFromNow(plan.granularity, b), 20);
    await recordSnapshot(h, alice, kpi.id, keyFromNow(plan.granularity, plan.previous), 20);
    await recordSnapshot(h, alice, kpi.id, keyFromNow(plan.granularity, plan.beforePrevious), 10);
    await recordSnapshot(h, alice, kpi.id, keyFromNow(plan.granularity, plan.outside), 1000);
  }

  it.each(Object.entries(PLANS) as [Exclude<StatisticsType, 'all-time'>, Plan][])(
    'measures the current and previous %s with their deltas',
    async (type, plan) => {
      const kpi = await kpiWith('sum');
      await seed(kpi, plan);
      const stats = await statistics(alice, kpi.id, { type, timeZone: 'UTC' });
      const windows = statisticsWindows(type, Date.now(), UTC);
      expect(stats.currentPeriod).toEqual({
        value: 30,
        deltaPercentage: 50,
        count: 2,
        label: windows.current.label,
        start: new Date(windows.current.start).toISOString(),
        end: new Date(windows.current.end).toISOString(),
      });
      expect(stats.previousPeriod).toEqual({
        value: 20,
        deltaPercentage: 100,
        count: 1,
        label: windows.previous!.label,
        start: new Date(windows.previous!.start).toISOString(),
        end: new Date(windows.previous!.end).toISOString(),
      });
      expect(stats.nextProjection).toBeNull();
    },
  );

  it('measures all time, with no previous period', async () => {
    const kpi = await kpiWith('sum');
    await seed(kpi, PLANS.week);
    const stats = await statistics(alice, kpi.id, { type: 'all-time' });
    expect(stats.currentPeriod).toEqual({
      value: 1060,
      deltaPercentage: null,
      count: 5,
      label: 'All time',
      start: null,
      end: null,
    });
    expect(stats.previousPeriod).toBeNull();
  });

  it.each(STATISTICS_TYPES)('answers %s for a KPI without snapshots', async (type) => {
    const kpi = await kpiWith('sum');
    const stats = await statistics(alice, kpi.id, { type });
    expect(stats.currentPeriod).toMatchObject({ value: null, deltaPercentage: null, count: 0 });
    if (type === 'all-time') expect(stats.previousPeriod).toBeNull();
    else
      expect(stats.previousPeriod).toMatchObject({ value: null, deltaPercentage: null, count: 0 });
    expect(stats.nextProjection).toBeNull();
  });

  it.each<[Aggregation, number, number]>([
    // This week: 4, 8, 6 recorded in that order for the same week; last week: 3.
    ['last', 6, 100],
    ['sum', 18, 500],
    ['average', 6, 100],
    ['min', 4, (1 / 3) * 100],
    ['max', 8, (5 / 3) * 100],
  ])('summarises the week with %s', async (aggregation, value, delta) => {
    const kpi = await kpiWith(aggregation);
    for (const v of [4, 8, 6]) await recordSnapshot(h, alice, kpi.id, keyFromNow('week', 0), v);
    await recordSnapshot(h, alice, kpi.id, keyFromNow('week', -1), 3);
    const stats = await statistics(alice, kpi.id, { type: 'week' });
    expect(stats.currentPeriod.value).toBeCloseTo(value, 10);
    expect(stats.currentPeriod.deltaPercentage).toBeCloseTo(delta, 10);
    expect(stats.previousPeriod).toMatchObject({ value: 3, count: 1, deltaPercentage: null });
  });

  it('takes for last the snapshot of the latest period start, not the latest recorded', async () => {
    const kpi = await kpiWith('last');
    const week = periodOfInstant(Date.now(), 'week', UTC);
    const tuesday = localDate(week.start + DAY_MS, UTC);
    await recordSnapshot(h, alice, kpi.id, tuesday, 7);
    await recordSnapshot(h, alice, kpi.id, week.key, 9);
    expect((await statistics(alice, kpi.id, { type: 'week' })).currentPeriod).toMatchObject({
      value: 7,
      count: 2,
    });
  });

  it.each<[string, number | null, number | null, number | null]>([
    ['a zero base', 5, 0, null],
    ['a negative base', 10, -20, 150],
    ['a fall', 15, 20, -25],
    ['no previous value', 5, null, null],
  ])('computes deltaPercentage against %s', async (_name, current, previous, delta) => {
    const kpi = await kpiWith('sum');
    if (current !== null) await recordSnapshot(h, alice, kpi.id, keyFromNow('month', 0), current);
    if (previous !== null)
      await recordSnapshot(h, alice, kpi.id, keyFromNow('month', -1), previous);
    const stats = await statistics(alice, kpi.id, { type: 'month' });
    expect(stats.currentPeriod.deltaPercentage).toBe(delta);
  });

  it('gives the first projection dated after today, with its change from the current value', async () => {
    const kpi = await kpiWith('sum');
    await recordSnapshot(h, alice, kpi.id, keyFromNow('week', 0), 10);
    await recordSnapshot(h, alice, kpi.id, keyFromNow('week', 0), 20);
    const now = Date.now();
    const day = (offset: number) => localDate(now + offset * DAY_MS, UTC);
    await createProjection(h, alice, kpi.id, day(10), 99);
    await createProjection(h, alice, kpi.id, day(-1), 5);
    await createProjection(h, alice, kpi.id, day(0), 6);
    await createProjection(h, alice, kpi.id, day(1), 45);
    const stats = await statistics(alice, kpi.id, { type: 'week' });
    expect(stats.nextProjection).toEqual({ date: day(1), value: 45, deltaPercentage: 50 });
  });

  it('gives a next projection with no delta when the current period has no value', async () => {
    const kpi = await kpiWith('sum');
    const tomorrow = localDate(Date.now() + DAY_MS, UTC);
    await createProjection(h, alice, kpi.id, tomorrow, 45);
    const stats = await statistics(alice, kpi.id, { type: 'month' });
    expect(stats.nextProjection).toEqual({ date: tomorrow, value: 45, deltaPercentage: null });
  });

  it.each(['UTC+5:30', 'UTC-2', 'UTC+14', 'UTC-12'])(
    'computes the windows in %s',
    async (timeZone) => {
      const kpi = await kpiWith('sum');
      const stats = await statistics(alice, kpi.id, { type: 'week', timeZone });
      const windows = statisticsWindows('week', Date.now(), parseTimeZone(timeZone)!);
      expect(stats.currentPeriod.start).toBe(new Date(windows.current.start).toISOString());
      expect(stats.previousPeriod?.end).toBe(new Date(windows.previous!.end).toISOString());
    },
  );

  it.each<[string, Record<string, string>, string]>([
    ['no type', {}, 'query.type'],
    ['an unknown type', { type: 'quarter' }, 'query.type'],
    ['a type in capitals', { type: 'WEEK' }, 'query.type'],
    ['an unknown time zone', { type: 'week', timeZone: 'Mars/Olympus' }, 'query.timeZone'],
    ['an offset beyond +14', { type: 'week', timeZone: 'UTC+15' }, 'query.timeZone'],
  ])('answers 400 for %s', async (_name, params, path) => {
    const kpi = await kpiWith('sum');
    await expectProblem(
      await h.request(alice, 'GET', `/kpis/${kpi.id}/statistics${qs(params)}`),
      400,
      path,
    );
  });

  it('answers 400 for a kpiId that is not an id', async () => {
    await expectProblem(
      await h.request(alice, 'GET', '/kpis/revenue/statistics?type=week'),
      400,
      'path.kpiId',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Projections

describe('projections', () => {
  const list = async (user: TestUser, kpiId: string) =>
    expectJson(await h.request(user, 'GET', `/kpis/${kpiId}/projections`), 200, ProjectionList);

  it('creates projections and lists them in date order', async () => {
    const kpi = await createKpi(h, alice);
    const december = await createProjection(h, alice, kpi.id, '2030-12-01', 30);
    const january = await createProjection(h, bob, kpi.id, '2030-01-01', 10.5);
    const june = await createProjection(h, alice, kpi.id, '2030-06-01', -2);
    expect(january.id).toMatch(ID_PATTERN);
    expect(january).toMatchObject({
      date: '2030-01-01',
      value: 10.5,
      createdById: bob.userId,
      modifiedById: bob.userId,
    });
    expect(january.dateCreated).toMatch(INSTANT_PATTERN);
    expect(january.dateModified).toMatch(INSTANT_PATTERN);
    expect(await list(alice, kpi.id)).toEqual({ items: [january, june, december], totalCount: 3 });
    expect((await getKpi(h, alice, kpi.id)).projections).toEqual([january, june, december]);
  });

  it('answers an empty list for a KPI without projections', async () => {
    const kpi = await createKpi(h, alice);
    expect(await list(alice, kpi.id)).toEqual({ items: [], totalCount: 0 });
  });

  it('answers 409 for a second projection on the same date, and keeps the first', async () => {
    const kpi = await createKpi(h, alice);
    const first = await createProjection(h, alice, kpi.id, '2030-01-01', 1);
    const res = await h.request(bob, 'POST', `/kpis/${kpi.id}/projections`, {
      date: '2030-01-01',
      value: 2,
    });
    await expectProblem(res, 409, 'body.date');
    expect(await list(alice, kpi.id)).toEqual({ items: [first], totalCount: 1 });
  });

  it.each(['9999-06-01', '1969-12-31'])('answers 400 for a projection dated %s', async (date) => {
    const kpi = await createKpi(h, alice);
    const res = await h.request(alice, 'POST', `/kpis/${kpi.id}/projections`, { date, value: 1 });
    await expectProblem(res, 400, 'body.date');
    const first = await createProjection(h, alice, kpi.id, '2030-01-01', 1);
    const patch = await h.request(alice, 'PATCH', `/kpis/${kpi.id}/projections/${first.id}`, {
      date,
    });
    await expectProblem(patch, 400, 'body.date');
    expect(await list(alice, kpi.id)).toEqual({ items: [first], totalCount: 1 });
  });

  it('allows the same date on different KPIs', async () => {
    const a = await createKpi(h, alice, { name: 'A' });
    const b = await createKpi(h, alice, { name: 'B' });
    await createProjection(h, alice, a.id, '2030-01-01', 1);
    await createProjection(h, alice, b.id, '2030-01-01', 2);
    expect((await list(alice, b.id)).items.map((p) => p.value)).toEqual([2]);
  });

  it('never takes server-owned fields from a body', async () => {
    const kpi = await createKpi(h, alice);
    const forged = {
      id: UNKNOWN_ID,
      accountId: eve.accountId,
      createdById: eve.userId,
      modifiedById: eve.userId,
      dateCreated: '2000-01-01T00:00:00.000Z',
      dateModified: '2000-01-01T00:00:00.000Z',
    };
    const res = await h.request(alice, 'POST', `/kpis/${kpi.id}/projections`, {
      date: '2030-01-01',
      value: 1,
      ...forged,
    });
    const created = await expectJson(res, 201, Projection);
    expect(created.id).not.toBe(UNKNOWN_ID);
    expect(created).toMatchObject({ createdById: alice.userId, modifiedById: alice.userId });
    expect(created.dateCreated.startsWith('2000')).toBe(false);

    const patched = await h.request(bob, 'PATCH', `/kpis/${kpi.id}/projections/${created.id}`, {
      value: 2,
      ...forged,
    });
    expect(patched.status).toBe(204);
    const [stored] = (await list(alice, kpi.id)).items;
    expect(stored).toMatchObject({
      id: created.id,
      value: 2,
      createdById: alice.userId,
      modifiedById: bob.userId,
      dateCreated: created.dateCreated,
    });
    expect(stored!.dateModified.startsWith('2000')).toBe(false);
  });

  describe('PATCH', () => {
    let kpi: Kpi;
    let first: Projection;
    let second: Projection;

    beforeEach(async () => {
      kpi = await createKpi(h, alice);
      first = await createProjection(h, alice, kpi.id, '2030-01-01', 1);
      second = await createProjection(h, alice, kpi.id, '2030-06-01', 2);
    });

    const patch = (body: unknown, id = first.id, user = bob) =>
      h.request(user, 'PATCH', `/kpis/${kpi.id}/projections/${id}`, body);

    it.each<[string, Record<string, unknown>, { date: string; value: number }]>([
      ['the value only', { value: 7 }, { date: '2030-01-01', value: 7 }],
      ['the date only', { date: '2030-03-01' }, { date: '2030-03-01', value: 1 }],
      ['both', { date: '2031-01-01', value: 9 }, { date: '2031-01-01', value: 9 }],
      ['nothing', {}, { date: '2030-01-01', value: 1 }],
      ['its own date', { date: '2030-01-01', value: 3 }, { date: '2030-01-01', value: 3 }],
    ])('changes %s and answers 204 without a body', async (_name, body, expected) => {
      const res = await patch(body);
      expect(res.status).toBe(204);
      expect(await res.text()).toBe('');
      const items = (await list(alice, kpi.id)).items;
      const stored = items.find((p) => p.id === first.id)!;
      expect(stored).toMatchObject({
        ...expected,
        createdById: alice.userId,
        modifiedById: bob.userId,
      });
      expect(stored.dateCreated).toBe(first.dateCreated);
      expect(Date.parse(stored.dateModified)).toBeGreaterThanOrEqual(
        Date.parse(first.dateModified),
      );
      expect(items.find((p) => p.id === second.id)).toEqual(second);
      expect(items.map((p) => p.date)).toEqual([...items.map((p) => p.date)].sort());
    });

    it('answers 409 for a date another projection has, and changes nothing', async () => {
      await expectProblem(await patch({ date: '2030-06-01', value: 5 }), 409, 'body.date');
      expect(await list(alice, kpi.id)).toEqual({ items: [first, second], totalCount: 2 });
    });

    it.each<[string, unknown, string | undefined]>([
      ['a date that does not exist', { date: '2023-02-29' }, 'body.date'],
      ['a date with slashes', { date: '2030/01/01' }, 'body.date'],
      ['an instant as date', { date: '2030-01-01T00:00:00Z' }, 'body.date'],
      ['a string value', { value: '1' }, 'body.value'],
      ['a null value', { value: null }, 'body.value'],
      ['malformed JSON', '{"value":', undefined],
    ])('answers 400 for %s', async (_name, body, path) => {
      await expectProblem(await patch(body), 400, path);
      expect(await list(alice, kpi.id)).toEqual({ items: [first, second], totalCount: 2 });
    });

    it('answers 404 for a projection of another KPI of the account', async () => {
      const other = await createKpi(h, alice, { name: 'Other' });
      const wrong = await h.request(alice, 'PATCH', `/kpis/${other.id}/projections/${first.id}`, {
        value: 5,
      });
      const unknown = await h.request(
        alice,
        'PATCH',
        `/kpis/${other.id}/projections/${UNKNOWN_ID}`,
        { value: 5 },
      );
      expect(await expectProblem(wrong, 404)).toEqual(await expectProblem(unknown, 404));
      expect(await list(alice, kpi.id)).toEqual({ items: [first, second], totalCount: 2 });
    });
  });

  it('deletes a projection', async () => {
    const kpi = await createKpi(h, alice);
    const doomed = await createProjection(h, alice, kpi.id, '2030-01-01', 1);
    const kept = await createProjection(h, alice, kpi.id, '2030-02-01', 2);
    const res = await h.request(alice, 'DELETE', `/kpis/${kpi.id}/projections/${doomed.id}`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(await list(alice, kpi.id)).toEqual({ items: [kept], totalCount: 1 });
    await expectProblem(
      await h.request(alice, 'DELETE', `/kpis/${kpi.id}/projections/${doomed.id}`),
      404,
    );
    // The date is free again.
    await createProjection(h, alice, kpi.id, '2030-01-01', 3);
  });

  it.each<[string, unknown, string | undefined]>([
    ['an empty body', {}, 'body.date'],
    ['a missing value', { date: '2030-01-01' }, 'body.value'],
    ['a date that does not exist', { date: '2023-02-29', value: 1 }, 'body.date'],
    ['a date without padding', { date: '2030-1-1', value: 1 }, 'body.date'],
    ['a date before 1970', { date: '1969-12-31', value: 1 }, 'body.date'],
    ['a string value', { date: '2030-01-01', value: 'ten' }, 'body.value'],
    ['malformed JSON', '{"date":"2030-01-01"', undefined],
  ])('answers 400 to POST with %s', async (_name, body, path) => {
    const kpi = await createKpi(h, alice);
    await expectProblem(
      await h.request(alice, 'POST', `/kpis/${kpi.id}/projections`, body),
      400,
      path,
    );
    expect(await list(alice, kpi.id)).toEqual({ items: [], totalCount: 0 });
  });

  it.each([
    ['PATCH', { value: 1 }],
    ['DELETE', undefined],
  ] as const)('answers 400 to %s with a projectionId that is not an id', async (method, body) => {
    const kpi = await createKpi(h, alice);
    await expectProblem(
      await h.request(alice, method, `/kpis/${kpi.id}/projections/next`, body),
      400,
      'path.projectionId',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// What every snapshot, statistics and projection endpoint shares

interface Target {
  kpiId: string;
  snapshotId: string;
  projectionId: string;
}

const endpoints = (t: Target): [string, string, string, unknown][] => [
  [
    'POST /kpis/{kpiId}/snapshots',
    'POST',
    `/kpis/${t.kpiId}/snapshots`,
    { group: '2022-W36', timeZone: 'UTC+3', value: 5 },
  ],
  ['GET /kpis/{kpiId}/snapshots', 'GET', `/kpis/${t.kpiId}/snapshots`, undefined],
  [
    'DELETE /kpis/{kpiId}/snapshots/{snapshotId}',
    'DELETE',
    `/kpis/${t.kpiId}/snapshots/${t.snapshotId}`,
    undefined,
  ],
  ['GET /kpis/{kpiId}/statistics', 'GET', `/kpis/${t.kpiId}/statistics?type=week`, undefined],
  ['GET /kpis/{kpiId}/projections', 'GET', `/kpis/${t.kpiId}/projections`, undefined],
  [
    'POST /kpis/{kpiId}/projections',
    'POST',
    `/kpis/${t.kpiId}/projections`,
    { date: '2031-01-01', value: 5 },
  ],
  [
    'PATCH /kpis/{kpiId}/projections/{projectionId}',
    'PATCH',
    `/kpis/${t.kpiId}/projections/${t.projectionId}`,
    { value: 5 },
  ],
  [
    'DELETE /kpis/{kpiId}/projections/{projectionId}',
    'DELETE',
    `/kpis/${t.kpiId}/projections/${t.projectionId}`,
    undefined,
  ],
];

const unknownTarget: Target = {
  kpiId: UNKNOWN_ID,
  snapshotId: UNKNOWN_ID,
  projectionId: UNKNOWN_ID,
};

async function seedTarget(user: TestUser): Promise<Target> {
  const kpi = await createKpi(h, user, { name: 'Target' });
  const snapshot = await recordSnapshot(h, user, kpi.id, '2022-09-05', 1);
  const projection = await createProjection(h, user, kpi.id, '2030-01-01', 1);
  return { kpiId: kpi.id, snapshotId: snapshot.id, projectionId: projection.id };
}

describe('authentication', () => {
  const collections: [string, string][] = [
    ['GET /kpi-snapshots', `/kpi-snapshots?ids=${UNKNOWN_ID}`],
    ['GET /v2/kpis/snapshots', BY_FILTER],
  ];

  it.each([
    ...endpoints(unknownTarget),
    ...collections.map(([n, p]) => [n, 'GET', p, undefined] as [string, string, string, unknown]),
  ])('%s answers 401 without a token or with an unknown one', async (_name, method, path, body) => {
    const anonymous = await h.request(null, method, path, body);
    await expectProblem(anonymous, 401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectProblem(await h.request(withBadToken(alice), method, path, body), 401);
  });

  it.each(endpoints(unknownTarget))(
    '%s answers 403 for an account the user is not a member of',
    async (_name, method, path, body) => {
      await expectProblem(
        await h.request(alice, method, path, body, { 'gtmhub-accountId': eve.accountId }),
        403,
      );
    },
  );
});

describe('ids of another account', () => {
  it.each(endpoints(unknownTarget).map(([name], i) => [name, i] as const))(
    '%s answers 404 alike for unknown ids and ids of another account, and changes nothing there',
    async (_name, index) => {
      const theirs = await seedTarget(eve);
      const mine = await seedTarget(alice);
      const [, method, unknownPath, body] = endpoints(unknownTarget)[index]!;
      const [, , otherPath] = endpoints(theirs)[index]!;
      const unknown = await expectProblem(await h.request(alice, method, unknownPath, body), 404);
      const other = await expectProblem(await h.request(alice, method, otherPath, body), 404);
      expect(other).toEqual(unknown);

      // Own KPI with the other account's snapshot or projection id, where the path has one.
      const [, , mixedPath] = endpoints({ ...theirs, kpiId: mine.kpiId })[index]!;
      const [, , ownUnknownPath] = endpoints({ ...unknownTarget, kpiId: mine.kpiId })[index]!;
      if (mixedPath.split('/').length > 4) {
        const mixed = await expectProblem(await h.request(alice, method, mixedPath, body), 404);
        expect(mixed).toEqual(
          await expectProblem(await h.request(alice, method, ownUnknownPath, body), 404),
        );
      }

      expect((await history(eve, theirs.kpiId)).totalCount).toBe(1);
      const projections = await expectJson(
        await h.request(eve, 'GET', `/kpis/${theirs.kpiId}/projections`),
        200,
        ProjectionList,
      );
      expect(projections.items.map((p) => [p.id, p.value])).toEqual([[theirs.projectionId, 1]]);
    },
  );
});

describe('base paths', () => {
  it.each(API_BASES)(
    'answers every snapshot, statistics and projection endpoint under %s',
    async (base) => {
      const kpi = await kpiWith('sum', { name: 'Based' });
      const at = (path: string) => `${base}${path}`;

      const snapshot = await expectJson(
        await h.request(alice, 'POST', at(`/kpis/${kpi.id}/snapshots`), {
          group: '2022-W36',
          timeZone: 'UTC+3',
          value: 5,
        }),
        201,
        Snapshot,
      );
      expect(snapshot.date).toBe('2022-09-04T21:00:00.000Z');
      const page = await expectJson(
        await h.request(alice, 'GET', at(`/kpis/${kpi.id}/snapshots`)),
        200,
        SnapshotHistory,
      );
      expect(page.items).toEqual([snapshot]);
      const byIds = await expectJson(
        await h.request(
          alice,
          'GET',
          at(`/kpi-snapshots${qs({ ids: kpi.id, groupBy: 'week', timeZone: 'UTC+3' })}`),
        ),
        200,
        SnapshotGroupsByKpi,
      );
      expect(byIds[kpi.id]?.map((g) => [g.group, g.value])).toEqual([['2022-W36', 5]]);
      const byFilter = await expectJson(
        await h.request(
          alice,
          'GET',
          at(`/kpis/snapshots${qs({ filter: `{id:"${kpi.id}"}`, groupBy: 'year' })}`),
        ),
        200,
        SnapshotGroupsByKpi,
      );
      expect(byFilter[kpi.id]?.map((g) => [g.group, g.value])).toEqual([['2022', 5]]);
      const stats = await expectJson(
        await h.request(alice, 'GET', at(`/kpis/${kpi.id}/statistics?type=all-time`)),
        200,
        KpiStatistics,
      );
      expect(stats.currentPeriod.value).toBe(5);

      const projection = await expectJson(
        await h.request(alice, 'POST', at(`/kpis/${kpi.id}/projections`), {
          date: '2030-01-01',
          value: 1,
        }),
        201,
        Projection,
      );
      expect(
        (
          await h.request(alice, 'PATCH', at(`/kpis/${kpi.id}/projections/${projection.id}`), {
            value: 2,
          })
        ).status,
      ).toBe(204);
      const projections = await expectJson(
        await h.request(alice, 'GET', at(`/kpis/${kpi.id}/projections`)),
        200,
        ProjectionList,
      );
      expect(projections.items.map((p) => p.value)).toEqual([2]);
      expect(
        (await h.request(alice, 'DELETE', at(`/kpis/${kpi.id}/projections/${projection.id}`)))
          .status,
      ).toBe(204);
      expect(
        (await h.request(alice, 'DELETE', at(`/kpis/${kpi.id}/snapshots/${snapshot.id}`))).status,
      ).toBe(204);
      expect((await history(alice, kpi.id)).totalCount).toBe(0);
      await expectProblem(await h.request(null, 'GET', at(`/kpis/${kpi.id}/snapshots`)), 401);
    },
  );
});
