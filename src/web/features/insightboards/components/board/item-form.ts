/** The add/edit item form: its values, their checks, and the item they make. */
import type { ItemType } from '../../../../../contract/dashboards.ts';
import type { Granularity } from '../../../../../contract/periods.ts';
import type { ItemBlock } from '../../layout.ts';
import { readItemSettings, writeItemSettings, type RangePreset } from './item-settings.ts';

/** More lines than this make a chart unreadable. */
export const MAX_CHART_KPIS = 8;
export const MAX_TITLE_LENGTH = 255;

export interface KpiChoice {
  id: string;
  name: string;
}

export interface ItemFormValues {
  type: ItemType;
  title: string;
  kpis: KpiChoice[];
  groupBy: Granularity;
  range: RangePreset;
}

export type ItemFormErrors = Partial<Record<'kpis' | 'title', string>>;

export function itemFormDefaults(item?: ItemBlock): Omit<ItemFormValues, 'kpis'> & {
  kpiIds: string[];
} {
  if (!item) {
    return { type: 'kpi-number', title: '', kpiIds: [], groupBy: 'week', range: 'last-12-weeks' };
  }
  const settings = readItemSettings(item.settings);
  return {
    type: item.type === 'kpi-chart' ? 'kpi-chart' : 'kpi-number',
    title: item.title,
    kpiIds: settings.kpiIds,
    groupBy: settings.groupBy,
    range: settings.range,
  };
}

export function validateItemForm(values: ItemFormValues): ItemFormErrors {
  const errors: ItemFormErrors = {};
  if (values.kpis.length === 0) {
    errors.kpis = values.type === 'kpi-number' ? 'Pick a KPI' : 'Pick at least one KPI';
  } else if (values.type === 'kpi-number' && values.kpis.length > 1) {
    errors.kpis = 'A number tile shows one KPI; pick one, or make it a chart';
  } else if (values.kpis.length > MAX_CHART_KPIS) {
    errors.kpis = `A chart shows at most ${MAX_CHART_KPIS} KPIs`;
  }
  if (values.title.trim().length > MAX_TITLE_LENGTH) {
    errors.title = `Keep it to ${MAX_TITLE_LENGTH} characters`;
  }
  return errors;
}

/** Choosing a KPI: a number tile holds one (a new pick replaces it), a chart several. */
export function toggleKpi(
  selected: readonly KpiChoice[],
  choice: KpiChoice,
  type: ItemType,
): KpiChoice[] {
  if (selected.some((k) => k.id === choice.id)) return selected.filter((k) => k.id !== choice.id);
  return type === 'kpi-number' ? [choice] : [...selected, choice];
}

/** The item's content from the form; its place and the settings the form does not show are kept. */
export function applyItemForm(
  item: Pick<ItemBlock, 'settings'> & Partial<ItemBlock>,
  values: ItemFormValues,
): Pick<ItemBlock, 'type' | 'title' | 'settings'> {
  return {
    type: values.type,
    title: values.title.trim(),
    settings: writeItemSettings(item.settings, {
      kpiIds: values.kpis.map((k) => k.id),
      groupBy: values.groupBy,
      range: values.range,
    }),
  };
}
