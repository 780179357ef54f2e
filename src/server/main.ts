import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { openDatabase } from './db/connection.ts';
import { createSqliteRepositories } from './db/sqlite/index.ts';
import { DEMO_ACCOUNT, DEMO_EMAIL, seedDemo } from './demo/seed.ts';
import { securityHeaders } from './security-headers.ts';

/** Serves the built SPA and the API from one process. */
async function main(): Promise<void> {
  const config = readConfig();
  const here = dirname(fileURLToPath(import.meta.url));
  const webDir = join(here, '..', 'web');

  const db = openDatabase(config.databaseFile);
  const repos = createSqliteRepositories(db);
  const isEmpty = (db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n === 0;
  if (isEmpty && config.seedDemo) {
    console.log('Creating demo data…');
    await seedDemo(db, repos);
  }

  const app = createApp({
    repos,
    logError: (error) => console.error('Unexpected failure:', error instanceof Error ? error.stack : error),
  });
  if (existsSync(join(webDir, 'index.html'))) {
    const indexHtml = readFileSync(join(webDir, 'index.html'), 'utf8');
    const pages = securityHeaders();
    app.use('*', pages);
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable');
    });
    app.use('*', serveStatic({ root: relative(process.cwd(), webDir) }));
    // Client-side routes get the SPA; a missing file (a path with an extension) stays a 404.
    app.get('*', (c) => (/\.[a-z0-9]+$/i.test(c.req.path) ? c.notFound() : c.html(indexHtml)));
  }

  // A fresh sign-in link on every start: tokens are stored hashed, so an old one cannot be shown again.
  const demo = (await repos.accounts.listUsers()).find((u) => u.email === DEMO_EMAIL && u.account === DEMO_ACCOUNT);
  const link = demo
    ? { token: await repos.accounts.issueToken(demo.userId, 'sign-in link'), accountId: demo.accountId }
    : null;

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
    const origin = `http://${host}:${info.port}`;
    console.log(`KPI dashboard listening on ${origin} (database ${config.databaseFile})`);
    console.log(`API reference: ${origin}/results/api/docs`);
    if (link) console.log(`Sign in as the demo user: ${origin}/sign-in#token=${link.token}&accountId=${link.accountId}`);
    else console.log('No demo user: create one with `npm run --silent admin -- create-user --account <name> --email <email>`');
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    server.close(() => {
      db.close();
      process.exit(0);
    });
    // Idle keep-alive connections must not hold the process open.
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
