/**
 * Security headers of the real built server over a socket: the SPA's pages and files carry a
 * Content-Security-Policy that allows no inline or evaluated script and no framing, every API
 * answer is `no-store` and `nosniff`, and nothing says what the server runs on. The built
 * index.html must need no inline script, or the policy would break the app.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { createSqliteRepositories } from '../db/sqlite/index.ts';
import { profile } from './support/profile.ts';
import { repoRoot, startServer, tempDatabase, type ServerProcess } from './support/server.ts';
import { reportSuite } from './support/summary.ts';

const webDir = join(repoRoot, 'dist', 'web');
const REFERRER_POLICIES = new Set([
  'no-referrer',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
]);
/** Script sources that would let injected markup run code. */
const UNSAFE_SCRIPT_SOURCES = [
  "'unsafe-inline'",
  "'unsafe-eval'",
  "'unsafe-hashes'",
  "'wasm-unsafe-eval'",
  '*',
  'data:',
  'blob:',
  'http:',
  'https:',
];
/** Headers that name the software or its version. */
const REVEALING_HEADERS = ['x-powered-by', 'server', 'x-aspnet-version', 'x-runtime', 'via'];
/** Marks of internals an answer body must not show. */
const INTERNALS = [/\n\s+at\s/, /node_modules/, /\/(work|tmp|home|usr)\//, /SQLITE/i, /file:\/\//];

interface Checked {
  label: string;
  status: number;
  headers: Headers;
  body: string;
}

/** The directives of a policy, by lowercase name, each with its sources. */
function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    // Browsers ignore a directive repeated within a policy: the first one counts.
    if (name && !directives.has(name.toLowerCase())) {
      directives.set(
        name.toLowerCase(),
        sources.map((s) => s.toLowerCase()),
      );
    }
  }
  return directives;
}

/** What is wrong with a page's policy header, if anything. */
function policyProblems(header: string | null): string[] {
  if (header === null) return ['no Content-Security-Policy'];
  // Several headers arrive joined by commas; one policy is what the server means to send.
  if (header.includes(',')) return [`several policies: ${header}`];
  const directives = parsePolicy(header);
  const problems: string[] = [];
  // Scripts fall back to default-src when script-src is absent; the element and attribute
  // directives narrow script-src, so they must be as strict.
  const governing: [string, string[] | undefined] = directives.has('script-src')
    ? ['script-src', directives.get('script-src')]
    : ['default-src (for scripts)', directives.get('default-src')];
  if (governing[1] === undefined) problems.push('neither script-src nor default-src');
  const scripts: [string, string[] | undefined][] = [
    governing,
    ['script-src-elem', directives.get('script-src-elem')],
    ['script-src-attr', directives.get('script-src-attr')],
  ];
  for (const [name, sources] of scripts) {
    for (const unsafe of UNSAFE_SCRIPT_SOURCES) {
      if (sources?.includes(unsafe)) problems.push(`${name} allows ${unsafe}`);
    }
  }
  if (directives.get('frame-ancestors')?.join(' ') !== "'none'") {
    problems.push("frame-ancestors is not 'none'");
  }
  return problems;
}

