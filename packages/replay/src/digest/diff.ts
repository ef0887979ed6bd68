// Two runs compared type by type (two strategy versions, live against a backtest): each
// side's events in canonical form, walked in event-time order; the first position where
// they differ is reported with both sides, or the type is identical. Each side's events of
// one type are held in memory while it is compared (signals, orders and fills of a run, not
// its market data, by default).
import type { AnyEvent, EventType } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { readEventBatches } from '@tickflow/streams';
import type { Scope } from '../scope.ts';
import { byEventTime, canonicalEvent } from './canonical.ts';

export const DIFF_TYPES: readonly EventType[] = ['signal', 'order', 'fill'];

export interface TypeDiff {
  readonly type: EventType;
  readonly identical: boolean;
  readonly leftCount: number;
  readonly rightCount: number;
  /** Position (in event-time order) of the first difference. */
  readonly index?: number;
  /** The two events at that position; one side is absent when it ran out first. */
  readonly left?: AnyEvent;
  readonly right?: AnyEvent;
}

export interface RunDiff {
  readonly left: string;
  readonly right: string;
  readonly identical: boolean;
  readonly types: readonly TypeDiff[];
}

export async function diffNamespaces(
  redis: RedisClient,
  left: Scope,
  right: Scope,
  types: readonly EventType[] = DIFF_TYPES,
): Promise<RunDiff> {
  const diffs: TypeDiff[] = [];
  for (const type of types) {
    const [ours, theirs] = await Promise.all([eventsOf(redis, left, type), eventsOf(redis, right, type)]);
    diffs.push(compare(type, ours, theirs));
  }
  return {
    left: left.namespace,
    right: right.namespace,
    identical: diffs.every((diff) => diff.identical),
    types: diffs,
  };
}

async function eventsOf(redis: RedisClient, scope: Scope, type: EventType): Promise<AnyEvent[]> {
  const events: AnyEvent[] = [];
  for await (const batch of readEventBatches(redis, { ...scope, type })) {
    for (const stored of batch) events.push(stored.event);
  }
  return events.sort(byEventTime);
}

function compare(type: EventType, left: AnyEvent[], right: AnyEvent[]): TypeDiff {
  const counts = { type, leftCount: left.length, rightCount: right.length };
  const length = Math.max(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const ours = left[index];
    const theirs = right[index];
    if (ours && theirs && canonicalEvent(ours) === canonicalEvent(theirs)) continue;
    return {
      ...counts,
      identical: false,
      index,
      ...(ours ? { left: ours } : {}),
      ...(theirs ? { right: theirs } : {}),
    };
  }
  return { ...counts, identical: true };
}
