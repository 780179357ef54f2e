/**
 * Linear-time regular expressions for user-supplied patterns (`$regex` filters).
 *
 * Patterns are parsed into a small AST, compiled into a Thompson-NFA program and
 * executed by simulating all NFA states in lock-step (Pike VM without captures).
 * There is no backtracking, so matching costs O(program size × input length) in the
 * worst case, whatever the pattern.
 *
 * The accepted syntax is a subset of JavaScript regular expressions (non-unicode
 * mode) and `test()` gives the same answer as `RegExp.prototype.test` for it:
 * literals, `.`, `\d \w \s \D \W \S`, `\b \B`, `\n \r \t \v \f \0 \xHH \uHHHH`,
 * escaped punctuation, character classes with ranges and escapes, `^` and `$`
 * (no multiline), capturing and non-capturing groups, `|`, and the quantifiers
 * `* + ? {n} {n,} {n,m}` (optionally lazy). Backreferences, lookarounds, named
 * groups, unicode property escapes and inline modifiers are rejected.
 *
 * Nested quantifiers are rejected too: a quantifier that can repeat (`*`, `+`, or
 * `{n}` / `{n,m}` with a maximum above 1, exact counts included) may not apply to a
 * group that itself contains a repetition of varying length (`*`, `+`, `{n,}`, or
 * `{n,m}` with m > n and m > 1). So `(a+)+`, `(.*a){100}` and `((ab)*c)+` are refused,
 * while `(a|aa)+`, `(a?)+`, `(\d{3}-)+` and `(a+)?` are accepted: an inner `?` or an
 * exact `{n}` is a fixed expansion, and an outer `?` repeats nothing. They are the
 * classic shapes that hang backtracking engines; here they would only multiply the
 * program size, and so the cost per character, by the outer count.
 *
 * Flat patterns can still be costly on long texts (`.{0,100}` thirty times is a
 * program of thousands of instructions), so callers that run one pattern over many
 * rows set a work budget with {@link runWithRegexBudget}: once the matcher has spent
 * it, `test()` throws a {@link RegexBudgetError}.
 */

export class SafeRegexError extends Error {
  override readonly name: string = 'SafeRegexError';
}

/** The work budget of the current {@link runWithRegexBudget} scope is spent. */
export class RegexBudgetError extends SafeRegexError {
  override readonly name: string = 'RegexBudgetError';

  constructor() {
    super('The $regex pattern needs too much work on this data; use a simpler pattern');
  }
}

export interface SafeRegex {
  readonly source: string;
  readonly flags: '' | 'i';
  test(input: string): boolean;
}

export const MAX_PATTERN_LENGTH = 256;
export const MAX_REPEAT = 100;
export const MAX_PROGRAM_SIZE = 10_000;
export const REGEX_CACHE_SIZE = 500;
/**
 * Work units one budget scope may spend (see `run` for what a unit is): about 80–100 ms of
 * matching, e.g. a pattern of thousands of instructions over a few thousand characters, or a
 * plain word over about six million.
 */
export const REGEX_WORK_BUDGET = 20_000_000;

// ---------------------------------------------------------------------------
// Character predicates

/** Tests a UTF-16 code unit. */
type CharTest = (c: number) => boolean;

const isDigitChar: CharTest = (c) => c >= 0x30 && c <= 0x39;

const isWordChar: CharTest = (c) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;

const isSpaceChar: CharTest = (c) =>
  (c >= 0x09 && c <= 0x0d) ||
  c === 0x20 ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff;

const isLineTerminator: CharTest = (c) => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;

/** JavaScript's case canonicalization for non-unicode, case-insensitive regexes. */
function computeCanonical(c: number): number {
  if (c < 0x80) return c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
  const upper = String.fromCharCode(c).toUpperCase();
  if (upper.length !== 1) return c;
  const u = upper.charCodeAt(0);
  return u < 0x80 ? c : u;
}

