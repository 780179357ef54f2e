import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts the built app on a fresh database (no demo data) on a free port of 127.0.0.1;
 * the journeys seed what they need through the API. Stopped by the returned teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const built = join(process.cwd(), 'dist');
  if (!existsSync(join(built, 'server', 'main.js'))) {
    throw new Error('Build first: npm run build (npm run test:e2e does it)');
  }
  // A copy of the build, so that rebuilding during a run cannot pull files from under the server.
  // It sits inside the repository so that the server's packages resolve from node_modules.
  mkdirSync(join(process.cwd(), '.e2e'), { recursive: true });
  const copy = mkdtempSync(join(process.cwd(), '.e2e', 'run-'));
  cpSync(built, join(copy, 'dist'), { recursive: true });
  const server = join(copy, 'dist', 'server', 'main.js');
  const dir = mkdtempSync(join(tmpdir(), 'kpi-e2e-'));
  const db = join(dir, 'e2e.sqlite');
  const child = spawn(process.execPath, [server], {
    env: { ...process.env, KPI_DB: db, KPI_DEMO: '0', PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    // The server logs unexpected failures here; they belong in the run's output.
    process.stderr.write(chunk);
  });
  const origin = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => reject(new Error(`The server did not start:\n${stdout}${stderr}`)),
      30_000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) =>
      reject(new Error(`The server exited with ${code}:\n${stdout}${stderr}`)),
    );
  });
  process.env.E2E_BASE_URL = origin;
  process.env.E2E_DB = db;
  return async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
  };
}
