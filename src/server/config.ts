import { resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  databaseFile: string;
  seedDemo: boolean;
  staticDir: string | null;
}

/** Reads the environment; every variable is documented in the README. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 8787 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, not ${env.PORT}`);
  }
  return {
    host: env.HOST || '127.0.0.1',
    port,
    databaseFile: resolve(env.KPI_DB || './data/kpi.sqlite'),
    seedDemo: env.KPI_DEMO !== '0',
    staticDir: null,
  };
}
