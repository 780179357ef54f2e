import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { ApiProblem } from './errors.ts';
import { openRuntime } from './runtime.ts';
import { securityHeaders } from './security-headers.ts';
import { readViteManifest, spaPages, type ViteManifest } from './spa-preload.ts';

/**
 * Room for a grouped read naming its 1000 KPIs by id (about 25 KB of URL); with Node's default
 * of 16 KiB such a read was refused before the API could answer it.
 */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Requests Node refuses before the app sees them (headers over the limit, broken HTTP) get a
 * problem body like every other error, instead of a bare status line.
 */
function answerClientErrors(server: Server): void {
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // The rest of a refused request keeps arriving and failing to parse: answer it once.
    if (answered.has(socket)) return;
    const response = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
      socket.destroy();
      return;
    }
    answered.add(socket);
    const problem =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? new ApiProblem(
            431,
            `The request line and headers are larger than ${MAX_HEADER_BYTES} bytes`,
          )
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new ApiProblem(408, 'The request did not arrive in time')
          : new ApiProblem(400, 'The request is not valid HTTP');
    const body = JSON.stringify(problem.toBody());
    socket.end(
      [
        `HTTP/1.1 ${problem.status} ${problem.toBody().title}`,
        'content-type: application/problem+json',
        'cache-control: no-store',
        'x-content-type-options: nosniff',
        `content-length: ${Buffer.byteLength(body)}`,
        'connection: close',
        '',
        body,
      ].join('\r\n'),
    );
    // Closing at once would reset the connection while the client still sends, losing the
    // answer; a client that keeps sending is cut off a little later.
    setTimeout(() => socket.destroy(), 2000).unref();
  });
}

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
    let manifest: ViteManifest | null = null;
    try {
      manifest = readViteManifest(webDir);
    } catch (error) {
      // The preload hints only speed pages up: without them the SPA works as before.
      console.error('The build manifest could not be read, pages go without preload hints:', error);
    }
    const pages = spaPages(indexHtml, manifest);
    app.use('*', securityHeaders());
    // Build files under a dot folder (the manifest in .vite/) are the server's, not the browser's.
    app.use('*', async (c, next) => {
      if (/(^|\/)\./.test(c.req.path)) return c.notFound();
      await next();
    });
    // Ahead of the static files, which would answer `/` with the plain index.html.
    app.get('/', (c) => c.html(pages.htmlFor('/')));
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
    // The page's own files are named in its index.html, so they load alongside the entry.
    app.get('*', (c) =>
      /\.[a-z0-9]+$/i.test(c.req.path) ? c.notFound() : c.html(pages.htmlFor(c.req.path)),
    );
  }

  const signIn = await runtime.signInPath();
  const listen = {
    fetch: app.fetch,
    hostname: config.host,
    port: config.port,
    serverOptions: { maxHeaderSize: MAX_HEADER_BYTES },
  };
  const server = serve(listen, (info) => {
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

  answerClientErrors(server as Server);

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
