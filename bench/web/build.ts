/**
 * The production build the web benchmark serves: the same three steps as `npm run build` (SPA,
 * precompression, server bundle), written into `.bench/web-build/` rather than `dist/`, so that a
 * run neither waits for nor disturbs a build someone else makes in the same tree. The minimal
 * comparison pages are built into the SPA's directory under `__bench/`, so the real server serves
 * them from the same origin.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths.ts';

export const buildRoot = join(repoRoot, '.bench', 'web-build');
export const webDir = join(buildRoot, 'dist', 'web');
export const serverEntry = join(buildRoot, 'dist', 'server', 'main.js');

function run(label: string, args: string[]): void {
  const result = spawnSync(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    process.stdout.write(result.stdout);
    throw new Error(`${label} failed (exit ${result.status ?? result.signal})`);
  }
}

const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');

export function buildAll(log: (line: string) => void): number {
  const started = performance.now();
  rmSync(buildRoot, { recursive: true, force: true });
  run('SPA build', [vite, 'build', '--outDir', webDir, '--emptyOutDir', '--logLevel', 'warn']);
  run('Minimal pages build', [
    vite,
    'build',
    '--config',
    join(repoRoot, 'bench', 'web', 'vite.config.ts'),
    '--outDir',
    join(webDir, '__bench'),
  ]);
  run('Compression', [join(repoRoot, 'scripts', 'compress.mjs'), webDir]);
  run('Server build', [
    vite,
    'build',
    '--ssr',
    'src/server/main.ts',
    '--outDir',
    join(buildRoot, 'dist', 'server'),
    '--emptyOutDir',
    '--logLevel',
    'warn',
  ]);
  if (!existsSync(serverEntry) || !existsSync(join(webDir, 'index.html')))
    throw new Error('The build left no server or no index.html');
  const ms = performance.now() - started;
  log(`  built in ${(ms / 1000).toFixed(1)} s (${listAssets().length} JS assets)`);
  return ms;
}

/** The SPA's JS assets (not the minimal pages') with their raw and gzip sizes. */
export function listAssets(): { file: string; raw: number; gzip: number | null }[] {
  const dir = join(webDir, 'assets');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .map((file) => {
      const gz = join(dir, `${file}.gz`);
      return {
        file,
        raw: statSync(join(dir, file)).size,
        gzip: existsSync(gz) ? statSync(gz).size : null,
      };
    });
}

/** What the built index.html loads first. */
export function entryHtml(): string {
  return readFileSync(join(webDir, 'index.html'), 'utf8');
}
