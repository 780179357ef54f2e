import { describe, expect, it } from 'vitest';
import { KpiGroupList } from '../contract/kpi-groups.ts';
import { createApp } from './app.ts';
import { CONTENT_SECURITY_POLICY } from './security-headers.ts';
import type { Harness, TestUser } from './testing/harness.ts';
import { createUsers, expectProblem, useHarness } from './testing/fixtures.ts';

const BASES = ['/results/api/v1', '/results/api/v2', '/api/v1', '/api/v2'] as const;
const MiB = 1024 * 1024;

/** The 35 endpoints of the reference pages (method + path). */
const DOCUMENTED: [string, string][] = [
  ['get', '/insights/{id}/usages/kpis'],
  ['get', '/kpi-snapshots'],
  ['get', '/kpis'],
  ['get', '/kpis/snapshots'],
  ['get', '/kpis/{kpiId}'],
  ['get', '/kpis/{kpiId}/projections'],
  ['get', '/kpis/{kpiId}/statistics'],
  ['post', '/kpis'],
  ['post', '/kpis/{kpiId}/projections'],
  ['post', '/kpis/{kpiId}/snapshots'],
  ['put', '/users/kpi-virtual-group/favorite'],
  ['patch', '/kpis/{kpiId}'],
  ['patch', '/kpis/{kpiId}/projections/{projectionId}'],
  ['delete', '/kpis/{kpiId}'],
  ['delete', '/kpis/{kpiId}/projections/{projectionId}'],
  ['delete', '/kpis/{kpiId}/snapshots/{snapshotId}'],
  ['get', '/kpis/groups'],
  ['get', '/kpis/groups/{groupId}'],
  ['post', '/kpis/groups'],
  ['put', '/kpis/groups/{groupId}/favorite'],
  ['patch', '/kpis/groups/{groupId}'],
  ['delete', '/kpis/groups/{groupId}'],
  ['delete', '/kpis/groups/{groupId}/favorite'],
  ['delete', '/kpis/{kpiId}/groups/{groupId}'],
  ['put', '/kpis/{kpiId}/groups/{groupId}'],
  ['get', '/dashboards'],
  ['get', '/dashboards/reports'],
  ['get', '/dashboards/tag/{tag}'],
  ['get', '/dashboards/tags/usages'],
  ['get', '/dashboards/{dashboardId}'],
  ['post', '/dashboards'],
  ['post', '/dashboards/{dashboardId}/clone'],
  ['put', '/dashboards/items/{id}'],
  ['put', '/dashboards/{dashboardId}'],
  ['delete', '/dashboards/{dashboardId}'],
];

let h: Harness;
let alice: TestUser;
let bob: TestUser;

useHarness(async (harness) => {
  h = harness;
  ({ alice, bob } = await createUsers(harness, {
    alice: ['Acme', 'alice@acme.test', 'Alice'],
    bob: ['Beta', 'bob@beta.test', 'Bob'],
  }));
});

/** A request exactly as given: no token or account header is added. */
function raw(path: string, init: RequestInit = {}): Promise<Response> {
  return Promise.resolve(h.app.request(path, init));
}

const GROUPS = '/results/api/v1/kpis/groups';

