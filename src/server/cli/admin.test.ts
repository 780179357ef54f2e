import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { openDatabase } from '../db/connection.ts';
import { createSqliteRepositories } from '../db/sqlite/index.ts';
import { runAdmin } from './admin.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as JSON lines. */
  lines: Record<string, unknown>[];
}

let dir: string;
let dbFile: string;

async function admin(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runAdmin(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: { KPI_DB: dbFile },
  });
  const lines = stdout.startsWith('Usage')
    ? []
    : stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, stdout, stderr, lines };
}

/** Runs create-user for an account and email, passing --name only when one is given. */
function createUser(account: string, email: string, name?: string): Promise<Run> {
  const named = name === undefined ? [] : ['--name', name];
  return admin('create-user', '--account', account, '--email', email, ...named);
}

/** The ids and token that create-user printed, for a call expected to succeed. */
async function newUser(account: string, email: string, name?: string) {
  return (await createUser(account, email, name)).lines[0]!;
}

/** Expects a command-line mistake: one line on stderr, nothing on stdout, exit code 2. */
function expectUsageError(run: Run, message: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(message);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
}

/** The answer of GET /users/me for a token, through the real app on the same database. */
async function whoAmI(
  token: string,
): Promise<{ status: number; body: { user?: { email: string; name: string } } }> {
  const db = openDatabase(dbFile);
  try {
    const app = createApp({ repos: createSqliteRepositories(db) });
    const response = await app.request('/results/api/v1/users/me', {
      headers: { authorization: `Bearer ${token}` },
    });
    return {
      status: response.status,
      body: (await response.json()) as { user?: { email: string; name: string } },
    };
  } finally {
    db.close();
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpi-admin-'));
  dbFile = join(dir, 'nested', 'admin.sqlite');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('admin help and command-line mistakes', () => {
  it('prints the usage for --help and exits 0', async () => {
    for (const argv of [['--help'], ['-h'], ['create-user', '--help']]) {
      const run = await admin(...argv);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: npm run --silent admin -- <command>/);
      expect(run.stdout).toContain('create-user');
      expect(run.stdout).toContain('list-users');
      expect(run.stdout).toContain('revoke-token');
      expect(run.stderr).toBe('');
    }
    expect(existsSync(dbFile)).toBe(false);
  });

  it('prints the usage and exits 2 without a command', async () => {
    const run = await admin();
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^Usage:/);
  });

  it('rejects an unknown command with exit code 2', async () => {
    const run = await admin('delete-everything');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown command: delete-everything/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(/^Usage:/);
  });

  it('rejects missing, unknown and stray flags with one line on stderr', async () => {
    expectUsageError(await admin('create-user', '--account', 'Acme'), /--email/);
    expectUsageError(await admin('create-user', '--email', 'a@b.test'), /--account/);
    expectUsageError(
      await admin('create-user', '--account', '  ', '--email', 'a@b.test'),
      /--account/,
    );
    expectUsageError(await admin('create-user', '--account', 'Acme', '--email'), /--email/);
    expectUsageError(
      await admin('create-user', '--account', 'Acme', '--email', 'a@b.test', '--admin'),
      /--admin/,
    );
    expectUsageError(await admin('list-users', 'everyone'), /everyone/);
    expectUsageError(await admin('revoke-token'), /--token.*--email/);
    expectUsageError(
      await admin('revoke-token', '--token', 't', '--email', 'a@b.test'),
      /not both/,
    );
    // Nothing was opened or created for a wrong command line.
    expect(existsSync(dbFile)).toBe(false);
  });
});

