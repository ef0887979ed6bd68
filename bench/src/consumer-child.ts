// The consumer side of the hop and memory scenarios, as a process of its own:
// `node consumer-child.ts '<json ChildConfig>'`, forked with an IPC channel. It runs the
// project's consumer or the raw baseline's, counts handled events, records the latency
// from each event's ts_init (set at the publish call) to its handler's start, samples its
// own RSS, and answers the parent's requests (see child.ts).
import { nowNs, partitionKeys } from '@tickflow/events';
import { createConsumer } from '@tickflow/streams';
import type { ChildConfig, ChildReport, ChildRequest } from './child.ts';
import { describeSplit, recordSplit, split, watchCommands } from './hop-split.ts';
import { describeLoop, type LoopStats, startLoopStats } from './loop-stats.ts';
import { PARTITIONS } from './options.ts';
import { startRawConsumer } from './raw-consumer.ts';
import { TS_INIT_INDEX } from './sample.ts';
import { epochMs, sleep, spin } from './stats.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
let handled = 0;
let lastAtMs = 0;
let recording = false;
let latenciesUs: number[] = [];
let cpuAtRecord = process.cpuUsage();
let maxRss = process.memoryUsage().rss;
setInterval(() => {
  maxRss = Math.max(maxRss, process.memoryUsage().rss);
}, 100).unref();

// Opt-in probes (off by default): event-loop delay and GC, and the split of each event's time.
const loopStats: LoopStats | undefined = process.env.BENCH_LOOP_STATS ? startLoopStats() : undefined;
const splitting = process.env.BENCH_HOP_SPLIT === '1';
if (splitting) watchCommands();
const probes = (): string[] => [
  ...(loopStats ? [describeLoop(loopStats.summary())] : []),
  ...(splitting ? describeSplit() : []),
];

function onEvent(tsInitNs: bigint, entryId: string): void {
  if (recording) latenciesUs.push(Number(nowNs() - tsInitNs) / 1000);
  if (splitting) split(entryId, tsInitNs);
  if (config.handlerUs > 0) spin(config.handlerUs);
  handled++;
  lastAtMs = epochMs();
}

// Before the consumer exists, as runService does: its spans go to the SDK from the first.
// Imported only then: the kit (fastify, pino, prom-client) would weigh on every other
// scenario's consumer, and the memory scenario measures its RSS.
const tracing = config.otel
  ? await (await import('./tracing/start-tracing.ts')).startBenchTracing('bench-hop-consumer', {
      REDIS_URL: config.url,
      ...config.otel,
    })
  : undefined;
const stop = await start();
const send = (message: ChildReport, then: () => void = () => undefined) =>
  process.send?.(message, undefined, {}, then);
send({ type: 'ready', handled, lastAtMs, maxRss });

process.on('message', async (request: ChildRequest) => {
  if (request.cmd === 'record') {
    recording = true;
    latenciesUs = [];
    cpuAtRecord = process.cpuUsage();
    loopStats?.reset();
    if (splitting) recordSplit();
  }
  if (request.cmd === 'stop') {
    await stop();
    // The spans still queued are exported before the parent reads the receiver's counts.
    await tracing?.shutdown();
    send({ type: 'stopped', handled, lastAtMs, maxRss, latenciesUs }, () => process.exit(0));
    return;
  }
  send({
    type: 'report',
    handled,
    lastAtMs,
    maxRss,
    ...(request.cmd === 'report' && request.latencies
      ? { latenciesUs, probes: probes(), cpuUs: cpuSinceRecord() }
      : {}),
  });
});
process.on('disconnect', () => process.exit(0));

function cpuSinceRecord(): number {
  const { user, system } = process.cpuUsage(cpuAtRecord);
  return user + system;
}

async function start(): Promise<() => Promise<void>> {
  const streams = Array.from(
    { length: PARTITIONS },
    (_, p) => partitionKeys(config.namespace, 'market_data', p).stream,
  );
  if (config.mode === 'raw') {
    const raw = startRawConsumer(config.url, streams, config.group, (fields, id) =>
      onEvent(BigInt(fields[TS_INIT_INDEX] ?? '0'), id),
    );
    await raw.ready;
    return raw.stop;
  }
  const consumer = createConsumer({
    connection: { url: config.url },
    namespace: config.namespace,
    partitions: PARTITIONS,
    group: config.group,
  });
  consumer.on('market_data', (event, context) => onEvent(event.ts_init, context.entryId));
  await consumer.start();
  // Ready once it owns every partition (a lone member gets them all on its first rebalance).
  while (consumer.ownedStreams().length < streams.length) await sleep(10);
  return () => consumer.stop();
}
