import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearSafeRegexCache,
  compileSafeRegex,
  getSafeRegex,
  MAX_PATTERN_LENGTH,
  REGEX_CACHE_SIZE,
  REGEX_WORK_BUDGET,
  RegexBudgetError,
  runWithRegexBudget,
  safeRegexCacheSize,
  SafeRegexError,
} from './safe-regex.ts';

function errorOf(fn: () => unknown): SafeRegexError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SafeRegexError) return err;
    throw err;
  }
  throw new Error('expected a SafeRegexError');
}

/** [pattern, inputs...]: each input is checked against the native RegExp. */
const AGREEMENT: [string, ...string[]][] = [
  // literals and search semantics
  ['abc', 'abc', 'xxabcxx', 'ab', 'ABC', ''],
  ['', '', 'anything'],
  ['Sales', 'Q1 Sales target', 'sales', 'Sale'],
  ['a.c', 'abc', 'a-c', 'ac', 'a\nc', 'a\rc', 'a\u2028c'],
  ['...', 'ab', 'abc'],
  // anchors
  ['^abc', 'abc', 'xabc', 'abcx'],
  ['abc$', 'abc', 'abcx', 'xabc'],
  ['^abc$', 'abc', 'abcc', 'aabc', ''],
  ['^$', '', 'a', '\n'],
  ['^', '', 'x'],
  ['a^b', 'ab', 'a^b'],
  ['a|^b', 'cb', 'bc', 'ca'],
  ['(^a|b$)', 'ax', 'xa', 'xb', 'bx'],
  // alternation and groups
  ['cat|dog', 'hotdog', 'catalog', 'cow'],
  ['a|b|c', 'c', 'd'],
  ['gr(a|e)y', 'gray', 'grey', 'griy'],
  ['(?:ab)+c', 'ababc', 'abc', 'ac', 'aabbc'],
  ['(a|)b', 'b', 'ab', 'c'],
  ['(|x)y', 'y', 'xy'],
  ['((a)|(b))+$', 'abab', 'abc'],
  // quantifiers
  ['ab*c', 'ac', 'abc', 'abbbbc', 'adc'],
  ['ab+c', 'ac', 'abc', 'abbbc'],
  ['ab?c', 'ac', 'abc', 'abbc'],
  ['a{3}', 'aa', 'aaa', 'baaab'],
  ['^a{3}$', 'aa', 'aaa', 'aaaa'],
  ['^a{2,}$', 'a', 'aa', 'aaaaaa'],
  ['^a{2,4}$', 'a', 'aa', 'aaa', 'aaaa', 'aaaaa'],
  ['^a{0,2}b$', 'b', 'ab', 'aab', 'aaab'],
  ['^(ab){2}$', 'abab', 'ab', 'ababab'],
  ['^x{0}y$', 'y', 'xy'],
  ['^a*?b$', 'aaab', 'b', 'aac'],
  ['^a+?$', 'aaa', ''],
  ['^a??b', 'ab', 'b', 'aab'],
  ['^a{2,3}?$', 'aa', 'aaaa'],
  ['^(a|b)*c$', 'ababc', 'c', 'abab'],
  ['^(?:a?){3}a{3}$', 'aaa', 'aaaaaa', 'aa'],
  // groups with inner quantifiers that are not nested repetitions
  ['^(a?)+$', '', 'aaa', 'ab'],
  ['^(a+)?b$', 'aab', 'b', 'ab!'],
  ['^(a+){1}$', 'aaa', ''],
  ['^(\\d{3}-)+$', '555-123-', '555-12-', '555'],
  ['^(?:a{2}){2,3}$', 'aaaa', 'aaaaaa', 'aaaaa', 'aaaaaaaa'],
  // literal braces (Annex B)
  ['a{', 'a{', 'a'],
  ['a{,2}', 'a{,2}', 'aa'],
  ['x{a}', 'x{a}', 'x'],
  ['}', '}', 'x'],
  [']', ']', 'x'],
  // escapes
  ['\\.', '.', 'a'],
  ['a\\*b', 'a*b', 'aab'],
  ['\\\\', '\\', '/'],
  ['\\(\\)\\[\\]\\{\\}\\|\\+\\?\\^\\$\\/', '()[]{}|+?^$/', '()'],
  ['\\d+', 'abc123', 'abc'],
  ['^\\d{3}-\\d{4}$', '555-1234', '555-12345', '5a5-1234'],
  ['\\D', '123', '12a'],
  ['\\w+@\\w+\\.com', 'me@example.com', 'me@example.org', '@.com'],
  ['\\W', 'abc_123', 'abc-123'],
  ['\\s', 'a b', 'ab', 'a\tb', 'a\u00a0b', 'a\u3000b', 'a\ufeffb'],
  ['\\S', '   ', ' x '],
  ['a\\tb\\nc', 'a\tb\nc', 'atbnc'],
  ['\\x41\\u0042', 'AB', 'ab'],
  ['\\0', '\0', '0'],
  ['\\-\\ \\#\\%\\@\\\'\\"', '- #%@\'"', '-#%@'],
  ['\\bcat\\b', 'cat', 'a cat!', 'concat', 'cats'],
  ['\\Bcat', 'concat', 'cat'],
  ['\\b', '', 'a', ' '],
  // character classes
  ['[abc]', 'xbx', 'xyz'],
  ['^[a-z0-9_]+$', 'abc_123', 'abc-123', 'ABC'],
  ['[^a-z0-9_]', 'abc_123', 'abc-123', 'ABC'],
  ['[a-]', '-', 'a', 'b'],
  ['[-a]', '-', 'b'],
  ['[a\\-z]', '-', 'b', 'z'],
  ['[\\d.]+$', '3.14', 'pi'],
  ['[\\w\\s]', '-', ' ', 'x'],
  ['[^\\d\\s]', '1 2', '1x2'],
  ['[\\D]', '12', '1a'],
  ['[\\d-z]', '-', 'z', 'a', '5'],
  ['[.]', '.', 'a'],
  ['[*+?{}()|^$]', '*', '^', 'a'],
  ['[\\]]', ']', 'a'],
  ['[\\\\]', '\\', 'a'],
  ['[\\b]', '\b', 'b'],
  ['[]', '', 'a', '[]'],
  ['[^]', '', 'a', '\n'],
  ['[a-c-e]', 'd', '-', 'e', 'b'],
  ['[\\x30-\\x39]', '5', 'a'],
  ['[^\\n]', '\n', 'x'],
  // unicode-ish and surrogates
  ['é+', 'café', 'cafe'],
  ['^.$', '😀', 'é'],
  ['^..$', '😀'],
  ['[\\u00e0-\\u00ff]', 'voilà', 'voila'],
];

