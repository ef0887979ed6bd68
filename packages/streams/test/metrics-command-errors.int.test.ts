// Redis command errors reach the commandError hook from where the runtime sees them, against
// a real Redis — a publish script call, an ack script call, a blocking read, a lease round —
// and errors that are not Redis' (an event that fails to encode) do not.
import { groupKeys, partitionKeys } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { createConsumer, createPublisher, noopMetrics, type StreamsMetrics } from '../src/index.ts';
import { redisForThisFile } from './support/redis-per-file.ts';
import { tick } from './support/ticks.ts';

const file = redisForThisFile();

/** A commandError hook recording what it is called with. */
function recorder(): { errors: { role: string; message: string }[]; metrics: StreamsMetrics } {
  const errors: { role: string; message: string }[] = [];
  return {
    errors,
    metrics: {
      ...noopMetrics,
      commandError: (role, error) => errors.push({ role, message: String((error as Error).message) }),
    },
  };
}

describe('commandError, fed by the runtime', () => {
  it('a publish script call Redis rejects is counted; an event that fails to encode is not', async () => {
    const { errors, metrics } = recorder();
    const publisher = createPublisher(file.redis, { namespace: 'merr', partitions: 1, metrics });
    const event = tick('AAA', 1);
    await file.redis.set(publisher.streamOf(event), 'not a stream');
    await expect(publisher.publish(event)).rejects.toThrow(/WRONGTYPE/);
    expect(errors).toEqual([{ role: 'commands', message: expect.stringMatching(/^WRONGTYPE/) }]);

    // Not Redis' doing: an event whose payload cannot be encoded never reaches Redis.
    await file.redis.del(publisher.streamOf(event));
    const unencodable = { ...event, data: { ...event.data, size: 1n } } as unknown as typeof event;
    await expect(publisher.publish(unencodable)).rejects.toThrow(/BigInt/);
    expect(errors).toHaveLength(1);
  });

  it('a blocking read that fails (its group destroyed under it) is counted for the blocking role', async () => {
    const keys = partitionKeys('mblk', 'market_data', 0);
    const { errors, metrics } = recorder();
    const consumer = createConsumer({
      connection: { url: file.server.url },
      namespace: 'mblk',
      partitions: 1,
      group: 'g',
      blockMs: 1_000,
      metrics,
    });
    consumer.on('market_data', () => undefined);
    try {
      await consumer.start();
      await waitFor(async () => String(await file.redis.client('LIST')).includes('cmd=xreadgroup'), {
        timeoutMs: 15_000,
        description: 'the consumer blocked in XREADGROUP',
      });
      await file.redis.xgroup('DESTROY', keys.stream, 'g');
      // (A backlog sample may fail on the missing group too, for the commands role.)
      const failedRead = await waitFor(() => errors.find((error) => error.role === 'blocking'), {
        timeoutMs: 15_000,
        description: 'the failed read counted',
      });
      expect(failedRead.message).toMatch(/^NOGROUP/);
    } finally {
      await consumer.stop();
    }
  });

  it('an ack script call Redis rejects is counted for the commands role', async () => {
    const keys = partitionKeys('mack', 'market_data', 0);
    const { errors, metrics } = recorder();
    let entered = false;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const consumer = createConsumer({
      connection: { url: file.server.url },
      namespace: 'mack',
      partitions: 1,
      group: 'g',
      metrics,
    });
    consumer.on('market_data', () => {
      entered = true;
      return gate;
    });
    try {
      await consumer.start();
      await createPublisher(file.redis, { namespace: 'mack', partitions: 1 }).publish(tick('AAA', 1));
      await waitFor(() => entered, { timeoutMs: 15_000, description: 'the handler holds the entry' });
      // The checkpoint is a hash: as a string, the ack script's write to it fails.
      await file.redis.del(keys.checkpoint('g'));
      await file.redis.set(keys.checkpoint('g'), 'not a hash');
      release();
      await waitFor(() => errors.length > 0, { timeoutMs: 15_000, description: 'the failed ack counted' });
      expect(errors[0]).toEqual({ role: 'commands', message: expect.stringMatching(/WRONGTYPE/) });
    } finally {
      release();
      await consumer.stop();
    }
  });

  it('a lease round Redis rejects is counted for the commands role', async () => {
    const { errors, metrics } = recorder();
    const consumer = createConsumer({
      connection: { url: file.server.url },
      namespace: 'mround',
      partitions: 1,
      group: 'g',
      leaseTtlMs: 1_000,
      leaseRenewMs: 200,
      metrics,
    });
    consumer.on('market_data', () => undefined);
    try {
      await consumer.start();
      // The group's members are a sorted set: as a string, the heartbeat fails.
      await file.redis.set(groupKeys('mround', 'g').members, 'not a sorted set');
      await waitFor(() => errors.length > 0, { timeoutMs: 15_000, description: 'the failed round counted' });
      expect(errors[0]).toEqual({ role: 'commands', message: expect.stringMatching(/WRONGTYPE/) });
    } finally {
      await consumer.stop();
    }
  });
});
