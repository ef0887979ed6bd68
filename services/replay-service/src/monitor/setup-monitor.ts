// What the monitor's routes need, built in replay-service's setup: the monitor over the
// service's namespace behind one shared snapshot feed (ended on shutdown, before the replay
// runs are interrupted), the page's files as listed now and the vendor modules read now.
import { join } from 'node:path';
import { createMonitor, type ReplayProgress, type Scope } from '@tickflow/replay';
import type { ServiceContext } from '@tickflow/service';
import type { MonitorConfig } from './monitor-config.ts';
import { createSnapshotFeed, type SnapshotFeed } from './snapshot-feed.ts';
import { loadVendorFiles, type StaticFile } from './vendor-files.ts';
import { listWebFiles, type WebFiles } from './web-files.ts';

export interface MonitorParts {
  readonly feed: SnapshotFeed;
  readonly web: WebFiles;
  readonly vendor: ReadonlyMap<string, StaticFile>;
}

/** The service's own web/ folder. */
const DEFAULT_WEB_DIR = join(import.meta.dirname, '../../web');

export async function setupMonitor(
  service: ServiceContext<MonitorConfig>,
  scope: Scope,
  replays: () => readonly ReplayProgress[],
): Promise<MonitorParts> {
  const { config, logger } = service;
  const monitor = createMonitor(service.redis, scope, { replays });
  const feed = createSnapshotFeed({
    snapshot: () => monitor.snapshot(),
    intervalMs: config.REPLAY_MONITOR_INTERVAL_MS,
    heartbeatMs: config.REPLAY_MONITOR_HEARTBEAT_MS,
    logger: logger.child({ component: 'monitor' }),
    registry: service.metrics.registry,
  });
  service.onStop(() => feed.stop());
  const web = await listWebFiles(config.REPLAY_WEB_DIR ?? DEFAULT_WEB_DIR);
  if (!web.paths.includes('index.html'))
    logger.warn({ dir: web.dir }, 'no index.html in the monitor web folder: GET / answers 404');
  const vendor = await loadVendorFiles(logger);
  return { feed, web, vendor };
}
