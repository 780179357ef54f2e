// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_BASE, sessionFromFragment } from './session.ts';

describe('sessionFromFragment', () => {
  it('reads the token, the account and the API base of a sign-in link', () => {
    expect(sessionFromFragment('#token=t1&accountId=a1&apiBase=%2Fresults%2Fapi')).toEqual({
      token: 't1',
      accountId: 'a1',
      apiBase: '/results/api',
    });
    expect(sessionFromFragment('#token=t1&accountId=a1')?.apiBase).toBe(DEFAULT_API_BASE);
  });

  it('refuses a link without a token or an account', () => {
    expect(sessionFromFragment('#token=t1')).toBeNull();
    expect(sessionFromFragment('#accountId=a1')).toBeNull();
  });

  it.each([
    'javascript:alert(1)//',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'results/api',
    'https://app.example/ api',
    // Another host is entered in the sign-in form, where the person sees it, never taken from a link.
    'https://app.example/api',
    'http://127.0.0.1:9999/results/api',
    '//evil.example/results/api',
    '/\\evil.example/results/api',
  ])('refuses a link whose API base is %s', (apiBase) => {
    expect(
      sessionFromFragment(`#token=t1&accountId=a1&apiBase=${encodeURIComponent(apiBase)}`),
    ).toBeNull();
  });
});
