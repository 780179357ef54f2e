import type { MiddlewareHandler } from 'hono';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Answers shorter than this go as they are: compressing them saves less than it costs. */
export const COMPRESS_MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export type Encoding = 'br' | 'gzip';

/**
 * The encoding to answer with for an `Accept-Encoding` header: brotli when accepted, else gzip,
 * else none. A coding with `q=0` is refused, and `*` stands for the codings not named.
 */
export function chooseEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (name === '') continue;
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v);
    weights.set(name, q === undefined ? 1 : Number(q));
  }
  const accepts = (coding: Encoding) => (weights.get(coding) ?? weights.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return null;
}

/**
 * Compresses JSON and HTML answers for clients that accept brotli or gzip, on zlib's thread pool.
 * Requests without `Accept-Encoding` pass untouched, so their answers keep the adapter's fast
 * path; grouped reads and lists of hundreds of kilobytes shrink to a fifth or less.
 */
export function compressAnswers(): MiddlewareHandler {
  return async (c, next) => {
    const encoding =
      c.req.method === 'HEAD' ? null : chooseEncoding(c.req.header('accept-encoding'));
    if (!encoding) return next();
    await next();
    const res = c.res;
    const type = res.headers.get('content-type') ?? '';
    if (!res.body || res.headers.has('content-encoding') || !/json|html/.test(type)) return;
    const plain = Buffer.from(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    headers.append('vary', 'accept-encoding');
    if (plain.length < COMPRESS_MIN_BYTES) {
      c.res = new Response(plain, { status: res.status, headers });
      return;
    }
    const packed =
      encoding === 'br'
        ? await brotli(plain, {
            params: {
              // Quality 5 packs JSON nearly as tightly as the maximum, at a small fraction of its cost.
              [constants.BROTLI_PARAM_QUALITY]: 5,
              [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
            },
          })
        : await gzipAsync(plain, { level: 6 });
    headers.set('content-encoding', encoding);
    headers.delete('content-length');
    c.res = new Response(packed, { status: res.status, headers });
  };
}
