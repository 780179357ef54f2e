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
 * How long a commit by another connection (the admin command, or a second process on the same
 * file) may go unseen by the in-memory caches. Reading `PRAGMA data_version` takes the WAL read
 * lock, which costs more than the rest of a cached read, so it is read at most this often.
 */
export const OTHER_WRITES_CHECK_MS = 5;

/** Tells the in-memory caches of one connection when stored data may have changed. */
export interface ChangeClock {
  /**
   * Changes whenever this connection writes, and within OTHER_WRITES_CHECK_MS of a commit by
   * another connection.
   */
  stamp(): string;
  /** `PRAGMA data_version` as last read: it changes when another connection commits. */
  otherWrites(): number;
}

export function createChangeClock(db: Db, checkEveryMs = OTHER_WRITES_CHECK_MS): ChangeClock {
  // total_changes() touches no table, so it costs no lock: cheap enough for every request.
  const local = db.prepare<[], number>('SELECT total_changes()').pluck();
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let version = dataVersion.get()!;
  let checkedAt = performance.now();
  const otherWrites = () => {
    const now = performance.now();
    if (now - checkedAt >= checkEveryMs) {
      version = dataVersion.get()!;
      checkedAt = now;
    }
    return version;
  };
  return {
    stamp: () => `${local.get()!}.${otherWrites()}`,
    otherWrites,
  };
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
