import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { askNode, parseInfo } from './cluster-nodes.ts';
import type { EphemeralRedis } from './ephemeral-redis-types.ts';
import { RedisClusterError, RedisUnavailableError } from './errors.ts';
import { REDIS_INSTALL_HINT } from './install-hint.ts';
import { integerAtLeast, positiveMs } from './option-checks.ts';
import { resolveRedisCli, resolveRedisServer } from './resolve-binaries.ts';
import { type ClusterTlsOptions, startClusterNode } from './tls-cluster-node.ts';
import { waitFor } from './wait-for.ts';

/** Options of {@link startRedisCluster}. */
export interface RedisClusterOptions {
  /** Number of masters; redis-cli needs at least 3. Default 3. */
  readonly masters?: number;
  /** Replicas per master. Default 0. */
  readonly replicasPerMaster?: number;
  /** `cluster-node-timeout`, in milliseconds: how long a node may be unreachable before failover. Default 5 000. */
  readonly nodeTimeoutMs?: number;
  /** How long each node may take to answer PING, in milliseconds. Default 20 000. */
  readonly startTimeoutMs?: number;
  /** How long forming the cluster may take (redis-cli plus convergence), in milliseconds. Default 60 000. */
  readonly readyTimeoutMs?: number;
  /** How long stop() waits for each node to exit before SIGKILL, in milliseconds. Default 5 000. */
  readonly stopTimeoutMs?: number;
  /** More redis-server arguments for every node, appended last. */
  readonly extraArgs?: readonly string[];
  /** Use this redis-server binary instead of searching PATH. */
  readonly redisServerPath?: string;
  /** Use this redis-cli binary instead of searching PATH (or next to redis-server). */
  readonly redisCliPath?: string;
  /** PATH-style directory list to search for the binaries. Default `process.env.PATH`. */
  readonly searchPath?: string;
  /**
   * TLS on every node, on a port of its own (`tlsPort`), for clients, the bus and replication
   * (tls-cluster-node.ts). The plain ports stay open: plain clients are sent plain ports.
   */
  readonly tls?: ClusterTlsOptions;
  /**
   * The name every node announces to clients instead of its IP (`cluster-announce-hostname`,
   * `cluster-preferred-endpoint-type hostname`), as in CLUSTER SLOTS and MOVED: what lets a
   * client check certificates that name hosts, not addresses.
   */
  readonly announceHostname?: string;
}

/** Where one cluster node listens. */
export interface RedisClusterNode {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  /** The node's TLS port, with the `tls` option. */
  readonly tlsPort?: number;
}