interface CaseTables {
  /** Canonical form of every UTF-16 code unit. */
  canonical: Uint16Array;
  /** For canonical values shared by several code units: all of them. */
  equivalents: Map<number, number[]>;
}

let caseTables: CaseTables | null = null;

/** Built once, on the first case-insensitive pattern. */
function getCaseTables(): CaseTables {
  if (caseTables) return caseTables;
  const canonical = new Uint16Array(0x10000);
  const equivalents = new Map<number, number[]>();
  for (let c = 0; c < 0x10000; c++) {
    const u = computeCanonical(c);
    canonical[c] = u;
    if (u !== c) {
      const group = equivalents.get(u);
      if (group) group.push(c);
      else equivalents.set(u, [u, c]);
    }
  }
  caseTables = { canonical, equivalents };
  return caseTables;
}

// ---------------------------------------------------------------------------
// AST

/** One element of a character class: a code-unit range or a predefined class. */
type ClassItem = { lo: number; hi: number } | { test: CharTest };

type Node =
  | { t: 'empty' }
  | { t: 'char'; code: number }
  | { t: 'any' }
  | { t: 'class'; items: ClassItem[]; negated: boolean }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; alts: Node[] }
  | { t: 'repeat'; node: Node; min: number; max: number /* Infinity = unbounded */ }
  | { t: 'assert'; kind: AssertKind };

type AssertKind = 'bol' | 'eol' | 'wordBoundary' | 'notWordBoundary';

const BRACE_QUANTIFIER = /\{(\d+)(,(\d*))?\}/y;

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Whether `node` repeats something a varying number of times (more than once). */
function containsRepetition(node: Node): boolean {
  switch (node.t) {
    case 'repeat':
      return (node.max > 1 && node.max !== node.min) || containsRepetition(node.node);
    case 'cat':
      return node.items.some(containsRepetition);
    case 'alt':
      return node.alts.some(containsRepetition);
    default:
      return false;
  }
}

