/**
 * Timings in Playwright's Chromium API with the system Chromium (as the journeys resolve it):
 * each load in a fresh context (cold HTTP cache) carrying the signed-in session, times read from
 * the page's own clock (milliseconds since navigation start), and each SPA figure next to a
 * minimal page that fetches the same API data, measured in the same run.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { request as httpRequest } from 'node:http';
import { CHROMIUM_FLAGS, resolveChromium } from '../../e2e/support/browser.ts';
import { onCleanup } from './processes.ts';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

export interface TimingBrowser {
  browser: Browser;
  state: StorageState;
  close(): Promise<void>;
}

export async function startTimingBrowser(signInUrl: string): Promise<TimingBrowser> {
  const { executablePath } = resolveChromium();
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: CHROMIUM_FLAGS,
  });
  const unregister = onCleanup(() => browser.close());
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(signInUrl);
  await page.waitForURL((url) => url.pathname === '/kpis');
  const state = await context.storageState();
  await context.close();
  return {
    browser,
    state,
    async close() {
      unregister();
      await browser.close();
    },
  };
}

/**
 * A function for the page made from source text: Playwright sends a function's source and calls
 * it, which the SPA's Content Security Policy allows, where it would refuse evaluating a string.
 */
const pageFunction = (body: string) => new Function(body) as () => unknown;

async function withPage<T>(tb: TimingBrowser, fn: (page: Page) => Promise<T>): Promise<T> {
  const context = await tb.browser.newContext({ storageState: tb.state });
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

/**
 * Marks the first frame after a recharts line with many points is in the DOM. Installed before
 * any of the page's scripts, the same way in the SPA and in the minimal page. Page code is kept
 * as strings: the TypeScript loader renames functions, which would not survive serialising.
 */
const WATCH_FOR_CHART = `(() => {
  const drawn = () => Array.from(document.querySelectorAll('path.recharts-line-curve')).some(
    (path) => (path.getAttribute('d') || '').length > 1000);
  const observer = new MutationObserver(() => {
    if (!drawn()) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.__benchChartDrawn = performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['d'] });
})()`;

/** Milliseconds from navigation to the drawn chart; `onRequest` sees every request URL. */
export function timeChart(
  tb: TimingBrowser,
  url: string,
  onRequest?: (url: string) => void,
): Promise<number> {
  return withPage(tb, async (page) => {
    if (onRequest) page.on('request', (r) => onRequest(r.url()));
    await page.addInitScript(WATCH_FOR_CHART);
    await page.goto(url);
    const handle = await page.waitForFunction(
      pageFunction('return window.__benchChartDrawn'),
      null,
      {
        timeout: 60_000,
      },
    );
    return (await handle.jsonValue()) as number;
  });
}

export interface ListTiming {
  /** The first page's rows (with their values) are on screen. */
  open: number;
  /** ...and the page is scrolled to its bottom. */
  scrolled: number;
  /** ...then the last page is on screen, scrolled to its bottom. */
  end: number;
}

/** Scrolls to the bottom and answers the page clock two frames later (the scroll painted). */
const scrollToBottom = async (page: Page) =>
  (await page.evaluate(`new Promise((resolve) => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
  })`)) as number;

export interface ListVariant {
  url: string;
  /** A page expression: true once the first page is fully shown. */
  firstReady: string;
  /** A page expression: true once the last page is fully shown. */
  lastReady: string;
  clickLast: (page: Page) => Promise<void>;
}

export function timeList(
  tb: TimingBrowser,
  variant: ListVariant,
  onRequest?: (url: string, phase: 'first' | 'last') => void,
): Promise<ListTiming> {
  return withPage(tb, async (page) => {
    let phase: 'first' | 'last' = 'first';
    if (onRequest) page.on('request', (r) => onRequest(r.url(), phase));
    await page.goto(variant.url);
    const ready = (expression: string) =>
      page
        .waitForFunction(pageFunction(`return (${expression}) ? performance.now() : 0`), null, {
          timeout: 60_000,
          polling: 'raf',
        })
        .then(async (h) => (await h.jsonValue()) as number);
    const open = await ready(variant.firstReady);
    const scrolled = await scrollToBottom(page);
    phase = 'last';
    await variant.clickLast(page);
    await ready(variant.lastReady);
    const end = await scrollToBottom(page);
    return { open, scrolled, end };
  });
}

export interface JsTransfer {
  files: { url: string; bytes: number; encoding: string; chart: boolean }[];
  total: number;
}

/** The bytes of one response as sent with `Accept-Encoding: gzip` (not decoded). */
function gzipBytes(url: string): Promise<{ bytes: number; encoding: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          bytes: body.length,
          encoding: String(res.headers['content-encoding'] ?? 'identity'),
          text: body.toString('latin1'),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Every script the page requests until it is ready and the network is quiet, each fetched again
 * with `Accept-Encoding: gzip` and counted as sent. A script holding recharts' class names is
 * chart code.
 */
export function measureJs(tb: TimingBrowser, url: string, ready: string): Promise<JsTransfer> {
  return withPage(tb, async (page) => {
    const scripts = new Set<string>();
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.add(r.url());
    });
    await page.goto(url);
    await page.waitForFunction(pageFunction(`return ${ready}`), null, {
      timeout: 60_000,
      polling: 'raf',
    });
    await page.waitForLoadState('networkidle');
    const files = [];
    for (const script of scripts) {
      const { bytes, encoding, text } = await gzipBytes(script);
      // Counted as sent; compressed bytes cannot be searched, so the plain file is read for that.
      const plain = encoding === 'identity' ? text : (await plainText(script)).text;
      files.push({
        url: new URL(script).pathname,
        bytes,
        encoding,
        chart: plain.includes('recharts-surface'),
      });
    }
    return { files, total: files.reduce((n, f) => n + f.bytes, 0) };
  });
}

function plainText(url: string): Promise<{ text: string }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers: { 'accept-encoding': 'identity' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}
