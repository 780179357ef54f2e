import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import type { Repositories } from './db/repositories.ts';
import { authenticate } from './auth.ts';
import { compressAnswers } from './compression.ts';
import { ApiProblem, type FieldError } from './errors.ts';
import type { Api, AppEnv } from './http.ts';
import { apiReferencePage, openApiDocument } from './openapi.ts';
import { registerDashboardRoutes } from './routes/dashboards.ts';
import { registerKpiGroupRoutes } from './routes/kpi-groups.ts';
import { registerKpiRoutes } from './routes/kpis.ts';
import { registerSnapshotRoutes } from './routes/snapshots.ts';
import { registerUserRoutes } from './routes/users.ts';
import { PAGE_HEADERS } from './security-headers.ts';

export const API_BASES = ['/results/api/v1', '/results/api/v2', '/api/v1', '/api/v2'] as const;
export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppOptions {
  repos: Repositories;
  /** Logs unexpected failures; never given request bodies or tokens. */
  logError?: (error: unknown) => void;
}

const TARGET_PREFIX: Record<string, string> = {
  json: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
};

function fieldErrors(error: ZodError, target: string): FieldError[] {
  const prefix = TARGET_PREFIX[target] ?? target;
  return error.issues.slice(0, 20).map((issue) => ({
    path: [prefix, ...issue.path.map(String)].join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]'),
    message: issue.message,
  }));
}

function problemResponse(problem: ApiProblem): Response {
  return new Response(JSON.stringify(problem.toBody()), {
    status: problem.status,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...(problem.status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
    },
  });
}

export function toProblem(error: unknown): ApiProblem | null {
  if (error instanceof ApiProblem) return error;
  if (error instanceof HTTPException) {
    const status = error.status;
    const detail =
      status === 400 && /json/i.test(error.message)
        ? 'The request body is not valid JSON'
        : status === 415
          ? 'The request body must be JSON (Content-Type: application/json)'
          : error.message || 'The request could not be handled';
    return new ApiProblem(status, detail);
  }
  return null;
}

/** The API routes, mounted under every base path. */
export function createApi(): Api {
  const api: Api = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = fieldErrors(result.error as ZodError, result.target);
        const first = errors[0];
        throw new ApiProblem(
          400,
          first ? `${first.path} ${first.message}` : 'The request is invalid',
          errors,
        );
      }
    },
  });
  api.use('*', authenticate());
  // Static paths (/kpis/snapshots, /kpis/groups) before /kpis/{kpiId}.
  registerSnapshotRoutes(api);
  registerKpiGroupRoutes(api);
  registerKpiRoutes(api);
  registerDashboardRoutes(api);
  registerUserRoutes(api);
  return api;
}

export function createApp(options: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const api = createApi();
  // Built on first request, not at startup: a restart after a crash must answer quickly.
  let document: ReturnType<typeof openApiDocument> | undefined;
  const documentOnce = () => (document ??= openApiDocument(api));

  app.use('*', async (c, next) => {
    c.set('repos', options.repos);
    await next();
  });

  const isApi = (path: string) => path.startsWith('/results/api') || path.startsWith('/api/');
  const compress = compressAnswers();
  app.use('*', (c, next) => (isApi(c.req.path) ? compress(c, next) : next()));
  app.use('*', async (c, next) => {
    if (!isApi(c.req.path)) return next();
    // Set before the answer exists: changing headers afterwards makes Hono copy the response
    // into a streamed one, which is far slower to send.
    c.header('cache-control', 'no-store');
    c.header('x-content-type-options', 'nosniff');
    return next();
  });
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiProblem(413, `The request body is larger than ${MAX_BODY_BYTES} bytes`);
    },
  });
  // Reads never have their bodies read, so they skip the limiter (which would read the stream).
  app.use('*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next),
  );

  app.get('/results/api/openapi.json', (c) => c.json(documentOnce()));
  app.get('/results/api/docs', (c) => {
    // An HTML page like the SPA's, so it gets the same policy (its styles are inline).
    for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
    return c.html(apiReferencePage(documentOnce()));
  });
  for (const base of API_BASES) app.route(base, api);
  // Anything else under the API's prefixes is an API 404, never the SPA's fallback page.
  app.all('/results/api/*', (c) => c.notFound());
  app.all('/api/*', (c) => c.notFound());

  app.notFound((c) => {
    return problemResponse(new ApiProblem(404, `No route for ${c.req.method} ${c.req.path}`));
  });
  app.onError((error) => {
    const problem = toProblem(error);
    if (problem) return problemResponse(problem);
    options.logError?.(error);
    return problemResponse(
      new ApiProblem(500, 'Something went wrong on our side; the failure has been logged'),
    );
  });
  return app;
}