class PatternParser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.parseAlternation();
    if (this.pos < this.src.length) {
      // Only an unmatched ')' can stop the top-level alternation early.
      throw this.fail(`Unmatched ')'`);
    }
    return node;
  }

  private fail(message: string): SafeRegexError {
    return new SafeRegexError(`${message} at position ${this.pos} in regular expression`);
  }

  private peek(offset = 0): string {
    return this.src.charAt(this.pos + offset);
  }

  private parseAlternation(): Node {
    const alts: Node[] = [this.parseSequence()];
    while (this.peek() === '|') {
      this.pos++;
      alts.push(this.parseSequence());
    }
    return alts.length === 1 ? (alts[0] as Node) : { t: 'alt', alts };
  }

  private parseSequence(): Node {
    const items: Node[] = [];
    while (this.pos < this.src.length) {
      const ch = this.peek();
      if (ch === '|' || ch === ')') break;
      const atomStart = this.pos;
      const atom = this.parseAtom();
      const quantified = this.parseQuantifier(atom, atomStart);
      items.push(quantified);
    }
    if (items.length === 0) return { t: 'empty' };
    return items.length === 1 ? (items[0] as Node) : { t: 'cat', items };
  }

  private parseAtom(): Node {
    const ch = this.peek();
    switch (ch) {
      case '^':
        this.pos++;
        return { t: 'assert', kind: 'bol' };
      case '$':
        this.pos++;
        return { t: 'assert', kind: 'eol' };
      case '.':
        this.pos++;
        return { t: 'any' };
      case '(':
        return this.parseGroup();
      case '[':
        return this.parseClass();
      case '\\':
        return this.parseEscape();
      case '*':
      case '+':
      case '?':
        throw this.fail(`Nothing to repeat before '${ch}'`);
      case '{':
        if (this.readBraceQuantifier(false) !== null) {
          throw this.fail(`Nothing to repeat before '{'`);
        }
        this.pos++;
        return { t: 'char', code: 0x7b };
      default:
        this.pos++;
        return { t: 'char', code: ch.charCodeAt(0) };
    }
  }

  private parseGroup(): Node {
    const openedAt = this.pos;
    this.pos++; // (
    if (this.peek() === '?') {
      const next = this.peek(1);
      const after = this.peek(2);
      if (next === ':') {
        this.pos += 2;
      } else {
        this.pos = openedAt;
        if (next === '=' || next === '!') {
          throw this.fail('Lookahead assertions are not supported');
        }
        if (next === '<' && (after === '=' || after === '!')) {
          throw this.fail('Lookbehind assertions are not supported');
        }
        if (next === '<') throw this.fail('Named groups are not supported');
        throw this.fail('Unsupported group syntax');
      }
    }
    const inner = this.parseAlternation();
    if (this.peek() !== ')') {
      this.pos = openedAt;
      throw this.fail(`Unterminated group`);
    }
    this.pos++;
    return inner;
  }

  /**
   * Reads `{n}`, `{n,}` or `{n,m}` at the current position. Returns null (without
   * moving) if the text there is not a valid quantifier, in which case `{` is a literal.
   */
  private readBraceQuantifier(consume: boolean): { min: number; max: number } | null {
    BRACE_QUANTIFIER.lastIndex = this.pos;
    const m = BRACE_QUANTIFIER.exec(this.src);
    if (!m) return null;
    const minText = m[1] as string;
    const min = Number(minText);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (consume) {
      if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) {
        throw this.fail(`Repetition counts above ${MAX_REPEAT} are not supported`);
      }
      if (max < min) throw this.fail('Numbers out of order in {} quantifier');
      this.pos += m[0].length;
    }
    return { min, max };
  }

  private parseQuantifier(atom: Node, atomStart: number): Node {
    let node = atom;
    let quantifierSeen = false;
    for (;;) {
      const quantifierAt = this.pos;
      const ch = this.peek();
      let min: number;
      let max: number;
      if (ch === '*') {
        min = 0;
        max = Infinity;
        this.pos++;
      } else if (ch === '+') {
        min = 1;
        max = Infinity;
        this.pos++;
      } else if (ch === '?') {
        min = 0;
        max = 1;
        this.pos++;
      } else if (ch === '{') {
        const q = this.readBraceQuantifier(true);
        if (q === null) return node;
        ({ min, max } = q);
      } else {
        return node;
      }
      if (quantifierSeen) {
        this.pos--;
        throw this.fail('Nothing to repeat (quantifier follows another quantifier)');
      }
      if (atom.t === 'assert') {
        this.pos = atomStart;
        throw this.fail('An assertion cannot be repeated');
      }
      if (max > 1 && containsRepetition(atom)) {
        throw new SafeRegexError(
          `Nested quantifiers such as (a+)+ are not supported: the quantifier at position ${quantifierAt} repeats a group that already contains one`,
        );
      }
      quantifierSeen = true;
      if (this.peek() === '?') this.pos++; // lazy: same result for test()
      node = { t: 'repeat', node, min, max };
    }
  }

  private parseEscape(): Node {
    const escStart = this.pos;
    this.pos++; // backslash
    if (this.pos >= this.src.length) {
      this.pos = escStart;
      throw this.fail('Pattern may not end with a backslash');
    }
    const ch = this.peek();
    switch (ch) {
      case 'b':
        this.pos++;
        return { t: 'assert', kind: 'wordBoundary' };
      case 'B':
        this.pos++;
        return { t: 'assert', kind: 'notWordBoundary' };
      default: {
        const item = this.parseCommonEscape(escStart, false);
        return 'test' in item
          ? { t: 'class', items: [item], negated: false }
          : { t: 'char', code: item.lo };
      }
    }
  }

  /**
   * Parses an escape shared by atoms and classes; `this.pos` is just after the
   * backslash. Returns a single-character range or a predefined class.
   */
  private parseCommonEscape(escStart: number, inClass: boolean): ClassItem {
    const ch = this.peek();
    const single = (code: number, len = 1): ClassItem => {
      this.pos += len;
      return { lo: code, hi: code };
    };
    switch (ch) {
      case 'd':
        this.pos++;
        return { test: isDigitChar };
      case 'D':
        this.pos++;
        return { test: (c) => !isDigitChar(c) };
      case 'w':
        this.pos++;
        return { test: isWordChar };
      case 'W':
        this.pos++;
        return { test: (c) => !isWordChar(c) };
      case 's':
        this.pos++;
        return { test: isSpaceChar };
      case 'S':
        this.pos++;
        return { test: (c) => !isSpaceChar(c) };
      case 'n':
        return single(0x0a);
      case 'r':
        return single(0x0d);
      case 't':
        return single(0x09);
      case 'v':
        return single(0x0b);
      case 'f':
        return single(0x0c);
      case 'x': {
        const hex = this.src.slice(this.pos + 1, this.pos + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
          this.pos = escStart;
          throw this.fail('Invalid \\x escape (expected two hex digits)');
        }
        return single(parseInt(hex, 16), 3);
      }
      case 'u': {
        if (this.peek(1) === '{') {
          this.pos = escStart;
          throw this.fail('Unicode code point escapes \\u{...} are not supported');
        }
        const hex = this.src.slice(this.pos + 1, this.pos + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          this.pos = escStart;
          throw this.fail('Invalid \\u escape (expected four hex digits)');
        }
        return single(parseInt(hex, 16), 5);
      }
      case 'p':
      case 'P':
        this.pos = escStart;
        throw this.fail('Unicode property escapes are not supported');
      case 'k':
        this.pos = escStart;
        throw this.fail('Named backreferences are not supported');
      case 'c':
        this.pos = escStart;
        throw this.fail('Control character escapes (\\c) are not supported');
      case '0':
        if (isDigitChar(this.src.charCodeAt(this.pos + 1))) {
          this.pos = escStart;
          throw this.fail('Octal escapes are not supported');
        }
        return single(0);
      default:
        break;
    }
    const code = ch.charCodeAt(0);
    if (code >= 0x31 && code <= 0x39) {
      this.pos = escStart;
      throw this.fail(
        inClass ? 'Octal escapes are not supported' : 'Backreferences are not supported',
      );
    }
    if (isAsciiAlnum(code)) {
      this.pos = escStart;
      throw this.fail(`Unknown escape '\\${ch}'`);
    }
    // Any other escaped character (punctuation, space, non-ASCII) stands for itself.
    return single(code);
  }

  private parseClass(): Node {
    const openedAt = this.pos;
    this.pos++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const items: ClassItem[] = [];
    for (;;) {
      if (this.pos >= this.src.length) {
        this.pos = openedAt;
        throw this.fail('Unterminated character class');
      }
      if (this.peek() === ']') {
        this.pos++;
        break;
      }
      const first = this.parseClassAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.pos + 1 < this.src.length) {
        const dashPos = this.pos;
        this.pos++; // -
        const second = this.parseClassAtom();
        if ('test' in first || 'test' in second) {
          // Like JavaScript (Annex B): a class escape next to '-' makes the '-' literal.
          items.push(first, { lo: 0x2d, hi: 0x2d }, second);
          continue;
        }
        if (first.lo > second.lo) {
          this.pos = dashPos;
          throw this.fail('Range out of order in character class');
        }
        items.push({ lo: first.lo, hi: second.lo });
        continue;
      }
      items.push(first);
    }
    return { t: 'class', items, negated };
  }

  private parseClassAtom(): ClassItem {
    const ch = this.peek();
    if (ch !== '\\') {
      this.pos++;
      const code = ch.charCodeAt(0);
      return { lo: code, hi: code };
    }
    const escStart = this.pos;
    this.pos++;
    if (this.pos >= this.src.length) {
      this.pos = escStart;
      throw this.fail('Pattern may not end with a backslash');
    }
    const e = this.peek();
    if (e === 'b') {
      this.pos++;
      return { lo: 0x08, hi: 0x08 }; // backspace inside a class
    }
    if (e === '-') {
      this.pos++;
      return { lo: 0x2d, hi: 0x2d };
    }
    if (e === 'B') {
      this.pos = escStart;
      throw this.fail(`Unknown escape '\\B' in character class`);
    }
    return this.parseCommonEscape(escStart, true);
  }
}

