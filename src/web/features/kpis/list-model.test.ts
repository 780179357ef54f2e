import { describe, expect, it } from 'vitest';
import { UTC, parseTimeZone } from '../../../contract/periods.ts';
import {
  DEFAULT_SORT,
  escapeRegex,
  formatPageRange,
  groupFilterOptions,
  hasFilters,
  kpiIdsParams,
  kpiListFilter,
  kpiRows,
  kpiPageParams,
  namesOf,
  nextProjection,
  orderByReading,
  pageRange,
  parseSort,
  periodWindow,
  rankKpiIds,
  readKpi,
  readListState,
  resolveTimeZone,
  shortPeriodLabel,
  sparklineValues,
  toggleSort,
  withListState,
  type PeriodWindow,
} from './list-model.ts';

const NOW = Date.UTC(2026, 10, 25, 12); // Wednesday 25 Nov 2026, ISO week 48
const ID_A = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const ID_B = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const ID_C = 'cccccccccccccccccccccccc';

const monthWindow = (count = 4): PeriodWindow => periodWindow('month', NOW, UTC, count);

describe('readListState / withListState', () => {
  it('reads every parameter and falls back to defaults for unknown values', () => {
    const state = readListState(
      new URLSearchParams(`q=net&group=${ID_A}&owner=${ID_B}&sort=-change&period=week&page=3`),
    );
    expect(state).toEqual({
      q: 'net',
      group: ID_A,
      owner: ID_B,
      sort: { field: 'change', descending: true },
      period: 'week',
      page: 3,
    });
    const bad = readListState(
      new URLSearchParams('group=nope&owner=me&sort=colour&period=decade&page=-2'),
    );
    expect(bad).toEqual({
      q: '',
      group: '',
      owner: '',
      sort: DEFAULT_SORT,
      period: 'month',
      page: 1,
    });
    expect(readListState(new URLSearchParams('page=1.5')).page).toBe(1);
    expect(readListState(new URLSearchParams('group=mine')).group).toBe('mine');
    expect(readListState(new URLSearchParams('group=ungrouped')).group).toBe('ungrouped');
    expect(readListState(new URLSearchParams(`q=${'x'.repeat(300)}`)).q).toHaveLength(100);
  });

  it('drops defaults from the URL, keeps other parameters and resets the page on a change', () => {
    const start = new URLSearchParams('tz=UTC%2B2&q=net&page=4&period=week');
    const next = withListState(start, { q: 'gross' });
    expect(next.get('tz')).toBe('UTC+2');
    expect(next.get('q')).toBe('gross');
    expect(next.get('period')).toBe('week');
    expect(next.has('page')).toBe(false);
    expect(withListState(start, { period: 'month' }).has('period')).toBe(false);
    expect(withListState(start, { page: 5 }).get('page')).toBe('5');
    expect(withListState(start, { page: 5 }).get('period')).toBe('week');
    expect(withListState(start, { sort: { field: 'value', descending: true } }).get('sort')).toBe(
      '-value',
    );
    expect(withListState(start, { sort: DEFAULT_SORT }).has('sort')).toBe(false);
    expect(withListState(start, { q: '' }).has('q')).toBe(false);
  });

  it('keeps the page on a period switch unless the order depends on the values', () => {
    const byName = new URLSearchParams('page=4');
    expect(withListState(byName, { period: 'year' }).get('page')).toBe('4');
    const byValue = new URLSearchParams('page=4&sort=-value');
    expect(withListState(byValue, { period: 'year' }).has('page')).toBe(false);
    expect(withListState(byName, { period: 'year', owner: ID_A }).has('page')).toBe(false);
  });

  it('keeps the search as typed, trailing space included', () => {
    expect(withListState(new URLSearchParams(), { q: 'net ' }).get('q')).toBe('net ');
  });

  it('knows when filters are applied', () => {
    expect(hasFilters({ q: '', group: '', owner: '' })).toBe(false);
    expect(hasFilters({ q: '  ', group: '', owner: '' })).toBe(false);
    expect(hasFilters({ q: '', group: 'ungrouped', owner: '' })).toBe(true);
    expect(hasFilters({ q: '', group: '', owner: ID_A })).toBe(true);
  });

  it('parses and toggles sorts', () => {
    expect(parseSort('-dateUpdated')).toEqual({ field: 'dateUpdated', descending: true });
    expect(parseSort(null)).toEqual(DEFAULT_SORT);
    expect(toggleSort(DEFAULT_SORT, 'name')).toEqual({ field: 'name', descending: true });
    expect(toggleSort(DEFAULT_SORT, 'value')).toEqual({ field: 'value', descending: false });
    expect(toggleSort(DEFAULT_SORT, 'dateUpdated')).toEqual({
      field: 'dateUpdated',
      descending: true,
    });
  });
});

