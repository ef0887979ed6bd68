// Runs order-router as a child process against a test Redis, and reads what it wrote.
import { join } from 'node:path';
import { type FillEvent, type OrderEvent, partitionKeys } from '@tickflow/events';
import { readEvents } from '@tickflow/streams';
import { type ServiceProcess, startServiceProcess } from '@tickflow/testkit';
import type { Redis } from 'ioredis';

export interface Router extends ServiceProcess {
  /** The kit's HTTP server: /metrics and the kill-switch API. */
  readonly http: string;
}

/** Starts the service (added to `started`); resolves once it runs (set up: the kill-switch API answers). */
export async function startRouter(
  redisUrl: string,
  namespace: string,
  partitions: number,
  env: Record<string, string>,
  started: ServiceProcess[],
): Promise<Router> {
  const service = startServiceProcess(
    join(import.meta.dirname, '../../src/main.ts'),
    {
      REDIS_URL: redisUrl,
      TICKFLOW_NAMESPACE: namespace,
      TICKFLOW_PARTITIONS: String(partitions),
      TICKFLOW_LEASE_TTL_MS: '1500',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    join(import.meta.dirname, '../..'),
  );
  started.push(service);
  const [http] = await Promise.all([
    service.waitForLog((line) => line.msg === 'starting' && typeof line.port === 'number'),
    service.waitForLog('running'),
  ]);
  return { ...service, http: `http://127.0.0.1:${http.port}` };
}

/** Every order and fill event in the namespace, in each partition's append order. */
export async function storedOutputs(
  redis: Redis,
  namespace: string,
  partitions: number,
): Promise<(OrderEvent | FillEvent)[]> {
  const events: (OrderEvent | FillEvent)[] = [];
  for (const type of ['order', 'fill'] as const)
    for await (const { event } of readEvents(redis, { namespace, type, partitions }))
      if (event.type === 'order' || event.type === 'fill') events.push(event);
  return events;
}

/** True when order-router has acked every signal partition to its end. */
export async function caughtUp(redis: Redis, namespace: string, partitions: number): Promise<boolean> {
  for (let partition = 0; partition < partitions; partition++) {
    const keys = partitionKeys(namespace, 'signal', partition);
    const [newest] = (await redis.xrevrange(keys.stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
    if (newest === undefined) continue;
    if ((await redis.hget(keys.checkpoint('order-router'), 'last')) !== newest[0]) return false;
  }
  return true;
}

/** The value of `tickflow_risk_rejections_total{rule}` on /metrics. */
export async function rejectionsMetric(http: string, rule: string): Promise<number> {
  const text = await (await fetch(`${http}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('tickflow_risk_rejections_total{') && l.includes(`rule="${rule}"`));
  return line === undefined ? Number.NaN : Number(line.split(' ').at(-1));
}