// ---------------------------------------------------------------------------
// Program

const OP_CHAR = 0;
const OP_SPLIT = 1;
const OP_JMP = 2;
const OP_ASSERT = 3;
const OP_MATCH = 4;

const ASSERT_CODES: Record<AssertKind, number> = {
  bol: 0,
  eol: 1,
  wordBoundary: 2,
  notWordBoundary: 3,
};

interface Program {
  op: Int32Array;
  /** OP_CHAR: matcher index; OP_SPLIT/OP_JMP: first target; OP_ASSERT: assertion code. */
  x: Int32Array;
  /** OP_SPLIT: second target. */
  y: Int32Array;
  matchers: CharTest[];
  size: number;
}

const MAX_COMPILE_WORK = MAX_PROGRAM_SIZE * 10;

function tooComplex(): SafeRegexError {
  return new SafeRegexError(
    'Regular expression is too complex (too many repetitions); simplify the pattern',
  );
}

class Compiler {
  private readonly op: number[] = [];
  private readonly x: number[] = [];
  private readonly y: number[] = [];
  private readonly matchers: CharTest[] = [];
  private work = 0;

  constructor(private readonly ignoreCase: boolean) {}

  compile(root: Node): Program {
    this.emitNode(root);
    this.emit(OP_MATCH, 0, 0);
    return {
      op: Int32Array.from(this.op),
      x: Int32Array.from(this.x),
      y: Int32Array.from(this.y),
      matchers: this.matchers,
      size: this.op.length,
    };
  }

