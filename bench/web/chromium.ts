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
