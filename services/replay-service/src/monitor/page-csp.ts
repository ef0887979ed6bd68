// The page's Content-Security-Policy: everything from the service itself, nothing inline —
// except the import map, which browsers accept only inline; it is allowed by the SHA-256 of
// its exact text, computed from the page as served, so an edited map stays allowed and any
// other inline script (an injected one) is refused.
import { createHash } from 'node:crypto';

const IMPORT_MAP = /<script\b[^>]*\btype\s*=\s*["']?importmap["']?[^>]*>([\s\S]*?)<\/script\s*>/gi;

/** The CSP header value for `html`. */
export function pageCsp(html: string): string {
  const hashes = [...html.matchAll(IMPORT_MAP)].map(
    ([, text]) =>
      `'sha256-${createHash('sha256')
        .update(text ?? '', 'utf8')
        .digest('base64')}'`,
  );
  return [
    "default-src 'self'",
    `script-src 'self'${hashes.map((hash) => ` ${hash}`).join('')}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
