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
// Over TLS (`rediss+cluster://`) every node gets the same `tls` options (CA, client
// certificate, servername), and a failed connect says which certificate problem it was, as
// on one Redis (tls-probe.ts).
import { Cluster, type ClusterOptions } from 'ioredis';
import { retryDelayMs } from './backoff.ts';
import { splitPipelinesBySlot } from './cluster-pipeline.ts';
import type { RedisClient } from './cluster-redis-client.ts';
import { isClusterUrl, parseClusterUrl } from './cluster-url.ts';
import { type ConnectionOptions, type ConnectionRole, connect, redact } from './connection.ts';
import { RedisUnavailableError } from './errors.ts';
import { noopMetrics } from './metrics.ts';
import { diagnoseTlsFailure } from './tls-probe.ts';

// ioredis resolves the seeds' names and connects to the addresses, so Node would check a
// certificate that names the host against an address and refuse it (ioredis #754, #935).
// Under TLS the seeds keep their names; the nodes the cluster announces are used as given.
const keepHostname: ClusterOptions['dnsLookup'] = (hostname, callback) => callback(null, hostname);

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
    ...(tls === undefined ? {} : { dnsLookup: keepHostname }),
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
  let lastFailedNode: string | undefined;
  cluster.on('error', (error: Error) => {
    lastError = error;
    metrics.connectionError(role, error);
  });
  // A node's connection error reaches the cluster as 'node error'; without a listener it is only logged by ioredis.
  cluster.on('node error', (error: Error, node: string) => {
    lastError = error;
    lastFailedNode = node;
    metrics.connectionError(role, error);
  });
  cluster.on('reconnecting', () => metrics.reconnecting(role));
  try {
    // Twice the connect timeout: a seed that does not answer takes one, the next seed is tried.
    await withinMs(2 * connectTimeoutMs, async () => {
      await untilReady(cluster);
      // Ready means the slot map is known, not that each master's connection is open. Without an
      // offline queue, a command meets a node still connecting with "Connection is closed": open
      // them all now (a node connection queues until it is connected).
      await Promise.all(cluster.nodes('master').map((node) => node.ping()));
    });
  } catch (error) {
    cluster.disconnect();
    if (tls !== undefined) {
      // The slot map is fetched on a connection whose own error ioredis drops: the cause is
      // then "Connection is closed" (lastNodeError), and the probe reads the real one.
      const cause = (lastError as { lastNodeError?: Error } | undefined)?.lastNodeError ?? lastError ?? error;
      // The node that failed last, or the first seed (a parsed URL has one at least).
      const failed = nodeOf(lastFailedNode) ?? (url.nodes[0] as { host: string; port: number });
      const target = { host: failed.host, port: failed.port, tls, connectTimeout: connectTimeoutMs };
      const tlsFailure = await diagnoseTlsFailure(target, redact(options.url), cause);
      if (tlsFailure) throw tlsFailure;
    }
    const reason = lastError?.message ?? (error as Error).message;
    throw new RedisUnavailableError(`cannot connect to ${redact(options.url)}: ${reason}`, {
      cause: lastError ?? error,
    });
  }
  return cluster;
}

/** `host:port` (ioredis' node key) as a host and a port. */
function nodeOf(key: string | undefined): { host: string; port: number } | undefined {
  const colon = key?.lastIndexOf(':') ?? -1;
  if (key === undefined || colon < 0) return undefined;
  return { host: key.slice(0, colon), port: Number(key.slice(colon + 1)) };
}

/**
 * Connects and resolves on the cluster's 'ready'. Not `await cluster.connect()` alone: when its
 * ready check fails (CLUSTER INFO says `cluster_state:fail`, as between a master's failure
 * and its replica's election) ioredis reconnects on its own and the promise of that first
 * connect() never settles. 'ready' comes with any of the attempts.
 */
function untilReady(cluster: Cluster): Promise<void> {
  return new Promise((resolve, reject) => {
    const ready = () => resolve();
    cluster.once('ready', ready);
    cluster.connect().catch((error: unknown) => {
      cluster.off('ready', ready);
      reject(error);
    });
  });
}

/** `action()`, or a rejection once `ms` have passed without it settling. */
async function withinMs(ms: number, action: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the cluster was not ready within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([action(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
