// Samples the backlog of every partition a consumer owns for the metrics hook: lag and
// pending (XINFO GROUPS, backlog.ts) and the age of the oldest pending entry (XPENDING +
// TIME, pending-age.ts). Called after every lease round and not awaited by it — a slow
// XINFO must not delay the next renewal — so one sampling runs at a time.
import type { PartitionKeys } from '@tickflow/events';
import { groupBacklog } from './backlog.ts';
import type { LeaseManager } from './lease-manager.ts';
import { noopMetrics, partitionLabels, reportCommandError } from './metrics.ts';
import type { ResolvedConsumerOptions } from './options.ts';
import { oldestPendingAgeMs } from './pending-age.ts';
import type { ScriptedRedis } from './scripts.ts';

export function backlogSampler(
  redis: ScriptedRedis,
  leases: LeaseManager,
  config: ResolvedConsumerOptions,
  partitions: readonly PartitionKeys[],
): () => void {
  const { metrics, group } = config;
  const keysByStream = new Map(partitions.map((keys) => [keys.stream, keys]));
  const failed = (error: unknown): undefined => {
    reportCommandError(metrics, 'commands', error);
    return undefined;
  };
  let sampling = false;
  return () => {
    if (metrics === noopMetrics || sampling) return;
    sampling = true;
    void Promise.all(
      leases.ownedStreams().map(async (stream) => {
        const keys = keysByStream.get(stream);
        if (keys === undefined) return;
        const [backlog, oldestAgeMs] = await Promise.all([
          groupBacklog(redis, stream, group).catch(failed),
          oldestPendingAgeMs(redis, stream, group).catch(failed),
        ]);
        // A partition handed over meanwhile is no longer ours to report (its gauges are gone).
        if (backlog === undefined || !leases.ownedStreams().includes(stream)) return;
        metrics.backlog(partitionLabels(keys, group), backlog.lag, backlog.pending, oldestAgeMs);
      }),
    ).finally(() => {
      sampling = false;
    });
  };
}