const AGREEMENT_I: [string, ...string[]][] = [
  ['sales', 'Q1 SALES', 'Sales', 'sale'],
  ['^ABC$', 'abc', 'AbC', 'abd'],
  ['[a-c]+x', 'ABCX', 'abcx', 'dx'],
  ['[^a]', 'A', 'a', 'b', 'Aa'],
  ['[^A-Z]', 'abc', 'ABC', '1'],
  ['\\w', 'A', '-'],
  ['\\W', 's', 'S', '-'],
  ['[\\W]', 's', 'k'],
  ['é', 'É', 'e'],
  ['straße', 'STRASSE', 'STRAßE', 'straße'],
  ['\\u017f', 's', 'S', '\u017f'],
  ['k', '\u212a', 'K'],
  ['[k]', '\u212a', 'K'],
  ['ǅ', 'Ǆ', 'ǆ', 'ǅ'],
  ['ς', 'Σ', 'σ', 'ς'],
  ['[σ]', 'ς', 'Σ'],
  ['µ', 'Μ', 'μ', 'µ'],
  ['ı', 'I', 'i', 'ı'],
  ['İ', 'i', 'I', 'İ'],
  ['[x-z]', 'Y', 'y', 'w'],
];

describe('compileSafeRegex agrees with RegExp', () => {
  const pairs = AGREEMENT.flatMap(([pattern, ...inputs]) =>
    inputs.map((input) => [pattern, input] as const),
  );
  it.each(pairs)('/%s/ on %j', (pattern, input) => {
    expect(compileSafeRegex(pattern).test(input)).toBe(new RegExp(pattern).test(input));
  });

  const pairsI = AGREEMENT_I.flatMap(([pattern, ...inputs]) =>
    inputs.map((input) => [pattern, input] as const),
  );
  it.each(pairsI)('/%s/i on %j', (pattern, input) => {
    expect(compileSafeRegex(pattern, 'i').test(input)).toBe(new RegExp(pattern, 'i').test(input));
  });

  it('covers a reasonably large table', () => {
    expect(pairs.length + pairsI.length).toBeGreaterThanOrEqual(60);
  });

  it('agrees on random short patterns over a small alphabet', () => {
    // Deterministic pseudo-random generator so that failures are reproducible.
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const atoms = [
      'a',
      'b',
      '.',
      '[ab]',
      '[^a]',
      '(a|b)',
      '(?:ab|a)',
      '\\w',
      '(a*)',
      '^',
      '$',
      '\\b',
    ];
    const quantifiers = ['', '', '', '*', '+', '?', '{2}', '{1,2}', '{0,}', '*?'];
    let refused = 0;
    for (let n = 0; n < 400; n++) {
      let pattern = '';
      let nested = false;
      const len = 1 + rand(4);
      for (let k = 0; k < len; k++) {
        const atom = atoms[rand(atoms.length)] as string;
        const quantifier = /^[$^]|\\b/.test(atom)
          ? ''
          : (quantifiers[rand(quantifiers.length)] as string);
        // Repeating the group `(a*)` (anything but '' or '?') nests quantifiers.
        if (atom === '(a*)' && quantifier !== '' && quantifier !== '?') nested = true;
        pattern += atom + quantifier;
      }
      if (nested) {
        expect(errorOf(() => compileSafeRegex(pattern)).message).toMatch(/^Nested quantifiers/);
        refused++;
        continue;
      }
      const safe = compileSafeRegex(pattern);
      const native = new RegExp(pattern);
      for (let m = 0; m < 8; m++) {
        let input = '';
        const inputLength = rand(7);
        for (let k = 0; k < inputLength; k++) input += 'ab -'.charAt(rand(4));
        expect([pattern, input, safe.test(input)]).toEqual([pattern, input, native.test(input)]);
      }
    }
    // Both paths are taken, and most generated patterns are compared.
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(100);
  });
});

