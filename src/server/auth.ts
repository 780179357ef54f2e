import type { MiddlewareHandler } from 'hono';
import { ID_PATTERN } from '../contract/common.ts';
import type { AppEnv } from './http.ts';
import { ApiProblem } from './errors.ts';

const URL_TOKEN_PARAMS = [
  'token',
  'access_token',
  'accesstoken',
  'api_key',
  'apikey',
  'authorization',
  'auth',
];
const ACCOUNT_HEADER = 'gtmhub-accountid';

const unauthorized = (detail: string) => new ApiProblem(401, detail);

/**
 * Resolves the token's user and the account of the request. No or unknown token: 401;
 * an account the user is not a member of: 403. Tokens are only taken from the header.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.url.includes('?')) {
      for (const key of new URL(c.req.url).searchParams.keys()) {
        if (URL_TOKEN_PARAMS.includes(key.toLowerCase())) {
          throw unauthorized(
            'Tokens are not accepted in the URL; send them in the Authorization header',
          );
        }
      }
    }
    const header = c.req.header('authorization');
    if (!header) throw unauthorized('An Authorization: Bearer <token> header is required');
    const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
    if (!match) throw unauthorized('The Authorization header must be Bearer <token>');
    const repos = c.get('repos');
    const found = await repos.accounts.authenticate(match[1]!);
    if (!found) throw unauthorized('The token is unknown or revoked');

    let accountId = c.req.header(ACCOUNT_HEADER);
    if (accountId === undefined || accountId === '') {
      const accounts = await repos.accounts.accountsOf(found.user.id);
      if (accounts.length !== 1) {
        throw new ApiProblem(
          400,
          'The gtmhub-accountId header is required: the user belongs to several accounts',
          [{ path: 'header.gtmhub-accountId', message: 'is required' }],
        );
      }
      accountId = accounts[0]!.id;
    } else if (!ID_PATTERN.test(accountId)) {
      throw new ApiProblem(400, 'The gtmhub-accountId header must be an account id', [
        { path: 'header.gtmhub-accountId', message: 'must be 24 lowercase hex characters' },
      ]);
    } else if (!(await repos.accounts.isMember(accountId, found.user.id))) {
      throw new ApiProblem(403, 'The token’s user is not a member of this account');
    }
    c.set('user', found.user);
    c.set('scope', { accountId, userId: found.user.id });
    await next();
  };
}
