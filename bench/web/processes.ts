/**
 * Every process the web benchmark starts is registered here and stopped on the way out: at the
 * end of the run, on an error, and on Ctrl-C or SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const cleanups = new Set<() => Promise<void> | void>();

export function onCleanup(fn: () => Promise<void> | void): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

export async function cleanupAll(): Promise<void> {
  const pending = [...cleanups].reverse();
  cleanups.clear();
  for (const fn of pending) {
    try {
      await fn();
    } catch (error) {
      console.error('Cleanup failed:', error instanceof Error ? error.message : error);
    }
  }
}

let interrupted = false;
export function stopOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      console.error(`\n${signal}: stopping everything the benchmark started`);
      void cleanupAll().finally(() => process.exit(130));
    });
  }
}

/** Stops a child: SIGTERM, then SIGKILL if it has not gone within `graceMs`. */
export function stopChild(proc: ChildProcess, graceMs = 5_000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

export interface WebServer {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

/** The built production server (SPA + API) on a free port of 127.0.0.1, without demo data. */
export function startServer(entry: string, dbFile: string): Promise<WebServer> {
  const proc = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      KPI_DB: dbFile,
      KPI_DEMO: '0',
      PORT: '0',
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () => stopChild(proc);
  const unregister = onCleanup(stop);
  let output = '';
  proc.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stderr.write(`[server] ${chunk.toString()}`);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`The server did not start within 30 s:\n${output}`));
    }, 30_000);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited with ${code}:\n${output}`));
    });
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          origin: match[1]!,
          pid: proc.pid!,
          stop: async () => {
            unregister();
            await stop();
          },
        });
      }
    });
  });
}
