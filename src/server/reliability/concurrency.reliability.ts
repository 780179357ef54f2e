/**
 * Races against the built server over real sockets: bursts of favorite and unfavorite requests,
 * concurrent edits of one KPI, edits and snapshot writes against the KPI's deletion, and
 * favorites and memberships against a group's deletion. Every
 * request has a connection of its own, so they reach the server at once. Afterwards the answers,
 * the API's state and the database file itself must agree and be whole.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KpiGroup } from '../../contract/kpi-groups.ts';
import { Kpi, Projection, Snapshot } from '../../contract/kpis.ts';
import { openDatabase, type Db } from '../db/connection.ts';
import { createSqliteRepositories } from '../db/sqlite/index.ts';
import type { TestUser } from '../testing/harness.ts';
import { profile } from './support/profile.ts';
import { startServer, tempDatabase, type ServerProcess } from './support/server.ts';
import { reportSuite } from './support/summary.ts';

const API = '/results/api/v1';
const BURST = 100;

interface Answer {
  status: number;
  contentType: string;
  body: unknown;
  text: string;
}

type UserKey = 'alice' | 'bob';

/** The fields a concurrent edit sets, all at once. */
interface EditedFields {
  name: string;
  description: string;
  targetOperator: string;
  aggregation: string;
  formatting: { prefix: string; suffix: string; fractionSize: number };
  groups: string[];
  ownerIds: string[];
}

let server: ServerProcess;
let database: { file: string; remove(): void };
/** A connection of the suite's own, for reading what the server wrote. */
let inspect: Db;
let users: Record<UserKey, TestUser>;
let tried = 0;
let failures = 0;
/** Requests racing a deletion that landed before it and after it: both show the races are real. */
const raced = { before: 0, after: 0 };
const violations: string[] = [];

