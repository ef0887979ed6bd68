// replay-service: replays history into isolated namespaces at any speed, and serves the
// audit and query API over the namespace it runs in — events and causal chains, consumer
// groups, dead letters, rewinds, digests and diffs, the operator audit log — and the
// EventMonitor page with its live feed. Bearer tokens are required: read for looking,
// operator for anything that writes (the page's own files are public: they hold no data).
import { BadInputError, ConflictError, NotFoundError } from '@tickflow/replay';
import { runService } from '@tickflow/service';
import { HistoryTrimmedError } from '@tickflow/streams';
import { setupReplayService } from './app.ts';
import { replayServiceConfig } from './config.ts';
import { liveRoutes } from './monitor/live-route.ts';
import { monitorConfig } from './monitor/monitor-config.ts';
import { staticRoutes } from './monitor/static-routes.ts';
import { historyRoutes } from './routes/history.ts';
import { ledgerRoutes } from './routes/ledger.ts';
import { operationRoutes } from './routes/operations.ts';
import { replayRoutes } from './routes/replays.ts';
import { comparisonRoutes } from './routes/runs-compared.ts';

await runService({
  name: 'replay-service',
  config: replayServiceConfig.extend(monitorConfig.shape),
  requireTokens: true,
  errorMap: [
    [BadInputError, 400],
    [NotFoundError, 404],
    [ConflictError, 409],
    [HistoryTrimmedError, 409],
  ],
  setup: setupReplayService,
  routes(api) {
    replayRoutes(api);
    historyRoutes(api);
    comparisonRoutes(api);
    operationRoutes(api);
    ledgerRoutes(api);
    liveRoutes(api);
    staticRoutes(api);
  },
});
