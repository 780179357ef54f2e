/**
 * The real API server for the benchmark, built the way src/server/main.ts builds it (SQLite
 * repositories + createApp), without the web UI and demo data. Serves on 127.0.0.1 with an
 * ephemeral port and prints `listening <port>`.
 *
 * Usage: node --import tsx bench/server.ts <database file>
 */
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { createApp } from '../src/server/app.ts';
import { openDatabase } from '../src/server/db/connection.ts';
import { createSqliteRepositories } from '../src/server/db/sqlite/index.ts';
import { exitWithParent } from './lifecycle.ts';

const file = process.argv[2];
if (!file) {
  console.error('Usage: bench/server.ts <database file>');
  process.exit(2);
}

const db = openDatabase(file);
const repos = createSqliteRepositories(db);
const app = createApp({
  repos,
  logError: (error) =>
    console.error('Unexpected failure:', error instanceof Error ? error.stack : error),
});

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  process.stdout.write(`listening ${info.port}\n`);
}) as Server;

exitWithParent(() => {
  server.close(() => {
    db.close();
    // Exiting (rather than being killed) lets --cpu-prof write its profile.
    process.exit(0);
  });
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 3000).unref();
});