  private emit(op: number, x: number, y: number): number {
    if (this.op.length >= MAX_PROGRAM_SIZE) throw tooComplex();
    this.op.push(op);
    this.x.push(x);
    this.y.push(y);
    return this.op.length - 1;
  }

  private emitNode(node: Node): void {
    // Bounds the work spent on constructs that expand to nothing, e.g. `(?:){100}`.
    if (++this.work > MAX_COMPILE_WORK) throw tooComplex();
    switch (node.t) {
      case 'empty':
        return;
      case 'char':
        this.emit(OP_CHAR, this.addMatcher(this.charMatcher(node.code)), 0);
        return;
      case 'any':
        this.emit(
          OP_CHAR,
          this.addMatcher((c) => !isLineTerminator(c)),
          0,
        );
        return;
      case 'class':
        this.emit(OP_CHAR, this.addMatcher(this.classMatcher(node.items, node.negated)), 0);
        return;
      case 'assert':
        this.emit(OP_ASSERT, ASSERT_CODES[node.kind], 0);
        return;
      case 'cat':
        for (const item of node.items) this.emitNode(item);
        return;
      case 'alt': {
        // split L1, next; L1: alt0; jmp end; next: split L2, next2; ... last alt
        const jumps: number[] = [];
        node.alts.forEach((alt, i) => {
          if (i < node.alts.length - 1) {
            const split = this.emit(OP_SPLIT, 0, 0);
            this.x[split] = split + 1;
            this.emitNode(alt);
            jumps.push(this.emit(OP_JMP, 0, 0));
            this.y[split] = this.op.length;
          } else {
            this.emitNode(alt);
          }
        });
        for (const j of jumps) this.x[j] = this.op.length;
        return;
      }
      case 'repeat':
        this.emitRepeat(node.node, node.min, node.max);
        return;
    }
  }

