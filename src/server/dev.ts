import { getRequestListener } from '@hono/node-server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { openRuntime, type Runtime } from './runtime.ts';

type Listener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** One database per dev server process, kept across module reloads. */
const state = globalThis as typeof globalThis & { __kpiRuntime?: Promise<Runtime> };

/** The API as a Node request listener for the Vite dev server (same port as the SPA). */
export async function devApi(): Promise<{
  listener: Listener;
  signInPath: () => Promise<string | null>;
}> {
  state.__kpiRuntime ??= openRuntime(readConfig());
  const runtime = await state.__kpiRuntime;
  const app = createApp({
    repos: runtime.repos,
    logError: (error) =>
      console.error('Unexpected failure:', error instanceof Error ? error.stack : error),
  });
  return { listener: getRequestListener(app.fetch), signInPath: runtime.signInPath };
}
