import { describe, expect, it } from 'vitest';
import {
  applyFieldSelection,
  LIST_QUERY_LIMITS,
  ListQueryError,
  matchesFilter,
  parseFields,
  parseFilter,
  parseIsoDate,
  parseListQuery,
  parseSort,
  type FieldCatalog,
  type FilterNode,
} from './list-query.ts';

const ID_A = '5e8c27e3dcdddaa4addbdee8';
const ID_B = '5e8c27e3dcdddaa4addbdee9';
const ID_C = '600000000000000000000001';

const catalog: FieldCatalog = {
  id: { type: 'id' },
  accountId: { type: 'id', filterable: false, sortable: false },
  name: { type: 'string' },
  description: { type: 'string', sortable: false },
  value: { type: 'number' },
  archived: { type: 'boolean' },
  dateCreated: { type: 'date' },
  createdById: { type: 'id' },
  groups: { type: 'idArray' },
  tags: { type: 'stringArray' },
  formatting: { type: 'string', filterable: false, sortable: false },
};

function errorOf(fn: () => unknown): ListQueryError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ListQueryError) return err;
    throw err;
  }
  throw new Error('expected a ListQueryError');
}

describe('parseFilter: valid filters', () => {
  const cases: [string | undefined, FilterNode | null][] = [
    [undefined, null],
    ['', null],
    ['   ', null],
    ['{}', null],
    ['{name:{$regex:"Sales"}}', { kind: 'regex', field: 'name', pattern: 'Sales', flags: '' }],
    [
      "{name:{$regex:'sales', $options:'i'}}",
      { kind: 'regex', field: 'name', pattern: 'sales', flags: 'i' },
    ],
    ['{name:{$regex:"a",$options:""}}', { kind: 'regex', field: 'name', pattern: 'a', flags: '' }],
    [`{groups:{$in:["${ID_A}"]}}`, { kind: 'in', field: 'groups', negate: false, values: [ID_A] }],
    [`{groups:"${ID_A}"}`, { kind: 'cmp', field: 'groups', op: 'eq', value: ID_A }],
    ['{name:"Revenue"}', { kind: 'cmp', field: 'name', op: 'eq', value: 'Revenue' }],
    ['{"name":"Revenue"}', { kind: 'cmp', field: 'name', op: 'eq', value: 'Revenue' }],
    ['{name:{$eq:"Revenue"}}', { kind: 'cmp', field: 'name', op: 'eq', value: 'Revenue' }],
    ['{name:{$ne:"Revenue"}}', { kind: 'cmp', field: 'name', op: 'ne', value: 'Revenue' }],
    ['{archived:false}', { kind: 'cmp', field: 'archived', op: 'eq', value: false }],
    ['{value:-1.5e2}', { kind: 'cmp', field: 'value', op: 'eq', value: -150 }],
    ['{createdById:null}', { kind: 'cmp', field: 'createdById', op: 'eq', value: null }],
    ['{name:{$ne:null}}', { kind: 'cmp', field: 'name', op: 'ne', value: null }],
    [`{id:"${ID_A}"}`, { kind: 'cmp', field: 'id', op: 'eq', value: ID_A }],
    [
      '{value:{$gt:1,$lte:5}}',
      {
        kind: 'and',
        nodes: [
          { kind: 'cmp', field: 'value', op: 'gt', value: 1 },
          { kind: 'cmp', field: 'value', op: 'lte', value: 5 },
        ],
      },
    ],
    [
      '{name:{$gte:"a",$lt:"n"}}',
      {
        kind: 'and',
        nodes: [
          { kind: 'cmp', field: 'name', op: 'gte', value: 'a' },
          { kind: 'cmp', field: 'name', op: 'lt', value: 'n' },
        ],
      },
    ],
    [
      '{name:"A", archived:false}',
      {
        kind: 'and',
        nodes: [
          { kind: 'cmp', field: 'name', op: 'eq', value: 'A' },
          { kind: 'cmp', field: 'archived', op: 'eq', value: false },
        ],
      },
    ],
    [
      '{$and:[{name:{$regex:"Sales"}},{archived:false}]}',
      {
        kind: 'and',
        nodes: [
          { kind: 'regex', field: 'name', pattern: 'Sales', flags: '' },
          { kind: 'cmp', field: 'archived', op: 'eq', value: false },
        ],
      },
    ],
    [
      '{$or:[{name:"A"},{name:"B"}]}',
      {
        kind: 'or',
        nodes: [
          { kind: 'cmp', field: 'name', op: 'eq', value: 'A' },
          { kind: 'cmp', field: 'name', op: 'eq', value: 'B' },
        ],
      },
    ],
    ['{$or:[{name:"A"}]}', { kind: 'cmp', field: 'name', op: 'eq', value: 'A' }],
    [
      '{$and:[{$and:[{name:"A"},{value:1}]},{archived:true}], tags:"x"}',
      {
        kind: 'and',
        nodes: [
          { kind: 'cmp', field: 'name', op: 'eq', value: 'A' },
          { kind: 'cmp', field: 'value', op: 'eq', value: 1 },
          { kind: 'cmp', field: 'archived', op: 'eq', value: true },
          { kind: 'cmp', field: 'tags', op: 'eq', value: 'x' },
        ],
      },
    ],
    [
      '{$or:[{$and:[{name:"A"},{value:1}]},{$or:[{archived:true},{value:2}]}]}',
      {
        kind: 'or',
        nodes: [
          {
            kind: 'and',
            nodes: [
              { kind: 'cmp', field: 'name', op: 'eq', value: 'A' },
              { kind: 'cmp', field: 'value', op: 'eq', value: 1 },
            ],
          },
          { kind: 'cmp', field: 'archived', op: 'eq', value: true },
          { kind: 'cmp', field: 'value', op: 'eq', value: 2 },
        ],
      },
    ],
    [
      '{dateCreated:{$gte:"2024-01-01"}}',
      { kind: 'cmp', field: 'dateCreated', op: 'gte', value: '2024-01-01T00:00:00.000Z' },
    ],
    [
      '{dateCreated:{$lt:"2024-01-01T10:00:00+02:00"}}',
      { kind: 'cmp', field: 'dateCreated', op: 'lt', value: '2024-01-01T08:00:00.000Z' },
    ],
    [
      '{dateCreated:"2024-02-29T23:59:59.123456Z"}',
      { kind: 'cmp', field: 'dateCreated', op: 'eq', value: '2024-02-29T23:59:59.123Z' },
    ],
    [
      '{dateCreated:{$in:["2024-01-01T12:30", null]}}',
      {
        kind: 'in',
        field: 'dateCreated',
        negate: false,
        values: ['2024-01-01T12:30:00.000Z', null],
      },
    ],
    ['{tags:{$nin:["x","y"]}}', { kind: 'in', field: 'tags', negate: true, values: ['x', 'y'] }],
    ['{name:{$in:[]}}', { kind: 'in', field: 'name', negate: false, values: [] }],
    ['{value:{$in:[1,2.5]}}', { kind: 'in', field: 'value', negate: false, values: [1, 2.5] }],
    ['{archived:{$in:[true]}}', { kind: 'in', field: 'archived', negate: false, values: [true] }],
    ['{groups:{$exists:false}}', { kind: 'exists', field: 'groups', exists: false }],
    ['{description:{$exists:true}}', { kind: 'exists', field: 'description', exists: true }],
    [
      '{tags:{$regex:"^q[1-4]$", $options:"i"}}',
      { kind: 'regex', field: 'tags', pattern: '^q[1-4]$', flags: 'i' },
    ],
    [
      '{name:{$regex:"(a|aa)+$"}}',
      { kind: 'regex', field: 'name', pattern: '(a|aa)+$', flags: '' },
    ],
  ];
  it.each(cases)('%s', (raw, expected) => {
    expect(parseFilter(raw, catalog)).toEqual(expected);
  });
});