  private emitRepeat(node: Node, min: number, max: number): void {
    for (let i = 0; i < min; i++) this.emitNode(node);
    if (max === Infinity) {
      // L: split body, end; body; jmp L; end:
      const split = this.emit(OP_SPLIT, 0, 0);
      this.x[split] = split + 1;
      this.emitNode(node);
      this.emit(OP_JMP, split, 0);
      this.y[split] = this.op.length;
      return;
    }
    // (body (body (body)?)?)? — every optional copy can jump straight to the end.
    const splits: number[] = [];
    for (let i = min; i < max; i++) {
      const split = this.emit(OP_SPLIT, 0, 0);
      this.x[split] = split + 1;
      splits.push(split);
      this.emitNode(node);
    }
    for (const s of splits) this.y[s] = this.op.length;
  }

  private addMatcher(test: CharTest): number {
    this.matchers.push(test);
    return this.matchers.length - 1;
  }

  private charMatcher(code: number): CharTest {
    if (!this.ignoreCase) return (c) => c === code;
    const { canonical, equivalents } = getCaseTables();
    const canon = canonical[code] as number;
    if (!equivalents.has(canon)) return (c) => c === code;
    return (c) => canonical[c] === canon;
  }

  private classMatcher(items: ClassItem[], negated: boolean): CharTest {
    const ranges: number[] = [];
    const tests: CharTest[] = [];
    for (const item of items) {
      if ('test' in item) tests.push(item.test);
      else ranges.push(item.lo, item.hi);
    }
    const inSet = (c: number): boolean => {
      for (let i = 0; i < ranges.length; i += 2) {
        if (c >= (ranges[i] as number) && c <= (ranges[i + 1] as number)) return true;
      }
      for (const t of tests) if (t(c)) return true;
      return false;
    };
    let matches: CharTest = inSet;
    if (this.ignoreCase) {
      // Matches when any character with the same canonical form is in the set.
      const { canonical, equivalents } = getCaseTables();
      matches = (c) => {
        if (inSet(c)) return true;
        const group = equivalents.get(canonical[c] as number);
        if (group === undefined) return false;
        for (const k of group) if (k !== c && inSet(k)) return true;
        return false;
      };
    }
    return negated ? (c) => !matches(c) : matches;
  }
}

// ---------------------------------------------------------------------------
// Execution

/** Work left in the current budget scope; unlimited outside of one. */
let workLeft = Infinity;

/**
 * Runs `fn` with a budget of `budget` work units for every pattern it tests, together
 * (see {@link REGEX_WORK_BUDGET}). `fn` must be synchronous, e.g. one better-sqlite3 call
 * whose SQL functions test patterns: the scope ends when it returns. An inner scope gets at
 * most what the outer one has left, and what it spends is taken from the outer one.
 */
export function runWithRegexBudget<T>(budget: number, fn: () => T): T {
  const outer = workLeft;
  const granted = Math.min(budget, outer);
  workLeft = granted;
  try {
    return fn();
  } finally {
    workLeft = outer === Infinity ? Infinity : outer - (granted - workLeft);
  }
}

/**
 * Tests `input`, spending work from the current budget scope. Work is counted per input
 * position (one unit for the position, one per instruction visited while following epsilon
 * transitions and one per thread stepped), so a run overshoots the budget by at most one
 * position's work.
 */
