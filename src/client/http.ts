import type { z } from 'zod';
import { Problem } from '../contract/common.ts';

/** Every failed answer becomes one ApiError, with the problem body when the server sent one. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    message: string,
    readonly problem: Problem | null = null,
  ) {
    super(message);
  }

  /** Field errors keyed by their path without the `body.` prefix: `{ name: 'is required' }`. */
  fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const e of this.problem?.errors ?? []) {
      const key = e.path.replace(/^body\.?/, '');
      result[key] ??= e.message;
    }
    return result;
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

/**
 * Whether reading one thing by its id failed because there is no such thing: unknown (404) or
 * malformed (400, e.g. a mistyped link). To the person both are the same dead link.
 */
export function isDeadLink(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 400);
}

export interface ClientConfig {
  /** Base URL without the version: `/results/api` or `https://app.quantive.com/results/api`. */
  baseUrl: string;
  token: string;
  accountId: string;
  fetch?: typeof fetch;
}

type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions<T extends z.ZodType> {
  version?: 'v1' | 'v2';
  query?: Record<string, QueryValue>;
  body?: unknown;
  schema?: T;
  signal?: AbortSignal;
}

export interface ApiClient {
  readonly config: ClientConfig;
  request<T extends z.ZodType = z.ZodUnknown>(
    method: string,
    path: string,
    options?: RequestOptions<T>,
  ): Promise<z.infer<T>>;
}

/**
 * A request path whose interpolated values each become one encoded segment, so an id taken from
 * the address bar or from stored text cannot add segments, climb with `..`, or start a query.
 */
export function apiPath(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce(
    (path, text, i) => path + text + (i < values.length ? pathSegment(values[i] ?? '') : ''),
    '',
  );
}

/** URL parsers read `.` and `..` (also spelt `%2e`) as dot segments; doubly encoded, they are not. */
function pathSegment(value: string): string {
  return value === '.' || value === '..'
    ? value.replaceAll('.', '%252E')
    : encodeURIComponent(value);
}

export function buildUrl(
  config: ClientConfig,
  version: string,
  path: string,
  query?: Record<string, QueryValue>,
) {
  const base = config.baseUrl.replace(/\/+$/, '');
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${base}/${version}${path}${search ? `?${search}` : ''}`;
}

async function problemOf(res: Response): Promise<Problem | null> {
  try {
    const parsed = Problem.safeParse(await res.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The one fetch wrapper: auth headers, JSON bodies, problem bodies to ApiError, answers parsed by schema. */
export function createApiClient(config: ClientConfig): ApiClient {
  const doFetch = config.fetch ?? ((input, init) => fetch(input, init));
  return {
    config,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = {
        accept: 'application/json',
        authorization: `Bearer ${config.token}`,
        'gtmhub-accountId': config.accountId,
      };
      let body: string | undefined;
      if (options.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.body);
      }
      let res: Response;
      try {
        res = await doFetch(buildUrl(config, options.version ?? 'v1', path, options.query), {
          method,
          headers,
          body,
          signal: options.signal,
        });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        throw new ApiError(
          0,
          'The server could not be reached. Check your connection and try again.',
        );
      }
      if (!res.ok) {
        const problem = await problemOf(res);
        throw new ApiError(
          res.status,
          problem?.detail ?? `The server answered ${res.status}`,
          problem,
        );
      }
      if (res.status === 204 || !options.schema) {
        if (res.status !== 204) await res.body?.cancel();
        return undefined as never;
      }
      let json: unknown;
      try {
        json = await res.json();
      } catch {
        throw new ApiError(res.status, 'The server sent an answer that is not JSON');
      }
      const parsed = options.schema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.join('.') || 'answer';
        throw new ApiError(
          res.status,
          `The server sent an unexpected answer (${where}: ${issue?.message ?? 'invalid'})`,
        );
      }
      return parsed.data;
    },
  };
}
