// Reading back what the service wrote: every MarketData event of a namespace (all partition
// streams), the ingest dead letters, and a source's checkpoint.
import { decodeEvent, ingestKeys, type MarketDataEvent, partitionKeys } from '@tickflow/events';
import type { Redis } from 'ioredis';

export interface StoredMarketData {
  readonly partition: number;
  readonly entryId: string;
  readonly event: MarketDataEvent;
}

/** Every event of every partition stream, partition by partition, each in stream order. */
export async function readMarketData(
  redis: Redis,
  namespace: string,
  partitions: number,
): Promise<StoredMarketData[]> {
  const all: StoredMarketData[] = [];
  for (let partition = 0; partition < partitions; partition++) {
    const { stream } = partitionKeys(namespace, 'market_data', partition);
    for (const [entryId, fields] of await redis.xrange(stream, '-', '+')) {
      const event = decodeEvent(fields);
      if (event.type !== 'market_data') throw new Error(`${stream} ${entryId} is a ${event.type}`);
      all.push({ partition, entryId, event });
    }
  }
  return all;
}

/** XLEN of each partition stream. */
export async function streamLengths(redis: Redis, namespace: string, partitions: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: partitions }, (_, p) =>
      redis.xlen(partitionKeys(namespace, 'market_data', p).stream),
    ),
  );
}

export async function totalEvents(redis: Redis, namespace: string, partitions: number): Promise<number> {
  return (await streamLengths(redis, namespace, partitions)).reduce((sum, length) => sum + length, 0);
}

/** The ingest DLQ's entries as field maps, oldest first. */
export async function deadLetters(redis: Redis, namespace: string): Promise<Record<string, string>[]> {
  const entries = await redis.xrange(ingestKeys(namespace).deadLetter, '-', '+');
  return entries.map(([, fields]) => {
    const map: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) map[fields[i] as string] = fields[i + 1] as string;
    return map;
  });
}

/** The checkpoint of a source (its last line done), or undefined. */
export async function checkpointOf(
  redis: Redis,
  namespace: string,
  sourceId: string,
): Promise<number | undefined> {
  const text = await redis.get(ingestKeys(namespace).progress(sourceId));
  return text === null ? undefined : Number(text);
}
