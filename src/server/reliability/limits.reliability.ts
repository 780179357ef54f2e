/**
 * Every limit of the API answers fast with a 4xx problem that says what was too large: page
 * sizes, skips, bodies (honest, lying and chunked), id lists, day ranges, filters (deep, long,
 * wide) and regular expressions built to make a backtracking matcher hang.
 *
 * It runs against the built server over a socket, since body limits, chunked bodies and the
 * size of a request line are decided there. Times are measured and reported, not asserted: the
 * machine is shared.
 *
 * Regular expressions: flat patterns that hang a backtracking matcher are answered with the right
 * counts; nested quantifiers (`(a+)+`) are refused before any data is read; and a pattern that
 * would need too much work on the stored texts is refused once its work budget is spent, on every
 * list that filters (KPIs, the snapshots of filtered KPIs, groups, insightboards).
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Problem } from '../../contract/common.ts';
import { Kpi } from '../../contract/kpis.ts';
import { openDatabase } from '../db/connection.ts';
import { createSqliteRepositories } from '../db/sqlite/index.ts';
import type { TestUser } from '../testing/harness.ts';
import { startServer, tempDatabase, type ServerProcess } from './support/server.ts';
import { reportSuite } from './support/summary.ts';

const V1 = '/results/api/v1';
const V2 = '/results/api/v2';
const MIB = 1024 * 1024;
/** KPIs whose descriptions a backtracking matcher would take ages over. */
const LONG_TEXT_KPIS = 20;
const LONG_TEXT = `${'a'.repeat(19_999)}!`;
/** Groups and insightboards with names of the longest allowed length. */
const LONG_NAMES = 20;
const longName = (i: number) => `${i} `.padEnd(255, 'n');
/**
 * Flat (no nested quantifiers), within every size limit, yet thousands of its instructions stay
 * alive at each character: about 10,000 units of work per character, so 20 names of 255
 * characters need over twice the work budget of one statement, and one description all of it.
 */
const COSTLY_PATTERN = `${'.{0,100}'.repeat(30)}x`;

interface Answer {
  status: number;
  type: string;
  text: string;
}

let server: ServerProcess;
let database: ReturnType<typeof tempDatabase>;
let user: TestUser;
const kpiIds: string[] = [];
let tried = 0;
let failures = 0;
const timings: { name: string; ms: number }[] = [];

function auth(): Record<string, string> {
  return { authorization: `Bearer ${user.token}`, 'gtmhub-accountId': user.accountId };
}

async function call(method: string, path: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = auth();
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.origin}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text: await res.text(),
  };
}

const get = (path: string) => call('GET', path);

/** The answer in `raw` once all of it has arrived (its Content-Length says when), else null. */
function parseAnswer(raw: Buffer, closed: boolean): Answer | null {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return closed ? { status: 0, type: '', text: raw.toString() } : null;
  const head = raw.subarray(0, end).toString();
  const body = raw.subarray(end + 4);
  const length = /^content-length:\s*(\d+)/im.exec(head)?.[1];
  if (!closed && (length === undefined || body.length < Number(length))) return null;
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
    type: /^content-type:\s*(.+)$/im.exec(head)?.[1]?.trim() ?? '',
    text: body.toString(),
  };
}

/**
 * Sends bytes as they are over a raw socket, the only way to send a Content-Length that lies or
 * a chunked body that never ends, and reads the answer as soon as it is complete. The
 * connection is kept alive, as clients keep it: the server then reads on past a refused body
 * instead of resetting the connection under an answer still in flight.
 */
function rawRequest(head: string, body: Buffer = Buffer.alloc(0)): Promise<Answer> {
  const { hostname, port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('No answer within 10 s'));
    }, 10_000);
    const finish = (answer: Answer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const answer = parseAnswer(received, false);
      if (answer) finish(answer);
    });
    // Writing the rest of a refused body may fail once the answer is in.
    socket.on('error', () => undefined);
    socket.on('close', () => finish(parseAnswer(received, true)!));
    socket.write(head);
    socket.write(body);
  });
}

