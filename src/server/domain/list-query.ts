/**
 * Resource-agnostic list queries: the MongoDB-style `filter`, `sort`, `fields`
 * (alias `projection`), `skip` and `take` (alias `limit`) query parameters that
 * Quantive Results / Gtmhub clients send to list endpoints.
 *
 * Parsing turns untrusted strings into a small, portable {@link ListQuery} that a
 * storage layer can translate (e.g. to SQL) and that {@link matchesFilter} can
 * evaluate in memory. Every problem with the input is reported as a
 * {@link ListQueryError} naming the offending query parameter, with a short,
 * user-facing message.
 */

import { parseRelaxedJson, RelaxedJsonError } from './relaxed-json.ts';
import { getSafeRegex, SafeRegexError } from './safe-regex.ts';

// ---------------------------------------------------------------------------
// Types

export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'id' | 'stringArray' | 'idArray';

export interface FieldSpec {
  type: FieldType;
  /** Defaults to true for scalar fields and false for array fields. */
  sortable?: boolean;
  /** Defaults to true. */
  filterable?: boolean;
}

/** Keys are API field names, e.g. 'name', 'dateCreated', 'groups'. */
export type FieldCatalog = Record<string, FieldSpec>;

export type FilterValue = string | number | boolean | null;

export type FilterNode =
  | { kind: 'and'; nodes: FilterNode[] }
  | { kind: 'or'; nodes: FilterNode[] }
  | {
      kind: 'cmp';
      field: string;
      op: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';
      value: FilterValue;
    }
  | { kind: 'in'; field: string; negate: boolean; values: FilterValue[] }
  | { kind: 'regex'; field: string; pattern: string; flags: '' | 'i' }
  | { kind: 'exists'; field: string; exists: boolean };

export interface SortKey {
  field: string;
  descending: boolean;
}

/** Parsed `fields` parameter: `true` selects a whole value, an object selects sub-fields. */
export interface FieldSelection {
  [field: string]: true | FieldSelection;
}

export interface ListQuery {
  filter: FilterNode | null;
  sort: SortKey[];
  fields: FieldSelection | null;
  skip: number;
  take: number;
}

export class ListQueryError extends Error {
  override readonly name = 'ListQueryError';

