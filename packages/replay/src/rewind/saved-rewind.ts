// The undo record of a group's last rewind: one JSON string at operatorKeys(ns).rewindUndo(group),
// written before the rewind moves anything (so even a rewind cut short can be undone), marked
// undone by the undo. Only the last rewind is kept: a new one replaces it.
import { operatorKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import type { Scope } from '../scope.ts';
import { checkGroup } from './plan-rewind.ts';
import { savedRewindSchema } from './rewind-schemas.ts';
import type { SavedRewind } from './rewind-types.ts';

/** The record of `group`'s last rewind (undone or not), or undefined when it never had one. */
export async function readSavedRewind(
  redis: RedisClient,
  scope: Scope,
  group: string,
): Promise<SavedRewind | undefined> {
  checkGroup(group);
  const json = await redis.get(operatorKeys(scope.namespace).rewindUndo(group));
  return json === null ? undefined : savedRewindSchema.parse(JSON.parse(json));
}

/** Replaces the record; `undefined` deletes it. */
export async function writeSavedRewind(
  redis: RedisClient,
  scope: Scope,
  group: string,
  record: SavedRewind | undefined,
): Promise<void> {
  const key = operatorKeys(scope.namespace).rewindUndo(group);
  if (record === undefined) await redis.del(key);
  else await redis.set(key, JSON.stringify(record));
}
