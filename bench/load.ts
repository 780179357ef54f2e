/**
 * One load run with autocannon's programmatic API. Latency percentiles come from every
 * response's own timing (autocannon's histogram rounds to whole milliseconds, too coarse for
 * the fast routes); throughput from autocannon's count of completed requests.
 */
import autocannon, { type Instance, type Request } from 'autocannon';

export interface LoadOptions {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Rewrites each request before it is sent (varying a POST body, say). */
  setupRequest?: Request['setupRequest'];
  connections: number;
  /** Seconds. */
  duration: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

let current: Instance | null = null;

/** Stops the run in progress, if any (its promise then settles with what was measured). */
export function stopCurrentLoad(): void {
  current?.stop();
}

/** The q-quantile of sorted values, by the nearest-rank method. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  return new Promise<LoadResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: options.method,
        headers: options.headers,
        connections: options.connections,
        duration: options.duration,
        timeout: 10,
        ...(options.body !== undefined ? { body: options.body } : {}),
        ...(options.setupRequest ? { requests: [{ setupRequest: options.setupRequest }] } : {}),
      },
      (error, result) => {
        current = null;
        if (error) {
          reject(error);
          return;
        }
        const sorted = latencies.subarray(0, count).sort();
        const statusCodes: Record<string, number> = {};
        for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
          statusCodes[code] = Number(stat.count);
        resolve({
          requests: result.requests.total,
          seconds: result.duration,
          rps: result.duration > 0 ? result.requests.total / result.duration : 0,
          p50: quantile(sorted, 0.5),
          p99: quantile(sorted, 0.99),
          max: count > 0 ? sorted[count - 1]! : Number.NaN,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
        });
      },
    );
    instance.on(
      'response',
      (_client: unknown, _status: number, _bytes: number, milliseconds: number) => {
        if (count === latencies.length) {
          const grown = new Float64Array(latencies.length * 2);
          grown.set(latencies);
          latencies = grown;
        }
        latencies[count++] = milliseconds;
      },
    );
    current = instance;
  });
}
