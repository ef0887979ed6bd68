// `npm run demo`: starts an embedded, ephemeral redis-server, publishes events of every type
// (real BTCUSDT quotes and trades, then a signal, an order's lifecycle and a fill derived
// from them) through the codec into their partition streams, reads them back, decodes them,
// and prints them with a summary. Leaves nothing behind.
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { type AnyEvent, decodeEvent, encodeEvent, partitionKeys, partitionOf } from '@tickflow/events';
import { startEphemeralRedis } from '@tickflow/testkit';
import { Redis } from 'ioredis';
import { sampleEvents } from './sample-events.ts';
import { eventLine } from './summary.ts';

const NAMESPACE = 'demo';
const PARTITIONS = 8;
const dataDir = resolve(import.meta.dirname, '../../../data/tardis');

const redisServer = await startEphemeralRedis();
const redis = new Redis(redisServer.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
try {
  await redis.connect();
  console.log(`Tickflow demo — embedded redis-server at ${redisServer.url}\n`);

  const events = await sampleEvents(dataDir, 4);
  const streamOf = (event: AnyEvent) =>
    partitionKeys(NAMESPACE, event.type, partitionOf(event.key, PARTITIONS)).stream;

  const publish = redis.pipeline();
  for (const event of events) publish.xadd(streamOf(event), '*', ...encodeEvent(event));
  const published = await publish.exec();
  const failed = published?.filter(([error]) => error !== null) ?? [];
  if (failed.length > 0)
    throw new Error(`XADD failed: ${failed.map(([error]) => error?.message).join('; ')}`);

  const streams = [...new Set(events.map(streamOf))];
  const original = new Map(events.map((event) => [event.id, event]));
  let identical = 0;
  for (const stream of streams) {
    for (const [entryId, fields] of await redis.xrange(stream, '-', '+')) {
      const event = decodeEvent(fields);
      console.log(eventLine(stream, entryId, event));
      if (isDeepStrictEqual(event, original.get(event.id))) identical++;
    }
  }
  const byType = Object.groupBy(events, (event) => event.type);
  const counts = Object.entries(byType).map(([type, list]) => `${list?.length ?? 0} ${type}`);
  console.log(`\npublished ${events.length} events (${counts.join(', ')}) to ${streams.length} streams;`);
  console.log(
    `read back ${identical} of ${events.length} identical to what was published (decoded, deep-equal).`,
  );
  if (identical !== events.length) process.exitCode = 1;
} finally {
  redis.disconnect();
  await redisServer.stop();
}
