// Applying a reviewed rewind plan. Refused while the group has live consumers (unless
// forced) and when any partition moved since the plan (plan again). The positions the plan
// saw are saved as the undo record first; then each partition is moved by one script
// (stream + checkpoint, one slot) that checks again, atomically, that nothing moved.
import { partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { BadInputError, ConflictError } from '../errors.ts';
import type { Scope } from '../scope.ts';
import { groupPosition } from './group-positions.ts';
import { refuseWhileLive, serverTimeMs } from './liveness.ts';
import { checkGroup } from './plan-rewind.ts';
import { checkPlan } from './rewind-schemas.ts';
import { withRewindScripts } from './rewind-scripts.ts';
import type {
  RewindGuardOptions,
  RewindPartition,
  RewindPlan,
  SavedPosition,
  SavedRewind,
} from './rewind-types.ts';
import { readSavedRewind, writeSavedRewind } from './saved-rewind.ts';

/** Applies `plan` (from planRewind); returns the undo record it saved. */
export async function applyRewind(
  redis: RedisClient,
  scope: Scope,
  planInput: RewindPlan,
  options: RewindGuardOptions,
): Promise<SavedRewind> {
  const plan = checkPlan(planInput);
  checkBy(options.by);
  checkGroup(plan.group);
  if (plan.namespace !== scope.namespace) {
    throw new BadInputError('plan', `it was made for namespace ${plan.namespace}, not ${scope.namespace}`);
  }
  for (const p of plan.partitions) {
    if (
      p.partition >= scope.partitions ||
      p.stream !== partitionKeys(scope.namespace, p.type, p.partition).stream
    ) {
      throw new BadInputError('plan', `partition ${p.stream} is not one of ${scope.namespace}'s`);
    }
  }
  const { group } = plan;
  const streams = plan.partitions.map((p) => p.stream);
  await refuseWhileLive(redis, scope.namespace, group, streams, options, 'rewind');
  const moved = await movedSincePlan(redis, scope, plan);
  if (moved.length > 0) throw stale(group, moved, []);

  const earlier = await readSavedRewind(redis, scope, group);
  const record: SavedRewind = {
    namespace: scope.namespace,
    group,
    by: options.by,
    at: await serverTimeMs(redis),
    plan,
    previous: plan.partitions.map(savedPosition),
    undone: null,
  };
  await writeSavedRewind(redis, scope, group, record);

  const scripted = withRewindScripts(redis);
  const applied: RewindPartition[] = [];
  const refused: string[] = [];
  for (const p of plan.partitions) {
    const [status, detail] = await scripted.tfReplayRewindGroup(
      p.stream,
      partitionKeys(scope.namespace, p.type, p.partition).checkpoint(group),
      group,
      p.lastDeliveredId,
      p.entriesRead === null ? '' : String(p.entriesRead),
      p.checkpoint ?? '',
      p.maxDeletedEntryId,
      p.firstRedelivered ?? '',
      p.target,
      p.redeliver,
    );
    if (status === 'ok') applied.push(p);
    else refused.push(`${p.stream}: ${detail}`);
  }
  if (refused.length === 0) return record;
  // Raced by a consumer (or a trim) after the check above: the undo record must name only
  // what moved, or an undo would put back partitions the rewind never touched.
  const kept = applied.length === 0 ? earlier : { ...record, previous: applied.map(savedPosition) };
  await writeSavedRewind(redis, scope, group, kept);
  throw stale(
    group,
    refused,
    applied.map((p) => p.stream),
  );
}

/** What moved since the plan, one line per partition; empty when nothing did. */
async function movedSincePlan(redis: RedisClient, scope: Scope, plan: RewindPlan): Promise<string[]> {
  const moved = await Promise.all(
    plan.partitions.map(async (p) => {
      const now = await groupPosition(redis, partitionKeys(scope.namespace, p.type, p.partition), plan.group);
      if (now === undefined) return `${p.stream}: the group is gone`;
      const changes = (['lastDeliveredId', 'entriesRead', 'checkpoint', 'maxDeletedEntryId'] as const)
        .filter((name) => now[name] !== p[name])
        .map((name) => `${name} ${p[name]} → ${now[name]}`);
      return changes.length === 0 ? undefined : `${p.stream}: ${changes.join(', ')}`;
    }),
  );
  return moved.filter((line) => line !== undefined);
}

function stale(group: string, moved: readonly string[], applied: readonly string[]): ConflictError {
  const done =
    applied.length === 0
      ? 'nothing was rewound'
      : `rewound already (undoRewind puts them back): ${applied.join(', ')}`;
  return new ConflictError(
    `the rewind plan of group ${group} is stale, plan again: ${moved.join('; ')}; ${done}`,
  );
}

function savedPosition(p: RewindPartition): SavedPosition {
  const { type, partition, stream, lastDeliveredId, entriesRead, checkpoint } = p;
  return { type, partition, stream, lastDeliveredId, entriesRead, checkpoint };
}

export function checkBy(by: unknown): asserts by is string {
  if (typeof by !== 'string' || by.trim() === '') {
    throw new BadInputError('by', `must name who does it, got ${JSON.stringify(by)}`);
  }
}
