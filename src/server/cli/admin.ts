/**
 * Account, user and token administration:
 *
 *   npm run --silent admin -- create-user --account Acme --email ann@acme.test [--name "Ann Lee"]
 *   npm run --silent admin -- list-users
 *   npm run --silent admin -- revoke-token (--token <token> | --email <email>)
 *
 * Results go to stdout as JSON lines and nothing else does, so scripts can parse them; messages go
 * to stderr. Exit codes: 0 done, 1 the operation failed, 2 the command line is wrong.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openDatabase, type Db } from '../db/connection.ts';
import type { Repositories } from '../db/repositories.ts';
import { createSqliteRepositories } from '../db/sqlite/index.ts';
import { ApiProblem } from '../errors.ts';

export interface AdminIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

export const DEFAULT_DATABASE = './data/kpi.sqlite';

export const USAGE = `Usage: npm run --silent admin -- <command> [flags]

Commands:
  create-user --account <name> --email <email> [--name <display name>]
      Creates the account (with its reports) if it does not exist, and the user if they do not
      exist, makes the user a member and issues a new token. Prints one line:
      {"accountId":"…","userId":"…","token":"…"}
  list-users
      Prints one line per user and account: accountId, account, userId, email, name and the
      number of active tokens (never the tokens themselves).
  revoke-token --token <token>
  revoke-token --email <email>
      Revokes one token, or every token of the user with that email. Prints {"revoked":N}.

Flags:
  -h, --help   Show this help.

Environment:
  KPI_DB       SQLite database file (default ${DEFAULT_DATABASE}).

Exit codes: 0 done, 1 the operation failed, 2 the command line is wrong.
`;

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

interface Command {
  options: Options;
  run: (repos: Repositories, values: Values, io: AdminIo) => Promise<void>;
  /** Checks the flags before the database is opened; answers a usage error or null. */
  check: (values: Values) => string | null;
}

/** A usage error: one line on stderr, exit code 2. */
class UsageError extends Error {}

const text = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

const line = (value: unknown) => `${JSON.stringify(value)}\n`;

const COMMANDS: Record<string, Command> = {
  'create-user': {
    options: {
      account: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
    },
    check: (values) => {
      const missing = ['account', 'email'].filter((flag) => text(values, flag) === undefined);
      if (missing.length > 0)
        return `create-user needs ${missing.map((f) => `--${f} <${f === 'account' ? 'name' : f}>`).join(' and ')}`;
      return null;
    },
    run: async (repos, values, io) => {
      const { accountId, userId, token } = await repos.accounts.createUser({
        account: text(values, 'account')!,
        email: text(values, 'email')!,
        name: text(values, 'name'),
      });
      io.stdout(line({ accountId, userId, token }));
    },
  },
  'list-users': {
    options: {},
    check: () => null,
    run: async (repos, _values, io) => {
      for (const user of await repos.accounts.listUsers()) {
        const { accountId, account, userId, email, name, tokens } = user;
        io.stdout(line({ accountId, account, userId, email, name, tokens }));
      }
    },
  },
  'revoke-token': {
    options: {
      token: { type: 'string' },
      email: { type: 'string' },
    },
    check: (values) => {
      const token = text(values, 'token');
      const email = text(values, 'email');
      if (token === undefined && email === undefined)
        return 'revoke-token needs --token <token> or --email <email>';
      if (token !== undefined && email !== undefined)
        return 'revoke-token takes --token or --email, not both';
      return null;
    },
    run: async (repos, values, io) => {
      const revoked = await repos.accounts.revokeToken({
        token: text(values, 'token'),
        email: text(values, 'email'),
      });
      io.stdout(line({ revoked }));
    },
  },
};

const HELP_FLAGS = new Set(['-h', '--help']);

/** Runs one admin command; answers the exit code. */
export async function runAdmin(argv: string[], io: AdminIo): Promise<number> {
  const [name, ...rest] = argv;
  // Everything after a bare `--` is a value, never a help flag.
  const flags = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (name !== undefined && HELP_FLAGS.has(name)) {
    io.stdout(USAGE);
    return 0;
  }
  if (name === undefined) {
    io.stdout(USAGE);
    return 2;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.stderr(
      `Unknown command: ${oneLine(name)}. Commands: ${Object.keys(COMMANDS).join(', ')}; see --help.\n`,
    );
    io.stdout(USAGE);
    return 2;
  }
  if (flags.some((flag) => HELP_FLAGS.has(flag))) {
    io.stdout(USAGE);
    return 0;
  }

  let values: Values;
  try {
    values = parseFlags(name, command, rest);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const file = resolve(io.env.KPI_DB || DEFAULT_DATABASE);
  let db: Db;
  try {
    db = openDatabase(file);
  } catch (error) {
    io.stderr(`Cannot open the database ${file}: ${messageOf(error)}\n`);
    return 1;
  }
  try {
    await command.run(createSqliteRepositories(db), values, io);
    return 0;
  } catch (error) {
    io.stderr(`${name} failed: ${messageOf(error)}\n`);
    return 1;
  } finally {
    db.close();
  }
}

function parseFlags(name: string, command: Command, args: string[]): Values {
  let values: Values;
  try {
    ({ values } = parseArgs({
      args,
      options: command.options,
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${name}: ${oneLine(messageOf(error))}`);
  }
  const problem = command.check(values);
  if (problem !== null) throw new UsageError(problem);
  return values;
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

function messageOf(error: unknown): string {
  if (error instanceof ApiProblem) return oneLine(error.detail);
  if (error instanceof Error) return oneLine(error.message);
  return oneLine(String(error));
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  runAdmin(process.argv.slice(2), {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${messageOf(error)}\n`);
      process.exitCode = 1;
    },
  );
}
