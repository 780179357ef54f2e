import { useState, type FormEvent } from 'react';
import { ID_PATTERN } from '../../../contract/common.ts';
import { Button } from '../../components/ui/Button.tsx';
import { Field, inputClass } from '../../components/ui/Field.tsx';
import { DEFAULT_API_BASE, signIn, useSession } from '../../lib/session.ts';

interface Errors {
  token?: string;
  accountId?: string;
  apiBase?: string;
  form?: string;
}

/** Asks for a token, an account id and an API base URL; checks them against the server before keeping them. */
export function SignInScreen() {
  const { session, expired } = useSession();
  const [token, setToken] = useState('');
  const [accountId, setAccountId] = useState(session?.accountId ?? '');
  const [apiBase, setApiBase] = useState(session?.apiBase ?? DEFAULT_API_BASE);
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const next: Errors = {};
    if (token.trim() === '') next.token = 'Enter your API token.';
    if (!ID_PATTERN.test(accountId.trim()))
      next.accountId = 'An account id is 24 lowercase hex characters.';
    if (!/^(https?:\/\/[^\s]+|\/[^\s]*)$/.test(apiBase.trim())) {
      next.apiBase = 'Enter a URL such as /results/api or https://app.quantive.com/results/api.';
    }
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setPending(true);
    const candidate = {
      token: token.trim(),
      accountId: accountId.trim(),
      apiBase: apiBase.trim().replace(/\/+$/, ''),
    };
    try {
      const res = await fetch(`${candidate.apiBase}/v1/users/kpi-virtual-group/favorite`, {
        headers: {
          authorization: `Bearer ${candidate.token}`,
          'gtmhub-accountId': candidate.accountId,
        },
      });
      if (res.status === 401) setErrors({ token: 'The server does not accept this token.' });
      else if (res.status === 403)
        setErrors({ accountId: 'This token’s user is not a member of that account.' });
      else if (!res.ok) setErrors({ form: `The server answered ${res.status}.` });
      else signIn(candidate);
    } catch {
      setErrors({ apiBase: 'The server could not be reached at this URL.' });
    } finally {
      setPending(false);
    }
  }

  return (
    <main
      id="main"
      className="flex min-h-screen items-center justify-center bg-gray-50 p-4 dark:bg-gray-950"
    >
      <form
        onSubmit={submit}
        noValidate
        className="w-full max-w-md space-y-4 rounded-lg bg-white p-6 shadow dark:bg-gray-900"
        aria-labelledby="sign-in-title"
      >
        <div>
          <h1 id="sign-in-title" className="text-xl font-semibold">
            Sign in to KPI Dashboard
          </h1>
          <p className="mt-1 text-sm text-gray-600 dark:text-gray-400">
            {expired
              ? 'Your session has ended. Sign in again to carry on where you were.'
              : 'Open the sign-in link that npm start prints, or enter a token below.'}
          </p>
        </div>
        <Field label="API token" error={errors.token}>
          {(control) => (
            <input
              {...control}
              className={inputClass}
              type="password"
              autoComplete="off"
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
          )}
        </Field>
        <Field label="Account id" error={errors.accountId}>
          {(control) => (
            <input
              {...control}
              className={`${inputClass} font-mono`}
              value={accountId}
              onChange={(e) => setAccountId(e.target.value)}
              spellCheck={false}
            />
          )}
        </Field>
        <Field
          label="API base URL"
          hint="This server by default; a Quantive Results account works too."
          error={errors.apiBase}
        >
          {(control) => (
            <input
              {...control}
              className={inputClass}
              value={apiBase}
              onChange={(e) => setApiBase(e.target.value)}
              spellCheck={false}
            />
          )}
        </Field>
        {errors.form && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {errors.form}
          </p>
        )}
        <Button type="submit" variant="primary" className="w-full" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </main>
  );
}