describe('authentication', () => {
  it.each<[string, Record<string, string>]>([
    ['no Authorization header', {}],
    ['a Basic header', { authorization: 'Basic YWxpY2U6c2VjcmV0' }],
    ['a bare Bearer', { authorization: 'Bearer' }],
    ['an empty Bearer', { authorization: 'Bearer ' }],
    ['a Bearer with two tokens', { authorization: 'Bearer abc def' }],
    ['a token without a scheme', { authorization: 'kpi_abcdef' }],
    ['an unknown token', { authorization: 'Bearer kpi_this-token-was-never-issued' }],
  ])('answers 401 with a Bearer challenge for %s', async (_label, headers) => {
    const res = await raw(GROUPS, { headers: { ...headers, 'gtmhub-accountId': alice.accountId } });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectProblem(res, 401);
  });

  it('answers 401 for a revoked token and keeps other tokens working', async () => {
    const second = await h.createUser('Acme', 'alice@acme.test');
    expect(second.userId).toBe(alice.userId);
    expect((await h.request(alice, 'GET', '/kpis/groups')).status).toBe(200);
    expect(await h.repos.accounts.revokeToken({ token: alice.token })).toBe(1);
    const res = await h.request(alice, 'GET', '/kpis/groups');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectProblem(res, 401);
    expect((await h.request(second, 'GET', '/kpis/groups')).status).toBe(200);
  });

  it('stores tokens hashed, never as given', async () => {
    const rows = JSON.stringify(
      h.db.prepare('SELECT * FROM tokens').all(),
      (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('latin1') : value),
    );
    for (const user of [alice, bob]) {
      expect(rows).not.toContain(user.token);
      expect(rows).not.toContain(user.token.slice(4));
    }
  });

  it('accepts the scheme in any case', async () => {
    const res = await raw(GROUPS, { headers: { authorization: `bearer ${alice.token}` } });
    expect(res.status).toBe(200);
  });

  it.each(['token', 'access_token', 'Access_Token', 'api_key'])(
    'refuses a token in the URL (?%s=) with 401, even with a valid header',
    async (param) => {
      for (const path of [
        `/kpis/groups?${param}=${alice.token}`,
        `/results/api/v2/dashboards?take=1&${param}=${alice.token}`,
      ]) {
        const withHeader = await h.request(alice, 'GET', path);
        expect(withHeader.headers.get('www-authenticate')).toMatch(/^Bearer/);
        await expectProblem(withHeader, 401);
        await expectProblem(
          await h.request(null, 'GET', path, undefined, { 'gtmhub-accountId': alice.accountId }),
          401,
        );
      }
    },
  );

  it('does not act on a write whose URL carries a token', async () => {
    await expectProblem(
      await h.request(alice, 'POST', `/kpis/groups?token=${alice.token}`, { name: 'Sneaky' }),
      401,
    );
    const list = KpiGroupList.parse(await (await h.request(alice, 'GET', '/kpis/groups')).json());
    expect(list.totalCount).toBe(0);
  });
});

describe('the account header', () => {
  it('answers 403 for a token used with another account’s id, and changes nothing there', async () => {
    const res = await h.request(
      alice,
      'POST',
      '/kpis/groups',
      { name: 'Intruder' },
      { 'gtmhub-accountId': bob.accountId },
    );
    await expectProblem(res, 403);
    const theirs = KpiGroupList.parse(await (await h.request(bob, 'GET', '/kpis/groups')).json());
    expect(theirs.totalCount).toBe(0);
    await expectProblem(
      await h.request(alice, 'GET', '/results/api/v2/dashboards', undefined, {
        'gtmhub-accountId': bob.accountId,
      }),
      403,
    );
  });

  it.each([
    'acme',
    'ABCDEFABCDEFABCDEFABCDEF',
    '123',
    'a'.repeat(23),
    'a'.repeat(25),
    'g'.repeat(24),
  ])('answers 400 for the malformed header %j', async (value) => {
    const problem = await expectProblem(
      await h.request(alice, 'GET', '/kpis/groups', undefined, { 'gtmhub-accountId': value }),
      400,
    );
    expect(problem.errors?.[0]?.path).toBe('header.gtmhub-accountId');
  });

  it('may be left out by a user of one account', async () => {
    const res = await raw(GROUPS, { headers: { authorization: `Bearer ${alice.token}` } });
    expect(res.status).toBe(200);
    const created = await raw(GROUPS, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Headerless' }),
    });
    expect(created.status).toBe(201);
    expect(((await created.json()) as { accountId: string }).accountId).toBe(alice.accountId);
  });

  it('is required from a user of two accounts', async () => {
    const inBeta = await h.createUser('Beta', 'alice@acme.test');
    for (const user of [alice, inBeta]) {
      const problem = await expectProblem(
        await raw(GROUPS, { headers: { authorization: `Bearer ${user.token}` } }),
        400,
      );
      expect(problem.errors?.[0]?.path).toBe('header.gtmhub-accountId');
    }
    expect(
      (
        await h.request(alice, 'GET', '/kpis/groups', undefined, {
          'gtmhub-accountId': bob.accountId,
        })
      ).status,
    ).toBe(200);
  });

  it('is matched whatever the case of its name', async () => {
    const inBeta = await h.createUser('Beta', 'alice@acme.test');
    await h.request(bob, 'POST', '/kpis/groups', { name: 'Beta group' });
    for (const name of ['GTMHUB-ACCOUNTID', 'gtmhub-accountid', 'Gtmhub-AccountId']) {
      const res = await raw(GROUPS, {
        headers: { authorization: `Bearer ${inBeta.token}`, [name]: bob.accountId },
      });
      const list = KpiGroupList.parse(await res.json());
      expect(list.items.map((g) => g.name)).toEqual(['Beta group']);
    }
  });
});

