// A tick → signal → order → two fills chain published step by step as the services do,
// with other symbols' events (some in the chain's own partitions) published in between.
import { type AnyEvent, partitionOf } from '@tickflow/events';
import { createPublisher, type PublishResult } from '@tickflow/streams';
import type { Redis } from 'ioredis';
import type { Scope } from '../../src/scope.ts';
import { fillOf, liveTrade, orderOf, quoteTick, signalOf, T0_NS } from './q-events.ts';

export interface PublishedChain {
  readonly tick: AnyEvent;
  readonly signal: AnyEvent;
  readonly order: AnyEvent;
  readonly fills: readonly AnyEvent[];
  /** Event id → where it was appended. */
  readonly at: ReadonlyMap<string, PublishResult>;
}

/** Symbols other than `symbol`: `same` share its partition, `other` do not. */
export function neighbours(symbol: string, partitions: number): { same: string[]; other: string[] } {
  const home = partitionOf(symbol, partitions);
  const candidates = Array.from({ length: 60 }, (_, n) => `N${n}`);
  return {
    same: candidates.filter((name) => partitionOf(name, partitions) === home).slice(0, 2),
    other: candidates.filter((name) => partitionOf(name, partitions) !== home).slice(0, 3),
  };
}

/** Noise: `count` quotes, and a chain down to an order, for each neighbour. */
function noise(symbols: readonly string[], round: number, count: number): AnyEvent[] {
  return symbols.flatMap((symbol) => {
    const ticks = Array.from({ length: count }, (_, n) => quoteTick(symbol, round * 1_000 + n));
    const signal = signalOf(ticks[0] as ReturnType<typeof quoteTick>);
    return [...ticks, signal, orderOf(signal)];
  });
}

/**
 * Publishes the chain of `symbol` step by step with noise between the steps. With
 * `fillsFromSignal` the fills are derived from the signal, as the order router does.
 */
export async function publishChain(
  redis: Redis,
  scope: Scope,
  symbol: string,
  options: { fillsFromSignal?: boolean; noisePerStep?: number } = {},
): Promise<PublishedChain> {
  const publisher = createPublisher(redis, scope);
  const { same, other } = neighbours(symbol, scope.partitions);
  const noisy = [...same, ...other];
  const at = new Map<string, PublishResult>();
  let round = 0;
  const step = async (events: AnyEvent[]) => {
    const results = await publisher.publishAll([
      ...events,
      ...noise(noisy, round++, options.noisePerStep ?? 3),
    ]);
    for (const [n, event] of events.entries()) at.set(event.id, results[n] as PublishResult);
  };
  const tick = liveTrade(symbol, T0_NS + 7_000_000n);
  await step([tick]);
  const signal = signalOf(tick);
  await step([signal]);
  const order = orderOf(signal);
  await step([order]);
  // The router numbers a signal's outputs in one sequence (the order is its output 0).
  const fills = options.fillsFromSignal
    ? [1, 2].map((index) => fillOf(order, index, signal))
    : [0, 1].map((index) => fillOf(order, index));
  await step([fills[0] as AnyEvent]);
  await step([fills[1] as AnyEvent]);
  return { tick, signal, order, fills, at };
}
