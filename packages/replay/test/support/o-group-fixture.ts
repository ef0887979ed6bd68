// A consumer group that has processed 100 entries on each of 2 partitions, with entry ids
// at known times (written with explicit ids, so time-based rewinds have exact answers):
// entry i of partition p is at BASE_MS + 10 i + 5 p.
import { encodeEvent, partitionKeys } from '@tickflow/events';
import type { Consumer } from '@tickflow/streams';
import { waitFor } from '@tickflow/testkit';
import type { Redis } from 'ioredis';
import { caughtUp } from './o-inspect.ts';
import { type Applied, startLedgerConsumer } from './o-ledger-consumer.ts';
import { range, symbolsIn, tick } from './o-ticks.ts';

export const BASE_MS = 1_700_000_000_000;
export const PER_PARTITION = 100;
export const PARTITIONS = 2;

export interface GroupFixture {
  readonly namespace: string;
  readonly group: string;
  readonly url: string;
  /** The symbol of each partition. */
  readonly symbols: readonly string[];
  /** Entry ids of each partition, oldest first. */
  readonly ids: readonly string[][];
  readonly calls: Applied[];
  keys(partition: number): ReturnType<typeof partitionKeys>;
  /** Starts a consumer of the group (under a name of its own) recording into `calls`. */
  start(consumerName: string): Promise<Consumer>;
  /** Waits until every partition's checkpoint is at its last entry with nothing pending. */
  waitCaughtUp(description: string): Promise<void>;
}

export const entryIdOf = (partition: number, i: number) => `${BASE_MS + 10 * i + 5 * partition}-0`;

/** Writes the entries (no consumer yet): call start() and waitCaughtUp() to have them processed. */
export async function groupFixture(
  redis: Redis,
  url: string,
  namespace: string,
  group: string,
): Promise<GroupFixture> {
  const symbols = range(0, PARTITIONS).map((p) => symbolsIn(p, PARTITIONS, 1)[0] as string);
  const keys = (partition: number) => partitionKeys(namespace, 'market_data', partition);
  const ids = range(0, PARTITIONS).map((p) => range(0, PER_PARTITION).map((i) => entryIdOf(p, i)));
  for (const p of range(0, PARTITIONS)) {
    for (const [i, id] of (ids[p] as string[]).entries()) {
      await redis.xadd(keys(p).stream, id, ...encodeEvent(tick(symbols[p] as string, i)));
    }
  }
  const calls: Applied[] = [];
  return {
    namespace,
    group,
    url,
    symbols,
    ids,
    calls,
    keys,
    start: (consumerName) =>
      startLedgerConsumer({ url, namespace, partitions: PARTITIONS, group, consumerName }, calls),
    async waitCaughtUp(description) {
      await waitFor(
        async () => {
          for (const p of range(0, PARTITIONS)) {
            if (!(await caughtUp(redis, keys(p).stream, keys(p).checkpoint(group), group))) return false;
          }
          return true;
        },
        { timeoutMs: 30_000, description },
      );
    },
  };
}
