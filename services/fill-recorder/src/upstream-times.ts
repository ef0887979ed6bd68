// When a recorded fill's tick, signal and order happened and were appended, found without
// searching any stream. The publisher's dedupe markers (publish.lua) map each event id to its
// entry id, in hashes `<stream>:pub:<window ms>:<time bucket>` of Redis' clock; an event
// appended less than a window before the fill is in the fill's bucket or the one before.
// So, for a batch of fills, two round trips whatever its size: the markers (2 buckets × 3
// events per fill), then each entry found read by its id. Which ids to look up:
// - the tick: the fill's `corr` (the originating tick), checked against the signal's `cause`;
// - the signal: the fill's `cause` (the router derives fills from the signal);
// - the order: the router's output 0 for that signal (the NEW order it submits first, see
//   order-router's route-signal.ts), checked against the fill's order_id.
// An event not found — its window passed, retention trimmed it, dedupe is off (window 0), a
// replay copied the tick without markers — leaves its hops unmeasured, never guessed.
import {
  type AnyEvent,
  decodeEvent,
  derivedEventId,
  type EventType,
  type FillEvent,
  partitionKeys,
} from '@tickflow/events';
import { entryIdMs } from '@tickflow/streams';
import type { ChainTimes, EventTimes } from './hop-latencies.ts';
import type { Redis } from './ledger-store.ts';

/** The scope order-router derives its events with (its ROUTER_SCOPE). */
export const ORDER_ROUTER_SCOPE = 'order-router';

/** The dedupe windows of the publishers, ms (0: they keep no markers). */
export interface MarkerWindows {
  /** market-data-ingest's (its INGEST_DEDUPE_WINDOW_MS). */
  readonly tickMs: number;
  /** signal-engine's and order-router's: the kit's publisher. */
  readonly derivedMs: number;
}

export interface RecordedFill {
  readonly fill: FillEvent;
  readonly partition: number;
  readonly entryId: string;
}

interface Lookup {
  readonly type: EventType;
  /** '' when the fill names none (no cause): not looked up. */
  readonly id: string;
  readonly windowMs: number;
  readonly recorded: RecordedFill;
}

type Outcome = [Error | null, unknown];

export async function chainTimes(
  redis: Redis,
  namespace: string,
  windows: MarkerWindows,
  fills: readonly RecordedFill[],
): Promise<ChainTimes[]> {
  // Three per fill, in this order: its tick, its signal, its order.
  const lookups = fills.flatMap((recorded): Lookup[] => {
    const signalId = recorded.fill.cause;
    const orderId =
      signalId === undefined ? '' : derivedEventId({ scope: ORDER_ROUTER_SCOPE, cause: signalId, index: 0 });
    return [
      { type: 'market_data', id: recorded.fill.corr, windowMs: windows.tickMs, recorded },
      { type: 'signal', id: signalId ?? '', windowMs: windows.derivedMs, recorded },
      { type: 'order', id: orderId, windowMs: windows.derivedMs, recorded },
    ];
  });

  // Round 1: the markers, the fill's time bucket first.
  const markers = redis.pipeline();
  for (const { type, id, windowMs, recorded } of lookups) {
    if (windowMs === 0 || id === '') continue;
    const prefix = partitionKeys(namespace, type, recorded.partition).publishedMarkers;
    const bucket = Math.floor(entryIdMs(recorded.entryId) / windowMs);
    markers.hget(`${prefix}:${windowMs}:${bucket}`, id).hget(`${prefix}:${windowMs}:${bucket - 1}`, id);
  }
  const markerReplies = await run(markers);
  let at = 0;
  const entryIds = lookups.map(({ windowMs, id }) => {
    if (windowMs === 0 || id === '') return undefined;
    const [current, previous] = [replyOf(markerReplies[at++]), replyOf(markerReplies[at++])];
    return typeof current === 'string' ? current : typeof previous === 'string' ? previous : undefined;
  });

  // Round 2: each entry found, by its id.
  const reads = redis.pipeline();
  for (const [index, lookup] of lookups.entries()) {
    const entryId = entryIds[index];
    if (entryId === undefined) continue;
    reads.xrange(partitionKeys(namespace, lookup.type, lookup.recorded.partition).stream, entryId, entryId);
  }
  const entryReplies = await run(reads);
  at = 0;
  const found = lookups.map((lookup, index) => {
    const entryId = entryIds[index];
    if (entryId === undefined) return undefined;
    const [entry] = replyOf(entryReplies[at++]) as [string, string[]][];
    const event = entry === undefined ? undefined : decodedOrUndefined(entry[1]);
    return event?.id === lookup.id && event.type === lookup.type ? { event, entryId } : undefined;
  });

  return fills.map(({ fill, entryId }, index): ChainTimes => {
    const [tick, signal, order] = [found[index * 3], found[index * 3 + 1], found[index * 3 + 2]];
    const signalCause = signal?.event.cause;
    const orderOfFill = order?.event.type === 'order' && order.event.data.order_id === fill.data.order_id;
    return {
      // The tick counts only as the signal's own cause: a chain is never pieced together from two.
      tick: tick && signalCause === tick.event.id ? timesOf(tick) : undefined,
      signal: signal && timesOf(signal),
      order: order && orderOfFill ? timesOf(order) : undefined,
      fill: { tsEventNs: fill.ts_event, appendMs: entryIdMs(entryId) },
    };
  });
}

const timesOf = ({ event, entryId }: { event: AnyEvent; entryId: string }): EventTimes => ({
  tsEventNs: event.ts_event,
  appendMs: entryIdMs(entryId),
});

/** An entry that does not decode is no chain's event (the consumers dead-letter it). */
function decodedOrUndefined(fields: readonly string[]): AnyEvent | undefined {
  try {
    return decodeEvent(fields);
  } catch {
    return undefined;
  }
}

async function run(pipeline: ReturnType<Redis['pipeline']>): Promise<Outcome[]> {
  if (pipeline.length === 0) return [];
  const replies = await pipeline.exec();
  if (replies === null) throw new Error('Redis connection closed before the pipeline replied');
  return replies;
}

function replyOf(outcome: Outcome | undefined): unknown {
  if (outcome === undefined) throw new Error('a pipeline reply is missing');
  if (outcome[0]) throw outcome[0];
  return outcome[1];
}
