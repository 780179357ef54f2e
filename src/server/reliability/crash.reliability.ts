/**
 * Crash safety: clients write as fast as they can, the server is killed with SIGKILL while
 * writes are in flight, and every write it acknowledged must survive the restart, whole.
 * Every round kills the same database file, so the acknowledged set only grows.
 */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { createSqliteRepositories } from '../db/sqlite/index.ts';
import { profile } from './support/profile.ts';
import { startServer, tempDatabase, type ServerProcess } from './support/server.ts';
import { reportSuite } from './support/summary.ts';

const CLIENTS = 8;
const IMPORT_ROWS = 5;
const RESTART_LIMIT_MS = 2000;
const KILL_AFTER_MS = { min: 100, max: 800 };
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2000, 0, 1);
const V1 = '/results/api/v1';

interface Auth {
  accountId: string;
  token: string;
}

/** A write as the test sent it; values are unique across the run, so each row names its write. */
type Write =
  | { kind: 'snapshot'; kpiId: string; value: number; group: string; id?: string }
  | { kind: 'import'; kpiId: string; rows: { value: number; group: string }[] }
  | { kind: 'projection'; kpiId: string; value: number; date: string; id?: string };

interface Sent {
  write: Write;
  acknowledged: boolean;
}

const dayKey = (day: number) => new Date(FIRST_DAY + day * DAY_MS).toISOString().slice(0, 10);

function headersOf(auth: Auth): Record<string, string> {
  return {
    authorization: `Bearer ${auth.token}`,
    'gtmhub-accountId': auth.accountId,
    'content-type': 'application/json',
  };
}

async function api(
  origin: string,
  auth: Auth,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${origin}${path}`, {
    method,
    headers: headersOf(auth),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(10_000),
  });
}

async function json<T>(response: Response, expected: number): Promise<T> {
  const text = await response.text();
  if (response.status !== expected) {
    throw new Error(`Expected ${expected}, got ${response.status}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text) as T;
}

function createAccount(file: string): Promise<Auth> {
  const db = openDatabase(file);
  return createSqliteRepositories(db)
    .accounts.createUser({ account: 'Crash', email: 'crash@example.com', name: 'Crash Test' })
    .finally(() => db.close());
}

/** Polls an authenticated read until it answers 200; the time counts from before the spawn. */
async function restart(
  file: string,
  auth: Auth,
): Promise<{ server: ServerProcess; elapsedMs: number }> {
  const spawned = performance.now();
  const server = await startServer(file);
  for (;;) {
    try {
      const response = await api(server.origin, auth, 'GET', '/results/api/v2/kpis?take=1');
      await response.arrayBuffer();
      if (response.status === 200) return { server, elapsedMs: performance.now() - spawned };
    } catch {
      // Not answering yet: poll again.
    }
    if (performance.now() - spawned > 10_000) {
      await server.kill('SIGKILL');
      throw new Error('The restarted server did not answer an authenticated read within 10 s');
    }
    await new Promise((done) => setTimeout(done, 5));
  }
}

