/** The signed-in session: a token, its account, and the API base URL, kept in local storage. */
export interface Session {
  token: string;
  accountId: string;
  apiBase: string;
}

const KEY = 'kpi-dashboard.session';
export const DEFAULT_API_BASE = '/results/api';

export function loadSession(): Session | null {
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

export function saveSession(session: Session): void {
  localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}

/** Reads `#token=…&accountId=…` from a sign-in link; the fragment never reaches the server. */
export function sessionFromFragment(hash: string): Session | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  const accountId = params.get('accountId');
  if (!token || !accountId) return null;
  return { token, accountId, apiBase: params.get('apiBase') || DEFAULT_API_BASE };
}
