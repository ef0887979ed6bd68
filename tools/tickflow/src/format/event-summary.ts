// An event in one line for people: where and when it was appended, what it is, and the few
// payload fields that tell it apart (prices, sizes, side, status).
import type { AnyEvent } from '@tickflow/events';
import { isoOfMs } from './time.ts';

const SUMMARY_WIDTH = 80;

/** `2024-03-01T09:30:00.123Z  market_data  BTCUSDT  <id>  quote 100.5 x 3 / 101.5 x 4 @binance`. */
export function eventLine(appendMs: number, event: AnyEvent): string {
  return `${isoOfMs(appendMs)}  ${event.type.padEnd(11)}  ${event.key}  ${event.id}  ${payloadSummary(event)}`;
}

export function payloadSummary(event: AnyEvent): string {
  const text = summaryOf(event);
  return text.length > SUMMARY_WIDTH ? `${text.slice(0, SUMMARY_WIDTH - 1)}…` : text;
}

function summaryOf(event: AnyEvent): string {
  switch (event.type) {
    case 'market_data': {
      const data = event.data;
      return data.kind === 'quote'
        ? data.bid_size === undefined
          ? `quote ${data.bid_price} / ${data.ask_price} (unsized) @${data.venue}`
          : `quote ${data.bid_price} x ${data.bid_size} / ${data.ask_price} x ${data.ask_size} @${data.venue}`
        : `trade ${data.size} @ ${data.price} ${data.aggressor_side} @${data.venue}`;
    }
    case 'signal':
      return `${event.data.signal} ${event.data.strength} ${event.data.strategy_id}: ${event.data.reason}`;
    case 'order': {
      const data = event.data;
      const price =
        data.limit_price === undefined ? data.order_type : `${data.order_type} ${data.limit_price}`;
      return `${data.status} ${data.side} ${data.quantity} ${price} ${data.time_in_force} ${data.order_id} filled ${data.filled_quantity}`;
    }
    case 'fill':
      return `${event.data.side} ${event.data.quantity} @ ${event.data.price} ${event.data.liquidity} ${event.data.order_id}`;
  }
}
