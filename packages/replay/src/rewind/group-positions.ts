// Where a consumer group stands on one partition stream, read from XINFO GROUPS, XINFO
// STREAM and the group's checkpoint hash: what a rewind plans from, checks against and saves.
import type { PartitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';

export interface GroupPosition {
  readonly lastDeliveredId: string;
  /** null when Redis does not know it (after a SETID without ENTRIESREAD, or deletions). */
  readonly entriesRead: number | null;
  readonly pending: number;
  readonly checkpoint: string | null;
  readonly maxDeletedEntryId: string;
  /** Entries ever appended, and kept now: the difference was trimmed or deleted. */
  readonly entriesAdded: number;
  readonly length: number;
}

/** The group's position on `keys.stream`, or undefined when the stream or the group does not exist. */
export async function groupPosition(
  redis: RedisClient,
  keys: PartitionKeys,
  group: string,
): Promise<GroupPosition | undefined> {
  let groups: unknown[][];
  try {
    groups = (await redis.call('XINFO', 'GROUPS', keys.stream)) as unknown[][];
  } catch (error) {
    if (error instanceof Error && /no such key/i.test(error.message)) return undefined;
    throw error;
  }
  const row = groups.find((info) => field(info, 'name') === group);
  if (row === undefined) return undefined;
  const [stream, checkpoint] = await Promise.all([
    redis.call('XINFO', 'STREAM', keys.stream) as Promise<unknown[]>,
    redis.hget(keys.checkpoint(group), 'last'),
  ]);
  const entriesRead = field(row, 'entries-read');
  return {
    lastDeliveredId: String(field(row, 'last-delivered-id')),
    entriesRead: entriesRead === null || entriesRead === undefined ? null : Number(entriesRead),
    pending: Number(field(row, 'pending')),
    checkpoint: checkpoint ?? null,
    maxDeletedEntryId: String(field(stream, 'max-deleted-entry-id')),
    entriesAdded: Number(field(stream, 'entries-added')),
    length: Number(field(stream, 'length')),
  };
}

/** A field of an XINFO reply, which comes as a flat name/value list. */
export function field(reply: readonly unknown[], name: string): unknown {
  const at = reply.indexOf(name);
  return at < 0 ? undefined : reply[at + 1];
}
