import { existsSync } from 'node:fs';

/** Debian's Chromium unless CHROME_PATH says otherwise. */
export function chromePath(): string {
  const path = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}: install it (apt-get install chromium) or set CHROME_PATH.`,
    );
  }
  return path;
}

/** The flags every Chromium of the benchmark runs with (headless is added where needed). */
export const CHROME_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
