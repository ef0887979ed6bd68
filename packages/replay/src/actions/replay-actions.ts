// Replay runs as the HTTP API and the CLI drive them: start, continue, and the controls of a
// running run (pause, resume, step, speed, cancel), each checked the same way and recorded
// in the audit log as `replay.<action>`.
import type { RedisClient } from '@tickflow/streams';
import { audited } from '../audit/audited.ts';
import { parseSpeed } from '../engine/speed.ts';
import { ConflictError } from '../errors.ts';
import type { ReplayManager } from '../runs/replay-manager.ts';
import type { RunRecord } from '../runs/run-record.ts';

export interface ReplayStartInput {
  readonly selection: Readonly<Record<string, unknown>>;
  readonly speed: string;
  readonly target?: string | undefined;
}

export function startReplayAction(
  redis: RedisClient,
  manager: ReplayManager,
  by: string,
  input: ReplayStartInput,
): Promise<RunRecord> {
  const { selection, speed, target } = input;
  const params = { ...selection, speed, ...(target === undefined ? {} : { target }) };
  return audited(redis, manager.scope.namespace, by, 'replay.start', params, () =>
    manager.start({ selection, speed, by, ...(target === undefined ? {} : { target }) }),
  );
}

/** Continues an interrupted or failed run where its target got. */
export function continueReplayAction(
  redis: RedisClient,
  manager: ReplayManager,
  by: string,
  id: string,
): Promise<RunRecord> {
  return audited(redis, manager.scope.namespace, by, 'replay.continue', { id }, () => manager.resume(id));
}

export type ReplayControl =
  | { readonly action: 'pause' | 'resume' | 'cancel' }
  | { readonly action: 'step'; readonly count: number }
  | { readonly action: 'speed'; readonly speed: string };

/** Applies one control to a run of this process; for a step, resolves once the events are written. */
export function controlReplayAction(
  redis: RedisClient,
  manager: ReplayManager,
  by: string,
  id: string,
  control: ReplayControl,
): Promise<unknown> {
  const { action, ...params } = control;
  return audited(redis, manager.scope.namespace, by, `replay.${action}`, { id, ...params }, async () => {
    const run = manager.control(id);
    switch (control.action) {
      case 'pause':
        return run.pause();
      case 'resume':
        return run.resume();
      case 'cancel':
        return run.cancel();
      case 'speed':
        return run.setSpeed(parseSpeed(control.speed));
      case 'step':
        // A paused run hands out no step credits: the answer would wait until someone resumes.
        if (run.progress().state === 'paused') {
          throw new ConflictError(`replay run "${id}" is paused: resume it (at speed step) to step`);
        }
        return run.step(control.count);
    }
  });
}
