// Connections for the parent process: the project's `commands` connection, or a plain
// ioredis client for the raw baseline — a `Redis`, or for a `redis+cluster://` URL a plain
// ioredis `Cluster` (the cluster scenario's raw side: none of the project's connection code).
import { partitionKeys } from '@tickflow/events';
import { isClusterUrl, parseClusterUrl } from '@tickflow/streams';
import { Cluster, Redis } from 'ioredis';
import { PARTITIONS } from './options.ts';

export async function rawClient(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  await redis.connect();
  return redis;
}

/** A raw client for a single Redis URL or a cluster URL (connected). */
export async function rawAnyClient(url: string): Promise<Redis | Cluster> {
  if (!isClusterUrl(url)) return rawClient(url);
  const cluster = rawCluster(url, true);
  await cluster.connect();
  // Every master's connection open before the clock starts, as the project's connectCluster does.
  await Promise.all(cluster.nodes('master').map((node) => node.ping()));
  return cluster;
}

/** A raw ioredis Cluster with its defaults (offline queue, no auto-pipelining), master reads. */
export function rawCluster(url: string, lazyConnect = false): Cluster {
  return new Cluster([...parseClusterUrl(url).nodes], {
    lazyConnect,
    scaleReads: 'master',
    redisOptions: { maxRetriesPerRequest: 0 },
  });
}

/** The partition streams of market data in `namespace`. */
export function streamsOf(namespace: string): string[] {
  return Array.from({ length: PARTITIONS }, (_, p) => partitionKeys(namespace, 'market_data', p).stream);
}

/** Runs a pipeline and throws on the first failed command. */
export async function execOrThrow(pipeline: ReturnType<Redis['pipeline']>): Promise<void> {
  const results = await pipeline.exec();
  const failed = results?.find(([error]) => error !== null);
  if (failed?.[0]) throw failed[0];
}
