// A real consumer whose handler applies a measurable effect per tick: a derived signal
// (deterministic id: a re-run is dropped as a duplicate) and the tick's seq appended to its
// symbol's list in the partition state — the effect ledger, saved with the ack, so an attempt
// the runtime undoes leaves no trace there (appliedSeqs reads it). Every successful call is
// also recorded in memory (`calls`), undone attempts included. `fail` lets a test make the
// handler throw for chosen events (e.g. a PermanentError until the test "fixes" it).
import { deriveEvent, type MarketDataEvent } from '@tickflow/events';
import { type Consumer, createConsumer } from '@tickflow/streams';
import type { Redis } from 'ioredis';
import { seqOf } from './o-ticks.ts';

export interface Applied {
  readonly consumer: string;
  readonly stream: string;
  readonly entryId: string;
  readonly eventId: string;
  readonly symbol: string;
  readonly seq: number;
}

export interface LedgerConsumerOptions {
  readonly url: string;
  readonly namespace: string;
  readonly partitions: number;
  readonly group: string;
  readonly consumerName: string;
  /** The error to throw for `event`, or undefined to apply it. */
  readonly fail?: (event: MarketDataEvent) => Error | undefined;
}

export const EFFECT_SCOPE = 'replay-tests/effect';

/** The partition state: per symbol, the seqs applied, in order. */
export type EffectLedger = Record<string, number[]>;

/** The seqs of `symbol` applied on the partition of `checkpointKey`, as saved with the acks. */
export async function appliedSeqs(redis: Redis, checkpointKey: string, symbol: string): Promise<number[]> {
  const state = await redis.hget(checkpointKey, 'state');
  return state === null ? [] : ((JSON.parse(state) as EffectLedger)[symbol] ?? []);
}

/** A started consumer, appending to `ledger` each successful call of its handler. */
export async function startLedgerConsumer(
  options: LedgerConsumerOptions,
  ledger: Applied[],
): Promise<Consumer> {
  const consumer = createConsumer({
    connection: { url: options.url },
    namespace: options.namespace,
    partitions: options.partitions,
    group: options.group,
    consumerName: options.consumerName,
    batchSize: 50,
    blockMs: 200,
    leaseTtlMs: 2_000,
    leaseRenewMs: 250,
    maxDeliveries: 2,
    retryBaseDelayMs: 10,
    retryMaxDelayMs: 20,
    shutdownGraceMs: 5_000,
  });
  consumer.on('market_data', async (event, context) => {
    const error = options.fail?.(event);
    if (error !== undefined) throw error;
    const state = context.state.get<EffectLedger>() ?? {};
    state[event.key] = [...(state[event.key] ?? []), seqOf(event)];
    context.state.set(state);
    await context.publish(
      deriveEvent(event, {
        scope: EFFECT_SCOPE,
        type: 'signal',
        data: {
          symbol: event.key,
          signal: 'long',
          strength: '1',
          strategy_id: 'replay-tests',
          reason: `seq ${seqOf(event)}`,
        },
      }),
    );
    ledger.push({
      consumer: options.consumerName,
      stream: context.stream,
      entryId: context.entryId,
      eventId: event.id,
      symbol: event.key,
      seq: seqOf(event),
    });
  });
  await consumer.start();
  return consumer;
}
