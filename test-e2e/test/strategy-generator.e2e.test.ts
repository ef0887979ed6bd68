// A strategy service made by `pnpm nx g @tickflow/tools:strategy-service`, run exactly as
// generated, beside the pipeline (Tardis quotes through market-data-ingest, signal-engine,
// order-router, fill-recorder) in a copy of this workspace: its consumer group is its own,
// its signals become order-router's orders and fills, and its fills land in fill-recorder's
// ledger under its strategy id; signal-engine's strategies emit what they emit without it.
// Nothing but the generator writes to the copy.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { DEMO_ROUTER_ENV, TARDIS_QUOTES } from '@tickflow/demo/settings';
import { type AnyEvent, type EventType, partitionKeys } from '@tickflow/events';
import { connect, namespaceDrained, readEvents, streamBacklogs } from '@tickflow/streams';
import {
  type EphemeralRedis,
  killServices,
  type ServiceProcess,
  startEphemeralRedis,
  startServiceProcess,
  waitFor,
} from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';

const NAME = 'e2e-momentum';
const SERVICE = `strategy-${NAME}`;
const NAMESPACE = 'e2e-strategy';
const PARTITIONS = 4;
const LEFT_OUT = new Set(['node_modules', '.git', '.toolchain', '.nx', '.reports']);
// Off the network (pnpm reads pnpm_config_* from the environment): the local store has it all.
const COMMAND_ENV = { ...process.env, pnpm_config_offline: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

let copy: string;
let server: EphemeralRedis;
let redis: Redis;
const services: ServiceProcess[] = [];

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { cwd: copy, env: COMMAND_ENV, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`,
    );
  }
}

beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), 'tickflow-strategy-e2e-'));
  cpSync(resolve(import.meta.dirname, '../..'), copy, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => !LEFT_OUT.has(basename(source)),
  });
  run('pnpm', ['install', '--frozen-lockfile=false', '--reporter=append-only']);
  run('pnpm', ['nx', 'g', '@tickflow/tools:strategy-service', NAME, '--no-interactive']);
  server = await startEphemeralRedis();
  redis = await connect({ url: server.url }, 'commands');
}, 180_000);
afterAll(async () => {
  await killServices(services);
  redis?.disconnect();
  await server?.stop();
  if (copy) rmSync(copy, { recursive: true, force: true });
});

/** A service of the copy, started as the pipeline tests start them (the testkit's launcher). */
function start(service: string, env: Record<string, string> = {}): ServiceProcess {
  const started = startServiceProcess(
    join(copy, 'services', service, 'src/main.ts'),
    {
      REDIS_URL: server.url,
      TICKFLOW_NAMESPACE: NAMESPACE,
      TICKFLOW_PARTITIONS: String(PARTITIONS),
      TICKFLOW_LEASE_TTL_MS: '1500',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    copy,
  );
  services.push(started);
  return started;
}

async function eventsOf<T extends EventType>(type: T): Promise<Extract<AnyEvent, { type: T }>[]> {
  const events: Extract<AnyEvent, { type: T }>[] = [];
  for await (const { event } of readEvents(redis, { namespace: NAMESPACE, type, partitions: PARTITIONS })) {
    if (event.type === type) events.push(event as Extract<AnyEvent, { type: T }>);
  }
  return events;
}

async function getJson<T>(base: string, path: string): Promise<T> {
  const response = await fetch(`${base}${path}`);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

it('runs the generated strategy service beside the pipeline: its signals are routed and its fills recorded', async () => {
  const recorder = start('fill-recorder');
  const consumers = [
    recorder,
    start('signal-engine'),
    start('order-router', { ...DEMO_ROUTER_ENV }),
    start(SERVICE),
  ];
  await Promise.all(consumers.map((service) => service.waitForLog('running', { timeoutMs: 60_000 })));
  const recorderApi = `http://127.0.0.1:${(await recorder.waitForLog('starting')).port}`;

  const ingest = start('market-data-ingest', { INGEST_SOURCE: 'tardis-quotes', INGEST_PATH: TARDIS_QUOTES });
  expect(await ingest.exited, ingest.output().slice(-2_000)).toBe(0);
  await waitFor(() => namespaceDrained(redis, NAMESPACE, PARTITIONS), {
    timeoutMs: 180_000,
    intervalMs: 100,
    description: 'every group, the strategy service’s included, to finish every event',
  });

  // Its own group, which it created, on every market data partition.
  for (let partition = 0; partition < PARTITIONS; partition++) {
    const groups = await streamBacklogs(redis, partitionKeys(NAMESPACE, 'market_data', partition).stream);
    expect([...groups.keys()]).toContain(SERVICE);
  }

  const ticks = new Set((await eventsOf('market_data')).map((tick) => tick.id));
  const signals = await eventsOf('signal');
  const ours = signals.filter((signal) => signal.data.strategy_id === NAME);
  expect(ours.length).toBeGreaterThan(0);
  for (const signal of ours) expect(ticks.has(signal.cause ?? '')).toBe(true);
  const ourIds = new Set(ours.map((signal) => signal.id));
  // signal-engine's own strategies emit exactly what the pipeline test counts, beside it.
  const engine = Map.groupBy(signals, (signal) => signal.data.strategy_id);
  expect(engine.get('sma-crossover')).toHaveLength(280);
  expect(engine.get('mean-reversion')).toHaveLength(301);

  const orders = (await eventsOf('order')).filter((order) => ourIds.has(order.cause ?? ''));
  expect(orders.length).toBeGreaterThan(0);
  for (const order of orders) expect(order.data.strategy_id).toBe(NAME);
  const fills = (await eventsOf('fill')).filter((fill) => fill.data.strategy_id === NAME);
  expect(fills.length).toBeGreaterThan(0);
  for (const fill of fills) expect(ourIds.has(fill.cause ?? '')).toBe(true);

  const positions = await getJson<{ by_strategy: { strategy_id: string | null; symbol: string }[] }>(
    recorderApi,
    '/positions',
  );
  expect(
    positions.by_strategy.filter((line) => line.strategy_id === NAME).map((line) => line.symbol),
  ).toEqual(['BTCUSDT']);
  const pnl = await getJson<{ strategies: Record<string, unknown>; fills: number }>(recorderApi, '/pnl');
  expect(Object.keys(pnl.strategies)).toContain(NAME);
  expect(pnl.fills).toBe((await eventsOf('fill')).length);

  expect(services.flatMap((service) => service.errors)).toEqual([]);
  const exits = await Promise.all(consumers.map((service) => service.stop()));
  expect(exits).toEqual([0, 0, 0, 0]);
}, 300_000);
