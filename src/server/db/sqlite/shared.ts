import type { Statement } from 'better-sqlite3';
import type { Db } from '../connection.ts';
import { getSafeRegex } from '../../domain/safe-regex.ts';
import { parseTimeZone } from '../../../contract/periods.ts';

export const iso = (ms: number) => new Date(ms).toISOString();

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

/** Placeholders for an IN list: `?, ?, ?`. */
export const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** SQL functions the queries rely on: linear-time regexes and local time in IANA zones. */
export function registerFunctions(db: Db): void {
  db.function('safe_regexp', { deterministic: true }, (pattern, flags, value) => {
    if (value === null || value === undefined) return 0;
    return getSafeRegex(String(pattern), String(flags) as '' | 'i').test(String(value)) ? 1 : 0;
  });
  db.function('tz_local_seconds', { deterministic: true }, (ts, zone) => {
    const tz = parseTimeZone(String(zone));
    const instant = Number(ts);
    const offset = tz ? tz.offsetAt(instant) : 0;
    return Math.floor(instant / 1000) + offset * 60;
  });
}

/** Statements prepared once per database and reused. */
export function statementCache(db: Db) {
  const cache = new Map<string, Statement<unknown[]>>();
  return (sql: string): Statement<unknown[]> => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare<unknown[]>(sql);
      if (cache.size > 500) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
    }
    return stmt;
  };
}

/**
 * A stamp that changes whenever this connection writes or another connection commits, so that
 * caches of derived answers can tell they are stale without tracking every write.
 */
export function changeStamp(db: Db): () => string {
  const local = db.prepare<[], { n: number }>('SELECT total_changes() AS n');
  return () => `${local.get()!.n}.${db.pragma('data_version', { simple: true }) as number}`;
}

/**
 * A transaction that takes the write lock at its start. A deferred one that reads and then
 * writes fails at once (no busy wait) when another connection, such as the admin command,
 * committed in between; an immediate one waits for the lock instead. Nested calls use savepoints.
 */
export function writeTransaction<A extends unknown[], R>(
  db: Db,
  fn: (...args: A) => R,
): (...args: A) => R {
  const tx = db.transaction(fn);
  return (...args: A) => tx.immediate(...args);
}
