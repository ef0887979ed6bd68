// Hosts one strategy on one consumer group. A partition's strategy instance (indicators,
// per-symbol state, last quotes) lives in the partition state the runtime saves with each
// ack, so after a crash, a restart or a rebalance the strategy resumes from exactly the
// state after the last acked tick, and emits exactly the signals it would have.
import { deriveEvent, type MarketDataEvent } from '@tickflow/events';
import type { Strategy, StrategySnapshot } from '@tickflow/strategy';
import type { Handler, HandlerContext } from '@tickflow/streams';

/**
 * The value kept in partition state while a worker runs: serialized (by the runtime, at
 * each ack) through toJSON, so the snapshot is taken once per acked batch, not per tick.
 */
interface LiveState {
  readonly strategy: Strategy<unknown>;
  toJSON(): StrategySnapshot;
}

export function strategyHandler(create: () => Strategy<unknown>): Handler<'market_data'> {
  return async (tick: MarketDataEvent, context: HandlerContext) => {
    const live = liveState(context, create);
    const signals = live.strategy.handle(tick);
    // Marks the state changed, so the ack of this tick's batch saves the snapshot with it.
    context.state.set(live);
    const strategy = live.strategy;
    for (const [index, data] of signals.entries()) {
      await context.publish(
        deriveEvent(tick, { type: 'signal', scope: `signal-engine/${strategy.id}`, index, data }),
      );
    }
  };
}

/** This partition's running strategy: the live one, or one restored from the saved snapshot. */
function liveState(context: HandlerContext, create: () => Strategy<unknown>): LiveState {
  const saved = context.state.get<LiveState | StrategySnapshot>();
  if (saved !== undefined && isLive(saved)) return saved;
  const strategy = create();
  if (saved !== undefined) strategy.restore(saved);
  return { strategy, toJSON: () => strategy.snapshot() };
}

function isLive(value: object): value is LiveState {
  return 'strategy' in value && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
