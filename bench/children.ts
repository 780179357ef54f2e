/**
 * Child processes for the servers under test. Each child is a Node process running a TypeScript
 * entry through tsx's loader and announces `listening <port>` on stdout; see lifecycle.ts for how
 * it stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { repoRoot } from './paths.ts';

export interface Child {
  name: string;
  port: number;
  pid: number;
  /** Asks the child to stop and waits for it, killing it if it takes too long. */
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

const running = new Set<ChildProcess>();

/** Kills every child still running, without waiting (for exit paths that cannot await). */
export function killAllChildren(): void {
  for (const proc of running) {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  }
}

export function startChild(options: {
  name: string;
  script: string;
  args: string[];
  nodeArgs?: string[];
  /** Run a built JavaScript file with plain Node rather than TypeScript through tsx. */
  built?: boolean;
}): Promise<Child> {
  const proc = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      ...(options.built ? [] : ['--import', 'tsx']),
      options.script,
      ...options.args,
    ],
    {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  running.add(proc);
  const exited = new Promise<void>((resolve) => {
    proc.once('exit', () => {
      running.delete(proc);
      resolve();
    });
  });

  return new Promise<Child>((resolve, reject) => {
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      proc.kill('SIGKILL');
      reject(new Error(`${options.name}: ${message}`));
    };
    const timer = setTimeout(
      () => fail(`did not report a port within ${STARTUP_TIMEOUT_MS / 1000} s`),
      STARTUP_TIMEOUT_MS,
    );
    proc.once('error', (error) => fail(error.message));
    proc.once('exit', (code, signal) =>
      fail(`exited during startup (code ${code}, signal ${signal})`),
    );

    const lines = createInterface({ input: proc.stdout! });
    lines.on('line', (line) => {
      const match = /^listening (\d+)$/.exec(line);
      if (!settled && match) {
        settled = true;
        clearTimeout(timer);
        resolve({
          name: options.name,
          port: Number(match[1]),
          pid: proc.pid!,
          stop: async () => {
            if (proc.exitCode === null && proc.signalCode === null) {
              proc.kill('SIGTERM');
              const timeout = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
              await exited;
              clearTimeout(timeout);
            }
          },
        });
      } else {
        process.stderr.write(`[${options.name}] ${line}\n`);
      }
    });
  });
}