describe('kpiListFilter', () => {
  const none = { q: '', group: '', owner: '' };

  it('asks for everything when nothing is chosen', () => {
    expect(kpiListFilter(none, undefined)).toEqual({ ready: true, filter: undefined });
  });

  it('searches names case-insensitively with the text escaped', () => {
    const result = kpiListFilter({ ...none, q: ' a.b (p95)* ' }, undefined);
    expect(result.ready && JSON.parse(result.filter!)).toEqual({
      name: { $regex: 'a\\.b \\(p95\\)\\*', $options: 'i' },
    });
  });

  it('filters by group, virtual group and owner, joined with $and', () => {
    const parse = (state: Parameters<typeof kpiListFilter>[0]) => {
      const result = kpiListFilter(state, 'u'.repeat(24));
      return result.ready && result.filter ? JSON.parse(result.filter) : null;
    };
    expect(parse({ ...none, group: ID_A })).toEqual({ groups: ID_A });
    expect(parse({ ...none, group: 'ungrouped' })).toEqual({ groups: { $exists: false } });
    expect(parse({ ...none, group: 'mine' })).toEqual({ ownerIds: 'u'.repeat(24) });
    expect(parse({ q: 'x', group: ID_A, owner: ID_B })).toEqual({
      $and: [{ name: { $regex: 'x', $options: 'i' } }, { groups: ID_A }, { ownerIds: ID_B }],
    });
  });

  it('is not ready for My KPIs until the current user is known', () => {
    expect(kpiListFilter({ ...none, group: 'mine' }, undefined)).toEqual({ ready: false });
  });

  it('escapes every regex metacharacter', () => {
    const special = '\\^$.*+?()[]{}|/-';
    const pattern = new RegExp(`^${escapeRegex(special)}$`);
    expect(pattern.test(special)).toBe(true);
    expect(new RegExp(escapeRegex('a.c')).test('abc')).toBe(false);
  });
});

describe('page requests', () => {
  it('sorts on the server what it can and pages with skip and take', () => {
    expect(kpiPageParams({ sort: DEFAULT_SORT, page: 1 }, undefined)).toEqual({
      filter: undefined,
      sort: 'name',
      skip: 0,
      take: 50,
    });
    expect(
      kpiPageParams({ sort: { field: 'dateUpdated', descending: true }, page: 3 }, '{}'),
    ).toEqual({ filter: '{}', sort: '-dateUpdated', skip: 100, take: 50 });
    expect(
      kpiPageParams({ sort: { field: 'value', descending: true }, page: 1 }, undefined).sort,
    ).toBe('name');
  });

  it('fetches a ranked page by id, the same request whatever the rank order', () => {
    expect(kpiIdsParams([ID_B, ID_A])).toEqual({
      filter: JSON.stringify({ id: { $in: [ID_A, ID_B] } }),
      take: 2,
    });
    expect(kpiIdsParams([ID_A, ID_B])).toEqual(kpiIdsParams([ID_B, ID_A]));
  });

  it('describes the range of a page', () => {
    expect(formatPageRange(1, 10_000)).toBe('1–50 of 10,000');
    expect(formatPageRange(200, 10_000)).toBe('9,951–10,000 of 10,000');
    expect(formatPageRange(2, 73)).toBe('51–73 of 73');
    expect(formatPageRange(1, 0)).toBe('0 of 0');
    expect(formatPageRange(9, 73)).toBe('0 of 73');
    expect(pageRange(1, 101).pageCount).toBe(3);
    expect(pageRange(1, 0).pageCount).toBe(1);
  });
});

describe('periodWindow', () => {
  it('ends with the period holding now and spans whole periods', () => {
    const window = periodWindow('month', NOW, UTC, 3);
    expect(window.keys).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(window.currentKey).toBe('2026-11');
    expect(window.from).toBe('2026-09-01');
    expect(window.to).toBe('2026-11-30');
  });

  it('uses ISO weeks and the default trend length', () => {
    const window = periodWindow('week', NOW, UTC);
    expect(window.keys).toHaveLength(12);
    expect(window.currentKey).toBe('2026-W48');
    expect(window.to).toBe('2026-11-29');
    expect(window.from).toBe('2026-09-07');
  });

  it('follows the time zone across a period boundary', () => {
    const newYearsEveUtc = Date.UTC(2026, 11, 31, 23);
    expect(periodWindow('year', newYearsEveUtc, UTC, 2).currentKey).toBe('2026');
    expect(periodWindow('year', newYearsEveUtc, parseTimeZone('UTC+2')!, 2).currentKey).toBe(
      '2027',
    );
  });
});

