// One hop of the raw baseline's chain, as a process of its own (started like a service, its
// config as JSON in BENCH_RAW_HOP): the raw consumer (XREADGROUP, XACK per batch) on each
// partition stream of `from`, forwarding every entry as is to the same partition of `to`
// with XADDs auto-pipelined on one connection. No decoding, no state, no guarantees.
import { nowNs, partitionKeys } from '@tickflow/events';
import { Redis } from 'ioredis';
import { PARTITIONS } from '../options.ts';
import { startRawConsumer } from '../raw-consumer.ts';
import { RAW_FILL_STAMP } from './latency.ts';
import type { RawHopConfig } from './raw-side.ts';

const config = JSON.parse(process.env.BENCH_RAW_HOP ?? '{}') as RawHopConfig;
const log = (level: number, msg: string) => console.log(JSON.stringify({ level, msg }));

const forward = new Redis(config.url, { enableAutoPipelining: true, maxRetriesPerRequest: 0 });
let failure: unknown;
const consumers = Array.from({ length: PARTITIONS }, (_, p) => {
  const to = config.to === undefined ? undefined : partitionKeys(config.namespace, config.to, p).stream;
  const from = partitionKeys(config.namespace, config.from, p).stream;
  return startRawConsumer(config.url, [from], config.group, (fields) => {
    if (to === undefined) return;
    // The router hop stamps when it "fills" (see latency.ts).
    const entry = config.stamp ? [...fields, RAW_FILL_STAMP, nowNs().toString()] : fields;
    forward.xadd(to, '*', ...entry).catch((error: unknown) => {
      failure ??= error;
    });
  });
});
await Promise.all(consumers.map((consumer) => consumer.ready));
log(30, 'running');

process.once('SIGTERM', async () => {
  await Promise.all(consumers.map((consumer) => consumer.stop()));
  forward.disconnect();
  if (failure !== undefined) log(50, `forwarding failed: ${String(failure)}`);
  process.exit(failure === undefined ? 0 : 1);
});
