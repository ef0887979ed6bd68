// What replay-service's setup builds for its routes: the replay manager over the service's
// namespace (progress to /metrics), runs a shutdown interrupted resumed at start, and every
// running run interrupted — resumable — on SIGTERM.
import {
  createReplayManager,
  listRunRecords,
  openSelection,
  type ReplayManager,
  type Scope,
} from '@tickflow/replay';
import type { KitConfig, ServiceContext } from '@tickflow/service';
import type { z } from 'zod';
import type { replayServiceConfig } from './config.ts';
import { replayMetrics } from './replay-metrics.ts';

export type ReplayServiceConfig = KitConfig & z.output<typeof replayServiceConfig>;

export interface ReplayApp {
  readonly scope: Scope;
  readonly manager: ReplayManager;
}

export async function setupReplayService(service: ServiceContext<ReplayServiceConfig>): Promise<ReplayApp> {
  const { config, redis, logger } = service;
  const scope: Scope = { namespace: config.TICKFLOW_NAMESPACE, partitions: config.TICKFLOW_PARTITIONS };
  const manager = createReplayManager({
    redis,
    scope,
    openSelection: (selection) => openSelection(redis, scope, selection),
    onProgress: replayMetrics(service.metrics.registry),
  });
  service.onStop(async () => {
    await manager.interruptAll();
    logger.info('running replays interrupted; each resumes where its target got');
  });
  if (config.REPLAY_RESUME_ON_START) {
    for (const record of await listRunRecords(redis, scope.namespace)) {
      if (record.state !== 'interrupted') continue;
      await manager.resume(record.id, 'replay-service');
      logger.info({ run: record.id, target: record.target }, 'interrupted replay resumed');
    }
  }
  return { scope, manager };
}
