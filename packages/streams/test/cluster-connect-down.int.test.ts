// Connecting to a cluster whose state is `fail` (a master down, no replica elected yet): the
// connect either waits for the cluster to be ok again, within its deadline, or fails with
// RedisUnavailableError — never hangs. ioredis' own connect() promise never settles when
// its ready check finds `cluster_state:fail` (it reconnects on its own), and a consumer
// starting a partition worker in that window hung for good.
import {
  clusterUrlOf,
  type RedisCluster,
  readClusterView,
  startRedisCluster,
  waitFor,
} from '@tickflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCluster, RedisUnavailableError } from '../src/index.ts';

let cluster: RedisCluster;
let url: string;

beforeAll(async () => {
  // No replicas: a killed master leaves the cluster failed until it is back.
  cluster = await startRedisCluster({ masters: 3, nodeTimeoutMs: 1_000 });
  url = clusterUrlOf(cluster);
  await cluster.servers[0]?.kill('SIGKILL');
  await waitFor(
    async () => {
      const views = await Promise.all(cluster.nodes.slice(1).map((node) => readClusterView(node)));
      return views.every((view) => view.info.get('cluster_state') === 'fail');
    },
    { timeoutMs: 30_000, intervalMs: 100, description: 'the live nodes to report cluster_state:fail' },
  );
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

/** The outcome of `attempt`, or 'still pending' after `ms` (the hang this guards against). */
function settledWithin<T>(attempt: Promise<T>, ms: number): Promise<T | unknown> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise((resolve) => {
    timer = setTimeout(() => resolve('still pending'), ms);
  });
  return Promise.race([attempt.catch((error: unknown) => error), pending]).finally(() => clearTimeout(timer));
}

describe('connecting to a failed cluster', () => {
  it('fails with RedisUnavailableError within its deadline while the cluster stays failed', async () => {
    const outcome = await settledWithin(connectCluster({ url, connectTimeoutMs: 1_000 }, 'blocking'), 20_000);
    expect(outcome).toBeInstanceOf(RedisUnavailableError);
  }, 60_000);

  it('connects once the cluster is ok again, when that comes within its deadline', async () => {
    const attempt = connectCluster({ url, connectTimeoutMs: 15_000 }, 'commands');
    await cluster.servers[0]?.restart();
    const outcome = await settledWithin(attempt, 40_000);
    expect(outcome).toHaveProperty('status', 'ready');
    (outcome as Awaited<typeof attempt>).disconnect();
  }, 60_000);
});
