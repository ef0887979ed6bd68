// `tickflow groups` on a real consumer group: per partition its lag, pending, consumers,
// lease owner and checkpoint — and "unknown" for a lag Redis cannot tell (an entry deleted
// past the group's position), never a guessed 0.
import { partitionKeys } from '@tickflow/events';
import type { Consumer } from '@tickflow/streams';
import { describe, expect, it } from 'vitest';
import { parsed, tickflow } from './support/cli-run.ts';
import { startConsumer, waitCaughtUp } from './support/consumer-group.ts';
import { seedHistory } from './support/history.ts';
import { redisForThisFile } from './support/redis-file.ts';

const file = redisForThisFile();
const PARTITIONS = 2;

interface Row {
  group: string;
  type: string;
  partition: number;
  lag?: number;
  pending: number;
  checkpoint?: string;
  consumers: { name: string }[];
  lease?: { owner: string };
}

describe('tickflow groups', () => {
  it('shows lag, pending, consumers, lease and checkpoint per partition; unknown lag as unknown', async () => {
    const namespace = 'gs';
    const scope = { namespace, partitions: PARTITIONS };
    const env = file.env(namespace, PARTITIONS);
    await seedHistory(file.redis, scope, 6, { chains: false });
    let consumer: Consumer | undefined = await startConsumer(file.server.url, scope, 'gs-group', 'gs-a');
    try {
      await waitCaughtUp(file.redis, scope, 'gs-group');
      const stream = (p: number) => partitionKeys(namespace, 'market_data', p).stream;
      const lastIds = await Promise.all(
        [0, 1].map(async (p) => (await file.redis.xrevrange(stream(p), '+', '-', 'COUNT', 1))[0]?.[0]),
      );

      const live = await tickflow(['groups', '--json'], { env });
      expect(live.code, live.stderr).toBe(0);
      const rows = parsed<{ partitions: Row[] }>(live).partitions;
      expect(
        rows.map((r) => [r.group, r.type, r.partition, r.lag, r.pending, r.checkpoint, r.lease?.owner]),
      ).toEqual([
        ['gs-group', 'market_data', 0, 0, 0, lastIds[0], 'gs-a'],
        ['gs-group', 'market_data', 1, 0, 0, lastIds[1], 'gs-a'],
      ]);
      expect(rows[0]?.consumers.map((c) => c.name)).toEqual(['gs-a']);

      await consumer.stop();
      consumer = undefined;
      // An entry appended and deleted past the group's position: Redis no longer knows the lag.
      const added = (await file.redis.xadd(stream(0), '*', 'id', 'x')) as string;
      await file.redis.xadd(stream(0), '*', 'id', 'y');
      await file.redis.xdel(stream(0), added);

      const text = await tickflow(['groups', '--group', 'gs-group', '--types', 'md'], { env });
      expect(text.code, text.stderr).toBe(0);
      const lines = text.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(
        /^GROUP +TYPE +P +LAG +PENDING +OLDEST PENDING +CONSUMERS \(IDLE\) +LEASE +CHECKPOINT$/,
      );
      expect(lines[1]).toMatch(new RegExp(`^gs-group +market_data +0 +unknown +0 +- +- +- +${lastIds[0]}$`));
      expect(lines[2]).toMatch(new RegExp(`^gs-group +market_data +1 +0 +0 +- +- +- +${lastIds[1]}$`));
      expect(lines[3]).toBe('gs-group members: none alive');

      const none = await tickflow(['groups', '--group', 'nobody'], { env });
      expect(none.stdout).toBe('(no consumer groups)\n');
    } finally {
      await consumer?.stop();
    }
  });
});
