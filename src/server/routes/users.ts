import { createRoute } from '@hono/zod-openapi';
import { CurrentUser, UserList } from '../../contract/users.ts';
import { errorResponses, jsonContent, reposOf, scopeOf, type Api } from '../http.ts';

const tags = ['Users (extension)'];

const me = createRoute({
  method: 'get',
  path: '/users/me',
  tags,
  summary: 'Extension: the current user and the accounts they belong to',
  request: {},
  responses: { 200: jsonContent(CurrentUser, 'The current user'), ...errorResponses },
});

const users = createRoute({
  method: 'get',
  path: '/users',
  tags,
  summary: 'Extension: the users of the account (owners are chosen among them)',
  request: {},
  responses: { 200: jsonContent(UserList, 'The users'), ...errorResponses },
});

export function registerUserRoutes(api: Api): void {
  api.openapi(me, async (c) => {
    const scope = scopeOf(c);
    const accounts = await reposOf(c).accounts.accountsOf(scope.userId);
    const account = accounts.find((a) => a.id === scope.accountId)!;
    return c.json({ user: c.get('user'), account, accounts }, 200);
  });

  api.openapi(users, async (c) => {
    const items = await reposOf(c).accounts.users(scopeOf(c).accountId);
    return c.json({ items, count: items.length, totalCount: items.length }, 200);
  });
}
