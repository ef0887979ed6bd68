// The service inside the test process (runService with an env object, no signal handlers,
// no exit): for tests that time the pipeline itself, without a child's start-up in the way.
import { runService } from '@tickflow/service';
import { ingestEnvSchema } from '../../src/config/env-schema.ts';
import { loadSettings } from '../../src/config/load-settings.ts';
import { SERVICE_NAME } from '../../src/config/settings.ts';
import { type IngestHandle, type IngestOutcome, startIngest } from '../../src/ingest-service.ts';

export interface InProcessRun {
  readonly outcome: IngestOutcome | undefined;
  /** From just before the ingest started until it ended. */
  readonly elapsedMs: number;
}

/** Runs the service until its source ends, then stops it. */
export async function ingestInProcess(env: Readonly<Record<string, string>>): Promise<InProcessRun> {
  const fullEnv = { HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env };
  const settings = loadSettings(fullEnv);
  let ingest: IngestHandle | undefined;
  let startedMs = 0;
  const running = await runService(
    {
      name: SERVICE_NAME,
      config: ingestEnvSchema,
      setup(service) {
        startedMs = performance.now();
        ingest = startIngest(service, settings);
      },
    },
    { env: fullEnv, handleSignals: false, exit: () => undefined },
  );
  try {
    const outcome = await ingest?.done;
    return { outcome, elapsedMs: performance.now() - startedMs };
  } finally {
    await running?.stop();
  }
}