describe('compileSafeRegex runs in linear time', () => {
  const long = 'a'.repeat(50_000);
  const cases: [string, string, boolean][] = [
    ['a+$', `${long}b`, false],
    ['a+$', long, true],
    ['^(a|a)*$', `${long}!`, false],
    ['^(a|aa)+$', `${long}b`, false],
    ['^(a|a?)+$', `${long}b`, false],
    ['a*a*a*a*a*b', long, false],
    ['^[\\w\\s]*$', `${'word '.repeat(10_000)}!`, false],
    ['.*a.*a.*a.*a.*a.*a.*a.*a.*a.*a', long.slice(0, 5_000), true],
    ['.*a.*a.*a.*a.*a.*a.*a.*a.*a.*a', 'a'.repeat(9) + 'b'.repeat(20_000), false],
    ['^(a?){50}a{50}$', 'a'.repeat(50), true],
    ['^(a?){50}a{50}$', 'a'.repeat(49), false],
    ['x+x+y', 'x'.repeat(20_000), false],
  ];
  it.each(cases)('/%s/ on a long input', (pattern, input, expected) => {
    expect(compileSafeRegex(pattern).test(input)).toBe(expected);
  });

  it('handles long inputs case-insensitively', () => {
    expect(compileSafeRegex('A+$', 'i').test(`${long}b`)).toBe(false);
    expect(compileSafeRegex('A+B$', 'i').test(`${long}b`)).toBe(true);
  });
});