describe('parseFilter: invalid filters', () => {
  const cases: [string, RegExp][] = [
    // unknown or disallowed fields
    ['{foo:1}', /^Unknown field 'foo' in filter \(filterable fields: id, name, description/],
    ['{Name:"x"}', /Unknown field 'Name'/],
    ['{constructor:1}', /Unknown field 'constructor'/],
    ['{toString:"x"}', /Unknown field 'toString'/],
    ['{__proto__:{$eq:1}}', /Unknown field '__proto__'/],
    ['{"":1}', /Unknown field ''/],
    ['{"name.first":"x"}', /Unknown field 'name.first'/],
    ['{formatting:"x"}', /^Field 'formatting' cannot be used in a filter$/],
    ['{accountId:"5e8c27e3dcdddaa4addbdee8"}', /Field 'accountId' cannot be used in a filter/],
    // unknown, unsupported or misplaced operators
    ['{name:{$foo:1}}', /^Unknown operator '\$foo' for field 'name'$/],
    ['{$foo:1}', /^Unknown operator '\$foo'$/],
    ['{$nor:[{name:"a"}]}', /^Operator '\$nor' is not supported$/],
    ['{$where:"sleep(1000)"}', /Operator '\$where' is not supported/],
    ['{$expr:{}}', /Operator '\$expr' is not supported/],
    ['{groups:{$size:0}}', /^Operator '\$size' is not supported for field 'groups'$/],
    ['{groups:{$all:[]}}', /Operator '\$all' is not supported for field 'groups'/],
    ['{tags:{$elemMatch:{$eq:"x"}}}', /Operator '\$elemMatch' is not supported/],
    ['{name:{$not:{$regex:"a"}}}', /Operator '\$not' is not supported for field 'name'/],
    [
      '{$gt:1}',
      /^Operator '\$gt' must be used inside a field condition, e\.g\. \{field:\{\$gt:\.\.\.\}\}$/,
    ],
    ['{$regex:"a"}', /Operator '\$regex' must be used inside a field condition/],
    ['{$in:[1]}', /Operator '\$in' must be used inside a field condition/],
    [
      '{name:{$and:[{$eq:"a"}]}}',
      /Operator '\$and' cannot be used inside the condition for field 'name'/,
    ],
    ['{name:{$or:[]}}', /Operator '\$or' cannot be used inside the condition for field 'name'/],
    ['{name:{$eq:"x", other:1}}', /Field 'name': 'other' is not an operator/],
    // logical operators
    ['{$and:[]}', /^Operator '\$and' needs a non-empty array of conditions$/],
    ['{$or:[]}', /Operator '\$or' needs a non-empty array/],
    ['{$and:{name:"a"}}', /Operator '\$and' needs a non-empty array/],
    ['{$or:"x"}', /Operator '\$or' needs a non-empty array/],
    ['{$and:[1]}', /Each item of '\$and' must be a condition object, got 1/],
    ['{$or:[[{name:"a"}]]}', /Each item of '\$or' must be a condition object, got an array/],
    ['{$and:[{}]}', /Empty condition \{\} in '\$and'/],
    ['{$or:[{name:"a"},{$foo:1}]}', /Unknown operator '\$foo'/],
    // field conditions
    ['{name:{}}', /^Empty condition for field 'name'$/],
    ['{name:{first:"x"}}', /Field 'name': object values are not supported/],
    // type checks
    ['{archived:{$gt:true}}', /^Operator '\$gt' cannot be used on field 'archived' \(boolean\)$/],
    [`{groups:{$lt:"${ID_A}"}}`, /Operator '\$lt' cannot be used on field 'groups' \(idArray\)/],
    ['{tags:{$gte:"a"}}', /Operator '\$gte' cannot be used on field 'tags'/],
    ['{value:{$gt:null}}', /Field 'value': '\$gt' does not accept null/],
    ['{name:5}', /^Field 'name' expects a string, got 5$/],
    ['{name:true}', /Field 'name' expects a string, got true/],
    ['{name:["a"]}', /Field 'name' expects a string, got an array/],
    ['{value:"5"}', /Field 'value' expects a number, got "5"/],
    ['{value:{$lt:"5"}}', /Field 'value' expects a number, got "5"/],
    ['{archived:"false"}', /Field 'archived' expects true or false, got "false"/],
    ['{archived:0}', /Field 'archived' expects true or false, got 0/],
    [
      '{value:{$regex:"1"}}',
      /^Operator '\$regex' can only be used on text fields; 'value' is number$/,
    ],
    [
      '{createdById:{$regex:"5e"}}',
      /'\$regex' can only be used on text fields; 'createdById' is id/,
    ],
    ['{archived:{$regex:"t"}}', /'\$regex' can only be used on text fields/],
    ['{name:{$regex:5}}', /Field 'name': '\$regex' expects a string, got 5/],
    [
      '{name:{$regex:"(a"}}',
      /^Invalid '\$regex' for field 'name': Unterminated group at position 0/,
    ],
    [
      '{name:{$regex:"(?=a)"}}',
      /Invalid '\$regex' for field 'name': Lookahead assertions are not supported/,
    ],
    [
      '{name:{$regex:"(a+)+$"}}',
      /^Invalid '\$regex' for field 'name': Nested quantifiers such as \(a\+\)\+ are not supported/,
    ],
    ['{name:{$regex:"(a)\\\\1"}}', /Backreferences are not supported/],
    ['{name:{$regex:"a{1000}"}}', /Repetition counts above 100/],
    [`{name:{$regex:"${'a'.repeat(300)}"}}`, /longer than 256 characters/],
    [
      '{name:{$regex:"a",$options:"m"}}',
      /Field 'name': unsupported '\$options' "m" \(only "i" is allowed\)/,
    ],
    ['{name:{$regex:"a",$options:"gi"}}', /unsupported '\$options' "gi"/],
    ['{name:{$regex:"a",$options:1}}', /unsupported '\$options' 1/],
    ['{name:{$options:"i"}}', /'\$options' can only be used together with '\$regex'/],
    [
      '{dateCreated:"yesterday"}',
      /Field 'dateCreated' expects an ISO date or date-time .*got "yesterday"/,
    ],
    ['{dateCreated:"2024-02-30"}', /Field 'dateCreated' expects an ISO date/],
    ['{dateCreated:"2023-02-29"}', /expects an ISO date/],
    ['{dateCreated:"2024-13-01"}', /expects an ISO date/],
    ['{dateCreated:"2024-1-1"}', /expects an ISO date/],
    ['{dateCreated:"2024-01-01T25:00:00Z"}', /expects an ISO date/],
    ['{dateCreated:"2024-01-01T10:00:00+25:00"}', /expects an ISO date/],
    ['{dateCreated:"2024-01-01 10:00"}', /expects an ISO date/],
    ['{dateCreated:"Mon, 01 Jan 2024"}', /expects an ISO date/],
    ['{dateCreated:1700000000000}', /Field 'dateCreated' expects a date, got 1700000000000/],
    [
      '{createdById:"5E8C27E3DCDDDAA4ADDBDEE8"}',
      /Field 'createdById' expects an id \(24 lowercase hexadecimal characters\), got "5E8C/,
    ],
    ['{createdById:"abc"}', /Field 'createdById' expects an id/],
    ['{createdById:"5e8c27e3dcdddaa4addbdee8 "}', /expects an id/],
    ['{id:{$in:["zzzzzzzzzzzzzzzzzzzzzzzz"]}}', /Field 'id' expects an id/],
    ['{groups:"xyz"}', /Field 'groups' expects an id/],
    [
      `{groups:["${ID_A}"]}`,
      /Field 'groups': array values are not supported; use \{groups:\{\$in:\[\.\.\.\]\}\}/,
    ],
    ['{groups:[]}', /array values are not supported.*\$exists:false/],
    ['{tags:{$in:"x"}}', /Field 'tags': '\$in' expects an array, got "x"/],
    ['{tags:{$nin:{a:1}}}', /'\$nin' expects an array, got an object/],
    ['{tags:{$in:[1]}}', /Field 'tags' expects a string, got 1/],
    ['{tags:{$in:[["x"]]}}', /Field 'tags': array values are not supported/],
    ['{name:{$exists:1}}', /Field 'name': '\$exists' expects true or false, got 1/],
    ['{name:{$exists:"true"}}', /'\$exists' expects true or false/],
    // not an object / not JSON
    ['[1]', /^filter must be a JSON object such as \{name:"Revenue"\}, got an array$/],
    ['"x"', /filter must be a JSON object/],
    ['null', /filter must be a JSON object.*got null/],
    ['42', /filter must be a JSON object/],
    ['{name:', /^filter is not valid JSON: Unexpected end of input at position 6/],
    ['{name:Sales}', /filter is not valid JSON: .*strings must be quoted/],
    ['{name:"a"} x', /filter is not valid JSON/],
    ['name=Sales', /filter is not valid JSON/],
  ];
  it.each(cases)('%s', (raw, message) => {
    const err = errorOf(() => parseFilter(raw, catalog));
    expect(err.param).toBe('filter');
    expect(err.message).toMatch(message);
    expect(err.name).toBe('ListQueryError');
    expect(err.message).not.toMatch(/\n|at \w+ \(/); // no stack traces
  });
});

describe('parseFilter: limits', () => {
  it('accepts nesting up to 8 levels and rejects deeper nesting', () => {
    const eight = '{$and:[{$and:[{$and:[{name:{$eq:"x"}}]}]}]}';
    expect(parseFilter(eight, catalog)).toEqual({
      kind: 'cmp',
      field: 'name',
      op: 'eq',
      value: 'x',
    });
    const nine = `{$and:[{$and:[{$and:[{name:{$in:["x"]}}]}]}]}`;
    const err = errorOf(() => parseFilter(nine, catalog));
    expect(err.message).toBe('filter is nested too deeply (at most 8 levels)');
  });

  it('rejects deeply nested brackets quickly', () => {
    const err = errorOf(() => parseFilter('['.repeat(4000), catalog));
    expect(err.message).toBe('filter is nested too deeply (at most 8 levels)');
  });

  it('accepts 8 KiB and rejects longer filters', () => {
    const max = LIST_QUERY_LIMITS.filterMaxLength;
    const exact = `{name:"${'a'.repeat(max - 9)}"}`;
    expect(exact).toHaveLength(max);
    expect(parseFilter(exact, catalog)).toMatchObject({ kind: 'cmp', field: 'name' });
    const err = errorOf(() => parseFilter(`{name:"${'a'.repeat(max)}"}`, catalog));
    expect(err.param).toBe('filter');
    expect(err.message).toBe('filter is too long (at most 8192 characters)');
  });

  it('accepts up to 1000 $in values', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => i).join(',');
    const node = parseFilter(`{value:{$in:[${values(1000)}]}}`, catalog);
    expect(node).toMatchObject({ kind: 'in', values: expect.any(Array) });
    expect((node as { values: unknown[] }).values).toHaveLength(1000);
    const err = errorOf(() => parseFilter(`{value:{$nin:[${values(1001)}]}}`, catalog));
    expect(err.message).toBe("Field 'value': '$nin' accepts at most 1000 values");
  });

  it('limits the number of conditions', () => {
    const clauses = (n: number) => Array.from({ length: n }, (_, i) => `{value:${i}}`).join(',');
    const ok = parseFilter(`{$or:[${clauses(100)}]}`, catalog);
    expect(ok).toMatchObject({ kind: 'or' });
    const err = errorOf(() => parseFilter(`{$or:[${clauses(101)}]}`, catalog));
    expect(err.message).toBe('filter has too many conditions (at most 100)');
  });

  it('validates regexes at parse time without running them', () => {
    expect(parseFilter('{name:{$regex:"(a|aa)*(b|bb)*$"}}', catalog)).toMatchObject({
      kind: 'regex',
    });
  });
});

