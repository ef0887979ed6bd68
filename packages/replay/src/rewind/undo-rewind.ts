// Undoing a group's last rewind: every partition it moved goes back to the saved position
// (last-delivered id, entries-read, checkpoint), one script each, under the same liveness
// guard as the rewind. The handlers' state is not touched, by the rewind nor by its undo.
import { partitionKeys } from '@tickflow/events';
import type { RedisClient } from '@tickflow/streams';
import { NotFoundError } from '../errors.ts';
import type { Scope } from '../scope.ts';
import { checkBy } from './apply-rewind.ts';
import { refuseWhileLive, serverTimeMs } from './liveness.ts';
import { checkGroup } from './plan-rewind.ts';
import { withRewindScripts } from './rewind-scripts.ts';
import type { RewindGuardOptions, SavedRewind } from './rewind-types.ts';
import { readSavedRewind, writeSavedRewind } from './saved-rewind.ts';

/** Puts `group` back where its last rewind found it; NotFoundError when there is nothing to undo. */
export async function undoRewind(
  redis: RedisClient,
  scope: Scope,
  group: string,
  options: RewindGuardOptions,
): Promise<SavedRewind> {
  checkGroup(group);
  checkBy(options.by);
  const record = await readSavedRewind(redis, scope, group);
  if (record === undefined || record.undone !== null) {
    throw new NotFoundError(
      `nothing to undo: group ${group} in ${scope.namespace} has no rewind that is not undone`,
    );
  }
  const streams = record.previous.map((p) => p.stream);
  await refuseWhileLive(redis, scope.namespace, group, streams, options, 'undo the rewind of');
  const scripted = withRewindScripts(redis);
  const missing: string[] = [];
  for (const p of record.previous) {
    const status = await scripted.tfReplayRewindRestore(
      p.stream,
      partitionKeys(scope.namespace, p.type, p.partition).checkpoint(group),
      group,
      p.lastDeliveredId,
      p.entriesRead === null ? '' : String(p.entriesRead),
      p.checkpoint ?? '',
    );
    if (status !== 'ok') missing.push(p.stream);
  }
  const undone: SavedRewind = {
    ...record,
    undone: { by: options.by, at: await serverTimeMs(redis), missing },
  };
  await writeSavedRewind(redis, scope, group, undone);
  return undone;
}
