/**
 * What an item's `settings` say: which KPIs it shows (`kpiIds`), by which period (`groupBy`) and
 * over which range (`range`). Settings this app does not know are kept as they are.
 */
import type { Setting } from '../../../../../contract/common.ts';
import { ITEM_TYPES, KPI_IDS_SETTING, type ItemType } from '../../../../../contract/dashboards.ts';
import { GRANULARITIES, type Granularity } from '../../../../../contract/periods.ts';
import {
  GRANULARITY_LABELS,
  RANGE_PRESET_LABELS,
  RANGE_PRESETS,
  type RangePreset,
} from '../../../../lib/chart-time.ts';

/** The same presets and words as the KPI page's chart, so a tile and the page read alike. */
export {
  GRANULARITY_LABELS as GROUP_BY_LABELS,
  RANGE_PRESET_LABELS as RANGE_LABELS,
  RANGE_PRESETS,
  type RangePreset,
};

export const ITEM_TYPE_LABELS: Record<ItemType, string> = {
  'kpi-number': 'Number tile',
  'kpi-chart': 'Chart',
};

/** The size a new item of each kind starts with. */
export const DEFAULT_ITEM_SIZE: Record<ItemType, { w: number; h: number }> = {
  'kpi-number': { w: 3, h: 2 },
  'kpi-chart': { w: 6, h: 4 },
};

export const isItemType = (type: string): type is ItemType =>
  (ITEM_TYPES as readonly string[]).includes(type);

const isGranularity = (value: string | undefined): value is Granularity =>
  (GRANULARITIES as readonly (string | undefined)[]).includes(value);

const isRangePreset = (value: string | undefined): value is RangePreset =>
  (RANGE_PRESETS as readonly (string | undefined)[]).includes(value);

/** The grouping that suits a range when an item names none. */
export const RANGE_GROUP_BY: Record<RangePreset, Granularity> = {
  'last-30-days': 'day',
  'last-12-weeks': 'week',
  'last-12-months': 'month',
  'year-to-date': 'week',
  all: 'month',
};

export interface ItemSettings {
  kpiIds: string[];
  groupBy: Granularity;
  range: RangePreset;
}

const settingValue = (settings: readonly Setting[], name: string) =>
  settings.find((s) => s.name === name)?.value;

/** The item's KPIs (duplicates and blanks dropped), grouping and range, with defaults filled in. */
export function readItemSettings(settings: readonly Setting[]): ItemSettings {
  const ids = (settingValue(settings, KPI_IDS_SETTING) ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const groupBy = settingValue(settings, 'groupBy');
  const range = settingValue(settings, 'range');
  const resolvedRange: RangePreset = isRangePreset(range)
    ? range
    : isGranularity(groupBy)
      ? defaultRangeFor(groupBy)
      : 'last-12-weeks';
  return {
    kpiIds: [...new Set(ids)],
    groupBy: isGranularity(groupBy) ? groupBy : RANGE_GROUP_BY[resolvedRange],
    range: resolvedRange,
  };
}

function defaultRangeFor(groupBy: Granularity): RangePreset {
  switch (groupBy) {
    case 'day':
      return 'last-30-days';
    case 'week':
      return 'last-12-weeks';
    case 'month':
      return 'last-12-months';
    case 'quarter':
    case 'year':
      return 'all';
  }
}

/** The settings with ours replaced (in place, in their order) and everything else kept. */
export function writeItemSettings(settings: readonly Setting[], values: ItemSettings): Setting[] {
  const ours: Record<string, string> = {
    [KPI_IDS_SETTING]: values.kpiIds.join(','),
    groupBy: values.groupBy,
    range: values.range,
  };
  const next = settings.map((s) =>
    Object.hasOwn(ours, s.name) ? { name: s.name, value: ours[s.name]! } : s,
  );
  for (const [name, value] of Object.entries(ours)) {
    if (!settings.some((s) => s.name === name)) next.push({ name, value });
  }
  return next;
}
