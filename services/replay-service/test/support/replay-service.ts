// replay-service as production runs it: `node src/main.ts` with its environment, on the
// test file's Redis, HTTP on a free port read from its `starting` log line. Every process
// started here is SIGKILLed when the test file ends (a test that stops one itself is fine).
import { join } from 'node:path';
import { killServices, type ServiceProcess, startServiceProcess } from '@tickflow/testkit';
import { afterAll } from 'vitest';
import { OPERATOR_TOKEN, READ_TOKEN } from './http.ts';

const started: ServiceProcess[] = [];
afterAll(() => killServices(started));

export interface ReplayServiceOptions {
  readonly url: string;
  readonly namespace: string;
  readonly partitions: number;
  /** Added to (or, with '', taking away) the defaults: tokens, HTTP on 127.0.0.1:0, LOG_LEVEL info. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface RunningReplayService extends ServiceProcess {
  /** The API's base URL, e.g. http://127.0.0.1:41234. */
  readonly api: string;
}

/** Starts the process (it may exit at once: a bad config); see startReplayService to wait for it. */
export function spawnReplayService(options: ReplayServiceOptions): ServiceProcess {
  const env = Object.fromEntries(
    Object.entries({
      REDIS_URL: options.url,
      TICKFLOW_NAMESPACE: options.namespace,
      TICKFLOW_PARTITIONS: String(options.partitions),
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      API_READ_TOKEN: READ_TOKEN,
      API_OPERATOR_TOKEN: OPERATOR_TOKEN,
      LOG_LEVEL: 'info',
      ...options.env,
    }).filter(([, value]) => value !== ''),
  );
  const service = startServiceProcess(
    join(import.meta.dirname, '../../src/main.ts'),
    env,
    join(import.meta.dirname, '../..'),
  );
  started.push(service);
  return service;
}

/** Starts the service and resolves once its routes answer (setup done: `running` logged). */
export async function startReplayService(options: ReplayServiceOptions): Promise<RunningReplayService> {
  const service = spawnReplayService(options);
  const { port } = await service.waitForLog(
    (line) => line.msg === 'starting' && typeof line.port === 'number',
    {
      timeoutMs: 30_000,
    },
  );
  await service.waitForLog('running', { timeoutMs: 30_000 });
  return Object.assign(service, { api: `http://127.0.0.1:${String(port)}` });
}