  constructor(
    /** The query parameter at fault, e.g. 'filter' or 'take'. */
    public readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------
// Limits

export const LIST_QUERY_LIMITS = {
  filterMaxLength: 8 * 1024,
  filterMaxDepth: 8,
  filterMaxInValues: 1000,
  filterMaxClauses: 100,
  sortMaxLength: 1024,
  sortMaxKeys: 10,
  fieldsMaxLength: 4 * 1024,
  fieldsMaxDepth: 8,
  maxSkip: 1_000_000,
  defaultTake: 100,
  maxTake: 1000,
} as const;

/** Fields that every projection includes. */
const ALWAYS_SELECTED = ['id', 'accountId'] as const;

// ---------------------------------------------------------------------------
// Helpers

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Sets an own property without triggering setters such as `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

function lookupField(catalog: FieldCatalog, name: string): FieldSpec | undefined {
  return Object.hasOwn(catalog, name) ? catalog[name] : undefined;
}

function isArrayType(type: FieldType): boolean {
  return type === 'stringArray' || type === 'idArray';
}

function isSortable(spec: FieldSpec): boolean {
  return spec.sortable ?? !isArrayType(spec.type);
}

function isFilterable(spec: FieldSpec): boolean {
  return spec.filterable ?? true;
}

function quoteName(name: string): string {
  const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  return `'${shown}'`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    return value.length > 40 ? `"${value.slice(0, 40)}…"` : JSON.stringify(value);
  }
  return String(value);
}

function listNames(names: string[]): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, 30).join(', ');
  return names.length > 30 ? `${shown}, …` : shown;
}

const ID_PATTERN = /^[0-9a-f]{24}$/;

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Parses an ISO 8601 date (`2024-03-01`) or date-time (`2024-03-01T10:00:00.000Z`,
 * offset optional and UTC when omitted) into epoch milliseconds, or null.
 */
export function parseIsoDate(text: string): number | null {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4] ?? '0');
  const minute = Number(m[5] ?? '0');
  const second = Number(m[6] ?? '0');
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime() - offsetMinutes * 60_000;
}

// ---------------------------------------------------------------------------
// filter

const COMPARISON_OPERATORS = {
  $eq: 'eq',
  $ne: 'ne',
  $gt: 'gt',
  $gte: 'gte',
  $lt: 'lt',
  $lte: 'lte',
} as const;

type ComparisonOperator = keyof typeof COMPARISON_OPERATORS;

const FIELD_OPERATORS = new Set<string>([
  ...Object.keys(COMPARISON_OPERATORS),
  '$in',
  '$nin',
  '$regex',
  '$options',
  '$exists',
]);

const UNSUPPORTED_OPERATORS = new Set([
  '$nor',
  '$not',
  '$all',
  '$size',
  '$elemMatch',
  '$type',
  '$mod',
  '$text',
  '$where',
  '$expr',
  '$jsonSchema',
  '$comment',
  '$search',
  '$near',
  '$nearSphere',
  '$geoWithin',
  '$geoIntersects',
  '$bitsAllSet',
  '$bitsAnySet',
  '$bitsAllClear',
  '$bitsAnyClear',
]);

function filterError(message: string): ListQueryError {
  return new ListQueryError('filter', message);
}

function unknownOperator(op: string, field?: string): ListQueryError {
  const where = field === undefined ? '' : ` for field ${quoteName(field)}`;
  if (UNSUPPORTED_OPERATORS.has(op)) {
    return filterError(`Operator ${quoteName(op)} is not supported${where}`);
  }
  return filterError(`Unknown operator ${quoteName(op)}${where}`);
}

class FilterBuilder {
  private clauses = 0;

  constructor(private readonly catalog: FieldCatalog) {}

  /** Converts one query document (`{a:..., b:..., $or:[...]}`); keys are ANDed. */
  document(doc: Record<string, unknown>): FilterNode | null {
    const nodes: FilterNode[] = [];
    for (const [key, value] of Object.entries(doc)) {
      if (key.startsWith('$')) {
        if (key === '$and' || key === '$or') {
          nodes.push(this.logical(key, value));
          continue;
        }
        if (FIELD_OPERATORS.has(key)) {
          throw filterError(
            `Operator ${quoteName(key)} must be used inside a field condition, e.g. {field:{${key}:...}}`,
          );
        }
        throw unknownOperator(key);
      }
      nodes.push(...this.field(key, value));
    }
    return combine('and', nodes);
  }

  private logical(op: '$and' | '$or', value: unknown): FilterNode {
    if (!Array.isArray(value) || value.length === 0) {
      throw filterError(`Operator '${op}' needs a non-empty array of conditions`);
    }
    const nodes: FilterNode[] = [];
    for (const entry of value) {
      if (!isPlainObject(entry)) {
        throw filterError(
          `Each item of '${op}' must be a condition object, got ${describeValue(entry)}`,
        );
      }
      const node = this.document(entry);
      if (node === null) throw filterError(`Empty condition {} in '${op}'`);
      nodes.push(node);
    }
    return combine(op === '$and' ? 'and' : 'or', nodes) as FilterNode;
  }

  private countClause(): void {
    this.clauses++;
    if (this.clauses > LIST_QUERY_LIMITS.filterMaxClauses) {
      throw filterError(
        `filter has too many conditions (at most ${LIST_QUERY_LIMITS.filterMaxClauses})`,
      );
    }
  }

  private field(name: string, condition: unknown): FilterNode[] {
    const spec = lookupField(this.catalog, name);
    if (spec === undefined) {
      const filterable = Object.keys(this.catalog).filter((key) => {
        const s = this.catalog[key];
        return s !== undefined && isFilterable(s);
      });
      throw filterError(
        `Unknown field ${quoteName(name)} in filter (filterable fields: ${listNames(filterable)})`,
      );
    }
    if (!isFilterable(spec)) {
      throw filterError(`Field ${quoteName(name)} cannot be used in a filter`);
    }

    if (!isPlainObject(condition)) {
      // Implicit equality: {name: "Revenue"}; for array fields "contains".
      this.countClause();
      return [
        { kind: 'cmp', field: name, op: 'eq', value: this.value(name, spec, condition, '$eq') },
      ];
    }

    const entries = Object.entries(condition);
    if (entries.length === 0) {
      throw filterError(`Empty condition for field ${quoteName(name)}`);
    }
    const plainKey = entries.find(([key]) => !key.startsWith('$'));
    if (plainKey !== undefined) {
      if (entries.length === 1 || entries.every(([key]) => !key.startsWith('$'))) {
        throw filterError(
          `Field ${quoteName(name)}: object values are not supported; use an operator such as {${name}:{$eq:...}}`,
        );
      }
      throw filterError(
        `Field ${quoteName(name)}: ${quoteName(plainKey[0])} is not an operator (operators start with '$')`,
      );
    }

    const hasRegex = Object.hasOwn(condition, '$regex');
    if (Object.hasOwn(condition, '$options') && !hasRegex) {
      throw filterError(
        `Field ${quoteName(name)}: '$options' can only be used together with '$regex'`,
      );
    }

    const nodes: FilterNode[] = [];
    for (const [op, operand] of entries) {
      switch (op) {
        case '$eq':
        case '$ne':
        case '$gt':
        case '$gte':
        case '$lt':
        case '$lte':
          this.countClause();
          nodes.push(this.comparison(name, spec, op, operand));
          break;
        case '$in':
        case '$nin':
          this.countClause();
          nodes.push(this.membership(name, spec, op, operand));
          break;
        case '$regex':
          this.countClause();
          nodes.push(this.regex(name, spec, operand, condition['$options']));
          break;
        case '$options':
          break; // handled with $regex
        case '$exists':
          this.countClause();
          if (typeof operand !== 'boolean') {
            throw filterError(
              `Field ${quoteName(name)}: '$exists' expects true or false, got ${describeValue(operand)}`,
            );
          }
          nodes.push({ kind: 'exists', field: name, exists: operand });
          break;
        case '$and':
        case '$or':
          throw filterError(
            `Operator '${op}' cannot be used inside the condition for field ${quoteName(name)}; use it at the top level, e.g. {${op}:[{...},{...}]}`,
          );
        default:
          throw unknownOperator(op, name);
      }
    }
    return nodes;
  }

  private comparison(
    name: string,
    spec: FieldSpec,
    op: ComparisonOperator,
    operand: unknown,
  ): FilterNode {
    const kind = COMPARISON_OPERATORS[op];
    if (kind !== 'eq' && kind !== 'ne') {
      if (spec.type === 'boolean' || isArrayType(spec.type)) {
        throw filterError(
          `Operator '${op}' cannot be used on field ${quoteName(name)} (${spec.type})`,
        );
      }
      if (operand === null) {
        throw filterError(`Field ${quoteName(name)}: '${op}' does not accept null`);
      }
    }
    return { kind: 'cmp', field: name, op: kind, value: this.value(name, spec, operand, op) };
  }

  private membership(
    name: string,
    spec: FieldSpec,
    op: '$in' | '$nin',
    operand: unknown,
  ): FilterNode {
    if (!Array.isArray(operand)) {
      throw filterError(
        `Field ${quoteName(name)}: '${op}' expects an array, got ${describeValue(operand)}`,
      );
    }
    if (operand.length > LIST_QUERY_LIMITS.filterMaxInValues) {
      throw filterError(
        `Field ${quoteName(name)}: '${op}' accepts at most ${LIST_QUERY_LIMITS.filterMaxInValues} values`,
      );
    }
    const values = operand.map((item) => this.value(name, spec, item, op));
    return { kind: 'in', field: name, negate: op === '$nin', values };
  }

  private regex(name: string, spec: FieldSpec, pattern: unknown, options: unknown): FilterNode {
    if (spec.type !== 'string' && spec.type !== 'stringArray') {
      throw filterError(
        `Operator '$regex' can only be used on text fields; ${quoteName(name)} is ${spec.type}`,
      );
    }
    if (typeof pattern !== 'string') {
      throw filterError(
        `Field ${quoteName(name)}: '$regex' expects a string, got ${describeValue(pattern)}`,
      );
    }
    let flags: '' | 'i' = '';
    if (options !== undefined) {
      if (options !== '' && options !== 'i') {
        throw filterError(
          `Field ${quoteName(name)}: unsupported '$options' ${describeValue(options)} (only "i" is allowed)`,
        );
      }
      flags = options;
    }
    try {
      getSafeRegex(pattern, flags);
    } catch (err) {
      if (err instanceof SafeRegexError) {
        throw filterError(`Invalid '$regex' for field ${quoteName(name)}: ${err.message}`);
      }
      throw err;
    }
    return { kind: 'regex', field: name, pattern, flags };
  }

  /** Type-checks one operand against the field type; dates are normalized to ISO UTC. */
  private value(name: string, spec: FieldSpec, value: unknown, op: string): FilterValue {
    if (value === null) {
      if (op === '$eq' || op === '$ne' || op === '$in' || op === '$nin') return null;
      throw filterError(`Field ${quoteName(name)}: '${op}' does not accept null`);
    }
    if (Array.isArray(value) && isArrayType(spec.type)) {
      throw filterError(
        `Field ${quoteName(name)}: array values are not supported; use {${name}:{$in:[...]}} to match any of several values, or {${name}:{$exists:false}} for an empty list`,
      );
    }
    const got = describeValue(value);
    switch (spec.type) {
      case 'string':
      case 'stringArray':
        if (typeof value === 'string') return value;
        break;
      case 'number':
        if (typeof value === 'number') return value;
        break;
      case 'boolean':
        if (typeof value === 'boolean') return value;
        break;
      case 'date':
        if (typeof value === 'string') {
          const time = parseIsoDate(value);
          if (time !== null) return new Date(time).toISOString();
          throw filterError(
            `Field ${quoteName(name)} expects an ISO date or date-time such as "2024-01-31" or "2024-01-31T12:00:00Z", got ${got}`,
          );
        }
        break;
      case 'id':
      case 'idArray':
        if (typeof value === 'string' && ID_PATTERN.test(value)) return value;
        throw filterError(
          `Field ${quoteName(name)} expects an id (24 lowercase hexadecimal characters), got ${got}`,
        );
    }
    const expected = {
      string: 'a string',
      stringArray: 'a string',
      number: 'a number',
      boolean: 'true or false',
      date: 'a date',
      id: 'an id',
      idArray: 'an id',
    }[spec.type];
    throw filterError(`Field ${quoteName(name)} expects ${expected}, got ${got}`);
  }
}

function combine(kind: 'and' | 'or', nodes: FilterNode[]): FilterNode | null {
  const flat: FilterNode[] = [];
  for (const node of nodes) {
    if (node.kind === kind) flat.push(...node.nodes);
    else flat.push(node);
  }
  if (flat.length === 0) return null;
  if (flat.length === 1) return flat[0] as FilterNode;
  return { kind, nodes: flat };
}

/**
 * Parses the `filter` parameter. Returns null when it is absent, blank or `{}`.
 */
export function parseFilter(raw: string | undefined, catalog: FieldCatalog): FilterNode | null {
  if (raw === undefined || raw.trim() === '') return null;
  const { filterMaxLength, filterMaxDepth } = LIST_QUERY_LIMITS;
  if (raw.length > filterMaxLength) {
    throw filterError(`filter is too long (at most ${filterMaxLength} characters)`);
  }
  let parsed: unknown;
  try {
    parsed = parseRelaxedJson(raw, { maxDepth: filterMaxDepth, maxLength: filterMaxLength });
  } catch (err) {
    if (err instanceof RelaxedJsonError) {
      if (err.code === 'depth') {
        throw filterError(`filter is nested too deeply (at most ${filterMaxDepth} levels)`);
      }
      throw filterError(`filter is not valid JSON: ${err.message}`);
    }
    throw err;
  }
  if (!isPlainObject(parsed)) {
    throw filterError(
      `filter must be a JSON object such as {name:"Revenue"}, got ${describeValue(parsed)}`,
    );
  }
  return new FilterBuilder(catalog).document(parsed);
}

// ---------------------------------------------------------------------------
// sort

/** Parses `sort=-dateCreated,name` into sort keys; `-` means descending. */
export function parseSort(raw: string | undefined, catalog: FieldCatalog): SortKey[] {
  if (raw === undefined || raw.trim() === '') return [];
  const { sortMaxLength, sortMaxKeys } = LIST_QUERY_LIMITS;
  const fail = (message: string) => new ListQueryError('sort', message);
  if (raw.length > sortMaxLength) {
    throw fail(`sort is too long (at most ${sortMaxLength} characters)`);
  }
  const sortable = () =>
    listNames(
      Object.keys(catalog).filter((key) => {
        const spec = catalog[key];
        return spec !== undefined && isSortable(spec);
      }),
    );
  const keys: SortKey[] = [];
  const seen = new Set<string>();
  for (const part of raw.split(',')) {
    let name = part.trim();
    if (name === '') throw fail('sort contains an empty field name');
    let descending = false;
    if (name.startsWith('-')) {
      descending = true;
      name = name.slice(1);
    } else if (name.startsWith('+')) {
      name = name.slice(1);
    }
    if (name === '') throw fail('sort contains an empty field name');
    const spec = lookupField(catalog, name);
    if (spec === undefined) {
      throw fail(`Unknown sort field ${quoteName(name)} (sortable fields: ${sortable()})`);
    }
    if (!isSortable(spec)) {
      throw fail(
        `Field ${quoteName(name)} cannot be used for sorting (sortable fields: ${sortable()})`,
      );
    }
    if (seen.has(name)) throw fail(`Sort field ${quoteName(name)} is given more than once`);
    seen.add(name);
    keys.push({ field: name, descending });
  }
  if (keys.length > sortMaxKeys) {
    throw fail(`sort accepts at most ${sortMaxKeys} fields`);
  }
  return keys;
}

// ---------------------------------------------------------------------------
// fields / projection

function isNameStart(c: string): boolean {
  return /^[A-Za-z_$]$/.test(c);
}

function isNamePart(c: string): boolean {
  return /^[A-Za-z0-9_$]$/.test(c);
}

function mergeSelection(target: FieldSelection, name: string, value: true | FieldSelection): void {
  const existing = Object.hasOwn(target, name) ? target[name] : undefined;
  if (existing === undefined) {
    setOwn(target as Record<string, unknown>, name, value);
  } else if (existing === true || value === true) {
    setOwn(target as Record<string, unknown>, name, true);
  } else {
    for (const [key, sub] of Object.entries(value)) mergeSelection(existing, key, sub);
  }
}

class FieldsParser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly param: string,
  ) {}

  parse(): FieldSelection {
    const selection = this.list(1);
    this.skipSpaces();
    if (this.pos < this.text.length) throw this.unexpected();
    return selection;
  }

  private fail(message: string): ListQueryError {
    return new ListQueryError(this.param, message);
  }

  private unexpected(): ListQueryError {
    if (this.pos >= this.text.length) {
      return this.fail(`${this.param} ends unexpectedly; expected a field name`);
    }
    return this.fail(
      `Unexpected ${quoteName(this.text.charAt(this.pos))} at position ${this.pos} in ${this.param}`,
    );
  }

  private skipSpaces(): void {
    while (this.pos < this.text.length && /\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  private list(depth: number): FieldSelection {
    const selection: FieldSelection = {};
    for (;;) {
      this.skipSpaces();
      if (!isNameStart(this.text.charAt(this.pos))) throw this.unexpected();
      const start = this.pos;
      while (this.pos < this.text.length && isNamePart(this.text.charAt(this.pos))) this.pos++;
      const name = this.text.slice(start, this.pos);
      this.skipSpaces();
      if (this.text.charAt(this.pos) === '{') {
        if (depth >= LIST_QUERY_LIMITS.fieldsMaxDepth) {
          throw this.fail(
            `${this.param} is nested too deeply (at most ${LIST_QUERY_LIMITS.fieldsMaxDepth} levels)`,
          );
        }
        this.pos++;
        this.skipSpaces();
        if (this.text.charAt(this.pos) === '}') {
          throw this.fail(`Empty sub-field list for ${quoteName(name)} in ${this.param}`);
        }
        const sub = this.list(depth + 1);
        this.skipSpaces();
        if (this.text.charAt(this.pos) !== '}') {
          if (this.pos >= this.text.length) {
            throw this.fail(
              `Missing '}' after the sub-fields of ${quoteName(name)} in ${this.param}`,
            );
          }
          throw this.unexpected();
        }
        this.pos++;
        mergeSelection(selection, name, sub);
      } else {
        mergeSelection(selection, name, true);
      }
      this.skipSpaces();
      if (this.text.charAt(this.pos) !== ',') return selection;
      this.pos++;
    }
  }
}

/**
 * Parses `fields=name,createdById,formatting{prefix,suffix}` (nesting allowed).
 * Top-level names must be catalog fields; `id` and `accountId` are always added.
 * Returns null (all fields) when absent or blank.
 */
export function parseFields(
  raw: string | undefined,
  catalog: FieldCatalog,
  param = 'fields',
): FieldSelection | null {
  if (raw === undefined || raw.trim() === '') return null;
  const { fieldsMaxLength } = LIST_QUERY_LIMITS;
  if (raw.length > fieldsMaxLength) {
    throw new ListQueryError(param, `${param} is too long (at most ${fieldsMaxLength} characters)`);
  }
  const selection = new FieldsParser(raw, param).parse();
  for (const name of Object.keys(selection)) {
    const known =
      lookupField(catalog, name) !== undefined ||
      (ALWAYS_SELECTED as readonly string[]).includes(name);
    if (!known) {
      throw new ListQueryError(
        param,
        `Unknown field ${quoteName(name)} in ${param} (available fields: ${listNames(Object.keys(catalog))})`,
      );
    }
  }
  for (const name of ALWAYS_SELECTED) mergeSelection(selection, name, true);
  return selection;
}

function project(value: unknown, selection: FieldSelection): unknown {
  if (Array.isArray(value)) return value.map((entry) => project(entry, selection));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(selection)) {
    if (!Object.hasOwn(value, key)) continue;
    setOwn(out, key, sub === true ? value[key] : project(value[key], sub));
  }
  return out;
}

/**
 * Applies a field selection to one item. `id` and `accountId` are always kept;
 * nested objects (and arrays of objects) get their sub-selection applied; selected
 * fields the item does not have are simply absent. A null selection keeps everything.
 */
export function applyFieldSelection<T extends Record<string, unknown>>(
  item: T,
  selection: FieldSelection | null,
): Partial<T> {
  if (selection === null) return { ...item };
  const out: Record<string, unknown> = {};
  for (const key of ALWAYS_SELECTED) {
    if (Object.hasOwn(item, key)) setOwn(out, key, item[key]);
  }
  for (const [key, sub] of Object.entries(selection)) {
    if (!Object.hasOwn(item, key)) continue;
    setOwn(out, key, sub === true ? item[key] : project(item[key], sub));
  }
  return out as Partial<T>;
}

// ---------------------------------------------------------------------------
// parseListQuery

function presentParam(
  params: Record<string, string | undefined>,
  name: string,
): string | undefined {
  if (!Object.hasOwn(params, name)) return undefined;
  const value = params[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Reads a parameter that has an alias; both may be given only if they agree. */
function aliasedParam(
  params: Record<string, string | undefined>,
  name: string,
  alias: string,
): { param: string; value: string | undefined } {
  const primary = presentParam(params, name);
  const secondary = presentParam(params, alias);
  if (primary !== undefined && secondary !== undefined && primary !== secondary) {
    throw new ListQueryError(name, `Use either '${name}' or '${alias}', not both`);
  }
  if (primary === undefined && secondary !== undefined) return { param: alias, value: secondary };
  return { param: name, value: primary };
}

function parseCount(
  raw: string | undefined,
  param: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (raw === undefined) return fallback;
  const text = raw.trim();
  if (!/^\d+$/.test(text)) {
    throw new ListQueryError(param, `${param} must be a whole number between ${min} and ${max}`);
  }
  const value = Number(text);
  if (value < min) throw new ListQueryError(param, `${param} must be at least ${min}`);
  if (value > max) throw new ListQueryError(param, `${param} must be at most ${max}`);
  return value;
}

/**
 * Parses all list parameters: `filter`, `sort`, `fields` (or `projection`), `skip`
 * and `take` (or `limit`). `take=0` is allowed and means "count only".
 */
export function parseListQuery(
  params: Record<string, string | undefined>,
  catalog: FieldCatalog,
  defaults?: { take?: number; maxTake?: number },
): ListQuery {
  const maxTake = defaults?.maxTake ?? LIST_QUERY_LIMITS.maxTake;
  const defaultTake = Math.min(defaults?.take ?? LIST_QUERY_LIMITS.defaultTake, maxTake);
  const filter = parseFilter(presentParam(params, 'filter'), catalog);
  const sort = parseSort(presentParam(params, 'sort'), catalog);
  const fieldsParam = aliasedParam(params, 'fields', 'projection');
  const fields = parseFields(fieldsParam.value, catalog, fieldsParam.param);
  const skip = parseCount(presentParam(params, 'skip'), 'skip', 0, LIST_QUERY_LIMITS.maxSkip, 0);
  const takeParam = aliasedParam(params, 'take', 'limit');
  const take = parseCount(takeParam.value, takeParam.param, 0, maxTake, defaultTake);
  return { filter, sort, fields, skip, take };
}

// ---------------------------------------------------------------------------
// In-memory evaluation

function readField(item: Record<string, unknown>, field: string): unknown {
  if (Object.hasOwn(item, field)) return item[field];
  if (!field.includes('.')) return undefined;
  let current: unknown = item;
  for (const part of field.split('.')) {
    if (!isPlainObject(current) || !Object.hasOwn(current, part)) return undefined;
    current = current[part];
  }
  return current;
}

/**
 * Timestamp of an item value when it is compared with a date filter value (which
 * parseFilter normalizes to `YYYY-MM-DDTHH:mm:ss.sssZ`); null when not a date.
 */
function asTime(itemValue: unknown, filterValue: FilterValue): number | null {
  if (typeof filterValue !== 'string' || !CANONICAL_ISO.test(filterValue)) return null;
  if (itemValue instanceof Date) return itemValue.getTime();
  if (typeof itemValue === 'string') return parseIsoDate(itemValue);
  return null;
}

function scalarEquals(itemValue: unknown, filterValue: FilterValue): boolean {
  if (itemValue === filterValue) return true;
  const time = asTime(itemValue, filterValue);
  return time !== null && time === Date.parse(filterValue as string);
}

function valueEquals(itemValue: unknown, filterValue: FilterValue): boolean {
  if (filterValue === null) {
    if (itemValue === null || itemValue === undefined) return true;
    return Array.isArray(itemValue) && itemValue.includes(null);
  }
  if (Array.isArray(itemValue)) return itemValue.some((entry) => scalarEquals(entry, filterValue));
  return scalarEquals(itemValue, filterValue);
}

/** Orders two values of the same kind; null when they cannot be compared. */
function compareValues(itemValue: unknown, filterValue: FilterValue): number | null {
  const time = asTime(itemValue, filterValue);
  if (time !== null) return time - Date.parse(filterValue as string);
  if (typeof itemValue === 'number' && typeof filterValue === 'number') {
    return itemValue - filterValue;
  }
  if (typeof itemValue === 'string' && typeof filterValue === 'string') {
    return itemValue < filterValue ? -1 : itemValue > filterValue ? 1 : 0;
  }
  return null;
}

function satisfies(op: 'gt' | 'gte' | 'lt' | 'lte', order: number): boolean {
  switch (op) {
    case 'gt':
      return order > 0;
    case 'gte':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'lte':
      return order <= 0;
  }
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return !Array.isArray(value) || value.length > 0;
}

/**
 * Evaluates a filter against an in-memory item with the same semantics as the
 * storage layer: array values match when any element matches ($ne/$nin: when none
 * does), null/missing are equal to null, ordering never matches across types,
 * dates compare by instant, and `$exists` treats null and empty arrays as absent.
 */
export function matchesFilter(item: Record<string, unknown>, node: FilterNode | null): boolean {
  if (node === null) return true;
  switch (node.kind) {
    case 'and':
      return node.nodes.every((child) => matchesFilter(item, child));
    case 'or':
      return node.nodes.some((child) => matchesFilter(item, child));
    case 'cmp': {
      const value = readField(item, node.field);
      const op = node.op;
      if (op === 'eq') return valueEquals(value, node.value);
      if (op === 'ne') return !valueEquals(value, node.value);
      const test = (entry: unknown): boolean => {
        const order = compareValues(entry, node.value);
        return order !== null && satisfies(op, order);
      };
      return Array.isArray(value) ? value.some(test) : test(value);
    }
    case 'in': {
      const value = readField(item, node.field);
      const found = node.values.some((candidate) => valueEquals(value, candidate));
      return node.negate ? !found : found;
    }
    case 'regex': {
      const value = readField(item, node.field);
      const regex = getSafeRegex(node.pattern, node.flags);
      if (typeof value === 'string') return regex.test(value);
      return (
        Array.isArray(value) &&
        value.some((entry) => typeof entry === 'string' && regex.test(entry))
      );
    }
    case 'exists':
      return isPresent(readField(item, node.field)) === node.exists;
  }
}
