// Poison entries (the circuit breaker of a handler failing for every event: circuit.int.test.ts).
// - An undecodable entry, a schema-invalid one and one whose handler always throws each
//   land in the partition's dead-letter stream with a reason naming the problem; the rest
//   of the partition is handled in order, nothing is lost, nothing stays pending, and the
//   failing handler runs exactly maxDeliveries times.
import {
  derivedEventId,
  encodeEvent,
  type MarketDataEvent,
  partitionKeys,
  partitionOf,
} from '@tickflow/events';
import { type EphemeralRedis, startEphemeralRedis, waitFor } from '@tickflow/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Consumer, connect, createConsumer, createPublisher, noopMetrics } from '../src/index.ts';
import { checkpointOf, groupInfo, pendingCount, readStream } from './support/stream-inspect.ts';
import { seqOf, symbolName, tick } from './support/ticks.ts';

let redis: EphemeralRedis;
beforeAll(async () => {
  redis = await startEphemeralRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/** The first `count` test symbols (symbolName order) that fall in `partition`. */
function symbolsIn(partition: number, partitions: number, count: number): string[] {
  const found: string[] = [];
  for (let i = 0; found.length < count; i++) {
    if (partitionOf(symbolName(i), partitions) === partition) found.push(symbolName(i));
  }
  return found;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('poison entries', () => {
  it('dead-letters undecodable, invalid and always-failing entries and goes on in order', async () => {
    const namespace = 'poison';
    const group = 'poison-check';
    const partitions = 2;
    const maxDeliveries = 3;
    const [s, u] = symbolsIn(0, partitions, 2) as [string, string];
    const [t] = symbolsIn(1, partitions, 1) as [string];
    const p0 = partitionKeys(namespace, 'market_data', 0);
    const p1 = partitionKeys(namespace, 'market_data', 1);
    const failingSeq = 25;

    const commands = await connect({ url: redis.url }, 'commands');
    let consumer: Consumer | undefined;
    try {
      // Partition 0, in this order: s#0-9, u#0-9, junk, s#10-19, u#10-19, invalid, s#20-29, u#20-29.
      // Partition 1: t#0-29. s#25 makes the handler throw, always.
      const publisher = createPublisher(commands, { namespace, partitions });
      const publishRange = async (symbol: string, from: number, to: number) => {
        const results = await publisher.publishAll(range(from, to).map((seq) => tick(symbol, seq)));
        return results.map((r) => r.entryId);
      };
      const entryIdOf = new Map<string, string>();
      const publishAndRemember = async (symbol: string, from: number, to: number) => {
        const ids = await publishRange(symbol, from, to);
        for (const [i, id] of ids.entries()) entryIdOf.set(`${symbol}#${from + i}`, id);
      };
      await publishAndRemember(t, 0, 30);
      await publishAndRemember(s, 0, 10);
      await publishAndRemember(u, 0, 10);
      const junkFields = ['hello', 'world', 'price', 'lots'];
      const junkId = (await commands.xadd(p0.stream, '*', ...junkFields)) as string;
      await publishAndRemember(s, 10, 20);
      await publishAndRemember(u, 10, 20);
      const badFields = invalidPriceFields(tick(s, 1_000));
      const invalidId = (await commands.xadd(p0.stream, '*', ...badFields)) as string;
      await publishAndRemember(s, 20, 30);
      await publishAndRemember(u, 20, 30);

      const failingCalls: number[] = [];
      const deadLettered: Record<string, number> = {};
      let retried = 0;
      consumer = createConsumer({
        connection: { url: redis.url },
        namespace,
        partitions,
        group,
        maxDeliveries,
        retryBaseDelayMs: 10,
        retryMaxDelayMs: 50,
        batchSize: 8,
        blockMs: 250,
        leaseTtlMs: 2_000,
        leaseRenewMs: 500,
        metrics: {
          ...noopMetrics,
          deadLettered: (_labels, kind) => {
            deadLettered[kind] = (deadLettered[kind] ?? 0) + 1;
          },
          retried: () => {
            retried++;
          },
        },
      });
      consumer.on(
        'market_data',
        (event: MarketDataEvent, context) => {
          // The effect: each symbol's handled ticks, in the partition state, changed in place
          // and marked before the handler decides to fail (a failed attempt must leave no trace).
          const seq = seqOf(event);
          const handled = context.state.get<Record<string, number[]>>() ?? {};
          handled[event.key] = [...(handled[event.key] ?? []), seq];
          context.state.set(handled);
          if (event.key === s && seq === failingSeq) {
            failingCalls.push(context.deliveries);
            throw new Error(`refusing ${event.key}#${seq} (delivery ${context.deliveries})`);
          }
        },
        { name: 'poison-check' },
      );
      await consumer.start();

      const handled = async (keys: typeof p0, symbol: string) =>
        (
          (await checkpointOf(commands, keys.checkpoint(group))).state as Record<string, number[]> | undefined
        )?.[symbol] ?? [];
      await waitFor(
        async () =>
          (await commands.xlen(p0.deadLetter)) === 3 &&
          (await handled(p0, s)).length === 29 &&
          (await handled(p0, u)).length === 30 &&
          (await handled(p1, t)).length === 30 &&
          (await pendingCount(commands, p0.stream, group)) === 0 &&
          (await pendingCount(commands, p1.stream, group)) === 0,
        { timeoutMs: 30_000, description: 'all good events handled, 3 dead letters, nothing pending' },
      );

      // Every good event of both partitions applied once each, in order; s#25 only missing.
      expect(await handled(p0, s)).toEqual(range(0, 30).filter((seq) => seq !== failingSeq));
      expect(await handled(p0, u)).toEqual(range(0, 30));
      expect(await handled(p1, t)).toEqual(range(0, 30));

      // The dead letters, in stream order, each with its reason.
      const letters = await readStream(commands, p0.deadLetter);
      expect(letters.map((l) => l.fields.entry)).toEqual([
        junkId,
        invalidId,
        entryIdOf.get(`${s}#${failingSeq}`),
      ]);
      const [junk, invalid, failed] = letters.map((l) => l.fields) as [
        Record<string, string>,
        Record<string, string>,
        Record<string, string>,
      ];
      for (const letter of [junk, invalid, failed]) {
        expect(letter.stream).toBe(p0.stream);
        expect(letter.group).toBe(group);
      }
      expect([junk.kind, invalid.kind, failed.kind]).toEqual(['undecodable', 'invalid', 'failed']);
      expect([junk.event_id, failed.handler]).toEqual(['', 'poison-check']);
      expect(invalid.event_id).toMatch(/^[0-9a-f-]{36}$/);
      // (a) undecodable: the missing envelope fields are named.
      expect(junk.reason).toMatch(/^invalid event/);
      for (const field of ['id', 'type', 'key', 'data']) expect(junk.reason).toContain(`${field}: missing`);
      expect(junk.deliveries).toBe('1');
      expect(JSON.parse(junk.fields ?? '')).toEqual(junkFields);
      // (b) schema-invalid: the located field.
      expect(invalid.reason).toMatch(/^invalid event [0-9a-f-]{36}: /);
      expect(invalid.reason).toContain('data.price');
      expect(invalid.deliveries).toBe('1');
      expect(JSON.parse(invalid.fields ?? '')).toEqual(badFields);
      // (c) failing: the handler's name, the attempts and its last error.
      expect(failed.reason).toContain(`handler poison-check failed ${maxDeliveries} times`);
      expect(failed.reason).toContain(
        `last error: Error: refusing ${s}#${failingSeq} (delivery ${maxDeliveries})`,
      );
      expect(failed.deliveries).toBe(String(maxDeliveries));
      expect(failingCalls).toEqual([1, 2, 3]);
      expect(retried).toBe(maxDeliveries - 1);
      expect(deadLettered).toEqual({ undecodable: 1, invalid: 1, failed: 1 });

      // Nothing lost or stuck: both partitions fully delivered, acked and checkpointed.
      for (const keys of [p0, p1]) {
        const [last] = await commands.xrevrange(keys.stream, '+', '-', 'COUNT', 1);
        expect((await checkpointOf(commands, keys.checkpoint(group))).last).toBe(last?.[0]);
        const info = await groupInfo(commands, keys.stream, group);
        expect(info?.lag).toBe(0);
        expect(info?.pending).toBe(0);
      }
      expect(await commands.xlen(p1.deadLetter)).toBe(0);
      // The failing handler is not called again.
      expect(failingCalls).toHaveLength(maxDeliveries);
    } finally {
      await consumer?.stop();
      commands.disconnect();
    }
  });
});

/** The field list of a valid tick whose `data.price` is not a decimal. */
function invalidPriceFields(event: MarketDataEvent): string[] {
  const fields = encodeEvent({
    ...event,
    id: derivedEventId({ scope: 'poison', cause: event.id, index: 0 }),
  });
  const at = fields.indexOf('data') + 1;
  fields[at] = JSON.stringify({ ...JSON.parse(fields[at] ?? '{}'), price: 'twelve' });
  return fields;
}
