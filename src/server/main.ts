import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { openRuntime } from './runtime.ts';
import { securityHeaders } from './security-headers.ts';

/** Serves the built SPA and the API from one process. */
async function main(): Promise<void> {
  const config = readConfig();
  const webDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'web');
  const runtime = await openRuntime(config);

  const app = createApp({
    repos: runtime.repos,
    logError: (error) =>
      console.error('Unexpected failure:', error instanceof Error ? error.stack : error),
  });
  if (existsSync(join(webDir, 'index.html'))) {
    const indexHtml = readFileSync(join(webDir, 'index.html'), 'utf8');
    app.use('*', securityHeaders());
    app.use(
      '*',
      serveStatic({
        root: relative(process.cwd(), webDir),
        // The build writes .br and .gz beside each file; the one the browser accepts is sent.
        precompressed: true,
        // Built assets carry a content hash in their names, so they never change.
        onFound: (path, c) => {
          if (path.includes('/assets/'))
            c.header('cache-control', 'public, max-age=31536000, immutable');
        },
      }),
    );
    // Client-side routes get the SPA; a missing file (a path with an extension) stays a 404.
    app.get('*', (c) => (/\.[a-z0-9]+$/i.test(c.req.path) ? c.notFound() : c.html(indexHtml)));
  }

  const signIn = await runtime.signInPath();
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
    const origin = `http://${host}:${info.port}`;
    console.log(`KPI dashboard listening on ${origin} (database ${config.databaseFile})`);
    console.log(`API reference: ${origin}/results/api/docs`);
    if (signIn) console.log(`Sign in as the demo user: ${origin}${signIn}`);
    else
      console.log(
        'No demo user: create one with `npm run --silent admin -- create-user --account <name> --email <email>`',
      );
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    server.close(() => {
      runtime.db.close();
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
