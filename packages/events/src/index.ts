export { isCanonicalMarketData } from './canonical-market-data.ts';
export { checkMarketData } from './checked-market-data.ts';
export { CLUSTER_SLOTS, hashTagOf, keySlot } from './cluster-slot.ts';
export { decodeEvent, encodeEvent } from './codec.ts';
export {
  type AnyEvent,
  type Envelope,
  type FillEvent,
  type MarketDataEvent,
  type OrderEvent,
  type SignalEvent,
  validateEvent,
} from './envelope.ts';
export { type FieldIssue, InvalidEventError } from './errors.ts';
export {
  createEvent,
  type DerivedEventInput,
  deriveEvent,
  type NewEventInput,
  type TraceContextFields,
  withTraceContext,
} from './event.ts';
export { type DerivedIdInput, derivedEventId, isEventId, newEventId } from './ids.ts';
export {
  assertGroupName,
  assertNamespace,
  type GroupKeys,
  groupKeys,
  type IngestKeys,
  ingestKeys,
  KEY_PREFIX,
  type OperatorKeys,
  operatorKeys,
  type PartitionKeys,
  parseStreamKey,
  partitionKeys,
} from './keys.ts';
export { fnv1a64, jumpHash, partitionOf } from './partition.ts';
export { partitionTargetSlot, SLOT_WINDOW } from './partition-tag.ts';
export {
  decimal,
  MAX_TIMESTAMP_NS,
  nonNegativeDecimal,
  positiveDecimal,
  type Side,
  SYMBOL_PATTERN,
} from './primitives.ts';
export {
  EVENT_SPECS,
  EVENT_TYPES,
  type EventType,
  type EventTypeSpec,
  isEventType,
  type PayloadOf,
} from './registry.ts';
export { nowNs, nsFromIso, nsFromMs, nsToIso } from './time.ts';
export type { Fill } from './types/fill.ts';
export type { MarketData, Quote, Trade } from './types/market-data.ts';
export { quoteSizes } from './types/market-data.ts';
export type { Order, OrderStatus, TimeInForce } from './types/order.ts';
export type { Signal } from './types/signal.ts';
