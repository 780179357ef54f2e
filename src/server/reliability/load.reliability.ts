/**
 * Sustained mixed load on the built server: many connections, mostly the reads a dashboard
 * makes, some writes, on an account of realistic size. Every answer must be a 2xx; latency and
 * throughput are printed, not asserted (the machine is shared).
 */
import autocannon, { type Request, type RequestParams, type Result } from 'autocannon';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateKpiRequest } from '../../contract/kpis.ts';
import { openDatabase } from '../db/connection.ts';
import { createSqliteRepositories } from '../db/sqlite/index.ts';
import { profile } from './support/profile.ts';
import { startServer, tempDatabase, type ServerProcess } from './support/server.ts';
import { reportSuite } from './support/summary.ts';

const KPIS = 300;
const KPIS_WITH_HISTORY = 20;
const GROUPS = 12;
const DAY_MS = 86_400_000;
const V1 = '/results/api/v1';
const V2 = '/results/api/v2';

interface Seeded {
  accountId: string;
  token: string;
  kpiIds: string[];
  historyIds: string[];
  groupIds: string[];
}

const dayKey = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A few hundred KPIs in groups, a year of daily values for some, written straight to the file. */
async function seed(file: string): Promise<Seeded> {
  const db = openDatabase(file);
  try {
    const repos = createSqliteRepositories(db);
    const user = await repos.accounts.createUser({
      account: 'Load',
      email: 'load@example.com',
      name: 'Load Test',
    });
    const scope = { accountId: user.accountId, userId: user.userId };
    const groupIds: string[] = [];
    for (let g = 0; g < GROUPS; g++) {
      groupIds.push((await repos.groups.create(scope, { name: `Team ${g + 1}` })).id);
    }
    for (const id of groupIds.slice(0, 3)) await repos.groups.setFavorite(scope, id, true);

    const kpiIds: string[] = [];
    const aggregations = ['last', 'sum', 'average'] as const;
    for (let k = 0; k < KPIS; k++) {
      const input = CreateKpiRequest.parse({
        name: `KPI ${String(k + 1).padStart(3, '0')}`,
        description: `Seeded **KPI** number ${k + 1}`,
        aggregation: aggregations[k % aggregations.length],
        // A quarter of the KPIs stay ungrouped, as in a real account.
        groups: k % 4 === 3 ? [] : [groupIds[k % GROUPS]!],
      });
      kpiIds.push((await repos.kpis.create(scope, input)).id);
    }

    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const historyIds = kpiIds.slice(0, KPIS_WITH_HISTORY);
    for (const [i, kpiId] of historyIds.entries()) {
      const values = Array.from({ length: 366 }, (_, d) => {
        const instant = today - (365 - d) * DAY_MS;
        return {
          periodKey: dayKey(instant),
          timeZone: 'UTC',
          instant,
          value: Math.round(100 + i * 10 + 20 * Math.sin(d / 9) + d / 4),
        };
      });
      await repos.snapshots.createMany(scope, kpiId, values);
    }
    return { accountId: user.accountId, token: user.token, kpiIds, historyIds, groupIds };
  } finally {
    db.close();
  }
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** The request mix: weights in percent, 90 of reads and 10 of writes. */
function requestMix(seeded: Seeded): { name: string; weight: number; next: () => RequestParams }[] {
  const today = Date.now();
  const from = (days: number) => dayKey(today - days * DAY_MS);
  const json = (method: string, path: string, body: unknown): RequestParams => ({
    method,
    path,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  let created = 0;
  let favorite = false;
  return [
    // Reads.
    {
      name: 'kpi list',
      weight: 25,
      next: () => ({
        method: 'GET',
        path: `${V2}/kpis?take=50&skip=${50 * Math.floor(Math.random() * (KPIS / 50))}&sort=name`,
      }),
    },
    {
      name: 'kpi detail',
      weight: 20,
      next: () => ({ method: 'GET', path: `${V1}/kpis/${pick(seeded.kpiIds)}` }),
    },
    {
      name: 'grouped snapshots',
      weight: 20,
      next: () => {
        const start = Math.floor(Math.random() * (KPIS_WITH_HISTORY - 8));
        const ids = seeded.historyIds.slice(start, start + 8).join(',');
        const days = pick([30, 90, 365]);
        return {
          method: 'GET',
          path: `${V1}/kpi-snapshots?ids=${ids}&groupBy=week&from=${from(days)}&to=${from(0)}`,
        };
      },
    },
    { name: 'groups', weight: 8, next: () => ({ method: 'GET', path: `${V1}/kpis/groups` }) },
    {
      name: 'virtual favorites',
      weight: 5,
      next: () => ({ method: 'GET', path: `${V1}/users/kpi-virtual-group/favorite` }),
    },
    {
      name: 'statistics',
      weight: 12,
      next: () => ({
        method: 'GET',
        path: `${V1}/kpis/${pick(seeded.historyIds)}/statistics?type=${pick(['week', 'month', 'year'])}`,
      }),
    },
    // Writes.
    {
      name: 'record snapshot',
      weight: 5,
      next: () =>
        json('POST', `${V1}/kpis/${pick(seeded.historyIds)}/snapshots`, {
          group: from(0),
          timeZone: 'UTC',
          value: Math.round(Math.random() * 1000),
        }),
    },
    {
      name: 'create kpi',
      weight: 1,
      next: () => json('POST', `${V1}/kpis`, { name: `Added under load ${++created}` }),
    },
    {
      name: 'patch kpi',
      weight: 2,
      next: () =>
        json('PATCH', `${V1}/kpis/${pick(seeded.kpiIds)}`, {
          description: `Changed under load at ${new Date().toISOString()}`,
        }),
    },
    {
      name: 'favorite toggle',
      weight: 2,
      next: () => {
        favorite = !favorite;
        return Math.random() < 0.5
          ? {
              method: favorite ? 'PUT' : 'DELETE',
              path: `${V1}/kpis/groups/${pick(seeded.groupIds)}/favorite`,
            }
          : json('PUT', `${V1}/users/kpi-virtual-group/favorite`, {
              virtualGroup: pick(['mykpis', 'ungrouped']),
              favorite,
            });
      },
    },
  ];
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** autocannon calls this per answer when a request asks for bodies (not in the shared types). */
type RequestWithAnswer = Request & {
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
};

describe('mixed load', () => {
  const database = tempDatabase();
  let server: ServerProcess | undefined;

  afterAll(async () => {
    await server?.kill('SIGKILL');
    database.remove();
  });

  it(`answers ${profile.loadConnections} connections for ${profile.loadSeconds} s without an error`, async () => {
    const seedStarted = performance.now();
    const seeded = await seed(database.file);
    const seedMs = performance.now() - seedStarted;
    server = await startServer(database.file);

    const mix = requestMix(seeded);
    const total = mix.reduce((sum, m) => sum + m.weight, 0);
    const unexpected: string[] = [];
    const answered = new Map<string, number>();
    const request: RequestWithAnswer = {
      setupRequest: (defaults, context) => {
        let roll = Math.random() * total;
        const entry = mix.find((m) => (roll -= m.weight) < 0) ?? mix[0]!;
        const next = entry.next();
        context.kind = entry.name;
        context.path = `${next.method} ${next.path}`;
        return { ...defaults, ...next, headers: { ...defaults.headers, ...next.headers } };
      },
      onResponse: (status, body, context) => {
        const kind = String(context.kind);
        answered.set(kind, (answered.get(kind) ?? 0) + 1);
        if ((status < 200 || status > 299) && unexpected.length < 10) {
          unexpected.push(`${String(context.path)} → ${status}: ${body.slice(0, 300)}`);
        }
      },
    };

    let latencies = new Float64Array(1 << 16);
    let count = 0;
    const socketErrors: string[] = [];
    const result = await new Promise<Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: server!.origin,
          connections: profile.loadConnections,
          duration: profile.loadSeconds,
          timeout: 10,
          headers: {
            authorization: `Bearer ${seeded.token}`,
            'gtmhub-accountId': seeded.accountId,
          },
          requests: [request],
        },
        (error, done) => (error ? reject(error) : resolve(done)),
      );
      instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
        if (count === latencies.length) {
          const grown = new Float64Array(latencies.length * 2);
          grown.set(latencies);
          latencies = grown;
        }
        latencies[count++] = ms;
      });
      instance.on('reqError', (error: Error) => {
        if (socketErrors.length < 10) socketErrors.push(error.message);
      });
    });

    const sorted = latencies.subarray(0, count).sort();
    const p50Ms = Math.round(quantile(sorted, 0.5) * 100) / 100;
    const p99Ms = Math.round(quantile(sorted, 0.99) * 100) / 100;
    const reqPerSec = Math.round(result.requests.total / result.duration);
    // autocannon counts a timeout as an error too.
    const failures = result.non2xx + result.errors;
    console.log(
      `load: seeded in ${seedMs.toFixed(0)} ms; ${result.requests.total} requests in ${result.duration} s ` +
        `(${reqPerSec} req/s), p50 ${p50Ms} ms, p99 ${p99Ms} ms, ` +
        `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
    console.log(`load: answers by kind: ${[...answered].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    reportSuite({
      suite: 'load',
      tried: result.requests.total + result.errors,
      failures,
      figures: {
        connections: profile.loadConnections,
        seconds: profile.loadSeconds,
        reqPerSec,
        p50Ms,
        p99Ms,
      },
    });
    expect({ unexpected, socketErrors, timeouts: result.timeouts }).toEqual({
      unexpected: [],
      socketErrors: [],
      timeouts: 0,
    });
    expect(failures).toBe(0);
    // Every kind of request in the mix was made and answered.
    expect([...answered.keys()].sort()).toEqual(mix.map((m) => m.name).sort());
    expect(server.stderr()).not.toContain('Unexpected failure');
  });
});
