// Source history for the replay tests: trades of a few symbols at a fixed event-time spacing
// (so a paced replay has a known duration), published as the pipeline publishes them; and a
// namespace's market-data streams read back raw, to compare a replay's target with its source.
import { createEvent, derivedEventId, type MarketDataEvent, partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { createPublisher } from '@tickflow/streams';

const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF'];
const T0 = 1_700_000_000_000_000_000n;

/** The `seq`-th trade, `spacingNs` of event time after the previous one, symbols in turn. */
export function spacedTick(seq: number, spacingNs: bigint): MarketDataEvent {
  return createEvent({
    type: 'market_data',
    id: derivedEventId({ scope: 'replay-service-test', cause: 'ticks', index: seq }),
    ts_event: T0 + BigInt(seq) * spacingNs,
    ts_init: T0,
    data: {
      kind: 'trade',
      symbol: SYMBOLS[seq % SYMBOLS.length] as string,
      venue: 'test',
      price: `${100 + (seq % 7)}.5`,
      size: '1',
      aggressor_side: 'buy',
      trade_id: String(seq),
    },
  });
}

export interface Source {
  readonly namespace: string;
  readonly partitions: number;
}

/** Publishes `count` spaced ticks into `source`, in pages. */
export async function publishTicks(
  redis: RedisClient,
  source: Source,
  count: number,
  spacingNs: bigint,
): Promise<void> {
  const publisher = createPublisher(redis, source);
  for (let from = 0; from < count; from += 500) {
    const upTo = Math.min(count, from + 500);
    await publisher.publishAll(
      Array.from({ length: upTo - from }, (_, i) => spacedTick(from + i, spacingNs)),
    );
  }
}

export const mdStream = (namespace: string, partition: number) =>
  partitionKeys(namespace, 'market_data', partition).stream;

/** Every market-data entry of the namespace as `<partition> <id> <fields>` lines, partition by partition. */
export async function mdEntries(
  redis: RedisClient,
  namespace: string,
  partitions: number,
): Promise<string[]> {
  const lines: string[] = [];
  for (let partition = 0; partition < partitions; partition++) {
    for (const [id, fields] of await redis.xrange(mdStream(namespace, partition), '-', '+')) {
      lines.push(`${partition} ${id} ${fields.join('|')}`);
    }
  }
  return lines;
}

/** Market-data entries the namespace holds, all partitions together. */
export async function mdLength(redis: RedisClient, namespace: string, partitions: number): Promise<number> {
  let total = 0;
  for (let partition = 0; partition < partitions; partition++)
    total += await redis.xlen(mdStream(namespace, partition));
  return total;
}
