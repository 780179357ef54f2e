import { queryOptions, useQuery } from '@tanstack/react-query';
import { listKpiGroups } from '../../client/kpi-groups.ts';
import { getVirtualGroupFavorites } from '../../client/kpis.ts';
import { getCurrentUser, listUsers } from '../../client/users.ts';
import { getApi } from '../lib/session.ts';
import { groupKeys, userKeys } from './keys.ts';

/** Reads several features need: the current user, the account's users, the groups. */
export const currentUserQuery = () =>
  queryOptions({
    queryKey: userKeys.me(),
    queryFn: ({ signal }) => getCurrentUser(getApi(), signal),
    staleTime: 5 * 60_000,
  });

export const usersQuery = () =>
  queryOptions({
    queryKey: userKeys.list(),
    queryFn: ({ signal }) => listUsers(getApi(), signal),
    staleTime: 5 * 60_000,
  });

export const groupsQuery = () =>
  queryOptions({
    queryKey: groupKeys.list({ all: true }),
    queryFn: ({ signal }) => listKpiGroups(getApi(), { sort: 'name', take: 1000 }, signal),
  });

export const virtualFavoritesQuery = () =>
  queryOptions({
    queryKey: groupKeys.virtualFavorites(),
    queryFn: ({ signal }) => getVirtualGroupFavorites(getApi(), signal),
  });

export const useCurrentUser = () => useQuery(currentUserQuery());
export const useUsers = () => useQuery(usersQuery());
export const useGroups = () => useQuery(groupsQuery());
export const useVirtualFavorites = () => useQuery(virtualFavoritesQuery());
