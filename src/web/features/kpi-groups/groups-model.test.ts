import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../client/http.ts';
import type { KpiGroup } from '../../../contract/kpi-groups.ts';
import {
  candidatesFilter,
  escapeRegex,
  groupNameError,
  holdOrder,
  kpiCount,
  orderGroupEntries,
  readPage,
  validateGroupName,
  virtualGroupFilter,
} from './groups-model.ts';

const group = (id: string, name: string, favorite = false): KpiGroup => ({
  id: id.repeat(24),
  accountId: 'a'.repeat(24),
  name,
  favorite,
  kpisCount: 3,
  createdById: 'c'.repeat(24),
  modifiedById: 'c'.repeat(24),
  dateCreated: '2026-01-01T00:00:00.000Z',
  dateUpdated: '2026-01-01T00:00:00.000Z',
});

const names = (entries: { name: string }[]) => entries.map((e) => e.name);

describe('orderGroupEntries', () => {
  const groups = [
    group('1', 'sales'),
    group('2', 'Finance', true),
    group('3', 'Marketing'),
    group('4', 'customer success', true),
  ];

  it('puts favorites first, then the rest, each part by name regardless of case', () => {
    const entries = orderGroupEntries(groups, []);
    expect(names(entries)).toEqual([
      'customer success',
      'Finance',
      'My KPIs',
      'Ungrouped',
      'Marketing',
      'sales',
    ]);
    expect(entries.slice(0, 2).every((e) => e.favorite)).toBe(true);
    expect(entries.slice(2).some((e) => e.favorite)).toBe(false);
  });

  it('counts starred virtual groups as favorites, ahead of the named ones', () => {
    const entries = orderGroupEntries(groups, [
      { virtualGroup: 'mykpis', favorite: false },
      { virtualGroup: 'ungrouped', favorite: true },
    ]);
    expect(names(entries)).toEqual([
      'Ungrouped',
      'customer success',
      'Finance',
      'My KPIs',
      'Marketing',
      'sales',
    ]);
  });

  it('gives every row its link: virtual groups to the filtered KPI list, groups to their page', () => {
    const entries = orderGroupEntries(
      [group('1', 'Sales')],
      [
        { virtualGroup: 'mykpis', favorite: true },
        { virtualGroup: 'ungrouped', favorite: true },
      ],
    );
    expect(entries.map((e) => [e.name, e.href])).toEqual([
      ['My KPIs', '/kpis?group=mine'],
      ['Ungrouped', '/kpis?group=ungrouped'],
      ['Sales', `/groups/${'1'.repeat(24)}`],
    ]);
  });

  it('orders numbers in names by value and breaks ties by id', () => {
    const entries = orderGroupEntries(
      [group('3', 'Team 10'), group('2', 'Team 9'), group('1', 'team 9')],
      [],
    );
    expect(entries.slice(2).map((e) => e.key)).toEqual([
      '1'.repeat(24),
      '2'.repeat(24),
      '3'.repeat(24),
    ]);
  });
});

describe('holdOrder', () => {
  const row = (key: string) => ({ key });

  it('keeps the held order when the favorites change', () => {
    const held = ['a', 'b', 'c'];
    expect(holdOrder(held, [row('c'), row('a'), row('b')]).map((r) => r.key)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('drops rows that went away and adds new ones after the held rows', () => {
    expect(holdOrder(['a', 'b', 'c'], [row('d'), row('c'), row('a')]).map((r) => r.key)).toEqual([
      'a',
      'c',
      'd',
    ]);
  });
});

describe('validateGroupName', () => {
  const existing = [group('1', 'Sales'), group('2', 'Finance')];

  it('asks for a name', () => {
    expect(validateGroupName('   ', existing)).toBe('Enter a name for the group.');
  });

  it('refuses names over 255 characters', () => {
    expect(validateGroupName('x'.repeat(256), existing)).toBe(
      'Use at most 255 characters (this is 256).',
    );
    expect(validateGroupName('x'.repeat(255), existing)).toBeNull();
  });

  it('refuses a name another group has, in any case, but not the group’s own', () => {
    expect(validateGroupName(' sales ', existing)).toBe('There is already a group named “Sales”.');
    expect(validateGroupName('SALES', existing, '1'.repeat(24))).toBeNull();
    expect(validateGroupName('Hiring', existing)).toBeNull();
  });
});

describe('groupNameError', () => {
  it('puts the server’s field message in a sentence', () => {
    const error = new ApiError(400, 'body.name is required', {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'body.name is required',
      errors: [{ path: 'body.name', message: 'is required' }],
    });
    expect(groupNameError(error)).toBe('Name is required.');
  });

  it('says when the group is gone, and passes other failures on', () => {
    expect(groupNameError(new ApiError(404, 'KPI group not found'))).toMatch(/no longer exists/);
    expect(groupNameError(new ApiError(0, 'The server could not be reached.'))).toBe(
      'The group could not be saved: The server could not be reached.',
    );
  });
});

describe('list filters', () => {
  it('selects the virtual groups as the KPI list does', () => {
    expect(virtualGroupFilter('ungrouped', undefined)).toBe('{"groups":{"$exists":false}}');
    expect(virtualGroupFilter('mykpis', undefined)).toBeNull();
    expect(virtualGroupFilter('mykpis', 'c'.repeat(24))).toBe(`{"ownerIds":"${'c'.repeat(24)}"}`);
  });

  it('searches KPIs outside the group by escaped name, any case', () => {
    const id = '1'.repeat(24);
    expect(JSON.parse(candidatesFilter(id, '  '))).toEqual({ groups: { $ne: id } });
    expect(JSON.parse(candidatesFilter(id, ' a.b (c) '))).toEqual({
      $and: [{ name: { $regex: 'a\\.b \\(c\\)', $options: 'i' } }, { groups: { $ne: id } }],
    });
    expect(escapeRegex('1+1=2?')).toBe('1\\+1=2\\?');
  });
});

describe('small helpers', () => {
  it('reads a page number, falling back to the first page', () => {
    expect(readPage('3')).toBe(3);
    expect(readPage(null)).toBe(1);
    expect(readPage('0')).toBe(1);
    expect(readPage('2.5')).toBe(1);
  });

  it('counts KPIs in words', () => {
    expect(kpiCount(1)).toBe('1 KPI');
    expect(kpiCount(1204)).toBe('1,204 KPIs');
  });
});
