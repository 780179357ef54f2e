import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts the built app on a fresh database (no demo data) on a free port of 127.0.0.1;
 * the journeys seed what they need through the API. Stopped by the returned teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = join(process.cwd(), 'dist', 'server', 'main.js');
  if (!existsSync(server)) throw new Error('Build first: npm run build (npm run test:e2e does it)');
  const dir = mkdtempSync(join(tmpdir(), 'kpi-e2e-'));
  const db = join(dir, 'e2e.sqlite');
  const child = spawn(process.execPath, [server], {
    env: { ...process.env, KPI_DB: db, KPI_DEMO: '0', PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
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
  };
}
