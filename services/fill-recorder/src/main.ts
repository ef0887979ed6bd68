// fill-recorder: consumer group `fill-recorder` over Fill events; each execution applied to
// its partition's book once, and a query API over the acked ledger on the kit's HTTP server;
// the pipeline's hop latencies of every fill applied on /metrics.
import { parseStreamKey } from '@tickflow/events';
import { runService } from '@tickflow/service';
import { fillRecorderConfig } from './config.ts';
import { FILL_RECORDER_GROUP, fillHandler } from './fill-handler.ts';
import { createPipelineLatency } from './pipeline-latency.ts';
import { fillRecorderRoutes } from './routes.ts';

await runService({
  name: 'fill-recorder',
  config: fillRecorderConfig,
  setup(service) {
    const { config } = service;
    const latency = createPipelineLatency({
      redis: service.redis,
      namespace: config.TICKFLOW_NAMESPACE,
      windows: {
        tickMs: config.RECORDER_TICK_DEDUPE_WINDOW_MS,
        derivedMs: config.RECORDER_DERIVED_DEDUPE_WINDOW_MS,
      },
      registry: service.metrics.registry,
      logger: service.logger.child({ component: 'pipeline-latency' }),
    });
    service.onStop(() => latency.stop());
    const ledger = fillHandler((fill, context) => {
      const partition = parseStreamKey(context.stream)?.partition;
      if (partition !== undefined) latency.record(fill, partition, context.entryId);
    });
    service.createConsumer({ group: FILL_RECORDER_GROUP }).on('fill', ledger, { name: 'ledger' });
  },
  routes: fillRecorderRoutes,
});
