/**
 * The built production server (`dist/server/main.js`) as a child process on 127.0.0.1 and a
 * free port, for the suites that need a real socket: headers, concurrency, load and crashes.
 * The test that starts one stops it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
export const builtServer = join(repoRoot, 'dist', 'server', 'main.js');

const STARTUP_TIMEOUT_MS = 20_000;

export interface ServerProcess {
  origin: string;
  pid: number;
  /** Everything the server wrote to stderr so far (unexpected failures are logged there). */
  stderr(): string;
  /** Kills the process with the signal and waits until it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A fresh temporary directory for a database, removed by the returned function. */
export function tempDatabase(): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-reliability-'));
  return {
    file: join(dir, 'kpi.sqlite'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Starts the built server on the database file (no demo data) and waits until it listens. */
export function startServer(
  databaseFile: string,
  env: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  if (!existsSync(builtServer)) {
    throw new Error('Build first: npm run build (npm test and npm run test:reliability do it)');
  }
  const child: ChildProcess = spawn(process.execPath, [builtServer], {
    cwd: repoRoot,
    env: {
      ...process.env,
      KPI_DB: databaseFile,
      KPI_DEMO: '0',
      PORT: '0',
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise<ServerProcess>((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`The server did not start within ${STARTUP_TIMEOUT_MS} ms:\n${stdout}${stderr}`),
      );
    }, STARTUP_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`The server exited (${code ?? signal}) before listening:\n${stdout}${stderr}`),
      );
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      resolveStart({
        origin: match[1]!,
        pid: child.pid!,
        stderr: () => stderr,
        kill: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
  });
}
