import type { Context, TypedResponse } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import { Problem } from '../contract/common.ts';
import type { User } from '../contract/users.ts';
import type { Repositories, Scope } from './db/repositories.ts';
import type { ListQuery } from './domain/list-query.ts';
import { ListQueryError, parseListQuery, type FieldCatalog } from './domain/list-query.ts';
import { ApiProblem } from './errors.ts';

export interface AppEnv {
  Variables: {
    repos: Repositories;
    scope: Scope;
    user: User;
  };
}

export type Api = OpenAPIHono<AppEnv>;

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

/** Error answers every authenticated route can give, so the OpenAPI document tells the truth. */
export const errorResponses = {
  400: problem('Bad request: the body, a parameter or a header is invalid'),
  401: problem('No token, or an unknown or revoked token'),
  403: problem('The token’s user is not a member of the account'),
  404: problem('Not found (ids of other accounts answer the same)'),
  500: problem('Unexpected failure'),
} as const;

export const withConflict = { ...errorResponses, 409: problem('Conflict') } as const;

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export function scopeOf(c: Context<AppEnv>): Scope {
  return c.get('scope');
}

export function reposOf(c: Context<AppEnv>): Repositories {
  return c.get('repos');
}

/** The list parameters of a request, parsed against a resource's catalog; errors become 400s. */
export function listQueryOf(c: Context<AppEnv>, catalog: FieldCatalog): ListQuery {
  try {
    return parseListQuery(c.req.query(), catalog);
  } catch (error) {
    if (error instanceof ListQueryError) {
      throw new ApiProblem(400, error.message, [
        { path: `query.${error.param}`, message: error.message },
      ]);
    }
    throw error;
  }
}

/** Comma-separated ids from a query parameter, each validated, at most `max`. */
export function idList(raw: string | undefined, param: string, max = 1000): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  const ids = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
  if (ids.length > max) {
    throw new ApiProblem(400, `${param} may list at most ${max} ids`, [
      { path: `query.${param}`, message: `has ${ids.length} ids; at most ${max} are allowed` },
    ]);
  }
  const bad = ids.find((id) => !/^[0-9a-f]{24}$/.test(id));
  if (bad !== undefined) {
    throw new ApiProblem(400, `${param} has ${bad.slice(0, 40)}, which is not an id`, [
      { path: `query.${param}`, message: 'must be comma-separated 24-hex ids' },
    ]);
  }
  return ids;
}

/**
 * A 200 answer whose JSON is already serialised, e.g. kept in an AnswerCache; `T` is what the
 * text is the JSON of, so the route keeps its declared answer type.
 */
export function serialisedJson<T>(
  c: Context<AppEnv>,
  body: string,
): Response & TypedResponse<JSONParsed<T>, 200, 'json'> {
  return c.body(body, 200, { 'content-type': 'application/json' }) as unknown as Response &
    TypedResponse<JSONParsed<T>, 200, 'json'>;
}
