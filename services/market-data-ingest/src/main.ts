// market-data-ingest: reads one source (synthetic feed, Tardis CSV, generic CSV, NDJSON,
// WebSocket) and publishes its records as MarketData events; bad records go to the ingest
// DLQ. Configured by environment variables: see README.md.
import { runService } from '@tickflow/service';
import { ingestEnvSchema } from './config/env-schema.ts';
import { loadSettingsOrExit } from './config/load-settings.ts';
import { SERVICE_NAME } from './config/settings.ts';
import { type IngestHandle, startIngest } from './ingest-service.ts';
import { exitCodeOf } from './pipeline/summary.ts';

const settings = loadSettingsOrExit(process.env);
let ingest: IngestHandle | undefined;
const running = await runService({
  name: SERVICE_NAME,
  config: ingestEnvSchema,
  setup(service) {
    ingest = startIngest(service, settings);
  },
});

// A SIGTERM is handled by the kit (stop, then exit); here, the source ending by itself.
const outcome = await ingest?.done;
if (running !== undefined && outcome === 'failed') {
  await running.stop();
  process.exit(1);
}
// A file whose every row was rejected exits 3 (see summary.ts), after its summary was printed.
if (running !== undefined && outcome === 'finished' && settings.exitWhenDone) {
  process.exit(exitCodeOf(ingest?.summary(), await running.stop()));
}
