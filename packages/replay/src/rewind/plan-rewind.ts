// The preview of a rewind: for every partition of the group, where it stands, where the
// rewind would put it and how many entries it would hand out again, with the consumers that
// look live (applying is refused while there are any). Reads only.
import { assertGroupName, EVENT_TYPES, type EventType, isEventType, partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { assertEntryId } from '../entry-ids.ts';
import { BadInputError, NotFoundError } from '../errors.ts';
import { allPartitions, type Scope } from '../scope.ts';
import { groupPosition } from './group-positions.ts';
import { DEFAULT_LIVE_WITHIN_MS, liveConsumers, serverTimeMs } from './liveness.ts';
import { resolveTarget } from './rewind-target.ts';
import type { RewindPartition, RewindPlan, RewindTarget } from './rewind-types.ts';

export interface PlanRewindOptions {
  readonly group: string;
  /** Default: every type on which the group exists. */
  readonly types?: readonly EventType[];
  readonly to: RewindTarget;
  /** A member seen within this many ms counts as live. Default 30,000. */
  readonly liveWithinMs?: number;
}

/** Plans a rewind of `group` (see RewindPlan); NotFoundError when the group exists on none of the partitions. */
export async function planRewind(
  redis: RedisClient,
  scope: Scope,
  options: PlanRewindOptions,
): Promise<RewindPlan> {
  const { group, to } = options;
  checkGroup(group);
  checkTarget(to);
  for (const type of options.types ?? []) {
    if (!isEventType(type)) {
      throw new BadInputError('types', `${JSON.stringify(type)} is not one of ${EVENT_TYPES.join(', ')}`);
    }
  }
  const types = options.types ?? EVENT_TYPES;
  const found = await Promise.all(
    types.flatMap((type) =>
      allPartitions(scope).map(async (partition) => {
        const keys = partitionKeys(scope.namespace, type, partition);
        const position = await groupPosition(redis, keys, group);
        return position === undefined ? undefined : { type, partition, keys, position };
      }),
    ),
  );
  const partitions: RewindPartition[] = [];
  for (const item of found) {
    if (item === undefined) continue;
    const { type, partition, keys, position } = item;
    const resolved = await resolveTarget(redis, keys.stream, to, position);
    partitions.push({
      type,
      partition,
      stream: keys.stream,
      lastDeliveredId: position.lastDeliveredId,
      entriesRead: position.entriesRead,
      checkpoint: position.checkpoint,
      pending: position.pending,
      maxDeletedEntryId: position.maxDeletedEntryId,
      ...resolved,
    });
  }
  if (partitions.length === 0) {
    throw new NotFoundError(
      `consumer group ${group} does not exist in ${scope.namespace} on any partition of ${types.join(', ')}`,
    );
  }
  const streams = partitions.map((p) => p.stream);
  const withinMs = options.liveWithinMs ?? DEFAULT_LIVE_WITHIN_MS;
  return {
    namespace: scope.namespace,
    group,
    to,
    partitions,
    liveConsumers: await liveConsumers(redis, scope.namespace, group, streams, withinMs),
    createdAt: await serverTimeMs(redis),
  };
}

/** BadInputError('group', ...) unless `group` is a valid group name. */
export function checkGroup(group: unknown): asserts group is string {
  try {
    assertGroupName(String(group));
    if (typeof group !== 'string') throw new RangeError(`group must be a string, got ${typeof group}`);
  } catch (error) {
    throw new BadInputError('group', error instanceof Error ? error.message : String(error));
  }
}

function checkTarget(to: unknown): asserts to is RewindTarget {
  if (to === 'start') return;
  if (typeof to === 'object' && to !== null && 'id' in to) return assertEntryId('to.id', to.id);
  if (typeof to === 'object' && to !== null && 'timeMs' in to) {
    const { timeMs } = to;
    if (typeof timeMs === 'number' && Number.isSafeInteger(timeMs) && timeMs >= 0) return;
    throw new BadInputError('to.timeMs', `must be ms since the epoch, got ${JSON.stringify(timeMs)}`);
  }
  throw new BadInputError('to', `must be { id }, { timeMs } or 'start', got ${JSON.stringify(to)}`);
}
