// A real consumer group over a namespace's market data, with a handler that does nothing,
// and the waits and looks a rewind test needs.
import { partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { type Consumer, createConsumer } from '@tickflow/streams';
import { waitFor } from '@tickflow/testkit';

export interface GroupRow {
  readonly 'last-delivered-id': string;
  readonly 'entries-read': number | null;
  readonly pending: number;
  readonly lag: number | null;
}

export async function startConsumer(
  url: string,
  scope: { namespace: string; partitions: number },
  group: string,
  consumerName: string,
): Promise<Consumer> {
  const consumer = createConsumer({
    connection: { url },
    ...scope,
    group,
    consumerName,
    blockMs: 200,
    leaseTtlMs: 2_000,
    leaseRenewMs: 250,
    shutdownGraceMs: 5_000,
  });
  consumer.on('market_data', async () => undefined);
  await consumer.start();
  return consumer;
}

/** `group`'s XINFO GROUPS row on `stream`. */
export async function groupRow(
  redis: RedisClient,
  stream: string,
  group: string,
): Promise<GroupRow | undefined> {
  const rows = (await redis.call('XINFO', 'GROUPS', stream)) as unknown[][];
  for (const row of rows) {
    const fields: Record<string, unknown> = {};
    for (let i = 0; i + 1 < row.length; i += 2) fields[String(row[i])] = row[i + 1];
    if (fields.name === group) return fields as unknown as GroupRow;
  }
  return undefined;
}

/** Waits until the group has been handed, and acked, every market-data entry of every partition. */
export async function waitCaughtUp(
  redis: RedisClient,
  scope: { namespace: string; partitions: number },
  group: string,
): Promise<void> {
  await waitFor(
    async () => {
      for (let p = 0; p < scope.partitions; p++) {
        const keys = partitionKeys(scope.namespace, 'market_data', p);
        const [last] = await redis.xrevrange(keys.stream, '+', '-', 'COUNT', 1);
        if (last === undefined) continue; // a partition no symbol hashes to: nothing to hand out
        const row = await groupRow(redis, keys.stream, group);
        const checkpoint = await redis.hget(keys.checkpoint(group), 'last');
        if (row?.pending !== 0 || checkpoint !== last?.[0]) return false;
      }
      return true;
    },
    { timeoutMs: 30_000, description: `group ${group} caught up` },
  );
}
