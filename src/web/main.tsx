import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  clearSession,
  loadSession,
  saveSession,
  sessionFromFragment,
  type Session,
} from './session.ts';
import './styles.css';

interface Me {
  user: { name: string; email: string };
  account: { name: string };
}

function App() {
  const [session, setSession] = useState<Session | null>(() => {
    const fromLink = sessionFromFragment(window.location.hash);
    if (fromLink) {
      saveSession(fromLink);
      window.history.replaceState(null, '', '/');
      return fromLink;
    }
    return loadSession();
  });
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!session) return;
    const controller = new AbortController();
    fetch(`${session.apiBase}/v1/users/me`, {
      headers: { authorization: `Bearer ${session.token}`, 'gtmhub-accountId': session.accountId },
      signal: controller.signal,
    })
      .then(async (res) => {
        if (res.status === 401) {
          clearSession();
          setSession(null);
          return;
        }
        if (!res.ok) throw new Error(`The server answered ${res.status}`);
        setMe((await res.json()) as Me);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => controller.abort();
  }, [session]);

  return (
    <main className="mx-auto max-w-2xl p-6">
      <h1 className="text-2xl font-semibold">KPI Dashboard</h1>
      {!session && (
        <p className="mt-4">
          Open the sign-in link that <code>npm start</code> prints to sign in as the demo user.
        </p>
      )}
      {session && error && <p className="mt-4 text-red-700 dark:text-red-400">{error}</p>}
      {session && me && (
        <p className="mt-4">
          Signed in as {me.user.name} ({me.user.email}) in {me.account.name}.
        </p>
      )}
      <p className="mt-4">
        <a className="text-blue-700 underline dark:text-blue-400" href="/results/api/docs">
          API reference
        </a>
      </p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
