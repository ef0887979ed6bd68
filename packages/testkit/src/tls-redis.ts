// A throw-away redis-server that speaks TLS on a port of its own. Its plain port stays open
// (the testkit's readiness check and fault injection use it); clients under test use `tlsUrl`.
import type { EphemeralRedis } from './ephemeral-redis-types.ts';
import { RedisStartError, RedisUnavailableError } from './errors.ts';
import { claimFreePort, releasePort } from './free-port.ts';
import { type EphemeralRedisOptions, startEphemeralRedis } from './start-ephemeral-redis.ts';
import type { TlsCertificates } from './tls-certs.ts';

/** redis.conf's `tls-auth-clients`: whether clients must present a certificate signed by the CA. */
export type TlsAuthClients = 'no' | 'optional' | 'yes';

export interface TlsRedisOptions extends EphemeralRedisOptions {
  /** The server's certificate and key, and the CA it trusts for client certificates. */
  readonly certificates: Pick<TlsCertificates, 'ca' | 'server'>;
  /** Default `'no'`: any client may connect over TLS without a certificate. */
  readonly authClients?: TlsAuthClients;
}

export interface TlsRedis extends EphemeralRedis {
  /** The TLS port. */
  readonly tlsPort: number;
  /** `rediss://127.0.0.1:<tlsPort>`. */
  readonly tlsUrl: string;
}

const MAX_PORT_ATTEMPTS = 5;

/** redis-server arguments serving TLS on `tlsPort` with these certificates. */
export function redisTlsServerArgs(
  certificates: Pick<TlsCertificates, 'ca' | 'server'>,
  tlsPort: number,
  authClients: TlsAuthClients = 'no',
): string[] {
  return [
    '--tls-port',
    String(tlsPort),
    '--tls-cert-file',
    certificates.server.certFile,
    '--tls-key-file',
    certificates.server.keyFile,
    '--tls-ca-cert-file',
    certificates.ca.certFile,
    '--tls-auth-clients',
    authClients,
  ];
}

/**
 * Starts an ephemeral Redis (as {@link startEphemeralRedis}) that also serves TLS on a free
 * port. Needs a local redis-server built with TLS (Debian's is).
 *
 * @throws {RedisUnavailableError} when only the container fallback is available (its TLS port is not published).
 */
export async function startTlsRedis(options: TlsRedisOptions): Promise<TlsRedis> {
  for (let attempt = 1; ; attempt += 1) {
    const tlsPort = await claimFreePort('127.0.0.1');
    let server: EphemeralRedis;
    try {
      server = await startEphemeralRedis({
        ...options,
        extraArgs: [
          ...redisTlsServerArgs(options.certificates, tlsPort, options.authClients),
          ...(options.extraArgs ?? []),
        ],
      });
    } catch (error) {
      releasePort(tlsPort);
      // Someone took the TLS port between choosing and binding it: choose again.
      if (error instanceof RedisStartError && error.addressInUse && attempt < MAX_PORT_ATTEMPTS) continue;
      throw error;
    }
    if (server.backend !== 'process') {
      await server.stop();
      releasePort(tlsPort);
      throw new RedisUnavailableError(
        'startTlsRedis needs a local redis-server (the container fallback serves no TLS)',
      );
    }
    return withTls(server, tlsPort);
  }
}

/** `server` with its TLS port (also for cluster nodes). `pid` changes across restarts: read through, not copied. */
export function withTls(server: EphemeralRedis, tlsPort: number): TlsRedis {
  return {
    backend: server.backend,
    url: server.url,
    host: server.host,
    port: server.port,
    dataDir: server.dataDir,
    get pid() {
      return server.pid;
    },
    tlsPort,
    tlsUrl: `rediss://127.0.0.1:${tlsPort}`,
    stop: async () => {
      await server.stop();
      releasePort(tlsPort);
    },
    kill: (signal) => server.kill(signal),
    restart: () => server.restart(),
    pause: () => server.pause(),
    resume: () => server.resume(),
  };
}
