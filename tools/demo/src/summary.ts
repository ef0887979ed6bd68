// One line per event, for people.
import { type AnyEvent, nsToIso } from '@tickflow/events';

export function describeEvent(event: AnyEvent): string {
  switch (event.type) {
    case 'market_data':
      return event.data.kind === 'quote'
        ? `quote  ${event.data.bid_size} @ ${event.data.bid_price} / ${event.data.ask_size} @ ${event.data.ask_price}`
        : `trade  ${event.data.aggressor_side} ${event.data.size} @ ${event.data.price}`;
    case 'signal':
      return `signal ${event.data.signal} strength ${event.data.strength} (${event.data.strategy_id}: ${event.data.reason})`;
    case 'order':
      return `order  ${event.data.order_id} ${event.data.status} ${event.data.side} ${event.data.quantity} ${event.data.order_type}`;
    case 'fill':
      return `fill   ${event.data.execution_id} ${event.data.side} ${event.data.quantity} @ ${event.data.price} fee ${event.data.commission} ${event.data.commission_asset}`;
  }
}

export function eventLine(streamKey: string, entryId: string, event: AnyEvent): string {
  const short = (id: string) => id.slice(-8);
  const cause = event.cause === undefined ? '' : ` ← ${short(event.cause)}`;
  return `${streamKey.padEnd(18)} ${entryId.padEnd(16)} ${nsToIso(event.ts_event)} ${event.key} ${short(event.id)}${cause}  ${describeEvent(event)}`;
}
