// Connections to a Redis Cluster, with the roles and semantics of connect() (connection.ts):
// - `commands`: fail fast — no offline queue, a command timeout on every node, no re-send of a
//   command whose connection closed (ioredis' `retryDelayOnFailover` would re-send it blindly,
//   and a script may have run: the caller decides, as on one Redis). Redirections are
//   followed (MOVED, ASK, TRYAGAIN, CLUSTERDOWN): the command did not run.
//   No auto-pipelining: in cluster mode it has open issues during topology changes (ioredis
//   #2075), exactly when a failover is under way.
// - `blocking`: one client per blocking reader, watched by blocking-read.ts as on one Redis.
// - `bulk`: no timer per command; the caller bounds each pipeline.
// Scripts are sent as EVALSHA to the node of their keys' slot; ioredis sends the body (EVAL)
// on each new connection and after NOSCRIPT, so a promoted replica (empty script cache) works.
// Pipelines are split per slot (cluster-pipeline.ts). Reads go to masters only: a replica may
// lag, and the runtime reads what it just wrote.
import { Cluster } from 'ioredis';
import { retryDelayMs } from './backoff.ts';
import { splitPipelinesBySlot } from './cluster-pipeline.ts';
import type { RedisClient } from './cluster-redis-client.ts';
import { isClusterUrl, parseClusterUrl } from './cluster-url.ts';
import { type ConnectionOptions, type ConnectionRole, connect, redact } from './connection.ts';
import { RedisUnavailableError } from './errors.ts';
import { noopMetrics } from './metrics.ts';

/** connect() for a single Redis URL, connectCluster() for a `redis+cluster://` one. */
export function connectClient(options: ConnectionOptions, role: ConnectionRole): Promise<RedisClient> {
  return isClusterUrl(options.url) ? connectCluster(options, role) : connect(options, role);
}

/**
 * A connected Cluster client for `role`. Rejects with RedisUnavailableError when no seed node
 * answers (or the cluster is not ready); later outages are retried with backoff.
 */
export async function connectCluster(options: ConnectionOptions, role: ConnectionRole): Promise<Cluster> {
  const metrics = options.metrics ?? noopMetrics;
  const baseMs = options.reconnectBaseDelayMs ?? 50;
  const maxMs = options.reconnectMaxDelayMs ?? 2_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const url = parseClusterUrl(options.url);
  const username = options.username ?? url.username;
  const password = options.password ?? url.password;
  const tls = options.tls ?? (url.tls ? {} : undefined);
  const cluster = new Cluster([...url.nodes], {
    lazyConnect: true,
    enableOfflineQueue: false,
    enableAutoPipelining: false,
    scaleReads: 'master',
    clusterRetryStrategy: (attempt) => retryDelayMs(attempt, baseMs, maxMs),
    // A closed connection's command is not re-sent (see above); the others are redirections.
    retryDelayOnFailover: 0,
    slotsRefreshTimeout: connectTimeoutMs,
    redisOptions: {
      ...(username === undefined ? {} : { username }),
      ...(password === undefined ? {} : { password }),
      ...(tls === undefined ? {} : { tls }),
      connectionName: options.name ?? `tickflow-${role}`,
      connectTimeout: connectTimeoutMs,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      ...(role === 'commands' ? { commandTimeout: options.commandTimeoutMs ?? 5_000 } : {}),
    },
  });
  splitPipelinesBySlot(cluster);
  let lastError: Error | undefined;
  cluster.on('error', (error: Error) => {
    lastError = error;
    metrics.connectionError(role, error);
  });
  // A node's connection error reaches the cluster as 'node error'; without a listener it is only logged by ioredis.
  cluster.on('node error', (error: Error) => {
    lastError = error;
    metrics.connectionError(role, error);
  });
  cluster.on('reconnecting', () => metrics.reconnecting(role));
  try {
    await cluster.connect();
    // Ready means the slot map is known, not that each master's connection is open. Without an
    // offline queue, a command meets a node still connecting with "Connection is closed": open
    // them all now (a node connection queues until it is connected, bounded by connectTimeout).
    await Promise.all(cluster.nodes('master').map((node) => node.ping()));
  } catch (error) {
    cluster.disconnect();
    const reason = lastError?.message ?? (error as Error).message;
    throw new RedisUnavailableError(`cannot connect to ${redact(options.url)}: ${reason}`, {
      cause: lastError ?? error,
    });
  }
  return cluster;
}
