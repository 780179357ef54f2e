/**
 * A small recursive-descent parser for "relaxed" JSON, as used by MongoDB-style
 * query parameters (`filter={name:{$regex:'Sales'}}`).
 *
 * On top of strict JSON it accepts:
 * - unquoted object keys made of identifier characters and `$` (`{$and:[...]}`),
 * - single-quoted strings (`'Sales'`, with `\'` as an escape),
 * - trailing commas in objects and arrays (`[1,2,]`).
 *
 * Everything else follows the JSON grammar: numbers must be JSON numbers (no NaN,
 * Infinity, hex, leading `+` or leading zeros), strings may not contain raw control
 * characters, and only `true`, `false` and `null` are valid bare words.
 *
 * Input length and nesting depth are bounded so that hostile input cannot exhaust
 * the stack or take noticeable time.
 */

export type RelaxedJsonErrorCode = 'syntax' | 'depth' | 'length';

export class RelaxedJsonError extends Error {
  override readonly name = 'RelaxedJsonError';

  constructor(
    message: string,
    /** Zero-based offset into the input where the problem was detected. */
    public readonly position: number,
    public readonly code: RelaxedJsonErrorCode = 'syntax',
  ) {
    super(message);
  }
}

export interface RelaxedJsonOptions {
  /** Maximum nesting of objects/arrays; `{}` has depth 1. Default 64. */
  maxDepth?: number;
  /** Maximum input length in UTF-16 code units. Default 1 MiB. */
  maxLength?: number;
}

export const DEFAULT_MAX_DEPTH = 64;
export const DEFAULT_MAX_LENGTH = 1024 * 1024;

const CH_TAB = 0x09;
const CH_LF = 0x0a;
const CH_CR = 0x0d;
const CH_SPACE = 0x20;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isIdentStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Adds an own, enumerable property without triggering setters such as `__proto__`. */
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

function describeChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f)
    return `control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  return `'${c}'`;
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parseDocument(): unknown {
    this.skipWhitespace();
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.pos < this.text.length) {
      throw this.error(
        `Unexpected ${describeChar(this.text.charAt(this.pos))} at position ${this.pos} after the end of the value`,
      );
    }
    return value;
  }

  private error(message: string, code: RelaxedJsonErrorCode = 'syntax'): RelaxedJsonError {
    return new RelaxedJsonError(message, this.pos, code);
  }

  private unexpected(expected?: string): RelaxedJsonError {
    if (this.pos >= this.text.length) {
      return this.error(
        expected
          ? `Unexpected end of input at position ${this.pos}, expected ${expected}`
          : `Unexpected end of input at position ${this.pos}`,
      );
    }
    const found = describeChar(this.text.charAt(this.pos));
    return this.error(
      expected
        ? `Unexpected ${found} at position ${this.pos}, expected ${expected}`
        : `Unexpected ${found} at position ${this.pos}`,
    );
  }

  private skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === CH_SPACE || c === CH_TAB || c === CH_LF || c === CH_CR) pos++;
      else break;
    }
    this.pos = pos;
  }

  private parseValue(): unknown {
    if (this.pos >= this.text.length) throw this.unexpected('a value');
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 0x7b /* { */:
        return this.parseObject();
      case 0x5b /* [ */:
        return this.parseArray();
      case 0x22 /* " */:
      case 0x27 /* ' */:
        return this.parseString();
      case 0x2d /* - */:
        return this.parseNumber();
      default:
        if (isDigit(c)) return this.parseNumber();
        if (isIdentStart(c)) return this.parseKeyword();
        throw this.unexpected('a value');
    }
  }

  private enter(): void {
    if (this.depth >= this.maxDepth) {
      throw this.error(
        `Nesting deeper than ${this.maxDepth} levels at position ${this.pos}`,
        'depth',
      );
    }
    this.depth++;
  }

  private parseObject(): Record<string, unknown> {
    this.enter();
    this.pos++; // {
    const result: Record<string, unknown> = {};
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x7d /* } */) {
      this.pos++;
      this.depth--;
      return result;
    }
    for (;;) {
      const key = this.parseKey();
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 0x3a /* : */) throw this.unexpected("':'");
      this.pos++;
      this.skipWhitespace();
      const value = this.parseValue();
      defineKey(result, key, value);
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c /* , */) {
        this.pos++;
        this.skipWhitespace();
        if (this.text.charCodeAt(this.pos) === 0x7d /* } */) {
          this.pos++;
          break;
        }
        continue;
      }
      if (c === 0x7d /* } */) {
        this.pos++;
        break;
      }
      throw this.unexpected("',' or '}'");
    }
    this.depth--;
    return result;
  }

  private parseKey(): string {
    if (this.pos >= this.text.length) throw this.unexpected('a property name');
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x22 || c === 0x27) return this.parseString();
    if (!isIdentStart(c)) throw this.unexpected('a property name');
    const start = this.pos;
    let pos = this.pos + 1;
    while (pos < this.text.length && isIdentPart(this.text.charCodeAt(pos))) pos++;
    this.pos = pos;
    return this.text.slice(start, pos);
  }

  private parseArray(): unknown[] {
    this.enter();
    this.pos++; // [
    const result: unknown[] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x5d /* ] */) {
      this.pos++;
      this.depth--;
      return result;
    }
    for (;;) {
      result.push(this.parseValue());
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c /* , */) {
        this.pos++;
        this.skipWhitespace();
        if (this.text.charCodeAt(this.pos) === 0x5d /* ] */) {
          this.pos++;
          break;
        }
        continue;
      }
      if (c === 0x5d /* ] */) {
        this.pos++;
        break;
      }
      throw this.unexpected("',' or ']'");
    }
    this.depth--;
    return result;
  }

  private parseString(): string {
    const text = this.text;
    const quote = text.charCodeAt(this.pos);
    const openedAt = this.pos;
    let pos = this.pos + 1;
    let out = '';
    let chunkStart = pos;
    for (;;) {
      if (pos >= text.length) {
        this.pos = pos;
        throw this.error(`Unterminated string starting at position ${openedAt}`);
      }
      const c = text.charCodeAt(pos);
      if (c === quote) {
        out += text.slice(chunkStart, pos);
        this.pos = pos + 1;
        return out;
      }
      if (c < 0x20) {
        this.pos = pos;
        throw this.error(
          `Unescaped ${describeChar(text.charAt(pos))} in string at position ${pos}`,
        );
      }
      if (c !== 0x5c /* \ */) {
        pos++;
        continue;
      }
      out += text.slice(chunkStart, pos);
      const escPos = pos;
      pos++;
      if (pos >= text.length) {
        this.pos = pos;
        throw this.error(`Unterminated string starting at position ${openedAt}`);
      }
      const e = text.charAt(pos);
      switch (e) {
        case '"':
        case "'":
        case '\\':
        case '/':
          out += e;
          pos++;
          break;
        case 'b':
          out += '\b';
          pos++;
          break;
        case 'f':
          out += '\f';
          pos++;
          break;
        case 'n':
          out += '\n';
          pos++;
          break;
        case 'r':
          out += '\r';
          pos++;
          break;
        case 't':
          out += '\t';
          pos++;
          break;
        case 'u': {
          let code = 0;
          for (let i = 1; i <= 4; i++) {
            const h = pos + i < text.length ? hexValue(text.charCodeAt(pos + i)) : -1;
            if (h < 0) {
              this.pos = escPos;
              throw this.error(`Invalid unicode escape in string at position ${escPos}`);
            }
            code = code * 16 + h;
          }
          out += String.fromCharCode(code);
          pos += 5;
          break;
        }
        default:
          this.pos = escPos;
          throw this.error(`Invalid escape '\\${e}' in string at position ${escPos}`);
      }
      chunkStart = pos;
    }
  }

  private parseNumber(): number {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    if (text.charCodeAt(pos) === 0x2d /* - */) pos++;
    const intStart = pos;
    if (pos < text.length && text.charCodeAt(pos) === 0x30 /* 0 */) {
      pos++;
      if (pos < text.length && isDigit(text.charCodeAt(pos))) {
        this.pos = intStart;
        throw this.error(`Numbers may not have leading zeros (position ${intStart})`);
      }
    } else if (pos < text.length && isDigit(text.charCodeAt(pos))) {
      while (pos < text.length && isDigit(text.charCodeAt(pos))) pos++;
    } else {
      this.pos = pos;
      if (pos < text.length && text.startsWith('Infinity', pos)) {
        throw this.error(`Infinity is not a valid number (position ${start})`);
      }
      throw this.unexpected('a digit');
    }
    if (pos < text.length && text.charCodeAt(pos) === 0x2e /* . */) {
      pos++;
      if (!(pos < text.length && isDigit(text.charCodeAt(pos)))) {
        this.pos = pos;
        throw this.unexpected('a digit after the decimal point');
      }
      while (pos < text.length && isDigit(text.charCodeAt(pos))) pos++;
    }
    if (pos < text.length && (text.charCodeAt(pos) | 0x20) === 0x65 /* e/E */) {
      pos++;
      const s = text.charCodeAt(pos);
      if (s === 0x2b /* + */ || s === 0x2d /* - */) pos++;
      if (!(pos < text.length && isDigit(text.charCodeAt(pos)))) {
        this.pos = pos;
        throw this.unexpected('a digit in the exponent');
      }
      while (pos < text.length && isDigit(text.charCodeAt(pos))) pos++;
    }
    const value = Number(text.slice(start, pos));
    if (!Number.isFinite(value)) {
      this.pos = start;
      throw this.error(`Number out of range at position ${start}`);
    }
    this.pos = pos;
    return value;
  }

  private parseKeyword(): boolean | null {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    while (pos < text.length && isIdentPart(text.charCodeAt(pos))) pos++;
    const word = text.slice(start, pos);
    switch (word) {
      case 'true':
        this.pos = pos;
        return true;
      case 'false':
        this.pos = pos;
        return false;
      case 'null':
        this.pos = pos;
        return null;
      case 'NaN':
      case 'Infinity':
        throw this.error(`${word} is not a valid number (position ${start})`);
      default: {
        const shown = word.length > 32 ? `${word.slice(0, 32)}…` : word;
        throw this.error(`Unexpected word '${shown}' at position ${start}; strings must be quoted`);
      }
    }
  }
}

/**
 * Parses `text` as relaxed JSON. Throws {@link RelaxedJsonError} on syntax errors,
 * input longer than `maxLength`, or nesting deeper than `maxDepth`.
 */
export function parseRelaxedJson(text: string, opts?: RelaxedJsonOptions): unknown {
  const maxDepth = opts?.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxLength = opts?.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) {
    throw new RelaxedJsonError(`Input is longer than ${maxLength} characters`, maxLength, 'length');
  }
  return new Parser(text, maxDepth).parseDocument();
}
