// Entries trimmed while pending. A first consumer reads a batch and hangs on its first entry,
// so the whole batch stays pending; the stream is then trimmed under it (the pending list
// still references the deleted entries) and the consumer stops. The next owner of the
// partition must report every deleted pending entry in the dead-letter stream (reason:
// trimmed), ack it, handle the entries that survived, and go on with new events instead
// of looping on the deleted ones.
import { type MarketDataEvent, partitionKeys } from '@tickflow/events';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Consumer,
  type ConsumerOptions,
  connect,
  createConsumer,
  createPublisher,
  noopMetrics,
} from '../src/index.ts';
import { checkpointOf, pendingCount, readStream } from './support/stream-inspect.ts';
import { seqOf, symbolName, tick } from './support/ticks.ts';

let redis: EphemeralRedis;
beforeAll(async () => {
  redis = await startEphemeralRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('entries trimmed while pending', () => {
  it.each([
    { title: 'all of them (MAXLEN 0)', namespace: 'trimall', keep: 0 },
    { title: 'the oldest of them (MAXLEN 10)', namespace: 'trimsome', keep: 10 },
  ])('dead-letters and acks the pending entries trimmed away: $title', async ({ namespace, keep }) => {
    const group = 'trim-check';
    const pendingCountBefore = 60;
    const later = 40;
    const keys = partitionKeys(namespace, 'market_data', 0);
    const symbol = symbolName(0);
    const options: ConsumerOptions = {
      namespace,
      partitions: 1,
      group,
      blockMs: 250,
      leaseTtlMs: 2_000,
      leaseRenewMs: 500,
      shutdownGraceMs: 300,
    };
    const commands = await connect({ url: redis.url }, 'commands');
    const consumers: Consumer[] = [];
    try {
      const publisher = createPublisher(commands, { namespace, partitions: 1 });
      const first = await publisher.publishAll(range(0, pendingCountBefore).map((seq) => tick(symbol, seq)));
      const firstIds = first.map((r) => r.entryId);

      // 1. A consumer reads all of them and hangs on the first until it is aborted.
      let hangingCalls = 0;
      const hanging = createConsumer({
        ...options,
        connection: { url: redis.url },
        consumerName: 'trim-first',
        batchSize: 100,
      });
      consumers.push(hanging);
      hanging.on('market_data', (_event, context) => {
        hangingCalls++;
        return new Promise<void>((_, reject) => {
          const abort = () => reject(new Error('aborted'));
          if (context.signal.aborted) abort();
          else context.signal.addEventListener('abort', abort, { once: true });
        });
      });
      await hanging.start();
      await waitFor(
        async () =>
          hangingCalls === 1 && (await pendingCount(commands, keys.stream, group)) === pendingCountBefore,
        { timeoutMs: 15_000, description: 'the whole batch delivered and pending' },
      );

      // 2. Trim under the pending list: the entries are gone, the PEL still has them.
      await commands.xtrim(keys.stream, 'MAXLEN', keep);
      expect(await commands.xlen(keys.stream)).toBe(keep);
      expect(await pendingCount(commands, keys.stream, group)).toBe(pendingCountBefore);
      await hanging.stop();
      expect(hangingCalls).toBe(1);
      expect(await pendingCount(commands, keys.stream, group)).toBe(pendingCountBefore);

      // 3. A new consumer takes the partition (small batches: the XAUTOCLAIM cursor must be carried).
      const handled: { seq: number; deliveries: number }[] = [];
      const trimmedReported: string[] = [];
      const next = createConsumer({
        ...options,
        connection: { url: redis.url },
        consumerName: 'trim-next',
        batchSize: 10,
        metrics: {
          ...noopMetrics,
          deadLettered: (_labels, kind) => trimmedReported.push(kind),
        },
      });
      consumers.push(next);
      next.on('market_data', (event: MarketDataEvent, context) => {
        handled.push({ seq: seqOf(event), deliveries: context.deliveries });
      });
      await next.start();

      const trimmed = pendingCountBefore - keep;
      await waitFor(
        async () =>
          (await commands.xlen(keys.deadLetter)) === trimmed &&
          handled.length === keep &&
          (await pendingCount(commands, keys.stream, group)) === 0,
        {
          timeoutMs: 20_000,
          description: 'trimmed entries dead-lettered, survivors handled, nothing pending',
        },
      );
      const letters = await readStream(commands, keys.deadLetter);
      expect(letters.map((l) => l.fields.entry)).toEqual(firstIds.slice(0, trimmed));
      for (const { fields } of letters) {
        expect(fields.kind).toBe('trimmed');
        expect(fields.stream).toBe(keys.stream);
        expect(fields.group).toBe(group);
        expect(fields.fields).toBe('');
      }
      expect(trimmedReported).toEqual(Array(trimmed).fill('trimmed'));
      // The survivors were handled once each, in order, as redeliveries.
      expect(handled.map((h) => h.seq)).toEqual(range(trimmed, pendingCountBefore));
      expect(handled.every((h) => h.deliveries === 2)).toBe(true);
      expect((await checkpointOf(commands, keys.checkpoint(group))).last).toBe(firstIds.at(-1));

      // 4. It is not stuck on them: new events are handled, and no more dead letters appear.
      const second = await publisher.publishAll(
        range(pendingCountBefore, pendingCountBefore + later).map((seq) => tick(symbol, seq)),
      );
      await waitFor(
        async () =>
          handled.length === keep + later && (await pendingCount(commands, keys.stream, group)) === 0,
        { timeoutMs: 15_000, description: 'the new events handled and acked' },
      );
      expect(handled.slice(keep).map((h) => h.seq)).toEqual(
        range(pendingCountBefore, pendingCountBefore + later),
      );
      expect(handled.slice(keep).every((h) => h.deliveries === 1)).toBe(true);
      expect(await commands.xlen(keys.deadLetter)).toBe(trimmed);
      expect(trimmedReported).toHaveLength(trimmed);
      expect((await checkpointOf(commands, keys.checkpoint(group))).last).toBe(second.at(-1)?.entryId);
    } finally {
      await Promise.allSettled(consumers.map((c) => c.stop()));
      commands.disconnect();
    }
  });
});
