// What went wrong in a TLS handshake with Redis, in words a person can act on. Node and
// OpenSSL report it by code (SELF_SIGNED_CERT_IN_CHAIN, ERR_TLS_CERT_ALTNAME_INVALID, an alert
// from the server...), and ioredis itself only says "Connection is closed": the code is
// mapped to the failure and a hint naming the setting to change.
import { RedisUnavailableError } from './errors.ts';

export const REDIS_TLS_FAILURES = [
  'server-certificate-untrusted',
  'server-certificate-expired',
  'server-name-mismatch',
  'client-certificate-missing',
  'client-certificate-rejected',
  'handshake-failed',
] as const;
export type RedisTlsFailure = (typeof REDIS_TLS_FAILURES)[number];

/** A connection failed in its TLS handshake: retrying will not help until a setting changes. */
export class RedisTlsError extends RedisUnavailableError {
  readonly failure: RedisTlsFailure;

  constructor(failure: RedisTlsFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisTlsError';
    this.failure = failure;
  }
}

// The settings' names for people: the kit's variable and the CLI's flag.
const CA = 'REDIS_TLS_CA_FILE (tickflow --redis-tls-ca)';
const CLIENT_CERT = 'REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE (tickflow --redis-tls-cert, --redis-tls-key)';
const SERVERNAME = 'REDIS_TLS_SERVERNAME (tickflow --redis-tls-servername)';

const WHAT: Readonly<Record<RedisTlsFailure, string>> = {
  'server-certificate-untrusted': "the server's certificate is not trusted",
  'server-certificate-expired': "the server's certificate is expired or not yet valid",
  'server-name-mismatch': "the server's certificate does not name the host connected to",
  'client-certificate-missing': 'the server requires a client certificate and none was given',
  'client-certificate-rejected': 'the server rejected the client certificate',
  'handshake-failed': 'the TLS handshake failed',
};

const HINT: Readonly<Record<RedisTlsFailure, string>> = {
  'server-certificate-untrusted': `give the CA that signed it in ${CA}`,
  'server-certificate-expired': 'renew the server certificate (or check this machine’s clock)',
  'server-name-mismatch': `connect by a name the certificate carries, or set that name in ${SERVERNAME}`,
  'client-certificate-missing': `give one in ${CLIENT_CERT}`,
  'client-certificate-rejected': `give a certificate signed by a CA the server trusts (its tls-ca-cert-file) in ${CLIENT_CERT}`,
  'handshake-failed': 'check that the port is a TLS port (tls-port) and that both sides share a TLS version',
};

// Node's names for OpenSSL's verify results, by what they mean for the server's certificate.
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'CERT_CHAIN_TOO_LONG',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
]);
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
// Alerts the server sends about the client's certificate (TLS 1.2 and 1.3).
const CLIENT_CERT_REJECTED = new Set([
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
  'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR',
]);

/** The TLS failure `error` stands for, or undefined when it is no TLS failure (ECONNREFUSED...). */
export function classifyTlsError(error: unknown, hasClientCert: boolean): RedisTlsFailure | undefined {
  const code = codeOf(error);
  if (code === undefined) return undefined;
  if (UNTRUSTED.has(code)) return 'server-certificate-untrusted';
  if (EXPIRED.has(code)) return 'server-certificate-expired';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'server-name-mismatch';
  if (code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED') return 'client-certificate-missing';
  if (CLIENT_CERT_REJECTED.has(code))
    return hasClientCert ? 'client-certificate-rejected' : 'client-certificate-missing';
  // TLS 1.2 servers answer a missing client certificate with a bare handshake failure.
  if (code === 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' && !hasClientCert) return 'client-certificate-missing';
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return 'handshake-failed';
  return undefined;
}

/** A RedisTlsError for `failure`, its message saying what failed, the underlying code, and what to change. */
export function tlsError(target: string, failure: RedisTlsFailure, cause: unknown): RedisTlsError {
  const code = codeOf(cause);
  const detail =
    cause instanceof Error ? `${code === undefined ? '' : `${code}: `}${firstLine(cause.message)}` : '';
  return new RedisTlsError(
    failure,
    `cannot connect to ${target}: TLS: ${WHAT[failure]}${detail ? ` (${detail})` : ''}; ${HINT[failure]}`,
    { cause },
  );
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

// OpenSSL's messages run over several lines (the library's source location, the alert again).
function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? '';
  const reason = /:SSL routines:[^:]*:([^:]+):/.exec(line);
  return reason?.[1] ?? line;
}