function requestHead(method: string, path: string, headers: Record<string, string>): string {
  const lines = Object.entries({ host: 'localhost', ...auth(), ...headers });
  return `${method} ${path} HTTP/1.1\r\n${lines.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
}

/** Checks a problem answer: its status, its shape, and a detail that says what is wrong. */
function expectProblem(answer: Answer, status: number, reason: RegExp, path?: string): Problem {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.type).toMatch(/^application\/problem\+json/);
  const problem = Problem.parse(JSON.parse(answer.text));
  expect(problem.status).toBe(status);
  expect(problem.detail).toMatch(reason);
  if (path !== undefined) expect(problem.errors?.map((e) => e.path)).toContain(path);
  return problem;
}

/** A case, timed and counted for the summary. */
function limit(name: string, run: () => Promise<void>): void {
  it(name, async () => {
    const started = performance.now();
    tried++;
    try {
      await run();
    } catch (error) {
      failures++;
      throw error;
    } finally {
      timings.push({ name, ms: performance.now() - started });
    }
  });
}

const q = encodeURIComponent;

beforeAll(async () => {
  database = tempDatabase();
  const db = openDatabase(database.file);
  user = await createSqliteRepositories(db).accounts.createUser({
    account: 'Limits',
    email: 'limits@example.test',
  });
  db.close();
  server = await startServer(database.file);
  for (let i = 0; i < LONG_TEXT_KPIS; i++) {
    const answer = await call('POST', `${V1}/kpis`, { name: `Long ${i}`, description: LONG_TEXT });
    kpiIds.push(Kpi.parse(JSON.parse(answer.text)).id);
  }
  for (let i = 0; i < LONG_NAMES; i++) {
    const group = await call('POST', `${V1}/kpis/groups`, { name: longName(i) });
    expect(group.status, group.text).toBe(201);
    const board = await call('POST', `${V2}/dashboards`, { name: longName(i) });
    expect(board.status, board.text).toBe(201);
  }
  // Values 32 years apart: a day-grouped read of all of it is over the range limit.
  for (const group of ['1990-01-01', '2022-01-01']) {
    const answer = await call('POST', `${V1}/kpis/${kpiIds[0]}/snapshots`, { group, value: 1 });
    expect(answer.status, answer.text).toBe(201);
  }
});

afterAll(async () => {
  const slowest = timings.reduce((a, b) => (b.ms > a.ms ? b : a), { name: 'none', ms: 0 });
  reportSuite({
    suite: 'limits',
    tried,
    failures,
    figures: { slowestMs: Math.round(slowest.ms * 10) / 10, slowest: slowest.name },
  });
  await server?.kill();
  database?.remove();
  expect(server?.stderr() ?? '').not.toMatch(/Unexpected failure/);
});

describe('page sizes and skips', () => {
  for (const [path, param] of [
    [`${V2}/kpis`, 'take'],
    [`${V2}/kpis`, 'limit'],
    [`${V1}/kpis/groups`, 'take'],
    [`${V2}/dashboards`, 'take'],
    [`${V2}/kpis/snapshots`, 'take'],
  ] as const) {
    for (const value of ['1001', '1000000']) {
      limit(`${path}?${param}=${value}`, async () => {
        expectProblem(
          await get(`${path}?${param}=${value}`),
          400,
          /at most 1000/,
          `query.${param}`,
        );
      });
    }
  }

  limit('a KPI’s update history with take=1001', async () => {
    const answer = await get(`${V1}/kpis/${kpiIds[0]}/snapshots?take=1001`);
    expectProblem(answer, 400, /from 0 to 1000/, 'query.take');
  });

  for (const skip of ['1e12', '1000000000000', String(2n ** 63n), String(2n ** 64n)]) {
    limit(`skip=${skip}`, async () => {
      expectProblem(await get(`${V2}/kpis?skip=${skip}`), 400, /skip must be/, 'query.skip');
      const history = await get(`${V1}/kpis/${kpiIds[0]}/snapshots?skip=${skip}`);
      expectProblem(history, 400, /whole number from 0 to 1000000/, 'query.skip');
    });
  }
});

describe('request bodies over 1 MiB', () => {
  const big = JSON.stringify({ name: 'Big', description: 'x'.repeat(MIB + 100) });
  const chunk = (data: Buffer) =>
    Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
  const tooLarge = /larger than 1048576 bytes/;

  limit('an honest Content-Length', async () => {
    const head = requestHead('POST', `${V1}/kpis`, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(big)),
    });
    expectProblem(await rawRequest(head, Buffer.from(big)), 413, tooLarge);
  });

  limit('a Content-Length over the limit on a small body (answered without waiting)', async () => {
    const head = requestHead('POST', `${V1}/kpis`, {
      'content-type': 'application/json',
      'content-length': String(50 * MIB),
    });
    expectProblem(await rawRequest(head, Buffer.from('{"name":"x"}')), 413, tooLarge);
  });

  limit('no Content-Length: a chunked body', async () => {
    const head = requestHead('POST', `${V1}/kpis`, {
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
    });
    const data = Buffer.from(big);
    const chunks = [];
    for (let at = 0; at < data.length; at += 64 * 1024)
      chunks.push(chunk(data.subarray(at, at + 64 * 1024)));
    chunks.push(Buffer.from('0\r\n\r\n'));
    expectProblem(await rawRequest(head, Buffer.concat(chunks)), 413, tooLarge);
  });

  limit('a chunked body that never ends', async () => {
    const head = requestHead('PUT', `${V1}/dashboards/${'0'.repeat(24)}`, {
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
    });
    expectProblem(await rawRequest(head, chunk(Buffer.from(big))), 413, tooLarge);
  });
});

describe('id lists and ranges', () => {
  const ids = (n: number) =>
    Array.from({ length: n }, (_, i) => kpiIds[i] ?? i.toString(16).padStart(24, '0')).join(',');

  limit('1000 ids are read (the cap itself fits in a request)', async () => {
    const answer = await get(`${V1}/kpi-snapshots?groupBy=year&ids=${ids(1000)}`);
    expect(answer.status, answer.text.slice(0, 300)).toBe(200);
  });

  limit('1001 ids', async () => {
    const answer = await get(`${V1}/kpi-snapshots?groupBy=year&ids=${ids(1001)}`);
    expectProblem(answer, 400, /at most 1000 ids/, 'query.ids');
  });

  limit('a day-grouped read over more than 3660 days', async () => {
    const answer = await get(
      `${V1}/kpi-snapshots?groupBy=day&ids=${kpiIds[0]}&from=2000-01-01&to=2020-12-31`,
    );
    expectProblem(answer, 400, /more than 3660 days/, 'query.from');
  });

  limit('a day-grouped read whose data spans more than 3660 days', async () => {
    const answer = await get(`${V1}/kpi-snapshots?groupBy=day&ids=${kpiIds[0]}`);
    expectProblem(answer, 400, /more than 3660 days/, 'query.from');
  });
});

describe('filters', () => {
  const list = (filter: string) => get(`${V2}/kpis?filter=${q(filter)}`);

  limit('a filter nested 9 deep', async () => {
    const filter = `${'{$and:['.repeat(8)}{name:"a"}${']}'.repeat(8)}`;
    expectProblem(await list(filter), 400, /nested too deeply/, 'query.filter');
  });

  limit('a filter nested 3000 deep', async () => {
    const filter = `{name:{$in:${'['.repeat(3000)}${']'.repeat(3000)}}}`;
    expectProblem(await list(filter), 400, /nested too deeply/, 'query.filter');
  });

  limit('a filter nested 100,000 deep (a request line over 64 KiB)', async () => {
    const answer = await get(`${V2}/kpis?filter=${'['.repeat(100_000)}`);
    expectProblem(answer, 431, /request line and headers are larger than/);
  });

  limit('a filter over 8 KiB', async () => {
    const answer = await list(`{name:"${'a'.repeat(9000)}"}`);
    expectProblem(answer, 400, /too long \(at most 8192/, 'query.filter');
  });

  limit('$in with 1001 values', async () => {
    const values = Array.from({ length: 1001 }, () => '0').join(',');
    expectProblem(await list(`{name:{$in:[${values}]}}`), 400, /at most 1000 values/);
  });

  limit('more than 100 conditions', async () => {
    const filter = `{$or:[${Array.from({ length: 101 }, () => '{name:"a"}').join(',')}]}`;
    expectProblem(await list(filter), 400, /too many conditions/, 'query.filter');
  });
});

describe('regular expressions that hang a backtracking matcher', () => {
  const regex = (field: string, pattern: string) =>
    q(`{${field}:{$regex:${JSON.stringify(pattern)}}}`);

  /** Flat patterns run over 20 descriptions of 20,000 characters; `matches`: how many KPIs match. */
  const ANSWERED: [pattern: string, matches: number][] = [
    ['^(a|aa)+$', 0],
    ['^(a|a)*$', 0],
    ['(a|a?)+!$', LONG_TEXT_KPIS],
    ['a*a*a*a*a*a*b', 0],
    ['.*a.*a.*a!', LONG_TEXT_KPIS],
  ];
  for (const [pattern, matches] of ANSWERED) {
    limit(`$regex ${pattern} is answered`, async () => {
      const answer = await get(
        `${V2}/kpis?fields=name&take=1000&filter=${regex('description', pattern)}`,
      );
      expect(answer.status, answer.text.slice(0, 300)).toBe(200);
      expect((JSON.parse(answer.text) as { totalCount: number }).totalCount).toBe(matches);
    });
  }

  /** Nested quantifiers: refused as the filter is read, whatever the data. */
  const NESTED = ['(a+)+$', '(a*)*b', '(.*a){20}!', '(.*a){100}!', '^(([a-z])+.)+[A-Z]([a-z])+$'];
  for (const pattern of NESTED) {
    limit(`$regex ${pattern} is refused: nested quantifiers`, async () => {
      const answer = await get(`${V2}/kpis?filter=${regex('description', pattern)}`);
      const problem = expectProblem(
        answer,
        400,
        /Nested quantifiers such as \(a\+\)\+ are not supported/,
        'query.filter',
      );
      expect(problem.errors?.[0]?.message).toBe(problem.detail);
    });
  }

  /** Every list whose filter runs in SQL, with a text field long enough to exceed the budget. */
  const BUDGETED: [name: string, path: () => string][] = [
    ['KPIs', () => `${V2}/kpis?filter=${regex('description', COSTLY_PATTERN)}`],
    [
      'snapshots of filtered KPIs',
      () => `${V2}/kpis/snapshots?groupBy=month&filter=${regex('description', COSTLY_PATTERN)}`,
    ],
    ['KPI groups', () => `${V1}/kpis/groups?filter=${regex('name', COSTLY_PATTERN)}`],
    ['insightboards', () => `${V2}/dashboards?filter=${regex('name', COSTLY_PATTERN)}`],
  ];
  for (const [name, path] of BUDGETED) {
    limit(`a $regex that needs too much work on ${name} is refused`, async () => {
      const problem = expectProblem(
        await get(path()),
        400,
        /^The \$regex pattern needs too much work on this data; use a simpler pattern$/,
        'query.filter',
      );
      expect(problem.errors?.[0]?.message).toBe(problem.detail);
    });
  }

  limit('after a refusal, the same lists answer a cheap $regex', async () => {
    const kpis = await get(`${V2}/kpis?fields=name&take=1000&filter=${regex('description', '!$')}`);
    expect(kpis.status, kpis.text.slice(0, 300)).toBe(200);
    expect((JSON.parse(kpis.text) as { totalCount: number }).totalCount).toBe(LONG_TEXT_KPIS);
    for (const path of [`${V1}/kpis/groups`, `${V2}/dashboards`]) {
      const answer = await get(`${path}?filter=${regex('name', 'n{100}$')}`);
      expect(answer.status, answer.text.slice(0, 300)).toBe(200);
      expect((JSON.parse(answer.text) as { totalCount: number }).totalCount).toBe(LONG_NAMES);
    }
  });

  /** Patterns the matcher refuses outright: unsupported syntax, or too big. */
  const REFUSED: [pattern: string, reason: RegExp][] = [
    ['(a+)\\1', /not supported/],
    ['(?=a)a', /not supported/],
    ['a{1000}', /above 100/],
    [`(${'a'.repeat(300)})`, /longer than 256/],
    ['((a{100}){100}){100}', /too large|too complex|larger|program/i],
  ];
  for (const [pattern, reason] of REFUSED) {
    limit(`$regex ${pattern.slice(0, 30)} is refused`, async () => {
      expectProblem(
        await get(`${V2}/kpis?filter=${regex('description', pattern)}`),
        400,
        reason,
        'query.filter',
      );
    });
  }
});
