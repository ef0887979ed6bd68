// Handlers and what they are given: per event type, run in priority order (higher first,
// then in registration order), each behind its own circuit breaker. A handler fails an
// entry by throwing: PermanentError (dead-lettered at once), RetryLaterError (retried after
// its delay), anything else (retried with backoff, then dead-lettered); see delivery-policy.ts.
import type { AnyEvent, Envelope, EventType } from '@tickflow/events';
import { type CircuitBreaker, createCircuitBreaker } from './circuit-breaker.ts';
import type { PublishResult } from './publisher.ts';

export interface HandlerContext {
  /** The partition stream and entry being handled. */
  readonly stream: string;
  readonly entryId: string;
  /** Times this entry has been delivered to a handler, this time included. */
  readonly deliveries: number;
  /** Aborted when this consumer loses the partition or stops past its grace period. */
  readonly signal: AbortSignal;
  /**
   * The handlers' state for this partition (JSON-serializable, or with a toJSON), saved with
   * the checkpoint in the same atomic step as the ack: after a crash it is exactly the state
   * after the last acked entry, so an effect kept here is applied once. Call set() when the
   * state changed (mutating in place is fine, set marks it for saving).
   *
   * Guaranteed: a handler that runs again on an entry — after it or a later handler threw,
   * after Redis was away, after its circuit opened — sees exactly the state from before that
   * entry, whatever it mutated in place: the runtime undoes every failed attempt by going
   * back to the state as last saved and handling again the entries since (their outputs are
   * published again under the same ids and dropped as duplicates). A dead-lettered entry
   * leaves no trace in the state. So a handler never needs to clone its state.
   */
  readonly state: PartitionState;
  /**
   * Remembers an id (an execution id, an order id) for good, in a set of this group on this
   * partition, saved in the same atomic step as the ack: for effects that must never be
   * applied twice whatever is redelivered or replayed, beyond any dedupe window. Like the
   * state, an id remembered by a failed attempt is forgotten when the attempt is undone.
   */
  remember(id: string): void;
  /** True when `id` was remembered on this partition by this group (see remember). */
  isRemembered(id: string): Promise<boolean>;
  /**
   * Publishes a derived event. Resolves once it is in Redis, so it is written before the
   * input is acked; a re-run after a crash publishes the same id and is dropped as a duplicate.
   */
  publish(event: AnyEvent): Promise<PublishResult>;
  /**
   * Publishes several derived events in one round trip: each stream's events in one script
   * call, in the given order, the streams side by side. Resolves once all are in Redis. If
   * it fails, some may be in and others not; the re-run publishes the same ids, those in are
   * dropped as duplicates, so each stream still ends with every event once and in order —
   * what awaiting publish() for each in turn guarantees, in one round trip instead of one each.
   */
  publishAll(events: readonly AnyEvent[]): Promise<PublishResult[]>;
}

export interface PartitionState {
  get<T>(): T | undefined;
  set(value: unknown): void;
}

export type Handler<T extends EventType> = (
  event: Envelope<T>,
  context: HandlerContext,
) => void | Promise<void>;

export interface HandlerOptions {
  /** Shown in metrics, logs and dead-letter reasons. Default `<type>#<n>`. */
  readonly name?: string;
  /** Higher runs first. Default 0. */
  readonly priority?: number;
}

export interface Registration {
  readonly name: string;
  readonly priority: number;
  readonly handle: (event: AnyEvent, context: HandlerContext) => void | Promise<void>;
  readonly breaker: CircuitBreaker;
}

export interface HandlerRegistry {
  add<T extends EventType>(type: T, handler: Handler<T>, options?: HandlerOptions): void;
  forType(type: EventType): readonly Registration[];
}

export function createHandlerRegistry(breakerOptions: {
  failureThreshold: number;
  coolDownMs: number;
  onChange: (handler: string, state: 'closed' | 'open' | 'half-open') => void;
}): HandlerRegistry {
  const byType = new Map<EventType, Registration[]>();
  let count = 0;
  return {
    add(type, handler, options = {}) {
      const name = options.name ?? `${type}#${++count}`;
      const list = byType.get(type) ?? [];
      list.push({
        name,
        priority: options.priority ?? 0,
        handle: handler as Registration['handle'],
        breaker: createCircuitBreaker({
          ...breakerOptions,
          onChange: (state) => breakerOptions.onChange(name, state),
        }),
      });
      // Array.prototype.sort is stable: equal priorities keep registration order.
      list.sort((a, b) => b.priority - a.priority);
      byType.set(type, list);
    },
    forType: (type) => byType.get(type) ?? [],
  };
}
