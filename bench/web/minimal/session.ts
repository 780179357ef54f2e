/** The signed-in session the SPA keeps in local storage (same origin), for the API headers. */
export function apiHeaders(): Record<string, string> {
  const raw = localStorage.getItem('kpi-dashboard.session');
  const session = raw ? (JSON.parse(raw) as { token: string; accountId: string }) : null;
  if (!session) throw new Error('Not signed in: open the SPA sign-in link first');
  return {
    accept: 'application/json',
    authorization: `Bearer ${session.token}`,
    'gtmhub-accountId': session.accountId,
  };
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: apiHeaders() });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

/** A required search parameter: the API read the SPA made, so both pages fetch the same data. */
export function param(name: string): string {
  const value = new URLSearchParams(window.location.search).get(name);
  if (!value) throw new Error(`Missing ?${name}=`);
  return value;
}