/** A small seeded generator, so that a failing run can be told apart and repeated. */
const SEED = Number(process.env.CONCURRENCY_SEED ?? Date.now() % 2 ** 31);
let state = SEED || 1;
function random(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 2 ** 32;
}
const coin = () => random() < 0.5;
function shuffle<T>(list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/** One request on a connection of its own (no agent: no reuse, no queueing behind others). */
function send(user: TestUser, method: string, path: string, body?: unknown): Promise<Answer> {
  tried++;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const url = new URL(`${API}${path}`, server.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method,
        agent: false,
        headers: {
          authorization: `Bearer ${user.token}`,
          'gtmhub-accountId': user.accountId,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = undefined;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: parsed,
            text,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Records a broken expectation; the test fails at its end with all of them listed. */
function check(ok: boolean, what: string): void {
  if (ok) return;
  failures++;
  if (violations.length < 50) violations.push(what);
}

function checkNot5xx(a: Answer, what: string): void {
  check(a.status < 500, `${what}: ${a.status} ${a.text.slice(0, 300)}`);
}

/** A refusal must be a problem answer with a 4xx status. */
function isProblem(a: Answer, ...statuses: number[]): boolean {
  return statuses.includes(a.status) && a.contentType.startsWith('application/problem+json');
}

/** A request that must succeed, its answer parsed with a contract schema. */
async function ok<T>(
  schema: { parse(value: unknown): T },
  user: TestUser,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const a = await send(user, method, path, body);
  if (a.status >= 300) throw new Error(`${method} ${path}: ${a.status} ${a.text}`);
  return schema.parse(a.body);
}

/** One request of a race; `delete` marks the deletion the others race against. */
interface Racer {
  what: string;
  run: () => Promise<Answer>;
  delete?: true;
}

/**
 * Sends the racers all at once, in a random order. The deletion must answer `deletedStatus`; any
 * other request either landed before it (a success) or after it, when `refusedRightly` must hold.
 */
async function raceDeletion(
  round: string,
  racers: Racer[],
  deletedStatus: number,
  refusedRightly: (answer: Answer, racer: Racer) => boolean,
): Promise<void> {
  const answers = await Promise.all(
    shuffle(racers).map(async (racer) => ({ racer, answer: await racer.run() })),
  );
  for (const { racer, answer } of answers) {
    const what = `${round}, ${racer.what}`;
    checkNot5xx(answer, what);
    if (racer.delete) {
      check(answer.status === deletedStatus, `${what}: ${answer.status} ${answer.text}`);
    } else if (answer.status >= 300) {
      raced.after++;
      check(refusedRightly(answer, racer), `${what}: ${answer.status} ${answer.text}`);
    } else {
      raced.before++;
    }
  }
}

function dbCount(sql: string, ...params: unknown[]): number {
  return (inspect.prepare(sql).get(...params) as { n: number }).n;
}

/** Rows whose KPI or group is gone, and SQLite's own foreign key check. */
function checkIntegrity(what: string): void {
  const orphans = {
    snapshots: dbCount(
      'SELECT count(*) AS n FROM snapshots WHERE kpi_id NOT IN (SELECT id FROM kpis)',
    ),
    projections: dbCount(
      'SELECT count(*) AS n FROM projections WHERE kpi_id NOT IN (SELECT id FROM kpis)',
    ),
    members: dbCount(
      `SELECT count(*) AS n FROM kpi_group_members
       WHERE kpi_id NOT IN (SELECT id FROM kpis) OR group_id NOT IN (SELECT id FROM kpi_groups)`,
    ),
    owners: dbCount(
      'SELECT count(*) AS n FROM kpi_owners WHERE kpi_id NOT IN (SELECT id FROM kpis)',
    ),
    favorites: dbCount(
      'SELECT count(*) AS n FROM group_favorites WHERE group_id NOT IN (SELECT id FROM kpi_groups)',
    ),
  };
  check(
    Object.values(orphans).every((n) => n === 0),
    `${what}: orphan rows ${JSON.stringify(orphans)}`,
  );
  const broken = inspect.pragma('foreign_key_check') as unknown[];
  check(broken.length === 0, `${what}: foreign_key_check ${JSON.stringify(broken)}`);
}

beforeAll(async () => {
  database = tempDatabase();
  // Users are made straight in the file before the server opens it, as the admin command does.
  const setup = openDatabase(database.file);
  const repos = createSqliteRepositories(setup);
  users = {
    alice: await repos.accounts.createUser({
      account: 'Acme',
      email: 'alice@acme.test',
      name: 'Alice',
    }),
    bob: await repos.accounts.createUser({ account: 'Acme', email: 'bob@acme.test', name: 'Bob' }),
  };
  setup.close();
  server = await startServer(database.file);
  inspect = openDatabase(database.file);
});

afterAll(async () => {
  await server?.kill();
  inspect?.close();
  database?.remove();
  reportSuite({
    suite: 'concurrency',
    tried,
    failures,
    figures: {
      rounds: profile.concurrencyRounds,
      seed: String(SEED),
      racedBeforeDelete: raced.before,
      racedAfterDelete: raced.after,
    },
  });
});

/** A race whose unexpected exception counts as a failure too. */
function race(name: string, body: () => Promise<void>): void {
  it(name, async () => {
    violations.length = 0;
    try {
      await body();
    } catch (error) {
      failures++;
      throw error;
    }
    expect(violations).toEqual([]);
  });
}

describe('concurrent requests against the built server', () => {
  /**
   * Favorites. The server handles requests on one event loop and each favorite change is one
   * transaction, so a burst is some serial order of its requests, but the order in which the
   * client sees the answers need not be that order, and nothing in an answer reveals it. So:
   * - every answer must be 200 and show the favorite flag its own request set (its write and the
   *   read of the answer happen together);
   * - afterwards each user's flag must be one that user's requests set (the last one processed
   *   was one of them); when all of a user's requests set the same flag, that flag exactly;
   * - a user who sent nothing keeps the flag from before the burst;
   * - the API and the database agree, with at most one row per user and group;
   * - one more request, sent after the burst has settled, is then certainly the last: the state
   *   must be what it set.
   */
  race('bursts of favorite and unfavorite requests leave one consistent row or none', async () => {
    const groups: { id: string }[] = [];
    for (const name of ['Sales', 'Support', 'Ops']) {
      groups.push(await ok(KpiGroup, users.alice, 'POST', '/kpis/groups', { name }));
    }
    const flags = new Map<string, boolean>();
    const key = (u: UserKey, g: string) => `${u}|${g}`;
    const rowsOf = (u: UserKey, g: string) =>
      dbCount(
        'SELECT count(*) AS n FROM group_favorites WHERE user_id = ? AND group_id = ?',
        users[u].userId,
        g,
      );

    async function apiFlag(u: UserKey, g: string): Promise<boolean> {
      return (await ok(KpiGroup, users[u], 'GET', `/kpis/groups/${g}`)).favorite;
    }

    async function checkState(u: UserKey, g: string, allowed: boolean[], what: string) {
      const flag = await apiFlag(u, g);
      const rows = rowsOf(u, g);
      check(allowed.includes(flag), `${what}: ${u} favorite=${flag}, expected one of ${allowed}`);
      check(rows === (flag ? 1 : 0), `${what}: ${u} has ${rows} rows while the API says ${flag}`);
      flags.set(key(u, g), flag);
    }

    async function burst(g: string, actions: { user: UserKey; favorite: boolean }[], what: string) {
      const answers = await Promise.all(
        actions.map((a) =>
          send(users[a.user], a.favorite ? 'PUT' : 'DELETE', `/kpis/groups/${g}/favorite`),
        ),
      );
      answers.forEach((answer, i) => {
        const action = actions[i]!;
        check(
          answer.status === 200,
          `${what}: answer ${answer.status} ${answer.text.slice(0, 200)}`,
        );
        check(
          (answer.body as { favorite?: boolean } | undefined)?.favorite === action.favorite,
          `${what}: ${action.user} asked favorite=${action.favorite}, answer ${answer.text.slice(0, 200)}`,
        );
      });
      const duplicates = inspect
        .prepare(
          'SELECT user_id, group_id, count(*) AS n FROM group_favorites GROUP BY user_id, group_id HAVING count(*) > 1',
        )
        .all();
      check(duplicates.length === 0, `${what}: duplicate favorites ${JSON.stringify(duplicates)}`);
      for (const u of ['alice', 'bob'] as const) {
        const sent = actions.filter((a) => a.user === u).map((a) => a.favorite);
        const before = flags.get(key(u, g)) ?? false;
        await checkState(u, g, sent.length === 0 ? [before] : [...new Set(sent)], what);
      }
    }

    for (let round = 0; round < profile.concurrencyRounds; round++) {
      const g = groups[round % groups.length]!.id;
      // Some rounds are one user's alone, so the other's flag must stay as it was.
      const only: UserKey | null = round % 3 === 2 ? (coin() ? 'alice' : 'bob') : null;
      const actions = Array.from({ length: BURST }, () => ({
        user: only ?? (coin() ? 'alice' : ('bob' as UserKey)),
        favorite: coin(),
      }));
      await burst(g, actions, `mixed burst ${round} on ${g}`);
      for (const u of ['alice', 'bob'] as const) {
        const last = coin();
        const answer = await send(users[u], last ? 'PUT' : 'DELETE', `/kpis/groups/${g}/favorite`);
        check(answer.status === 200, `final request: ${answer.status}`);
        await checkState(u, g, [last], `after the final request of round ${round}`);
      }
      // The same action a hundred times over, racing itself: exactly one row, or none.
      const same = coin();
      await burst(
        g,
        Array.from({ length: BURST }, (_, i) => ({
          user: i % 2 === 0 ? 'alice' : ('bob' as UserKey),
          favorite: same,
        })),
        `burst of ${same ? 'favorites' : 'unfavorites'} ${round} on ${g}`,
      );
    }
    checkIntegrity('after the favorite bursts');
  });

  /**
   * Concurrent PATCHes that each set many fields of one KPI: every one is applied whole, in some
   * order, or refused with a problem; the stored KPI is exactly one of the applied edits, never
   * a mix of fields from several, and its author is that edit's. A 200 answer shows its own edit,
   * since a client takes it as the state its change produced.
   */
  race('concurrent edits of one KPI leave exactly one edit, never a mix', async () => {
    const groups: string[] = [];
    for (const name of ['East', 'West', 'North']) {
      groups.push((await ok(KpiGroup, users.alice, 'POST', '/kpis/groups', { name })).id);
    }
    const kpi = await ok(Kpi, users.alice, 'POST', '/kpis', { name: 'Contested' });
    const operators = ['should_increase', 'should_decrease'] as const;
    const aggregations = ['last', 'sum', 'average', 'min', 'max'] as const;

    /** Edit i of round r: every field differs from every other edit's. */
    const edit = (r: number, i: number) => ({
      user: i % 2 === 0 ? users.alice : users.bob,
      body: {
        name: `Edit ${r}.${i}`,
        description: `Written by edit ${i} of round ${r}`,
        targetOperator: operators[i % 2]!,
        aggregation: aggregations[(r + i) % aggregations.length]!,
        formatting: { prefix: `p${i}`, suffix: `s${r % 7}${i}`, fractionSize: i },
        groups: i === 0 ? [] : groups.slice(0, i),
        ownerIds: i % 2 === 0 ? [users.alice.userId] : [users.bob.userId, users.alice.userId],
      },
    });
    const view = (k: EditedFields) => ({
      name: k.name,
      description: k.description,
      targetOperator: k.targetOperator,
      aggregation: k.aggregation,
      formatting: k.formatting,
      groups: k.groups,
      ownerIds: k.ownerIds,
    });

    const rounds = profile.concurrencyRounds * 5;
    for (let r = 0; r < rounds; r++) {
      const edits = Array.from({ length: 2 + (r % 3) }, (_, i) => edit(r, i));
      const answers = await Promise.all(
        shuffle(edits.map((e, i) => ({ e, i }))).map(async ({ e, i }) => ({
          i,
          answer: await send(e.user, 'PATCH', `/kpis/${kpi.id}`, e.body),
        })),
      );
      const applied = new Set<number>();
      for (const { i, answer } of answers) {
        const what = `round ${r}, edit ${i}`;
        if (answer.status === 200) {
          applied.add(i);
          check(
            JSON.stringify(view(Kpi.parse(answer.body))) === JSON.stringify(view(edits[i]!.body)),
            `${what}: the answer is not its own edit: ${answer.text.slice(0, 300)}`,
          );
        } else {
          check(isProblem(answer, 409, 423, 429), `${what}: ${answer.status} ${answer.text}`);
        }
      }
      check(applied.size > 0, `round ${r}: every edit was refused`);
      const stored = await ok(Kpi, users.alice, 'GET', `/kpis/${kpi.id}`);
      const winner = [...applied].find(
        (i) => JSON.stringify(view(stored)) === JSON.stringify(view(edits[i]!.body)),
      );
      check(
        winner !== undefined,
        `round ${r}: the stored KPI is no single applied edit: ${JSON.stringify(view(stored))}`,
      );
      if (winner === undefined) continue;
      check(
        stored.modifiedById === edits[winner]!.user.userId,
        `round ${r}: modifiedById ${stored.modifiedById} is not the author of the stored edit`,
      );
      // The rows in the side tables belong to the same edit as the KPI row.
      const members = inspect
        .prepare('SELECT group_id FROM kpi_group_members WHERE kpi_id = ? ORDER BY position')
        .all(kpi.id) as { group_id: string }[];
      const owners = inspect
        .prepare('SELECT user_id FROM kpi_owners WHERE kpi_id = ? ORDER BY position')
        .all(kpi.id) as { user_id: string }[];
      const row = inspect.prepare('SELECT name, owner_id FROM kpis WHERE id = ?').get(kpi.id) as {
        name: string;
        owner_id: string;
      };
      const body = edits[winner]!.body;
      check(
        JSON.stringify({
          name: row.name,
          ownerId: row.owner_id,
          groups: members.map((m) => m.group_id),
          owners: owners.map((o) => o.user_id),
        }) ===
          JSON.stringify({
            name: body.name,
            ownerId: body.ownerIds[0],
            groups: body.groups,
            owners: body.ownerIds,
          }),
        `round ${r}: the database mixes edits`,
      );
    }
    checkIntegrity('after the concurrent edits');
  });

  /**
   * A KPI with snapshots, projections, owners and groups, deleted while edits, snapshot writes,
   * an import, projections and membership changes race the deletion: nothing answers 5xx, every
   * refusal is a 404 problem, the KPI is gone afterwards and leaves no row behind.
   */
  race('edits and snapshot writes racing the deletion of a KPI leave no orphans', async () => {
    const group = await ok(KpiGroup, users.alice, 'POST', '/kpis/groups', { name: 'Doomed' });
    const rounds = profile.concurrencyRounds * 2;
    for (let r = 0; r < rounds; r++) {
      const kpi = await ok(Kpi, users.alice, 'POST', '/kpis', {
        name: `Short-lived ${r}`,
        groups: [group.id],
        ownerIds: [users.alice.userId, users.bob.userId],
      });
      await ok(Snapshot, users.alice, 'POST', `/kpis/${kpi.id}/snapshots`, {
        group: '2024-01',
        value: 1,
      });
      await ok(Projection, users.alice, 'POST', `/kpis/${kpi.id}/projections`, {
        date: '2030-01-01',
        value: 5,
      });
      const base = `/kpis/${kpi.id}`;
      const racers: Racer[] = [
        { what: 'DELETE', run: () => send(users.bob, 'DELETE', base), delete: true },
      ];
      for (let i = 0; i < 6; i++) {
        racers.push({
          what: `PATCH ${i}`,
          run: () =>
            send(users.alice, 'PATCH', base, {
              name: `Renamed ${r}.${i}`,
              description: 'edited in the race',
              groups: i % 2 === 0 ? [group.id] : [],
              formatting: { prefix: '€', fractionSize: 2 },
            }),
        });
      }
      for (let i = 0; i < 10; i++) {
        racers.push({
          what: `snapshot ${i}`,
          run: () =>
            send(users.bob, 'POST', `${base}/snapshots`, { group: `2024-02-${10 + i}`, value: i }),
        });
      }
      racers.push(
        {
          what: 'import',
          run: () =>
            send(users.alice, 'POST', `${base}/snapshots/import`, {
              rows: Array.from({ length: 40 }, (_, i) => ({ group: `2023-W${10 + i}`, value: i })),
            }),
        },
        {
          what: 'projection',
          run: () =>
            send(users.alice, 'POST', `${base}/projections`, { date: '2031-01-01', value: 1 }),
        },
        { what: 'join group', run: () => send(users.bob, 'PUT', `${base}/groups/${group.id}`) },
        { what: 'leave group', run: () => send(users.bob, 'DELETE', `${base}/groups/${group.id}`) },
        { what: 'GET', run: () => send(users.bob, 'GET', base) },
        { what: 'history', run: () => send(users.bob, 'GET', `${base}/snapshots`) },
      );
      await raceDeletion(`round ${r}`, racers, 204, (answer) => isProblem(answer, 404));
      const after = await send(users.alice, 'GET', base);
      check(isProblem(after, 404), `round ${r}: the KPI is still there (${after.status})`);
      const left = dbCount(
        `SELECT (SELECT count(*) FROM snapshots WHERE kpi_id = @id) + (SELECT count(*) FROM projections WHERE kpi_id = @id)
              + (SELECT count(*) FROM kpi_group_members WHERE kpi_id = @id) + (SELECT count(*) FROM kpi_owners WHERE kpi_id = @id)
              + (SELECT count(*) FROM kpis WHERE id = @id) AS n`,
        { id: kpi.id },
      );
      check(left === 0, `round ${r}: ${left} rows of the deleted KPI are left`);
      checkIntegrity(`round ${r} of edits against deletion`);
    }
    const group2 = await ok(KpiGroup, users.alice, 'GET', `/kpis/groups/${group.id}`);
    check(group2.kpisCount === 0, `the group still counts ${group2.kpisCount} KPIs`);
  });

  /**
   * A group with members and favorites, deleted while both users star and unstar it, KPIs join
   * it and edits name it: the group goes with all its favorites and memberships, and every
   * refusal is a 404 (or, for an edit naming the vanished group, a 400 on body.groups).
   */
  race('favorites and memberships racing the deletion of a group leave no orphans', async () => {
    const kpis: Kpi[] = [];
    for (const name of ['Member A', 'Member B', 'Member C']) {
      kpis.push(await ok(Kpi, users.alice, 'POST', '/kpis', { name }));
    }
    const rounds = profile.concurrencyRounds * 2;
    for (let r = 0; r < rounds; r++) {
      const group = await ok(KpiGroup, users.alice, 'POST', '/kpis/groups', { name: `Gone ${r}` });
      await ok(Kpi, users.alice, 'PUT', `/kpis/${kpis[0]!.id}/groups/${group.id}`);
      await ok(KpiGroup, users.bob, 'PUT', `/kpis/groups/${group.id}/favorite`);
      const racers: Racer[] = [
        {
          what: 'DELETE group',
          run: () => send(users.alice, 'DELETE', `/kpis/groups/${group.id}`),
          delete: true,
        },
        {
          what: 'rename',
          run: () => send(users.bob, 'PATCH', `/kpis/groups/${group.id}`, { name: 'Renamed' }),
        },
      ];
      for (let i = 0; i < 16; i++) {
        const user = i % 2 === 0 ? users.alice : users.bob;
        racers.push({
          what: `favorite ${i}`,
          run: () => send(user, coin() ? 'PUT' : 'DELETE', `/kpis/groups/${group.id}/favorite`),
        });
      }
      for (const [i, kpi] of kpis.entries()) {
        racers.push(
          {
            what: `join ${i}`,
            run: () => send(users.bob, 'PUT', `/kpis/${kpi.id}/groups/${group.id}`),
          },
          {
            what: `edit ${i}`,
            run: () => send(users.alice, 'PATCH', `/kpis/${kpi.id}`, { groups: [group.id] }),
          },
        );
      }
      await raceDeletion(`round ${r}`, racers, 200, (answer, racer) =>
        racer.what.startsWith('edit') ? isProblem(answer, 400) : isProblem(answer, 404),
      );
      const after = await send(users.bob, 'GET', `/kpis/groups/${group.id}`);
      check(isProblem(after, 404), `round ${r}: the group is still there (${after.status})`);
      const left = dbCount(
        `SELECT (SELECT count(*) FROM group_favorites WHERE group_id = @id)
              + (SELECT count(*) FROM kpi_group_members WHERE group_id = @id) AS n`,
        { id: group.id },
      );
      check(
        left === 0,
        `round ${r}: ${left} favorites or memberships of the deleted group are left`,
      );
      for (const kpi of kpis) {
        const stored = await ok(Kpi, users.alice, 'GET', `/kpis/${kpi.id}`);
        check(!stored.groups.includes(group.id), `round ${r}: ${kpi.id} still names the group`);
      }
      checkIntegrity(`round ${r} of group deletion`);
    }
    check(!/error/i.test(server.stderr()), `the server logged: ${server.stderr().slice(0, 500)}`);
  });
});
