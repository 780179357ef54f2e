import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { PAGE_HEADERS, securityHeaders } from './security-headers.ts';
import { expectProblem, useHarness } from './testing/fixtures.ts';
import type { Harness } from './testing/harness.ts';

let h: Harness;

useHarness(async (harness) => {
  h = harness;
});

/** The app as the server assembles it: the API, then the headers and the SPA's fallback. */
function withSpa() {
  const app = createApp({ repos: h.repos, logError: (e) => h.errors.push(e) });
  app.use('*', securityHeaders());
  app.get('*', (c) =>
    /\.[a-z0-9]+$/i.test(c.req.path) ? c.notFound() : c.html('<!doctype html><title>SPA</title>'),
  );
  return app;
}

describe('security headers of the SPA', () => {
  it.each(['/', '/kpis/abc', '/missing.png', '/assets/missing-0000.js'])(
    'are sent with %s',
    async (path) => {
      const res = await withSpa().request(path);
      for (const [name, value] of Object.entries(PAGE_HEADERS)) {
        expect(res.headers.get(name), name).toBe(value);
      }
    },
  );

  it('leave a missing file a 404 problem', async () => {
    await expectProblem(await withSpa().request('/missing.png'), 404);
  });
});