describe('crash safety', () => {
  const database = tempDatabase();
  const sent: Sent[] = [];
  const problems: string[] = [];
  const restartTimes: number[] = [];
  const servers: ServerProcess[] = [];
  let nextValue = 1;
  let finished = false;

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill('SIGKILL')));
    database.remove();
    // Reported here so that a run cut short by an exception still says so.
    const slowRestarts = restartTimes.filter((ms) => ms >= RESTART_LIMIT_MS).length;
    reportSuite({
      suite: 'crash',
      tried: sent.filter((s) => s.acknowledged).length,
      failures: problems.length + slowRestarts + (finished ? 0 : 1),
      figures: {
        rounds: restartTimes.length,
        slowestRestartMs: Math.round(Math.max(0, ...restartTimes)),
      },
    });
  });

  /** One client: snapshots mostly, an import or a projection now and then, until the server dies. */
  async function writeUntilKilled(
    origin: string,
    auth: Auth,
    kpiId: string,
    client: { writes: number; projectionDays: number },
    onAcknowledged: () => void,
  ): Promise<void> {
    for (;;) {
      const n = client.writes++;
      const kind = n % 10 === 3 ? 'import' : n % 10 === 7 ? 'projection' : 'snapshot';
      let write: Write;
      let path: string;
      let body: unknown;
      if (kind === 'import') {
        const rows = Array.from({ length: IMPORT_ROWS }, () => {
          const value = nextValue++;
          return { value, group: dayKey(value % 5000) };
        });
        write = { kind, kpiId, rows };
        path = `${V1}/kpis/${kpiId}/snapshots/import`;
        body = { timeZone: 'UTC', rows };
      } else if (kind === 'projection') {
        const value = nextValue++;
        write = { kind, kpiId, value, date: dayKey(client.projectionDays++) };
        path = `${V1}/kpis/${kpiId}/projections`;
        body = { date: write.date, value };
      } else {
        const value = nextValue++;
        write = { kind, kpiId, value, group: dayKey(value % 5000) };
        path = `${V1}/kpis/${kpiId}/snapshots`;
        body = { group: write.group, timeZone: 'UTC', value };
      }
      const entry: Sent = { write, acknowledged: false };
      sent.push(entry);
      let status: number;
      let text: string;
      try {
        const response = await api(origin, auth, 'POST', path, body);
        status = response.status;
        // An answer whose body was cut off by the kill was never acknowledged.
        text = await response.text();
      } catch {
        return;
      }
      if (status !== 201) {
        problems.push(`${kind} answered ${status}: ${text.slice(0, 300)}`);
        continue;
      }
      const answer = JSON.parse(text) as { id?: string; imported?: number };
      if (write.kind === 'import' && answer.imported !== IMPORT_ROWS) {
        problems.push(`import answered ${text}`);
      }
      if (write.kind !== 'import') write.id = answer.id;
      entry.acknowledged = true;
      onAcknowledged();
    }
  }

  /**
   * Reads the killed server's file directly, before anything reopens it for writing. Answers
   * the stored row counts and how many of the writes that were never answered made it anyway
   * (evidence that the kill landed while writes were in flight).
   */
  function checkFile(): { snapshots: number; projections: number; unansweredStored: number } {
    const db = new Database(database.file, { readonly: true, fileMustExist: true });
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
      const orphans = db.pragma('foreign_key_check') as unknown[];
      if (orphans.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(orphans)}`);

      // Values are unique across the run, so they key both tables.
      type Row = { id: string; kpi_id: string; value: number; key: string };
      const byValue = (sql: string) =>
        new Map((db.prepare(sql).all() as Row[]).map((row) => [row.value, row]));
      const snapshots = byValue('SELECT id, kpi_id, value, period_key AS key FROM snapshots');
      const projections = byValue('SELECT id, kpi_id, value, date AS key FROM projections');

      const expected = new Map<number, { kpiId: string; key: string }>();
      let unansweredStored = 0;
      for (const { write, acknowledged } of sent) {
        if (write.kind === 'import') {
          for (const r of write.rows) expected.set(r.value, { kpiId: write.kpiId, key: r.group });
          const present = write.rows.filter((r) => snapshots.has(r.value)).length;
          if (present !== 0 && present !== write.rows.length) {
            problems.push(`an import is half-written: ${present} of ${write.rows.length} rows`);
          } else if (acknowledged && present === 0) {
            problems.push(`an acknowledged import of ${write.rows.length} rows is missing`);
          } else if (!acknowledged && present > 0) {
            unansweredStored++;
          }
          continue;
        }
        const key = write.kind === 'snapshot' ? write.group : write.date;
        expected.set(write.value, { kpiId: write.kpiId, key });
        const row = (write.kind === 'snapshot' ? snapshots : projections).get(write.value);
        if (acknowledged && row?.id !== write.id) {
          problems.push(`acknowledged ${write.kind} ${write.id} (value ${write.value}) is missing`);
        } else if (!acknowledged && row) {
          unansweredStored++;
        }
      }
      // Every stored row is one the clients sent, as they sent it.
      for (const [value, row] of [...snapshots, ...projections]) {
        const write = expected.get(value);
        if (!write || write.kpiId !== row.kpi_id || write.key !== row.key) {
          problems.push(`stored row ${row.id} (value ${value}) matches no write`);
        }
      }
      return { snapshots: snapshots.size, projections: projections.size, unansweredStored };
    } finally {
      db.close();
    }
  }

  /** The same acknowledged writes, read back through the restarted server's API. */
  async function checkThroughApi(origin: string, auth: Auth, kpiIds: string[]): Promise<void> {
    for (const kpiId of kpiIds) {
      const stored = new Set<number>();
      for (let skip = 0; ; skip += 1000) {
        const page = await json<{ items: { value: number }[]; totalCount: number }>(
          await api(origin, auth, 'GET', `${V1}/kpis/${kpiId}/snapshots?skip=${skip}&take=1000`),
          200,
        );
        for (const item of page.items) stored.add(item.value);
        if (page.items.length < 1000) break;
      }
      const projections = await json<{ items: { id: string }[] }>(
        await api(origin, auth, 'GET', `${V1}/kpis/${kpiId}/projections`),
        200,
      );
      const projectionIds = new Set(projections.items.map((p) => p.id));
      for (const { write, acknowledged } of sent) {
        if (!acknowledged || write.kpiId !== kpiId) continue;
        const missing =
          write.kind === 'snapshot'
            ? !stored.has(write.value)
            : write.kind === 'import'
              ? write.rows.some((r) => !stored.has(r.value))
              : !projectionIds.has(write.id!);
        if (missing)
          problems.push(`the API does not show acknowledged ${write.kind} ${write.kpiId}`);
      }
    }
  }

  it(`keeps every acknowledged write through ${profile.crashRounds} SIGKILLs`, async () => {
    const auth = await createAccount(database.file);
    let server = await startServer(database.file);
    servers.push(server);
    const kpiIds: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const kpi = await json<{ id: string }>(
        await api(server.origin, auth, 'POST', `${V1}/kpis`, { name: `Crash ${i + 1}` }),
        201,
      );
      kpiIds.push(kpi.id);
    }
    // Each client's mix of kinds and projection dates carries on from round to round.
    const clientState = kpiIds.map(() => ({ writes: 0, projectionDays: 0 }));
    let storedBefore = { snapshots: 0, projections: 0, unansweredStored: 0 };

    for (let round = 1; round <= profile.crashRounds; round++) {
      const origin = server.origin;
      let firstAnswer!: () => void;
      const answered = new Promise<void>((done) => (firstAnswer = done));
      const clients = kpiIds.map((kpiId, i) =>
        writeUntilKilled(origin, auth, kpiId, clientState[i]!, firstAnswer),
      );
      // The delay counts from the first acknowledged write, so that a slow, shared machine
      // still has writes acknowledged before the kill and more of them in flight at it.
      await Promise.race([answered, new Promise((done) => setTimeout(done, 10_000))]);
      const delay =
        KILL_AFTER_MS.min + Math.floor(Math.random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min));
      await new Promise((done) => setTimeout(done, delay));
      if (server.stderr().includes('Unexpected failure')) problems.push(server.stderr());
      await server.kill('SIGKILL');
      await Promise.all(clients);

      const stored = checkFile();
      if (
        stored.snapshots < storedBefore.snapshots ||
        stored.projections < storedBefore.projections
      ) {
        problems.push(`round ${round}: stored rows shrank`);
      }
      const unansweredStored = stored.unansweredStored - storedBefore.unansweredStored;
      storedBefore = stored;

      const restarted = await restart(database.file, auth);
      server = restarted.server;
      servers.push(server);
      restartTimes.push(restarted.elapsedMs);
      await checkThroughApi(server.origin, auth, kpiIds);
      const acknowledged = sent.filter((s) => s.acknowledged).length;
      console.log(
        `round ${round}: killed after ${delay} ms; ${acknowledged} writes acknowledged so far, ` +
          `${stored.snapshots} snapshots and ${stored.projections} projections stored, ` +
          `${unansweredStored} unanswered writes stored anyway; ` +
          `restart answered in ${restarted.elapsedMs.toFixed(0)} ms`,
      );
    }
    await server.kill('SIGTERM');

    finished = true;

    expect(problems).toEqual([]);
    expect(sent.some((s) => s.acknowledged)).toBe(true);
    // The target: after a crash the API answers again within two seconds.
    expect(Math.max(...restartTimes)).toBeLessThan(RESTART_LIMIT_MS);
  });
});