describe('compileSafeRegex refuses nested quantifiers', () => {
  const NESTED = /^Nested quantifiers such as \(a\+\)\+ are not supported/;
  it.each([
    '(a+)+',
    '(a*)*',
    '(a+)+$',
    '(a*)*b',
    '(.*a){100}',
    '(.*a){20}!',
    '(x+x+)+y',
    '((ab)*c)+',
    '^(\\w+\\s?)*$',
    '^(([a-z])+.)+[A-Z]([a-z])+$',
    '(a|b+)*',
    '(a+){2}',
    '(a+){0,2}',
    '(?:a{1,3}b){2}',
    '(?:\\d{1,3}\\.){3}\\d{1,3}',
    '(?:(?:a+){1})+',
    '(?:x(?:a|b{2,})?)*',
    '(a+)*?',
  ])('/%s/', (pattern) => {
    const err = errorOf(() => compileSafeRegex(pattern));
    expect(err.message).toMatch(NESTED);
    expect(err.name).toBe('SafeRegexError');
    expect(() => new RegExp(pattern)).not.toThrow();
  });

  it('says where the outer quantifier is', () => {
    expect(errorOf(() => compileSafeRegex('ab(.*a){100}')).message).toContain(
      'the quantifier at position 7 repeats a group that already contains one',
    );
    expect(errorOf(() => compileSafeRegex('(a+)+', 'i')).message).toMatch(NESTED);
  });

  it.each(['(a|aa)+', '(a?)+', '(a+)?', '(a+){1}', '(a+){0,1}', '(\\d{3}-)+', '(?:a{2}){3}'])(
    'accepts /%s/, which repeats no repetition',
    (pattern) => {
      expect(() => compileSafeRegex(pattern)).not.toThrow();
    },
  );
});

describe('runWithRegexBudget', () => {
  // Hundreds of instructions, all of them alive at every position of a long text.
  const costly = compileSafeRegex('.{0,100}.{0,100}.{0,100}x');
  const text = 'a'.repeat(20_000);

  it('throws a RegexBudgetError once the budget is spent', () => {
    const err = errorOf(() => runWithRegexBudget(REGEX_WORK_BUDGET, () => costly.test(text)));
    expect(err).toBeInstanceOf(RegexBudgetError);
    expect(err.name).toBe('RegexBudgetError');
    expect(err.message).toBe(
      'The $regex pattern needs too much work on this data; use a simpler pattern',
    );
  });

  it('shares one budget among all tests run in the scope', () => {
    const re = compileSafeRegex('needle');
    const row = 'x'.repeat(1_000);
    // About three units per character of text here.
    expect(runWithRegexBudget(10_000, () => [re.test(row), re.test(row)])).toEqual([false, false]);
    const err = errorOf(() =>
      runWithRegexBudget(10_000, () => {
        for (let i = 0; i < 10; i++) re.test(row);
      }),
    );
    expect(err).toBeInstanceOf(RegexBudgetError);
  });

  it('answers like RegExp within the budget', () => {
    for (const [pattern, ...inputs] of AGREEMENT) {
      const safe = compileSafeRegex(pattern);
      for (const input of inputs) {
        expect(runWithRegexBudget(REGEX_WORK_BUDGET, () => safe.test(input))).toBe(
          new RegExp(pattern).test(input),
        );
      }
    }
  });

  it('leaves tests outside a scope unlimited, also after a scope was exhausted', () => {
    expect(() => runWithRegexBudget(1_000, () => costly.test(text))).toThrow(RegexBudgetError);
    expect(costly.test(`${text}x`)).toBe(true);
    expect(costly.test(text)).toBe(false);
  });

  it('gives an inner scope no more than the outer one has left', () => {
    const re = compileSafeRegex('needle');
    const row = 'x'.repeat(1_000);
    const err = errorOf(() =>
      runWithRegexBudget(5_000, () => {
        re.test(row);
        runWithRegexBudget(REGEX_WORK_BUDGET, () => {
          for (let i = 0; i < 5; i++) re.test(row);
        });
      }),
    );
    expect(err).toBeInstanceOf(RegexBudgetError);
    // And what the inner scope spent is gone from the outer one.
    const spentInside = errorOf(() =>
      runWithRegexBudget(7_000, () => {
        runWithRegexBudget(REGEX_WORK_BUDGET, () => re.test(row));
        runWithRegexBudget(REGEX_WORK_BUDGET, () => re.test(row));
        re.test(row);
      }),
    );
    expect(spentInside).toBeInstanceOf(RegexBudgetError);
  });
});

