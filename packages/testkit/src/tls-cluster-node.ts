// A Redis Cluster node that speaks TLS to its clients and to its peers, for startRedisCluster's
// `tls` option. What it takes (measured with redis-server 7.0):
// - `tls-cluster yes`: without it CLUSTER SLOTS and MOVED send TLS clients the plain ports.
//   With it, a TLS client is sent the TLS ports and a plain client the plain ones, so the
//   testkit's own checks and redis-cli keep using the plain ports, which stay open.
// - the bus then runs over TLS and always asks the connecting node for a certificate: the
//   server certificate (serverAuth only) is refused as a client's, so the nodes present the
//   test CA's client certificate (`tls-client-cert-file`); without it the nodes never meet.
// - `tls-replication yes`: a replica is sent its master's TLS port.
import type { EphemeralRedis } from './ephemeral-redis-types.ts';
import { RedisStartError } from './errors.ts';
import { claimFreePort, releasePort } from './free-port.ts';
import { type LocalRedisConfig, startLocalRedis } from './local-redis.ts';
import type { TlsCertificates } from './tls-certs.ts';
import { redisTlsServerArgs, type TlsAuthClients, type TlsRedis, withTls } from './tls-redis.ts';

/** startRedisCluster's `tls` option. */
export interface ClusterTlsOptions {
  /** The server certificate of every node, the CA it trusts, and the client certificate the nodes show each other. */
  readonly certificates: Pick<TlsCertificates, 'ca' | 'server' | 'client'>;
  /** Default `'no'`. `'optional'`: a client may present a certificate, which is then checked. */
  readonly authClients?: TlsAuthClients;
}

const MAX_PORT_ATTEMPTS = 5;

/** redis-server arguments of a cluster node serving TLS on `tlsPort` (see above). */
export function redisTlsClusterArgs(tls: ClusterTlsOptions, tlsPort: number): string[] {
  const { certificates } = tls;
  return [
    ...redisTlsServerArgs(certificates, tlsPort, tls.authClients),
    '--tls-cluster',
    'yes',
    '--tls-replication',
    'yes',
    '--tls-client-cert-file',
    certificates.client.certFile,
    '--tls-client-key-file',
    certificates.client.keyFile,
  ];
}

/** startLocalRedis, plus a TLS port of its own when `tls` is given. */
export async function startClusterNode(
  config: LocalRedisConfig,
  tls: ClusterTlsOptions | undefined,
): Promise<EphemeralRedis | TlsRedis> {
  if (tls === undefined) return startLocalRedis(config);
  for (let attempt = 1; ; attempt += 1) {
    const tlsPort = await claimFreePort(config.host);
    try {
      const server = await startLocalRedis({
        ...config,
        extraArgs: [...redisTlsClusterArgs(tls, tlsPort), ...config.extraArgs],
      });
      return withTls(server, tlsPort);
    } catch (error) {
      releasePort(tlsPort);
      // Someone took the TLS port between choosing and binding it: choose again.
      if (error instanceof RedisStartError && error.addressInUse && attempt < MAX_PORT_ATTEMPTS) continue;
      throw error;
    }
  }
}