describe('parseIsoDate', () => {
  it.each([
    ['2024-01-01', Date.UTC(2024, 0, 1)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2000-02-29', Date.UTC(2000, 1, 29)],
    ['0001-01-01', Date.parse('0001-01-01T00:00:00Z')],
    ['9999-12-31T23:59:59.999Z', Date.parse('9999-12-31T23:59:59.999Z')],
    ['2024-06-15T12:34', Date.UTC(2024, 5, 15, 12, 34)],
    ['2024-06-15T12:34:56', Date.UTC(2024, 5, 15, 12, 34, 56)],
    ['2024-06-15T12:34:56.7Z', Date.UTC(2024, 5, 15, 12, 34, 56, 700)],
    ['2024-06-15T12:34:56-05:30', Date.UTC(2024, 5, 15, 18, 4, 56)],
  ])('%s', (text, expected) => {
    expect(parseIsoDate(text)).toBe(expected);
  });

  it.each([
    '1900-02-29',
    '2024-04-31',
    '2024-00-10',
    '2024-01-00',
    '24-01-01',
    '2024-01-01T',
    '2024-01-01T10',
    '2024-01-01t10:00Z',
    '2024-01-01T10:60',
    '2024-01-01T10:00:60Z',
    '+002024-01-01',
  ])('rejects %s', (text) => {
    expect(parseIsoDate(text)).toBeNull();
  });
});

describe('matchesFilter', () => {
  const items: Record<string, unknown>[] = [
    {
      id: 'k1',
      name: 'Sales revenue',
      value: 120,
      archived: false,
      dateCreated: '2024-01-15T09:00:00Z',
      groups: [ID_A, ID_B],
      tags: ['Q1', 'finance'],
      description: 'Monthly',
    },
    {
      id: 'k2',
      name: 'Churn',
      value: 3.5,
      archived: true,
      dateCreated: new Date('2023-06-01T00:00:00.000Z'),
      groups: [ID_C],
      tags: [],
      description: null,
    },
    {
      id: 'k3',
      name: 'NPS',
      value: '42',
      archived: false,
      dateCreated: '2024-03-01T00:00:00.000Z',
      groups: [],
    },
    { id: 'k4', name: 'sales pipeline', value: 0, dateCreated: '2024-01-15T10:00:00+01:00' },
  ];

  const ids = (raw: string) => {
    const node = parseFilter(raw, catalog);
    return items.filter((item) => matchesFilter(item, node)).map((item) => item.id);
  };

  const cases: [string, string[]][] = [
    ['{}', ['k1', 'k2', 'k3', 'k4']],
    ['{name:"Churn"}', ['k2']],
    ['{name:{$ne:"Churn"}}', ['k1', 'k3', 'k4']],
    ['{name:{$regex:"^sales"}}', ['k4']],
    ['{name:{$regex:"^sales",$options:"i"}}', ['k1', 'k4']],
    ['{name:{$regex:"(a|aa)+$"}}', []],
    ['{archived:false}', ['k1', 'k3']],
    ['{archived:{$ne:true}}', ['k1', 'k3', 'k4']],
    ['{archived:null}', ['k4']],
    ['{archived:{$exists:true}}', ['k1', 'k2', 'k3']],
    ['{description:{$exists:false}}', ['k2', 'k3', 'k4']],
    ['{description:null}', ['k2', 'k3', 'k4']],
    ['{description:{$ne:null}}', ['k1']],
    // numbers: ordering never matches across types ('42' is a string)
    ['{value:{$gt:3}}', ['k1', 'k2']],
    ['{value:{$gte:0,$lt:100}}', ['k2', 'k4']],
    ['{value:{$lte:0}}', ['k4']],
    ['{value:42}', []],
    ['{value:{$in:[0,120]}}', ['k1', 'k4']],
    ['{value:{$nin:[0,120]}}', ['k2', 'k3']],
    // strings compare lexicographically
    ['{name:{$gte:"N",$lt:"T"}}', ['k1', 'k3']],
    // dates compare by instant, whatever the stored representation
    ['{dateCreated:{$gte:"2024-01-01"}}', ['k1', 'k3', 'k4']],
    ['{dateCreated:{$lt:"2024-01-01"}}', ['k2']],
    ['{dateCreated:"2024-01-15T09:00:00.000Z"}', ['k1', 'k4']],
    ['{dateCreated:"2023-06-01"}', ['k2']],
    ['{dateCreated:{$in:["2024-03-01", "2023-06-01T02:00:00+02:00"]}}', ['k2', 'k3']],
    ['{dateCreated:{$gt:"2024-01-15T09:00:00Z"}}', ['k3']],
    // array fields: contains / contains any / contains none / empty
    [`{groups:"${ID_A}"}`, ['k1']],
    [`{groups:{$eq:"${ID_C}"}}`, ['k2']],
    [`{groups:{$ne:"${ID_A}"}}`, ['k2', 'k3', 'k4']],
    [`{groups:{$in:["${ID_B}","${ID_C}"]}}`, ['k1', 'k2']],
    [`{groups:{$nin:["${ID_B}","${ID_C}"]}}`, ['k3', 'k4']],
    ['{groups:{$exists:false}}', ['k3', 'k4']],
    ['{groups:{$exists:true}}', ['k1', 'k2']],
    ['{tags:{$regex:"^q\\\\d$",$options:"i"}}', ['k1']],
    ['{tags:"finance"}', ['k1']],
    ['{tags:{$exists:false}}', ['k2', 'k3', 'k4']],
    // logic
    ['{$or:[{name:"NPS"},{archived:true}]}', ['k2', 'k3']],
    ['{$and:[{archived:false},{value:{$gt:100}}]}', ['k1']],
    ['{archived:false, name:{$regex:"S"}}', ['k1', 'k3']],
    ['{$or:[{$and:[{archived:false},{value:{$gt:100}}]},{value:0}]}', ['k1', 'k4']],
    ['{name:{$in:[]}}', []],
    ['{name:{$nin:[]}}', ['k1', 'k2', 'k3', 'k4']],
  ];
  it.each(cases)('%s', (raw, expected) => {
    expect(ids(raw)).toEqual(expected);
  });

  it('matches everything for a null filter', () => {
    expect(matchesFilter({}, null)).toBe(true);
  });

  it('reads dotted paths into nested objects', () => {
    const node: FilterNode = { kind: 'cmp', field: 'formatting.prefix', op: 'eq', value: '$' };
    expect(matchesFilter({ formatting: { prefix: '$' } }, node)).toBe(true);
    expect(matchesFilter({ formatting: { prefix: '€' } }, node)).toBe(false);
    expect(matchesFilter({ formatting: null }, node)).toBe(false);
    expect(matchesFilter({ 'formatting.prefix': '$' }, node)).toBe(true);
  });

  it('does not read inherited properties', () => {
    const node: FilterNode = { kind: 'exists', field: 'toString', exists: true };
    expect(matchesFilter({}, node)).toBe(false);
  });

  it('evaluates pathological regexes on long values', () => {
    const node = parseFilter('{name:{$regex:"^(a|aa)+$"}}', catalog);
    expect(matchesFilter({ name: `${'a'.repeat(20_000)}!` }, node)).toBe(false);
    expect(matchesFilter({ name: 'a'.repeat(20_000) }, node)).toBe(true);
  });

  it('treats non-string values as not matching a regex', () => {
    const node: FilterNode = { kind: 'regex', field: 'value', pattern: '1', flags: '' };
    expect(matchesFilter({ value: 1 }, node)).toBe(false);
    expect(matchesFilter({ value: ['1'] }, node)).toBe(true);
  });
});

describe('parseSort', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['name', [{ field: 'name', descending: false }]],
    ['-dateCreated', [{ field: 'dateCreated', descending: true }]],
    [
      '-dateCreated,name',
      [
        { field: 'dateCreated', descending: true },
        { field: 'name', descending: false },
      ],
    ],
    [
      ' value , -archived ,+name',
      [
        { field: 'value', descending: false },
        { field: 'archived', descending: true },
        { field: 'name', descending: false },
      ],
    ],
    ['id', [{ field: 'id', descending: false }]],
  ] as const)('%j', (raw, expected) => {
    expect(parseSort(raw, catalog)).toEqual(expected);
  });

  it.each([
    [
      'foo',
      /^Unknown sort field 'foo' \(sortable fields: id, name, value, archived, dateCreated, createdById\)$/,
    ],
    ['-foo', /Unknown sort field 'foo'/],
    ['constructor', /Unknown sort field 'constructor'/],
    ['description', /^Field 'description' cannot be used for sorting/],
    ['groups', /Field 'groups' cannot be used for sorting/],
    ['tags', /Field 'tags' cannot be used for sorting/],
    ['name,', /sort contains an empty field name/],
    [',name', /sort contains an empty field name/],
    ['name,,value', /sort contains an empty field name/],
    ['-', /sort contains an empty field name/],
    ['--name', /Unknown sort field '-name'/],
    ['- name', /Unknown sort field ' name'/],
    ['name,-name', /Sort field 'name' is given more than once/],
    ['name desc', /Unknown sort field 'name desc'/],
    [`${'x'.repeat(1100)}`, /sort is too long/],
  ])('rejects %j', (raw, message) => {
    const err = errorOf(() => parseSort(raw, catalog));
    expect(err.param).toBe('sort');
    expect(err.message).toMatch(message);
  });

  it('limits the number of sort keys', () => {
    const wide: FieldCatalog = {};
    for (let i = 0; i < 12; i++) wide[`f${i}`] = { type: 'number' };
    const names = (n: number) => Array.from({ length: n }, (_, i) => `f${i}`).join(',');
    expect(parseSort(names(10), wide)).toHaveLength(10);
    expect(errorOf(() => parseSort(names(11), wide)).message).toBe(
      'sort accepts at most 10 fields',
    );
  });

  it('honours explicit sortable flags', () => {
    const custom: FieldCatalog = {
      a: { type: 'string', sortable: false },
      b: { type: 'idArray', sortable: true },
    };
    expect(parseSort('b', custom)).toEqual([{ field: 'b', descending: false }]);
    expect(() => parseSort('a', custom)).toThrow(
      /cannot be used for sorting \(sortable fields: b\)/,
    );
  });
});

