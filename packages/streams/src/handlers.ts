// Handler registration: per event type, run in priority order (higher first, then in
// registration order), each behind its own circuit breaker.
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
   * The handlers' state for this partition (JSON-serializable), saved with the checkpoint in
   * the same atomic step as the ack: after a crash it is exactly the state after the last
   * acked entry, so an effect kept here is applied once. Set it only once an entry's work
   * has succeeded.
   */
  readonly state: PartitionState;
  /**
   * Remembers an id (an execution id, an order id) for good, in a set of this group on this
   * partition, saved in the same atomic step as the ack: for effects that must never be
   * applied twice whatever is redelivered or replayed, beyond any dedupe window.
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
  readonly types: readonly EventType[];
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
    get types() {
      return [...byType.keys()];
    },
  };
}
