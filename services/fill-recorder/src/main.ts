// fill-recorder: consumer group `fill-recorder` over Fill events; each execution applied to
// its partition's book once, and a query API over the acked ledger on the kit's HTTP server.
import { runService } from '@tickflow/service';
import { z } from 'zod';
import { FILL_RECORDER_GROUP, fillHandler } from './fill-handler.ts';
import { fillRecorderRoutes } from './routes.ts';

await runService({
  name: 'fill-recorder',
  config: z.object({}),
  setup(service) {
    service.createConsumer({ group: FILL_RECORDER_GROUP }).on('fill', fillHandler(), { name: 'ledger' });
  },
  routes: fillRecorderRoutes,
});
