// One running strategy: per-symbol state in a Map (first-seen order), each symbol's latest
// quote, and the snapshot/restore of both. The output of `handle` depends only on the
// events handed to it, in their order, and on the state restored before them.
import type { MarketDataEvent, Signal } from '@tickflow/events';
import type { z } from 'zod';
import { encodeState } from '../state/state-codec.ts';
import { restoreSlots } from './restore-slots.ts';
import { signalPayload } from './signal-payload.ts';
import type { StrategySnapshot } from './snapshot.ts';
import type { SymbolSlot } from './symbol-slot.ts';
import type { Strategy, StrategyConfig, StrategyContext } from './types.ts';

export interface StrategyInstanceInput<Schema extends z.ZodType, S> {
  readonly config: StrategyConfig<Schema, S>;
  readonly params: z.output<Schema>;
  readonly id: string;
  readonly symbols: readonly string[] | undefined;
}

export function createStrategyInstance<Schema extends z.ZodType, S>(
  input: StrategyInstanceInput<Schema, S>,
): Strategy<z.output<Schema>> {
  const { config, params, id } = input;
  const name = config.name;
  const allowed = input.symbols === undefined ? undefined : new Set(input.symbols);
  // Encoded once: a snapshot records the params, and restore compares against them.
  const encodedParams = encodeState(params, 'params');
  const paramsKey = JSON.stringify(encodedParams);
  let slots = new Map<string, SymbolSlot<S>>();

  const slotOf = (symbol: string): SymbolSlot<S> => {
    let slot = slots.get(symbol);
    if (slot === undefined) {
      const state = config.initialState(params, symbol);
      // Fail on the first tick, not at the first checkpoint, if the state cannot be snapshotted.
      encodeState(state);
      slot = { state, quote: undefined };
      slots.set(symbol, slot);
    }
    return slot;
  };

  const handle = (event: MarketDataEvent): Signal[] => {
    const data = event.data;
    if (allowed !== undefined && !allowed.has(data.symbol)) return [];
    const slot = slotOf(data.symbol);
    if (data.kind === 'quote') {
      const { bid_price, bid_size, ask_price, ask_size } = data;
      // An unsized quote stays unsized: absent, never empty, on the signal as on the wire.
      slot.quote =
        bid_size === undefined || ask_size === undefined
          ? { bid_price, ask_price }
          : { bid_price, bid_size, ask_price, ask_size };
    }
    const signals: Signal[] = [];
    let handling = true;
    const context: StrategyContext<z.output<Schema>, S> = {
      params,
      symbol: data.symbol,
      get state() {
        return slot.state;
      },
      set state(next) {
        slot.state = next;
      },
      clock: { now: () => event.ts_event },
      emit(intent) {
        // An emit from a stored callback would attach to no tick: refuse it.
        if (!handling) throw new Error(`${name}: emit called after onMarketData returned`);
        signals.push(signalPayload(name, { symbol: data.symbol, strategyId: id, quote: slot.quote }, intent));
      },
    };
    try {
      config.onMarketData(context, event);
    } finally {
      handling = false;
    }
    return signals;
  };

  const snapshot = (): StrategySnapshot => ({
    format: 1,
    strategy: name,
    id,
    // A copy: whoever holds the snapshot may edit it.
    params: structuredClone(encodedParams),
    symbols: [...slots].map(([symbol, slot]) => ({
      symbol,
      state: encodeState(slot.state, `${symbol}.state`),
      ...(slot.quote === undefined ? {} : { quote: { ...slot.quote } }),
    })),
  });

  const restore = (candidate: unknown): void => {
    slots = restoreSlots<S>({ name, id, paramsKey, allowed }, candidate);
  };

  return { name, id, params, handle, snapshot, restore };
}
