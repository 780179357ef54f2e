import { CurrentUser, UserList } from '../contract/users.ts';
import type { ApiClient } from './http.ts';

export const getCurrentUser = (api: ApiClient, signal?: AbortSignal) =>
  api.request('GET', '/users/me', { schema: CurrentUser, signal });

export const listUsers = (api: ApiClient, signal?: AbortSignal) =>
  api.request('GET', '/users', { schema: UserList, signal });
