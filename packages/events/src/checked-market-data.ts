// A MarketData payload checked once and frozen, so building its event does not check it
// again. Ingest validates each record's payload as it reads it (to reject a bad row with its
// line and column); createEvent's fast path then validated the same object a second time,
// ~1 µs a row. A checked payload is frozen (it cannot change after its check) and remembered
// by identity in a WeakSet (an object nobody else holds is forgotten with it), and used as is
// by the event instead of a copy.
import { isCanonicalMarketData } from './canonical-market-data.ts';

const checked = new WeakSet<object>();

/**
 * True when `data` is a canonical, valid MarketData payload (isCanonicalMarketData); it is
 * then frozen, and createEvent takes it without checking or copying it again.
 */
export function checkMarketData(data: unknown): data is Readonly<Record<string, unknown>> {
  if (isCheckedMarketData(data)) return true;
  if (!isCanonicalMarketData(data)) return false;
  checked.add(Object.freeze(data));
  return true;
}

/** Whether `data` passed checkMarketData (and so is frozen and valid). */
export function isCheckedMarketData(data: unknown): data is Readonly<Record<string, unknown>> {
  return typeof data === 'object' && data !== null && checked.has(data);
}
