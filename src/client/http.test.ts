import { describe, expect, it } from 'vitest';
import { ApiError, apiPath, buildUrl, isDeadLink } from './http.ts';

const config = { baseUrl: '/results/api', token: 't', accountId: 'a' };
/** Where a browser sends the request: dot segments resolved, as fetch resolves them. */
const sentTo = (path: string) => {
  const url = new URL(buildUrl(config, 'v1', path), 'https://app.example');
  return { host: url.host, path: url.pathname, search: url.search, hash: url.hash };
};

describe('apiPath', () => {
  it('leaves ordinary ids as they are', () => {
    expect(apiPath`/kpis/${'65a1f0c2e4b0a1b2c3d4e5f6'}/snapshots/${'abc'}`).toBe(
      '/kpis/65a1f0c2e4b0a1b2c3d4e5f6/snapshots/abc',
    );
    expect(apiPath`/dashboards/tag/${'board-1'}`).toBe('/dashboards/tag/board-1');
  });

  it.each([
    '../../../../pwned?x=1',
    'x/../../../../../pwned#',
    '..%2F..%2F..%2Fpwned',
    '%2e%2e/%2e%2e/%2e%2e/pwned',
    '//pwned.example/x',
    'https://pwned.example/x',
    '..',
    '.',
    '?take=1',
  ])('keeps the id %s inside its one segment', (id) => {
    const sent = sentTo(apiPath`/kpis/${id}/statistics`);
    expect(sent.host).toBe('app.example');
    expect(sent.search).toBe('');
    expect(sent.hash).toBe('');
    expect(sent.path).toMatch(/^\/results\/api\/v1\/kpis\/[^/]+\/statistics$/);
  });
});

describe('isDeadLink', () => {
  it('is true for unknown (404) and malformed (400) ids, and false otherwise', () => {
    expect(isDeadLink(new ApiError(404, 'KPI not found'))).toBe(true);
    expect(isDeadLink(new ApiError(400, 'path.kpiId must be an id'))).toBe(true);
    expect(isDeadLink(new ApiError(500, 'Boom'))).toBe(false);
    expect(isDeadLink(new ApiError(0, 'Offline'))).toBe(false);
    expect(isDeadLink(new Error('404'))).toBe(false);
  });
});
