// The runtime feeds the metric hooks from where things happen, against a real Redis:
// published counts by type and partition, refused (fenced) acks, reconnects of its
// connections (command errors: metrics-command-errors.int.test.ts).
import { partitionKeys, partitionOf } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import {
  type ConsumerStatus,
  connect,
  createConsumer,
  createPublisher,
  noopMetrics,
  type PartitionLabels,
  type StreamLabels,
} from '../src/index.ts';
import { redisForThisFile } from './support/redis-per-file.ts';
import { tick } from './support/ticks.ts';

const file = redisForThisFile();

describe('metric hooks fed by the runtime', () => {
  it('published: by event type and partition, one labels object per partition', async () => {
    const calls: { labels: StreamLabels; count: number }[] = [];
    const publisher = createPublisher(file.redis, {
      namespace: 'mpub',
      partitions: 4,
      metrics: { ...noopMetrics, published: (labels, count) => calls.push({ labels, count }) },
    });
    await publisher.publishAll([tick('AAA', 1), tick('AAA', 2)]);
    await publisher.publish(tick('AAA', 3));
    const partition = String(partitionOf('AAA', 4));
    expect(calls.map((call) => call.count)).toEqual([2, 1]);
    expect(calls[0]?.labels).toEqual({
      stream: partitionKeys('mpub', 'market_data', Number(partition)).stream,
      type: 'market_data',
      partition,
    });
    expect(calls[1]?.labels).toBe(calls[0]?.labels);
  });

  it('fenced: an ack Redis refuses because the lease was taken is counted, with its partition and group', async () => {
    const keys = partitionKeys('mfence', 'market_data', 0);
    const fenced: PartitionLabels[] = [];
    const statuses: ConsumerStatus[] = [];
    let entered = false;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const consumer = createConsumer({
      connection: { url: file.server.url },
      namespace: 'mfence',
      partitions: 1,
      group: 'g',
      // No lease round between the theft and the ack: the ack is what finds the lease gone.
      leaseTtlMs: 120_000,
      leaseRenewMs: 60_000,
      metrics: { ...noopMetrics, fenced: (labels) => fenced.push(labels) },
    });
    consumer.onStatus((status) => statuses.push(status));
    consumer.on('market_data', () => {
      entered = true;
      return gate;
    });
    try {
      await consumer.start();
      await createPublisher(file.redis, { namespace: 'mfence', partitions: 1 }).publish(tick('AAA', 1));
      await waitFor(() => entered, { timeoutMs: 15_000, description: 'the handler holds the entry' });
      // Another member takes the lease (as after an expiry): our ack must be refused.
      await file.redis.set(keys.lease('g'), 'thief|999999', 'PX', 120_000);
      release();
      await waitFor(() => fenced.length === 1, { timeoutMs: 15_000, description: 'the refused ack counted' });
      expect(fenced[0]).toEqual({ stream: keys.stream, type: 'market_data', partition: '0', group: 'g' });
      await waitFor(() => statuses.some((s) => s.type === 'lease-lost' && s.reason === 'fenced'), {
        timeoutMs: 15_000,
        description: 'the lease reported lost (fenced)',
      });
    } finally {
      release();
      await consumer.stop();
    }
  });

  it('reconnecting: a dropped connection counts one reconnect attempt for its role', async () => {
    const roles: string[] = [];
    const redis = await connect(
      { url: file.server.url, metrics: { ...noopMetrics, reconnecting: (role) => roles.push(role) } },
      'commands',
    );
    try {
      const id = (await redis.client('ID')) as number;
      await file.redis.client('KILL', 'ID', String(id));
      await waitFor(() => roles.length > 0 && redis.status === 'ready', {
        timeoutMs: 15_000,
        description: 'reconnected after the kill',
      });
      expect(roles).toEqual(['commands']);
    } finally {
      redis.disconnect();
    }
  });
});
