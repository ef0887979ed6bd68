// A real consumer group on the source namespace's market data, as a service runs one: it
// records every entry its handler is handed (so a test sees what is delivered again), and
// the runtime dead-letters what does not decode. Plus the conditions tests wait on.
import { partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { type Consumer, createConsumer } from '@tickflow/streams';

export interface RecordingConsumer {
  readonly consumer: Consumer;
  /** `<partition stream> <entry id>` of every handled entry, in order. */
  readonly handled: string[];
}

export async function startRecordingConsumer(
  url: string,
  source: { namespace: string; partitions: number },
  group: string,
  consumerName: string,
): Promise<RecordingConsumer> {
  const handled: string[] = [];
  const consumer = createConsumer({
    connection: { url },
    ...source,
    group,
    consumerName,
    batchSize: 50,
    blockMs: 200,
    leaseTtlMs: 2_000,
    leaseRenewMs: 250,
    shutdownGraceMs: 5_000,
  });
  consumer.on('market_data', (_event, context) => {
    handled.push(`${context.stream} ${context.entryId}`);
  });
  await consumer.start();
  return { consumer, handled };
}

/** `group`'s XINFO GROUPS row on `stream` as an object, or undefined. */
export async function groupInfo(redis: RedisClient, stream: string, group: string) {
  const rows = (await redis.call('XINFO', 'GROUPS', stream)) as unknown[][];
  return rows
    .map((row) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i + 1 < row.length; i += 2) out[String(row[i])] = row[i + 1];
      return out;
    })
    .find((row) => row.name === group);
}

/** True when `group` has nothing pending on any market-data partition and each checkpoint is at the last entry. */
export async function caughtUp(
  redis: RedisClient,
  source: { namespace: string; partitions: number },
  group: string,
): Promise<boolean> {
  for (let partition = 0; partition < source.partitions; partition++) {
    const keys = partitionKeys(source.namespace, 'market_data', partition);
    const info = await groupInfo(redis, keys.stream, group);
    const [last] = await redis.xrevrange(keys.stream, '+', '-', 'COUNT', 1);
    const checkpoint = (await redis.hget(keys.checkpoint(group), 'last')) ?? undefined;
    if (info?.pending !== 0 || checkpoint !== last?.[0]) return false;
  }
  return true;
}

/** Dead letters on the source namespace's market-data partitions. */
export async function deadLetterCount(redis: RedisClient, source: { namespace: string; partitions: number }) {
  let total = 0;
  for (let partition = 0; partition < source.partitions; partition++) {
    total += await redis.xlen(partitionKeys(source.namespace, 'market_data', partition).deadLetter);
  }
  return total;
}
