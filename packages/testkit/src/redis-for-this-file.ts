// The testkit's vitest-bound helpers (an entry of their own: tools such as the demo import the
// testkit without a test runner).
// One ephemeral Redis and one connection for a test file: started before its tests, stopped
// after them, so files run in parallel without sharing keys. The caller says how to connect
// (the streams runtime's `connect`, or a plain client): the testkit does not depend on it.
import { afterAll, beforeAll } from 'vitest';
import { clusterUrlOf } from './cluster-url.ts';
import type { EphemeralRedis } from './ephemeral-redis-types.ts';
import { type RedisCluster, type RedisClusterOptions, startRedisCluster } from './redis-cluster.ts';
import { type EphemeralRedisOptions, startEphemeralRedis } from './start-ephemeral-redis.ts';
import { generateTlsCertificates, type TlsCertificates } from './tls-certs.ts';
import { startTlsRedis, type TlsRedis } from './tls-redis.ts';

export interface FileRedis<C> {
  /** Set in beforeAll: read it inside tests. */
  readonly server: EphemeralRedis;
  /** Set in beforeAll: read it inside tests. */
  readonly redis: C;
}

export function redisForThisFile<C extends { disconnect(): void }>(
  connect: (url: string) => Promise<C>,
  options: EphemeralRedisOptions = {},
): FileRedis<C> {
  const file = {} as { server: EphemeralRedis; redis: C };
  beforeAll(async () => {
    file.server = await startEphemeralRedis(options);
    file.redis = await connect(file.server.url);
  });
  afterAll(async () => {
    file.redis?.disconnect();
    await file.server?.stop();
  });
  return file;
}

export interface FileTlsRedis {
  /** A throwaway CA, server and client certificates (set in beforeAll). */
  readonly certs: TlsCertificates;
  /** A TLS Redis that asks clients for no certificate (`tls-auth-clients no`). */
  readonly anyClient: TlsRedis;
  /** A TLS Redis that requires a client certificate signed by the CA (`tls-auth-clients yes`). */
  readonly verifiedClients: TlsRedis;
}

/** Certificates and two TLS Redis servers for a test file, made before its tests and removed after. */
export function tlsRedisForThisFile(): FileTlsRedis {
  const file = {} as { certs: TlsCertificates; anyClient: TlsRedis; verifiedClients: TlsRedis };
  beforeAll(async () => {
    file.certs = await generateTlsCertificates();
    // Both are started before either failure is thrown, so afterAll stops whichever did start.
    const [anyClient, verifiedClients] = await Promise.allSettled([
      startTlsRedis({ certificates: file.certs, authClients: 'no' }),
      startTlsRedis({ certificates: file.certs, authClients: 'yes' }),
    ]);
    if (anyClient.status === 'fulfilled') file.anyClient = anyClient.value;
    if (verifiedClients.status === 'fulfilled') file.verifiedClients = verifiedClients.value;
    for (const started of [anyClient, verifiedClients])
      if (started.status === 'rejected') throw started.reason;
  });
  afterAll(async () => {
    await Promise.all([file.anyClient?.stop(), file.verifiedClients?.stop()]);
    await file.certs?.remove();
  });
  return file;
}

export interface FileRedisCluster<C> {
  /** Set in beforeAll: read it inside tests. */
  readonly cluster: RedisCluster;
  /** `redis+cluster://` URL of the cluster's nodes (set in beforeAll). */
  readonly url: string;
  /** Set in beforeAll: read it inside tests. */
  readonly redis: C;
}

// Forming a cluster (redis-cli plus convergence) takes seconds, more on a loaded machine.
const CLUSTER_START_TIMEOUT_MS = 120_000;

/**
 * One local Redis Cluster (3 masters, no replicas unless `options` say otherwise) and one
 * connection to it for a test file, started before its tests and stopped after them.
 */
export function redisClusterForThisFile<C extends { disconnect(): void }>(
  connect: (url: string) => Promise<C>,
  options: RedisClusterOptions = {},
): FileRedisCluster<C> {
  const file = {} as { cluster: RedisCluster; url: string; redis: C };
  beforeAll(async () => {
    file.cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 0, ...options });
    file.url = clusterUrlOf(file.cluster);
    file.redis = await connect(file.url);
  }, CLUSTER_START_TIMEOUT_MS);
  afterAll(async () => {
    file.redis?.disconnect();
    await file.cluster?.stop();
  });
  return file;
}