describe('compileSafeRegex rejects unsupported or invalid patterns', () => {
  const cases: [string, RegExp][] = [
    ['(a)\\1', /Backreferences are not supported/],
    ['\\k<x>', /Named backreferences are not supported/],
    ['(?=a)', /Lookahead assertions are not supported/],
    ['(?!a)', /Lookahead assertions are not supported/],
    ['(?<=a)b', /Lookbehind assertions are not supported/],
    ['(?<!a)b', /Lookbehind assertions are not supported/],
    ['(?<year>\\d{4})', /Named groups are not supported/],
    ['(?i:a)', /Unsupported group syntax/],
    ['\\p{L}', /Unicode property escapes are not supported/],
    ['\\P{L}', /Unicode property escapes are not supported/],
    ['\\u{1F600}', /\\u\{...\} are not supported/],
    ['\\cA', /Control character escapes/],
    ['\\01', /Octal escapes are not supported/],
    ['[\\1]', /Octal escapes are not supported/],
    ['\\xZZ', /Invalid \\x escape/],
    ['\\u12', /Invalid \\u escape/],
    ['\\a', /Unknown escape '\\a'/],
    ['\\A', /Unknown escape '\\A'/],
    ['\\Z', /Unknown escape '\\Z'/],
    ['[\\B]', /Unknown escape '\\B' in character class/],
    ['abc\\', /may not end with a backslash/],
    ['[abc\\', /may not end with a backslash/],
    ['(abc', /Unterminated group at position 0/],
    ['((a)', /Unterminated group/],
    ['abc)', /Unmatched '\)' at position 3/],
    ['[abc', /Unterminated character class at position 0/],
    ['[z-a]', /Range out of order in character class/],
    ['*a', /Nothing to repeat before '\*' at position 0/],
    ['+', /Nothing to repeat/],
    ['a|?', /Nothing to repeat/],
    ['(*)', /Nothing to repeat/],
    ['{2}', /Nothing to repeat before '\{'/],
    ['a**', /Nothing to repeat/],
    ['a{2}{3}', /Nothing to repeat/],
    ['a*??', /Nothing to repeat/],
    ['^*', /An assertion cannot be repeated/],
    ['$+', /An assertion cannot be repeated/],
    ['\\b?', /An assertion cannot be repeated/],
    ['a{101}', /Repetition counts above 100 are not supported/],
    ['a{1,101}', /Repetition counts above 100/],
    ['a{3,2}', /Numbers out of order in \{\} quantifier/],
    ['(?:a{100}){100}', /too complex/],
    ['((a{20}){20}){30}', /too complex/],
    ['(?:(?:(?:(?:){100}){100}){100}){100}', /too complex/],
  ];
  it.each(cases)('/%s/', (pattern, message) => {
    const err = errorOf(() => compileSafeRegex(pattern));
    expect(err.message).toMatch(message);
    expect(err.name).toBe('SafeRegexError');
  });

  it('accepts patterns that are also valid JavaScript', () => {
    for (const [pattern] of AGREEMENT) expect(() => new RegExp(pattern)).not.toThrow();
  });

  it('rejects patterns longer than the limit', () => {
    expect(compileSafeRegex('a'.repeat(MAX_PATTERN_LENGTH)).test('a'.repeat(300))).toBe(true);
    const err = errorOf(() => compileSafeRegex('a'.repeat(MAX_PATTERN_LENGTH + 1)));
    expect(err.message).toBe(`Regular expression is longer than ${MAX_PATTERN_LENGTH} characters`);
  });

  it('accepts repetition up to the limits', () => {
    expect(compileSafeRegex('^a{100}$').test('a'.repeat(100))).toBe(true);
    expect(compileSafeRegex('^a{100}$').test('a'.repeat(99))).toBe(false);
    const blocks = compileSafeRegex('^(?:ab{100}){1,40}$');
    expect(blocks.test(`a${'b'.repeat(100)}`.repeat(40))).toBe(true);
    expect(blocks.test(`a${'b'.repeat(100)}`.repeat(41))).toBe(false);
  });

  it.each(['g', 'm', 's', 'u', 'y', 'ii', 'gi', 'I', ' '])('rejects flags %j', (flags) => {
    const err = errorOf(() => compileSafeRegex('a', flags));
    expect(err.message).toContain(`'${flags}'`);
    expect(err.message).toContain("only 'i'");
  });

  it('reports positions in the pattern', () => {
    expect(errorOf(() => compileSafeRegex('abc(?=x)')).message).toContain('position 3');
  });
});

