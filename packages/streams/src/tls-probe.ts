// Why did a TLS connection to Redis close? Under TLS 1.3 a server verifies the client's
// certificate only after the client has finished its side of the handshake, so its alert
// ("certificate required", "unknown ca") races the client's first command: often the client
// sees only ECONNRESET. A second connection that sends nothing reads the alert for sure. It
// runs only after a failed connect over TLS, never on the way of a working one.
import { connect as tlsConnect } from 'node:tls';
import type { RedisOptions } from 'ioredis';
import { classifyTlsError, type RedisTlsError, tlsError } from './tls-errors.ts';

/** Where and how the failed connection went: a client's resolved options (`redis.options`). */
export type TlsTarget = Pick<RedisOptions, 'host' | 'port' | 'tls' | 'connectTimeout'>;

// How long the server gets to send its alert after the handshake: one round trip, generously.
const ALERT_WAIT_MS = 1_000;

/**
 * The RedisTlsError behind `cause` (a failed connect to `target`), or undefined when the
 * connection was no TLS one or failed for another reason. `label` names the server in the
 * message (a URL without its password).
 */
export async function diagnoseTlsFailure(
  target: TlsTarget,
  label: string,
  cause: unknown,
): Promise<RedisTlsError | undefined> {
  if (!target.tls) return undefined;
  const hasClientCert = target.tls.cert !== undefined;
  const known = classifyTlsError(cause, hasClientCert);
  if (known) return tlsError(label, known, cause);
  if (!closedEarly(cause)) return undefined;
  const seen = await probeHandshake(target, target.connectTimeout ?? 5_000);
  const failure = seen && classifyTlsError(seen, hasClientCert);
  return failure ? tlsError(label, failure, seen) : undefined;
}

// A reset, a broken pipe, or a close without an error: what a server's alert looks like
// when the client's write got there first. (A reply such as WRONGPASS is no such case.)
function closedEarly(cause: unknown): boolean {
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (code === 'ECONNRESET' || code === 'EPIPE') return true;
  return code === undefined && cause instanceof Error && /connection is closed/i.test(cause.message);
}

/** Connects, completes the handshake, sends nothing, and returns the error the server's answer raised (if any). */
function probeHandshake(target: TlsTarget, timeoutMs: number): Promise<Error | undefined> {
  return new Promise((resolve) => {
    // `tls: true` (a rediss:// URL alone) means node's defaults.
    const options = typeof target.tls === 'object' ? target.tls : {};
    const socket = tlsConnect({ ...options, host: target.host ?? 'localhost', port: target.port ?? 6379 });
    let timer = setTimeout(() => done(undefined), timeoutMs);
    function done(error: Error | undefined): void {
      clearTimeout(timer);
      socket.destroy();
      resolve(error);
    }
    socket.on('error', done);
    socket.once('close', () => done(undefined));
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      timer = setTimeout(() => done(undefined), ALERT_WAIT_MS);
    });
    // Nothing is written, so nothing should come back but an alert.
    socket.on('data', () => undefined);
  });
}
