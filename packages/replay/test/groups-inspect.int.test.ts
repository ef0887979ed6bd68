// inspectGroups against a real Redis and a real consumer holding its partitions' leases:
// owners, checkpoints, lag and pending as they are; a group with unacked entries shows its
// oldest pending entry's age; a lag Redis cannot tell is undefined, never 0.
import { partitionKeys } from '@tickflow/events';
import { type Consumer, createConsumer, createPublisher } from '@tickflow/streams';
import { waitFor } from '@tickflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMsOf } from '../src/entry-ids.ts';
import { BadInputError } from '../src/errors.ts';
import { type GroupPartitionInfo, inspectGroups } from '../src/groups/inspect-groups.ts';
import { redisForThisFile } from './support/file-redis.ts';
import { quoteTick } from './support/q-events.ts';

const scope = { namespace: 'qgrp', partitions: 3 };
const file = redisForThisFile();
const handled: string[] = [];
let consumer: Consumer | undefined;
let published = 0;

const lastIds = async () =>
  Promise.all(
    [0, 1, 2].map(async (partition) => {
      const [last] = await file.redis.xrevrange(
        partitionKeys('qgrp', 'market_data', partition).stream,
        '+',
        '-',
        'COUNT',
        1,
      );
      return last?.[0];
    }),
  );

beforeAll(async () => {
  const publisher = createPublisher(file.redis, scope);
  const events = Array.from({ length: 40 }, (_, seq) => quoteTick(`G${seq % 8}`, seq));
  await publisher.publishAll(events);
  published = events.length;
  consumer = createConsumer({
    connection: { url: file.server.url },
    namespace: 'qgrp',
    group: 'router',
    partitions: 3,
    consumerName: 'worker-1',
    leaseTtlMs: 4_000,
  }).on('market_data', async (event) => {
    handled.push(event.id);
  });
  await consumer.start();
});

afterAll(async () => {
  await consumer?.stop();
});

describe('inspectGroups', () => {
  it('given a consumer that owns every partition and applied everything, then its leases, checkpoints, zero lag and members', async () => {
    const last = await lastIds();
    const rows = await waitFor(
      async () => {
        const found = await inspectGroups(file.redis, scope, { group: 'router' });
        const settled =
          found.length === 3 && found.every((row, at) => row.checkpoint === last[at] && row.pending === 0);
        return settled && found;
      },
      { description: 'the consumer to apply and ack every entry' },
    );
    expect(handled).toHaveLength(published);
    for (const [at, row] of rows.entries()) {
      expect(row).toMatchObject({
        group: 'router',
        type: 'market_data',
        partition: at,
        stream: partitionKeys('qgrp', 'market_data', at).stream,
        lag: 0,
        pending: 0,
        oldestPending: undefined,
        lastDeliveredId: last[at],
        entriesRead: row.streamLength,
        checkpoint: last[at],
      });
      expect(row.lease?.owner).toBe('worker-1');
      expect(row.lease?.token).toBeGreaterThanOrEqual(1);
      expect(row.lease?.ttlMs).toBeGreaterThan(0);
      expect(row.lease?.ttlMs).toBeLessThanOrEqual(4_000);
      expect(row.consumers.map((member) => [member.name, member.pending])).toEqual([['worker-1', 0]]);
      expect(row.members.map((member) => member.name)).toEqual(['worker-1']);
      expect(row.members[0]?.sinceHeartbeatMs).toBeGreaterThanOrEqual(0);
      expect(row.members[0]?.sinceHeartbeatMs).toBeLessThan(4_000);
    }
    expect(rows.reduce((sum, row) => sum + row.streamLength, 0)).toBe(published);
  });

  it('given a group with entries read and not acked, then pending, lag and the oldest pending entry with its age', async () => {
    const stream = partitionKeys('qgrp', 'market_data', 0).stream;
    await file.redis.xgroup('CREATE', stream, 'audit', '0');
    const read = (await file.redis.xreadgroup(
      'GROUP',
      'audit',
      'c1',
      'COUNT',
      4,
      'STREAMS',
      stream,
      '>',
    )) as [string, [string, string[]][]][];
    const ids = read[0]?.[1].map(([id]) => id) ?? [];
    const [seconds, micros] = await file.redis.time();
    const before = Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
    const rows = await inspectGroups(file.redis, scope, { group: 'audit' });
    expect(rows).toHaveLength(1);
    const [row] = rows;
    const length = await file.redis.xlen(stream);
    expect(row).toMatchObject({
      group: 'audit',
      partition: 0,
      pending: 4,
      lag: length - 4,
      lastDeliveredId: ids[3],
      entriesRead: 4,
      lease: undefined,
      checkpoint: undefined,
      members: [],
    });
    expect(row?.oldestPending).toMatchObject({ entryId: ids[0], consumer: 'c1', deliveries: 1 });
    // Age counts from the append, long before the read that made it pending.
    const sinceAppend = before - appendMsOf(ids[0] ?? '0-0');
    expect(row?.oldestPending?.ageMs).toBeGreaterThanOrEqual(sinceAppend);
    expect(row?.oldestPending?.ageMs).toBeLessThan(sinceAppend + 1_000);
    expect(row?.oldestPending?.idleMs).toBeLessThan(sinceAppend);
    expect(row?.consumers).toMatchObject([{ name: 'c1', pending: 4 }]);
  });

  it('given a deletion past what a group read, then its lag is undefined, not 0', async () => {
    const stream = partitionKeys('qgrp', 'signal', 1).stream;
    for (let n = 1; n <= 5; n++) await file.redis.xadd(stream, `${n}-0`, 'n', `${n}`);
    await file.redis.xgroup('CREATE', stream, 'late', '0');
    await file.redis.xdel(stream, '3-0');
    const rows = await inspectGroups(file.redis, scope, { types: ['signal'] });
    expect(rows.map((row) => [row.group, row.partition, row.lag])).toEqual([['late', 1, undefined]]);
  });

  it('lists every group of the scope, sorted, and refuses a bad group name', async () => {
    const rows: GroupPartitionInfo[] = await inspectGroups(file.redis, scope);
    expect(rows.map((row) => `${row.group} ${row.type}:${row.partition}`)).toEqual([
      'audit market_data:0',
      'late signal:1',
      'router market_data:0',
      'router market_data:1',
      'router market_data:2',
    ]);
    await expect(inspectGroups(file.redis, scope, { group: 'no spaces' })).rejects.toBeInstanceOf(
      BadInputError,
    );
  });
});