describe('admin commands', () => {
  it('creates a user whose token authenticates against the API', async () => {
    const run = await createUser('Acme', 'ann@acme.test', 'Ann Lee');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.lines).toHaveLength(1);
    const created = run.lines[0]!;
    expect(Object.keys(created)).toEqual(['accountId', 'userId', 'token']);
    expect(created.accountId).toMatch(/^[0-9a-f]{24}$/);
    expect(created.userId).toMatch(/^[0-9a-f]{24}$/);
    expect(created.token).toMatch(/^\S{20,}$/);

    const me = await whoAmI(created.token as string);
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: 'ann@acme.test', name: 'Ann Lee' });

    // The new account comes with its two reports.
    const db = openDatabase(dbFile);
    try {
      const repos = createSqliteRepositories(db);
      const scope = { accountId: created.accountId as string, userId: created.userId as string };
      expect((await repos.dashboards.reports(scope)).map((r) => r.name)).toEqual([
        'Performance report',
        'Process report',
      ]);
    } finally {
      db.close();
    }
  });

  it('adds users to an existing account and names users by their email by default', async () => {
    const first = await newUser('Acme', 'ann@acme.test');
    const second = await createUser('Acme', 'bob@acme.test');
    expect(second.code).toBe(0);
    expect(second.lines[0]!.accountId).toBe(first.accountId);
    expect(second.lines[0]!.userId).not.toBe(first.userId);
    const me = await whoAmI(second.lines[0]!.token as string);
    expect(me.body.user).toMatchObject({ email: 'bob@acme.test', name: 'bob' });
  });

  it('reports a repository error with exit code 1', async () => {
    const run = await createUser('Acme', 'not-an-email');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/not-an-email is not an email address/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('lists users without their tokens', async () => {
    expect((await admin('list-users')).lines).toEqual([]);
    const ann = await newUser('Acme', 'ann@acme.test', 'Ann Lee');
    const again = await newUser('Acme', 'ann@acme.test');
    const bob = await newUser('Globex', 'bob@globex.test');

    const run = await admin('list-users');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain(ann.token as string);
    expect(run.stdout).not.toContain(again.token as string);
    expect(run.stdout).not.toContain(bob.token as string);
    expect(run.lines).toEqual([
      {
        accountId: ann.accountId,
        account: 'Acme',
        userId: ann.userId,
        email: 'ann@acme.test',
        name: 'Ann Lee',
        tokens: 2,
      },
      {
        accountId: bob.accountId,
        account: 'Globex',
        userId: bob.userId,
        email: 'bob@globex.test',
        name: 'bob',
        tokens: 1,
      },
    ]);
  });

  it('revokes a token so that it no longer authenticates', async () => {
    const ann = await newUser('Acme', 'ann@acme.test');
    const other = await newUser('Acme', 'ann@acme.test');
    expect((await whoAmI(ann.token as string)).status).toBe(200);

    const run = await admin('revoke-token', '--token', ann.token as string);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('{"revoked":1}\n');
    expect((await whoAmI(ann.token as string)).status).toBe(401);
    // The user's other token still works; revoking twice revokes nothing.
    expect((await whoAmI(other.token as string)).status).toBe(200);
    expect((await admin('revoke-token', '--token', ann.token as string)).lines).toEqual([
      { revoked: 0 },
    ]);
  });

  it('revokes every token of a user by email', async () => {
    const first = await newUser('Acme', 'ann@acme.test');
    const second = await newUser('Acme', 'ann@acme.test');
    const bob = await newUser('Acme', 'bob@acme.test');

    const run = await admin('revoke-token', '--email', 'ann@acme.test');
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([{ revoked: 2 }]);
    expect((await whoAmI(first.token as string)).status).toBe(401);
    expect((await whoAmI(second.token as string)).status).toBe(401);
    expect((await whoAmI(bob.token as string)).status).toBe(200);
    expect((await admin('list-users')).lines.map((u) => [u.email, u.tokens])).toEqual([
      ['ann@acme.test', 0],
      ['bob@acme.test', 1],
    ]);
    expect((await admin('revoke-token', '--email', 'nobody@acme.test')).lines).toEqual([
      { revoked: 0 },
    ]);
  });

  it('runs as `npm run --silent admin` and prints only JSON on stdout', () => {
    const result = spawnSync(
      'npm',
      [
        'run',
        '--silent',
        'admin',
        '--',
        'create-user',
        '--account',
        'Acme',
        '--email',
        'cli@acme.test',
      ],
      {
        cwd: join(import.meta.dirname, '..', '..', '..'),
        env: { ...process.env, KPI_DB: dbFile },
        encoding: 'utf8',
      },
    );
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual(['accountId', 'userId', 'token']);

    const bad = spawnSync(
      'npm',
      ['run', '--silent', 'admin', '--', 'create-user', '--account', 'Acme'],
      {
        cwd: join(import.meta.dirname, '..', '..', '..'),
        env: { ...process.env, KPI_DB: dbFile },
        encoding: 'utf8',
      },
    );
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/--email/);
  });
});
