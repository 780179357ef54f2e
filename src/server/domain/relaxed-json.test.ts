import { describe, expect, it } from 'vitest';
import { parseRelaxedJson, RelaxedJsonError } from './relaxed-json.ts';

function errorOf(fn: () => unknown): RelaxedJsonError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RelaxedJsonError) return err;
    throw err;
  }
  throw new Error('expected a RelaxedJsonError');
}

describe('parseRelaxedJson: strict JSON', () => {
  const cases: string[] = [
    'null',
    'true',
    'false',
    '0',
    '-0',
    '12',
    '-12.5',
    '1e3',
    '1E-3',
    '2.5e+10',
    '""',
    '"hello"',
    '"esc \\" \\\\ \\/ \\b \\f \\n \\r \\t"',
    '"\\u00e9\\u20AC"',
    '"\\ud83d\\ude00"',
    '[]',
    '[1,2,3]',
    '{}',
    '{"a":1}',
    '{"a":{"b":[true,false,null,{"c":"d"}]}}',
    ' \t\r\n{ "a" : [ 1 , 2 ] } \n',
    '"unicode ✓ and emoji 😀"',
  ];
  it.each(cases)('parses %s like JSON.parse', (text) => {
    expect(parseRelaxedJson(text)).toEqual(JSON.parse(text));
  });
});

