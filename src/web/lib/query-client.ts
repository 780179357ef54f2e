import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '../../client/http.ts';
import { expireSession } from './session.ts';
import { showToast } from './toasts.ts';

const isUnauthorized = (error: unknown) => error instanceof ApiError && error.status === 401;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isUnauthorized(error)) return expireSession();
        // A failed background refresh leaves the old data on screen; say so once.
        if (query.state.data !== undefined) {
          showToast({ tone: 'error', message: `Could not refresh: ${error.message}` });
        }
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isUnauthorized(error)) expireSession();
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
        refetchOnWindowFocus: true,
      },
    },
  });
}

export const queryClient = createQueryClient();
