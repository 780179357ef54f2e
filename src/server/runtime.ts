import type { Config } from './config.ts';
import { openDatabase, type Db } from './db/connection.ts';
import type { Repositories } from './db/repositories.ts';
import { createSqliteRepositories } from './db/sqlite/index.ts';
import { DEMO_ACCOUNT, DEMO_EMAIL, seedDemo } from './demo/seed.ts';

export interface Runtime {
  db: Db;
  repos: Repositories;
  /** A fresh sign-in link path for the demo user (tokens are stored hashed, so old ones cannot be shown again). */
  signInPath(): Promise<string | null>;
}

/** Opens the database, applies migrations and seeds demo data into a new, empty database. */
export async function openRuntime(
  config: Config,
  log: (line: string) => void = console.log,
): Promise<Runtime> {
  const db = openDatabase(config.databaseFile);
  const repos = createSqliteRepositories(db);
  const isEmpty = (db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n === 0;
  if (isEmpty && config.seedDemo) {
    log('Creating demo data…');
    await seedDemo(db, repos);
  }
  return {
    db,
    repos,
    signInPath: async () => {
      const users = await repos.accounts.listUsers();
      const demo = users.find((u) => u.email === DEMO_EMAIL && u.account === DEMO_ACCOUNT);
      if (!demo) return null;
      const token = await repos.accounts.issueToken(demo.userId, 'sign-in link');
      return `/sign-in#token=${encodeURIComponent(token)}&accountId=${demo.accountId}`;
    },
  };
}
