import type { MiddlewareHandler } from 'hono';

/**
 * Headers for the SPA's pages: scripts only from this origin, no framing. The API may live on
 * another origin (a real Quantive Results account), hence `connect-src` allows https.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' https:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers of every answer of the SPA, and of any other HTML page the server sends. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    // Set before the answer exists, so that it is sent as built rather than copied.
    for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
    await next();
    // An answer built as a plain Response (the not-found problem of a missing file) does not
    // receive the prepared headers; it gets them here.
    for (const [name, value] of Object.entries(PAGE_HEADERS)) {
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    }
  };
}