describe('request bodies', () => {
  it.each(['{"name":', '{name:"x"}', "{'name':'x'}", '{"name":"x"}}', 'undefined'])(
    'answers 400 for the malformed JSON %s',
    async (body) => {
      const problem = await expectProblem(
        await h.request(alice, 'POST', '/kpis/groups', body),
        400,
      );
      expect(problem.detail).toMatch(/json/i);
    },
  );

  it.each([
    ['text/plain', 'POST', '/kpis/groups'],
    ['application/x-www-form-urlencoded', 'POST', '/kpis/groups'],
    ['multipart/form-data; boundary=x', 'POST', '/dashboards'],
    ['text/xml', 'PUT', '/dashboards/ffffffffffffffffffffffff'],
  ])('answers 415 for a body sent as %s', async (type, method, path) => {
    await expectProblem(
      await h.request(alice, method, path, JSON.stringify({ name: 'x' }), { 'content-type': type }),
      415,
    );
  });

  it('answers 415 for a body without a content type', async () => {
    const res = await raw(GROUPS, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}` },
      body: '{"name":"x"}',
    });
    await expectProblem(res, 415);
  });

  it('accepts JSON with a charset', async () => {
    const res = await h.request(
      alice,
      'POST',
      '/kpis/groups',
      { name: 'x' },
      { 'content-type': 'application/json; charset=utf-8' },
    );
    expect(res.status).toBe(201);
  });

  it('answers 413 for a body over 1 MiB and takes one of exactly 1 MiB to validation', async () => {
    const body = (size: number) => `{"name":"${'x'.repeat(size - 11)}"}`;
    expect(body(MiB)).toHaveLength(MiB);
    const over = await expectProblem(
      await h.request(alice, 'POST', '/kpis/groups', body(MiB + 1)),
      413,
    );
    expect(over.title.length).toBeGreaterThan(0);
    const atLimit = await expectProblem(
      await h.request(alice, 'POST', '/kpis/groups', body(MiB)),
      400,
    );
    expect(atLimit.errors?.[0]?.path).toBe('body.name');
  });

  it('answers 413 for a streamed body over 1 MiB that announces no length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"name":"'));
        if (sent >= 20) {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
          return;
        }
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await raw(GROUPS, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectProblem(res, 413);
    const list = KpiGroupList.parse(await (await h.request(alice, 'GET', '/kpis/groups')).json());
    expect(list.totalCount).toBe(0);
  });
});

describe('error answers', () => {
  it.each([
    ['/results/api/v1/nope'],
    ['/results/api/v2/kpis/groups/ffffffffffffffffffffffff/members'],
    ['/api/v1/dashboard'],
    ['/results/api/v3/kpis/groups'],
    ['/results/api'],
  ])('answer an unknown route %s with a 404 problem', async (path) => {
    await expectProblem(await h.request(alice, 'GET', path), 404);
  });

  it('answer an unknown API route with a 404 problem when the SPA’s fallback page is mounted', async () => {
    // The server mounts the SPA after the API, with a page for every other GET.
    const app = createApp({ repos: h.repos, logError: (e) => h.errors.push(e) });
    app.get('*', (c) => c.html('<!doctype html><title>SPA</title>'));
    const auth = { authorization: `Bearer ${alice.token}`, 'gtmhub-accountId': alice.accountId };
    for (const path of [
      '/results/api/v1/nope',
      '/results/api/v1/kpis/',
      '/results/api/v3/kpis',
      '/api/nope',
      '/results/api',
    ]) {
      await expectProblem(await app.request(path, { headers: auth }), 404);
    }
    expect((await app.request('/kpis/abc')).status).toBe(200);
    expect((await app.request('/results/api/v1/kpis', { headers: auth })).status).toBe(200);
  });

  it('answer a method a path does not have with a 4xx problem', async () => {
    const res = await h.request(alice, 'PATCH', '/dashboards/reports', {});
    expect([404, 405]).toContain(res.status);
    await expectProblem(res, res.status);
  });

  it('are problem details with the HTTP status, never cached, never showing internals', async () => {
    const theirGroup = (await (
      await h.request(bob, 'POST', '/kpis/groups', { name: 'Theirs' })
    ).json()) as { id: string };
    await h.request(alice, 'POST', '/dashboards', { name: 'Taken', tag: 'taken' });
    const cases: [number, Promise<Response>][] = [
      [401, h.request(null, 'GET', '/kpis/groups')],
      [401, h.request({ ...alice, token: 'kpi_unknown' }, 'GET', '/dashboards/reports')],
      [401, h.request(alice, 'GET', `/kpis/groups?token=${alice.token}`)],
      [
        403,
        h.request(alice, 'GET', '/kpis/groups', undefined, { 'gtmhub-accountId': bob.accountId }),
      ],
      [400, h.request(alice, 'GET', '/kpis/groups', undefined, { 'gtmhub-accountId': 'x' })],
      [
        400,
        h.request(alice, 'GET', `/kpis/groups?filter=${encodeURIComponent('{name:{$regex:"("}}')}`),
      ],
      [
        400,
        h.request(
          alice,
          'GET',
          `/kpis/groups?filter=${encodeURIComponent("{name:'x' OR 1=1; DROP TABLE kpis}")}`,
        ),
      ],
      [400, h.request(alice, 'GET', '/kpis/groups?sort=name;DROP TABLE kpis')],
      [400, h.request(alice, 'GET', '/kpis/groups/not-an-id')],
      [400, h.request(alice, 'POST', '/kpis/groups', { name: 42 })],
      [400, h.request(alice, 'POST', '/kpis/groups', '{')],
      [
        400,
        h.request(alice, 'POST', '/dashboards', {
          name: 'x',
          insights: [{ row: 0, col: 0, sizeX: 1, sizeY: 1 }],
        }),
      ],
      [404, h.request(alice, 'GET', `/kpis/groups/${theirGroup.id}`)],
      [404, h.request(alice, 'GET', '/nowhere')],
      [409, h.request(alice, 'POST', '/dashboards', { name: 'Again', tag: 'taken' })],
      [413, h.request(alice, 'POST', '/kpis/groups', `{"name":"${'y'.repeat(MiB)}"}`)],
      [415, h.request(alice, 'POST', '/kpis/groups', 'name=x', { 'content-type': 'text/plain' })],
    ];
    for (const [status, pending] of cases) await expectProblem(await pending, status);
  });

  it('hide the cause of an unexpected failure', async () => {
    h.db.exec('DROP TABLE group_favorites');
    const problem = await expectProblem(await h.request(alice, 'GET', '/kpis/groups'), 500);
    expect(problem.errors).toBeUndefined();
    expect(h.errors).toHaveLength(1);
    h.errors.length = 0;
  });
});

describe('success answers', () => {
  it.each<[string, string, unknown?]>([
    ['GET', '/kpis/groups'],
    ['POST', '/kpis/groups', { name: 'x' }],
    ['GET', '/results/api/v2/dashboards'],
    ['GET', '/dashboards/reports'],
    ['GET', '/dashboards/tags/usages'],
    ['GET', '/users/me'],
    ['GET', '/users'],
    ['GET', '/results/api/v2/kpis'],
  ])('%s %s carries cache-control: no-store', async (method, path, body) => {
    const res = await h.request(alice, method, path, body);
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('cache-control')).toContain('no-store');
  });

  it('204 answers carry cache-control: no-store', async () => {
    const board = (await (await h.request(alice, 'POST', '/dashboards', { name: 'B' })).json()) as {
      id: string;
    };
    const res = await h.request(alice, 'DELETE', `/dashboards/${board.id}`);
    expect(res.status).toBe(204);
    expect(res.headers.get('cache-control')).toContain('no-store');
  });
});

describe('base paths', () => {
  it.each(BASES)('answer the same route under %s', async (base) => {
    const created = await h.request(alice, 'POST', `${base}/kpis/groups`, {
      name: `Group under ${base}`,
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    for (const other of BASES) {
      const res = await h.request(alice, 'GET', `${other}/kpis/groups/${id}`);
      expect(res.status, `${other}/kpis/groups/${id}`).toBe(200);
      expect(((await res.json()) as { name: string }).name).toBe(`Group under ${base}`);
    }
    const boards = await h.request(alice, 'GET', `${base}/dashboards?fields=name`);
    expect(boards.status).toBe(200);
    expect(((await boards.json()) as { totalCount: number }).totalCount).toBe(2);
    expect((await h.request(alice, 'GET', `${base}/kpis`)).status).toBe(200);
    expect((await h.request(alice, 'GET', `${base}/users/me`)).status).toBe(200);
  });
});

describe('the OpenAPI document', () => {
  type Json = Record<string, unknown>;

  async function load(): Promise<Json> {
    const res = await raw('/results/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    return (await res.json()) as Json;
  }

  function resolve(doc: Json, ref: string): unknown {
    expect(ref.startsWith('#/')).toBe(true);
    let node: unknown = doc;
    for (const part of ref.slice(2).split('/')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
      node = (node as Json)[key];
    }
    return node;
  }

  function refsIn(node: unknown, found: string[] = []): string[] {
    if (Array.isArray(node)) for (const item of node) refsIn(item, found);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') found.push(value);
        else refsIn(value, found);
      }
    }
    return found;
  }

  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = await load();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const info = doc.info as Json;
    expect(typeof info.title).toBe('string');
    expect((info.title as string).length).toBeGreaterThan(0);
    expect(typeof info.version).toBe('string');
    const paths = doc.paths as Record<string, Record<string, Json>>;
    expect(Object.keys(paths).length).toBeGreaterThan(0);
    const operationIds = new Set<string>();
    const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
    for (const [path, item] of Object.entries(paths)) {
      expect(path.startsWith('/')).toBe(true);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).sort();
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters' || method === 'summary' || method === 'description') continue;
        expect(methods.has(method), `${method} ${path}`).toBe(true);
        const responses = op.responses as Record<string, Json>;
        expect(Object.keys(responses).length, `${method} ${path}`).toBeGreaterThan(0);
        for (const [code, response] of Object.entries(responses)) {
          expect(code).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
          const target =
            typeof response.$ref === 'string' ? (resolve(doc, response.$ref) as Json) : response;
          expect(typeof target.description, `${method} ${path} ${code}`).toBe('string');
        }
        const params = ((op.parameters ?? []) as Json[]).map((p) =>
          typeof p.$ref === 'string' ? (resolve(doc, p.$ref) as Json) : p,
        );
        for (const p of params) {
          expect(['query', 'header', 'path', 'cookie']).toContain(p.in);
          expect(typeof p.name).toBe('string');
          if (p.in === 'path') expect(p.required).toBe(true);
        }
        const pathParams = params
          .filter((p) => p.in === 'path')
          .map((p) => p.name as string)
          .sort();
        expect(pathParams, `${method} ${path}`).toEqual(templated);
        if (typeof op.operationId === 'string') {
          expect(operationIds.has(op.operationId)).toBe(false);
          operationIds.add(op.operationId);
        }
      }
    }
    for (const ref of refsIn(doc)) expect(resolve(doc, ref), ref).toBeDefined();
  });

  it('lists all 35 documented endpoints', async () => {
    const paths = (await load()).paths as Record<string, Record<string, unknown>>;
    expect(new Set(DOCUMENTED.map(([m, p]) => `${m} ${p}`)).size).toBe(35);
    const missing = DOCUMENTED.filter(([method, path]) => paths[path]?.[method] === undefined);
    expect(missing).toEqual([]);
  });

  it('documents problem answers and the bearer scheme', async () => {
    const doc = await load();
    const op = (doc.paths as Record<string, Record<string, Json>>)['/kpis/groups']!.get!;
    const responses = op.responses as Record<string, Json>;
    for (const code of ['200', '400', '401', '403']) expect(responses[code]).toBeDefined();
    expect(Object.keys(responses['401']!.content as Json)).toEqual(['application/problem+json']);
    const schemes = (doc.components as Json).securitySchemes as Record<string, Json>;
    expect(Object.values(schemes).some((s) => s.type === 'http' && s.scheme === 'bearer')).toBe(
      true,
    );
  });

  it('has a readable HTML reference page', async () => {
    const res = await raw('/results/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html.toLowerCase()).toContain('<!doctype html>');
    expect(html).toContain('openapi.json');
    for (const [, path] of DOCUMENTED) expect(html).toContain(path);
    expect(html).not.toMatch(/<script/i);
  });

  it('sends its reference page with the pages’ security policy', async () => {
    const res = await raw('/results/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
