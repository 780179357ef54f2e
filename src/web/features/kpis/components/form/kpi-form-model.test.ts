import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../../client/http.ts';
import {
  changedValues,
  emptyDraft,
  errorsFromServer,
  fieldOfPath,
  validateCreate,
  validateUpdate,
  type KpiDraft,
} from './kpi-form-model.ts';

const OWNER = 'c2c2c2c2c2c2c2c2c2c2c2c2';
const GROUP = 'd3d3d3d3d3d3d3d3d3d3d3d3';

const draft = (patch: Partial<KpiDraft> = {}): KpiDraft => ({
  ...emptyDraft([OWNER]),
  name: 'Revenue',
  ...patch,
});

function problem(status: number, errors: { path: string; message: string }[], detail = 'Bad') {
  return new ApiError(status, detail, { type: 'about:blank', title: 'x', status, detail, errors });
}

describe('validateCreate', () => {
  it('passes a valid draft with the name trimmed', () => {
    const result = validateCreate(draft({ name: '  Revenue  ', groups: [GROUP], prefix: '$' }));
    expect(result).toEqual({
      ok: true,
      values: {
        name: 'Revenue',
        description: '',
        aggregation: 'last',
        targetOperator: 'should_increase',
        formatting: { prefix: '$', suffix: '', fractionSize: 0 },
        ownerIds: [OWNER],
        groups: [GROUP],
      },
    });
  });

  it.each([
    [{ name: '   ' }, 'name', 'Enter a name.'],
    [{ name: 'x'.repeat(256) }, 'name', 'Use at most 255 characters.'],
    [{ prefix: 'x'.repeat(17) }, 'formatting.prefix', 'Use at most 16 characters.'],
    [{ suffix: 'x'.repeat(17) }, 'formatting.suffix', 'Use at most 16 characters.'],
    [{ fractionSize: 11 }, 'formatting.fractionSize', 'Use 0 to 10 decimals.'],
    [{ description: 'x'.repeat(20_001) }, 'description', 'Use at most 20000 characters.'],
    [{ ownerIds: Array.from({ length: 51 }, () => OWNER) }, 'ownerIds', 'Pick at most 50.'],
  ] as const)('refuses %o with a message on %s', (patch, field, message) => {
    const result = validateCreate(draft(patch));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual({ [field]: message });
  });
});

describe('validateUpdate and changedValues', () => {
  const initial = draft({ description: 'Old', groups: [GROUP] });

  it('sends only what changed', () => {
    expect(changedValues(initial, initial)).toEqual({});
    expect(
      changedValues(initial, { ...initial, name: 'Revenue ', suffix: ' USD', groups: [] }),
    ).toEqual({
      formatting: { prefix: '', suffix: ' USD', fractionSize: 0 },
      groups: [],
    });
  });

  it('trims a changed name and checks it', () => {
    expect(validateUpdate(initial, { ...initial, name: ' Sales ' })).toEqual({
      ok: true,
      values: { name: 'Sales' },
    });
    const empty = validateUpdate(initial, { ...initial, name: '' });
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.errors.name).toBe('Enter a name.');
  });
});

describe('fieldOfPath', () => {
  it.each([
    ['body.name', 'name'],
    ['formatting.fractionSize', 'formatting.fractionSize'],
    ['groups[0]', 'groups'],
    ['ownerIds.2', 'ownerIds'],
    ['ownerId', 'ownerIds'],
    ['insight', null],
  ])('maps %s to %s', (path, field) => {
    expect(fieldOfPath(path)).toBe(field);
  });
});

describe('errorsFromServer', () => {
  it('puts field errors next to their fields, named', () => {
    const result = errorsFromServer(
      problem(400, [
        { path: 'body.name', message: 'is required' },
        { path: 'body.formatting.fractionSize', message: 'Too big: expected number to be <=10' },
        { path: 'body.groups', message: 'has an unknown group id 5e8c27e3dcdddaa4addbdee8' },
        { path: 'body.ownerIds[1]', message: 'must be 24 lowercase hex characters' },
      ]),
    );
    expect(result.errors).toEqual({
      name: 'Name is required.',
      'formatting.fractionSize': 'Too big: expected number to be <=10.',
      groups: 'Groups has an unknown group id 5e8c27e3dcdddaa4addbdee8.',
      ownerIds: 'Owners must be 24 lowercase hex characters.',
    });
    expect(result.general).toBe('The KPI could not be saved. Check the fields marked above.');
  });

  it('keeps errors of unknown fields in the general message', () => {
    const result = errorsFromServer(problem(400, [{ path: 'body.insight', message: 'is odd' }]));
    expect(result.errors).toEqual({});
    expect(result.general).toBe('The KPI could not be saved: insight is odd.');
  });

  it('explains a missing KPI, a network failure and other errors', () => {
    expect(errorsFromServer(new ApiError(404, 'KPI not found')).general).toMatch(/no longer/);
    expect(errorsFromServer(new ApiError(0, 'The server could not be reached.')).general).toBe(
      'The KPI could not be saved: The server could not be reached.',
    );
    expect(errorsFromServer(new TypeError('boom')).general).toBe(
      'The KPI could not be saved. Try again.',
    );
  });
});
