// fill-recorder: consumer group `fill-recorder` over Fill events; each execution applied to
// its partition's book once, and a query API over the acked ledger.
import { runService } from '@tickflow/service';
import { startApi } from './api.ts';
import { fillRecorderConfig } from './config.ts';
import { FILL_RECORDER_GROUP, fillHandler } from './fill-handler.ts';

await runService({
  name: 'fill-recorder',
  config: fillRecorderConfig,
  async setup(service) {
    service.createConsumer({ group: FILL_RECORDER_GROUP }).on('fill', fillHandler(), { name: 'ledger' });
    const api = await startApi({
      redis: service.redis,
      scope: { namespace: service.config.TICKFLOW_NAMESPACE, partitions: service.config.TICKFLOW_PARTITIONS },
      host: service.config.HTTP_HOST,
      port: service.config.FILL_RECORDER_API_PORT,
      logger: service.logger,
    });
    service.onStop(() => api.close());
    service.logger.info({ port: api.port }, 'query API listening');
  },
});
