// `npm start`: builds the app when the build is missing or older than its sources, then runs the
// server in a child process, passing signals on and exiting with the child's code.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
const serverEntry = join(dist, 'server', 'main.js');
const webEntry = join(dist, 'web', 'index.html');
const stampFile = join(dist, '.build-stamp');
/** What the build reads: a change to any of these makes the build stale. */
const SOURCES = [
  'src',
  'index.html',
  'public',
  'vite.config.ts',
  'tailwind.config.ts',
  'package.json',
];

const mtimeOf = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
};

/** Whether the file or any file below the folder was modified after `since`. */
function changedSince(path, since) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return false;
  }
  if (!stats.isDirectory()) return stats.mtimeMs > since;
  return readdirSync(path).some((name) => changedSince(join(path, name), since));
}

function whyBuild() {
  if (!existsSync(serverEntry)) return 'dist/server/main.js is missing';
  if (!existsSync(webEntry)) return 'dist/web/index.html is missing';
  const stamp = mtimeOf(stampFile);
  if (stamp === null) return 'dist/.build-stamp is missing';
  const changed = SOURCES.find((source) => changedSince(join(root, source), stamp));
  return changed === undefined ? null : `${changed} changed since the last build`;
}

/**
 * Runs a command with inherited stdio; SIGINT and SIGTERM sent to this process are passed on to
 * it while it runs. Answers how it ended.
 */
function run(command, args, options) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env: process.env, ...options });
    const forward = (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const stopForwarding = () => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.once('error', (error) => {
      stopForwarding();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      stopForwarding();
      resolvePromise({ code, signal });
    });
  });
}

/** The exit code a shell reports for a process ended by a signal. */
const signalExitCode = (signal) => 128 + (constants.signals[signal] ?? 0);

async function build(reason) {
  console.log(`Building the app (${reason})…`);
  // Stamp with the time the build started, so edits made during the build trigger the next one.
  const startedAt = new Date();
  const isWindows = process.platform === 'win32';
  const { code, signal } = await run(isWindows ? 'npm.cmd' : 'npm', ['run', 'build'], {
    cwd: root,
    shell: isWindows,
  });
  if (code !== 0) {
    console.error(`npm run build failed${signal ? ` (${signal})` : ''}`);
    process.exit(code ?? signalExitCode(signal));
  }
  writeFileSync(stampFile, `${startedAt.toISOString()}\n`);
  utimesSync(stampFile, startedAt, startedAt);
}

async function main() {
  const reason = whyBuild();
  if (reason !== null) await build(reason);
  let result;
  try {
    result = await run(process.execPath, [serverEntry], {});
  } catch (error) {
    console.error(`Could not start the server: ${error.message}`);
    process.exit(1);
  }
  process.exit(result.code ?? signalExitCode(result.signal));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
