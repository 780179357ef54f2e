import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, COMPRESS_MIN_BYTES } from './compression.ts';
import type { Harness, TestUser } from './testing/harness.ts';
import { createKpi, useHarness } from './testing/fixtures.ts';

describe('chooseEncoding', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['identity', null],
    ['gzip', 'gzip'],
    ['gzip, deflate, br, zstd', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['BR;Q=0.5', 'br'],
    ['gzip;q=0', null],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['deflate', null],
  ] as const)('answers %s with %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

let h: Harness;
let alice: TestUser;
useHarness(async (harness) => {
  h = harness;
  alice = await h.createUser('Acme', 'alice@acme.test', 'Alice');
});

const LIST = '/results/api/v2/kpis?take=100';

async function listWith(acceptEncoding?: string): Promise<Response> {
  return h.request(
    alice,
    'GET',
    LIST,
    undefined,
    acceptEncoding ? { 'accept-encoding': acceptEncoding } : {},
  );
}

describe('compressed answers', () => {
  it('packs a large answer with brotli or gzip as the client accepts, to the same JSON', async () => {
    for (let i = 0; i < 20; i++) await createKpi(h, alice, { name: `Revenue ${i}` });
    const plain = await listWith();
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    expect(text.length).toBeGreaterThan(COMPRESS_MIN_BYTES * 4);

    const br = await listWith('gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(br.headers.get('content-type')).toMatch(/^application\/json/);
    expect(br.headers.get('cache-control')).toBe('no-store');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(text.length / 3);
    expect(JSON.parse(brotliDecompressSync(brBytes).toString())).toEqual(JSON.parse(text));

    const gz = await listWith('gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString())).toEqual(
      JSON.parse(text),
    );
  });

  it('sends a small answer as it is', async () => {
    const kpi = await createKpi(h, alice, { name: 'Revenue' });
    const res = await h.request(alice, 'GET', `/kpis/${kpi.id}`, undefined, {
      'accept-encoding': 'br',
    });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect((await res.json()) as unknown).toEqual(kpi);
  });

  it('keeps problem answers problems', async () => {
    const res = await h.request(alice, 'GET', `${LIST}&filter=${'x'.repeat(2000)}`, undefined, {
      'accept-encoding': 'gzip',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = res.headers.get('content-encoding')
      ? gunzipSync(Buffer.from(await res.arrayBuffer())).toString()
      : await res.text();
    expect(JSON.parse(body)).toMatchObject({ status: 400 });
  });
});