describe('readKpi', () => {
  const window = monthWindow(); // 2026-08 .. 2026-11

  it('takes the current period and compares it with the one before', () => {
    const reading = readKpi(
      [
        { group: '2026-09', value: 80 },
        { group: '2026-10', value: 100 },
        { group: '2026-11', value: 125 },
      ],
      window,
    );
    expect(reading.current).toEqual({ key: '2026-11', value: 125, isCurrentPeriod: true });
    expect(reading.previous).toEqual({ key: '2026-10', value: 100 });
    expect(reading.delta).toBe(25);
    expect(reading.percentage).toBe(25);
    expect(sparklineValues(reading)).toEqual([80, 100, 125]);
  });

  it('falls back to the latest period with a value when the current one has none', () => {
    const reading = readKpi(
      [
        { group: '2026-08', value: 50 },
        { group: '2026-09', value: 40 },
      ],
      window,
    );
    expect(reading.current).toEqual({ key: '2026-09', value: 40, isCurrentPeriod: false });
    expect(reading.previous).toEqual({ key: '2026-08', value: 50 });
    expect(reading.delta).toBe(-10);
    expect(reading.percentage).toBe(-20);
  });

  it('has no change when the period before has no value, and skips gaps in the sparkline', () => {
    const reading = readKpi(
      [
        { group: '2026-08', value: 7 },
        { group: '2026-11', value: 9 },
      ],
      window,
    );
    expect(reading.current?.value).toBe(9);
    expect(reading.previous).toEqual({ key: '2026-10', value: null });
    expect(reading.delta).toBeNull();
    expect(reading.percentage).toBeNull();
    expect(reading.series.map((p) => p.value)).toEqual([7, null, null, 9]);
    expect(sparklineValues(reading)).toEqual([7, 9]);
  });

  it('has no previous period when the only value is the oldest of the window', () => {
    const reading = readKpi([{ group: '2026-08', value: 3 }], window);
    expect(reading.current?.key).toBe('2026-08');
    expect(reading.previous).toBeNull();
    expect(reading.delta).toBeNull();
  });

  it('has no percentage from a zero base but still a change', () => {
    const reading = readKpi(
      [
        { group: '2026-10', value: 0 },
        { group: '2026-11', value: 4 },
      ],
      window,
    );
    expect(reading.delta).toBe(4);
    expect(reading.percentage).toBeNull();
  });

  it('reads nothing from no periods, and ignores periods outside the window', () => {
    for (const groups of [undefined, [], [{ group: '2025-01', value: 1 }]]) {
      const reading = readKpi(groups, window);
      expect(reading.current).toBeNull();
      expect(reading.delta).toBeNull();
      expect(reading.series).toHaveLength(4);
      expect(sparklineValues(reading)).toEqual([]);
    }
  });
});

describe('ordering by value and change', () => {
  const window = monthWindow(2); // 2026-10, 2026-11
  const byKpi = {
    [ID_A]: [
      { group: '2026-10', value: 10, count: 1, start: '', end: '' },
      { group: '2026-11', value: 30, count: 1, start: '', end: '' },
    ],
    [ID_B]: [],
    [ID_C]: [
      { group: '2026-10', value: 100, count: 1, start: '', end: '' },
      { group: '2026-11', value: 110, count: 1, start: '', end: '' },
    ],
  };

  it('ranks by value, without values last in both directions', () => {
    expect(rankKpiIds(byKpi, window, { field: 'value', descending: false })).toEqual([
      ID_A,
      ID_C,
      ID_B,
    ]);
    expect(rankKpiIds(byKpi, window, { field: 'value', descending: true })).toEqual([
      ID_C,
      ID_A,
      ID_B,
    ]);
  });

  it('ranks by percentage change', () => {
    // A: +200%, C: +10%
    expect(rankKpiIds(byKpi, window, { field: 'change', descending: true })).toEqual([
      ID_A,
      ID_C,
      ID_B,
    ]);
    expect(rankKpiIds(byKpi, window, { field: 'change', descending: false })).toEqual([
      ID_C,
      ID_A,
      ID_B,
    ]);
  });

  it('keeps the incoming order for ties and for sorts that are not about readings', () => {
    const flat = [
      { id: 'x', reading: readKpi([{ group: '2026-11', value: 5 }], window) },
      { id: 'y', reading: readKpi([{ group: '2026-11', value: 5 }], window) },
    ];
    const order = (sort: Parameters<typeof orderByReading>[2]) =>
      orderByReading(flat, (item) => item.reading, sort).map((item) => item.id);
    expect(order({ field: 'value', descending: true })).toEqual(['x', 'y']);
    expect(order({ field: 'value', descending: false })).toEqual(['x', 'y']);
    expect(order({ field: 'name', descending: true })).toEqual(['x', 'y']);
  });
});