describe('parseRelaxedJson: relaxed syntax', () => {
  const cases: [string, unknown][] = [
    ['{name:"Revenue"}', { name: 'Revenue' }],
    ["{name:'Revenue'}", { name: 'Revenue' }],
    ["{'name':'Revenue'}", { name: 'Revenue' }],
    ['{name:{$regex:"Sales"}}', { name: { $regex: 'Sales' } }],
    [
      '{groups:{$in:["5e8c27e3dcdddaa4addbdee8"]}}',
      { groups: { $in: ['5e8c27e3dcdddaa4addbdee8'] } },
    ],
    ['{$and:[{a:1},{b:2}]}', { $and: [{ a: 1 }, { b: 2 }] }],
    ['{archived:false}', { archived: false }],
    ['{_id:1, a_b$c9:2}', { _id: 1, a_b$c9: 2 }],
    ['[1,2,]', [1, 2]],
    ['{a:1,}', { a: 1 }],
    ['{a:[1,],b:{c:2,},}', { a: [1], b: { c: 2 } }],
    ["'it\\'s'", "it's"],
    ['\'say "hi"\'', 'say "hi"'],
    ['"it\'s"', "it's"],
    ["'\\u0041\\n'", 'A\n'],
    ['{a:1,a:2}', { a: 2 }],
    ['{ a : 1 , b : "x" }', { a: 1, b: 'x' }],
    ['{true:1,null:2}', { true: 1, null: 2 }],
  ];
  it.each(cases)('parses %s', (text, expected) => {
    expect(parseRelaxedJson(text)).toEqual(expected);
  });

  it('stores __proto__ as an ordinary own key', () => {
    const result = parseRelaxedJson('{__proto__:{polluted:true}, "constructor":1}') as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(['__proto__', 'constructor']);
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect((result as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('keeps large but finite numbers', () => {
    expect(parseRelaxedJson('1.7976931348623157e308')).toBe(Number.MAX_VALUE);
    expect(parseRelaxedJson('5e-324')).toBe(5e-324);
  });
});

describe('parseRelaxedJson: errors', () => {
  const cases: [string, RegExp][] = [
    ['', /Unexpected end of input at position 0/],
    ['   ', /Unexpected end of input at position 3/],
    ['{', /Unexpected end of input at position 1, expected a property name/],
    ['{a', /Unexpected end of input at position 2, expected ':'/],
    ['{a:', /Unexpected end of input at position 3, expected a value/],
    ['{a:1', /expected ',' or '}'/],
    ['{a:1 b:2}', /Unexpected 'b' at position 5, expected ',' or '}'/],
    ['[1 2]', /Unexpected '2' at position 3, expected ',' or ']'/],
    ['[1,,2]', /Unexpected ',' at position 3, expected a value/],
    ['[,]', /Unexpected ',' at position 1/],
    ['{,}', /Unexpected ',' at position 1, expected a property name/],
    ['{a:1,,}', /Unexpected ',' at position 5/],
    ['{1a:1}', /expected a property name/],
    ['{a-b:1}', /Unexpected '-' at position 2, expected ':'/],
    ['{name:Sales}', /Unexpected word 'Sales' at position 6; strings must be quoted/],
    ['undefined', /Unexpected word 'undefined'/],
    ['NaN', /NaN is not a valid number/],
    ['Infinity', /Infinity is not a valid number/],
    ['-Infinity', /Infinity is not a valid number/],
    ['01', /leading zeros/],
    ['-01', /leading zeros/],
    ['+1', /Unexpected '\+' at position 0/],
    ['.5', /Unexpected '\.' at position 0/],
    ['1.', /expected a digit after the decimal point/],
    ['1e', /expected a digit in the exponent/],
    ['1e+', /expected a digit in the exponent/],
    ['0x10', /Unexpected 'x' at position 1 after the end of the value/],
    ['1e400', /Number out of range at position 0/],
    ['-', /expected a digit/],
    ['"abc', /Unterminated string starting at position 0/],
    ["'abc", /Unterminated string starting at position 0/],
    ['"abc\'', /Unterminated string/],
    ['"a\\', /Unterminated string/],
    ['"\\x41"', /Invalid escape '\\x' in string at position 1/],
    ['"\\u12"', /Invalid unicode escape in string at position 1/],
    ['"\\u12G4"', /Invalid unicode escape/],
    ['"line\nbreak"', /Unescaped control character U\+000A in string at position 5/],
    ['"tab\there"', /Unescaped control character U\+0009/],
    ['{} {}', /Unexpected '\{' at position 3 after the end of the value/],
    ['{}x', /after the end of the value/],
    ['/* c */ 1', /Unexpected '\/' at position 0/],
    ['{a:1}//', /after the end of the value/],
    ['`x`', /Unexpected '`'/],
    ['\u00a01', /Unexpected/],
  ];
  it.each(cases)('rejects %j', (text, message) => {
    const err = errorOf(() => parseRelaxedJson(text));
    expect(err.message).toMatch(message);
    expect(err.code).toBe('syntax');
    expect(err.name).toBe('RelaxedJsonError');
    expect(err).toBeInstanceOf(Error);
  });

  it('reports the position as a property', () => {
    const err = errorOf(() => parseRelaxedJson('{"a": tru}'));
    expect(err.position).toBe(6);
    expect(err.message).toContain('position 6');
  });

  it('truncates long unquoted words in messages', () => {
    const err = errorOf(() => parseRelaxedJson(`{a:${'x'.repeat(500)}}`));
    expect(err.message.length).toBeLessThan(120);
  });
});

describe('parseRelaxedJson: limits', () => {
  const nested = (depth: number, open = '[', close = ']') =>
    open.repeat(depth) + close.repeat(depth);
  const nestedObjects = (depth: number) => '{a:'.repeat(depth) + '1' + '}'.repeat(depth);

  it('allows nesting up to maxDepth', () => {
    expect(parseRelaxedJson(nested(8), { maxDepth: 8 })).toBeDefined();
    expect(parseRelaxedJson(nestedObjects(8), { maxDepth: 8 })).toBeDefined();
    expect(parseRelaxedJson('1', { maxDepth: 0 })).toBe(1);
  });

  it('rejects nesting beyond maxDepth', () => {
    for (const text of [nested(9), nestedObjects(9), '[{a:[{b:[{c:[{d:[1]}]}]}]}]']) {
      const err = errorOf(() => parseRelaxedJson(text, { maxDepth: 8 }));
      expect(err.code).toBe('depth');
      expect(err.message).toMatch(/Nesting deeper than 8 levels at position \d+/);
    }
    expect(errorOf(() => parseRelaxedJson('{}', { maxDepth: 0 })).code).toBe('depth');
  });

  it('counts depth along a path, not in total', () => {
    const wide = `[${Array.from({ length: 100 }, () => '[[1]]').join(',')}]`;
    expect(parseRelaxedJson(wide, { maxDepth: 3 })).toHaveLength(100);
  });

  it('has a default depth limit that prevents stack exhaustion', () => {
    const err = errorOf(() => parseRelaxedJson(nested(100_000)));
    expect(err.code).toBe('depth');
    expect(parseRelaxedJson(nested(64))).toBeDefined();
  });

  it('rejects input longer than maxLength before parsing', () => {
    const err = errorOf(() => parseRelaxedJson(`"${'a'.repeat(20)}"`, { maxLength: 10 }));
    expect(err.code).toBe('length');
    expect(err.message).toBe('Input is longer than 10 characters');
    expect(parseRelaxedJson('"abcdefgh"', { maxLength: 10 })).toBe('abcdefgh');
  });

  it('parses large flat inputs quickly and correctly', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => `'v${i}'`).join(',');
    const result = parseRelaxedJson(`{list:[${items},]}`) as { list: string[] };
    expect(result.list).toHaveLength(20_000);
    expect(result.list[19_999]).toBe('v19999');
  });
});
