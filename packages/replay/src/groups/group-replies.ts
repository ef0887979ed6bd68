// Redis replies about consumer groups, read into plain values: XINFO GROUPS and CONSUMERS
// entries, the oldest pending entry (extended XPENDING), a lease value and its TTL, the
// members sorted set. Each reader takes the raw reply and the server's time in ms.
import { appendMsOf } from '../entry-ids.ts';
import { replyField } from '../selection/redis-replies.ts';

export interface GroupConsumer {
  readonly name: string;
  /** Entries delivered to it and not acked. */
  readonly pending: number;
  /** Since its last attempted interaction (read, claim), ms. */
  readonly idleMs: number;
  /** Since its last successful interaction, ms (Redis 7.2 and later; undefined before). */
  readonly inactiveMs: number | undefined;
}

export interface OldestPending {
  readonly entryId: string;
  /** Since it was appended, ms (Redis' clock). */
  readonly ageMs: number;
  /** Since it was last delivered, ms. */
  readonly idleMs: number;
  readonly deliveries: number;
  readonly consumer: string;
}

export interface PartitionLease {
  /** The consumer holding the lease. */
  readonly owner: string;
  /** Its fencing token. */
  readonly token: number;
  /** Time left, ms; undefined if the key has no expiry (never set so by Tickflow). */
  readonly ttlMs: number | undefined;
}

export interface GroupMember {
  readonly name: string;
  /** Its last heartbeat, ms since the epoch (Redis' clock). */
  readonly lastHeartbeatMs: number;
  /** Since that heartbeat, ms. */
  readonly sinceHeartbeatMs: number;
}

/** The fields of one XINFO GROUPS entry that matter here. */
export interface GroupSummary {
  readonly name: string;
  readonly pending: number;
  readonly lastDeliveredId: string;
  /** Undefined when Redis does not know it (XINFO gives nil). */
  readonly entriesRead: number | undefined;
  readonly lag: number | undefined;
}

export function groupSummary(info: readonly unknown[]): GroupSummary {
  return {
    name: String(replyField(info, 'name')),
    pending: Number(replyField(info, 'pending') ?? 0),
    lastDeliveredId: String(replyField(info, 'last-delivered-id') ?? '0-0'),
    entriesRead: numberOrUndefined(replyField(info, 'entries-read')),
    lag: numberOrUndefined(replyField(info, 'lag')),
  };
}

export function groupConsumers(reply: unknown): GroupConsumer[] {
  return (reply as unknown[][]).map((info) => ({
    name: String(replyField(info, 'name')),
    pending: Number(replyField(info, 'pending') ?? 0),
    idleMs: Number(replyField(info, 'idle') ?? 0),
    inactiveMs: numberOrUndefined(replyField(info, 'inactive')),
  }));
}

/** From `XPENDING <stream> <group> - + 1`: the pending entry with the lowest id. */
export function oldestPending(reply: unknown, nowMs: number): OldestPending | undefined {
  const [first] = reply as [string, string, number, number][];
  if (!first) return undefined;
  const [entryId, consumer, idleMs, deliveries] = first;
  return {
    entryId,
    consumer,
    idleMs: Number(idleMs),
    deliveries: Number(deliveries),
    ageMs: nowMs - appendMsOf(entryId),
  };
}

/** A lease value `<consumer>|<token>` and its PTTL reply. */
export function partitionLease(value: unknown, pttl: unknown): PartitionLease | undefined {
  if (typeof value !== 'string') return undefined;
  const bar = value.lastIndexOf('|');
  return {
    owner: bar < 0 ? value : value.slice(0, bar),
    token: bar < 0 ? Number.NaN : Number(value.slice(bar + 1)),
    ttlMs: typeof pttl === 'number' && pttl >= 0 ? pttl : undefined,
  };
}

/**
 * From `ZRANGE <members> 0 -1 WITHSCORES`: [name, score] pairs (ioredis 6), or the flat
 * name, score, name, score list of older clients.
 */
export function groupMembers(reply: unknown, nowMs: number): GroupMember[] {
  const items = reply as unknown[];
  const pairs = items.every(Array.isArray)
    ? (items as [string, string][])
    : Array.from({ length: Math.floor(items.length / 2) }, (_, at) => [items[at * 2], items[at * 2 + 1]]);
  return pairs.map(([name, score]) => {
    const lastHeartbeatMs = Number(score);
    return { name: String(name), lastHeartbeatMs, sinceHeartbeatMs: nowMs - lastHeartbeatMs };
  });
}

/** `TIME`: [seconds, microseconds] as strings → ms. */
export function serverMs(reply: unknown): number {
  const [seconds, micros] = reply as [string, string];
  return Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