describe('labels and lookups', () => {
  it('labels periods briefly', () => {
    expect(shortPeriodLabel('2026-W47')).toBe('W47');
    expect(shortPeriodLabel('2026-W05')).toBe('W5');
    expect(shortPeriodLabel('2026-11')).toBe('Nov 2026');
    expect(shortPeriodLabel('2026-Q4')).toBe('Q4 2026');
    expect(shortPeriodLabel('2026')).toBe('2026');
  });

  it('finds the first projection after today, in whatever order they come', () => {
    const projections = [
      { date: '2027-01-01', value: 3 },
      { date: '2026-11-25', value: 1 },
      { date: '2026-12-01', value: 2 },
      { date: '2026-10-01', value: 0 },
    ];
    expect(nextProjection(projections, '2026-11-25')).toEqual({ date: '2026-12-01', value: 2 });
    expect(nextProjection(projections, '2026-11-24')?.value).toBe(1);
    expect(nextProjection(projections, '2027-01-01')).toBeNull();
    expect(nextProjection([], '2026-01-01')).toBeNull();
  });

  it('puts favorites first, virtual groups leading, and sorts groups by name', () => {
    const { favorites, others } = groupFilterOptions(
      [
        { id: ID_C, name: 'Sales', favorite: true },
        { id: ID_A, name: 'Finance', favorite: true },
        { id: ID_B, name: 'Marketing', favorite: false },
      ],
      [
        { virtualGroup: 'mykpis', favorite: false },
        { virtualGroup: 'ungrouped', favorite: true },
      ],
    );
    expect(favorites.map((o) => o.label)).toEqual(['Ungrouped', 'Finance', 'Sales']);
    expect(others.map((o) => o.value)).toEqual(['mine', ID_B]);
  });

  it('names ids and marks the unknown ones', () => {
    const names = new Map([[ID_A, 'Dana']]);
    expect(namesOf([ID_B, ID_A], names, 'Unknown user')).toEqual(['Unknown user', 'Dana']);
  });

  it('takes the URL time zone when valid, else the setting', () => {
    expect(resolveTimeZone('UTC+3', 'UTC').name).toBe('UTC+3');
    expect(resolveTimeZone('Mars/Base', 'UTC-2').name).toBe('UTC-2');
    expect(resolveTimeZone(null, 'nonsense').name).toBe('UTC');
  });
});

describe('kpiRows', () => {
  const window = monthWindow(2);
  const kpi = {
    id: ID_A,
    ownerIds: [ID_B, ID_C],
    groups: [ID_C, ID_B],
    projections: [{ date: '2026-12-31', value: 9 }],
  };
  const names = {
    users: new Map([[ID_B, 'Priya']]),
    groups: new Map([[ID_B, 'Sales']]),
  };

  it('names owners and groups and reads the periods of each KPI', () => {
    const [row] = kpiRows(
      [kpi],
      { [ID_A]: [{ group: '2026-11', value: 4, count: 1, start: '', end: '' }] },
      window,
      '2026-11-25',
      names,
      'Unknown user',
    );
    expect(row?.owners).toEqual(['Priya', 'Unknown user']);
    expect(row?.groups).toEqual([{ id: ID_B, name: 'Sales' }]);
    expect(row?.reading?.current?.value).toBe(4);
    expect(row?.projection).toEqual({ date: '2026-12-31', value: 9 });
  });

  it('leaves the reading out while the periods load, and reads none from an empty answer', () => {
    expect(kpiRows([kpi], undefined, window, '2026-11-25', names, '?')[0]?.reading).toBeNull();
    expect(kpiRows([kpi], {}, window, '2026-11-25', names, '?')[0]?.reading).toBeNull();
    const empty = kpiRows([kpi], { [ID_A]: [] }, window, '2026-11-25', names, '?')[0];
    expect(empty?.reading?.current).toBeNull();
  });
});
