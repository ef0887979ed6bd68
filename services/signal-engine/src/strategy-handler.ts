// Hosts one strategy as a handler of a consumer group: its own group (per-strategy grouping)
// or one shared with the other strategies. A partition's strategy instances (indicators,
// per-symbol state, last quotes) live in the partition state the runtime saves with each
// ack, one slot per strategy id, so after a crash, a restart or a rebalance each strategy
// resumes from exactly the state after the last acked tick, and emits exactly the signals
// it would have.
import { deriveEvent, type MarketDataEvent } from '@tickflow/events';
import type { Strategy, StrategySnapshot } from '@tickflow/strategy';
import type { Handler, HandlerContext } from '@tickflow/streams';

/** What a partition's state is saved as (JSON): each strategy's snapshot by its id. */
export interface SavedStrategies {
  readonly strategies: Readonly<Record<string, StrategySnapshot>>;
}

/**
 * The value kept in partition state while a worker runs: serialized (by the runtime, at
 * each ack) through toJSON, so snapshots are taken once per acked batch, not per tick.
 * A strategy not yet run since the restore keeps its saved snapshot.
 */
class LiveStrategies {
  readonly #live = new Map<string, Strategy<unknown>>();
  readonly #saved: Readonly<Record<string, StrategySnapshot>>;

  constructor(saved: SavedStrategies | undefined) {
    this.#saved = saved?.strategies ?? {};
  }

  strategy(id: string, create: () => Strategy<unknown>): Strategy<unknown> {
    let strategy = this.#live.get(id);
    if (strategy === undefined) {
      strategy = create();
      const snapshot = this.#saved[id];
      if (snapshot !== undefined) strategy.restore(snapshot);
      this.#live.set(id, strategy);
    }
    return strategy;
  }

  toJSON(): SavedStrategies {
    const strategies: Record<string, StrategySnapshot> = { ...this.#saved };
    for (const [id, strategy] of this.#live) strategies[id] = strategy.snapshot();
    return { strategies };
  }
}

export function strategyHandler(id: string, create: () => Strategy<unknown>): Handler<'market_data'> {
  const scope = `signal-engine/${id}`;
  // Synchronous for the ticks that emit nothing (most of them): the runtime then handles
  // them without a promise each.
  return (tick: MarketDataEvent, context: HandlerContext) => {
    const live = liveStrategies(context);
    const signals = live.strategy(id, create).handle(tick);
    // Marks the state changed, so the ack of this tick's batch saves the snapshots with it.
    context.state.set(live);
    if (signals.length === 0) return;
    return context
      .publishAll(signals.map((data, index) => deriveEvent(tick, { type: 'signal', scope, index, data })))
      .then(() => undefined);
  };
}

/** This partition's running strategies: the live ones, or ones to restore from the saved state. */
function liveStrategies(context: HandlerContext): LiveStrategies {
  const saved = context.state.get<LiveStrategies | SavedStrategies>();
  // Not put in state here: only a tick handled without error sets it (a failed first tick
  // after a restore is retried from the saved snapshots).
  return saved instanceof LiveStrategies ? saved : new LiveStrategies(saved);
}
