/**
 * The KPI list as data: what the URL asks for, the list filter it becomes, and how a KPI's
 * grouped snapshots turn into the value, change and trend shown in a row. Pure functions, so the
 * page, its loader and the tests share one definition of each.
 */
import { ID_PATTERN } from '../../../contract/common.ts';
import type { SnapshotGroup, SnapshotGroupsByKpi } from '../../../contract/kpis.ts';
import {
  deltaPercentage,
  localDate,
  parseTimeZone,
  periodLabel,
  periodOfInstant,
  shiftPeriod,
  type TimeZone,
} from '../../../contract/periods.ts';
import type { KpiListParams } from './api/get-kpis.ts';

// ---------------------------------------------------------------------------------------------
// What the URL holds
// ---------------------------------------------------------------------------------------------

export const LIST_PERIODS = ['week', 'month', 'quarter', 'year'] as const;
export type ListPeriod = (typeof LIST_PERIODS)[number];
export const DEFAULT_PERIOD: ListPeriod = 'month';

export const SORT_FIELDS = ['name', 'value', 'change', 'dateUpdated'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export interface ListSort {
  field: SortField;
  descending: boolean;
}
export const DEFAULT_SORT: ListSort = { field: 'name', descending: false };

/** The group filter: everything, the virtual groups, or one group's id. */
export type GroupFilter = '' | 'mine' | 'ungrouped' | (string & {});

export const PAGE_SIZE = 50;
/** Value and change are ranked over every match when at most this many KPIs match (one read). */
export const MAX_RANKED_KPIS = 1000;
/** Escaping can double the length; the server takes patterns of up to 256 characters. */
export const MAX_SEARCH_LENGTH = 100;

export interface KpiListState {
  q: string;
  group: GroupFilter;
  owner: string;
  sort: ListSort;
  period: ListPeriod;
  /** 1-based. */
  page: number;
}

const isListPeriod = (value: string | null): value is ListPeriod =>
  (LIST_PERIODS as readonly (string | null)[]).includes(value);

export function parseSort(value: string | null): ListSort {
  if (!value) return DEFAULT_SORT;
  const descending = value.startsWith('-');
  const field = descending ? value.slice(1) : value;
  return (SORT_FIELDS as readonly string[]).includes(field)
    ? { field: field as SortField, descending }
    : DEFAULT_SORT;
}

export const sortParam = (sort: ListSort): string => `${sort.descending ? '-' : ''}${sort.field}`;

/** Reads the list state from the URL; anything unknown falls back to its default. */
export function readListState(params: URLSearchParams): KpiListState {
  const group = params.get('group') ?? '';
  const owner = params.get('owner') ?? '';
  const period = params.get('period');
  const page = Number(params.get('page') ?? '1');
  return {
    q: (params.get('q') ?? '').slice(0, MAX_SEARCH_LENGTH),
    group: group === 'mine' || group === 'ungrouped' || ID_PATTERN.test(group) ? group : '',
    owner: ID_PATTERN.test(owner) ? owner : '',
    sort: parseSort(params.get('sort')),
    period: isListPeriod(period) ? period : DEFAULT_PERIOD,
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
  };
}

/**
 * The URL after a change: defaults leave the URL, other parameters (such as `tz`) stay, and any
 * change goes back to the first page, except a period switch while the order does not depend on
 * the values.
 */
export function withListState(
  params: URLSearchParams,
  patch: Partial<KpiListState>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (key: string, value: string, fallback: string) => {
    if (value === fallback) next.delete(key);
    else next.set(key, value);
  };
  if (patch.q !== undefined) set('q', patch.q, '');
  if (patch.group !== undefined) set('group', patch.group, '');
  if (patch.owner !== undefined) set('owner', patch.owner, '');
  if (patch.sort !== undefined) set('sort', sortParam(patch.sort), sortParam(DEFAULT_SORT));
  if (patch.period !== undefined) set('period', patch.period, DEFAULT_PERIOD);
  const keepsOrder =
    Object.keys(patch).every((key) => key === 'period') &&
    !isReadingSort(parseSort(params.get('sort')));
  const page = patch.page ?? (keepsOrder ? params.get('page') : null) ?? 1;
  set('page', String(page), '1');
  return next;
}

export const hasFilters = (state: Pick<KpiListState, 'q' | 'group' | 'owner'>): boolean =>
  state.q.trim() !== '' || state.group !== '' || state.owner !== '';

/** Clicking a column header: a new column starts ascending (newest first for dates), the same one flips. */
export function toggleSort(current: ListSort, field: SortField): ListSort {
  if (current.field === field) return { field, descending: !current.descending };
  return { field, descending: field === 'dateUpdated' };
}

// ---------------------------------------------------------------------------------------------
// The list request
// ---------------------------------------------------------------------------------------------

/** `a.b` matches `a.b` only: the search is for text, not a pattern. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

export type ListFilter = { ready: true; filter: string | undefined } | { ready: false };

/**
 * The server-side filter for the search, group and owner. "My KPIs" needs the current user's id;
 * until it is known the filter is not ready.
 */
export function kpiListFilter(
  state: Pick<KpiListState, 'q' | 'group' | 'owner'>,
  currentUserId: string | undefined,
): ListFilter {
  const parts: Record<string, unknown>[] = [];
  const q = state.q.trim();
  if (q !== '') parts.push({ name: { $regex: escapeRegex(q), $options: 'i' } });
  if (state.group === 'mine') {
    if (currentUserId === undefined) return { ready: false };
    parts.push({ ownerIds: currentUserId });
  } else if (state.group === 'ungrouped') {
    parts.push({ groups: { $exists: false } });
  } else if (state.group !== '') {
    parts.push({ groups: state.group });
  }
  if (state.owner !== '') parts.push({ ownerIds: state.owner });
  const filter = parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : { $and: parts };
  return { ready: true, filter: filter === undefined ? undefined : JSON.stringify(filter) };
}

/** Value and change come from snapshots, which the list endpoint cannot sort by. */
export const isReadingSort = (sort: ListSort): boolean =>
  sort.field === 'value' || sort.field === 'change';

/** The page request. Sorts the server cannot do ask for name order, ranked afterwards. */
export function kpiPageParams(
  state: Pick<KpiListState, 'sort' | 'page'>,
  filter: string | undefined,
): KpiListParams {
  return {
    filter,
    sort: isReadingSort(state.sort) ? 'name' : sortParam(state.sort),
    skip: (state.page - 1) * PAGE_SIZE,
    take: PAGE_SIZE,
  };
}

/** A page of ranked KPIs, fetched by id; the ids are sorted so the same page is one cache entry. */
export function kpiIdsParams(ids: readonly string[]): KpiListParams {
  return { filter: JSON.stringify({ id: { $in: [...ids].sort() } }), take: ids.length };
}

export interface PageRange {
  first: number;
  last: number;
  pageCount: number;
}

export function pageRange(page: number, totalCount: number, pageSize = PAGE_SIZE): PageRange {
  const pageCount = Math.max(1, Math.ceil(totalCount / pageSize));
  const first = Math.min((page - 1) * pageSize + 1, totalCount + 1);
  const last = Math.min(page * pageSize, totalCount);
  return { first, last, pageCount };
}

const counts = new Intl.NumberFormat('en-US');

/** `1–50 of 10,000`. */
export function formatPageRange(page: number, totalCount: number, pageSize = PAGE_SIZE): string {
  const { first, last } = pageRange(page, totalCount, pageSize);
  if (totalCount === 0 || first > last) return `0 of ${counts.format(totalCount)}`;
  return `${counts.format(first)}–${counts.format(last)} of ${counts.format(totalCount)}`;
}

export const formatCount = (n: number): string => counts.format(n);

// ---------------------------------------------------------------------------------------------
// Periods, values and changes
// ---------------------------------------------------------------------------------------------

/** Periods in a sparkline: enough to see a trend, few enough to stay a small read. */
export const TREND_PERIODS: Record<ListPeriod, number> = {
  week: 12,
  month: 12,
  quarter: 8,
  year: 8,
};

export interface PeriodWindow {
  granularity: ListPeriod;
  /** Period keys, oldest first; the last is the period holding now. */
  keys: readonly string[];
  currentKey: string;
  /** Inclusive local dates for the grouped read. */
  from: string;
  to: string;
}

/** The periods of the trend, ending with the one holding `now` in `tz`. */
export function periodWindow(
  granularity: ListPeriod,
  now: number,
  tz: TimeZone,
  count = TREND_PERIODS[granularity],
): PeriodWindow {
  const current = periodOfInstant(now, granularity, tz);
  const keys: string[] = [];
  for (let back = count - 1; back >= 0; back--) keys.push(shiftPeriod(current, -back, tz).key);
  const first = shiftPeriod(current, -(count - 1), tz);
  return {
    granularity,
    keys,
    currentKey: current.key,
    from: localDate(first.start, tz),
    to: localDate(current.end - 1, tz),
  };
}

export interface PeriodValue {
  key: string;
  value: number | null;
}

export interface KpiReading {
  /** The current period's value, else the latest period of the window with one. */
  current: { key: string; value: number; isCurrentPeriod: boolean } | null;
  /** The period just before `current`; its value is null when nothing was recorded in it. */
  previous: PeriodValue | null;
  delta: number | null;
  percentage: number | null;
  /** One entry per period of the window, oldest first. */
  series: PeriodValue[];
}

/** Turns a KPI's grouped snapshots into what its row shows. */
export function readKpi(
  groups: readonly Pick<SnapshotGroup, 'group' | 'value'>[] | undefined,
  window: PeriodWindow,
): KpiReading {
  const byKey = new Map<string, number>();
  for (const g of groups ?? []) if (Number.isFinite(g.value)) byKey.set(g.group, g.value);
  const series = window.keys.map((key) => ({ key, value: byKey.get(key) ?? null }));

  let index = series.length - 1;
  while (index >= 0 && series[index]?.value === null) index--;
  const latest = series[index];
  if (latest === undefined || latest.value === null) {
    return { current: null, previous: null, delta: null, percentage: null, series };
  }
  const current = {
    key: latest.key,
    value: latest.value,
    isCurrentPeriod: latest.key === window.currentKey,
  };
  const previous = series[index - 1] ?? null;
  const base = previous?.value ?? null;
  return {
    current,
    previous,
    delta: base === null ? null : current.value - base,
    percentage: deltaPercentage(current.value, base),
    series,
  };
}

/** The values the sparkline draws: periods without a value are left out. */
export const sparklineValues = (reading: KpiReading): number[] =>
  reading.series.flatMap((p) => (p.value === null ? [] : [p.value]));

/** The number a value or change sort compares; null sorts last either way. */
export function readingSortValue(reading: KpiReading, field: 'value' | 'change'): number | null {
  return field === 'value' ? (reading.current?.value ?? null) : reading.percentage;
}

/**
 * Orders items by their reading's value or percentage change. Items without one go last in
 * either direction; ties keep the order they came in.
 */
export function orderByReading<T>(
  items: readonly T[],
  readingOf: (item: T) => KpiReading,
  sort: ListSort,
): T[] {
  if (!isReadingSort(sort)) return [...items];
  const field = sort.field as 'value' | 'change';
  const keyed = items.map((item, index) => ({
    item,
    index,
    key: readingSortValue(readingOf(item), field),
  }));
  keyed.sort((a, b) => {
    if (a.key === null || b.key === null) {
      if (a.key === b.key) return a.index - b.index;
      return a.key === null ? 1 : -1;
    }
    const diff = sort.descending ? b.key - a.key : a.key - b.key;
    return diff !== 0 ? diff : a.index - b.index;
  });
  return keyed.map((k) => k.item);
}

/** Every matching KPI's id in value or change order, from one grouped read of them all. */
export function rankKpiIds(
  byKpi: SnapshotGroupsByKpi,
  window: PeriodWindow,
  sort: ListSort,
): string[] {
  return orderByReading(Object.keys(byKpi), (id) => readKpi(byKpi[id], window), sort);
}

/** `W47`, `Nov 2026`, `Q4 2026`, `2026`: the week's year is in the full label. */
export function shortPeriodLabel(key: string): string {
  const label = periodLabel(key);
  return key.includes('-W') ? (label.split(' ')[0] ?? label) : label;
}

/** The first projection dated after `today` (a local `YYYY-MM-DD`). */
export function nextProjection<P extends { date: string; value: number }>(
  projections: readonly P[],
  today: string,
): P | null {
  let next: P | null = null;
  for (const p of projections) {
    if (p.date > today && (next === null || p.date < next.date)) next = p;
  }
  return next;
}

/** A time zone from the URL when valid, else the fallback (the person's setting). */
export function resolveTimeZone(fromUrl: string | null, fallback: string): TimeZone {
  return (fromUrl && parseTimeZone(fromUrl)) || parseTimeZone(fallback) || parseTimeZone('UTC')!;
}

// ---------------------------------------------------------------------------------------------
// Filter choices
// ---------------------------------------------------------------------------------------------

export interface GroupOption {
  value: GroupFilter;
  label: string;
}

const VIRTUAL_LABELS = { mykpis: 'My KPIs', ungrouped: 'Ungrouped' } as const;
const VIRTUAL_VALUES = { mykpis: 'mine', ungrouped: 'ungrouped' } as const;

/** The group filter's choices: the person's favorites (virtual ones first), then the rest. */
export function groupFilterOptions(
  groups: readonly { id: string; name: string; favorite: boolean }[],
  virtualFavorites: readonly { virtualGroup: 'mykpis' | 'ungrouped'; favorite: boolean }[],
): { favorites: GroupOption[]; others: GroupOption[] } {
  const favorites: GroupOption[] = [];
  const others: GroupOption[] = [];
  for (const virtual of ['mykpis', 'ungrouped'] as const) {
    const option = { value: VIRTUAL_VALUES[virtual], label: VIRTUAL_LABELS[virtual] };
    const favorite = virtualFavorites.some((v) => v.virtualGroup === virtual && v.favorite);
    (favorite ? favorites : others).push(option);
  }
  const byName = [...groups].sort((a, b) => a.name.localeCompare(b.name));
  for (const group of byName) {
    (group.favorite ? favorites : others).push({ value: group.id, label: group.name });
  }
  return { favorites, others };
}

/** Names for ids, in the ids' order; ids not (yet) known read as `unknown`. */
export function namesOf(
  ids: readonly string[],
  names: ReadonlyMap<string, string>,
  unknown: string,
): string[] {
  return ids.map((id) => names.get(id) ?? unknown);
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

export interface KpiRow<K extends KpiLike = KpiLike> {
  kpi: K;
  /** Null while the KPI's periods are still loading. */
  reading: KpiReading | null;
  owners: string[];
  groups: { id: string; name: string }[];
  projection: { date: string; value: number } | null;
}

type KpiLike = {
  id: string;
  ownerIds: string[];
  groups: string[];
  projections: { date: string; value: number }[];
};

/** What each row shows, from the KPIs, their grouped periods (when loaded) and the names. */
export function kpiRows<K extends KpiLike>(
  kpis: readonly K[],
  periods: SnapshotGroupsByKpi | undefined,
  window: PeriodWindow,
  today: string,
  names: { users: ReadonlyMap<string, string>; groups: ReadonlyMap<string, string> },
  unknownUser: string,
): KpiRow<K>[] {
  return kpis.map((kpi) => {
    const groups = periods?.[kpi.id];
    return {
      kpi,
      reading: groups === undefined ? null : readKpi(groups, window),
      owners: namesOf(kpi.ownerIds, names.users, unknownUser),
      groups: kpi.groups.flatMap((id) => {
        const name = names.groups.get(id);
        return name === undefined ? [] : [{ id, name }];
      }),
      projection: nextProjection(kpi.projections, today),
    };
  });
}
