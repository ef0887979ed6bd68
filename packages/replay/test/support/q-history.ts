// A small trading history for the selection and query tests: quotes of six symbols over
// four partitions, every fifth tick of a symbol followed by its signal, order and two fills,
// published as the services would (one publishAll per round, so streams interleave).
import type { AnyEvent } from '@tickflow/events';
import { createPublisher, type StoredEvent } from '@tickflow/streams';
import type { Redis } from 'ioredis';
import { compareEntryIds } from '../../src/entry-ids.ts';
import type { Scope } from '../../src/scope.ts';
import { fillOf, orderOf, quoteTick, signalOf } from './q-events.ts';

export const SYMBOLS = ['S0', 'S1', 'S2', 'S3', 'S4', 'S5'];

/** The events of round `seq`: one quote per symbol, and a chain after every fifth. */
export function round(seq: number): AnyEvent[] {
  return SYMBOLS.flatMap((symbol) => {
    const tick = quoteTick(symbol, seq);
    if (seq % 5 !== 0) return [tick];
    const signal = signalOf(tick);
    const order = orderOf(signal);
    return [tick, signal, order, fillOf(order, 0), fillOf(order, 1)];
  });
}

/** Publishes `rounds` rounds into `scope`; returns how many events that was. */
export async function publishHistory(redis: Redis, scope: Scope, rounds: number): Promise<number> {
  const publisher = createPublisher(redis, scope);
  let published = 0;
  for (let seq = 0; seq < rounds; seq++) {
    const events = round(seq);
    await publisher.publishAll(events);
    published += events.length;
  }
  return published;
}

const TYPE_ORDER = ['market_data', 'signal', 'order', 'fill'];

/** Merge order of a selection read: entry id, then type (pipeline order), then partition. */
export function compareStored(a: StoredEvent, b: StoredEvent): number {
  return (
    compareEntryIds(a.entryId, b.entryId) ||
    TYPE_ORDER.indexOf(a.event.type) - TYPE_ORDER.indexOf(b.event.type) ||
    a.partition - b.partition
  );
}

/** `stream entryId` of each, for comparing reads. */
export const where = (items: readonly StoredEvent[]) => items.map((item) => `${item.stream} ${item.entryId}`);
