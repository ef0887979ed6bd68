// An in-process consumer applying the effect of effect-ledger.ts, which records what it
// handled and every ack it sent (through the `publisher` option, which receives the
// consumer's own `commands` connection: the one its partition workers ack on).
import type { MarketDataEvent } from '@tickflow/events';
import {
  type Consumer,
  type CreateConsumerOptions,
  createConsumer,
  createPublisher,
  type HandlerContext,
} from '../../src/index.ts';
import type { ScriptedRedis } from '../../src/scripts.ts';
import { applyEffect, type LedgerTarget } from './effect-ledger.ts';

export interface Handled {
  readonly consumer: string;
  readonly stream: string;
  readonly entryId: string;
  readonly eventId: string;
  readonly deliveries: number;
  /** The derived signal's entry id, as the publish returned it. */
  readonly outputEntryId: string;
  /** Date.now() when the effect was applied. */
  readonly at: number;
}

export interface AckCall {
  readonly consumer: string;
  readonly stream: string;
  /** The lease value it claimed to hold: `<consumer>|<token>`. */
  readonly holder: string;
  readonly ids: readonly string[];
  readonly sentAt: number;
  settledAt?: number;
  /** The error message when refused or failed; undefined when accepted. */
  error?: string;
}

export interface Journal {
  readonly handled: Handled[];
  readonly acks: AckCall[];
  /** Per consumer: lease and heartbeat script calls sent and not yet answered. */
  readonly leaseCallsInFlight: Map<string, number>;
}

export function newJournal(): Journal {
  return { handled: [], acks: [], leaseCallsInFlight: new Map() };
}

export interface EffectConsumerOptions extends Partial<Omit<CreateConsumerOptions, 'publisher'>> {
  readonly url: string;
  readonly consumerName: string;
  /** Runs before the effect of each event (e.g. to hold one event at a gate). */
  readonly beforeEffect?: (event: MarketDataEvent, context: HandlerContext) => Promise<void> | void;
}

/** A consumer of `target` whose handler applies the effect and records into `journal`. */
export function effectConsumer(
  target: LedgerTarget,
  journal: Journal,
  { url, consumerName, beforeEffect, ...options }: EffectConsumerOptions,
): Consumer {
  const consumer = createConsumer({
    ...options,
    connection: { url },
    namespace: target.namespace,
    group: target.group,
    partitions: target.partitions,
    consumerName,
    publisher: (commands) => {
      recordAcks(commands as ScriptedRedis, consumerName, journal.acks);
      countLeaseCalls(commands as ScriptedRedis, consumerName, journal.leaseCallsInFlight);
      return createPublisher(commands, { namespace: target.namespace, partitions: target.partitions });
    },
  });
  consumer.on('market_data', async (event, context) => {
    await beforeEffect?.(event, context);
    const output = await applyEffect(event, context);
    journal.handled.push({
      consumer: consumerName,
      stream: context.stream,
      entryId: context.entryId,
      eventId: event.id,
      deliveries: context.deliveries,
      outputEntryId: output.entryId,
      at: Date.now(),
    });
  });
  return consumer;
}

function recordAcks(commands: ScriptedRedis, consumer: string, acks: AckCall[]): void {
  const ack = commands.tfAck;
  // The workers call tfAck(stream, lease, checkpoint, remembered, group, holder, state, n,
  // ...n remembered ids, ...entry ids). ioredis
  // copies script commands onto its auto-pipelines, so this also runs with a pipeline as
  // `this`: that call is the same ack on its way out, and only goes through.
  commands.tfAck = async function (this: ScriptedRedis, ...args: Parameters<ScriptedRedis['tfAck']>) {
    if (this !== commands) return ack.apply(this, args);
    const [stream, , , , , holder, , count, ...rest] = args;
    const ids = rest.slice(Number(count)).map(String);
    const call: AckCall = { consumer, stream, holder, ids, sentAt: Date.now() };
    acks.push(call);
    try {
      return await ack.apply(this, args);
    } catch (error) {
      call.error = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      call.settledAt = Date.now();
    }
  };
}

function countLeaseCalls(commands: ScriptedRedis, consumer: string, inFlight: Map<string, number>): void {
  inFlight.set(consumer, 0);
  for (const name of ['tfHeartbeat', 'tfLeaseAcquire', 'tfLeaseRenew', 'tfLeaseRelease'] as const) {
    const call = commands[name] as (...args: unknown[]) => Promise<unknown>;
    // As in recordAcks: calls with a pipeline as `this` are the same calls on their way out.
    (commands as unknown as Record<string, unknown>)[name] = async function (
      this: unknown,
      ...args: unknown[]
    ) {
      if (this !== commands) return call.apply(this, args);
      inFlight.set(consumer, (inFlight.get(consumer) ?? 0) + 1);
      try {
        return await call.apply(this, args);
      } finally {
        inFlight.set(consumer, (inFlight.get(consumer) ?? 0) - 1);
      }
    };
  }
}

/** The fencing token in a lease value `<consumer>|<token>`. */
export function tokenOf(holder: string): number {
  return Number(holder.slice(holder.lastIndexOf('|') + 1));
}