describe('parseFields', () => {
  it.each([
    [undefined, null],
    ['', null],
    [' ', null],
    ['name', { name: true, id: true, accountId: true }],
    [
      'name,createdById,formatting{prefix,suffix}',
      {
        name: true,
        createdById: true,
        formatting: { prefix: true, suffix: true },
        id: true,
        accountId: true,
      },
    ],
    [
      ' name , formatting { prefix , style{ color,size } } ',
      {
        name: true,
        formatting: { prefix: true, style: { color: true, size: true } },
        id: true,
        accountId: true,
      },
    ],
    ['id,name', { id: true, name: true, accountId: true }],
    ['name,name', { name: true, id: true, accountId: true }],
    [
      'formatting{prefix},formatting{suffix}',
      { formatting: { prefix: true, suffix: true }, id: true, accountId: true },
    ],
    ['formatting{prefix},formatting', { formatting: true, id: true, accountId: true }],
    ['formatting,formatting{prefix}', { formatting: true, id: true, accountId: true }],
    [
      'formatting{a{b}},formatting{a{c},d}',
      { formatting: { a: { b: true, c: true }, d: true }, id: true, accountId: true },
    ],
    [
      'formatting{$x,_y,z9}',
      { formatting: { $x: true, _y: true, z9: true }, id: true, accountId: true },
    ],
  ] as const)('%j', (raw, expected) => {
    expect(parseFields(raw, catalog)).toEqual(expected);
  });

  it('always adds id and accountId even if the catalog lacks them', () => {
    expect(parseFields('x', { x: { type: 'string' } })).toEqual({
      x: true,
      id: true,
      accountId: true,
    });
    expect(parseFields('accountId', { x: { type: 'string' } })).toEqual({
      accountId: true,
      id: true,
    });
  });

  it.each([
    ['foo', /^Unknown field 'foo' in fields \(available fields: id, accountId, name/],
    ['name,foo{bar}', /Unknown field 'foo' in fields/],
    ['constructor', /Unknown field 'constructor'/],
    ['__proto__', /Unknown field '__proto__'/],
    ['name,', /^fields ends unexpectedly; expected a field name$/],
    [',name', /^Unexpected ',' at position 0 in fields$/],
    ['name,,value', /Unexpected ',' at position 5 in fields/],
    ['name{', /fields ends unexpectedly/],
    ['formatting{prefix', /Missing '\}' after the sub-fields of 'formatting' in fields/],
    ['formatting{}', /Empty sub-field list for 'formatting' in fields/],
    ['name}', /Unexpected '\}' at position 4 in fields/],
    ['formatting{prefix}}', /Unexpected '\}' at position 18/],
    ['na me', /Unexpected 'm' at position 3 in fields/],
    ['name.first', /Unexpected '\.' at position 4/],
    ['-name', /Unexpected '-' at position 0/],
    ['9lives', /Unexpected '9' at position 0/],
    ['formatting{prefix suffix}', /Unexpected 's' at position 18/],
    ['{name}', /Unexpected '\{' at position 0/],
    ['a{b{c{d{e{f{g{h{i}}}}}}}}', /fields is nested too deeply \(at most 8 levels\)/],
    ['x'.repeat(5000), /fields is too long/],
  ])('rejects %j', (raw, message) => {
    const err = errorOf(() => parseFields(raw, catalog));
    expect(err.param).toBe('fields');
    expect(err.message).toMatch(message);
  });

  it('accepts exactly 8 levels', () => {
    expect(parseFields('formatting{b{c{d{e{f{g{h}}}}}}}', catalog)).toMatchObject({
      formatting: { b: { c: { d: { e: { f: { g: { h: true } } } } } } },
    });
  });

  it('keeps __proto__ sub-fields as plain keys', () => {
    const selection = parseFields('formatting{__proto__{x}}', catalog);
    const formatting = selection?.formatting as Record<string, unknown>;
    expect(Object.getPrototypeOf(formatting)).toBe(Object.prototype);
    expect(Object.hasOwn(formatting, '__proto__')).toBe(true);
  });

  it('names the alias in errors', () => {
    const err = errorOf(() => parseFields('foo', catalog, 'projection'));
    expect(err.param).toBe('projection');
    expect(err.message).toMatch(/Unknown field 'foo' in projection/);
  });
});

describe('applyFieldSelection', () => {
  const kpi = {
    id: 'k1',
    accountId: 'acc',
    name: 'Revenue',
    description: 'Monthly revenue',
    dateCreated: new Date('2024-01-01T00:00:00Z'),
    formatting: { prefix: '$', suffix: '', style: { color: 'red', size: 2 } },
    targets: [
      { period: 'Q1', value: 10, owner: { id: 'u1', name: 'Ann' } },
      { period: 'Q2', value: 20, owner: null },
      'legacy',
    ],
    groups: ['g1', 'g2'],
  };

  it('returns a copy of the whole item for a null selection', () => {
    const result = applyFieldSelection(kpi, null);
    expect(result).toEqual(kpi);
    expect(result).not.toBe(kpi);
  });

  it('keeps only selected fields plus id and accountId', () => {
    expect(applyFieldSelection(kpi, { name: true })).toEqual({
      id: 'k1',
      accountId: 'acc',
      name: 'Revenue',
    });
  });

  it('applies the parsed selection, including nested sub-fields', () => {
    const selection = parseFields('name,formatting{prefix,style{color}},dateCreated', catalog);
    expect(applyFieldSelection(kpi, selection)).toEqual({
      id: 'k1',
      accountId: 'acc',
      name: 'Revenue',
      formatting: { prefix: '$', style: { color: 'red' } },
      dateCreated: kpi.dateCreated,
    });
  });

  it('applies sub-selections to arrays of objects and leaves other values alone', () => {
    expect(
      applyFieldSelection(kpi, {
        targets: { period: true, owner: { name: true } },
        groups: { x: true },
      }),
    ).toEqual({
      id: 'k1',
      accountId: 'acc',
      targets: [{ period: 'Q1', owner: { name: 'Ann' } }, { period: 'Q2', owner: null }, 'legacy'],
      groups: ['g1', 'g2'],
    });
  });

  it('leaves unknown fields and sub-fields absent', () => {
    const result = applyFieldSelection(kpi, {
      missing: true,
      formatting: { nope: true, prefix: true },
    });
    expect(result).toEqual({ id: 'k1', accountId: 'acc', formatting: { prefix: '$' } });
    expect('missing' in result).toBe(false);
  });

  it('gives an empty sub-object when no selected sub-field exists', () => {
    expect(applyFieldSelection(kpi, { formatting: { nope: true } })).toEqual({
      id: 'k1',
      accountId: 'acc',
      formatting: {},
    });
  });

  it('does not add id or accountId when the item has none', () => {
    expect(applyFieldSelection({ name: 'x' }, { name: true })).toEqual({ name: 'x' });
  });

  it('ignores inherited properties and does not touch prototypes', () => {
    const selection = parseFields('formatting{__proto__,constructor}', catalog);
    const result = applyFieldSelection({ id: '1', formatting: { a: 1 } }, selection);
    expect(result).toEqual({ id: '1', formatting: {} });
    expect(Object.getPrototypeOf(result.formatting)).toBe(Object.prototype);
  });

  it('does not modify the input item', () => {
    const before = structuredClone(kpi);
    applyFieldSelection(kpi, { formatting: { prefix: true } });
    expect(kpi).toEqual(before);
  });
});

describe('parseListQuery', () => {
  it('applies defaults', () => {
    expect(parseListQuery({}, catalog)).toEqual({
      filter: null,
      sort: [],
      fields: null,
      skip: 0,
      take: 100,
    });
  });

  it('reads every parameter', () => {
    const query = parseListQuery(
      {
        filter: '{name:{$regex:"Sales"}}',
        sort: '-dateCreated,name',
        fields: 'name,formatting{prefix}',
        skip: '20',
        take: '50',
        unrelated: 'ignored',
      },
      catalog,
    );
    expect(query).toEqual({
      filter: { kind: 'regex', field: 'name', pattern: 'Sales', flags: '' },
      sort: [
        { field: 'dateCreated', descending: true },
        { field: 'name', descending: false },
      ],
      fields: { name: true, formatting: { prefix: true }, id: true, accountId: true },
      skip: 20,
      take: 50,
    });
  });

  it('accepts the projection and limit aliases', () => {
    const query = parseListQuery({ projection: 'name', limit: '5' }, catalog);
    expect(query.fields).toEqual({ name: true, id: true, accountId: true });
    expect(query.take).toBe(5);
  });

  it('accepts an alias given together with an identical primary value', () => {
    expect(parseListQuery({ take: '5', limit: '5' }, catalog).take).toBe(5);
    expect(parseListQuery({ fields: 'name', projection: 'name' }, catalog).fields).toMatchObject({
      name: true,
    });
  });

  it('rejects conflicting aliases', () => {
    const take = errorOf(() => parseListQuery({ take: '5', limit: '6' }, catalog));
    expect(take.param).toBe('take');
    expect(take.message).toBe("Use either 'take' or 'limit', not both");
    const fields = errorOf(() => parseListQuery({ fields: 'name', projection: 'id' }, catalog));
    expect(fields.param).toBe('fields');
    expect(fields.message).toBe("Use either 'fields' or 'projection', not both");
  });

  it('treats empty parameters as absent', () => {
    expect(
      parseListQuery(
        { filter: '', sort: ' ', fields: '', skip: '', take: '', limit: undefined },
        catalog,
      ),
    ).toEqual({ filter: null, sort: [], fields: null, skip: 0, take: 100 });
  });

  it.each([
    ['0', 0],
    ['1', 1],
    [' 7 ', 7],
    ['007', 7],
    ['1000', 1000],
  ])('accepts take=%j', (raw, expected) => {
    expect(parseListQuery({ take: raw }, catalog).take).toBe(expected);
  });

  it.each([
    ['1001', 'take must be at most 1000'],
    ['99999999999999999999999', 'take must be at most 1000'],
    ['-1', 'take must be a whole number between 0 and 1000'],
    ['1.5', 'take must be a whole number between 0 and 1000'],
    ['1e2', 'take must be a whole number between 0 and 1000'],
    ['abc', 'take must be a whole number between 0 and 1000'],
    ['0x10', 'take must be a whole number between 0 and 1000'],
    ['+5', 'take must be a whole number between 0 and 1000'],
  ])('rejects take=%j', (raw, message) => {
    const err = errorOf(() => parseListQuery({ take: raw }, catalog));
    expect(err.param).toBe('take');
    expect(err.message).toBe(message);
  });

  it('names the limit alias in errors', () => {
    const err = errorOf(() => parseListQuery({ limit: '5000' }, catalog));
    expect(err.param).toBe('limit');
    expect(err.message).toBe('limit must be at most 1000');
  });

  it.each([
    ['0', 0],
    ['999', 999],
    ['1000000', 1_000_000],
  ])('accepts skip=%j', (raw, expected) => {
    expect(parseListQuery({ skip: raw }, catalog).skip).toBe(expected);
  });

  it.each([
    ['1000001', 'skip must be at most 1000000'],
    ['-5', 'skip must be a whole number between 0 and 1000000'],
    ['ten', 'skip must be a whole number between 0 and 1000000'],
  ])('rejects skip=%j', (raw, message) => {
    const err = errorOf(() => parseListQuery({ skip: raw }, catalog));
    expect(err.param).toBe('skip');
    expect(err.message).toBe(message);
  });

  it('honours custom defaults and caps', () => {
    expect(parseListQuery({}, catalog, { take: 20 }).take).toBe(20);
    expect(parseListQuery({}, catalog, { take: 20, maxTake: 50 }).take).toBe(20);
    expect(parseListQuery({ take: '50' }, catalog, { maxTake: 50 }).take).toBe(50);
    expect(errorOf(() => parseListQuery({ take: '51' }, catalog, { maxTake: 50 })).message).toBe(
      'take must be at most 50',
    );
    // A default above the cap is reduced to the cap.
    expect(parseListQuery({}, catalog, { take: 500, maxTake: 50 }).take).toBe(50);
  });

  it('reports the parameter at fault', () => {
    expect(errorOf(() => parseListQuery({ filter: '{foo:1}' }, catalog)).param).toBe('filter');
    expect(errorOf(() => parseListQuery({ sort: 'foo' }, catalog)).param).toBe('sort');
    expect(errorOf(() => parseListQuery({ fields: 'foo' }, catalog)).param).toBe('fields');
    expect(errorOf(() => parseListQuery({ projection: 'foo' }, catalog)).param).toBe('projection');
  });

  it('ignores inherited parameter names', () => {
    const params = Object.create({ take: '5000' }) as Record<string, string | undefined>;
    expect(parseListQuery(params, catalog).take).toBe(100);
  });
});
