// Every event type with its stream tag, current schema version and the past versions it
// can still read. Adding a version: write `types/<name>.v<N>.ts` with the old schema and an
// upcaster to N+1, append it to `past`, bump `current`, and add a stored example of the old
// version to test/fixtures so the upcast path is tested for good.
import type { z } from 'zod';
import { type Fill, fill } from './types/fill.ts';
import { fillV1, upcastFillV1 } from './types/fill.v1.ts';
import { type MarketData, marketData } from './types/market-data.ts';
import { marketDataV1, upcastMarketDataV1 } from './types/market-data.v1.ts';
import { marketDataV2, upcastMarketDataV2 } from './types/market-data.v2.ts';
import { type Order, order } from './types/order.ts';
import { orderV1, upcastOrderV1 } from './types/order.v1.ts';
import { type Signal, signal } from './types/signal.ts';
import { signalV1, upcastSignalV1 } from './types/signal.v1.ts';
import { signalV2, upcastSignalV2 } from './types/signal.v2.ts';

export const EVENT_TYPES = ['market_data', 'signal', 'order', 'fill'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The payload type of each event type, at its current version. */
export interface PayloadOf {
  market_data: MarketData;
  signal: Signal;
  order: Order;
  fill: Fill;
}

/** A version this build can still read: its schema and the step up to the next version. */
export interface PastVersion {
  readonly version: number;
  readonly schema: z.ZodType;
  readonly upcast: (payload: never) => unknown;
}

export interface EventTypeSpec<T extends EventType> {
  readonly type: T;
  /** Short tag used in stream keys, e.g. `md` in `tf:{live:md:3~1303}`. */
  readonly streamTag: string;
  readonly currentVersion: number;
  readonly schema: z.ZodType<PayloadOf[T]>;
  /** Oldest first; each upcasts to the version after it. */
  readonly past: readonly PastVersion[];
}

function pastVersion<S extends z.ZodType>(
  version: number,
  schema: S,
  upcast: (payload: z.infer<S>) => unknown,
): PastVersion {
  return { version, schema, upcast };
}

export const EVENT_SPECS: { readonly [T in EventType]: EventTypeSpec<T> } = {
  market_data: {
    type: 'market_data',
    streamTag: 'md',
    currentVersion: 3,
    schema: marketData,
    past: [
      pastVersion(1, marketDataV1, upcastMarketDataV1),
      pastVersion(2, marketDataV2, upcastMarketDataV2),
    ],
  },
  signal: {
    type: 'signal',
    streamTag: 'sig',
    currentVersion: 3,
    schema: signal,
    past: [pastVersion(1, signalV1, upcastSignalV1), pastVersion(2, signalV2, upcastSignalV2)],
  },
  order: {
    type: 'order',
    streamTag: 'ord',
    currentVersion: 2,
    schema: order,
    past: [pastVersion(1, orderV1, upcastOrderV1)],
  },
  fill: {
    type: 'fill',
    streamTag: 'fill',
    currentVersion: 2,
    schema: fill,
    past: [pastVersion(1, fillV1, upcastFillV1)],
  },
};

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_SPECS, value);
}
