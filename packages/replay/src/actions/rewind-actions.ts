// Group rewinds as the HTTP API and the CLI take them: the target as a user types it, the
// plan, and the apply and undo recorded in the audit log.
import type { RedisClient } from '@tickflow/streams';
import { audited } from '../audit/audited.ts';
import { BadInputError } from '../errors.ts';
import { applyRewind } from '../rewind/apply-rewind.ts';
import { planRewind } from '../rewind/plan-rewind.ts';
import type { RewindPlan, RewindTarget, SavedRewind } from '../rewind/rewind-types.ts';
import { undoRewind } from '../rewind/undo-rewind.ts';
import type { Scope } from '../scope.ts';
import { type ListInput, parseTypes } from '../selection/lists.ts';
import { parseTimeBound } from '../selection/time-bound.ts';

const ENTRY_ID = /^\d{1,20}-\d{1,20}$/;

/** `start`, a stream entry id (`1733412345678-0`), or a time (ISO-8601, epoch ms or ns). */
export function parseRewindTarget(text: string, parameter = 'to'): RewindTarget {
  const value = text.trim();
  if (value === 'start') return 'start';
  if (ENTRY_ID.test(value)) return { id: value };
  const ns = parseTimeBound(value, parameter);
  return { timeMs: Number(ns / 1_000_000n) };
}

export interface RewindInput {
  readonly group: string;
  readonly to: string;
  readonly types?: ListInput | undefined;
}

export function planRewindAction(redis: RedisClient, scope: Scope, input: RewindInput): Promise<RewindPlan> {
  if (typeof input.group !== 'string' || input.group === '') throw new BadInputError('group', 'is required');
  return planRewind(redis, scope, {
    group: input.group,
    to: parseRewindTarget(input.to),
    ...(input.types === undefined ? {} : { types: parseTypes(input.types) }),
  });
}

/** Applies a reviewed plan; `group.rewind` in the audit log. */
export function applyRewindAction(
  redis: RedisClient,
  scope: Scope,
  by: string,
  plan: RewindPlan,
  force: boolean,
): Promise<SavedRewind> {
  const params = { group: plan.group, to: plan.to, force, partitions: plan.partitions.length };
  return audited(redis, scope.namespace, by, 'group.rewind', params, () =>
    applyRewind(redis, scope, plan, { by, force }),
  );
}

/** Puts a group back where its last rewind found it; `group.undo` in the audit log. */
export function undoRewindAction(
  redis: RedisClient,
  scope: Scope,
  by: string,
  group: string,
  force: boolean,
): Promise<SavedRewind> {
  return audited(redis, scope.namespace, by, 'group.undo', { group, force }, () =>
    undoRewind(redis, scope, group, { by, force }),
  );
}