describe('security headers', () => {
  let server: ServerProcess | undefined;
  let database: { file: string; remove(): void };
  let token = '';
  let accountId = '';
  const checked: Checked[] = [];
  const failures: string[] = [];

  async function fetchChecked(
    label: string,
    path: string,
    init: RequestInit & { auth?: boolean } = {},
  ): Promise<Checked> {
    const headers = new Headers(init.headers);
    if (init.auth) {
      headers.set('authorization', `Bearer ${token}`);
      headers.set('gtmhub-accountId', accountId);
    }
    const res = await fetch(`${server!.origin}${path}`, { ...init, headers, redirect: 'manual' });
    const body = await res.text();
    const answer = {
      label: `${label}: ${init.method ?? 'GET'} ${path}`,
      status: res.status,
      headers: res.headers,
      body,
    };
    checked.push(answer);
    return answer;
  }

  function fail(answer: Checked, why: string): void {
    failures.push(`${answer.label} (${answer.status}): ${why}`);
  }

  /** Checks every answer shares: nothing revealing, no internals in the body. */
  function checkCommon(answer: Checked): void {
    for (const name of REVEALING_HEADERS) {
      if (answer.headers.has(name)) fail(answer, `sends ${name}: ${answer.headers.get(name)}`);
    }
    for (const leak of INTERNALS) {
      if (leak.test(answer.body)) fail(answer, `the body shows internals (${leak})`);
    }
    if (answer.headers.get('x-content-type-options') !== 'nosniff') {
      fail(answer, 'no X-Content-Type-Options: nosniff');
    }
  }

  /** An answer of the SPA (a page, a file, or a missing one): the page policy applies. */
  function checkPage(answer: Checked): void {
    checkCommon(answer);
    for (const problem of policyProblems(answer.headers.get('content-security-policy'))) {
      fail(answer, problem);
    }
    const referrer = answer.headers.get('referrer-policy');
    if (referrer === null || !REFERRER_POLICIES.has(referrer.trim().toLowerCase())) {
      fail(answer, `Referrer-Policy is ${referrer ?? 'missing'}`);
    }
  }

  /** An answer of the API: never cached, never sniffed; an HTML one is a page as well. */
  function checkApi(answer: Checked, status?: number): void {
    checkCommon(answer);
    if (status !== undefined && answer.status !== status) fail(answer, `expected ${status}`);
    if (!/\bno-store\b/.test(answer.headers.get('cache-control') ?? '')) {
      fail(answer, `Cache-Control is ${answer.headers.get('cache-control') ?? 'missing'}`);
    }
    const type = answer.headers.get('content-type') ?? '';
    if (type.startsWith('text/html')) checkPage(answer);
    if (
      answer.status >= 400 &&
      answer.body !== '' &&
      !type.startsWith('application/problem+json')
    ) {
      fail(answer, `an error answered as ${type || 'no content type'}`);
    }
  }

  beforeAll(async () => {
    database = tempDatabase();
    const db = openDatabase(database.file);
    const user = await createSqliteRepositories(db).accounts.createUser({
      account: 'Acme',
      email: 'headers@acme.test',
    });
    db.close();
    token = user.token;
    accountId = user.accountId;
    server = await startServer(database.file);
  });

  afterAll(async () => {
    await server?.kill();
    database.remove();
    reportSuite({ suite: 'headers', tried: checked.length, failures: failures.length });
  });

  it('judges policies by the sources that govern scripts', () => {
    const frame = "frame-ancestors 'none'";
    expect(policyProblems(`default-src 'self'; ${frame}`)).toEqual([]);
    expect(policyProblems(`default-src 'self' 'unsafe-inline'; ${frame}`)).toEqual([
      "default-src (for scripts) allows 'unsafe-inline'",
    ]);
    // script-src replaces default-src for scripts, in either direction.
    expect(policyProblems(`default-src *; script-src 'self'; ${frame}`)).toEqual([]);
    expect(policyProblems(`default-src 'self'; script-src 'self' 'unsafe-eval'; ${frame}`)).toEqual(
      ["script-src allows 'unsafe-eval'"],
    );
    expect(policyProblems(`SCRIPT-SRC 'self'; script-src-attr 'UNSAFE-INLINE'; ${frame}`)).toEqual([
      "script-src-attr allows 'unsafe-inline'",
    ]);
    expect(policyProblems("img-src 'self'; frame-ancestors 'self'")).toEqual([
      'neither script-src nor default-src',
      "frame-ancestors is not 'none'",
    ]);
    expect(policyProblems(null)).toEqual(['no Content-Security-Policy']);
  });

  it('builds an index.html that needs no inline script', () => {
    const html = readFileSync(join(webDir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)];
    expect(scripts.length, 'the entry script').toBeGreaterThan(0);
    for (const [tag, attributes = '', content = ''] of scripts) {
      expect(content.trim(), `inline code in ${tag}`).toBe('');
      expect(attributes, `a script without src: ${tag}`).toMatch(/\ssrc\s*=\s*["']?\//);
    }
    // Event handler attributes and javascript: URLs are inline script too.
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
    // An inline style would only need style-src; scripts are what must not be inline.
    expect(html).not.toMatch(/<meta[^>]+http-equiv\s*=\s*["']?content-security-policy/i);
  });

  it('sends the page policy with the SPA’s pages, files and missing files', async () => {
    const assets = readdirSync(join(webDir, 'assets')).filter((f) => /\.(js|css)$/.test(f));
    const sample = profile.name === 'full' ? assets : assets.slice(0, 4);
    const pages: [string, string, RequestInit?][] = [
      ['the app', '/'],
      ['a client route', '/kpis/abc'],
      ['a nested client route', '/boards/abc/edit?x=1'],
      ['the index file', '/index.html'],
      ['the icon', '/favicon.svg'],
      ['the app, head', '/', { method: 'HEAD' }],
      ['a missing file', '/missing.png'],
      ['a missing asset', '/assets/missing-0000.js'],
      ['a missing source map', '/kpis/abc/app.js.map'],
      ['a path escaping the root', '/assets/..%2f..%2fpackage.json'],
      ...sample.flatMap((file): [string, string, RequestInit?][] => [
        ['an asset', `/assets/${file}`],
        ['a compressed asset', `/assets/${file}`, { headers: { 'accept-encoding': 'br, gzip' } }],
      ]),
    ];
    const before = failures.length;
    for (const [label, path, init] of pages) {
      const answer = await fetchChecked(label, path, init);
      checkPage(answer);
      if (label.startsWith('a missing') && answer.status !== 404) fail(answer, 'expected 404');
    }
    expect(failures.slice(before)).toEqual([]);
  });

  it('sends no-store and nosniff with every API answer', async () => {
    const before = failures.length;
    const v1 = '/results/api/v1';
    const json = { 'content-type': 'application/json' };
    const created = await fetchChecked('a create', `${v1}/kpis`, {
      method: 'POST',
      auth: true,
      headers: json,
      body: JSON.stringify({ name: 'Revenue' }),
    });
    checkApi(created, 201);
    const kpiId = (JSON.parse(created.body) as { id: string }).id;
    const big = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    const calls: [
      label: string,
      path: string,
      status: number | undefined,
      init?: RequestInit & { auth?: boolean },
    ][] = [
      ['a list', `${v1}/kpis`, 200, { auth: true }],
      ['a list under v2', '/api/v2/kpis', 200, { auth: true }],
      ['a read', `${v1}/kpis/${kpiId}`, 200, { auth: true }],
      ['a grouped read', `${v1}/kpi-snapshots?ids=${kpiId}`, 200, { auth: true }],
      ['the document', '/results/api/openapi.json', 200],
      ['the reference page', '/results/api/docs', 200],
      ['a head', `${v1}/kpis`, 200, { method: 'HEAD', auth: true }],
      ['options', `${v1}/kpis`, 401, { method: 'OPTIONS' }],
      ['options with a token', `${v1}/kpis`, undefined, { method: 'OPTIONS', auth: true }],
      [
        'an invalid body',
        `${v1}/kpis`,
        400,
        { method: 'POST', auth: true, headers: json, body: '{}' },
      ],
      [
        'malformed JSON',
        `${v1}/kpis`,
        400,
        { method: 'POST', auth: true, headers: json, body: '{' },
      ],
      ['no content type', `${v1}/kpis`, 415, { method: 'POST', auth: true, body: '{}' }],
      ['no token', `${v1}/kpis`, 401],
      ['an unknown token', `${v1}/kpis`, 401, { headers: { authorization: 'Bearer kpi_unknown' } }],
      [
        'another account',
        `${v1}/kpis`,
        403,
        {
          headers: {
            authorization: `Bearer ${token}`,
            'gtmhub-accountId': '0123456789abcdef01234567',
          },
        },
      ],
      ['an unknown id', `${v1}/kpis/0123456789abcdef01234567`, 404, { auth: true }],
      ['an unknown route', `${v1}/no-such-route`, 404, { auth: true }],
      ['an unknown route with a trailing slash', `${v1}/kpis/`, 404, { auth: true }],
      ['an unknown version', '/results/api/v3/kpis', 404, { auth: true }],
      ['an unknown route under /api', '/api/no-such-route', 404, { auth: true }],
      [
        'a method the path lacks',
        `${v1}/users`,
        404,
        { method: 'POST', auth: true, headers: json, body: '{}' },
      ],
      [
        'a body over the limit',
        `${v1}/kpis`,
        413,
        { method: 'POST', auth: true, headers: json, body: big },
      ],
      ['a delete', `${v1}/kpis/${kpiId}`, 204, { method: 'DELETE', auth: true }],
    ];
    for (const [label, path, status, init] of calls) {
      checkApi(await fetchChecked(label, path, init), status);
    }
    expect(failures.slice(before)).toEqual([]);
  });
});
