import { describe, expect, it } from 'vitest';
import type { ItemBlock } from '../../layout.ts';
import {
  applyItemForm,
  itemFormDefaults,
  MAX_CHART_KPIS,
  toggleKpi,
  validateItemForm,
  type ItemFormValues,
} from './item-form.ts';

const mrr = { id: 'a1', name: 'MRR' };
const churn = { id: 'b2', name: 'Churn' };

const values = (overrides: Partial<ItemFormValues> = {}): ItemFormValues => ({
  type: 'kpi-number',
  title: '',
  kpis: [mrr],
  groupBy: 'week',
  range: 'last-12-weeks',
  ...overrides,
});

const item: ItemBlock = {
  kind: 'item',
  key: 'k',
  id: 'k',
  type: 'kpi-chart',
  title: 'Old',
  settings: [
    { name: 'kpiIds', value: 'a1,b2' },
    { name: 'groupBy', value: 'month' },
    { name: 'range', value: 'all' },
    { name: 'colour', value: 'teal' },
  ],
  filters: [],
  x: 0,
  y: 0,
  w: 6,
  h: 4,
};

describe('validateItemForm', () => {
  it('asks for a KPI', () => {
    expect(validateItemForm(values({ kpis: [] }))).toEqual({ kpis: 'Pick a KPI' });
    expect(validateItemForm(values({ type: 'kpi-chart', kpis: [] }))).toEqual({
      kpis: 'Pick at least one KPI',
    });
  });

  it('allows one KPI on a number tile and a handful on a chart', () => {
    expect(validateItemForm(values({ kpis: [mrr, churn] })).kpis).toMatch(/one KPI/);
    expect(validateItemForm(values({ type: 'kpi-chart', kpis: [mrr, churn] }))).toEqual({});
    const many = Array.from({ length: MAX_CHART_KPIS + 1 }, (_, i) => ({ id: `${i}`, name: '' }));
    expect(validateItemForm(values({ type: 'kpi-chart', kpis: many })).kpis).toMatch(/at most/);
  });

  it('limits the title', () => {
    expect(validateItemForm(values({ title: 'x'.repeat(256) })).title).toMatch(/255/);
    expect(validateItemForm(values({ title: `  ${'x'.repeat(255)}  ` }))).toEqual({});
  });
});

describe('toggleKpi', () => {
  it('replaces the pick on a number tile and adds to a chart', () => {
    expect(toggleKpi([mrr], churn, 'kpi-number')).toEqual([churn]);
    expect(toggleKpi([mrr], churn, 'kpi-chart')).toEqual([mrr, churn]);
  });

  it('takes a KPI away when it is picked again', () => {
    expect(toggleKpi([mrr, churn], mrr, 'kpi-chart')).toEqual([churn]);
  });
});

describe('defaults and applying', () => {
  it('starts a new item as a weekly number tile', () => {
    expect(itemFormDefaults()).toMatchObject({ type: 'kpi-number', kpiIds: [], groupBy: 'week' });
  });

  it('starts from what an item says', () => {
    expect(itemFormDefaults(item)).toEqual({
      type: 'kpi-chart',
      title: 'Old',
      kpiIds: ['a1', 'b2'],
      groupBy: 'month',
      range: 'all',
    });
  });

  it('writes the form into the item and keeps settings it does not show', () => {
    const applied = applyItemForm(
      item,
      values({ type: 'kpi-number', title: '  MRR now ', kpis: [mrr], groupBy: 'day' }),
    );
    expect(applied.type).toBe('kpi-number');
    expect(applied.title).toBe('MRR now');
    expect(applied.settings).toEqual([
      { name: 'kpiIds', value: 'a1' },
      { name: 'groupBy', value: 'day' },
      { name: 'range', value: 'last-12-weeks' },
      { name: 'colour', value: 'teal' },
    ]);
  });
});
