// Where every consumer group stands on every partition of a scope: how far behind (lag),
// what is delivered and not acked (pending, the oldest of it), who owns the partition (its
// lease) and what it last applied (its checkpoint), and which members are alive. Two round
// trips whatever the number of streams: one to find the groups, one for their details.
import {
  assertGroupName,
  EVENT_TYPES,
  type EventType,
  groupKeys,
  isEventType,
  type PartitionKeys,
  partitionKeys,
} from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { BadInputError } from '../errors.ts';
import { allPartitions, type Scope } from '../scope.ts';
import { isNoSuchKey, type Outcome, outcomes, replyOf } from '../selection/redis-replies.ts';
import {
  type GroupConsumer,
  type GroupMember,
  type GroupSummary,
  groupConsumers,
  groupMembers,
  groupSummary,
  type OldestPending,
  oldestPending,
  type PartitionLease,
  partitionLease,
  serverMs,
} from './group-replies.ts';

export interface GroupPartitionInfo {
  readonly group: string;
  readonly type: EventType;
  readonly partition: number;
  readonly stream: string;
  /** Entries in the stream now. */
  readonly streamLength: number;
  /**
   * Entries not yet delivered to the group. Undefined when Redis cannot tell (after entries
   * were deleted past the group's position, or a group set to an arbitrary id): never a
   * guessed 0.
   */
  readonly lag: number | undefined;
  /** Entries delivered and not acked. */
  readonly pending: number;
  /** The pending entry with the lowest id; undefined when nothing is pending. */
  readonly oldestPending: OldestPending | undefined;
  readonly lastDeliveredId: string;
  /** Entries the group has read in all (undefined when Redis does not know). */
  readonly entriesRead: number | undefined;
  readonly consumers: readonly GroupConsumer[];
  /** Who owns the partition now; undefined when nobody holds its lease. */
  readonly lease: PartitionLease | undefined;
  /** The last entry the group applied (its checkpoint); undefined before the first ack. */
  readonly checkpoint: string | undefined;
  /** The group's live members (heartbeats), the same for each of its partitions. */
  readonly members: readonly GroupMember[];
}

export interface InspectGroupsOptions {
  /** Only this group. */
  readonly group?: string | undefined;
  /** Only these types' streams; default all four. */
  readonly types?: readonly EventType[] | undefined;
}

interface Found {
  readonly keys: PartitionKeys;
  readonly summary: GroupSummary;
  readonly streamLength: number;
  /** False for a group created outside Tickflow under a name its keys cannot have. */
  readonly tickflowName: boolean;
}

/** One row per (stream, group), sorted by group, type (pipeline order), partition. */
export async function inspectGroups(
  redis: RedisClient,
  scope: Scope,
  options: InspectGroupsOptions = {},
): Promise<GroupPartitionInfo[]> {
  const wanted = checkedOptions(options);
  const streams = wanted.types.flatMap((type) =>
    allPartitions(scope).map((partition) => partitionKeys(scope.namespace, type, partition)),
  );
  const first = redis.pipeline().time();
  for (const keys of streams) first.call('XINFO', 'GROUPS', keys.stream).xlen(keys.stream);
  const [time, ...perStream] = await outcomes(first, 1 + streams.length * 2);
  const nowMs = serverMs(replyOf(time as Outcome));

  const found: Found[] = streams.flatMap((keys, at) => {
    const [groupsError, groups] = perStream[at * 2] as Outcome;
    if (groupsError && isNoSuchKey(groupsError)) return [];
    if (groupsError) throw groupsError;
    const streamLength = Number(replyOf(perStream[at * 2 + 1] as Outcome));
    return (groups as unknown[][])
      .map(groupSummary)
      .filter((summary) => wanted.group === undefined || summary.name === wanted.group)
      .map((summary) => ({ keys, summary, streamLength, tickflowName: isTickflowName(summary.name) }));
  });

  const second = redis.pipeline();
  for (const { keys, summary, tickflowName } of found) {
    const group = summary.name;
    second.call('XINFO', 'CONSUMERS', keys.stream, group).xpending(keys.stream, group, '-', '+', 1);
    if (tickflowName)
      second.get(keys.lease(group)).pttl(keys.lease(group)).hget(keys.checkpoint(group), 'last');
  }
  const groupNames = [...new Set(found.filter((item) => item.tickflowName).map((item) => item.summary.name))];
  for (const group of groupNames)
    second.call('ZRANGE', groupKeys(scope.namespace, group).members, '0', '-1', 'WITHSCORES');
  const replies = await outcomes(second, second.length);

  let at = 0;
  const next = () => replyOf(replies[at++] as Outcome);
  const details = found.map((item) => {
    const consumers = groupConsumers(next());
    const oldest = oldestPending(next(), nowMs);
    if (!item.tickflowName) return { item, consumers, oldest, lease: undefined, checkpoint: undefined };
    const lease = partitionLease(next(), next());
    const checkpoint = next();
    return {
      item,
      consumers,
      oldest,
      lease,
      checkpoint: typeof checkpoint === 'string' ? checkpoint : undefined,
    };
  });
  const members = new Map(groupNames.map((group) => [group, groupMembers(next(), nowMs)]));

  return details
    .map(({ item, consumers, oldest, lease, checkpoint }) => ({
      group: item.summary.name,
      type: item.keys.type,
      partition: item.keys.partition,
      stream: item.keys.stream,
      streamLength: item.streamLength,
      lag: item.summary.lag,
      pending: item.summary.pending,
      oldestPending: oldest,
      lastDeliveredId: item.summary.lastDeliveredId,
      entriesRead: item.summary.entriesRead,
      consumers,
      lease,
      checkpoint,
      members: members.get(item.summary.name) ?? [],
    }))
    .sort(
      (a, b) =>
        (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) ||
        EVENT_TYPES.indexOf(a.type) - EVENT_TYPES.indexOf(b.type) ||
        a.partition - b.partition,
    );
}

function checkedOptions(options: InspectGroupsOptions): { group: string | undefined; types: EventType[] } {
  if (options.group !== undefined && !isTickflowName(options.group)) {
    throw new BadInputError(
      'group',
      'must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit',
    );
  }
  const unknown = options.types?.find((type) => !isEventType(type));
  if (unknown !== undefined) {
    throw new BadInputError('types', `unknown type "${unknown}": expected one of ${EVENT_TYPES.join(', ')}`);
  }
  return { group: options.group, types: options.types ? [...new Set(options.types)] : [...EVENT_TYPES] };
}

function isTickflowName(group: string): boolean {
  try {
    assertGroupName(group);
    return true;
  } catch {
    return false;
  }
}