describe('compileSafeRegex object', () => {
  it('exposes source and flags and can be reused', () => {
    const re = compileSafeRegex('^a', 'i');
    expect(re.source).toBe('^a');
    expect(re.flags).toBe('i');
    expect(re.test('Abc')).toBe(true);
    expect(re.test('bac')).toBe(false);
    expect(re.test('abc')).toBe(true);
  });

  it('defaults to no flags', () => {
    expect(compileSafeRegex('a').flags).toBe('');
    expect(compileSafeRegex('a').test('A')).toBe(false);
  });
});

describe('getSafeRegex cache', () => {
  beforeEach(() => clearSafeRegexCache());

  it('returns the same compiled object for the same pattern and flags', () => {
    const a = getSafeRegex('abc');
    expect(getSafeRegex('abc')).toBe(a);
    expect(getSafeRegex('abc', '')).toBe(a);
    expect(getSafeRegex('abc', 'i')).not.toBe(a);
    expect(safeRegexCacheSize()).toBe(2);
  });

  it('does not confuse patterns that could collide in the key', () => {
    const a = getSafeRegex('i/x');
    const b = getSafeRegex('x', 'i');
    expect(a).not.toBe(b);
    expect(a.test('i/x')).toBe(true);
    expect(b.test('X')).toBe(true);
  });

  it('evicts the least recently used entry beyond the size limit', () => {
    const first = getSafeRegex('p0');
    const second = getSafeRegex('p1');
    for (let i = 2; i < REGEX_CACHE_SIZE; i++) getSafeRegex(`p${i}`);
    expect(safeRegexCacheSize()).toBe(REGEX_CACHE_SIZE);
    expect(getSafeRegex('p0')).toBe(first); // refreshes p0
    getSafeRegex('overflow');
    expect(safeRegexCacheSize()).toBe(REGEX_CACHE_SIZE);
    expect(getSafeRegex('p0')).toBe(first);
    expect(getSafeRegex('p1')).not.toBe(second); // p1 was evicted and recompiled
  });

  it('propagates compilation errors and does not cache them', () => {
    expect(() => getSafeRegex('(?=x)')).toThrow(SafeRegexError);
    expect(safeRegexCacheSize()).toBe(0);
  });
});