function run(prog: Program, input: string): boolean {
  const limit = workLeft;
  let work = 0;
  const { op, x, y, matchers, size } = prog;
  const n = input.length;
  // marks[pc] === position + 1 means pc has already been visited for that position.
  const marks = new Int32Array(size);
  let clist = new Int32Array(size);
  let nlist = new Int32Array(size);
  let ccount = 0;
  let ncount = 0;
  // Every visited instruction pushes at most two successors.
  const stack = new Int32Array(2 * size + 2);

  const isWordAt = (i: number): boolean => i >= 0 && i < n && isWordChar(input.charCodeAt(i));

  /** Follows epsilon transitions from `start` at `pos`; returns -1 on MATCH, else the new count. */
  const addThread = (list: Int32Array, count: number, start: number, pos: number): number => {
    const mark = pos + 1;
    let sp = 0;
    stack[sp++] = start;
    while (sp > 0) {
      const pc = stack[--sp] as number;
      work++;
      if (marks[pc] === mark) continue;
      marks[pc] = mark;
      switch (op[pc]) {
        case OP_CHAR:
          list[count++] = pc;
          break;
        case OP_JMP:
          stack[sp++] = x[pc] as number;
          break;
        case OP_SPLIT:
          stack[sp++] = y[pc] as number;
          stack[sp++] = x[pc] as number;
          break;
        case OP_ASSERT: {
          let ok: boolean;
          switch (x[pc]) {
            case 0:
              ok = pos === 0;
              break;
            case 1:
              ok = pos === n;
              break;
            case 2:
              ok = isWordAt(pos - 1) !== isWordAt(pos);
              break;
            default:
              ok = isWordAt(pos - 1) === isWordAt(pos);
              break;
          }
          if (ok) stack[sp++] = pc + 1;
          break;
        }
        case OP_MATCH:
          return -1;
      }
    }
    return count;
  };

  try {
    for (let i = 0; ; i++) {
      // Unanchored search: a new thread starts at every position.
      const added = addThread(clist, ccount, 0, i);
      if (added < 0) return true;
      ccount = added;
      if (i >= n) return false;
      const c = input.charCodeAt(i);
      // One unit for the position itself: scanning costs time even with few threads alive.
      work += ccount + 1;
      if (work > limit) throw new RegexBudgetError();
      ncount = 0;
      for (let k = 0; k < ccount; k++) {
        const pc = clist[k] as number;
        if ((matchers[x[pc] as number] as CharTest)(c)) {
          const r = addThread(nlist, ncount, pc + 1, i + 1);
          if (r < 0) return true;
          ncount = r;
        }
      }
      const tmp = clist;
      clist = nlist;
      nlist = tmp;
      ccount = ncount;
    }
  } finally {
    workLeft = Math.max(0, limit - work);
  }
}

// ---------------------------------------------------------------------------
// Public API

/**
 * Compiles `pattern` into a linear-time matcher. Throws {@link SafeRegexError} for
 * unsupported syntax, patterns over {@link MAX_PATTERN_LENGTH} characters, programs
 * over {@link MAX_PROGRAM_SIZE} instructions, or flags other than '' and 'i'.
 */
export function compileSafeRegex(pattern: string, flags = ''): SafeRegex {
  if (typeof pattern !== 'string') throw new SafeRegexError('Pattern must be a string');
  if (flags !== '' && flags !== 'i') {
    throw new SafeRegexError(
      `Unsupported regular expression flags '${flags}' (only 'i' is allowed)`,
    );
  }
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new SafeRegexError(`Regular expression is longer than ${MAX_PATTERN_LENGTH} characters`);
  }
  const ast = new PatternParser(pattern).parse();
  const program = new Compiler(flags === 'i').compile(ast);
  return {
    source: pattern,
    flags,
    test: (input: string): boolean => run(program, input),
  };
}

const cache = new Map<string, SafeRegex>();

/** Like {@link compileSafeRegex}, but reuses recently compiled patterns. */
export function getSafeRegex(pattern: string, flags = ''): SafeRegex {
  const key = `${flags}/${pattern}`;
  const hit = cache.get(key);
  if (hit) {
    // Refresh recency: Map iteration order is insertion order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const compiled = compileSafeRegex(pattern, flags);
  cache.set(key, compiled);
  if (cache.size > REGEX_CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  return compiled;
}

/** Number of cached compiled patterns (for diagnostics and tests). */
export function safeRegexCacheSize(): number {
  return cache.size;
}

/** Empties the compiled-pattern cache. */
export function clearSafeRegexCache(): void {
  cache.clear();
}
