// The shapes a strategy author and signal-engine see. Implementations live next door.
import type { MarketDataEvent, Signal } from '@tickflow/events';
import type { z } from 'zod';
import type { StrategySnapshot } from './snapshot.ts';

/** Event time: strategies never read the wall clock, so a replay decides exactly as live did. */
export interface EventClock {
  /** The `ts_event` of the event being handled, in nanoseconds since the Unix epoch. */
  now(): bigint;
}

/** What a strategy emits; the SDK adds symbol, strategy_id and the quote it was decided on. */
export interface SignalIntent {
  readonly signal: Signal['signal'];
  /** Conviction as a decimal string from "0" to "1" (see formatStrength). */
  readonly strength: string;
  /** Why, for humans: at most 512 characters. */
  readonly reason: string;
}

/** What `onMarketData` gets for one event of one symbol. */
export interface StrategyContext<P, S> {
  /** The parsed, defaulted params. */
  readonly params: P;
  /** This symbol's state: mutate it, or assign a new one. Snapshots carry it exactly. */
  state: S;
  /** The symbol of the event being handled. */
  readonly symbol: string;
  readonly clock: EventClock;
  /** Emits a signal for this symbol; signals come out of `handle` in emit order. */
  emit(intent: SignalIntent): void;
}

/** What `defineStrategy` takes. */
export interface StrategyConfig<Schema extends z.ZodType, S> {
  /** The strategy's name: 1-128 printable ASCII characters, no spaces; the default strategy_id. */
  readonly name: string;
  /** The params' schema: it validates and defaults the raw params given to `create`. */
  readonly params: Schema;
  /** The symbols it trades; default: every symbol it is given. */
  readonly symbols?: readonly string[];
  /**
   * A symbol's state before its first event. Plain data (objects, arrays, strings,
   * numbers, booleans, null, undefined, bigint) and the SDK's indicators; no Maps or class
   * instances, so that snapshots restore it exactly.
   */
  initialState(params: z.output<Schema>, symbol: string): S;
  /** Handles one event of a symbol; emits through `ctx.emit`. Must be deterministic. */
  onMarketData(ctx: StrategyContext<z.output<Schema>, S>, event: MarketDataEvent): void;
}

/** A defined strategy, ready to be instantiated with params. */
export interface StrategyDefinition<P> {
  readonly name: string;
  readonly symbols: readonly string[] | undefined;
  /**
   * A fresh instance with `rawParams` validated and defaulted by the params schema
   * (default `{}`). Throws StrategyParamsError listing every bad param.
   */
  create(rawParams?: unknown, options?: CreateStrategyOptions): Strategy<P>;
}

export interface CreateStrategyOptions {
  /** The strategy_id its signals carry; default: the definition's name. */
  readonly id?: string;
}

/** A running strategy: a deterministic function of the market data it has handled. */
export interface Strategy<P = unknown> {
  readonly name: string;
  /** The strategy_id of its signals. */
  readonly id: string;
  readonly params: P;
  /**
   * Handles one event: the Signal payloads emitted for it, in emit order; [] for a symbol
   * outside `symbols`. Throws InvalidSignalError for an invalid emit, and whatever the
   * strategy throws (no signals are returned then; the symbol's state keeps any changes
   * made before the throw).
   */
  handle(event: MarketDataEvent): Signal[];
  /** Plain JSON holding every symbol's state and last quote. */
  snapshot(): StrategySnapshot;
  /**
   * Replaces every symbol's state and last quote with the snapshot's. Throws
   * InvalidSnapshotError, changing nothing, for a snapshot of another strategy, id or
   * params, or a malformed one.
   */
  restore(snapshot: unknown): void;
}
