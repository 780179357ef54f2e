import { createApiClient, type ApiClient } from '../../client/http.ts';
import { createStore, useStore } from './store.ts';

/** The signed-in session: a token, its account, and the API base URL, kept in local storage. */
export interface Session {
  token: string;
  accountId: string;
  apiBase: string;
}

const KEY = 'kpi-dashboard.session';
export const DEFAULT_API_BASE = '/results/api';

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Session>;
    if (typeof value.token !== 'string' || typeof value.accountId !== 'string') return null;
    return {
      token: value.token,
      accountId: value.accountId,
      apiBase: value.apiBase || DEFAULT_API_BASE,
    };
  } catch {
    return null;
  }
}

export interface SessionState {
  session: Session | null;
  /** The server refused the token (401): the sign-in screen comes back over the current page. */
  expired: boolean;
}

export const sessionStore = createStore<SessionState>({
  session: typeof localStorage === 'undefined' ? null : read(),
  expired: false,
});

let client: { session: Session; api: ApiClient } | null = null;

/** The API client of the current session. */
export function getApi(): ApiClient {
  const { session } = sessionStore.get();
  if (!session) throw new Error('Not signed in');
  if (client?.session !== session) {
    client = {
      session,
      api: createApiClient({
        baseUrl: session.apiBase,
        token: session.token,
        accountId: session.accountId,
      }),
    };
  }
  return client.api;
}

export function signIn(session: Session): void {
  localStorage.setItem(KEY, JSON.stringify(session));
  sessionStore.set({ session, expired: false });
}

export function signOut(): void {
  localStorage.removeItem(KEY);
  sessionStore.set({ session: null, expired: false });
}

export function expireSession(): void {
  const state = sessionStore.get();
  if (state.session && !state.expired) sessionStore.set({ ...state, expired: true });
}

export const useSession = () => useStore(sessionStore);

/**
 * The API base a sign-in link may carry: a path on this origin (not `//host`, which browsers read
 * as another host). An API elsewhere, such as a real Quantive Results account, is entered in the
 * sign-in form, where the person sees it; a link could otherwise show another server's data here.
 */
const LINK_API_BASE = /^\/(?![/\\])\S*$/;

/**
 * Reads `#token=…&accountId=…` from a sign-in link; the fragment never reaches the server. A
 * link whose `apiBase` is not a path on this origin is refused whole.
 */
export function sessionFromFragment(hash: string): Session | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  const accountId = params.get('accountId');
  if (!token || !accountId) return null;
  const apiBase = params.get('apiBase') || DEFAULT_API_BASE;
  if (!LINK_API_BASE.test(apiBase)) return null;
  return { token, accountId, apiBase };
}
