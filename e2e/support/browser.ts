import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * The flags every Chromium here runs with, the journeys' and the web benchmark's alike: no
 * sandbox or GPU in containers, and no background traffic to disturb what is measured.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Which Chromium the journeys run in: Playwright's own when it is installed
 * (`npx playwright install chromium`), otherwise the system's (`CHROMIUM_PATH`, default
 * /usr/bin/chromium). With neither, say what to install.
 */
export function resolveChromium(): { executablePath?: string; source: string } {
  let bundled: string | undefined;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = undefined;
  }
  if (bundled && existsSync(bundled)) return { source: 'playwright' };
  const system = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (existsSync(system)) return { executablePath: system, source: 'system' };
  throw new Error(
    [
      'No Chromium found for the browser journeys.',
      '  Install Playwright’s:   npx playwright install chromium',
      '  or the system’s:        apt-get install -y chromium   (Debian/Ubuntu)',
      '  or point CHROMIUM_PATH at a Chromium or Chrome executable.',
    ].join('\n'),
  );
}
