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

export function securityHeaders(): MiddlewareHandler {
  // Set before the answer exists, so that it is sent as built rather than copied.
  return async (c, next) => {
    c.header('content-security-policy', CONTENT_SECURITY_POLICY);
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    c.header('x-frame-options', 'DENY');
    await next();
  };
}
