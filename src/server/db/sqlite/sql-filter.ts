import type { FilterNode, SortKey } from '../../domain/list-query.ts';
import {
  REGEX_WORK_BUDGET,
  RegexBudgetError,
  runWithRegexBudget,
} from '../../domain/safe-regex.ts';
import { ApiProblem, badRequest } from '../../errors.ts';

type Scalar = string | number | boolean | null;

/** How an API field of a resource maps onto SQL. */
export type ColumnSpec =
  | {
      kind: 'scalar';
      sql: string;
      type: 'string' | 'number' | 'boolean' | 'date' | 'id';
      sortSql?: string;
    }
  | {
      kind: 'array';
      /** SQL of an EXISTS subquery body selecting the array's elements as `v`, correlated to the outer row. */
      elements: string;
    };

export type ColumnMap = Record<string, ColumnSpec>;

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

function toSqlValue(spec: ColumnSpec & { kind: 'scalar' }, value: Scalar): unknown {
  if (value === null) return null;
  if (spec.type === 'boolean') return value === true ? 1 : 0;
  if (spec.type === 'date') {
    const ms = typeof value === 'number' ? value : Date.parse(String(value));
    if (!Number.isFinite(ms)) throw badRequest(`filter: ${String(value)} is not a date`);
    return ms;
  }
  return value;
}

const COMPARATORS = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** Compiles a parsed filter into a parameterised SQL condition; field names come only from the map. */
export function compileFilter(node: FilterNode | null, columns: ColumnMap): SqlFragment {
  if (node === null) return { sql: '1', params: [] };
  const params: unknown[] = [];
  const sql = compileNode(node, columns, params);
  return { sql, params };
}

/**
 * Runs one synchronous statement whose condition came from {@link compileFilter} under a regex
 * work budget. Statements block the only thread that serves requests, so a `$regex` that needs
 * too much work on the stored data answers 400 instead of stalling every other request.
 */
export function runFiltered<T>(statement: () => T): T {
  try {
    return runWithRegexBudget(REGEX_WORK_BUDGET, statement);
  } catch (error) {
    // better-sqlite3 rethrows the very error a SQL function threw.
    if (error instanceof RegexBudgetError) {
      throw new ApiProblem(400, error.message, [{ path: 'query.filter', message: error.message }]);
    }
    throw error;
  }
}

function column(columns: ColumnMap, field: string): ColumnSpec {
  const spec = columns[field];
  if (!spec) throw badRequest(`filter: unknown field ${field}`);
  return spec;
}

function placeholders(values: unknown[], params: unknown[]): string {
  params.push(...values);
  return values.map(() => '?').join(', ');
}

function compileNode(node: FilterNode, columns: ColumnMap, params: unknown[]): string {
  switch (node.kind) {
    case 'and':
    case 'or': {
      if (node.nodes.length === 0) return node.kind === 'and' ? '1' : '0';
      const joiner = node.kind === 'and' ? ' AND ' : ' OR ';
      return `(${node.nodes.map((n) => compileNode(n, columns, params)).join(joiner)})`;
    }
    case 'cmp': {
      const spec = column(columns, node.field);
      if (spec.kind === 'array') {
        if (node.op !== 'eq' && node.op !== 'ne') {
          throw badRequest(`filter: $${node.op} does not apply to ${node.field}`);
        }
        const exists = `EXISTS (${spec.elements} AND v = ?)`;
        params.push(node.value);
        return node.op === 'eq' ? exists : `NOT ${exists}`;
      }
      if (node.value === null) {
        if (node.op === 'eq') return `${spec.sql} IS NULL`;
        if (node.op === 'ne') return `${spec.sql} IS NOT NULL`;
        throw badRequest(`filter: $${node.op} cannot compare ${node.field} with null`);
      }
      params.push(toSqlValue(spec, node.value));
      if (node.op === 'ne') return `(${spec.sql} IS NULL OR ${spec.sql} <> ?)`;
      return `${spec.sql} ${COMPARATORS[node.op]} ?`;
    }
    case 'in': {
      const spec = column(columns, node.field);
      if (spec.kind === 'array') {
        if (node.values.length === 0) return node.negate ? '1' : '0';
        const exists = `EXISTS (${spec.elements} AND v IN (${placeholders(node.values, params)}))`;
        return node.negate ? `NOT ${exists}` : exists;
      }
      const hasNull = node.values.includes(null);
      const values = node.values.filter((v) => v !== null).map((v) => toSqlValue(spec, v));
      const inList = values.length > 0 ? `${spec.sql} IN (${placeholders(values, params)})` : '0';
      const positive = hasNull ? `(${inList} OR ${spec.sql} IS NULL)` : inList;
      if (!node.negate) return positive;
      return hasNull ? `NOT ${positive}` : `(${spec.sql} IS NULL OR NOT ${inList})`;
    }
    case 'regex': {
      const spec = column(columns, node.field);
      if (spec.kind === 'array') {
        params.push(node.pattern, node.flags);
        return `EXISTS (${spec.elements} AND safe_regexp(?, ?, v))`;
      }
      params.push(node.pattern, node.flags);
      return `safe_regexp(?, ?, ${spec.sql})`;
    }
    case 'exists': {
      const spec = column(columns, node.field);
      if (spec.kind === 'array') {
        const exists = `EXISTS (${spec.elements})`;
        return node.exists ? exists : `NOT ${exists}`;
      }
      return `${spec.sql} IS ${node.exists ? 'NOT ' : ''}NULL`;
    }
  }
}

/** ORDER BY from allowlisted sort keys, with `tieBreaker` last so pages are stable. */
export function compileSort(
  sort: SortKey[],
  columns: ColumnMap,
  fallback: string,
  tieBreaker: string,
): string {
  const parts = sort.map(({ field, descending }) => {
    const spec = columns[field];
    if (!spec || spec.kind !== 'scalar') throw badRequest(`sort: cannot sort by ${field}`);
    return `${spec.sortSql ?? spec.sql} ${descending ? 'DESC' : 'ASC'}`;
  });
  if (parts.length === 0) parts.push(fallback);
  parts.push(tieBreaker);
  return parts.join(', ');
}
