// What replay-service's setup builds for its routes: the replay manager over the service's
// namespace (progress to /metrics and the monitor), runs a shutdown interrupted resumed at
// start, every running run interrupted — resumable — on SIGTERM; and the EventMonitor's parts.
import {
  continueReplayAction,
  createReplayManager,
  openSelection,
  type ReplayManager,
  type Scope,
} from '@tickflow/replay';
import type { KitConfig, ServiceContext } from '@tickflow/service';
import { connectClient } from '@tickflow/streams';
import type { z } from 'zod';
import type { replayServiceConfig } from './config.ts';
import { trackActiveRuns } from './monitor/active-runs.ts';
import type { MonitorConfig } from './monitor/monitor-config.ts';
import { registerObserverMetrics } from './monitor/observer-metrics.ts';
import { type MonitorParts, setupMonitor } from './monitor/setup-monitor.ts';
import { replayMetrics } from './replay-metrics.ts';

export type ReplayServiceConfig = KitConfig & z.output<typeof replayServiceConfig> & MonitorConfig;

export interface ReplayApp {
  readonly scope: Scope;
  readonly manager: ReplayManager;
  readonly monitor: MonitorParts;
}

export async function setupReplayService(service: ServiceContext<ReplayServiceConfig>): Promise<ReplayApp> {
  const { config, redis, logger } = service;
  const scope: Scope = { namespace: config.TICKFLOW_NAMESPACE, partitions: config.TICKFLOW_PARTITIONS };
  // Replays write on a bulk connection of their own: big pipelines, one deadline per batch
  // (a Cluster client when REDIS_URL names a cluster, as the service's own connection).
  const bulk = await connectClient({ ...service.connection, name: 'replay-service-bulk' }, 'bulk');
  // Registered first, so it runs last: after the runs are interrupted.
  service.onStop(() => bulk.disconnect());
  // Tracked for the monitor, which shows the runs of this process as they go.
  const activeRuns = trackActiveRuns(
    createReplayManager({
      redis,
      writeRedis: bulk,
      scope,
      openSelection: (selection) => openSelection(redis, scope, selection),
      onProgress: replayMetrics(service.metrics.registry),
    }),
  );
  const manager = activeRuns.manager;
  service.onStop(async () => {
    await manager.interruptAll();
    logger.info('running replays interrupted; each resumes where its target got');
  });
  if (config.REPLAY_RESUME_ON_START) {
    // Interrupted by a shutdown, or orphaned by a process that was killed (its record still
    // says running or paused): continued where each target got, in the audit log as the service.
    for (const record of await manager.resumable()) {
      try {
        await continueReplayAction(redis, manager, 'replay-service', record.id);
        logger.info(
          { run: record.id, target: record.target, was: record.state },
          'interrupted replay resumed',
        );
      } catch (error) {
        logger.error({ err: error, run: record.id }, 'could not resume a replay; it stays as it was');
      }
    }
  }
  // Set up after the manager's stop hook, so it runs before it: viewers are let go first.
  const monitor = await setupMonitor(service, scope, () => activeRuns.list());
  // Group lag, pending and dead letters read from Redis at scrape time (see observer-metrics.ts).
  registerObserverMetrics({ redis, scope, registry: service.metrics.registry, logger });
  return { scope, manager, monitor };
}