/** A running local Redis Cluster. */
export interface RedisCluster {
  /** Every node, masters and replicas, in start order. */
  readonly nodes: readonly RedisClusterNode[];
  /** `nodes[i].url`, for clients that take URLs. */
  readonly urls: readonly string[];
  /** The node servers, for fault injection (kill a master, pause a node, restart it). */
  readonly servers: readonly EphemeralRedis[];
  /** Stops every node and removes their data directories. Idempotent. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const CLUSTER_SLOTS = 16_384;
const READY_POLL_INTERVAL_MS = 100;
const execFileAsync = promisify(execFile);

/**
 * Starts a local Redis Cluster: `masters * (1 + replicasPerMaster)` redis-server processes in
 * cluster mode (each with its own temporary directory and free ports), joined with
 * `redis-cli --cluster create`, and resolves once every node reports `cluster_state:ok`, all
 * 16 384 slots ok and every other node known. Needs redis-server and redis-cli >= 7 locally;
 * there is no container fallback.
 *
 * @throws {RedisUnavailableError} when redis-server or redis-cli is missing.
 * @throws {RedisClusterError} when the cluster cannot be formed in `readyTimeoutMs`; every node
 *   started is stopped first.
 * @throws {TestkitOptionError} for `masters` < 3 or a negative `replicasPerMaster`.
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const masters = integerAtLeast(options.masters, 3, 3, 'masters');
  const replicasPerMaster = integerAtLeast(options.replicasPerMaster, 0, 0, 'replicasPerMaster');
  const nodeTimeoutMs = positiveMs(options.nodeTimeoutMs, 5_000, 'nodeTimeoutMs');
  const startTimeoutMs = positiveMs(options.startTimeoutMs, 20_000, 'startTimeoutMs');
  const readyTimeoutMs = positiveMs(options.readyTimeoutMs, 60_000, 'readyTimeoutMs');
  const stopTimeoutMs = positiveMs(options.stopTimeoutMs, 5_000, 'stopTimeoutMs');

  const binary = resolveRedisServer(options);
  const cli =
    binary === undefined
      ? undefined
      : resolveRedisCli({
          redisCliPath: options.redisCliPath,
          searchPath: options.searchPath,
          redisServer: binary,
        });
  if (binary === undefined || cli === undefined) {
    throw new RedisUnavailableError(
      `startRedisCluster needs redis-server and redis-cli on PATH (found ${binary === undefined ? 'neither' : 'no redis-cli'}). ${REDIS_INSTALL_HINT}`,
    );
  }

  const nodeCount = masters * (1 + replicasPerMaster);
  const announce =
    options.announceHostname === undefined
      ? []
      : [
          '--cluster-announce-hostname',
          options.announceHostname,
          '--cluster-preferred-endpoint-type',
          'hostname',
        ];
  const results = await Promise.allSettled(
    Array.from({ length: nodeCount }, () =>
      startClusterNode(
        {
          binary,
          host: HOST,
          appendonly: false,
          appendfsync: undefined,
          password: undefined,
          extraArgs: [...announce, ...(options.extraArgs ?? [])],
          startTimeoutMs,
          stopTimeoutMs,
          cluster: { nodeTimeoutMs },
        },
        options.tls,
      ),
    ),
  );
  const servers = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = once(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });
  const failed = results.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    await stop();
    throw failed.reason;
  }

  try {
    await createCluster(cli, servers, replicasPerMaster, readyTimeoutMs);
    await waitUntilConverged(servers, readyTimeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }

  const nodes = servers.map((server) => {
    const { host, port, url } = server;
    return 'tlsPort' in server ? { host, port, url, tlsPort: server.tlsPort } : { host, port, url };
  });
  return { nodes, urls: nodes.map((node) => node.url), servers, stop };
}

async function createCluster(
  cli: string,
  servers: readonly EphemeralRedis[],
  replicasPerMaster: number,
  timeoutMs: number,
): Promise<void> {
  const args = [
    '--cluster',
    'create',
    ...servers.map((server) => `${server.host}:${server.port}`),
    '--cluster-replicas',
    String(replicasPerMaster),
    '--cluster-yes',
  ];
  try {
    await execFileAsync(cli, args, { timeout: timeoutMs, maxBuffer: 10 * 1024 * 1024 });
  } catch (error) {
    // execFile's error carries the command's stdout and stderr.
    const output =
      typeof error === 'object' && error !== null
        ? [Reflect.get(error, 'stdout'), Reflect.get(error, 'stderr')].filter(Boolean).join('\n')
        : '';
    throw new RedisClusterError(`${cli} ${args.join(' ')} failed:\n${output}`, { cause: error });
  }
}

async function waitUntilConverged(servers: readonly EphemeralRedis[], timeoutMs: number): Promise<void> {
  let lastStates: string[] = [];
  try {
    await waitFor(
      async () => {
        const infos = await Promise.all(
          servers.map(async (server) => parseInfo(await askNode(server, ['CLUSTER', 'INFO']))),
        );
        lastStates = infos.map(
          (info, index) =>
            `${servers[index]?.port}: state=${info.get('cluster_state')} slots_ok=${info.get('cluster_slots_ok')} known_nodes=${info.get('cluster_known_nodes')}`,
        );
        return infos.every(
          (info) =>
            info.get('cluster_state') === 'ok' &&
            info.get('cluster_slots_ok') === String(CLUSTER_SLOTS) &&
            info.get('cluster_known_nodes') === String(servers.length),
        );
      },
      { timeoutMs, intervalMs: READY_POLL_INTERVAL_MS, description: 'every node to report cluster_state:ok' },
    );
  } catch (error) {
    throw new RedisClusterError(`The cluster did not converge: ${lastStates.join('; ')}`, { cause: error });
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= action();
    return running;
  };
}
