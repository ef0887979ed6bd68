// A Redis Cluster for a pipeline run (runPipeline's `redis` option): 3 masters with a replica
// each, every node fsyncing its AOF on every write, a 2 s node timeout (a killed master's
// replica is elected within seconds). Every service and the harness get its
// `redis+cluster://` URL; the test keeps the cluster's handle to fail a master mid-run.
import { partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import {
  clusterUrlOf,
  durableClusterOptions,
  type MasterReplaced,
  type RedisCluster,
  startRedisCluster,
  waitFor,
  waitForReplicas,
} from '@tickflow/testkit';
import { NAMESPACE, type RunOptions, streamLength } from '../support/pipeline-run.ts';

export interface ClusterForRun {
  readonly redis: NonNullable<RunOptions['redis']>;
  /** The running cluster (once the run has started it). */
  cluster(): RedisCluster;
}

export function clusterForRun(): ClusterForRun {
  let started: RedisCluster | undefined;
  const cluster = () => {
    if (started === undefined) throw new Error('the run has not started its cluster yet');
    return started;
  };
  return {
    redis: {
      async start() {
        const running = await startRedisCluster(durableClusterOptions());
        started = running;
        // The replicas' first copy is made before the run, not while a fault waits for it.
        // The run only stops what start() returned: a cluster that never got there is stopped here.
        try {
          await waitForReplicas(running);
        } catch (error) {
          await running.stop();
          throw error;
        }
        return { url: clusterUrlOf(running), stop: () => running.stop() };
      },
      envOf: () => ({}),
    },
    cluster,
  };
}

/** A fault of one master: failoverMaster or killMaster, given the key whose master to strike. */
export type MasterFault = (cluster: RedisCluster, key: string) => Promise<MasterReplaced>;

export interface Strike {
  readonly replaced: MasterReplaced;
  /** Market-data entries in the streams when the fault struck (the run's input is 9 999). */
  readonly marketDataAtStrike: number;
}

/**
 * runPipeline's `during`: once `afterMarketData` quotes are in the streams, strikes the
 * master of market-data partition 0 and hands the outcome to `done`.
 */
export function strikeMidRun(
  onCluster: ClusterForRun,
  fault: MasterFault,
  afterMarketData: number,
  done: (strike: Strike) => void,
): (redis: RedisClient) => Promise<void> {
  return async (redis) => {
    await waitFor(async () => (await streamLength(redis, 'market_data')) >= afterMarketData, {
      timeoutMs: 120_000,
      intervalMs: 50,
      description: `${afterMarketData} quotes in the market-data streams`,
    });
    const marketDataAtStrike = await streamLength(redis, 'market_data');
    const replaced = await fault(onCluster.cluster(), partitionKeys(NAMESPACE, 'market_data', 0).stream);
    done({ replaced, marketDataAtStrike });
  };
}
