import { partitionKeys } from '@tickflow/events';
import { startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { connect, createConsumer, createPublisher, noopMetrics, type StreamsMetrics } from '../src/index.ts';
import { tick } from './support/ticks.ts';

describe('backlog metrics', () => {
  it('report the lag and pending of owned partitions, down to zero once drained', async () => {
    const server = await startEphemeralRedis();
    const samples: { stream: string; lag: number | undefined; pending: number }[] = [];
    const metrics: StreamsMetrics = {
      ...noopMetrics,
      backlog: ({ stream }, lag, pending) => samples.push({ stream, lag, pending }),
    };
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const redis = await connect({ url: server.url }, 'commands');
    const consumer = createConsumer({
      connection: { url: server.url },
      namespace: 'bl',
      partitions: 1,
      group: 'g',
      batchSize: 10,
      leaseTtlMs: 1_000,
      leaseRenewMs: 200,
      metrics,
    });
    try {
      await createPublisher(redis, { namespace: 'bl', partitions: 1 }).publishAll(
        Array.from({ length: 50 }, (_, n) => tick('AAA', n)),
      );
      consumer.on('market_data', () => gate);
      await consumer.start();
      const stuck = await waitFor(() => samples.find((s) => s.pending === 10 && s.lag === 40), {
        timeoutMs: 15_000,
        description: 'a sample with 10 pending and 40 not yet delivered',
      });
      expect(stuck.stream).toBe(partitionKeys('bl', 'market_data', 0).stream);
      release();
      await waitFor(() => samples.at(-1)?.pending === 0 && samples.at(-1)?.lag === 0, {
        timeoutMs: 15_000,
        description: 'drained backlog reported',
      });
    } finally {
      release();
      await consumer.stop();
      redis.disconnect();
      await server.stop();
    }
  });
});
