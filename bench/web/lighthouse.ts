/**
 * Lighthouse through its Node API with its default configuration (mobile form factor, simulated
 * throttling, performance category), in a Chromium started by chrome-launcher. The SPA keeps its
 * session in local storage, which Lighthouse's storage reset leaves alone (it clears the HTTP
 * cache, cache storage and service workers), so Chromium opens the sign-in link once and every
 * audited load after that is a cold load of a signed-in page.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { writeFileSync } from 'node:fs';
import { CHROMIUM_FLAGS } from '../../e2e/support/browser.ts';
import { chromePath } from './chromium.ts';
import { onCleanup } from './processes.ts';

export interface LighthouseRun {
  score: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Whether the page read the API, i.e. was signed in. */
  signedIn: boolean;
}

export interface LighthouseSession {
  /** Runs Lighthouse on `url`, keeping the report as JSON in `reportFile` when given. */
  run(url: string, reportFile?: string): Promise<LighthouseRun>;
  close(): Promise<void>;
}

async function waitForPage(port: number, predicate: (url: string) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
      type: string;
      url: string;
    }[];
    if (targets.some((t) => t.type === 'page' && predicate(t.url))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('Chromium did not reach the KPI list after the sign-in link');
}

export async function startLighthouse(signInUrl: string): Promise<LighthouseSession> {
  const chrome = await chromeLauncher.launch({
    chromePath: chromePath(),
    chromeFlags: ['--headless', ...CHROMIUM_FLAGS],
    startingUrl: signInUrl,
    handleSIGINT: false,
    logLevel: 'silent',
  });
  const kill = async () => {
    await chrome.kill();
  };
  const unregister = onCleanup(kill);
  // The sign-in link stores the session and moves on to /kpis.
  await waitForPage(chrome.port, (url) => new URL(url).pathname === '/kpis', 30_000);
  return {
    async run(url, reportFile) {
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
      });
      if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
      const { lhr } = result;
      if (reportFile) writeFileSync(reportFile, JSON.stringify(lhr));
      if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
      const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
      const requests =
        (lhr.audits['network-requests']?.details as { items?: { url?: string }[] } | undefined)
          ?.items ?? [];
      return {
        score: lhr.categories.performance?.score ?? Number.NaN,
        lcpMs: audit('largest-contentful-paint'),
        tbtMs: audit('total-blocking-time'),
        cls: audit('cumulative-layout-shift'),
        signedIn: requests.some((r) => r.url?.includes('/results/api/') ?? false),
      };
    },
    async close() {
      unregister();
      await kill();
    },
  };
}
