// Runs order-router as a child process against a test Redis, and reads what it wrote.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type FillEvent, type OrderEvent, partitionKeys } from '@tickflow/events';
import { readEvents } from '@tickflow/streams';
import type { Redis } from 'ioredis';

export interface Router {
  readonly child: ChildProcess;
  /** The kill-switch API's base URL. */
  readonly api: string;
  /** The kit's HTTP server (/metrics). */
  readonly http: string;
}

export async function startRouter(
  redisUrl: string,
  namespace: string,
  partitions: number,
  env: Record<string, string>,
  children: ChildProcess[],
): Promise<Router> {
  const child = spawn(process.execPath, [join(import.meta.dirname, '../../src/main.ts')], {
    env: {
      PATH: process.env.PATH,
      REDIS_URL: redisUrl,
      TICKFLOW_NAMESPACE: namespace,
      TICKFLOW_PARTITIONS: String(partitions),
      TICKFLOW_LEASE_TTL_MS: '1500',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      ROUTER_API_PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const ports = await new Promise<{ api: number; http: number }>((resolve, reject) => {
    let http = 0;
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const log = JSON.parse(line) as { msg?: string; port?: number; level?: number };
      if (log.msg === 'starting' && log.port) http = log.port;
      else if (log.msg === 'kill-switch API listening' && log.port) resolve({ api: log.port, http });
      else if ((log.level ?? 0) >= 50) process.stderr.write(`${line}\n`);
    });
    child.once('exit', (code) => reject(new Error(`order-router exited (${code}) before listening`)));
  });
  return { child, api: `http://127.0.0.1:${ports.api}`, http: `http://127.0.0.1:${ports.http}` };
}

export async function stopRouter(router: Router, signal: 'SIGTERM' | 'SIGKILL'): Promise<number | null> {
  if (router.child.exitCode !== null) return router.child.exitCode;
  const exited = new Promise<number | null>((resolve) => router.child.once('exit', (code) => resolve(code)));
  router.child.kill(signal);
  return exited;
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
