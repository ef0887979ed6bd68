// The age of the oldest pending entry, against a real Redis: read from XPENDING's smallest id
// and Redis' own clock, and reported by a consumer for an entry stuck in its handler.
import { encodeEvent, partitionKeys } from '@tickflow/events';
import { waitFor } from '@tickflow/testkit';
import { describe, expect, it } from 'vitest';
import { createConsumer, noopMetrics, oldestPendingAgeMs, type StreamsMetrics } from '../src/index.ts';
import { redisForThisFile } from './support/redis-per-file.ts';
import { tick } from './support/ticks.ts';

const file = redisForThisFile();

/** Appends `fields` to `stream` with an id `ageMs` older than Redis' clock now. */
async function appendAged(stream: string, ageMs: number, fields: string[]): Promise<string> {
  const [seconds] = await file.redis.time();
  return (await file.redis.xadd(stream, `${Number(seconds) * 1_000 - ageMs}-1`, ...fields)) as string;
}

describe('oldestPendingAgeMs', () => {
  it('is the time since the oldest pending entry was appended, by Redis’ clock; 0 once nothing is pending', async () => {
    const stream = 'age:direct';
    await file.redis.xgroup('CREATE', stream, 'g', '0', 'MKSTREAM');
    expect(await oldestPendingAgeMs(file.redis, stream, 'g')).toBe(0);
    const oldest = await appendAged(stream, 90_000, ['n', '1']);
    const newer = (await file.redis.xadd(stream, '*', 'n', '2')) as string;
    await file.redis.xreadgroup('GROUP', 'g', 'c', 'COUNT', 10, 'STREAMS', stream, '>');

    const ageMs = await oldestPendingAgeMs(file.redis, stream, 'g');
    // At least the 90 s it was appended before; the margin is only this test's own run time.
    expect(ageMs).toBeGreaterThanOrEqual(90_000);
    expect(ageMs).toBeLessThan(90_000 + 60_000);

    // The newer entry is the oldest pending one now: appended just now.
    await file.redis.xack(stream, 'g', oldest);
    expect(await oldestPendingAgeMs(file.redis, stream, 'g')).toBeLessThan(60_000);
    await file.redis.xack(stream, 'g', newer);
    expect(await oldestPendingAgeMs(file.redis, stream, 'g')).toBe(0);
  });

  it('rejects when the group does not exist', async () => {
    await expect(oldestPendingAgeMs(file.redis, 'age:none', 'g')).rejects.toThrow(/NOGROUP/);
  });
});

describe('a consumer’s backlog samples', () => {
  it('report the oldest pending age of an entry stuck in its handler, and 0 once it is acked', async () => {
    const keys = partitionKeys('agec', 'market_data', 0);
    // The stuck entry was appended 2 minutes ago (an explicit id), so its age is known
    // without waiting for the clock.
    await appendAged(keys.stream, 120_000, encodeEvent(tick('AAA', 1)));
    const samples: { type: string; partition: string; pending: number; ageMs: number | undefined }[] = [];
    const metrics: StreamsMetrics = {
      ...noopMetrics,
      backlog: (labels, _lag, pending, ageMs) =>
        samples.push({ type: labels.type, partition: labels.partition, pending, ageMs }),
    };
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const consumer = createConsumer({
      connection: { url: file.server.url },
      namespace: 'agec',
      partitions: 1,
      group: 'g',
      leaseTtlMs: 1_000,
      leaseRenewMs: 200,
      metrics,
    });
    consumer.on('market_data', () => gate);
    try {
      await consumer.start();
      const stuck = await waitFor(() => samples.find((s) => s.pending === 1 && s.ageMs !== undefined), {
        timeoutMs: 15_000,
        description: 'a backlog sample with the stuck entry pending',
      });
      expect(stuck).toMatchObject({ type: 'market_data', partition: '0' });
      expect(stuck.ageMs).toBeGreaterThanOrEqual(120_000);
      release();
      await waitFor(() => samples.at(-1)?.pending === 0 && samples.at(-1)?.ageMs === 0, {
        timeoutMs: 15_000,
        description: 'a sample with nothing pending and age 0',
      });
    } finally {
      release();
      await consumer.stop();
    }
  });
});
