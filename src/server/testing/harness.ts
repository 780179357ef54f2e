import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.ts';
import { openDatabase, type Db } from '../db/connection.ts';
import type { Repositories } from '../db/repositories.ts';
import { createSqliteRepositories } from '../db/sqlite/index.ts';

export interface TestUser {
  accountId: string;
  userId: string;
  token: string;
}

export interface Harness {
  db: Db;
  repos: Repositories;
  app: ReturnType<typeof createApp>;
  errors: unknown[];
  createUser(account: string, email: string, name?: string): Promise<TestUser>;
  /** A request as a user: JSON bodies, bearer token and account header filled in. */
  request(
    user: TestUser | null,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  close(): void;
}

/** The real app on a fresh temporary database; nothing is mocked. */
export function createHarness(): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-test-'));
  const db = openDatabase(join(dir, 'test.sqlite'));
  const repos = createSqliteRepositories(db);
  const errors: unknown[] = [];
  const app = createApp({ repos, logError: (e) => errors.push(e) });
  return {
    db,
    repos,
    app,
    errors,
    createUser: (account, email, name) => repos.accounts.createUser({ account, email, name }),
    request: (user, method, path, body, headers = {}) => {
      const init: RequestInit = { method, headers: { ...headers } };
      const h = init.headers as Record<string, string>;
      if (user) {
        h.authorization ??= `Bearer ${user.token}`;
        h['gtmhub-accountId'] ??= user.accountId;
      }
      if (body !== undefined) {
        h['content-type'] ??= 'application/json';
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
      }
      const url =
        path.startsWith('/') && !path.startsWith('/results') && !path.startsWith('/api/')
          ? `/results/api/v1${path}`
          : path;
      return Promise.resolve(app.request(url, init));
    },
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
